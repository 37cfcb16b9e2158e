"""`openspec tasks CHANGE|FILE [--json] [--graph]`: a change's tasks.md (or any planning file) as a task tree."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openspec_tool.cli.output import bar, emit_json, error_line, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.model.tasks import Task, TaskList
from openspec_tool.plan.graph import GraphCycleError, TaskGraph, ambiguous_dependencies, format_cycle, unknown_dependencies
from openspec_tool.read.discover import CHANGES, change_ids
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.read.tree import DiskTree, join

WorkspaceFactory = Callable[[], WorkspaceRoot]
_FILE_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True)
class Loaded:
    change: str | None
    tasks: TaskList


def looks_like_file(target: str) -> bool:
    return "/" in target or os.sep in target or target.lower().endswith(_FILE_SUFFIXES) or Path(target).is_file()


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def read_file(target: str) -> Loaded | ExitCode:
    path = Path(target)
    try:
        text = DiskTree(path.parent, confine=False).read_text(path.name)  # a file the user named
    except OSError as exc:
        error_line(f"cannot read {target}: {_reason(exc)}")
        return ExitCode.USAGE
    return Loaded(None, parse_tasks(text, target))


def read_change(ws: WorkspaceRoot, change: str) -> Loaded | ExitCode:
    known = change_ids(ws.tree)
    if change not in known:
        hint = f" (active changes: {', '.join(known[:8])}{', …' if len(known) > 8 else ''})" if known else " (no active changes)"
        error_line(f'unknown change "{change}"{hint}')
        return ExitCode.USAGE
    rel = join(CHANGES, change, "tasks.md")
    if ws.tree.kind(rel) == "missing":  # a change planned before its tasks: `openspec list` says "No tasks"
        return Loaded(change, TaskList(rel, None, (), notes=(f"{change} has no tasks.md yet",)))
    try:
        text = ws.tree.read_text(rel)
    except OSError as exc:
        error_line(f"cannot read {rel}: {_reason(exc)}")
        return ExitCode.USAGE
    return Loaded(change, parse_tasks(text, rel))


def load(target: str, workspace: WorkspaceFactory) -> Loaded | ExitCode:
    return read_file(target) if looks_like_file(target) else read_change(workspace(), target)


def graph_json(tl: TaskList) -> tuple[dict[str, Any], bool]:
    """The `graph` object and whether it holds an error (a cycle or an unknown dependency)."""
    graph = TaskGraph(tl.tasks)
    cycles = graph.cycles()
    unknown = unknown_dependencies(tl.tasks)
    doc: dict[str, Any] = {
        "cycles": cycles,
        "unknownDependencies": [{"task": t, "dependency": d} for t, d in unknown],
        "ambiguousDependencies": [
            {"task": t, "dependency": d, "tasks": targets} for t, d, targets in ambiguous_dependencies(tl.tasks)
        ],
        "unresolvedDependencies": [{"task": t.id, "text": p} for t in tl.tasks for p in t.unresolved_dependencies],
        "dependenciesDeclared": graph.declared,
        "estimated": any(t.estimate is not None for t in tl.tasks),
        "waves": None,
        "criticalPath": None,
        "criticalEstimate": None,
    }
    if not cycles:
        try:
            doc["waves"] = [[t.id for t in wave] for wave in graph.waves()]
            path, total = graph.critical_path()
        except GraphCycleError:  # only reachable if the cycle search and graphlib disagree
            return doc, True
        doc["criticalPath"] = [t.id for t in path]
        doc["criticalEstimate"] = total.to_json() if path and any(t.estimate for t in path) else None
    return doc, bool(cycles or unknown)


def tasks_json(tl: TaskList) -> dict[str, Any]:
    """Counts by their README names: `total`/`done` are tasks (work items), `checkboxes` the reference's count."""
    estimate = tl.estimate_total()
    return {
        "path": tl.path,
        "title": tl.title,
        "total": tl.total,
        "done": tl.done,
        "checkboxes": tl.checkbox_count,
        "checkboxesDone": tl.checkbox_done,
        "acceptanceChecks": len(tl.checks),
        "acceptanceChecksDone": tl.checks_done,
        "examples": tl.fenced,
        "statedTotal": tl.stated_total,
        "statedTotals": [{"total": n, "line": line} for n, line in tl.stated_totals],
        "estimate": estimate.to_json() if estimate else None,
        "statedEstimates": [e.to_json() for e in tl.estimates],
        "notes": list(tl.notes),
        "tasks": [t.to_json() for t in tl.tasks],
        "checks": [c.to_json() for c in tl.checks],
    }


def task_suffix(t: Task) -> str:
    parts: list[str] = []
    if t.estimate:
        parts.append(paint(str(t.estimate), "cyan"))
    elif t.size:
        parts.append(paint(f"size {t.size}", "cyan"))
    if t.priority:
        parts.append(paint(f"[{t.priority}]", "yellow" if t.priority in ("critical", "high", "p0", "p1") else "dim"))
    if t.dependencies:
        deps = t.dependencies
        shown = ", ".join(deps) if len(deps) <= 6 else f"{', '.join(deps[:3])} … {deps[-1]} ({len(deps)} tasks)"
        parts.append(paint("after " + shown, "dim"))
    for prose in t.unresolved_dependencies:
        parts.append(paint(f'after "{prose}" (no task id: check it yourself)', "yellow"))
    if t.assignee:
        parts.append(paint(t.assignee if t.assignee.startswith("@") else f"@{t.assignee}", "dim"))
    return ("  " + "  ".join(parts)) if parts else ""


def _task_line(t: Task) -> str:
    mark = paint("✓", "green") if t.done else "☐"
    ident = paint(t.id, "dim") if t.generated_id else t.id
    return f"{'  ' * (t.depth + 1)}{mark} {ident} {t.title}{task_suffix(t)}"


def _sections(tasks: tuple[Task, ...]) -> list[tuple[str | None, list[Task]]]:
    runs: list[tuple[str | None, list[Task]]] = []
    for t in tasks:
        if not runs or runs[-1][0] != t.section:
            runs.append((t.section, []))
        runs[-1][1].append(t)
    return runs


def checks_line(tl: TaskList) -> str | None:
    """`Acceptance checks  9/12 done: criteria of 4 tasks 5/6; Success Criteria 4/6` — None without any."""
    if not tl.checks:
        return None
    of_tasks = [c for c in tl.checks if c.owner is not None]
    parts: list[str] = []
    if of_tasks:
        owners = len({c.owner for c in of_tasks})
        parts.append(f"criteria of {owners} task(s) {sum(c.done for c in of_tasks)}/{len(of_tasks)}")
    sections: dict[str, list[bool]] = {}
    for c in tl.checks:
        if c.owner is None:
            sections.setdefault(c.section or "(no section)", []).append(c.done)
    parts.extend(f"{name} {sum(marks)}/{len(marks)}" for name, marks in sections.items())
    return f"Acceptance checks  {tl.checks_done}/{len(tl.checks)} done (not tasks): " + "; ".join(parts)


def print_tree(tl: TaskList) -> None:
    out(paint(tl.title or tl.path, "bold") + (paint(f"  ({tl.path})", "dim") if tl.title else ""))
    for note in tl.notes:
        out(paint(f"  note: {note}", "dim"))
    if not tl.tasks:
        out("  No tasks found.")
    for section, items in _sections(tl.tasks):
        done = sum(1 for t in items if t.done)
        out()
        out(paint(section or "(no section)", "bold") + paint(f"  {done}/{len(items)}", "dim"))
        for t in items:
            out(_task_line(t))
    out()
    if tl.tasks:
        pct = round(100 * tl.progress)
        line = f"Progress  {bar(tl.done, tl.total)}  {tl.done}/{tl.total} tasks ({pct}%)"
        estimate = tl.estimate_total()
        line += f"  · {estimate} estimated" if estimate else "  · no estimates"
        out(line)
    checks = checks_line(tl)
    if checks:
        out(checks)
    if tl.checkbox_count != tl.total or tl.fenced:
        out(paint(f"Checkboxes  {tl.checkbox_done}/{tl.checkbox_count} (as `openspec list` counts them)", "dim"))
    for stated, at in tl.stated_totals:
        if stated not in (tl.total, tl.checkbox_count, len(tl.leaves())):
            out(paint(f"Stated total {stated} (line {at}) differs from the {tl.total} tasks found", "yellow"))


def print_graph(tl: TaskList, graph: dict[str, Any]) -> None:
    for cycle in graph["cycles"]:
        error_line(format_cycle(cycle))
    for item in graph["unknownDependencies"]:
        error_line(f"{item['task']} depends on unknown task {item['dependency']}")
    out()
    out(paint("Graph", "bold"))
    for item in graph["ambiguousDependencies"]:
        many = len(item["tasks"])
        out(paint(f"  {item['task']} depends on {item['dependency']}, written on {many} tasks: it waits for all", "yellow"))
    if graph["waves"] is None:
        out("  No waves or critical path while tasks depend on each other in a cycle.")
        return
    if not graph["waves"]:
        out("  No open tasks.")
        return
    if not graph["dependenciesDeclared"]:
        open_count = sum(len(w) for w in graph["waves"])
        out(f"  No dependencies declared: the {open_count} open task(s) can start in any order (document order shown).")
        return
    out("  Waves (tasks in one wave can run in parallel):")
    for n, wave in enumerate(graph["waves"], 1):
        out(f"    {n}. {', '.join(wave)}")
    if graph["unresolvedDependencies"]:
        count = len(graph["unresolvedDependencies"])
        out(paint(f"  {count} dependenc(ies) name no task id and do not hold their task back (see the tree).", "yellow"))
    path = graph["criticalPath"] or []
    if not path:
        out("  Critical path: none (no open task waits on another, and none states hours)")
        return
    est = graph["criticalEstimate"]
    total = f" ({est['text']})" if est else " (no estimates: by number of tasks)"
    out(f"  Critical path{total}: {' → '.join(path)}")


def run(target: str, workspace: WorkspaceFactory, as_json: bool, graph: bool) -> ExitCode:
    loaded = load(target, workspace)
    if isinstance(loaded, ExitCode):
        return loaded
    tl = loaded.tasks
    graph_doc, failed = graph_json(tl) if graph else ({}, False)
    if as_json:
        doc = tasks_json(tl)
        if graph:
            doc["graph"] = graph_doc
        emit_json(doc)
    else:
        print_tree(tl)
        if graph:
            print_graph(tl, graph_doc)
    return ExitCode.INVALID if failed else ExitCode.OK
