"""A workspace as one model: its changes (proposal, tasks, design, deltas, metadata) and specs. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openspec_tool.model.proposal import Proposal
from openspec_tool.model.tasks import Estimate, TaskList


def stage_of(checkbox_done: int, checkbox_total: int, archived: bool = False) -> str:
    """draft (no tasks yet or none done), in-progress, complete, or archived — by checkboxes, as `openspec list`."""
    if archived:
        return "archived"
    if checkbox_total and checkbox_done == checkbox_total:
        return "complete"
    if checkbox_done:
        return "in-progress"
    return "draft"


@dataclass(frozen=True)
class Change:
    id: str
    path: str  # folder, relative to the workspace root
    archived: bool = False
    proposal: Proposal | None = None
    tasks: TaskList | None = None
    has_design: bool = False
    delta_specs: tuple[str, ...] = ()  # capability ids with a delta spec
    metadata: dict[str, Any] = field(default_factory=dict)  # .openspec.yaml, when it parses
    problems: tuple[str, ...] = ()  # one line each: files that could not be read or parsed

    @property
    def title(self) -> str:
        return (self.proposal.title if self.proposal and self.proposal.title else "") or self.id

    @property
    def effort(self) -> Estimate | None:
        """Hours: `.openspec.yaml`'s `effort` wins over the proposal's `**Effort**`."""
        meta = self.metadata.get("_effort")
        if isinstance(meta, Estimate):
            return meta
        return self.proposal.effort if self.proposal else None

    @property
    def timeline_weeks(self) -> Estimate | None:
        meta = self.metadata.get("_timeline")
        if isinstance(meta, Estimate):
            return meta
        return self.proposal.timeline_weeks if self.proposal else None

    @property
    def priority(self) -> str | None:
        value = self.metadata.get("priority")
        if isinstance(value, str):
            return value
        return self.proposal.priority if self.proposal else None

    # Two counts, named apart everywhere: `checkbox_*` is the reference CLI's count of checkbox lines (what
    # `openspec list` shows); `task_*` counts work items (a rich task block with its acceptance checklist is one).

    @property
    def checkbox_total(self) -> int:
        return self.tasks.checkbox_count if self.tasks else 0

    @property
    def checkbox_done(self) -> int:
        return self.tasks.checkbox_done if self.tasks else 0

    @property
    def task_total(self) -> int:
        return self.tasks.total if self.tasks else 0

    @property
    def task_done(self) -> int:
        return self.tasks.done if self.tasks else 0

    @property
    def progress(self) -> float:
        return self.task_done / self.task_total if self.task_total else 0.0

    @property
    def stage(self) -> str:
        return stage_of(self.checkbox_done, self.checkbox_total, self.archived)


@dataclass(frozen=True)
class SpecInfo:
    id: str
    path: str
    title: str
    requirement_count: int
    requirements: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (requirement title, scenario titles)


@dataclass(frozen=True)
class Workspace:
    root: str
    changes: tuple[Change, ...]
    specs: tuple[SpecInfo, ...] = ()
    archived: tuple[Change, ...] = ()
    problems: tuple[str, ...] = ()

    def change(self, change_id: str) -> Change | None:
        return next((c for c in self.changes if c.id == change_id), None)
