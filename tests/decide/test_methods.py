"""Weights, normalisation, weighted sum and TOPSIS: by hand, against pymcdm, and by properties."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm.methods import TOPSIS, WSM  # type: ignore[import-untyped]
from pymcdm.normalizations import minmax_normalization, vector_normalization  # type: ignore[import-untyped]

from openspec_tool.decide import Alternative, Criterion, Scored, normalise_weights, topsis, weighted_sum
from openspec_tool.decide.methods import minmax_column, vector_column
from tests.decide._facts import alt, alts_from, crit, problems


def test_weights_are_rescaled_and_flagged() -> None:
    w = normalise_weights([crit("a", weight=2), crit("b", weight=3)])
    assert w.values == pytest.approx({"a": 0.4, "b": 0.6})
    assert w.rescaled
    assert w.given_sum == pytest.approx(5)
    note = w.note()
    assert note is not None and "5" in note
    same = normalise_weights([crit("a", weight=0.25), crit("b", weight=0.75)])
    assert not same.rescaled
    assert same.note() is None


def test_weight_override() -> None:
    w = normalise_weights([crit("a", weight=1), crit("b", weight=1)], {"b": 3})
    assert w.values == pytest.approx({"a": 0.25, "b": 0.75})
    assert w.given == {"a": 1, "b": 3}


@pytest.mark.parametrize(
    ("weights", "override", "message"),
    [
        ((0, 0), None, "every criterion weight is 0"),
        ((1, -1), None, "finite and >= 0"),
        ((1, math.inf), None, "finite and >= 0"),
        ((1, 1), {"zzz": 1.0}, "unknown criteria"),
        ((1, 1), {"a": 0.0, "b": 0.0}, "every criterion weight is 0"),
    ],
)
def test_bad_weights(weights: tuple[float, float], override: dict[str, float] | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_weights([crit("a", weight=weights[0]), crit("b", weight=weights[1])], override)


def test_no_criteria() -> None:
    with pytest.raises(ValueError, match="no criteria"):
        normalise_weights([])


def test_minmax_by_hand() -> None:
    # benefit: (x - 2) / (8 - 2); cost: (8 - x) / 6; all equal: 1.0
    assert minmax_column([2, 5, 8], True) == [0.0, 0.5, 1.0]
    assert minmax_column([2, 5, 8], False) == [1.0, 0.5, 0.0]
    assert minmax_column([4, 4], False) == [1.0, 1.0]
    # a span too wide for a float is still normalised
    assert minmax_column([-1e308, 0.0, 1e308], True) == [0.0, 0.5, 1.0]


def test_vector_by_hand() -> None:
    # sqrt(3^2 + 4^2) = 5: 0.6, 0.8; as a cost 1 - r: 0.4, 0.2
    assert vector_column([3, 4], True) == pytest.approx([0.6, 0.8])
    assert vector_column([3, 4], False) == pytest.approx([0.4, 0.2])
    assert vector_column([0, 0], True) == [0.0, 0.0]


def test_weighted_sum_by_hand() -> None:
    criteria = [crit("hours", "cost", 0.4), crit("value", "benefit", 0.6)]
    alts = [alt("A", hours=10, value=2), alt("B", hours=20, value=5), alt("C", hours=30, value=3)]
    # hours (cost), (30 - x) / 20: A 1, B 0.5, C 0.   value (benefit), (x - 2) / 3: A 0, B 1, C 1/3
    # A = 0.4*1 + 0.6*0 = 0.4;  B = 0.4*0.5 + 0.6*1 = 0.8;  C = 0.4*0 + 0.6*(1/3) = 0.2
    ranked = weighted_sum(alts, criteria)
    assert [s.id for s in ranked] == ["B", "A", "C"]
    assert [s.rank for s in ranked] == [1, 2, 3]
    assert [s.score for s in ranked] == pytest.approx([0.8, 0.4, 0.2])
    b = ranked[0]
    assert b.normalised == pytest.approx({"hours": 0.5, "value": 1.0})
    assert b.contributions == pytest.approx({"hours": 0.2, "value": 0.6})
    assert b.to_json()["contributions"] == b.contributions


def test_topsis_by_hand() -> None:
    criteria = [crit("value", "benefit", 0.6), crit("hours", "cost", 0.4)]
    alts = [alt("A", value=3, hours=3), alt("B", value=4, hours=4)]
    # value: 3/5, 4/5 = 0.6, 0.8;  hours: 1 - 3/5, 1 - 4/5 = 0.4, 0.2
    # weighted: A (0.36, 0.16), B (0.48, 0.08); ideal (0.48, 0.16), anti-ideal (0.36, 0.08)
    # A: D+ = 0.12, D- = 0.08 -> 0.08 / 0.20 = 0.4;  B: D+ = 0.08, D- = 0.12 -> 0.6
    ranked = topsis(alts, criteria)
    assert [s.id for s in ranked] == ["B", "A"]
    assert [s.score for s in ranked] == pytest.approx([0.6, 0.4])
    assert ranked[0].contributions == pytest.approx({"value": 0.48, "hours": 0.08})


def test_ties_are_broken_by_raw_values_then_id() -> None:
    criteria = [crit("x", weight=1), crit("y", weight=0)]
    # same score (y has no weight); b is better on y, so it ranks first despite its id
    ranked = weighted_sum([alt("a", x=1, y=0), alt("b", x=1, y=5)], criteria)
    assert [s.id for s in ranked] == ["b", "a"]
    twins = weighted_sum([alt("z", x=1, y=1), alt("m", x=1, y=1)], criteria)
    assert [s.id for s in twins] == ["m", "z"]


def test_missing_and_bad_values() -> None:
    criteria = [crit("x"), crit("y")]
    with pytest.raises(ValueError, match=r"missing values: a\.y"):
        weighted_sum([alt("a", x=1)], criteria)
    with pytest.raises(ValueError, match="finite"):
        weighted_sum([alt("a", x=1, y=math.nan)], criteria)
    with pytest.raises(ValueError, match="duplicate alternative"):
        weighted_sum([alt("a", x=1, y=1), alt("a", x=2, y=2)], criteria)
    assert weighted_sum([], criteria) == []


# --- against pymcdm -------------------------------------------------------------------------------------


def _oracle_inputs(criteria: list[Criterion], alts: list[Alternative]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    matrix = np.array([[a.values[c.id] for c in criteria] for a in alts], dtype=float)
    weights = np.array([c.weight for c in criteria], dtype=float)
    types = np.array([1 if c.benefit else -1 for c in criteria])
    return matrix, weights / weights.sum(), types


def _agree(ours: list[float], theirs: np.ndarray) -> None:
    assert np.allclose(ours, theirs, atol=1e-9, rtol=1e-9)
    # rankings agree wherever the scores are not tied
    for i in range(len(ours)):
        for j in range(len(ours)):
            if theirs[i] > theirs[j] + 1e-9:
                assert ours[i] > ours[j]


def _scores_in_input_order(ranked: list[Scored], alts: list[Alternative]) -> list[float]:
    by_id = {s.id: s.score for s in ranked}
    return [by_id[a.id] for a in alts]


@settings(max_examples=150, deadline=None)
@given(problems(min_alts=2))
def test_weighted_sum_matches_pymcdm_wsm_with_minmax(problem: tuple[list[Criterion], list[Alternative]]) -> None:
    criteria, alts = problem
    matrix, weights, types = _oracle_inputs(criteria, alts)
    theirs = WSM(normalization_function=minmax_normalization)(matrix, weights, types, validation=False)
    _agree(_scores_in_input_order(weighted_sum(alts, criteria), alts), theirs)


@settings(max_examples=150, deadline=None)
@given(problems(min_alts=2, values=st.floats(0.01, 1e4)))
def test_topsis_matches_pymcdm(problem: tuple[list[Criterion], list[Alternative]]) -> None:
    criteria, alts = problem
    matrix, weights, types = _oracle_inputs(criteria, alts)
    with np.errstate(invalid="ignore"):
        theirs = TOPSIS(normalization_function=vector_normalization)(matrix, weights, types, validation=False)
    theirs = np.where(np.isnan(theirs), 1.0, theirs)  # pymcdm divides 0 by 0 when every row is at the ideal
    _agree(_scores_in_input_order(topsis(alts, criteria), alts), theirs)


# --- properties -----------------------------------------------------------------------------------------

Ranker = Callable[..., list[Scored]]
METHODS: list[Ranker] = [weighted_sum, topsis]


@settings(max_examples=150, deadline=None)
@given(problems(), st.floats(1e-3, 1e3), st.sampled_from(METHODS))
def test_scaling_all_weights_changes_no_ranking(
    problem: tuple[list[Criterion], list[Alternative]], k: float, method: Ranker
) -> None:
    criteria, alts = problem
    scaled = {c.id: c.weight * k for c in criteria}
    assert [s.id for s in method(alts, criteria)] == [s.id for s in method(alts, criteria, scaled)]


@settings(max_examples=200, deadline=None)
@given(problems(min_alts=1), st.data(), st.sampled_from(METHODS))
def test_a_dominated_alternative_never_ranks_first(
    problem: tuple[list[Criterion], list[Alternative]], data: st.DataObject, method: Ranker
) -> None:
    criteria, alts = problem
    # add a copy of a0 made worse on one criterion: it is dominated by a0
    base = alts[0]
    j = data.draw(st.integers(0, len(criteria) - 1))
    worse = dict(base.values)
    c = criteria[j]
    worse[c.id] += -data.draw(st.floats(0.5, 100)) if c.benefit else data.draw(st.floats(0.5, 100))
    weights = {cr.id: data.draw(st.floats(0, 10)) for cr in criteria}
    if not any(weights.values()):
        weights[criteria[0].id] = 1.0
    alts = [*alts, Alternative("dominated", "dominated", worse)]
    assert method(alts, criteria, weights)[0].id != "dominated"


@settings(max_examples=150, deadline=None)
@given(problems(values=st.integers(-(10**6), 10**6).map(float)), st.data())
def test_shifting_a_cost_column_changes_nothing_in_minmax_weighted_sum(
    problem: tuple[list[Criterion], list[Alternative]], data: st.DataObject
) -> None:
    criteria, alts = problem
    j = data.draw(st.integers(0, len(criteria) - 1))
    criteria[j] = Criterion(criteria[j].id, criteria[j].label, "cost", criteria[j].weight)
    shift = float(data.draw(st.integers(-(10**6), 10**6)))
    cid = criteria[j].id
    shifted = [Alternative(a.id, a.label, {**a.values, cid: a.values[cid] + shift}) for a in alts]
    before, after = weighted_sum(alts, criteria), weighted_sum(shifted, criteria)
    assert [s.id for s in before] == [s.id for s in after]
    assert [s.score for s in before] == [s.score for s in after]


def test_alts_from_helper_shape() -> None:
    criteria = [crit("x"), crit("y")]
    assert [a.values for a in alts_from([[1, 2], [3, 4]], criteria)] == [{"x": 1, "y": 2}, {"x": 3, "y": 4}]
