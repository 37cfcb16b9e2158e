"""`openspec hooks install|uninstall|status|run`: git hooks that validate what a commit touches."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from openspec_tool.cli.output import emit_json, err, error_line, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.gitrepo import GitError, git_text

if TYPE_CHECKING:
    from openspec_tool.model.findings import Finding

_LEVEL_COLOR = {"ERROR": "red", "WARNING": "yellow", "INFO": "blue"}


def _message(f: Finding, source: str) -> str:
    """A planning check's finding carries its code, as `openspec check` prints it."""
    return f"[{f.code}] {f.message}" if source == "check" else f.message


def finding_json(f: Finding) -> dict[str, object]:
    """The hook's finding: level, path (from the repository root), line, message, item, source."""
    from openspec_tool.hooks.run import source

    found_by = source(f)
    return {
        "level": f.level,
        "path": f.path,
        "line": f.line,
        "message": _message(f, found_by),
        "item": f"{f.item.type}/{f.item.id}" if f.item is not None else None,
        "source": found_by,
    }


def run_install(hooks: tuple[str, ...], force: bool, chain: bool, roots: tuple[str, ...]) -> ExitCode:
    from openspec_tool.hooks.install import DEFAULT_HOOKS, HookRefused, hooks_path_setting, install

    if force and chain:
        error_line("--force and --chain exclude each other: replace the existing hook, or run it before ours")
        return ExitCode.USAGE
    try:
        lines = install(tuple(dict.fromkeys(hooks)) or DEFAULT_HOOKS, force, chain, roots)
        setting = hooks_path_setting()
    except (HookRefused, GitError, OSError) as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    for line in lines:
        out(line)
    if setting:
        out(f"note: core.hooksPath is set ({setting}); every repository using that folder now runs this hook")
    return ExitCode.OK


def run_uninstall(hooks: tuple[str, ...]) -> ExitCode:
    from openspec_tool.hooks.install import HOOK_TYPES, uninstall

    try:
        lines = uninstall(tuple(dict.fromkeys(hooks)) or HOOK_TYPES)
    except (GitError, OSError) as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    for line in lines or ["no openspec-tool hook installed"]:
        out(line)
    return ExitCode.OK


def run_status(as_json: bool) -> ExitCode:
    from openspec_tool.hooks.install import HOOK_TYPES, describe, hooks_dir, hooks_path_setting

    try:
        directory, setting = hooks_dir(), hooks_path_setting()
    except GitError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    states = [describe(h, directory) for h in HOOK_TYPES]
    if as_json:
        emit_json({"hooks_dir": str(directory), "core_hooks_path": setting, "hooks": [s.to_json() for s in states]})
        return ExitCode.OK
    out(f"hooks folder: {directory}")
    out(f"core.hooksPath: {setting if setting else 'not set'}")
    for s in states:
        detail = ""
        if s.state == "ours":
            python = s.runs or "?"
            gone = "" if Path(python).exists() else " (missing: falls back to `openspec` on PATH)"
            detail = f" (runs {python}{gone})"
            if s.chained:
                detail += f", runs {s.chained.name} first"
        out(f"{s.hook}: {s.state}{detail}")
    return ExitCode.OK


def _report_check(label: str, as_json: bool) -> tuple[bool, str | None]:
    """Run `openspec report --check` for a workspace: (passed, note when it could not run)."""
    import contextlib
    import importlib.util

    if importlib.util.find_spec("openspec_tool.cli.commands.report") is None:
        return True, "openspec: report --check is not available in this version of openspec-tool; skipped"
    from openspec_tool.cli.runner import run

    root = Path(git_text("rev-parse", "--show-toplevel")) / label
    # In JSON mode our stdout carries one document: the report's own output goes to stderr.
    with contextlib.redirect_stdout(sys.stderr) if as_json else contextlib.nullcontext():
        code = run(["report", "--check", "--root", str(root)])
    return code == 0, None


def _items(counts: dict[str, int]) -> str:
    parts = [f"{counts[t]} {t}{'s' if counts[t] != 1 else ''}" for t in ("change", "spec") if counts[t]]
    return " and ".join(parts) or "no items"


def run_hook(hook: str, strict: bool | None, as_json: bool, roots: tuple[str, ...]) -> ExitCode:
    from openspec_tool.hooks.run import run_hook as judge
    from openspec_tool.hooks.run import source

    stdin_text = "" if hook != "pre-push" or sys.stdin is None or sys.stdin.isatty() else sys.stdin.read()
    try:
        outcome = judge(hook, strict, roots, stdin_text)
        for label in outcome.report_checks:
            passed, note = _report_check(label, as_json)
            outcome.blocked |= not passed
            if note and note not in outcome.notes:
                outcome.notes.append(note)
    except GitError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    errors = sum(1 for f in outcome.findings if f.level == "ERROR")
    warnings = sum(1 for f in outcome.findings if f.level == "WARNING")
    counts = {t: sum(1 for i in outcome.items if i.type == t) for t in ("change", "spec")}
    if as_json:
        emit_json(
            {
                "hook": hook,
                "blocked": outcome.blocked,
                "items": [{"type": i.type, "id": i.id, "workspace": i.workspace, "valid": i.valid} for i in outcome.items],
                "findings": [finding_json(f) for f in outcome.findings],
                "notes": outcome.notes,
                "summary": {"items": len(outcome.items), "errors": errors, "warnings": warnings},
            }
        )
        return ExitCode.INVALID if outcome.blocked else ExitCode.OK
    for f in outcome.findings:
        level = paint(f.level, _LEVEL_COLOR.get(f.level, "blue"), sys.stderr)
        where = f"{f.path}:{f.line}" if f.line else f.path
        err(f"{where}: {level} {_message(f, source(f))}")
    for note in outcome.notes:
        err(note)
    if not outcome.items and not outcome.blocked:
        return ExitCode.OK  # nothing the commit touches is an item: stay quiet
    what = "push" if hook == "pre-push" else "commit"
    tally = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    if outcome.blocked:
        why = " (strict: warnings block)" if not errors and warnings else ""
        err(paint(f"openspec: {what} blocked: {tally}{why} in {_items(counts)}; skip once with --no-verify", "red", sys.stderr))
        return ExitCode.INVALID
    tail = f", {tally}" if warnings else ": valid"
    err(paint(f"openspec: {_items(counts)} checked{tail}", "green", sys.stderr))
    return ExitCode.OK
