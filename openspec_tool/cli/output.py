"""Printing for the CLI: JSON, colour only on a terminal without NO_COLOR, one-line errors."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

_CODES = {"red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36", "dim": "2", "bold": "1"}


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


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def err(line: str = "") -> None:
    sys.stderr.write(line + "\n")


def emit_json(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def error_line(message: str) -> None:
    """A single-line error on stderr (`openspec: error: ...`)."""
    err(paint(f"openspec: error: {message}", "red", sys.stderr))


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


def no_root(as_json: bool, payload: dict[str, Any]) -> int:
    """The reference's answer outside any workspace: its JSON status (with the command's empty shape) or two lines; exit 1."""
    if as_json:
        emit_json({**payload, "status": [NO_ROOT_STATUS]})
    else:
        fail_line(f"Error: {NO_ROOT_STATUS['message']}")
        err(f"Fix: {NO_ROOT_STATUS['fix']}")
    return 1
