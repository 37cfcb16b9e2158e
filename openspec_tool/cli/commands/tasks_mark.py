"""`openspec tasks done|undo CHANGE|FILE ID... [--with-children] [--json]`: tick or untick tasks by id.

Only the marker characters change (`write.task_marks`); the file is rewritten atomically, through a symlink to
its target, and only when something changes. Every id is checked before anything is written: an unknown or
ambiguous id, or a parent with open subtasks (without `--with-children`), is refused with the candidates.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from openspec_tool.cli.output import emit_json, error_line, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.discover import CHANGES, change_ids
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.read.tree import join
from openspec_tool.write.task_marks import REASON_NOTES, MarkError, MarkFileError, MarkPlan, mark_file


def _target(target: str, workspace: Callable[[], WorkspaceRoot]) -> tuple[Path, str] | ExitCode:
    """The file to edit and how to name it: a change's tasks.md, or a planning file given by path."""
    if "/" in target or os.sep in target or target.lower().endswith((".md", ".markdown", ".txt")) or Path(target).is_file():
        return Path(target), target
    ws = workspace()
    if target not in change_ids(ws.tree):
        known = change_ids(ws.tree)
        hint = f" (active changes: {', '.join(known[:8])}{', …' if len(known) > 8 else ''})" if known else " (no active changes)"
        error_line(f'unknown change "{target}"{hint}')
        return ExitCode.USAGE
    rel = join(CHANGES, target, "tasks.md")
    return ws.root / rel, rel


def _report(plan: MarkPlan, shown: str, done: bool, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "path": shown,
                "action": "done" if done else "undo",
                "changed": [
                    {"id": m.id, "line": m.line, "title": m.title, "before": m.before, "after": m.after, "reason": m.reason}
                    for m in plan.changed
                ],
                "unchanged": [{"id": t.id, "line": t.line, "title": t.title, "done": t.done} for t in plan.unchanged],
            }
        )
        return
    for m in plan.changed:
        mark = paint("✓", "green") if done else "☐"
        out(f"{mark} {m.id} {m.title}{REASON_NOTES.get(m.reason, '')}  {paint(f'{shown}:{m.line}', 'dim')}")
    for t in plan.unchanged:
        out(paint(f"  {t.id} {t.title}: already {'done' if done else 'open'}", "dim"))


def run(
    action: str, target: str, ids: list[str], workspace: Callable[[], WorkspaceRoot], as_json: bool, with_children: bool
) -> ExitCode:
    done = action == "done"
    where = _target(target, workspace)
    if isinstance(where, ExitCode):
        return where
    path, shown = where
    try:
        plan = mark_file(path, shown, ids, done, with_children)
    except MarkFileError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    except MarkError as exc:
        error_line(str(exc))
        return ExitCode.INVALID
    _report(plan, shown, done, as_json)
    return ExitCode.OK
