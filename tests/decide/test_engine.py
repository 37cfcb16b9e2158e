"""`decide` end to end on the Phase 2 facts (worked by hand), its JSON, its errors, and robustness to any facts."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.decide import Alternative, Criterion, DecisionInput, PathSpec, Range, decide
from tests.decide._facts import crit

# The six Phase 2 options: effort and timeline as their proposals state them, scores from phase-2.yaml.
STATED = {
    "o1": ((10, 20), (1, 2), 3, 1, 4),
    "o2": ((15, 25), (1, 2), 4, 2, 5),
    "o3": ((20, 40), (2, 4), 5, 4, 3),
    "o4": ((15, 25), (1, 2), 4, 3, 3),
    "o5": ((10, 20), (1, 3), 3, 4, 2),
    "o6": ((12, 18), (1, 2), 4, 2, 4),
}
CRITERIA = [
    Criterion("effort", "Effort (hours)", "cost", 0.25, source="effort"),
    Criterion("timeline", "Timeline (weeks)", "cost", 0.10, source="timeline"),
    Criterion("impact", "Impact", "benefit", 0.30),
    Criterion("risk", "Risk", "cost", 0.15),
    Criterion("roi", "ROI", "benefit", 0.20),
]
PATHS = [
    PathSpec("A", "Quick Win", ("o2",)),
    PathSpec("B", "Quality Focus", ("o2", "o6")),
    PathSpec("C", "Feature Rich", ("o1", "o3", "o5"), "parallel"),
    PathSpec("D", "Enterprise Ready", ("o2", "o4", "o6")),
    PathSpec("E", "Balanced Growth", ("o1", "o2", "o5"), "parallel"),
]


def _options() -> list[Alternative]:
    out = []
    for oid, (effort, weeks, impact, risk, roi) in STATED.items():
        e, t = Range(*effort), Range(*weeks)
        out.append(Alternative(oid, oid, {"effort": e.mid, "timeline": t.mid, "impact": impact, "risk": risk, "roi": roi}, e, t))
    return out


def _phase2(criteria: list[Criterion] = CRITERIA, budget: float | None = 60) -> DecisionInput:
    return DecisionInput(criteria, _options(), PATHS, budget)


def test_phase2_options_by_hand() -> None:
    result = decide(_phase2(), samples=500, draws=2000)
    # min-max per criterion over the six options (mid effort 15 20 30 20 15 15, mid weeks 1.5 1.5 3 1.5 2 1.5):
    #                       o1   o2   o3   o4   o5   o6
    #   effort (30-x)/15:   1    2/3  0    2/3  1    1
    #   weeks (3-x)/1.5:    1    1    0    1    2/3  1
    #   impact (x-3)/2:     0    1/2  1    1/2  0    1/2
    #   risk (4-x)/3:       1    2/3  0    1/3  0    2/3
    #   roi (x-2)/3:        2/3  1    1/3  1/3  0    2/3
    # weights .25 .10 .30 .15 .20:
    #   o1 = .25 + .1 + 0 + .15 + .1333 = .6333      o2 = .1667 + .1 + .15 + .1 + .2 = .7167
    #   o3 = .3 + .0667 = .3667                      o4 = .1667 + .1 + .15 + .05 + .0667 = .5333
    #   o5 = .25 + .0667 = .3167                     o6 = .25 + .1 + .15 + .1 + .1333 = .7333
    assert [r.scored.id for r in result.options] == ["o6", "o2", "o1", "o4", "o3", "o5"]
    assert [r.scored.score for r in result.options] == pytest.approx(
        [0.7333333, 0.7166667, 0.6333333, 0.5333333, 0.3666667, 0.3166667]
    )
    o6 = result.options[0].scored
    assert o6.contributions == pytest.approx({"effort": 0.25, "timeline": 0.1, "impact": 0.15, "risk": 0.1, "roi": 0.2 * 2 / 3})
    # o6 against o2: effort +.0833, roi -.0667, the rest equal -> carried by effort, o2 ahead on ROI
    pick = result.recommendation.option
    assert pick is not None and pick.runner_up == "o2"
    assert [r.criterion for r in pick.carried_by] == ["effort"] and [r.criterion for r in pick.against] == ["roi"]
    assert result.recommendation.option is not None and result.recommendation.option.id == "o6"
    assert not result.weights.rescaled and result.notes == ()


def test_phase2_paths_and_budget_by_hand() -> None:
    result = decide(_phase2(), samples=500, draws=2000)
    # Paths with the default aggregates (effort sum, timeline by schedule, scores mean): A = o2 alone has effort 20,
    # 1.5 weeks, impact 4, risk 2, roi 5 and every other path is no better anywhere: A dominates them all.
    assert result.pareto_paths == ("A",)
    assert result.paths[0].scored.id == "A"
    rec = result.recommendation
    assert rec.path is not None and rec.path.id == "A" and rec.path.robustness == "robust"
    assert result.sensitivity_paths is not None and result.sensitivity_paths.shares["A"] == 1.0
    assert rec.path_fits_budget is True  # 25 h at the high estimate
    # C is parallel: its weeks are the longest option's mid (3), its effort the sum (40-80 h)
    c = next(r for r in result.paths if r.alternative.id == "C")
    assert c.alternative.values["timeline"] == 3 and c.alternative.effort == Range(40, 80)
    # Budget 60 h at high estimates (20 25 40 25 20 18): o1 + o2 + o6 = 63 does not fit; the best that does is
    # o1 + o5 + o6 = 58 h, score .6333 + .3167 + .7333 = 1.6833 (o2 + o6, 43 h, is only 1.45).
    # At mid estimates (15 20 30 20 15 15) o1 + o2 + o6 = 50 h fits: .6333 + .7167 + .7333 = 2.0833.
    assert result.budget is not None
    assert result.budget.chosen == ("o1", "o5", "o6")
    assert result.budget.score == pytest.approx(1.683333333)
    mid = decide(_phase2(), samples=50, draws=100, budget_bound="mid")
    assert mid.budget is not None and mid.budget.chosen == ("o1", "o2", "o6") and mid.budget.score == pytest.approx(2.083333333)


def test_summing_benefits_changes_the_answer() -> None:
    # With impact and ROI summed over a path's options (value adds up), bigger paths can win: E just ahead of D.
    summed = [
        Criterion(c.id, c.label, c.direction, c.weight, "sum" if c.id in ("impact", "roi") else None, c.source) for c in CRITERIA
    ]
    free = decide(_phase2(summed, budget=None), samples=500, draws=2000)
    assert [r.id for r in free.paths][:2] == ["E", "D"]
    rec = free.recommendation
    assert rec.path is not None and rec.path.id == "E" and rec.path.robustness == "fragile"
    assert free.sensitivity_paths is not None
    smallest = free.sensitivity_paths.smallest_change()
    assert smallest is not None and smallest[0] == "timeline" and smallest[1].winner == "D"


def test_the_budget_rules_out_what_does_not_fit() -> None:
    summed = [
        Criterion(c.id, c.label, c.direction, c.weight, "sum" if c.id in ("impact", "roi") else None, c.source) for c in CRITERIA
    ]
    result = decide(_phase2(summed), samples=500, draws=2000)  # 60 h at the high estimate
    assert [r.id for r in result.paths] == ["E", "D", "B", "A", "C"]  # still ranked, shown as over budget
    assert [r.fits_budget for r in result.paths] == [False, False, True, True, False]  # E 65 h, D 68 h, C 80 h
    rec = result.recommendation
    assert rec.over_budget_paths == ("E", "D", "C")
    assert rec.path is not None and rec.path.id == "B" and rec.path.runner_up == "A" and rec.path_fits_budget is True
    assert result.sensitivity_paths is not None and set(result.sensitivity_paths.shares) == {"B", "A"}
    text = rec.statement.text
    assert text.startswith("Choose Path B (Quality Focus): o2 + o6, 27–43 h, within the 60 h budget even at its high estimate.")
    assert (
        "Path E (Balanced Growth) (0.642, 35–65 h) and Path D (Enterprise Ready) (0.631, 42–68 h) rank higher but are over "
        "the 60 h budget."
    ) in text
    assert rec.statement.choose_kind == "path" and rec.statement.choose_id == "B"
    # Judged at P80 instead, a path fits when 80% of the simulated totals do: E's P80 (about 56 h) fits 60 h.
    p80 = decide(DecisionInput(summed, _options(), PATHS, 60, budget_at="p80"), samples=200, draws=2000)
    assert p80.recommendation.path is not None and p80.recommendation.path.id == "E"
    assert p80.recommendation.budget_at == "p80" and "at its P80" in (p80.recommendation.budget_sentence or "")
    # Nothing fits: said so, and the best option within the budget instead.
    tight = decide(_phase2(summed, budget=19), samples=50, draws=200)
    assert tight.recommendation.path is None
    assert tight.recommendation.statement.text.startswith(
        "None of the paths fits the 19 h budget at its high estimate: the cheapest, Path A (Quick Win), needs 15–25 h."
    )
    assert tight.recommendation.option is not None and tight.recommendation.option.id == "o6"  # 12-18 h, the only fit
    assert "Choose instead o6" in tight.recommendation.statement.text
    assert "rank higher" not in tight.recommendation.statement.text  # nothing fits: said once, not per path


def _keys(obj: Any, skip: bool = False) -> set[str]:
    """Structural keys (not the ids used as keys in maps) of a JSON value."""
    out: set[str] = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not skip:
                out.add(k)
            out |= _keys(
                v, skip=k in {"values", "given", "criteria", "normalised", "contributions", "shares", "paths", "missing"}
            )
    elif isinstance(obj, list):
        for v in obj:
            out |= _keys(v)
    return out


def test_json_is_strict_and_camel_case() -> None:
    out = decide(_phase2(), samples=200, draws=500).to_json()
    text = json.dumps(out, allow_nan=False)
    assert json.loads(text) == out
    assert set(out) == {
        "method",
        "normalisation",
        "criteria",
        "weights",
        "options",
        "paths",
        "recommendation",
        "guide",
        "sensitivity",
        "pareto",
        "budget",
        "scheduleRisk",
        "notes",
    }
    bad = {k for k in _keys(out) if not re.fullmatch(r"[a-z][A-Za-z0-9]*", k)}
    assert not bad
    assert out["paths"][0]["criteria"]["impact"] == {"value": 4, "normalised": 1.0, "contribution": pytest.approx(0.3)}
    assert out["recommendation"]["path"]["id"] == "A"
    assert out["scheduleRisk"]["paths"]["A"]["p50"] == pytest.approx(20, abs=0.5)
    assert out["sensitivity"]["options"]["rule"].startswith("robust:")


def test_deterministic() -> None:
    assert (
        decide(_phase2(), samples=300, draws=300, seed=9).to_json() == decide(_phase2(), samples=300, draws=300, seed=9).to_json()
    )


def test_weights_note_and_override() -> None:
    result = decide(_phase2(), weights={"impact": 3.0}, samples=50, draws=50)
    assert result.weights.rescaled
    assert any("rescaled" in n for n in result.notes)
    assert result.weights.values["impact"] == pytest.approx(3.0 / 3.7)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": dict.fromkeys(("effort", "timeline", "impact", "risk", "roi"), 0.0)}, "every criterion weight is 0"),
        ({"weights": {"speed": 1.0}}, "unknown criteria"),
        ({"method": "ahp"}, "unknown method"),
        ({"samples": 0}, "samples"),
        ({"budget_bound": "p90"}, "bound"),
    ],
)
def test_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decide(_phase2(), **kwargs)


def test_bad_facts() -> None:
    with pytest.raises(ValueError, match="missing values"):
        decide(DecisionInput([crit("x"), crit("y")], [Alternative("a", "a", {"x": 1})]))
    with pytest.raises(ValueError, match="unknown option"):
        decide(DecisionInput([crit("x")], [Alternative("a", "a", {"x": 1})], [PathSpec("P", "P", ("b",))]))
    with pytest.raises(ValueError, match="finite number of hours"):
        decide(DecisionInput([crit("x")], [Alternative("a", "a", {"x": 1})], [], float("inf")))
    with pytest.raises(ValueError, match="duplicate path"):
        decide(DecisionInput([crit("x")], [Alternative("a", "a", {"x": 1})], [PathSpec("P", "P", ("a",))] * 2))


def test_nothing_to_decide() -> None:
    result = decide(DecisionInput([crit("x")], [], [], 10), samples=10, draws=10)
    assert result.recommendation.path is None and result.recommendation.option is None
    assert "nothing to decide" in result.recommendation.summary
    json.dumps(result.to_json(), allow_nan=False)


def test_topsis_method() -> None:
    result = decide(_phase2(), method="topsis", samples=300, draws=300)
    out = result.to_json()
    assert out["method"] == "topsis" and out["normalisation"].startswith("vector")
    assert result.recommendation.path is not None and result.recommendation.path.id == "A"  # A dominates the paths
    assert result.budget is not None  # the budget search always uses weighted-sum scores


finite = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def inputs(draw: st.DrawFn) -> tuple[DecisionInput, dict[str, float]]:
    m = draw(st.integers(1, 4))
    criteria = [
        Criterion(
            f"c{j}",
            f"C{j}",
            draw(st.sampled_from(["benefit", "cost"])),
            draw(st.floats(0, 1e6)),
            draw(st.sampled_from([None, "sum", "mean", "max", "min", "schedule"])),
        )
        for j in range(m)
    ]
    if not any(c.weight for c in criteria):  # all-zero weights are a documented ValueError
        criteria[0] = Criterion("c0", "C0", criteria[0].direction, 1.0, criteria[0].aggregate)
    n = draw(st.integers(0, 6))
    options = []
    for i in range(n):
        effort = draw(st.none() | st.tuples(st.floats(0, 1e6), st.floats(0, 1e6)).map(lambda t: Range(min(t), max(t))))
        options.append(Alternative(f"o{i}", f"O{i}", {c.id: draw(finite) for c in criteria}, effort))
    paths = []
    if options:
        for p in range(draw(st.integers(0, 4))):
            members = draw(st.lists(st.sampled_from([o.id for o in options]), min_size=1, max_size=4))
            paths.append(PathSpec(f"P{p}", f"Path {p}", tuple(members), draw(st.sampled_from(["sequential", "parallel"]))))
    weights = {c.id: draw(st.floats(0, 1e300)) for c in criteria}
    if not any(weights.values()):
        weights["c0"] = 1.0
    budget = draw(st.none() | st.floats(-10, 1e7))
    return DecisionInput(criteria, options, paths, budget), weights


@settings(max_examples=150, deadline=None)
@given(inputs(), st.sampled_from(["weighted-sum", "topsis"]), st.booleans())
def test_never_raises_on_finite_facts(case: tuple[DecisionInput, dict[str, float]], method: Any, override: bool) -> None:
    inp, weights = case
    result = decide(inp, method=method, weights=weights if override else None, samples=50, draws=100)
    json.dumps(result.to_json(), allow_nan=False)
    if inp.options:
        fitting = [r for r in result.options if r.fits_budget is not False]
        pick = result.recommendation.option
        assert (pick.id if pick else None) == (fitting[0].id if fitting else None)
        assert sorted(r.scored.rank for r in result.options) == list(range(1, len(inp.options) + 1))
