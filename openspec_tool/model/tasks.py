"""Tasks of a planning document: estimates, tasks and the list a document yields (no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, NamedTuple

from openspec_tool.model.units import estimate_syntax

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


_PRIORITY_WORD = re.compile(r"[A-Za-z]+\d?")


def priority_value(priority: str | None) -> float | None:
    """A stated priority as a number a decision can weigh (higher is more urgent): Critical (also Blocker, Urgent)
    and P0 are 4, High and P1 3, Medium (Normal) and P2 2, Low and P3 1. The first such word counts (`High (P1)`,
    `🔴 Critical`); None when there is none."""
    if not priority:
        return None
    for word in _PRIORITY_WORD.findall(priority):
        rank = _PRIORITY_RANK.get(word.lower())
        if rank is not None:
            return float(4 - rank)
    return None


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
        return estimate_syntax(self.low, self.high)

    def to_json(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "text": str(self)}


ZERO = Estimate(0.0, 0.0)


class TaskDetails(NamedTuple):
    """What few tasks carry, kept out of `Task` so the ten thousand plain ones stay small."""

    ref: str | None = None  # the id as written, when the task's id differs (a duplicate: `POST-1@L1599`)
    marked: bool | None = None  # the task's own mark, when it disagrees with `done` (a container)
    prose: tuple[str, ...] = ()  # dependency text that names no task id, as written
    unresolved: tuple[str, ...] = ()  # the part of `prose` no rule could turn into tasks
    size: str | None = None  # a T-shirt size (`M`) written without hours
    assignee: str | None = None
    acceptance: tuple[str, ...] = ()
    definition_of_done: tuple[str, ...] = ()


class Task(NamedTuple):
    """One work item. A NamedTuple, not a frozen dataclass: a workspace yields tens of thousands, and a frozen
    dataclass of these 14 fields takes six times longer to create (1.4 µs against 0.23 µs: each field is set
    through `object.__setattr__`)."""

    id: str  # as written (`1.2`, `T-1`, `E1.1`), `L<line>` when none is written, `<id>@L<line>` for a repeat
    title: str  # the text without id, attribute block or decoration
    text: str  # the item's text as written (after the checkbox, or the heading)
    done: bool  # a container (a task with subtasks) is done when its subtasks are, whatever its own mark
    marker: str  # the raw checkbox character ("" for `[ ]` and for blocks)
    section: str | None  # nearest heading above that is not itself a task
    depth: int  # 0 = top level
    line: int  # 1-based
    parent: str | None = None
    priority: str | None = None
    estimate: Estimate | None = None
    dependencies: tuple[str, ...] = ()  # task ids as written (a repeated id names every task that carries it)
    source: Source = "checkbox"
    details: TaskDetails | None = None  # what few tasks carry (kept out of the fields: tasks come by the million)

    @property
    def assignee(self) -> str | None:
        return self.details.assignee if self.details else None

    @property
    def acceptance(self) -> tuple[str, ...]:
        return self.details.acceptance if self.details else ()

    @property
    def definition_of_done(self) -> tuple[str, ...]:
        return self.details.definition_of_done if self.details else ()

    @property
    def generated_id(self) -> bool:
        return self.id[:1] == "L" and (self.id == f"L{self.line}" or self.id.startswith(f"L{self.line}-"))

    @property
    def ref(self) -> str | None:
        """The id as the document writes it (what dependencies name); None when the id is generated."""
        if self.details is not None and self.details.ref is not None:
            return self.details.ref
        return None if self.generated_id else self.id

    @property
    def prose_dependencies(self) -> tuple[str, ...]:
        return self.details.prose if self.details else ()

    @property
    def unresolved_dependencies(self) -> tuple[str, ...]:
        return self.details.unresolved if self.details else ()

    @property
    def marked(self) -> bool:
        """The task's own mark (its checkbox, status or heading), which a container's `done` may overrule."""
        if self.details is not None and self.details.marked is not None:
            return self.details.marked
        return self.done

    @property
    def size(self) -> str | None:
        return self.details.size if self.details else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ref": self.ref,
            "title": self.title,
            "text": self.text,
            "done": self.done,
            "marked": self.marked,
            "marker": self.marker,
            "section": self.section,
            "depth": self.depth,
            "line": self.line,
            "parent": self.parent,
            "priority": self.priority,
            "estimate": self.estimate.to_json() if self.estimate else None,
            "size": self.size,
            "dependencies": list(self.dependencies),
            "proseDependencies": list(self.prose_dependencies),
            "unresolvedDependencies": list(self.unresolved_dependencies),
            "assignee": self.assignee,
            "acceptanceCriteria": list(self.acceptance),
            "definitionOfDone": list(self.definition_of_done),
            "source": self.source,
        }


class Check(NamedTuple):
    """An acceptance check: a checkbox that is not work — a task's acceptance criterion or definition of done,
    or an item of a section such as Success Criteria, Definition of Done or Risk Register."""

    line: int
    text: str
    done: bool
    section: str | None
    owner: str | None  # the task whose criterion it is; None for a section's checklist
    ref: str | None = None  # an id written on it (`**AC1**`), kept so no written id is lost

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "text": self.text,
            "done": self.done,
            "section": self.section,
            "task": self.owner,
            "ref": self.ref,
        }


class StatedEstimate(NamedTuple):
    """An estimate a planning document states for more than one task: a section heading's `(4-5 hours)`, the
    `**Total**` row of a time-allocation table, a summary's `**Estimated Effort**: 56 hours`."""

    text: str
    estimate: Estimate
    line: int
    kind: Literal["section", "total"]
    level: int = 0  # the heading level of a section estimate

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "estimate": self.estimate.to_json(), "line": self.line, "kind": self.kind}


@dataclass(frozen=True)
class TaskList:
    """A planning document's tasks. Counts: `checkbox_count` is the reference CLI's count of checkbox lines
    (`openspec list`); `total` counts work items (`tasks`); `checks` are acceptance checks shown apart."""

    path: str
    title: str | None
    tasks: tuple[Task, ...]
    stated_total: int | None = None  # the first `**Total Tasks**: N` (or `| **Total Tasks** | N |`)
    stated_total_line: int | None = None
    checkbox_count: int = 0  # checkbox lines exactly as the reference CLI counts them
    checkbox_done: int = 0
    notes: tuple[str, ...] = field(default=())  # what the reader repaired, guessed or found contradictory
    checks: tuple[Check, ...] = ()
    stated_totals: tuple[tuple[int, int], ...] = ()  # every stated task total: (count, line)
    estimates: tuple[StatedEstimate, ...] = ()
    fenced: int = 0  # checkboxes inside code fences: counted by the reference, examples to a reader

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.done)

    @property
    def checks_done(self) -> int:
        return sum(1 for c in self.checks if c.done)

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

    @cached_property
    def _children(self) -> dict[str, list[Task]]:
        out: dict[str, list[Task]] = {}
        for t in self.tasks:
            if t.parent is not None:
                out.setdefault(t.parent, []).append(t)
        return out

    def by_id(self, task_id: str) -> Task | None:
        return self._index.get(task_id)

    def children(self, task_id: str) -> list[Task]:
        return self._children.get(task_id, [])

    def leaves(self) -> list[Task]:
        """The tasks without subtasks: the work itself."""
        return [t for t in self.tasks if t.id not in self._children]

    def estimate_total(self) -> Estimate | None:
        """Sum of the estimates, each task counted unless an ancestor has one (a rollup is not added
        to its own breakdown); None when no task has an estimate."""
        total: Estimate | None = None
        for t in self.tasks:
            if t.estimate is None or self._estimated_ancestor(t):
                continue
            total = t.estimate if total is None else total + t.estimate
        return total

    def section_estimates(self) -> list[StatedEstimate]:
        """The section estimates at the shallowest heading level that has any (`### Section 1: Docker (4-5 hours)`)."""
        headed = [e for e in self.estimates if e.kind == "section"]
        if not headed:
            return []
        level = min(e.level for e in headed)
        return [e for e in headed if e.level == level]

    def _estimated_ancestor(self, task: Task) -> bool:
        seen = {task.id}
        parent = self.by_id(task.parent) if task.parent else None
        while parent is not None and parent.id not in seen:
            if parent.estimate is not None:
                return True
            seen.add(parent.id)
            parent = self.by_id(parent.parent) if parent.parent else None
        return False
