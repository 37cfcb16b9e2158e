"""The decision statement, ties and the goal-based guide, worked by hand on small facts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from openspec_tool.decide import Alternative, Criterion, DecisionInput, PathSpec, Range, decide, prepare, rank_table
from tests.decide._facts import problems
from tests.decide.test_engine import CRITERIA, PATHS, _options, _phase2


def _opt(oid: str, name: str, effort: tuple[float, float], **values: float) -> Alternative:
    e = Range(*effort)
    return Alternative(oid, oid.upper(), {"effort": e.mid, **values}, e, None, (), name)


TWO = [Criterion("effort", "Effort (hours)", "cost", 1, source="effort"), Criterion("impact", "Impact", "benefit", 1)]


def test_a_tie_is_a_tie() -> None:
    # a: effort 10, impact 1; b: effort 20, impact 2 -> normalised (1, 0) and (0, 1): 0.5 each with equal weights.
    options = [_opt("a", "Option 1", (10, 10), impact=1), _opt("b", "Option 2", (20, 20), impact=2)]
    for method in ("weighted-sum", "topsis"):
        result = decide(DecisionInput(TWO, options), method=method, samples=200, draws=100)  # type: ignore[arg-type]
        pick = result.recommendation.option
        assert pick is not None and pick.tie and pick.tied_with == ("b",), method
        assert pick.robustness is None and pick.carried_by == () and "margin" not in pick.sentence
        assert pick.sentence.startswith("Option 1 (A) and Option 2 (B) tie at 0.500 (equal to 1e-9): no option leads")
        statement = result.recommendation.statement
        assert statement.choose_id is None
        assert statement.text.startswith("Option 1 (A) and Option 2 (B) tie at 0.500 (equal to 1e-9): choose between them")
        assert pick.to_json()["tiedWith"] == ["b"]


def test_the_statement_reconciles_path_option_and_best_set() -> None:
    result = decide(_phase2(), samples=300, draws=1000)
    assert result.recommendation.statement.sentences == (
        "Choose Path A (Quick Win): o2, 15–25 h, within the 60 h budget even at its high estimate.",
        "Path B (Quality Focus), next, is ahead on no criterion: it has more Effort (27–43 h against 15–25 h).",
        "The best single option, o6 (12–18 h), is not in it; Path B (Quality Focus) includes it.",
        "The options whose scores add up to the most within 60 h are o1 + o5 + o6 (32–58 h), which no path offers.",
    )
    assert result.recommendation.summary == result.recommendation.statement.text
    assert (
        result.recommendation.statement.scales is not None and "normalised on its own" in result.recommendation.statement.scales
    )


def test_over_budget_alternatives_ranked_higher_are_named() -> None:
    summed = [
        Criterion(c.id, c.label, c.direction, c.weight, "sum" if c.id in ("impact", "roi") else None, c.source) for c in CRITERIA
    ]
    result = decide(_phase2(summed, budget=43), samples=100, draws=500)  # B = o2 + o6 = 27-43 h fits exactly
    rec = result.recommendation
    assert rec.path is not None and rec.path.id == "B"
    over = [r.id for r in result.paths if r.fits_budget is False]
    above = [r.id for r in result.paths[: [r.id for r in result.paths].index("B")]]
    assert above and set(above) <= set(over)
    assert any(s.endswith("over the 43 h budget.") for s in rec.statement.sentences)


def test_guide_by_hand() -> None:
    result = decide(_phase2(), samples=100, draws=500)
    guide = {g.criterion: (g.path.id if g.path else None, g.option.id if g.option else None) for g in result.guide}
    # Effort alone: A (20 h mid) among paths; o1, o5, o6 tie at 15 h and the other weights pick o6.
    assert guide["effort"] == ("A", "o6")
    assert guide["timeline"][1] in ("o1", "o2", "o4", "o6")
    assert guide["risk"] == ("A", "o1")  # o1 alone has risk 1
    assert guide["roi"] == ("A", "o2")  # o2 alone has ROI 5
    impact = next(g for g in result.guide if g.criterion == "impact")
    assert impact.option is not None and impact.option.id == "o3"  # impact 5
    # Paths average impact here: A, B and D all have 4 and the other weights pick A.
    assert impact.path is not None and (impact.path.id, impact.path.over_budget) == ("A", None)
    summed = [Criterion(c.id, c.label, c.direction, c.weight, "sum" if c.id == "impact" else None, c.source) for c in CRITERIA]
    added = decide(_phase2(summed), samples=100, draws=500)
    impact = next(g for g in added.guide if g.criterion == "impact")
    # Summed, D (12) has the most impact but 42-68 h is over the 60 h budget: B (8) is the answer, and D is named.
    assert impact.path is not None and (impact.path.id, impact.path.over_budget) == ("B", "D")


def test_guide_matches_the_weighted_sum_as_the_weight_approaches_one() -> None:
    options = _options()
    for k, c in enumerate(CRITERIA):
        weights = {x.id: (0.999 if x.id == c.id else 0.001 * x.weight) for x in CRITERIA}
        near = decide(DecisionInput(CRITERIA, options, PATHS, None), weights=weights, samples=10, draws=10)
        result = decide(DecisionInput(CRITERIA, options, PATHS, None), samples=10, draws=10)
        entry = result.guide[k]
        assert entry.option is not None and entry.option.id == near.options[0].id, c.id


def test_budget_at_p80_and_a_subset_table() -> None:
    inp = DecisionInput(CRITERIA, _options(), PATHS, 58, budget_at="p80")
    result = decide(inp, samples=100, draws=4000)
    d = result.row("path", "D")
    q = result.quantiles("path", "D")
    assert d is not None and q is not None and d.fits_budget == (q.p80 <= 58)
    table = prepare(_options(), CRITERIA, "topsis")
    ranked = rank_table(table, [0.2] * 5)
    sub = table.subset([1, 3])
    again = rank_table(sub, [0.2] * 5)
    full = {s.id: s.score for s in ranked}
    assert {s.id: s.score for s in again} == pytest.approx({i: full[i] for i in ("o2", "o4")})  # same ideal points


@settings(max_examples=60, deadline=None)
@given(problems(min_alts=1, max_alts=6))
def test_statement_and_guide_never_raise_and_name_the_pick(problem: tuple[list[Criterion], list[Alternative]]) -> None:
    criteria, options = problem
    with_effort = [Alternative(a.id, a.label, a.values, Range(1, 2 + i)) for i, a in enumerate(options)]
    paths = [PathSpec("P", "All", tuple(a.id for a in with_effort))]
    result = decide(DecisionInput(criteria, with_effort, paths, 4.0), samples=20, draws=20)
    rec = result.recommendation
    assert len(result.guide) == len(criteria)
    if rec.statement.choose_id is not None:
        pick = rec.path if rec.statement.choose_kind == "path" else rec.option
        assert pick is not None and pick.id == rec.statement.choose_id and not pick.tie
