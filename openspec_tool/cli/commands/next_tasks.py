"""`openspec next [CHANGE] [--json]`: tasks ready to start now (open, every dependency done), most critical first.

A container (a task with subtasks) is started through its subtasks, so only they are listed. A task list that
declares no dependency at all is said to, instead of calling every open task "ready".
"""

from __future__ import annotations

from typing import Any

from openspec_tool.cli.commands.tasks import Loaded, WorkspaceFactory, load, task_suffix
from openspec_tool.cli.output import emit_json, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.model.tasks import Task
from openspec_tool.plan.graph import RankKey, TaskGraph
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


def _entry_json(loaded: Loaded, t: Task, declared: bool) -> dict[str, Any]:
    return {
        "change": loaded.change,
        "id": t.id,
        "text": t.title,
        "estimate": t.estimate.to_json() if t.estimate else None,
        "priority": t.priority,
        "line": t.line,
        "path": loaded.tasks.path,
        "dependenciesDeclared": declared,
        "unresolvedDependencies": list(t.unresolved_dependencies),
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
    undeclared: list[tuple[Loaded, list[Task]]] = []  # lists without dependencies: their open work, in document order
    for n, loaded in enumerate(sources):
        graph = TaskGraph(loaded.tasks.tasks)
        ranked = graph.ranked_ready()
        if graph.declared:
            entries.extend((key, n, loaded, t) for t, key in ranked)
        elif ranked:
            undeclared.append((loaded, sorted((t for t, _ in ranked), key=lambda t: t.line)))
    # Across changes: the most critical first, ties in change order, then document order.
    entries.sort(key=lambda e: (e[0][:3], e[1], e[0][3]))
    if as_json:
        ready = [_entry_json(loaded, t, True) for _, _, loaded, t in entries]
        ready += [_entry_json(loaded, t, False) for loaded, tasks in undeclared for t in tasks]
        emit_json({"ready": ready})
        return ExitCode.OK
    if not entries and not undeclared:
        open_count = sum(1 for loaded in sources for t in loaded.tasks.tasks if not t.done)
        out("No open tasks." if open_count == 0 else f"Nothing is ready: all {open_count} open task(s) wait on others.")
        return ExitCode.OK
    if entries:
        _print_ready(entries, target is None)
    for loaded, tasks in undeclared:
        name = f"{loaded.change}: " if target is None and loaded.change else ""
        first = tasks[0]
        where = paint(f"{loaded.tasks.path}:{first.line}", "dim")
        out(
            f"{name}no dependencies declared — {len(tasks)} open task(s), any can start; "
            f"first in the document: {first.id} {first.title}{task_suffix(first)}  {where}"
        )
    return ExitCode.OK


def _print_ready(entries: list[Entry], across: bool) -> None:
    out(paint(f"Ready to start ({len(entries)}):", "bold"))
    prefix_width = max((len(loaded.change or "") for _, _, loaded, _ in entries), default=0)
    for _, _, loaded, t in entries:
        prefix = f"{(loaded.change or '').ljust(prefix_width)}  " if across else ""
        where = paint(f"{loaded.tasks.path}:{t.line}", "dim")
        out(f"  {prefix}{t.id} {t.title}{task_suffix(t)}  {where}")
