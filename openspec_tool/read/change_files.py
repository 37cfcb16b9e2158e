"""What a change's files tell without being parsed, as the reference's `list` reads them: the progress of its tracked
task files, and the newest modification time below it (as Node rounds it)."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator

from openspec_tool.read.schemas import tracked_task_files
from openspec_tool.read.task_lines import count_tasks
from openspec_tool.read.tree import DiskTree, Tree, assert_within, join


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
