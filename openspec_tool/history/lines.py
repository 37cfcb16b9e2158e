"""Lines of content of a change: which files count, and how lines are counted (the working tree side)."""

from __future__ import annotations

from dataclasses import dataclass

from openspec_tool.read.task_lines import count_tasks
from openspec_tool.read.tree import Tree, join, try_read

ROOT_FILES = ("proposal.md", "tasks.md", "design.md")


def counts_as_content(rel: str) -> bool:
    """`rel` is relative to the change folder: the three root documents, or any `*.md` under specs/ (dot entries skipped)."""
    if rel in ROOT_FILES:
        return True
    parts = rel.split("/")
    return (
        len(parts) > 1 and parts[0] == "specs" and parts[-1].lower().endswith(".md") and not any(p.startswith(".") for p in parts)
    )


def line_count(data: bytes | str) -> int:
    """Newline-terminated lines, plus an unterminated last one (`wc -l`, counting a missing final newline)."""
    if isinstance(data, bytes):
        count, terminated = data.count(b"\n"), data.endswith(b"\n")
    else:
        count, terminated = data.count("\n"), data.endswith("\n")
    return count + 1 if data and not terminated else count


def content_files(tree: Tree, change_dir: str) -> list[str]:
    """Regular files of a change folder that count as content, relative to the folder, sorted (symlinks skipped)."""
    found: list[str] = []

    def walk(rel: str, prefix: str) -> None:
        try:
            entries = tree.scandir(rel)
        except OSError:
            return
        for e in entries:
            sub = f"{prefix}{e.name}"
            if e.is_dir and not e.name.startswith("."):
                walk(join(rel, e.name), sub + "/")
            elif e.is_file and counts_as_content(sub):
                found.append(sub)

    walk(change_dir, "")
    return sorted(found)


def working_lines(tree: Tree, change_dir: str) -> int:
    total = 0
    for rel in content_files(tree, change_dir):
        text = try_read(tree, join(change_dir, rel))
        if text is not None:
            total += line_count(text)
    return total


@dataclass(frozen=True)
class WorkingChange:
    """A change as the working tree holds it now: the current side of its history."""

    lines: int  # lines of content
    tasks: tuple[int, int] | None  # (total, done) of tasks.md; None without one
    tasks_mtime: float = 0.0  # when tasks.md was last modified (0.0 where unknown)


def working_change(tree: Tree, change_dir: str, tasks: tuple[int, int] | None = None) -> WorkingChange:
    """`tasks`: tasks.md's (total, done) when the caller has counted them already (None: read them here)."""
    counts = tasks if tasks is not None else working_tasks(tree, change_dir)
    mtime = tree.mtime(join(change_dir, "tasks.md")) if counts is not None else 0.0
    return WorkingChange(working_lines(tree, change_dir), counts, mtime)


def working_tasks(tree: Tree, change_dir: str) -> tuple[int, int] | None:
    """(total, done) of the working tree's tasks.md, None when it has none."""
    rel = join(change_dir, "tasks.md")
    if tree.kind(rel) != "file":
        return None
    text = try_read(tree, rel)
    return count_tasks(text) if text is not None else None
