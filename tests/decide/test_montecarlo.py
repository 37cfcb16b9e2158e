"""Schedule risk: percentiles by hand, degenerate ranges, reproducibility, the triangular shape."""

from __future__ import annotations

import math
import random

import pytest

from openspec_tool.decide import Alternative, PathSpec, Quantiles, Range, schedule_risk
from openspec_tool.decide.montecarlo import percentile, quantiles, triangular_draws


def _opt(oid: str, low: float, high: float) -> Alternative:
    return Alternative(oid, oid, {}, Range(low, high))


def test_percentile_by_hand() -> None:
    # positions p * (n - 1): 0.5 * 4 = 2 -> 30; 0.8 * 4 = 3.2 -> 40 + 0.2 * (50 - 40) = 42
    values = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert percentile(values, 0.5) == 30
    assert percentile(values, 0.8) == pytest.approx(42)
    assert percentile(values, 1.0) == 50
    assert percentile([7.0], 0.8) == 7
    assert quantiles([1.0, 2.0, 3.0, 4.0]) == pytest.approx(quantiles([4.0, 1.0, 3.0, 2.0]))
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_degenerate_ranges_give_their_value() -> None:
    options = [_opt("a", 12, 12), _opt("b", 30, 30)]
    risk = schedule_risk(options, [PathSpec("A", "A", ("a",)), PathSpec("AB", "AB", ("a", "b"), "parallel")], draws=500)
    assert risk.paths["A"] == Quantiles(12, 12, 12)
    q = risk.paths["AB"]
    assert q is not None and (q.mean, q.p50, q.p80) == (42, 42, 42)  # 12 + 30, whatever the schedule


def test_reproducible_with_a_seed() -> None:
    options = [_opt("a", 10, 20), _opt("b", 5, 40)]
    paths = [PathSpec("P", "P", ("a", "b"))]
    assert schedule_risk(options, paths, draws=2000, seed=4) == schedule_risk(options, paths, draws=2000, seed=4)
    assert schedule_risk(options, paths, draws=2000, seed=4) != schedule_risk(options, paths, draws=2000, seed=5)
    # an option's draws depend only on the seed and its id: another path does not change P's numbers
    more = schedule_risk([*options, _opt("c", 1, 2)], [PathSpec("Q", "Q", ("c",)), *paths], draws=2000, seed=4)
    assert more.paths["P"] == schedule_risk(options, paths, draws=2000, seed=4).paths["P"]


def test_symmetric_triangular_quantiles() -> None:
    # triangular(0, 2, mode 1): mean = median = 1; P80 solves 1 - (2 - x)^2 / 2 = 0.8 -> x = 2 - sqrt(0.4) ≈ 1.368
    q = quantiles(triangular_draws(Range(0, 2), 20_000, random.Random(1)))
    assert q.mean == pytest.approx(1, abs=0.02)
    assert q.p50 == pytest.approx(1, abs=0.02)
    assert q.p80 == pytest.approx(2 - math.sqrt(0.4), abs=0.02)
    draws = triangular_draws(Range(3, 9), 1000, random.Random(2), mode=4)
    assert min(draws) >= 3 and max(draws) <= 9


def test_sum_of_two_paths_shares_option_draws() -> None:
    options = [_opt("a", 10, 20)]
    risk = schedule_risk(options, [PathSpec("X", "X", ("a",)), PathSpec("Y", "Y", ("a",), "parallel")], draws=1000)
    assert risk.paths["X"] == risk.paths["Y"]


def test_missing_effort_and_bad_input() -> None:
    options = [_opt("a", 1, 2), Alternative("b", "b", {})]
    risk = schedule_risk(options, [PathSpec("P", "P", ("a", "b"))], draws=10)
    assert risk.paths == {"P": None}
    assert risk.missing == {"P": ("b",)}
    assert risk.to_json()["paths"] == {"P": None}
    with pytest.raises(ValueError, match="unknown option"):
        schedule_risk(options, [PathSpec("P", "P", ("zz",))])
    with pytest.raises(ValueError, match="draws"):
        schedule_risk(options, [], draws=0)
