"""Fenced-code detection shared by every reader (the reference's `buildCodeFenceMask`).

Only lines that can open or close a fence are examined one by one; the rest of a
document is skipped in C (`str.join` + `in`), which is what keeps a 35 MB workspace fast.
"""

from __future__ import annotations

import re

from openspec_tool.read.jstext import JS_WS, S

_OPEN = re.compile(rf"{S}*(`{{3,}}|~{{3,}})")
_CLOSE = re.compile(rf"{S}*(`{{3,}}|~{{3,}}){S}*\Z")


def fence_candidates(lines: list[str]) -> list[int]:
    """Indices of the lines that could open or close a fence."""
    text = "\n".join(lines)
    if "```" not in text and "~~~" not in text:
        return []
    out: list[int] = []
    for i, line in enumerate(lines):
        if ("```" in line or "~~~" in line) and line.lstrip(JS_WS)[:3] in ("```", "~~~"):
            out.append(i)
    return out


def fence_mask(lines: list[str]) -> list[bool]:
    """True for every line inside a fenced block, the fence lines included.

    A fence opens on a run of three or more backticks or tildes after any leading
    whitespace and closes on a bare run of the same character at least as long.
    """
    mask = [False] * len(lines)
    candidates = fence_candidates(lines)
    if not candidates:
        return mask
    active: tuple[str, int] | None = None
    start = 0
    for i in candidates:
        line = lines[i]
        if active is None:
            m = _OPEN.match(line)
            if m:
                active = (m.group(1)[0], len(m.group(1)))
                start = i
            continue
        m = _CLOSE.match(line)
        if m and m.group(1)[0] == active[0] and len(m.group(1)) >= active[1]:
            mask[start : i + 1] = [True] * (i + 1 - start)
            active = None
    if active is not None:
        mask[start:] = [True] * (len(lines) - start)
    return mask


def strip_fenced(lines: list[str]) -> list[str]:
    """The lines with every fenced line blanked, so line numbers are kept."""
    mask = fence_mask(lines)
    if not any(mask):
        return lines
    return ["" if masked else line for line, masked in zip(lines, mask)]
