"""Velocity and forecast of a burn-up (pure arithmetic on its points, no I/O)."""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction

from openspec_tool.model.history import BurnPoint, BurnUp

WINDOW_DAYS = 28
_FORECAST = "forecast = the last point's date + open tasks ÷ velocity weeks, rounded up to whole days (not today's date)"
METHOD_WINDOW = f"velocity = tasks completed in the last 28 days up to the last point ÷ 4; {_FORECAST}"
METHOD_SPAN = (
    "velocity = tasks completed from the first to the last point ÷ (days between them ÷ 7), the history being shorter than "
    f"28 days; {_FORECAST}"
)


def _day(point: BurnPoint) -> date:
    return date.fromisoformat(point.date)


def burnup(change: str, points: list[BurnPoint]) -> tuple[BurnUp, str | None]:
    """The burn-up of `points` (oldest first) with its velocity and forecast, and a note when either is unknown."""
    if not points:
        return BurnUp(change, [], None, None, METHOD_SPAN), f"{change}: no tasks.md, so no burn-up"
    last = points[-1]
    last_day = _day(last)
    window_start = last_day - timedelta(days=WINDOW_DAYS)
    if _day(points[0]) <= window_start:
        method = METHOD_WINDOW
        # The state at the window's start is the last point on or before it.
        start = [p for p in points if _day(p) <= window_start][-1]
        velocity: Fraction | None = Fraction(last.done - start.done, 4)
    else:
        method = METHOD_SPAN
        start = points[0]
        days = (last_day - _day(start)).days
        velocity = Fraction((last.done - start.done) * 7, days) if days else None

    velocity_out = float(velocity) if velocity is not None else None
    note: str | None = None
    forecast: date | None = None
    if last.total == 0:
        note = f"{change}: tasks.md has no tasks, so no velocity or forecast"
        velocity_out = None
    elif last.open == 0:
        note = f"{change}: all {last.total} tasks done, so no forecast"
    elif velocity is None:
        note = f"{change}: no velocity or forecast: all burn-up points are on {last.date}"
    elif velocity <= 0:
        span = "in the last 28 days" if method == METHOD_WINDOW else f"since {start.date}"
        note = f"{change}: no forecast: no tasks completed {span} (velocity {float(velocity):g}/week)"
    else:
        forecast = last_day + timedelta(days=math.ceil(last.open * 7 / velocity))
    return BurnUp(change, points, velocity_out, forecast, method), note
