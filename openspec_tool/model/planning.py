"""What a team's planning documents (PHASE_2_PLAN.md, docs/plan/*.md …) state about a decision: path definitions,
stated efforts and durations, restated option figures, a budget. No I/O; `read/planning_doc.py` reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from openspec_tool.model.units import range_text

Unit = Literal["h", "weeks"]
Style = Literal["heading", "bold", "table", "arrow"]
APPROX = 0.10  # "~15 hours" is read as 15 h give or take 10%


@dataclass(frozen=True)
class Figure:
    """A stated effort (hours) or duration (weeks): `~15 hours`, `10-15 h`, `1 week`."""

    low: float
    high: float
    unit: Unit
    approx: bool
    text: str  # as written
    line: int

    @property
    def span(self) -> tuple[float, float]:
        """The range the statement claims: an approximate figure ("~15 h") is read as ±10%."""
        if self.approx:
            return self.low * (1 - APPROX), self.high * (1 + APPROX)
        return self.low, self.high

    def within(self, low: float, high: float, eps: float = 1e-9) -> bool:
        a, b = self.span
        return low - eps <= a and b <= high + eps

    def agrees(self, other: Figure, eps: float = 1e-9) -> bool:
        """Two statements of one figure agree when one lies within the other."""
        a, b = other.span
        c, d = self.span
        return (a - eps <= c and d <= b + eps) or (c - eps <= a and b <= d + eps)

    def same_as(self, low: float, high: float, eps: float = 1e-9) -> bool:
        """A restated figure says the same as the original: the same range, or (a point, an approximate figure) a
        value within it."""
        if self.approx or self.low == self.high:
            return self.within(low, high, eps)
        return abs(self.low - low) <= eps and abs(self.high - high) <= eps

    @property
    def shown(self) -> str:
        return ("~" if self.approx else "") + range_text(self.low, self.high, self.unit)


@dataclass(frozen=True)
class MemberRef:
    """The options a path definition names, as written: numbers (`Option 2 + Option 6`, `Options 1, 3 and 5`,
    `(1+2+4+5+6)`), every option (`All 6`), or words to match against the options' titles ("Docs + Community")."""

    numbers: tuple[int, ...] = ()
    all_options: bool = False
    all_count: int | None = None  # "All 6": the count it states
    words: tuple[str, ...] = ()
    text: str = ""  # the text the reference was read from
    line: int = 0

    @property
    def empty(self) -> bool:
        return not self.numbers and not self.all_options and not self.words


@dataclass(frozen=True)
class PathStatement:
    """One document's statement about a path: where it is named, what it includes, and the figures it states."""

    doc: str
    id: str  # "A"
    line: int
    style: Style
    name: str = ""  # "Quick Win"
    members: MemberRef | None = None  # None: the document names the path without saying what it includes
    effort: Figure | None = None
    duration: Figure | None = None
    summary: str = ""  # its goal, when stated

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"

    @property
    def defined_at(self) -> str:
        """Where its options are named (the line of `**Recommendation**: …` under a heading, else the path's line)."""
        return f"{self.doc}:{self.members.line}" if self.members is not None and self.members.line else self.where


@dataclass(frozen=True)
class OptionStatement:
    """A document restating an option's figures (`### Option 1: Expand Documentation` + `**Effort**: 10-20 hours`)."""

    doc: str
    number: int
    line: int
    title: str = ""
    effort: Figure | None = None
    timeline: Figure | None = None

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"


@dataclass(frozen=True)
class PlanningDoc:
    path: str
    paths: tuple[PathStatement, ...] = ()
    options: tuple[OptionStatement, ...] = ()
    budget: Figure | None = None
    problem: str | None = None  # the document could not be read (one line)
