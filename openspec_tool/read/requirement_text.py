"""Requirement bodies, scenario counts and the SHALL/MUST test (the reference's requirement-text)."""

from __future__ import annotations

import re

from openspec_tool.read.fence import fence_mask
from openspec_tool.read.jstext import S, trim
from openspec_tool.read.lazyre import lazy

_METADATA_LINE = lazy(r"\*\*[^*]+\*\*:")
_HEADER_LINE = lazy(rf"#{{1,6}}{S}")
SCENARIO_HEADER = lazy(rf"####{S}+")
_SCENARIO_BODY_END = lazy(rf"#{{1,4}}{S}")
_SHALL_MUST = lazy(r"\b(SHALL|MUST)\b", re.ASCII)


def contains_shall_or_must(text: str) -> bool:
    return _SHALL_MUST.search(text) is not None


def extract_requirement_body(body_lines: list[str]) -> str:
    """The requirement's text: non-blank, unfenced lines up to the first header.

    `**Key**: value` lines are kept aside and used only when nothing else is there.
    """
    mask = fence_mask(body_lines)
    captured: list[str] = []
    metadata: list[str] = []
    for line, masked in zip(body_lines, mask):
        if masked:
            continue
        if line.startswith("#") and _HEADER_LINE.match(line):
            break
        trimmed = trim(line)
        if not trimmed:
            continue
        if trimmed.startswith("**") and _METADATA_LINE.match(trimmed):
            metadata.append(trimmed)
            continue
        captured.append(trimmed)
    if captured:
        return "\n".join(captured)
    return "\n".join(metadata)


def memo_body(text: str, after_header: bool, memo: dict[str, str]) -> str:
    """extract_requirement_body of `text`'s lines (after its first, a block's header, when `after_header`),
    each distinct text read once per memo: large specs repeat the same requirement bodies."""
    body = memo.get(text)
    if body is None:
        lines = text.split("\n")
        body = memo[text] = extract_requirement_body(lines[1:] if after_header else lines)
    return body


def extract_requirement_text(header_title: str, body_lines: list[str]) -> str:
    return extract_requirement_body(body_lines) or trim(header_title)


def _scenario_bodies(body_lines: list[str]) -> list[str]:
    mask = fence_mask(body_lines)
    bodies: list[str] = []
    n = len(body_lines)
    for i in range(n):
        line = body_lines[i]
        if mask[i] or not line.startswith("####") or not SCENARIO_HEADER.match(line):
            continue
        end = i + 1
        while end < n and (mask[end] or not (body_lines[end].startswith("#") and _SCENARIO_BODY_END.match(body_lines[end]))):
            end += 1
        bodies.append("\n".join(body_lines[i + 1 : end]))
    return bodies


def count_scenarios(body_lines: list[str]) -> int:
    return sum(1 for body in _scenario_bodies(body_lines) if trim(body))


def count_empty_scenarios(body_lines: list[str]) -> int:
    return sum(1 for body in _scenario_bodies(body_lines) if not trim(body))
