"""The state of one scan of a planning document: the open headings, the open label scopes, and what a task
gathers after its own line."""

from __future__ import annotations

from openspec_tool.model.tasks import Estimate
from openspec_tool.read.task_text import LabelKind


class Head:
    """An open heading (or bold paragraph heading): its section, and the task block it became, if any."""

    __slots__ = ("block", "first_check", "first_task", "level", "line", "nonwork", "outer_section", "pending", "raw", "title")

    def __init__(
        self, level: int, raw: str, title: str, line: int, nonwork: bool, outer: str | None, task: int, check: int
    ) -> None:
        self.level, self.raw, self.title, self.line, self.nonwork = level, raw, title, line, nonwork
        self.outer_section, self.first_task, self.first_check, self.block = outer, task, check, -1
        self.pending: list[tuple[LabelKind, str]] | None = None  # labels read before the heading became a task


class Context:
    """An open `**Acceptance Criteria**:`-style label: the items in its scope belong to `owner` (a task index)."""

    __slots__ = ("bullet", "indent", "kind", "owner", "slot")

    def __init__(self, kind: LabelKind, owner: int, indent: int, bullet: bool, slot: int = -1) -> None:
        self.kind, self.owner, self.indent, self.bullet = kind, owner, indent, bullet
        self.slot = slot  # the owner's place in the stack of open items; -1 for a task block (a heading ends it)

    def holds(self, indent: int) -> bool:
        return indent > self.indent if self.bullet else indent >= self.indent


class Extra:
    """Metadata gathered for one task after its own line."""

    __slots__ = (
        "acceptance", "assignee", "blocks", "checks", "deps", "dod", "duration", "estimate", "priority", "prose",
        "size", "status",
    )  # fmt: skip

    def __init__(self) -> None:
        self.priority: str | None = None
        self.estimate: Estimate | None = None
        self.duration: Estimate | None = None
        self.size: str | None = None
        self.deps: list[str] = []
        self.prose: list[str] = []
        self.blocks: list[str] = []
        self.assignee: str | None = None
        self.acceptance: list[str] = []
        self.dod: list[str] = []
        self.checks: list[bool] = []
        self.status: bool | None = None
