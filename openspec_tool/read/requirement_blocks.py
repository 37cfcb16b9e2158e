"""Requirement blocks of main specs and delta specs (the reference's requirement-blocks reader)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openspec_tool.read.fence import fence_mask
from openspec_tool.read.jstext import DOT, S, normalize, trim, trim_end
from openspec_tool.read.requirement_text import SCENARIO_HEADER

IA = re.IGNORECASE | re.ASCII

_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*\Z")
_WS_RUN = re.compile(rf"{S}+")
REQUIREMENT_HEADER = re.compile(rf"###{S}*Requirement:{S}*({DOT}+){S}*\Z", IA)
_REQUIREMENTS_SECTION = re.compile(rf"##{S}+Requirements{S}*\Z", IA)
_TOP_LEVEL = re.compile(rf"##{S}+")
_SECTION_TITLE = re.compile(rf"(##){S}+({DOT}+)\Z")
_H3 = re.compile(rf"###{S}+({DOT}+?){S}*\Z")
_REMOVED_BULLET = re.compile(rf"{S}*[-*+]{S}*`?###{S}*Requirement:{S}*({DOT}+?)`?{S}*\Z", IA)
_FROM = re.compile(rf"{S}*[-*+]?{S}*FROM:{S}*`?###{S}*Requirement:{S}*({DOT}+?)`?{S}*\Z", IA)
_TO = re.compile(rf"{S}*[-*+]?{S}*TO:{S}*`?###{S}*Requirement:{S}*({DOT}+?)`?{S}*\Z", IA)
_SCENARIO_PREFIX = re.compile(rf"Scenario:{S}*", IA)


def normalize_requirement_name(name: str) -> str:
    return trim(_CLOSING_HASHES.sub("", name))


def fold_requirement_name(name: str) -> str:
    return _WS_RUN.sub(" ", normalize_requirement_name(name).lower())


def is_requirement_header(line: str) -> bool:
    return line.startswith("#") and REQUIREMENT_HEADER.match(line) is not None


@dataclass(frozen=True)
class RequirementBlock:
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


def extract_requirements_section(content: str) -> RequirementsSection:
    lines = normalize(content).split("\n")
    mask = fence_mask(lines)
    header_index = -1
    for i, line in enumerate(lines):
        if not mask[i] and line.startswith("##") and _REQUIREMENTS_SECTION.match(line):
            header_index = i
            break
    if header_index == -1:
        before = trim_end(content)
        return RequirementsSection(before + "\n\n" if before else "", "## Requirements", "", [], "\n", False)
    end = len(lines)
    for i in range(header_index + 1, len(lines)):
        if not mask[i] and _is_top(lines[i]):
            end = i
            break
    blocks: list[RequirementBlock] = []
    preamble: list[str] = []
    cursor = header_index + 1
    while cursor < end and (mask[cursor] or not is_requirement_header(lines[cursor])):
        preamble.append(lines[cursor])
        cursor += 1
    while cursor < end:
        header = lines[cursor]
        if mask[cursor] or not is_requirement_header(header):
            cursor += 1
            continue
        m = REQUIREMENT_HEADER.match(header)
        assert m is not None
        start = cursor
        body = [header]
        cursor += 1
        while cursor < end and (mask[cursor] or not (is_requirement_header(lines[cursor]) or _is_top(lines[cursor]))):
            body.append(lines[cursor])
            cursor += 1
        blocks.append(RequirementBlock(header, normalize_requirement_name(m.group(1)), trim_end("\n".join(body)), start + 1))
    before = "\n".join(lines[:header_index])
    after = "\n".join(lines[end:])
    return RequirementsSection(
        before=before + "\n" if trim_end(before) else before,
        header_line=lines[header_index],
        preamble=trim_end("\n".join(preamble)),
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


@dataclass(frozen=True)
class _Body:
    lines: list[str]
    mask: list[bool]
    start_line: int  # 1-based line number of the body's first line


_DELTA_TITLES = {"added requirements", "modified requirements", "removed requirements", "renamed requirements"}


def _split_sections(lines: list[str], mask: list[bool]) -> list[tuple[str, _Body]]:
    heads: list[tuple[str, int]] = []
    for i, line in enumerate(lines):
        if mask[i] or not line.startswith("##"):
            continue
        m = _SECTION_TITLE.match(line)
        if m:
            heads.append((trim(m.group(2)), i))
    out: list[tuple[str, _Body]] = []
    for k, (title, index) in enumerate(heads):
        end = heads[k + 1][1] if k + 1 < len(heads) else len(lines)
        out.append((title, _Body(lines[index + 1 : end], mask[index + 1 : end], index + 2)))
    return out


def _blocks_from_section(body: _Body, section: str | None, sink: list[SkippedHeader] | None) -> list[RequirementBlock]:
    lines, mask = body.lines, body.mask
    n = len(lines)

    def record(i: int) -> None:
        if sink is None or mask[i] or not lines[i].startswith("###"):
            return
        h3 = _H3.match(lines[i])
        if h3 and not REQUIREMENT_HEADER.match(lines[i]):
            sink.append(SkippedHeader(trim(h3.group(1)), section or "", body.start_line + i))

    blocks: list[RequirementBlock] = []
    i = 0
    while i < n:
        while i < n and (mask[i] or not is_requirement_header(lines[i])):
            record(i)
            i += 1
        if i >= n:
            break
        header = lines[i]
        m = REQUIREMENT_HEADER.match(header)
        assert m is not None
        start = i
        buf = [header]
        i += 1
        while i < n and (mask[i] or not (is_requirement_header(lines[i]) or _is_top(lines[i]))):
            record(i)
            buf.append(lines[i])
            i += 1
        blocks.append(RequirementBlock(header, normalize_requirement_name(m.group(1)), trim_end("\n".join(buf)), body.start_line + start))
    return blocks


def _removed_names(body: _Body) -> list[str]:
    names: list[str] = []
    for line, masked in zip(body.lines, body.mask):
        if masked:
            continue
        m = REQUIREMENT_HEADER.match(line)
        if m:
            names.append(normalize_requirement_name(m.group(1)))
            continue
        b = _REMOVED_BULLET.match(line)
        if b:
            names.append(normalize_requirement_name(b.group(1)))
    return names


def _renamed_pairs(body: _Body, unpaired: list[UnpairedRename]) -> list[Rename]:
    pairs: list[Rename] = []
    pending: tuple[str, int] | None = None
    for i, (line, masked) in enumerate(zip(body.lines, body.mask)):
        if masked:
            continue
        fm = _FROM.match(line)
        tm = None if fm else _TO.match(line)
        if fm:
            if pending:
                unpaired.append(UnpairedRename("FROM", pending[0], pending[1]))
            pending = (normalize_requirement_name(fm.group(1)), body.start_line + i)
        elif tm:
            to = normalize_requirement_name(tm.group(1))
            if pending is None:
                unpaired.append(UnpairedRename("TO", to, body.start_line + i))
                continue
            pairs.append(Rename(pending[0], to))
            pending = None
    if pending:
        unpaired.append(UnpairedRename("FROM", pending[0], pending[1]))
    return pairs


def _orphans(lines: list[str], mask: list[bool]) -> list[OrphanRequirement]:
    orphans: list[OrphanRequirement] = []
    section: str | None = None
    for i, line in enumerate(lines):
        if mask[i] or not line.startswith("##"):
            continue
        m = _SECTION_TITLE.match(line)
        if m:
            section = trim(m.group(2))
            continue
        if section is not None and section.lower() in _DELTA_TITLES:
            continue
        h = REQUIREMENT_HEADER.match(line)
        if h:
            orphans.append(OrphanRequirement(normalize_requirement_name(h.group(1)), section, i + 1))
    return orphans


def parse_delta_spec(content: str) -> DeltaPlan:
    lines = normalize(content).split("\n")
    mask = fence_mask(lines)
    sections = _split_sections(lines, mask)

    def lookup(desired: str) -> tuple[str, list[_Body]]:
        target = desired.lower()
        found = [(t, b) for t, b in sections if t.lower() == target]
        if not found:
            return desired, []
        return found[0][0], [b for _, b in found]

    plan = DeltaPlan()
    skipped: list[SkippedHeader] = []
    added_title, added = lookup("ADDED Requirements")
    modified_title, modified = lookup("MODIFIED Requirements")
    _, removed = lookup("REMOVED Requirements")
    _, renamed = lookup("RENAMED Requirements")
    for b in added:
        plan.added.extend(_blocks_from_section(b, added_title, skipped))
    for b in modified:
        plan.modified.extend(_blocks_from_section(b, modified_title, skipped))
    for b in removed:
        plan.removed.extend(_removed_names(b))
        plan.removed_blocks.extend(_blocks_from_section(b, None, None))
    for b in renamed:
        plan.renamed.extend(_renamed_pairs(b, plan.unpaired_renames))
    plan.unpaired_renames.sort(key=lambda u: u.line)
    skipped.sort(key=lambda s: s.line)
    plan.skipped_headers = skipped
    plan.orphans = _orphans(lines, mask)
    plan.presence = {"added": bool(added), "modified": bool(modified), "removed": bool(removed), "renamed": bool(renamed)}
    return plan


def has_delta_sections(content: str) -> bool:
    """Cheap test for any delta section header (used on files the reference only probes)."""
    return parse_delta_spec(content).has_sections


# -- scenario names, for the scenario-loss check ----------------------------------------


def _scenario_name(line: str) -> str:
    name = SCENARIO_HEADER.sub("", line, count=1)
    name = _CLOSING_HASHES.sub("", name)
    name = _SCENARIO_PREFIX.sub("", name, count=1) if _SCENARIO_PREFIX.match(name) else name
    return trim(name)


def scenario_names(raw: str) -> list[str]:
    lines = normalize(raw).split("\n") if "\r" in raw else raw.split("\n")
    mask = fence_mask(lines)
    return [
        _scenario_name(line)
        for line, masked in zip(lines, mask)
        if not masked and line.startswith("####") and SCENARIO_HEADER.match(line)
    ]


@dataclass(frozen=True)
class ScenarioDiff:
    missing: list[str]
    added: list[str]
    current_count: int
    incoming_count: int


def _unmatched(names: list[str], against: list[str]) -> list[str]:
    remaining: dict[str, int] = {}
    for n in against:
        remaining[n] = remaining.get(n, 0) + 1
    out: list[str] = []
    for n in names:
        left = remaining.get(n, 0)
        if left > 0:
            remaining[n] = left - 1
        else:
            out.append(n)
    return out


def diff_scenario_names(current: RequirementBlock, incoming: RequirementBlock) -> ScenarioDiff:
    cur = scenario_names(current.raw)
    inc = scenario_names(incoming.raw)
    return ScenarioDiff(_unmatched(cur, inc), _unmatched(inc, cur), len(cur), len(inc))


def describe_scenario_balance(diff: ScenarioDiff) -> str:
    def count(v: int) -> str:
        return f"{v} {'scenario' if v == 1 else 'scenarios'}"

    scale = f"The modified block has {count(diff.incoming_count)}; the current spec has {count(diff.current_count)}."
    if not diff.added:
        return f"{scale} It adds none."
    listed = ", ".join(f'"{n}"' for n in diff.added[:3])
    rest = len(diff.added) - 3
    names = f"{listed} and {rest} more" if rest > 0 else listed
    return f"{scale} It adds {count(len(diff.added))} not in the current spec: {names}."
