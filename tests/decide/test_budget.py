"""The budget-optimal set: by hand, against brute force and a dynamic programme, and its speed."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.decide import Alternative, Bound, Range, best_within_budget
from openspec_tool.decide import budget as budget_module


def _opt(oid: str, low: float, high: float | None = None) -> Alternative:
    return Alternative(oid, oid, {}, Range(low, low if high is None else high))


def _hours(o: Alternative, bound: Bound) -> float:
    assert o.effort is not None
    return o.effort.bound(bound)


def _brute(options: list[Alternative], scores: dict[str, float], cap: float, bound: Bound = "high") -> float:
    best = 0.0
    for r in range(len(options) + 1):
        for combo in itertools.combinations(options, r):
            if sum(_hours(o, bound) for o in combo) <= cap + 1e-9:
                best = max(best, sum(scores[o.id] for o in combo))
    return best


def test_five_items_by_hand_and_brute_force() -> None:
    options = [_opt("a", 5, 10), _opt("b", 10, 20), _opt("c", 20, 30), _opt("d", 10, 15), _opt("e", 20, 25)]
    scores = {"a": 0.5, "b": 0.9, "c": 1.0, "d": 0.4, "e": 0.8}
    # high bounds 10, 20, 30, 15, 25; budget 50.  Candidates that fit: b+c = 50 -> 1.9, a+b+d = 45 -> 1.8,
    # b+e = 45 -> 1.7, a+d+e = 50 -> 1.7, a+c = 40 -> 1.5 …  best: {b, c}, 1.9
    got = best_within_budget(options, scores, 50)
    assert got.chosen == ("b", "c")
    assert got.score == pytest.approx(1.9) == pytest.approx(_brute(options, scores, 50))
    assert got.effort == Range(30, 50)
    assert got.exact and got.algorithm == "meet-in-the-middle"
    assert got.search_space == 32
    assert got.considered == 4 + 8  # half-subsets: 2**2 + 2**3
    # at the low bounds (5, 10, 20, 10, 20) everything but one 20 h item fits: a+b+c+d = 45 -> 2.8
    low = best_within_budget(options, scores, 50, "low")
    assert low.chosen == ("a", "b", "c", "d")
    assert low.score == pytest.approx(_brute(options, scores, 50, "low"))
    assert best_within_budget(options, scores, 50, "mid").score == pytest.approx(_brute(options, scores, 50, "mid"))


def test_skipped_free_and_worthless_options() -> None:
    options = [_opt("free", 0), Alternative("unknown", "unknown", {}), _opt("zero", 1), _opt("big", 100), _opt("ok", 5)]
    scores = {"free": 0.1, "unknown": 5.0, "zero": 0.0, "big": 9.0, "ok": 0.5}
    got = best_within_budget(options, scores, 10)
    assert got.chosen == ("free", "ok")
    assert got.skipped == ("unknown",)
    assert best_within_budget(options, scores, -5).chosen == ("free",)
    assert best_within_budget([], {}, 10).chosen == ()
    with pytest.raises(ValueError, match="bound"):
        best_within_budget(options, scores, 10, "worst")  # type: ignore[arg-type]


def test_equal_scores_prefer_less_effort() -> None:
    got = best_within_budget([_opt("a", 10), _opt("b", 4)], {"a": 1.0, "b": 1.0}, 10)
    assert got.chosen == ("b",)


def hours(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Hours to the hundredth (finer float noise would only test the 1e-9 fit tolerance)."""
    return st.floats(lo, hi).map(lambda x: round(x, 2))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(hours(0, 50), hours(0, 30), st.floats(0, 1)), max_size=12),
    hours(0, 150),
    st.sampled_from(["low", "mid", "high"]),
)
def test_matches_brute_force(items: list[tuple[float, float, float]], cap: float, bound: Bound) -> None:
    options = [_opt(f"o{i}", low, low + extra) for i, (low, extra, _) in enumerate(items)]
    scores = {f"o{i}": s for i, (_, _, s) in enumerate(items)}
    got = best_within_budget(options, scores, cap, bound)
    assert got.score == pytest.approx(_brute(options, scores, cap, bound), abs=1e-6)
    assert sum(_hours(o, bound) for o in options if o.id in got.chosen) <= cap + 1e-6


def _dp(costs: list[int], scores: list[float], cap: int) -> float:
    best = [0.0] * (cap + 1)
    for c, s in zip(costs, scores):
        for room in range(cap, c - 1, -1):
            best[room] = max(best[room], best[room - c] + s)
    return best[cap]


@pytest.mark.parametrize("n", [25, 40, 60])
def test_large_sets_match_a_dynamic_programme(n: int) -> None:
    rng = random.Random(n)
    costs = [rng.randint(1, 40) for _ in range(n)]
    scores = [rng.random() for _ in range(n)]
    cap = sum(costs) // 3
    options = [_opt(f"o{i}", c) for i, c in enumerate(costs)]
    got = best_within_budget(options, {f"o{i}": s for i, s in enumerate(scores)}, cap)
    assert got.algorithm == ("meet-in-the-middle" if n <= budget_module.MEET_IN_THE_MIDDLE_MAX else "branch-and-bound")
    assert got.exact
    assert got.score == pytest.approx(_dp(costs, scores, cap), abs=1e-9)
    assert got.effort.high <= cap


def test_twenty_options_within_a_second() -> None:
    rng = random.Random(20)
    options = [_opt(f"o{i}", rng.uniform(5, 20), rng.uniform(20, 60)) for i in range(20)]
    scores = {o.id: rng.random() for o in options}
    start = time.perf_counter()
    got = best_within_budget(options, scores, 200)
    assert time.perf_counter() - start < 1.0
    assert got.exact and got.search_space == 2**20
