"""A git branch for a decision (made by `gitrepo.create_branch`, with GitPython, only when asked).

`decision/<decision id>-<target id>` is created at HEAD. It is checked out only when the work tree is
clean (no modified, staged or untracked file), by pointing HEAD at it: it is the same commit, so neither
the index nor any file changes. Nothing is ever stashed, reset or overwritten.
"""

from __future__ import annotations

import re
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def branch_name(decision_id: str, target_id: str) -> str:
    def part(text: str) -> str:
        cleaned = _UNSAFE.sub("-", text).replace("..", ".").strip(".-")
        return cleaned.removesuffix(".lock") or "x"

    return f"decision/{part(decision_id)}-{part(target_id)}"


def in_git_repo(root: Path) -> bool:
    """Cheap check (no GitPython): is there a `.git` in `root` or above?"""
    return any((p / ".git").exists() for p in (root.resolve(), *root.resolve().parents))


def create_branch(root: Path, decision_id: str, target_id: str) -> str:
    """Create the branch; returns one line saying what happened (never raises for git trouble)."""
    from openspec_tool.gitrepo import create_branch as create

    name = branch_name(decision_id, target_id)
    outcome = create(root, name)
    if outcome.state == "exists":
        return f"branch {name} already exists: left as it is"
    if outcome.state == "created":
        return f"created branch {name} at HEAD; not checked out: {outcome.reason}"
    if outcome.state == "checked out":
        return f"created and checked out branch {name} (the record is written on it, uncommitted)"
    return f"no branch: {outcome.reason}"
