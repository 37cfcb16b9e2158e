"""One way to write hours, weeks and ranges, for every front (model/units.py)."""

from __future__ import annotations

import pytest

from openspec_tool.model.tasks import Estimate
from openspec_tool.model.units import estimate_syntax, hours, num, range_text, weeks_range, whole_hours
from openspec_tool.read.estimates import parse_estimate


@pytest.mark.parametrize(
    ("low", "high", "unit", "text"),
    [
        (15, 25, "h", "15–25 h"),
        (20, 20, "h", "20 h"),
        (12.25, 19.5, "h", "12.25–19.5 h"),
        (16350, 16350, "h", "16,350 h"),
        (1, 2, "weeks", "1–2 weeks"),
        (1, 1, "weeks", "1 week"),
        (0.5, 0.5, "weeks", "0.5 weeks"),
    ],
)
def test_range_text(low: float, high: float, unit: str, text: str) -> None:
    assert range_text(low, high, unit) == text


def test_single_figures() -> None:
    assert (num(15.0), num(-0.001), hours(60), whole_hours(21.6), whole_hours(None)) == ("15", "0", "60 h", "22 h", "–")
    assert weeks_range(2, 4) == "2–4 weeks"


@pytest.mark.parametrize(("low", "high"), [(3, 3), (2, 3.5), (0.25, 0.5), (12.345, 20)])
def test_the_estimate_syntax_reads_back(low: float, high: float) -> None:
    """What `tasks --json` shows and `new change --from` writes into `{est: …}` parses to the same estimate."""
    text = estimate_syntax(low, high)
    assert str(Estimate(low, high)) == text and "–" not in text and " " not in text
    assert parse_estimate(text) == Estimate(round(low, 2), round(high, 2))
