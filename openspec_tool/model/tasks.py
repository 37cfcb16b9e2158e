"""Tasks of a planning document: estimates, tasks and the list a document yields (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, NamedTuple

Source = Literal["checkbox", "block"]

# Lower rank = more urgent; unknown words sort after the known ones, no priority last.
_PRIORITY_RANK = {
    "critical": 0, "blocker": 0, "urgent": 0, "p0": 0,
    "high": 1, "p1": 1,
    "medium": 2, "normal": 2, "p2": 2,
    "low": 3, "p3": 3,
}  # fmt: skip


def priority_rank(priority: str | None) -> int:
    if priority is None:
        return 5
    return _PRIORITY_RANK.get(priority.lower(), 4)


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


@dataclass(frozen=True, slots=True)
class Estimate:
    """An effort range in hours."""

    low: float
    high: float

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(self.low + other.low, self.high + other.high)

    def __str__(self) -> str:
        if self.low == self.high:
            return f"{_num(self.low)}h"
        return f"{_num(self.low)}-{_num(self.high)}h"

    def to_json(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "text": str(self)}


ZERO = Estimate(0.0, 0.0)


class Task(NamedTuple):
    """One task. A NamedTuple, not a frozen dataclass: a workspace yields tens of thousands, and a frozen
    dataclass takes ten times longer to create (each field set through `object.__setattr__`)."""

    id: str  # as written (`1.2`, `T-1`, `E1.1`) or generated `L<line>`
    title: str  # the text without id, attribute block or decoration
    text: str  # the item's text as written (after the checkbox, or the heading)
    done: bool
    marker: str  # the raw checkbox character ("" for `[ ]` and for blocks)
    section: str | None  # nearest heading above that is not itself a task
    depth: int  # 0 = top level
    line: int  # 1-based
    parent: str | None = None
    priority: str | None = None
    estimate: Estimate | None = None
    dependencies: tuple[str, ...] = ()
    assignee: str | None = None
    acceptance: tuple[str, ...] = ()
    definition_of_done: tuple[str, ...] = ()
    source: Source = "checkbox"

    @property
    def generated_id(self) -> bool:
        return self.id == f"L{self.line}" or self.id.startswith(f"L{self.line}-")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "done": self.done,
            "marker": self.marker,
            "section": self.section,
            "depth": self.depth,
            "line": self.line,
            "parent": self.parent,
            "priority": self.priority,
            "estimate": self.estimate.to_json() if self.estimate else None,
            "dependencies": list(self.dependencies),
            "assignee": self.assignee,
            "acceptanceCriteria": list(self.acceptance),
            "definitionOfDone": list(self.definition_of_done),
            "source": self.source,
        }


@dataclass(frozen=True)
class TaskList:
    path: str
    title: str | None
    tasks: tuple[Task, ...]
    stated_total: int | None = None  # from `**Total Tasks**: N`
    stated_total_line: int | None = None
    checkbox_count: int = 0  # checkbox lines exactly as the reference CLI counts them
    checkbox_done: int = 0
    notes: tuple[str, ...] = field(default=())  # what the reader repaired or guessed (e.g. mojibake)

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.done)

    @property
    def progress(self) -> float:
        """Done fraction in [0, 1]; 0 for an empty list."""
        return self.done / self.total if self.tasks else 0.0

    @cached_property
    def _index(self) -> dict[str, Task]:
        index: dict[str, Task] = {}
        for t in self.tasks:
            index.setdefault(t.id, t)
        return index

    def by_id(self, task_id: str) -> Task | None:
        return self._index.get(task_id)

    def children(self, task_id: str) -> list[Task]:
        return [t for t in self.tasks if t.parent == task_id]

    def estimate_total(self) -> Estimate | None:
        """Sum of the estimates, each task counted unless an ancestor has one (a rollup is not added
        to its own breakdown); None when no task has an estimate."""
        total: Estimate | None = None
        for t in self.tasks:
            if t.estimate is None or self._estimated_ancestor(t):
                continue
            total = t.estimate if total is None else total + t.estimate
        return total

    def _estimated_ancestor(self, task: Task) -> bool:
        seen = {task.id}
        parent = self.by_id(task.parent) if task.parent else None
        while parent is not None and parent.id not in seen:
            if parent.estimate is not None:
                return True
            seen.add(parent.id)
            parent = self.by_id(parent.parent) if parent.parent else None
        return False
