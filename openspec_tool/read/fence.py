"""Fenced-code detection shared by every reader (the reference's `buildCodeFenceMask`)."""

from __future__ import annotations

import re

from openspec_tool.read.jstext import JS_WS, S

_OPEN = re.compile(rf"{S}*(`{{3,}}|~{{3,}})")
_CLOSE = re.compile(rf"{S}*(`{{3,}}|~{{3,}}){S}*\Z")


def _could_be_fence(line: str) -> bool:
    head = line.lstrip(JS_WS)[:3]
    return head == "```" or head == "~~~"


def fence_mask(lines: list[str]) -> list[bool]:
    """True for every line inside a fenced block, the fence lines included.

    A fence opens on a run of three or more backticks or tildes after any leading
    whitespace and closes on a bare run of the same character at least as long.
    """
    mask = [False] * len(lines)
    active: tuple[str, int] | None = None
    for i, line in enumerate(lines):
        if active is None:
            if not _could_be_fence(line):
                continue
            m = _OPEN.match(line)
            if m:
                run = m.group(1)
                active = (run[0], len(run))
                mask[i] = True
            continue
        mask[i] = True
        if _could_be_fence(line):
            m = _CLOSE.match(line)
            if m and m.group(1)[0] == active[0] and len(m.group(1)) >= active[1]:
                active = None
    return mask


def strip_fenced(lines: list[str]) -> list[str]:
    """The lines with every fenced line blanked, so line numbers are kept."""
    mask = fence_mask(lines)
    if not any(mask):
        return lines
    return ["" if masked else line for line, masked in zip(lines, mask)]
