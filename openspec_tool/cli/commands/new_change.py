"""`openspec new change ID [--description TEXT] [--from FILE]`: what the reference's `new change` creates, and a
planning document imported as the change's proposal and task list."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from openspec_tool.cli.output import err, fail_line, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.jstext import decode
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.write.new_change import NewChangeError, change_name_problem, create_change


def _read_plan(path: str, change_id: str) -> tuple[dict[str, str], int] | ExitCode:
    from openspec_tool.write.plan_import import import_plan

    try:
        with open(path, "rb") as fh:
            text = decode(fh.read())
    except OSError as exc:
        err(f"openspec: error: {path}: cannot read: {exc.strerror or exc}")
        return ExitCode.USAGE
    plan = import_plan(text, os.path.basename(path), change_id)
    if plan.task_count == 0:
        err(f"openspec: error: {path}: no tasks found (checkbox items, or task headings with estimates or priorities)")
        return ExitCode.USAGE
    return {"proposal.md": plan.proposal, "tasks.md": plan.tasks}, plan.task_count


def run(ws_factory: Callable[[], WorkspaceRoot], name: str, description: str | None, plan_file: str | None) -> ExitCode:
    """`ws_factory` opens the workspace (an implicit root in the current folder when there is none, as the reference)."""
    problem = change_name_problem(name)
    if problem:
        fail_line(f"Error: {problem}")
        return ExitCode.INVALID
    ws = ws_factory()
    extra: dict[str, str] = {}
    imported = 0
    if plan_file is not None:
        read = _read_plan(plan_file, name)
        if isinstance(read, ExitCode):
            return read
        extra, imported = read
    if not sys.stderr.isatty():  # what the reference's spinner leaves behind off a terminal
        err(f"- Creating change '{name}' with schema 'spec-driven'...")
    try:
        created = create_change(ws.root, name, description, extra)
    except NewChangeError as exc:
        fail_line(f"Error: {exc}")
        return ExitCode.INVALID
    except OSError as exc:
        fail_line(f"Error: {exc.strerror or exc}: {exc.filename or ws.root}")
        return ExitCode.USAGE
    cwd = os.getcwd()
    location = f"openspec/changes/{name}" if str(ws.root) == cwd else str(created.path)
    out(f"Created change '{name}' at {location}/")
    out(f"Schema: {created.schema}")
    if imported:
        out(f"Imported {imported} task(s) from {plan_file} into proposal.md and tasks.md")
    out(f"Next: openspec status --change {name}")
    if ws.source == "implicit":
        rel = os.path.relpath(ws.root / "openspec", cwd)
        where = rel if rel and not rel.startswith("..") else str(ws.root / "openspec")
        out()
        out(paint(f"Note: no OpenSpec root was found here, so one was created at {where}/.", "dim"))
        out(
            paint(
                "Run `openspec init` to finish setting this project up, or delete that directory if you meant a "
                "different project.",
                "dim",
            )
        )
    return ExitCode.OK
