"""What `openspec list` reports: changes with task progress, specs with requirement counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openspec_tool.read.discover import CHANGES, SPECS, change_ids, discover_spec_files, nested_changes_in
from openspec_tool.read.schemas import tracked_task_files
from openspec_tool.read.task_lines import count_tasks
from openspec_tool.read.tree import PathOutside, Tree, assert_within, join
from openspec_tool.rules.spec_rules import spec_requirement_count


@dataclass(frozen=True)
class ChangeSummary:
    name: str
    completed: int
    total: int
    last_modified: float
    nested: list[str] | None = None

    @property
    def status(self) -> str:
        if self.total == 0:
            return "no-tasks"
        return "complete" if self.completed == self.total else "in-progress"

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "completedTasks": self.completed,
            "totalTasks": self.total,
            "lastModified": iso(self.last_modified),
            "status": self.status,
        }
        if self.nested:
            out["nested"] = self.nested
        return out


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def task_progress(tree: Tree, change: str) -> tuple[int, int]:
    """(completed, total) over the change's tracked task files, or its tasks.md."""
    files = tracked_task_files(tree, change) or [join(change, "tasks.md")]
    total = done = 0
    for f in files:
        if tree.kind(f) != "missing":
            assert_within(tree, change, f)  # raises PathOutside, which fails `list` as a whole
        try:
            t, d = count_tasks(tree.read_text(f))
        except OSError:
            continue
        total += t
        done += d
    return done, total


def last_modified(tree: Tree, rel: str) -> float:
    latest = 0.0
    stack = [rel]
    while stack:
        current = stack.pop()
        try:
            entries = tree.scandir(current)
        except OSError:
            continue
        for e in entries:
            child = join(current, e.name)
            if e.is_dir:
                stack.append(child)
            else:
                latest = max(latest, tree.mtime(child))
    return latest or tree.mtime(rel)


def list_changes(tree: Tree, sort: str = "recent", left_out: list[str] | None = None) -> list[ChangeSummary]:
    """With `left_out`, a change whose task file leads out of it is left out (its message added) instead of
    failing the whole list as the reference does."""
    out: list[ChangeSummary] = []
    for name in change_ids(tree, include_hidden=True):
        rel = join(CHANGES, name)
        try:
            done, total = task_progress(tree, rel)
        except PathOutside as exc:
            if left_out is None:
                raise
            left_out.append(str(exc))
            continue
        out.append(ChangeSummary(name, done, total, last_modified(tree, rel), nested_changes_in(tree, name)))
    if sort == "recent":
        out.sort(key=lambda c: -c.last_modified)
    else:
        out.sort(key=lambda c: c.name.lower())
    return out


@dataclass(frozen=True)
class SpecSummary:
    id: str
    requirement_count: int

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "requirementCount": self.requirement_count}


def list_specs(tree: Tree) -> list[SpecSummary]:
    out: list[SpecSummary] = []
    for sf in discover_spec_files(tree, SPECS):
        try:
            count = spec_requirement_count(tree.read_text(sf.path), sf.id)
        except OSError:
            count = 0
        out.append(SpecSummary(sf.id, count))
    out.sort(key=lambda s: s.id.lower())
    return out
