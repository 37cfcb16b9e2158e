"""Noticing files that changed on disk: a stat-only scan of `openspec/`, compared with the previous one.

No extra dependency and no file is read: each scan is a walk with one `stat` per entry. The TUI runs it
on a timer in a worker thread and backs off on trees where one scan is slow.
"""

from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[int, int]  # (mtime in ns, size)


def scan(root: Path, folder: str = "openspec") -> dict[str, Stamp]:
    """Every file and folder under `root/folder`, relative to `root` (POSIX separators), with its stamp."""
    out: dict[str, Stamp] = {}
    base = str(root)
    stack = [os.path.join(base, folder)]
    cut = len(base) + 1
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            rel = e.path[cut:].replace(os.sep, "/")
            out[rel] = (st.st_mtime_ns, st.st_size)
            if e.is_dir(follow_symlinks=False):
                stack.append(e.path)
    return out


def changed(old: dict[str, Stamp], new: dict[str, Stamp]) -> set[str]:
    """Paths added, removed or modified between two scans."""
    if old is new:
        return set()
    out = {p for p, stamp in new.items() if old.get(p) != stamp}
    out.update(p for p in old if p not in new)
    return out
