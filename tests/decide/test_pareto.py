"""Pareto sets by hand and by property."""

from __future__ import annotations

from hypothesis import given, settings

from openspec_tool.decide import Alternative, Criterion, dominated_by, pareto_front
from openspec_tool.decide.pareto import dominates
from tests.decide._facts import alt, crit, problems


def test_dominates() -> None:
    assert dominates((2, 2), (1, 2))
    assert not dominates((2, 2), (2, 2))  # equal is not dominance
    assert not dominates((3, 1), (1, 3))


def test_small_set_by_hand() -> None:
    criteria = [crit("impact"), crit("hours", "cost")]
    alts = [
        alt("A", impact=5, hours=10),  # best impact
        alt("B", impact=4, hours=5),  # cheapest
        alt("C", impact=4, hours=10),  # dominated by A (more impact, same hours) and B (same impact, fewer hours)
        alt("D", impact=3, hours=12),  # dominated by A, B and C
        alt("E", impact=5, hours=10),  # A's twin: neither dominates the other
    ]
    assert pareto_front(alts, criteria) == ["A", "B", "E"]
    assert dominated_by(alts, criteria) == {"C": ["A", "B", "E"], "D": ["A", "B", "C", "E"]}
    assert pareto_front([], criteria) == []


@settings(max_examples=150, deadline=None)
@given(problems(max_alts=10))
def test_front_is_exactly_the_undominated(problem: tuple[list[Criterion], list[Alternative]]) -> None:
    criteria, alts = problem
    front = set(pareto_front(alts, criteria))
    assert front  # a finite set always has an undominated member
    assert front == {a.id for a in alts} - set(dominated_by(alts, criteria))
