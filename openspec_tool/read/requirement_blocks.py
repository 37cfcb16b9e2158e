"""Requirement blocks of main specs and delta specs (the reference's requirement-blocks reader)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from openspec_tool.read.doc import Doc, lines_doc
from openspec_tool.read.gcpause import gc_paused
from openspec_tool.read.jstext import DOT, S, normalize, trim, trim_end
from openspec_tool.read.lazyre import lazy

IA = re.IGNORECASE

CLOSING_HASHES = lazy(r"[ \t]+#+[ \t]*\Z")
_WS_RUN = lazy(rf"{S}+")
REQUIREMENT_HEADER = lazy(rf"###{S}*Requirement:{S}*({DOT}+){S}*\Z", IA)
_REQUIREMENTS_SECTION = lazy(rf"##{S}+Requirements{S}*\Z", IA)
_TOP_LEVEL = lazy(rf"##{S}+")
_SECTION_TITLE = lazy(rf"(##){S}+({DOT}+)\Z")
_H3 = lazy(rf"###{S}+({DOT}+?){S}*\Z")
_REMOVED_BULLET = lazy(rf"{S}*[-*+]{S}*`?###{S}*Requirement:{S}*({DOT}+?)`?{S}*\Z")
_FROM = lazy(rf"{S}*[-*+]?{S}*FROM:{S}*`?###{S}*Requirement:{S}*({DOT}+?)`?{S}*\Z")
_TO = lazy(rf"{S}*[-*+]?{S}*TO:{S}*`?###{S}*Requirement:{S}*({DOT}+?)`?{S}*\Z")


def normalize_requirement_name(name: str) -> str:
    return trim(CLOSING_HASHES.sub("", name))


@lru_cache(maxsize=4096)
def fold_requirement_name(name: str) -> str:
    return _WS_RUN.sub(" ", normalize_requirement_name(name).lower())


def is_requirement_header(line: str) -> bool:
    return line.startswith("#") and REQUIREMENT_HEADER.match(line) is not None


class RequirementBlock(NamedTuple):  # a delta spec may hold 100,000: made 4x faster than a frozen dataclass
    header_line: str
    name: str
    raw: str
    line: int = 0  # 1-based line of the header in its file, 0 when unknown


@dataclass(frozen=True)
class RequirementsSection:
    before: str
    header_line: str
    preamble: str
    blocks: list[RequirementBlock]
    after: str
    found: bool


def _is_top(line: str) -> bool:
    return line.startswith("##") and _TOP_LEVEL.match(line) is not None


@lru_cache(maxsize=128)
@gc_paused
def extract_requirements_section(content: str) -> RequirementsSection:
    doc = lines_doc(normalize(content))
    lines, headers = doc.lines, doc.headers
    header_pos = next((k for k, i in enumerate(headers) if _REQUIREMENTS_SECTION.match(lines[i])), -1)
    if header_pos == -1:
        before = trim_end(content)
        return RequirementsSection(before + "\n\n" if before else "", "## Requirements", "", [], "\n", False)
    header_index = headers[header_pos]
    end = len(lines)
    inner: list[tuple[int, str]] = []  # (line index, name) of each requirement header
    seen: dict[str, _Kind] = {}  # each distinct heading text classified once
    for i in headers[header_pos + 1 :]:
        line = lines[i]
        if line.startswith("####"):  # a scenario or deeper: neither a top heading nor a requirement
            continue
        kind = seen.get(line)
        if kind is None:
            kind = seen[line] = _kind(line)
        if kind.top:
            end = i
            break
        if kind.requirement is not None:
            inner.append((i, kind.requirement))
    blocks: list[RequirementBlock] = []
    for k, (start, name) in enumerate(inner):
        stop = inner[k + 1][0] if k + 1 < len(inner) else end
        blocks.append(RequirementBlock(lines[start], name, trim_end("\n".join(lines[start:stop])), start + 1))
    first_block = inner[0][0] if inner else end
    before = "\n".join(lines[:header_index])
    after = "\n".join(lines[end:])
    return RequirementsSection(
        before=before + "\n" if trim_end(before) else before,
        header_line=lines[header_index],
        preamble=trim_end("\n".join(lines[header_index + 1 : first_block])),
        blocks=blocks,
        after=after if after.startswith("\n") else "\n" + after,
        found=True,
    )


@dataclass(frozen=True)
class SkippedHeader:
    header: str
    section: str
    line: int


@dataclass(frozen=True)
class UnpairedRename:
    side: str
    name: str
    line: int


@dataclass(frozen=True)
class OrphanRequirement:
    name: str
    section: str | None
    line: int


@dataclass(frozen=True)
class Rename:
    from_name: str
    to_name: str


@dataclass
class DeltaPlan:
    added: list[RequirementBlock] = field(default_factory=list)
    modified: list[RequirementBlock] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    removed_blocks: list[RequirementBlock] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    unpaired_renames: list[UnpairedRename] = field(default_factory=list)
    orphans: list[OrphanRequirement] = field(default_factory=list)
    skipped_headers: list[SkippedHeader] = field(default_factory=list)
    presence: dict[str, bool] = field(default_factory=dict)

    @property
    def has_sections(self) -> bool:
        return any(self.presence.values())

    @property
    def entry_count(self) -> int:
        return len(self.added) + len(self.modified) + len(self.removed) + len(self.renamed)


class _Body(NamedTuple):  # one per section: a NamedTuple is made fastest
    start: int  # index of the body's first line
    end: int  # index after its last line
    heads: int  # position in doc.headers of the body's first heading
    heads_end: int  # position in doc.headers after its last heading


_DELTA_TITLES = {"added requirements", "modified requirements", "removed requirements", "renamed requirements"}


class _Kind(NamedTuple):
    """What a heading line is to the delta reader."""

    section: tuple[str, str] | None  # (title, lower-cased title) of a `## Title` section heading
    top: bool  # a `## ` heading (a section heading or a bare one): ends a requirement block
    requirement: str | None  # the normalised name of a `### Requirement:` heading
    h3: str | None  # the title of another `### ` heading


_NO_KIND = _Kind(None, False, None, None)


def _kind(line: str) -> _Kind:
    if not line.startswith("##"):
        return _NO_KIND
    m = _SECTION_TITLE.match(line)
    if m:  # `##` and whitespace: also what _TOP_LEVEL matches, never a `###` heading
        title = trim(m.group(2))
        return _Kind((title, title.lower()), True, None, None)
    if _TOP_LEVEL.match(line):
        return _Kind(None, True, None, None)
    if not line.startswith("###"):
        return _NO_KIND
    h = REQUIREMENT_HEADER.match(line)
    if h:
        return _Kind(None, False, normalize_requirement_name(h.group(1)), None)
    h3 = _H3.match(line)
    return _Kind(None, False, None, trim(h3.group(1))) if h3 else _NO_KIND


def _kinds(doc: Doc) -> list[_Kind]:
    """The kind of every heading line, in doc.headers order; headings repeat, so each distinct text is read once."""
    lines = doc.lines
    seen: dict[str, _Kind] = {}
    out: list[_Kind] = []
    for i in doc.headers:
        line = lines[i]
        if line.startswith("####"):  # a scenario or deeper: none of the four patterns can match
            out.append(_NO_KIND)
            continue
        kind = seen.get(line)
        if kind is None:
            kind = seen[line] = _kind(line)
        out.append(kind)
    return out


def _split_sections(doc: Doc, kinds: list[_Kind]) -> tuple[list[tuple[str, str, _Body]], list[OrphanRequirement]]:
    """(title, lowered title, body) of every `## ` section, and the requirement headers outside delta sections
    (one walk over the headings for both)."""
    headers = doc.headers
    out: list[tuple[str, str, _Body]] = []
    orphans: list[OrphanRequirement] = []
    section: str | None = None
    lowered = ""
    start = -1  # the open section's line index (-1: none yet) and position in headers
    start_k = 0
    in_delta = False
    for k, kind in enumerate(kinds):
        if kind.section is not None:
            i = headers[k]
            if start >= 0:  # a section ends where the next begins
                assert section is not None
                out.append((section, lowered, _Body(start + 1, i, start_k + 1, k)))
            section, lowered = kind.section
            start, start_k = i, k
            in_delta = lowered in _DELTA_TITLES
        elif kind.requirement is not None and not in_delta:
            orphans.append(OrphanRequirement(kind.requirement, section, headers[k] + 1))
    if start >= 0:
        assert section is not None
        out.append((section, lowered, _Body(start + 1, len(doc.lines), start_k + 1, len(headers))))
    return out, orphans


def _blocks_from_sections(
    doc: Doc, kinds: list[_Kind], bodies: list[_Body], section: str | None, sink: list[SkippedHeader] | None
) -> list[RequirementBlock]:
    """The requirement blocks of these sections, in order (one call for all: a file may hold thousands)."""
    lines = doc.lines
    headers = doc.headers
    starts: list[tuple[int, int, str]] = []  # (first line, end, name) of each requirement block
    for body in bodies:
        current: int | None = None
        name = ""
        for k in range(body.heads, body.heads_end):
            kind = kinds[k]
            if kind.requirement is not None:
                i = headers[k]
                if current is not None:
                    starts.append((current, i, name))
                current, name = i, kind.requirement
                continue
            if kind.top:
                if current is not None:
                    starts.append((current, headers[k], name))
                current = None
                continue
            if sink is not None and kind.h3 is not None:
                sink.append(SkippedHeader(kind.h3, section or "", headers[k] + 1))
        if current is not None:
            starts.append((current, body.end, name))
    return [
        RequirementBlock(lines[first], name, trim_end("\n".join(lines[first:stop])), first + 1) for first, stop, name in starts
    ]


def _removed_names(doc: Doc, body: _Body) -> list[str]:
    names: list[str] = []
    for i in range(body.start, body.end):
        if doc.mask[i]:
            continue
        line = doc.lines[i]
        m = REQUIREMENT_HEADER.match(line)
        if m:
            names.append(normalize_requirement_name(m.group(1)))
            continue
        b = _REMOVED_BULLET.match(line)
        if b:
            names.append(normalize_requirement_name(b.group(1)))
    return names


def _renamed_pairs(doc: Doc, body: _Body, unpaired: list[UnpairedRename]) -> list[Rename]:
    pairs: list[Rename] = []
    pending: tuple[str, int] | None = None
    for i in range(body.start, body.end):
        if doc.mask[i]:
            continue
        line = doc.lines[i]
        fm = _FROM.match(line)
        tm = None if fm else _TO.match(line)
        if fm:
            if pending:
                unpaired.append(UnpairedRename("FROM", pending[0], pending[1]))
            pending = (normalize_requirement_name(fm.group(1)), i + 1)
        elif tm:
            to = normalize_requirement_name(tm.group(1))
            if pending is None:
                unpaired.append(UnpairedRename("TO", to, i + 1))
                continue
            pairs.append(Rename(pending[0], to))
            pending = None
    if pending:
        unpaired.append(UnpairedRename("FROM", pending[0], pending[1]))
    return pairs


@lru_cache(maxsize=128)
@gc_paused
def parse_delta_spec(content: str) -> DeltaPlan:
    doc = lines_doc(normalize(content))
    kinds = _kinds(doc)
    sections, orphans = _split_sections(doc, kinds)
    by_title: dict[str, list[tuple[str, _Body]]] = {}
    for title, lowered, body in sections:
        if lowered in _DELTA_TITLES:
            by_title.setdefault(lowered, []).append((title, body))

    def lookup(desired: str) -> tuple[str, list[_Body]]:
        found = by_title.get(desired.lower())
        if not found:
            return desired, []
        return found[0][0], [b for _, b in found]

    plan = DeltaPlan()
    skipped: list[SkippedHeader] = []
    added_title, added = lookup("ADDED Requirements")
    modified_title, modified = lookup("MODIFIED Requirements")
    _, removed = lookup("REMOVED Requirements")
    _, renamed = lookup("RENAMED Requirements")
    plan.added.extend(_blocks_from_sections(doc, kinds, added, added_title, skipped))
    plan.modified.extend(_blocks_from_sections(doc, kinds, modified, modified_title, skipped))
    for b in removed:
        plan.removed.extend(_removed_names(doc, b))
    plan.removed_blocks.extend(_blocks_from_sections(doc, kinds, removed, None, None))
    for b in renamed:
        plan.renamed.extend(_renamed_pairs(doc, b, plan.unpaired_renames))
    plan.unpaired_renames.sort(key=lambda u: u.line)
    skipped.sort(key=lambda s: s.line)
    plan.skipped_headers = skipped
    plan.orphans = orphans
    plan.presence = {"added": bool(added), "modified": bool(modified), "removed": bool(removed), "renamed": bool(renamed)}
    return plan


def has_delta_sections(content: str) -> bool:
    """Cheap test for any delta section header (used on files the reference only probes): what
    `parse_delta_spec(content).has_sections` says, from the first such header on."""
    doc = lines_doc(normalize(content))
    lines = doc.lines
    for i in doc.headers:
        if lines[i].startswith("##"):
            m = _SECTION_TITLE.match(lines[i])
            if m and trim(m.group(2)).lower() in _DELTA_TITLES:
                return True
    return False
