"""`openspec next [CHANGE] [--json]`: tasks ready to start now (open, every dependency done), most critical first."""

from __future__ import annotations

from typing import Any

from openspec_tool.cli.commands.tasks import Loaded, WorkspaceFactory, load, task_suffix
from openspec_tool.cli.output import emit_json, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.model.tasks import Task
from openspec_tool.plan.graph import RankKey, ranked_ready
from openspec_tool.read.discover import CHANGES, change_ids
from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.read.tree import join, try_read

Entry = tuple[RankKey, int, Loaded, Task]


def _all_changes(workspace: WorkspaceFactory) -> list[Loaded]:
    ws = workspace()
    found: list[Loaded] = []
    for change in change_ids(ws.tree):
        rel = join(CHANGES, change, "tasks.md")
        text = try_read(ws.tree, rel)
        if text is not None:
            found.append(Loaded(change, parse_tasks(text, rel)))
    return found


def _entry_json(loaded: Loaded, t: Task) -> dict[str, Any]:
    return {
        "change": loaded.change,
        "id": t.id,
        "text": t.title,
        "estimate": t.estimate.to_json() if t.estimate else None,
        "priority": t.priority,
        "line": t.line,
        "path": loaded.tasks.path,
    }


def run(target: str | None, workspace: WorkspaceFactory, as_json: bool) -> ExitCode:
    if target is None:
        sources = _all_changes(workspace)
    else:
        loaded = load(target, workspace)
        if isinstance(loaded, ExitCode):
            return loaded
        sources = [loaded]
    entries: list[Entry] = []
    for n, loaded in enumerate(sources):
        entries.extend((key, n, loaded, t) for t, key in ranked_ready(loaded.tasks.tasks))
    # Across changes: the most critical first, ties in change order, then document order.
    entries.sort(key=lambda e: (e[0][:3], e[1], e[0][3]))
    if as_json:
        emit_json({"ready": [_entry_json(loaded, t) for _, _, loaded, t in entries]})
        return ExitCode.OK
    if not entries:
        open_count = sum(loaded.tasks.total - loaded.tasks.done for loaded in sources)
        out("No open tasks." if open_count == 0 else f"Nothing is ready: all {open_count} open task(s) wait on others.")
        return ExitCode.OK
    out(paint(f"Ready to start ({len(entries)}):", "bold"))
    prefix_width = max((len(loaded.change or "") for _, _, loaded, _ in entries), default=0)
    for _, _, loaded, t in entries:
        prefix = f"{(loaded.change or '').ljust(prefix_width)}  " if target is None else ""
        where = paint(f"{loaded.tasks.path}:{t.line}", "dim")
        out(f"  {prefix}{t.id} {t.title}{task_suffix(t)}  {where}")
    return ExitCode.OK
