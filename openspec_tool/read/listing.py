"""What `openspec list` reports: changes with task progress, specs with requirement counts."""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass

from openspec_tool.model.stage import change_stage
from openspec_tool.read.collate import locale_key
from openspec_tool.read.discover import CHANGES, SPECS, change_ids, discover_spec_files, nested_changes_in
from openspec_tool.read.schemas import tracked_task_files
from openspec_tool.read.task_lines import count_tasks
from openspec_tool.read.tree import DiskTree, PathOutside, Tree, assert_within, join
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


def node_ms(mtime_ns: int) -> int:
    """Node's `stat.mtime` in milliseconds: `Math.round(sec * 1e3 + nsec / 1e6)`, in the same double arithmetic."""
    sec, nsec = divmod(mtime_ns, 1_000_000_000)
    x = sec * 1e3 + nsec / 1e6
    whole = math.floor(x)
    return whole + 1 if x - whole >= 0.5 else whole


def mtime_ms(tree: Tree, rel: str) -> int | None:
    """A file's modification time as Node rounds it (symlinks followed); None when it cannot be stat'ed."""
    if isinstance(tree, DiskTree):
        try:
            return node_ms(os.stat(tree.path(rel)).st_mtime_ns)
        except OSError:
            return None
    seconds = tree.mtime(rel)
    return round(seconds * 1000) if seconds else None


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


def files_below(tree: Tree, rel: str) -> Iterator[tuple[str, str]]:
    """(path, path below `rel`) of every entry under `rel` that is not a directory (symlinks not followed)."""
    stack = [(rel, "")]
    while stack:
        current, prefix = stack.pop()
        try:
            entries = tree.scandir(current)
        except OSError:
            continue
        for e in entries:
            inner = f"{prefix}/{e.name}" if prefix else e.name
            if e.is_dir:
                stack.append((join(current, e.name), inner))
            else:
                yield join(current, e.name), inner


def last_modified_ms(tree: Tree, rel: str) -> int:
    """The newest mtime of any file below `rel` (the folder's own when it holds none), as the reference's list."""
    times = [ms for ms in (mtime_ms(tree, path) for path, _ in files_below(tree, rel)) if ms is not None]
    return max(times) if times else (mtime_ms(tree, rel) or 0)


def last_modified(tree: Tree, rel: str) -> float:
    return last_modified_ms(tree, rel) / 1000


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
