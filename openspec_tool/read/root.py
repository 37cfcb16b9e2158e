"""Opening the workspace on disk that a command or the TUI works in: its root folder, how it was found, and the
tree that reads it (the hook reads the git index instead: `hooks/index_tree.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openspec_tool.read.discover import NoWorkspace, find_root, is_readable_dir
from openspec_tool.read.tree import DiskTree


@dataclass(frozen=True)
class WorkspaceRoot:
    """Where a workspace is (what it holds, read, is `model.workspace.Workspace`)."""

    root: Path
    tree: DiskTree
    source: str  # "explicit", "nearest" or "implicit"

    def root_json(self) -> dict[str, str]:
        """The reference's `root` object: the workspace's absolute real path and how it was found."""
        return {"path": str(self.root), "source": self.source}


OPENED: list[DiskTree] = []  # the trees of this run, whose notes (what was left out) the CLI prints once


def take_notes() -> list[str]:
    """The notes of every tree opened so far (each line once), forgetting them."""
    seen: dict[str, None] = {}
    for tree in OPENED:
        noted = set(tree.notes)
        for rel, note in tree.notes.items():
            parts = rel.split("/")
            if not any("/".join(parts[:n]) in noted for n in range(1, len(parts))):  # a folder above says it all
                seen[note] = None
        tree.notes.clear()
    OPENED.clear()
    return list(seen)


def _opened(ws: WorkspaceRoot) -> WorkspaceRoot:
    OPENED.append(ws.tree)
    return ws


def open_workspace(root_opt: str | None, allow_implicit: bool = False) -> WorkspaceRoot:
    """The workspace for `--root PATH`, else the nearest qualifying ancestor of the cwd.

    Raises NoWorkspace with a one-line message when there is none.
    """
    if root_opt is not None:
        if not root_opt.strip():
            raise NoWorkspace("--root: an empty path names no folder (use --root . for the current one)")
        root = Path(root_opt).resolve()
        if not is_readable_dir(root):
            raise NoWorkspace(f"--root {root_opt}: not a directory")
        if root.name == "openspec" and not is_readable_dir(root / "openspec"):
            root = root.parent
        if not is_readable_dir(root / "openspec"):
            raise NoWorkspace(f"--root {root_opt}: no openspec/ folder there")
        return _opened(WorkspaceRoot(root, DiskTree(root), "explicit"))
    try:
        root = find_root(Path.cwd())
        return _opened(WorkspaceRoot(root, DiskTree(root), "nearest"))
    except NoWorkspace:
        if allow_implicit:
            cwd = Path.cwd().resolve()
            return _opened(WorkspaceRoot(cwd, DiskTree(cwd), "implicit"))
        raise
