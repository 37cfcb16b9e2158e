"""How the tool writes numbers of hours and weeks, and ranges of them: one module, so every front says the same.

- `num`: at most two decimals, no trailing zeros, thousands separated (`15.0` → `15`, `16350` → `16,350`);
- `range_text`: a range with its unit and an en dash (`15–25 h`, `20 h`, `1–2 weeks`, `1 week`);
- `whole_hours`: a simulated figure such as a P80, to the hour (`22 h`);
- `estimate_syntax`: an estimate as a task's attribute block takes it (`10-20h`, `3h`) — what `tasks --json`
  shows as an estimate's `text` and what `new change --from` writes into `{est: …}`, so it reads back.
"""

from __future__ import annotations

DASH = "–"  # en dash between the ends of a range
HOURS = "h"
WEEKS = "weeks"


def num(value: float) -> str:
    """At most two decimals, no trailing zeros, thousands separated: 15.0 → "15", 12.25 → "12.25", 16350 → "16,350"."""
    text = f"{round(value, 2):,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def range_text(low: float, high: float, unit: str = HOURS) -> str:
    """A range with its unit: 15–25 h, 20 h, 1–2 weeks, 1 week."""
    if unit == WEEKS:
        word = "week" if low == high == 1 else "weeks"
        return f"{num(low)} {word}" if low == high else f"{num(low)}{DASH}{num(high)} {word}"
    return f"{num(low)} {unit}" if low == high else f"{num(low)}{DASH}{num(high)} {unit}"


def hours(value: float) -> str:
    """`60 h`, `12.5 h`."""
    return f"{num(value)} {HOURS}"


def hours_range(low: float, high: float) -> str:
    return range_text(low, high, HOURS)


def weeks_range(low: float, high: float) -> str:
    return range_text(low, high, WEEKS)


def whole_hours(value: float | None) -> str:
    """A simulated figure (P50, P80) to the hour: `22 h`; None → `–`."""
    return DASH if value is None else f"{value:.0f} {HOURS}"


def _compact(value: float) -> str:
    return f"{round(value, 2):g}"


def estimate_syntax(low: float, high: float) -> str:
    """`10-20h` / `3h`: the form a task's `{est: …}` block takes, so that what is written reads back."""
    return f"{_compact(low)}h" if low == high else f"{_compact(low)}-{_compact(high)}h"
