"""Which planning documents a workspace has: the ones `openspec/config.yaml` lists (`planning: {documents:
["PHASE_2_*.md", "docs/plan/*.md"]}`) and the ones a decision file names (`documents:`, written by `decide init
--from`), as paths or globs relative to the workspace root (`*`, `?`, `[…]` within a name, `**` for any depth)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from openspec_tool.model.planning import PlanningDoc
from openspec_tool.read.decisions import config_planning
from openspec_tool.read.planning_doc import parse_planning_doc
from openspec_tool.read.tree import Tree, join

MAX_DEPTH = 8  # `**` looks this many folders deep
_SKIP = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"})


def config_documents(tree: Tree) -> tuple[str, ...]:
    """`planning: {documents: [...]}` in openspec/config.yaml, if set."""
    return config_planning(tree, "documents")


def _wild(part: str) -> bool:
    return any(ch in part for ch in "*?[")


def _walk(tree: Tree, base: str, parts: list[str], depth: int = 0) -> list[str]:
    if not parts:
        return [base] if base and tree.kind(base) == "file" else []
    head, rest = parts[0], parts[1:]
    if head == "**":
        found = _walk(tree, base, rest, depth)
        if depth < MAX_DEPTH:
            for e in _entries(tree, base):
                if e[1] and e[0] not in _SKIP:
                    found += _walk(tree, join(base, e[0]) if base else e[0], parts, depth + 1)
        return found
    if not _wild(head):
        return _walk(tree, join(base, head) if base else head, rest, depth)
    out: list[str] = []
    for name, is_dir in _entries(tree, base):
        if fnmatch.fnmatchcase(name, head) and (is_dir or not rest):
            out += _walk(tree, join(base, name) if base else name, rest, depth)
    return out


def _entries(tree: Tree, base: str) -> list[tuple[str, bool]]:
    try:
        return sorted((e.name, e.is_dir) for e in tree.scandir(base or "."))
    except OSError:
        return []


def expand(tree: Tree, patterns: Iterable[str]) -> list[str]:
    """The files the patterns name, each once, in the order the patterns give them (each glob's matches sorted)."""
    out: list[str] = []
    for pattern in patterns:
        clean = pattern.strip().removeprefix("./")
        if not clean or clean.startswith("/") or ".." in clean.split("/"):
            continue  # outside the workspace: never read
        for path in _walk(tree, "", [p for p in clean.split("/") if p]):
            if path not in out:
                out.append(path)
    return out


def load_documents(tree: Tree, paths: Iterable[str]) -> list[PlanningDoc]:
    docs = []
    for path in paths:
        try:
            text = tree.read_text(path)
        except OSError as exc:
            docs.append(PlanningDoc(path, problem=f"{path}: cannot read: {exc.strerror or exc}"))
            continue
        docs.append(parse_planning_doc(text, path))
    return docs
