"""Main-spec structure and placeholder-Purpose detection (reference spec-structure, purpose-placeholder)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from openspec_tool.read.doc import lines_doc
from openspec_tool.read.fence import fence_mask
from openspec_tool.read.gcpause import gc_paused
from openspec_tool.read.jstext import DOT, S, normalize_eol, trim
from openspec_tool.read.lazyre import lazy
from openspec_tool.read.requirement_blocks import normalize_requirement_name

IA = re.IGNORECASE
_REQUIREMENTS = lazy(rf"##{S}+Requirements{S}*\Z", IA)
_TOP = lazy(rf"##{S}+")
_DELTA = lazy(rf"##{S}+(ADDED|MODIFIED|REMOVED|RENAMED){S}+Requirements{S}*\Z", IA)
_REQ = lazy(rf"###{S}+Requirement:{S}*({DOT}+){S}*\Z", IA)

PLACEHOLDER_PREFIX = "TBD - created by archiving change "
PLACEHOLDER_SUFFIX = ". Update Purpose after archive."


class StructureIssue(NamedTuple):  # a main spec of delta headers makes one per line: kept small, worded on demand
    kind: str
    line: int
    header: str  # the offending header, trimmed
    first: int = 0  # for a duplicate: the line of the first declaration

    @property
    def message(self) -> str:
        if self.kind == "delta-header":
            return (
                f'Main spec contains delta header "{self.header}". Delta headers are only valid inside '
                "openspec/changes/<name>/specs/<capability-path>/spec.md and truncate the parsed "
                "## Requirements section."
            )
        if self.kind == "requirement-outside-requirements":
            return (
                f'Requirement header "{self.header}" appears outside the main ## Requirements section. '
                "Main specs only parse requirements inside that section, so this requirement is currently "
                "invisible to validate, list, and archive."
            )
        return (
            f'Requirement header "{self.header}" duplicates the requirement declared on line {self.first}. '
            "Requirement names must be unique so spec updates cannot discard one block while updating another."
        )


def _structure_kind(line: str) -> tuple[bool, str, str | None]:
    """(a delta header, the line trimmed, the normalised name of a requirement header) of a `##` line."""
    if _DELTA.match(line):
        return True, trim(line), None
    m = _REQ.match(line)
    return False, trim(line), normalize_requirement_name(m.group(1)) if m else None


@lru_cache(maxsize=128)
@gc_paused
def structure_issues(content: str) -> tuple[StructureIssue, ...]:
    doc = lines_doc(normalize_eol(content))
    lines = doc.lines
    issues: list[StructureIssue] = []
    seen: dict[str, int] = {}
    header = -1
    for i in doc.headers:
        if lines[i].startswith("##") and _REQUIREMENTS.match(lines[i]):
            header = i
            break
    end = len(lines)
    if header != -1:
        for i in doc.headers:
            if i > header and lines[i].startswith("##") and _TOP.match(lines[i]):
                end = i
                break
    kinds: dict[str, tuple[bool, str, str | None]] = {}  # each distinct heading text classified once
    for i in doc.headers:
        line = lines[i]
        if not line.startswith("##") or line.startswith("####"):  # neither _DELTA nor _REQ can match
            continue
        kind = kinds.get(line)
        if kind is None:
            kind = kinds[line] = _structure_kind(line)
        is_delta, trimmed, name = kind
        if is_delta:
            issues.append(StructureIssue("delta-header", i + 1, trimmed))
            continue
        if name is None:
            continue
        if not (header != -1 and header < i < end):
            issues.append(StructureIssue("requirement-outside-requirements", i + 1, trimmed))
            continue
        if name in seen:
            issues.append(StructureIssue("duplicate-requirement", i + 1, trimmed, seen[name]))
        else:
            seen[name] = i + 1
    return tuple(issues)


# -- placeholder Purpose -----------------------------------------------------------------

_PUNCT = set(":-\u2013\u2014.,;()[]{}")
_PURPOSE_HEADER = lazy(r" {0,3}##(?!#)[ \t]+Purpose[ \t]*\Z", IA)
_TOP_HEADER = lazy(r" {0,3}#{1,2}(?!#)[ \t]+")


def _word_char(ch: str) -> bool:
    return ch == "_" or unicodedata.category(ch)[0] in "LNM"


def _marker_at_start(prose: str) -> bool:
    for marker in ("TBD", "TODO"):
        head = prose[: len(marker)]
        if head.upper() != marker:
            continue
        rest = prose[len(marker) :]
        if rest and _word_char(rest[0]):
            continue
        if head == marker:
            return True
        after = rest.lstrip(" \t")
        if not after or after[0] == "\n" or after[0] in _PUNCT:
            return True
    return False


def _generated_prefix_index(text: str) -> int | None:
    suffix_at = text.find(PLACEHOLDER_SUFFIX)
    while suffix_at != -1:
        prefix_at = text.rfind(PLACEHOLDER_PREFIX, 0, suffix_at + len(PLACEHOLDER_PREFIX))
        if prefix_at != -1 and prefix_at <= suffix_at:
            return prefix_at
        suffix_at = text.find(PLACEHOLDER_SUFFIX, suffix_at + 1)
    return None


def _unfenced(text: str) -> list[str]:
    lines = normalize_eol(text).split("\n")
    mask = fence_mask(lines)
    return [line for line, m in zip(lines, mask) if not m]


def placeholder_issue(overview: str, content: str) -> tuple[bool, int | None]:
    """(is the Purpose a placeholder, the line carrying it when it can be located)."""
    prose = trim("\n".join(_unfenced(overview)))
    leading = _marker_at_start(prose)
    if not leading and _generated_prefix_index(prose) is None:
        return False, None
    return True, _placeholder_line(content, leading)


def _placeholder_line(content: str, leading: bool) -> int | None:
    lines = normalize_eol(content).split("\n")
    mask = fence_mask(lines)
    header = next((i for i, line in enumerate(lines) if not mask[i] and _PURPOSE_HEADER.match(line)), -1)
    if header == -1:
        return None
    purpose: list[tuple[int, str]] = []
    for i in range(header + 1, len(lines)):
        if mask[i]:
            continue
        if _TOP_HEADER.match(lines[i]):
            break
        if leading and trim(lines[i]):
            return i + 1
        purpose.append((i + 1, lines[i]))
    if leading:
        return None
    text = "\n".join(t for _, t in purpose)
    at = _generated_prefix_index(text)
    if at is None:
        return None
    offset = text[:at].count("\n")
    return purpose[offset][0] if offset < len(purpose) else None
