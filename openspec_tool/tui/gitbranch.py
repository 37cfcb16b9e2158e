"""A git branch for a decision (GitPython, imported only here and only when asked).

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
    try:
        import git
    except ImportError:  # pragma: no cover - GitPython is a dependency
        return "no branch: GitPython is not installed"
    name = branch_name(decision_id, target_id)
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return f"no branch: {root} is not in a git repository"
    try:
        if not repo.head.is_valid():
            return "no branch: the repository has no commit yet"
        if name in [h.name for h in repo.heads]:
            return f"branch {name} already exists: left as it is"
        dirty = repo.is_dirty(untracked_files=True)
        detached = repo.head.is_detached
        head = repo.create_head(name, repo.head.commit)
        if dirty:
            return f"created branch {name} at HEAD; not checked out: the work tree has uncommitted changes"
        if detached:
            return f"created branch {name} at HEAD; not checked out: HEAD is detached"
        repo.head.reference = head  # same commit: index and files stay exactly as they are
        return f"created and checked out branch {name} (the record is written on it, uncommitted)"
    except (git.GitCommandError, OSError, ValueError) as exc:
        return f"no branch: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
