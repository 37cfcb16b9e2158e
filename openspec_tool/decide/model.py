"""The decision engine's input: typed facts, no I/O and no parsing.

An *alternative* is something to rank: an option (one OpenSpec change) or a path (several options done
together). Each has one value per criterion, plus an effort range in hours and a timeline range in weeks
when known. Paths are built from their options by `build_paths`.

How a path combines its options' values for a criterion (`Criterion.aggregate`; `None` picks the default
from the criterion's fact `source`):

| source                                          | default aggregate                                   |
|-------------------------------------------------|-----------------------------------------------------|
| effort, estimate, tasks, open-tasks             | `sum` (work adds up)                                |
| timeline                                        | `schedule`: sum for a sequential path, max for a parallel one |
| progress                                        | `mean`                                              |
| none (a hand-written 1-5 score: impact, risk…)  | `mean`                                              |

`max` and `min` are there for "as risky as its riskiest option" style criteria.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["benefit", "cost"]
Aggregate = Literal["sum", "mean", "max", "min", "schedule"]
Schedule = Literal["sequential", "parallel"]
Bound = Literal["low", "mid", "high"]
BudgetAt = Literal["high", "p80"]  # an alternative fits the budget at its high estimate, or at its simulated P80
Kind = Literal["path", "option"]

AGGREGATES: tuple[Aggregate, ...] = ("sum", "mean", "max", "min", "schedule")
_SUMMED_SOURCES = frozenset({"effort", "estimate", "tasks", "open-tasks"})


def default_aggregate(source: str | None) -> Aggregate:
    """The aggregate used when a criterion names none (see the module docstring)."""
    if source in _SUMMED_SOURCES:
        return "sum"
    if source == "timeline":
        return "schedule"
    return "mean"


@dataclass(frozen=True)
class Range:
    """A closed interval of hours or weeks, `low <= high`, both finite."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError(f"a range needs finite ends, not {self.low!r}-{self.high!r}")
        if self.low > self.high:
            raise ValueError(f"a range needs low <= high, not {self.low:g}-{self.high:g}")

    @staticmethod
    def point(value: float) -> Range:
        return Range(value, value)

    @property
    def mid(self) -> float:
        return self.low / 2 + self.high / 2

    @property
    def width(self) -> float:
        return self.high - self.low

    def bound(self, which: Bound) -> float:
        """The low end, the midpoint or the high end."""
        return self.low if which == "low" else self.high if which == "high" else self.mid

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.high + other.high)

    def to_json(self) -> dict[str, float]:
        return {"low": self.low, "mid": self.mid, "high": self.high}


def sum_ranges(ranges: Iterable[Range]) -> Range:
    """The range of a total: lows add up and highs add up (empty: 0-0)."""
    low = high = 0.0
    for r in ranges:
        low += r.low
        high += r.high
    return Range(low, high)


def max_ranges(ranges: Iterable[Range]) -> Range:
    """The range of the longest of several things done side by side."""
    items = list(ranges)
    if not items:
        return Range(0.0, 0.0)
    return Range(max(r.low for r in items), max(r.high for r in items))


@dataclass(frozen=True)
class Criterion:
    """One criterion. `weight` is as given (any non-negative scale); the engine normalises weights."""

    id: str
    label: str
    direction: Direction
    weight: float
    aggregate: Aggregate | None = None
    source: str | None = None  # the fact the values come from (effort, timeline…); only picks the default aggregate

    @property
    def combine(self) -> Aggregate:
        return self.aggregate if self.aggregate is not None else default_aggregate(self.source)

    @property
    def benefit(self) -> bool:
        return self.direction == "benefit"


@dataclass(frozen=True)
class Alternative:
    """An option or a path: a value per criterion id, effort (hours) and timeline (weeks) when known.

    `members` are the option ids it stands for: an option's is itself (filled in when left empty). `name` is how a
    sentence names it ("Option 4", "Path B"; the id when empty), `label` what it is ("Deployment & Infrastructure").
    """

    id: str
    label: str
    values: Mapping[str, float]
    effort: Range | None = None
    timeline: Range | None = None
    members: tuple[str, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        if not self.members:
            object.__setattr__(self, "members", (self.id,))
        if not self.name:
            object.__setattr__(self, "name", self.id)

    @property
    def title(self) -> str:
        """ "Path B (Quality Focus)", "Option 6 (Monitoring & Observability)", or the name alone when the label adds nothing."""
        return f"{self.name} ({self.label})" if self.label and self.label not in (self.name, self.id) else self.name


@dataclass(frozen=True)
class PathSpec:
    """A pre-built path: the options it combines and whether they are done one after another or side by side."""

    id: str
    name: str
    options: tuple[str, ...]
    schedule: Schedule = "sequential"


@dataclass(frozen=True)
class DecisionInput:
    criteria: Sequence[Criterion]
    options: Sequence[Alternative]
    paths: Sequence[PathSpec] = ()
    budget_hours: float | None = None
    notes: tuple[str, ...] = field(default=())  # passed through to the result (e.g. facts the reader could not find)
    budget_at: BudgetAt = "high"  # what must fit the budget: the high estimate, or the simulated P80


def _fsum(values: Iterable[float]) -> float:
    """An exact sum that saturates at the largest float instead of overflowing (facts stay finite)."""
    items = list(values)
    try:
        return math.fsum(items)
    except OverflowError:
        scaled = math.fsum(v * 2.0**-64 for v in items) * 2.0**64
        return max(-sys.float_info.max, min(sys.float_info.max, scaled))


def _combine(values: list[float], how: Aggregate, schedule: Schedule) -> float:
    if how == "schedule":
        how = "sum" if schedule == "sequential" else "max"
    if how == "sum":
        return _fsum(values)
    if how == "max":
        return max(values)
    if how == "min":
        return min(values)
    return _fsum(v / len(values) for v in values)


def build_path(by_id: Mapping[str, Alternative], path: PathSpec, criteria: Sequence[Criterion]) -> Alternative:
    """One path as an alternative; see `build_paths`."""
    if not path.options:
        raise ValueError(f"path {path.id} names no options")
    unknown = [o for o in path.options if o not in by_id]
    if unknown:
        raise ValueError(f"path {path.id}: unknown option(s) {', '.join(unknown)}")
    members = [by_id[o] for o in dict.fromkeys(path.options)]
    values: dict[str, float] = {}
    for c in criteria:
        got = [m.values[c.id] for m in members if c.id in m.values]
        if got:
            values[c.id] = _combine(got, c.combine, path.schedule)
    efforts = [m.effort for m in members if m.effort is not None]
    effort = sum_ranges(efforts) if len(efforts) == len(members) else None
    timelines = [m.timeline for m in members if m.timeline is not None]
    timeline = None
    if len(timelines) == len(members):
        timeline = sum_ranges(timelines) if path.schedule == "sequential" else max_ranges(timelines)
    return Alternative(path.id, path.name, values, effort, timeline, tuple(m.id for m in members), f"Path {path.id}")


def build_paths(options: Sequence[Alternative], paths: Sequence[PathSpec], criteria: Sequence[Criterion]) -> list[Alternative]:
    """Paths as alternatives.

    Values: per criterion, the options' values combined by the criterion's aggregate. Effort: the sum of the
    options' effort ranges (whatever the schedule: parallel work is still work). Timeline: the sum of the
    ranges for a sequential path, the largest for a parallel one. Effort or timeline is `None` when an
    option lacks it. An option listed twice in a path counts once; an unknown option is a ValueError.
    """
    by_id = {o.id: o for o in options}
    return [build_path(by_id, p, criteria) for p in paths]
