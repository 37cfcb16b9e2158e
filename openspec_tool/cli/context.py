"""Resolving the workspace a command runs in (shared by every command)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from openspec_tool.read.discover import NoWorkspace, find_root
from openspec_tool.read.tree import DiskTree


@dataclass(frozen=True)
class Workspace:
    root: Path
    tree: DiskTree
    source: str  # "explicit", "nearest" or "implicit"

    def root_json(self) -> dict[str, str]:
        try:
            shown = os.path.relpath(self.root, Path.cwd())
        except ValueError:
            shown = str(self.root)
        return {"path": shown, "source": self.source}


def open_workspace(root_opt: str | None, allow_implicit: bool = False) -> Workspace:
    """The workspace for `--root PATH`, else the nearest qualifying ancestor of the cwd.

    Raises NoWorkspace with a one-line message when there is none.
    """
    if root_opt is not None:
        if not root_opt.strip():
            raise NoWorkspace("--root: an empty path names no folder (use --root . for the current one)")
        root = Path(root_opt).resolve()
        if not root.is_dir():
            raise NoWorkspace(f"--root {root_opt}: not a directory")
        if root.name == "openspec" and not (root / "openspec").is_dir():
            root = root.parent
        if not (root / "openspec").is_dir():
            raise NoWorkspace(f"--root {root_opt}: no openspec/ folder there")
        return Workspace(root, DiskTree(root), "explicit")
    try:
        root = find_root(Path.cwd())
        return Workspace(root, DiskTree(root), "nearest")
    except NoWorkspace:
        if allow_implicit:
            cwd = Path.cwd().resolve()
            return Workspace(cwd, DiskTree(cwd), "implicit")
        raise
