"""How `openspec archive` words a change in its messages, as the reference does: the task status line, a name
with control characters made visible, and the command that reruns an archive nobody could confirm."""

from __future__ import annotations

import re


def _quote(name: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9._/-]+", name):
        return name
    return f'"{name}"' if not re.search(r'["\\$`\r\n%!]', name) else "<change-name>"


def rerun_command(name: str, skip_specs: bool) -> str:
    flags = " ".join([*(["--skip-specs"] if skip_specs else []), "--yes"])
    if name.startswith("-"):
        return f"openspec archive {flags} -- {_quote(name)}"
    return f"openspec archive {_quote(name)} {flags}"


def describe_name(name: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]", "?", name)


def task_status(done: int, total: int) -> str:
    if total == 0:
        return "No tasks"
    return "✓ Complete" if done == total else f"{done}/{total} tasks"
