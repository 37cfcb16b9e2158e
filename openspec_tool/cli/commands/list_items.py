"""`openspec list [--specs] [--json]`: changes with task progress, or specs with requirement counts."""

from __future__ import annotations

import os
import time
from pathlib import Path

from openspec_tool.cli.args import workspace_or_exit
from openspec_tool.cli.output import bar, emit_json, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.read.tree import PathOutside
from openspec_tool.rules.listing import list_changes, list_specs


def _ago(ts: float) -> str:
    secs = int(time.time() - ts)
    days, hours, mins = secs // 86400, secs // 3600, secs // 60
    if days > 30:
        return time.strftime("%Y-%m-%d", time.localtime(ts))
    if days > 0:
        return f"{days}d ago"
    if hours > 0:
        return f"{hours}h ago"
    return f"{mins}m ago" if mins > 0 else "just now"


def run(ws: WorkspaceRoot, specs: bool, as_json: bool, sort: str) -> ExitCode:
    if specs:
        items = list_specs(ws.tree)
        if as_json:
            emit_json({"specs": [s.to_json() for s in items], "root": ws.root_json()})
            return ExitCode.OK
        if not items:
            out("No specs found.")
            return ExitCode.OK
        out(paint("Specs:", "bold"))
        width = max(len(s.id) for s in items)
        for s in items:
            out(f"  {s.id.ljust(width)}     requirements {s.requirement_count}")
        return ExitCode.OK
    # Unlike the reference, a change whose tasks lead out of it does not hide the others: it is left out and said.
    left_out: list[PathOutside] = []
    changes = list_changes(ws.tree, sort, left_out)
    for exc in left_out:  # said once, with what else was left out, after the list
        rel = os.path.relpath(exc.where, ws.root) if os.path.isabs(exc.where) else exc.where
        ws.tree.note(rel, f"{rel}: {exc.REASON.lower()}: change left out")
    if as_json:
        doc: dict[str, object] = {"changes": [c.to_json() for c in changes]}
        if left_out:
            doc["status"] = [{"severity": "warning", "code": "list_error", "message": str(exc)} for exc in left_out]
        nested = sorted((c for c in changes if c.nested), key=lambda c: c.name)  # in folder order, as the reference
        if nested:
            from openspec_tool.read.discover import describe_nested

            doc["warnings"] = [
                {
                    "code": "nested_change_directory",
                    "name": c.name,
                    "nested": c.nested,
                    "message": describe_nested(c.name, c.nested or []),
                }
                for c in nested
            ]
        doc["root"] = ws.root_json()
        emit_json(doc)
        return ExitCode.OK
    if not changes:
        out("No active changes found.")
        return ExitCode.OK
    out(paint("Changes:", "bold"))
    width = max(len(c.name) for c in changes)
    for c in changes:
        if c.nested:
            status = paint("not a change", "yellow")
        elif c.total == 0:
            status = paint("No tasks".ljust(12), "dim")
        elif c.completed == c.total:
            status = paint("✓ Complete".ljust(12), "green")
        else:
            status = f"{c.completed}/{c.total} tasks".ljust(12)
        out(f"  {c.name.ljust(width)}  {bar(c.completed, c.total, 10)}  {status}  {_ago(c.last_modified)}")
    return ExitCode.OK


def main(
    specs: bool = False, changes: bool = False, sort: str = "recent", as_json: bool = False, root: str | None = None
) -> ExitCode:
    """`list` as parsed (by click, or by `cli/quick.py`)."""
    # As the reference: a pre-config workspace with only openspec/project.md still lists (as empty).
    implicit = root is None and (Path.cwd() / "openspec" / "project.md").is_file()
    empty: dict[str, object] = {"specs": [], "root": None} if specs else {"changes": [], "root": None}
    ws = workspace_or_exit(root, allow_implicit=implicit, no_root=(as_json, empty))
    return run(ws, specs and not changes, as_json, "name" if sort == "name" else "recent")
