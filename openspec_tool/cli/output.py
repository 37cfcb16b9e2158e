"""Printing for the CLI: JSON, colour only on a terminal without NO_COLOR, one-line errors.

Human output never carries a file's control characters to the terminal: escape sequences (OSC 52 clipboard
writes, clear-screen, cursor moves), carriage returns and C1 controls are shown as visible symbols (␛, ␍, �);
only our own colour codes pass, and only when colour is on. JSON stays exact (its encoder escapes them).

A failed write to stdout or stderr raises OutputError, which is not an OSError, so it can never be taken for a
problem with a file being read; `cli.main` turns it into the conventional ending.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from openspec_tool.exitcode import ExitCode
from openspec_tool.read.lazyre import lazy

_CODES = {"red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36", "dim": "2", "bold": "1"}
_OURS = "|".join(sorted({*_CODES.values(), "0"}, key=len, reverse=True))
_CONTROL = lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_OURS = lazy(f"\x1b\\[(?:{_OURS})m|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = lazy("[\n\u2028\u2029\x85\r]")


class OutputError(Exception):
    """Writing to stdout or stderr failed (closed, full, a closed pipe)."""

    def __init__(self, stream: str, error: OSError) -> None:
        super().__init__(f"cannot write to {stream}: {error.strerror or error}")
        self.stream, self.error = stream, error

    @property
    def broken_pipe(self) -> bool:
        return self.error.errno == errno.EPIPE


SIGINT_EXIT = ExitCode.INTERRUPTED
SIGPIPE_EXIT = ExitCode.PIPE_CLOSED


def output_failed(exc: OutputError) -> ExitCode:
    """A closed pipe ends quietly (141); any other failed write is named once, on stderr if it still works."""
    if exc.broken_pipe:
        return SIGPIPE_EXIT
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"openspec: error: {exc}\n")
            sys.stderr.flush()
        except OSError:
            pass
    return ExitCode.USAGE


def ended(body: Callable[[], int]) -> int:
    """Run a command's body; every ending is a code and at most one line: 130 on Ctrl-C, 141 on a closed pipe, a bug
    one `internal error` line (a traceback with OPENSPEC_DEBUG set). What it printed is flushed before it returns."""
    try:
        try:
            code = body()
            flush()
            return code
        except KeyboardInterrupt:
            return SIGINT_EXIT
        except OutputError:
            raise
        except Exception as exc:  # a bug must still end in one line, not a traceback
            if os.environ.get("OPENSPEC_DEBUG"):
                raise
            err(one_line(f"openspec: internal error: {type(exc).__name__}: {exc} (set OPENSPEC_DEBUG=1 for details)"))
            return ExitCode.USAGE
    except OutputError as exc:
        return output_failed(exc)
    except KeyboardInterrupt:  # during the ending itself
        return SIGINT_EXIT


def _visible(match: Any) -> str:
    text: str = match.group(0)
    if len(text) > 1:
        return text  # one of our colour codes
    code = ord(text)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    return "\u2421" if code == 0x7F else "\ufffd"


def clean(text: str, keep_colour: bool = False) -> str:
    """`text` without control characters other than tab and newline (our colour codes kept if asked)."""
    if _CONTROL.search(text) is None:
        return text
    return (_CONTROL_OR_OURS if keep_colour else _CONTROL).sub(_visible, text)


def one_line(text: str) -> str:
    """`text` on one line: line breaks inside it (a path with a newline) shown as ␤."""
    return _LINE_BREAKS.sub("\u2424", text)


def color_enabled(stream: Any = None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def paint(text: str, color: str, stream: Any = None) -> str:
    if not color_enabled(stream):
        return text
    return f"\x1b[{_CODES[color]}m{text}\x1b[0m"


def _write(name: str, text: str) -> None:
    stream = getattr(sys, name)
    if stream is None:  # started with the descriptor closed (`openspec list >&-`)
        raise OutputError(name, OSError(errno.EBADF, os.strerror(errno.EBADF)))
    try:
        stream.write(text)
    except OSError as exc:
        raise OutputError(name, exc) from None


def flush() -> None:
    """Push out what is buffered, so that a full disk or a closed pipe is noticed (and named) here."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            continue
        try:
            stream.flush()
        except OSError as exc:
            raise OutputError(name, exc) from None


def out(line: str = "") -> None:
    _write("stdout", clean(line, color_enabled(sys.stdout)) + "\n")


def err(line: str = "") -> None:
    _write("stderr", clean(line, color_enabled(sys.stderr)) + "\n")


def write_doc(text: str) -> None:
    """A document (a proposal, a rendered report) on stdout: exact into a pipe or file, cleaned on a terminal."""
    stream = sys.stdout
    if stream is not None and getattr(stream, "isatty", lambda: False)():
        text = clean(text.replace("\r\n", "\n"))
    _write("stdout", text)


def _ascii_only(stream: Any) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding not in ("utf-8", "utf8")


def emit_json(doc: Any) -> None:
    # Exact either way: on a stdout that cannot take every character, non-ASCII is written as \u escapes.
    _write("stdout", json.dumps(doc, indent=2, ensure_ascii=_ascii_only(sys.stdout)) + "\n")


def error_line(message: str) -> None:
    """A single-line error on stderr (`openspec: error: ...`)."""
    err(paint(f"openspec: error: {one_line(clean(message))}", "red", sys.stderr))


def warning_line(message: str) -> None:
    """A single-line warning on stderr (`openspec: warning: ...`)."""
    err(paint(f"openspec: warning: {one_line(clean(message))}", "yellow", sys.stderr))


def bar(done: int, total: int, width: int = 20) -> str:
    if total <= 0:
        return "·" * width
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled)


def fail_line(message: str) -> None:
    """A failure as the reference's spinner prints it (`✖ Error: ...` on stderr)."""
    err(f"{paint('✖', 'red', sys.stderr)} {message}")


NO_ROOT_STATUS = {
    "severity": "error",
    "code": "no_openspec_root",
    "message": "No OpenSpec root found from the current directory.",
    "target": "openspec.root",
    "fix": "Run openspec init to create a root here.",
}


def no_root(as_json: bool, payload: dict[str, Any]) -> ExitCode:
    """The reference's answer outside any workspace: its JSON status (with the command's empty shape) or two lines; exit 1."""
    if as_json:
        emit_json({**payload, "status": [NO_ROOT_STATUS]})
    else:
        fail_line(f"Error: {NO_ROOT_STATUS['message']}")
        err(f"Fix: {NO_ROOT_STATUS['fix']}")
    return ExitCode.INVALID
