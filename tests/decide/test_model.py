"""Ranges, default aggregates and building paths from options."""

from __future__ import annotations

import pytest

from openspec_tool.decide import PathSpec, Range, build_paths, default_aggregate
from openspec_tool.decide.model import max_ranges, sum_ranges
from tests.decide._facts import alt, crit


def test_range_helpers() -> None:
    r = Range(10, 20)
    assert r.mid == 15
    assert r.width == 10
    assert (r.bound("low"), r.bound("mid"), r.bound("high")) == (10, 15, 20)
    assert r + Range(1, 2) == Range(11, 22)
    assert Range.point(3) == Range(3, 3)
    assert r.to_json() == {"low": 10, "mid": 15, "high": 20}
    assert sum_ranges([Range(1, 2), Range(3, 5)]) == Range(4, 7)
    assert sum_ranges([]) == Range(0, 0)
    # max of ranges: the longest side-by-side item, low with low and high with high
    assert max_ranges([Range(1, 6), Range(3, 5)]) == Range(3, 6)


@pytest.mark.parametrize(("low", "high"), [(2, 1), (float("nan"), 1), (0, float("inf"))])
def test_range_rejects_bad_ends(low: float, high: float) -> None:
    with pytest.raises(ValueError, match="range"):
        Range(low, high)


def test_default_aggregates() -> None:
    assert default_aggregate("effort") == "sum"
    assert default_aggregate("tasks") == "sum"
    assert default_aggregate("timeline") == "schedule"
    assert default_aggregate("progress") == "mean"
    assert default_aggregate(None) == "mean"
    assert crit("impact").combine == "mean"
    assert crit("effort", "cost", source="effort").combine == "sum"
    assert crit("risk", "cost", aggregate="max").combine == "max"


def test_an_option_is_its_own_member() -> None:
    assert alt("o1", x=1).members == ("o1",)


def test_build_paths_aggregates_by_criterion() -> None:
    criteria = [
        crit("effort", "cost", source="effort"),  # sum
        crit("weeks", "cost", source="timeline"),  # schedule: sum sequential, max parallel
        crit("impact"),  # mean
        crit("risk", "cost", aggregate="max"),
        crit("ease", aggregate="min"),
    ]
    o1 = alt("o1", (10, 20), (1, 2), effort=15, weeks=1.5, impact=3, risk=1, ease=5)
    o2 = alt("o2", (8, 16), (2, 4), effort=12, weeks=3, impact=4, risk=2, ease=2)
    seq, par = build_paths(
        [o1, o2], [PathSpec("S", "Seq", ("o1", "o2"), "sequential"), PathSpec("P", "Par", ("o1", "o2"), "parallel")], criteria
    )
    # sequential: effort 15 + 12 = 27, weeks 1.5 + 3 = 4.5, impact (3 + 4) / 2 = 3.5, risk max 2, ease min 2
    assert seq.values == {"effort": 27, "weeks": 4.5, "impact": 3.5, "risk": 2, "ease": 2}
    assert seq.effort == Range(18, 36)
    assert seq.timeline == Range(3, 6)
    assert seq.members == ("o1", "o2")
    assert seq.label == "Seq"
    # parallel: the same work, but the weeks are the longer option's (max 1.5, 3 = 3; range max(1,2)-max(2,4))
    assert par.values["weeks"] == 3
    assert par.values["effort"] == 27
    assert par.effort == Range(18, 36)
    assert par.timeline == Range(2, 4)


def test_build_paths_missing_effort_and_unknown_option() -> None:
    criteria = [crit("x")]
    o1, o2 = alt("o1", (1, 2), x=1), alt("o2", None, x=2)
    (p,) = build_paths([o1, o2], [PathSpec("P", "P", ("o1", "o2"))], criteria)
    assert p.effort is None
    assert p.timeline is None
    with pytest.raises(ValueError, match="unknown option"):
        build_paths([o1], [PathSpec("P", "P", ("o1", "nope"))], criteria)
    with pytest.raises(ValueError, match="names no options"):
        build_paths([o1], [PathSpec("P", "P", ())], criteria)


def test_an_option_listed_twice_counts_once() -> None:
    (p,) = build_paths([alt("o1", (1, 2), x=1)], [PathSpec("P", "P", ("o1", "o1"))], [crit("x", source="effort")])
    assert p.values["x"] == 1
    assert p.effort == Range(1, 2)
