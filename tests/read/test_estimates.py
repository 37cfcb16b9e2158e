"""Effort estimates in prose: one parser for task text, headings and `**Effort**:` metadata."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openspec_tool.model.tasks import Estimate
from openspec_tool.read.estimates import parse_estimate, split_text_estimate, text_estimate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 hours", Estimate(4, 4)),
        ("4-5 hours", Estimate(4, 5)),
        ("(~4 hours)", Estimate(4, 4)),
        ("2h", Estimate(2, 2)),
        ("2h-3h", Estimate(2, 3)),
        ("2–3 hrs", Estimate(2, 3)),
        ("30m", Estimate(0.5, 0.5)),
        ("45 min", Estimate(0.75, 0.75)),
        ("~3h", Estimate(3, 3)),
        ("1.5 days", Estimate(12, 12)),
        ("2 weeks", Estimate(80, 80)),
        ("2-3 sessions", Estimate(8, 12)),
        ("10 working days", Estimate(80, 80)),
        ("3 Days", Estimate(24, 24)),
        ("2 小时", Estimate(2, 2)),
        ("### Week 1: Setup (~6-8 hours)", Estimate(6, 8)),
        ("10-20 hours | **Timeline**: 1-2 weeks", Estimate(10, 20)),
        # an effort in hours beats a calendar span in the same text
        ("Path A: Quick Win (1 week, ~15 hours)", Estimate(15, 15)),
        ("5.1 Streaming (3 days, 24 tests)", Estimate(24, 24)),
        ("5-3 hours", Estimate(3, 5)),
    ],
)
def test_parse_estimate(text: str, expected: Estimate) -> None:
    assert parse_estimate(text) == expected


@pytest.mark.parametrize(
    "text", ["", "no numbers", "Days 1-3", "3D printing", "50MB bundle", "100 ms", "24 tests", "~150px", "1,600 lines"]
)
def test_parse_estimate_ignores_non_durations(text: str) -> None:
    assert parse_estimate(text) is None


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        ("Write tests (~2h)", Estimate(2, 2), "Write tests"),
        ("Wire the API (4-5 hours)", Estimate(4, 5), "Wire the API"),
        ("Migrate (1.5 days).", Estimate(12, 12), "Migrate"),
        ("**Backend** (20h): caching", Estimate(20, 20), "**Backend** (20h): caching"),
        ("(est. 2h) do it", Estimate(2, 2), "(est. 2h) do it"),
        ("Quick fix ~3h then review", Estimate(3, 3), "Quick fix ~3h then review"),
    ],
)
def test_split_text_estimate(text: str, expected: Estimate, rest: str) -> None:
    assert split_text_estimate(text) == (expected, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Compare expected (14 days) vs actual days added",  # prose, not an effort
        "Rewire imports (~44 files)",
        "Card with fixed width (~150px)",
        "Update status every 2 hours",
    ],
)
def test_text_estimate_does_not_read_prose_numbers(text: str) -> None:
    assert text_estimate(text) is None


def test_estimate_arithmetic_and_format() -> None:
    a, b = Estimate(4, 5), Estimate(2, 2)
    assert str(a) == "4-5h" and str(b) == "2h" and str(Estimate(0.5, 0.75)) == "0.5-0.75h"
    assert a + b == Estimate(6, 7)
    assert a.mid == 4.5
    assert a.to_json() == {"low": 4, "high": 5, "text": "4-5h"}


@given(st.text(max_size=300))
def test_estimates_never_raise(text: str) -> None:
    for est in (parse_estimate(text), text_estimate(text)):
        assert est is None or 0 <= est.low <= est.high
