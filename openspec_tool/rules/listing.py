"""`openspec list`: changes with task progress, specs with requirement counts, as the reference reports them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openspec_tool.model.stage import change_stage
from openspec_tool.read.change_files import last_modified_ms, task_progress
from openspec_tool.read.collate import locale_key
from openspec_tool.read.discover import CHANGES, SPECS, change_ids, discover_spec_files, nested_changes_in
from openspec_tool.read.tree import PathOutside, Tree, join
from openspec_tool.rules.spec_rules import spec_requirement_count


@dataclass(frozen=True)
class ChangeSummary:
    name: str
    completed: int
    total: int
    modified_ms: int  # milliseconds since the epoch, as Node's Date holds a file's mtime
    nested: list[str] | None = None

    @property
    def last_modified(self) -> float:
        return self.modified_ms / 1000

    @property
    def status(self) -> str:
        return change_stage(self.completed, self.total)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "completedTasks": self.completed,
            "totalTasks": self.total,
            "lastModified": iso_ms(self.modified_ms),
            "status": self.status,
        }
        if self.nested:
            out["nested"] = self.nested
        return out


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def iso_ms(ms: int) -> str:
    """`new Date(ms).toISOString()`."""
    return (_EPOCH + dt.timedelta(milliseconds=ms)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def list_changes(tree: Tree, sort: str = "recent", left_out: list[PathOutside] | None = None) -> list[ChangeSummary]:
    """With `left_out`, a change whose task file leads out of it is left out (and why added) instead of failing the
    whole list as the reference does."""
    out: list[ChangeSummary] = []
    for name in change_ids(tree, include_hidden=True):
        rel = join(CHANGES, name)
        try:
            done, total = task_progress(tree, rel)
        except PathOutside as exc:
            if left_out is None:
                raise
            left_out.append(exc)
            continue
        out.append(ChangeSummary(name, done, total, last_modified_ms(tree, rel), nested_changes_in(tree, name)))
    # Names come in byte order (as libuv lists a folder); both sorts are stable, as JavaScript's.
    if sort == "recent":
        out.sort(key=lambda c: -c.modified_ms)
    else:
        out.sort(key=lambda c: locale_key(c.name))
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
    out.sort(key=lambda s: locale_key(s.id))
    return out
