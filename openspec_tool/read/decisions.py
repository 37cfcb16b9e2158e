"""Finding and loading the workspace's decision files and the planning settings of its config."""

from __future__ import annotations

from openspec_tool.model.decision import DecisionSpec
from openspec_tool.read.decision_file import DECISIONS_DIR, DecisionFileError, parse_decision
from openspec_tool.read.discover import change_ids
from openspec_tool.read.tree import Tree, join, try_read
from openspec_tool.read.yaml12 import YamlError, load


def decision_paths(tree: Tree) -> list[str]:
    try:
        entries = tree.scandir(DECISIONS_DIR)
    except OSError:
        return []
    return sorted(join(DECISIONS_DIR, e.name) for e in entries if e.name.endswith((".yaml", ".yml")) and not e.is_dir)


def resolve_decision_path(tree: Tree, name: str | None) -> str | None:
    """`phase-2`, `phase-2.yaml` or a path; None picks the only decision file (or none)."""
    paths = decision_paths(tree)
    if name is None:
        return paths[0] if len(paths) == 1 else None
    for p in paths:
        stem = p.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if name in (p, stem, p.rsplit("/", 1)[-1]):
            return p
    return name if tree.kind(name) == "file" else None


def load_decision(tree: Tree, rel: str, lenient: bool = False) -> DecisionSpec:
    """Raises DecisionFileError (with file and line) for anything unusable."""
    try:
        text = tree.read_text(rel)
    except OSError as exc:
        raise DecisionFileError(rel, None, f"cannot read: {exc.strerror or exc}") from None
    return parse_decision(text, rel, set(change_ids(tree)), lenient=lenient)


def load_decisions(tree: Tree, lenient: bool = True) -> tuple[list[DecisionSpec], list[DecisionFileError]]:
    specs: list[DecisionSpec] = []
    errors: list[DecisionFileError] = []
    for rel in decision_paths(tree):
        try:
            specs.append(load_decision(tree, rel, lenient=lenient))
        except DecisionFileError as exc:
            errors.append(exc)
    return specs, errors


def config_planning(tree: Tree, key: str) -> tuple[str, ...]:
    """`planning: {<key>: [...]}` in openspec/config.yaml (a single string counts as a list of one), if set."""
    text = try_read(tree, "openspec/config.yaml") or try_read(tree, "openspec/config.yml")
    if not text:
        return ()
    try:
        doc = load(text)
    except YamlError:
        return ()
    planning = doc.get("planning") if isinstance(doc, dict) else None
    found = planning.get(key) if isinstance(planning, dict) else None
    if isinstance(found, str):
        return (found,)
    return tuple(str(s) for s in found) if isinstance(found, list) else ()


def config_required_sections(tree: Tree) -> tuple[str, ...]:
    """`planning: {required_sections: [...]}` in openspec/config.yaml, if set."""
    return config_planning(tree, "required_sections")
