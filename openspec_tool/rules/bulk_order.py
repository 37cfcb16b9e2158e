"""The order of `validate --all` items when a change and a spec share an id.

The reference validates in a pool of 6 promises and sorts the results by id with a stable sort, so two items
with the same id keep the order in which they *finished*. Its spec validation is synchronous: once the queue
reaches the specs, every spec finishes in the same turn of the event loop, while the changes still running
finish later. So the changes that finished before the first spec started — none when there are at most 5
changes; otherwise the first `n - 5` to finish — come before every spec, the rest after.

Which changes finish first is a matter of timing; on one thread the pool behaves like processor sharing,
and a change's work grows with the bytes it reads (its own files and the main specs its deltas name). That
model is used here; it reproduces the reference's order on the corpus and on generated workspaces.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from openspec_tool.read.discover import CHANGES, SPECS
from openspec_tool.read.tree import DiskTree, Tree, join

POOL = 6  # the reference's default concurrency (OPENSPEC_CONCURRENCY overrides it)
_BASE_COST = 2000  # the fixed work of a change (folder scans, schema, metadata), in bytes-read equivalents


def _size(tree: Tree, rel: str) -> int:
    if isinstance(tree, DiskTree):
        try:
            return os.stat(tree.path(rel)).st_size
        except OSError:
            return 0
    try:
        return len(tree.read_text(rel).encode("utf-8"))
    except OSError:
        return 0


def _bytes_under(tree: Tree, rel: str) -> tuple[int, list[str]]:
    """Bytes of the files below `rel`, and the capability ids of its specs/**/spec.md files."""
    from openspec_tool.read.change_files import files_below  # only when a change and a spec share an id

    total, caps = 0, []
    for path, inner in files_below(tree, rel):
        total += _size(tree, path)
        if inner.startswith("specs/") and inner.endswith("/spec.md"):
            caps.append(inner[len("specs/") : -len("/spec.md")])
    return total, caps


def change_cost(tree: Tree, change_id: str) -> int:
    own, caps = _bytes_under(tree, join(CHANGES, change_id))
    return _BASE_COST + own + sum(_size(tree, join(SPECS, cap, "spec.md")) for cap in caps)


def finished_first(costs: Sequence[int], pool: int = POOL) -> list[int]:
    """Indexes of the changes that finish before the specs start, under processor sharing in a pool."""
    n = len(costs)
    if n < pool:
        return []
    running = {i: float(costs[i]) for i in range(pool)}
    started, done = pool, list[int]()
    while len(done) < n - (pool - 1):
        step = min(running.values())
        finished = sorted(i for i, left in running.items() if left - step <= 1e-9)
        for i in running:
            running[i] -= step
        for i in finished:
            del running[i]
            done.append(i)
            if started < n:
                running[started] = float(costs[started])
                started += 1
    return done[: n - (pool - 1)]


def pool_size() -> int:
    raw = os.environ.get("OPENSPEC_CONCURRENCY", "")
    digits = raw.strip().lstrip("+")
    n = int(digits[: len(digits) - len(digits.lstrip("0123456789"))] or 0) if digits[:1].isdigit() else 0
    return n if n > 0 else POOL


def early_changes(tree: Tree, change_ids: Sequence[str]) -> set[str]:
    """The ids of the changes that come before the specs in the reference's completion order."""
    pool = pool_size()
    if len(change_ids) < pool:
        return set()
    costs = [change_cost(tree, cid) for cid in change_ids]
    return {change_ids[i] for i in finished_first(costs, pool)}
