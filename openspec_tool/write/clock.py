"""The one place a write reads the date: the local day, as the reference's formatLocalDate writes it."""

from __future__ import annotations

import datetime as dt


def today() -> str:
    """YYYY-MM-DD in local time (tests pin it by replacing this function)."""
    return dt.date.today().isoformat()
