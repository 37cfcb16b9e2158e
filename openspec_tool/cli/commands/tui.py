"""`openspec tui`: the terminal UI. Textual is imported here, inside `run`, and nowhere on other commands' path."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from openspec_tool.exitcode import ExitCode

if TYPE_CHECKING:
    from openspec_tool.tui.app import OpenSpecApp

# From this many changes and specs on, they are listed in forked children while the UI starts.
PREFETCH_FROM = 300


def _items(root: Path) -> int:
    count = 0
    for folder in ("changes", "specs"):
        try:
            with os.scandir(root / "openspec" / folder) as it:
                count += sum(1 for _ in it)
        except OSError:
            pass
    return count


def build(root: str | None, decision: str | None, watch: bool = True) -> OpenSpecApp:
    """The app as `openspec tui` starts it (the benchmark times exactly this)."""
    from openspec_tool.read.discover import NoWorkspace
    from openspec_tool.read.root import open_workspace

    resolved: Path | None
    head_start = None
    try:
        resolved = open_workspace(root).root
    except NoWorkspace:
        resolved = Path(root) if root else None  # the app says what is wrong
    else:
        if _items(resolved) >= PREFETCH_FROM:
            from openspec_tool.tui.data import HeadStart

            head_start = HeadStart.start(resolved)  # forks before Textual is imported

    from openspec_tool.tui.app import create_app

    return create_app(resolved, decision=decision, watch=watch, head_start=head_start)


def run(root: str | None, decision: str | None, watch: bool = True) -> ExitCode:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from openspec_tool.cli.output import error_line

        error_line("openspec tui needs a terminal (for scripts: openspec list, show, decide --json)")
        return ExitCode.USAGE
    app = build(root, decision, watch)
    app.run()
    return ExitCode(app.return_code or 0)  # 2 when there was no workspace, as the other commands
