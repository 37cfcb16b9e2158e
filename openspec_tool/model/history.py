"""History of a workspace from git: lines of content since a base, task burn-ups, and what could not be computed. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


def growth_pct(initial: int | None, added: int | None) -> float | None:
    """added / initial × 100, or None when either is unknown or initial is 0."""
    if initial is None or added is None or initial == 0:
        return None
    return added / initial * 100


@dataclass(frozen=True)
class ContentLines:
    """One row of the "Lines of Content" table: a change's lines at the base and now."""

    change: str
    initial: int | None  # None: the change did not exist at the base, or the base is unknown
    current: int  # from the working tree
    added: int | None  # current - initial; all of current when the change did not exist at a known base
    growth_pct: float | None  # added / initial × 100; None when initial is 0 or unknown
    base_commit: str | None = None  # the commit "initial" was read from (full sha)
    base_date: str | None = None  # its committer date, ISO (YYYY-MM-DD)

    def to_json(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "initial": self.initial,
            "current": self.current,
            "added": self.added,
            "growth_pct": self.growth_pct,
            "base_commit": self.base_commit,
            "base_date": self.base_date,
        }


@dataclass(frozen=True)
class BurnPoint:
    commit: str | None  # full sha; None for the working tree ("now") point
    date: str  # ISO date (YYYY-MM-DD), the committer's local date
    done: int
    total: int

    @property
    def open(self) -> int:
        return self.total - self.done

    def to_json(self) -> dict[str, Any]:
        return {"commit": self.commit, "date": self.date, "done": self.done, "total": self.total}


@dataclass(frozen=True)
class BurnUp:
    change: str
    points: list[BurnPoint]  # oldest first
    velocity_per_week: float | None
    forecast: date | None
    method: str

    @property
    def done(self) -> int:
        return self.points[-1].done if self.points else 0

    @property
    def total(self) -> int:
        return self.points[-1].total if self.points else 0

    @property
    def open(self) -> int:
        return self.total - self.done

    def to_json(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "points": [p.to_json() for p in self.points],
            "done": self.done,
            "total": self.total,
            "velocity_per_week": self.velocity_per_week,
            "forecast": self.forecast.isoformat() if self.forecast else None,
            "method": self.method,
        }


@dataclass(frozen=True)
class History:
    since: str | None  # --since as given
    base: str | None  # the resolved base for display, "v1 → 0123456789ab (2025-10-01)"; None: per change (see lines_method)
    base_commit: str | None
    base_date: str | None
    lines_method: str  # what "initial" and "current" mean, for the report
    lines: list[ContentLines]  # sorted by change
    total: ContentLines  # the TOTAL row
    burnups: list[BurnUp]  # sorted by change
    notes: list[str] = field(default_factory=list)  # what could not be computed, and why

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "base": self.base,
            "base_commit": self.base_commit,
            "base_date": self.base_date,
            "lines_method": self.lines_method,
            "lines": [row.to_json() for row in self.lines],
            "total": self.total.to_json(),
            "burnups": [b.to_json() for b in self.burnups],
            "notes": list(self.notes),
        }
