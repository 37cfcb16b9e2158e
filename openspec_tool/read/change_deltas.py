"""A change read the way `openspec show --json` reports it: why, what changes, and its deltas."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from openspec_tool.read.discover import discover_spec_files
from openspec_tool.read.jstext import DOT, NOT_S, S, normalize, trim
from openspec_tool.read.lazyre import lazy
from openspec_tool.read.requirement_blocks import RequirementBlock, parse_delta_spec
from openspec_tool.read.requirement_text import extract_requirement_text
from openspec_tool.read.sections import find_section, parse_sections, parse_sections_lines
from openspec_tool.read.tree import Tree, join

_REQ_TITLE = lazy(rf"Requirement:{S}*{NOT_S}", re.I)
_SIMPLE_DELTA = lazy(rf"{S}*-{S}*\*\*([^*:]+)(?::\*\*|\*\*:){S}*({DOT}+)\Z")
_TITLE = lazy(r"^#\s+(?:Change:\s+)?(.+)$", re.IGNORECASE | re.MULTILINE)


class ChangeParseError(ValueError):
    pass


def _requirement_json(block: RequirementBlock) -> list[dict[str, Any]]:
    header, *body = block.raw.split("\n")
    title = trim(re.sub(rf"^###{S}*", "", header))
    sections = parse_sections_lines(normalize("\n".join([f"### {title}", *body])).split("\n"))
    out: list[dict[str, Any]] = []
    for child in sections[:1]:
        if not _REQ_TITLE.match(trim(child.title)):
            continue
        text = extract_requirement_text(child.title, child.content.split("\n"))
        scenarios = [{"rawText": s.content} for s in child.children if trim(s.content)]
        out.append({"text": text, "scenarios": scenarios})
    return out


def simple_deltas(what_changes: str) -> list[dict[str, Any]]:
    deltas: list[dict[str, Any]] = []
    for line in what_changes.split("\n"):
        m = _SIMPLE_DELTA.match(line)
        if not m:
            continue
        spec, desc = trim(m.group(1)), trim(m.group(2))
        low = desc.lower()
        op = "MODIFIED"
        if re.search(r"\brename(s|d|ing)?\b", low, re.A) or re.search(r"\brenamed\s+(to|from)\b", low, re.A):
            op = "RENAMED"
        elif re.search(r"\badd(s|ed|ing)?\b|\bcreate(s|d|ing)?\b|\bnew\b", low, re.A):
            op = "ADDED"
        elif re.search(r"\bremove(s|d|ing)?\b|\bdelete(s|d|ing)?\b", low, re.A):
            op = "REMOVED"
        deltas.append({"spec": spec, "operation": op, "description": desc})
    return deltas


def change_deltas(tree: Tree, change: str) -> tuple[list[dict[str, Any]], bool]:
    """(deltas, whether any spec file carries a delta section)."""
    deltas: list[dict[str, Any]] = []
    has_sections = False
    specs = join(change, "specs")
    if tree.kind(specs) not in ("missing", "dir"):
        raise ChangeParseError(f"ENOTDIR: not a directory, scandir '{tree.abspath(specs)}'")
    for sf in discover_spec_files(tree, specs, confine=True):
        try:
            plan = parse_delta_spec(tree.read_text(sf.path))
        except OSError:
            continue
        has_sections = has_sections or plan.has_sections
        for op, verb, blocks in (("ADDED", "Add", plan.added), ("MODIFIED", "Modify", plan.modified)):
            for block in blocks:
                for req in _requirement_json(block):
                    deltas.append(
                        {
                            "spec": sf.id,
                            "operation": op,
                            "description": f"{verb} requirement: {req['text']}",
                            "requirement": req,
                            "requirements": [req],
                        }
                    )
        pool: dict[str, deque[RequirementBlock]] = {}  # each name takes the first of its blocks not taken yet
        for b in plan.removed_blocks:
            pool.setdefault(b.name, deque()).append(b)
        for name in plan.removed:
            same = pool.get(name)
            block = same.popleft() if same else RequirementBlock(f"### Requirement: {name}", name, f"### Requirement: {name}")
            for req in _requirement_json(block):
                deltas.append(
                    {
                        "spec": sf.id,
                        "operation": "REMOVED",
                        "description": f"Remove requirement: {req['text']}",
                        "requirement": req,
                        "requirements": [req],
                    }
                )
        for r in plan.renamed:
            deltas.append(
                {
                    "spec": sf.id,
                    "operation": "RENAMED",
                    "description": f'Rename requirement from "{r.from_name}" to "{r.to_name}"',
                    "rename": {"from": r.from_name, "to": r.to_name},
                }
            )
    return deltas, has_sections


def change_title(proposal: str, change_id: str) -> str:
    m = _TITLE.search(proposal)
    title = trim(m.group(1)) if m else ""
    return title if title and title.lower() != "proposal" else change_id


def change_json(tree: Tree, change: str, change_id: str) -> dict[str, Any]:
    """`show CHANGE --json`; raises ChangeParseError when the proposal lacks Why / What Changes."""
    proposal = tree.read_text(join(change, "proposal.md"))
    sections = parse_sections(proposal)
    why = find_section(sections, "Why")
    what = find_section(sections, "What Changes")
    if not (why and why.content):
        raise ChangeParseError("Change must have a Why section")
    if not (what and what.content):
        raise ChangeParseError("Change must have a What Changes section")
    deltas, has_sections = change_deltas(tree, change)
    if not has_sections:
        deltas = simple_deltas(what.content)
    return {"id": change_id, "title": change_title(proposal, change_id), "deltaCount": len(deltas), "deltas": deltas}
