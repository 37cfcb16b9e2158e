"""`openspec archive [ID] [-y|--yes] [--skip-specs]`: the reference's archive (see `write.archive`), on a terminal
or a pipe: questions read one line from stdin, as the reference does off a terminal."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from openspec_tool.cli.output import err, fail_line, out
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.read.tree import PathOutside
from openspec_tool.write.archive import ArchiveBlocked, Archiver, HandOver


class TerminalConsole:
    """Lines to stdout; a yes/no question answered by one line of stdin (none readable: None).

    Off a terminal only the first question gets an answer, as with the reference (its first read drains a
    pipe): `printf 'y\\n' | openspec archive x` answers one question, and a second one is refused."""

    def __init__(self) -> None:
        self.drained = False

    def say(self, line: str = "") -> None:
        out(line)

    def confirm(self, message: str, default: bool) -> bool | None:
        if self.drained:
            return None  # the reference does not even ask on a stream that has ended
        sys.stdout.write(f"{message} {'(Y/n)' if default else '(y/N)'} ")
        sys.stdout.flush()
        line = sys.stdin.readline()
        self.drained = not _is_tty(sys.stdin)
        if not line:
            return None  # nothing to read: the reference leaves the question line open, and so do we
        sys.stdout.write("\n")
        answer = line.strip()
        if re.match(r"(y|yes)", answer, re.IGNORECASE):
            return True
        if re.match(r"(n|no)", answer, re.IGNORECASE):
            return False
        return default


def _is_tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def _blocked(exc: ArchiveBlocked) -> ExitCode:
    fail_line(f"Error: {exc.message}")
    if exc.fix:
        err(f"Fix: {exc.fix}")
    return ExitCode.INVALID


def run(workspace: Callable[[], WorkspaceRoot], name: str | None, yes: bool, skip_specs: bool) -> ExitCode:
    ws = workspace()
    if not name:
        changes = ws.root / "openspec" / "changes"
        active = sorted(p.name for p in changes.iterdir() if p.is_dir() and p.name != "archive") if changes.is_dir() else []
        if not active:
            out("No active changes found.")
            out("No change selected. Aborting.")
            return ExitCode.OK
        fix = f"openspec archive <change-name> {'--skip-specs ' if skip_specs else ''}--yes"
        return _blocked(
            ArchiveBlocked(
                "archive_change_name_required",
                "A change name is required: no terminal is available to choose one from a list.",
                fix,
            )
        )
    try:
        result = Archiver(ws.root, name, TerminalConsole(), yes=yes, skip_specs=skip_specs).run()
    except ArchiveBlocked as exc:
        return _blocked(exc)
    except HandOver as exc:
        from openspec_tool.cli.entry import hand_over

        sys.stdout.flush()
        return ExitCode(hand_over(f"archive {name} ({exc})", sys.argv[1:], sys.argv[0]))
    except (PathOutside, OSError) as exc:
        fail_line(f"Error: {exc}")
        return ExitCode.INVALID
    return ExitCode(result.exit_code)
