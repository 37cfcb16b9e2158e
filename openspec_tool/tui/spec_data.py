"""Specs as the TUI shows them (no Textual here): a main spec's requirements and scenarios as the reader sees
them, a delta spec's by operation, and reading a file with the reason it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass

from openspec_tool.read.discover import SPECS
from openspec_tool.read.requirement_blocks import parse_delta_spec
from openspec_tool.read.requirement_text import extract_requirement_text
from openspec_tool.read.sections import Section, SpecParseError, find_section, parse_sections, parse_spec
from openspec_tool.read.tree import Tree, join


@dataclass(frozen=True)
class Scenario:
    title: str
    lines: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Requirement:
    title: str
    text: str
    line: int
    scenarios: tuple[Scenario, ...]
    operation: str | None = None  # ADDED / MODIFIED / REMOVED / RENAMED in a delta spec


@dataclass(frozen=True)
class SpecDetail:
    id: str
    path: str
    requirements: tuple[Requirement, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class SpecRef:
    """A main spec (`change` None) or a change's delta spec, as the spec browser lists them."""

    id: str
    path: str
    change: str | None = None
    requirement_count: int | None = None  # known for main specs (as `openspec list --specs`)

    @property
    def key(self) -> str:
        return f"{self.change}:{self.id}" if self.change else self.id


def spec_path(spec_id: str) -> str:
    """A main spec's file (as `openspec validate` finds it)."""
    return join(SPECS, spec_id, "spec.md")


def _requirement(section: Section, operation: str | None = None, offset: int = 0) -> Requirement:
    title = section.title
    if title.lower().startswith("requirement:"):
        title = title.split(":", 1)[1].strip()
    scenarios = []
    for s in section.children:
        if not s.content.strip():
            continue  # the reader skips empty scenarios (requirements_of)
        name = s.title.split(":", 1)[1].strip() if s.title.lower().startswith("scenario:") else s.title
        scenarios.append(Scenario(name, tuple(ln for ln in s.content.split("\n") if ln.strip()), s.line + offset))
    text = extract_requirement_text(section.title, section.content.split("\n"))
    return Requirement(title, text, section.line + offset, tuple(scenarios), operation)


def _delta_requirements(text: str) -> tuple[Requirement, ...]:
    plan = parse_delta_spec(text)
    out: list[Requirement] = []
    for op, blocks in (("ADDED", plan.added), ("MODIFIED", plan.modified), ("REMOVED", plan.removed_blocks)):
        for block in blocks:
            for section in parse_sections(block.raw)[:1]:
                out.append(_requirement(section, op, max(block.line - 1, 0)))
    known = {r.title for r in out if r.operation == "REMOVED"}
    out.extend(Requirement(name, "", 0, (), "REMOVED") for name in plan.removed if name not in known)
    out.extend(Requirement(f"{r.from_name} → {r.to_name}", "", 0, (), "RENAMED") for r in plan.renamed)
    return tuple(out)


def read(tree: Tree, rel: str) -> tuple[str | None, str | None]:
    """(text, None), or (None, the reason it cannot be read)."""
    if tree.kind(rel) == "missing":
        return None, f"{rel}: no such file"
    try:
        return tree.read_text(rel), None
    except OSError as exc:
        return None, f"{rel}: cannot read: {exc.strerror or exc}"


def read_spec(tree: Tree, ref: SpecRef) -> SpecDetail:
    """A main spec's requirements as the reader sees them, or a delta spec's by operation."""
    text, error = read(tree, ref.path)
    if text is None:
        return SpecDetail(ref.id, ref.path, error=error)
    if ref.change is not None:
        return SpecDetail(ref.id, ref.path, _delta_requirements(text))
    try:
        parse_spec(text, ref.id)  # the reader's verdict: a spec it cannot read counts 0 requirements
    except SpecParseError as exc:
        return SpecDetail(ref.id, ref.path, error=f"{ref.path}: {exc}")
    section = find_section(parse_sections(text), "Requirements")
    return SpecDetail(ref.id, ref.path, tuple(_requirement(c) for c in section.children) if section else ())
