"""Finding text for the TUI (no Textual here): hits inside a change's files, the words a list filter matches,
the snippet that shows where, ids elided in the middle, and where a long document can be split to show its
start first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ELLIPSIS = "…"


@dataclass(frozen=True)
class Hit:
    """A line of one of a change's files that holds the searched text."""

    tab: int  # index of the artifact (tab) in the change
    line: int  # 1-based line in that file
    text: str  # the line, stripped


def find_hits(texts: Sequence[str | None], needle: str, limit: int = 5000) -> list[Hit]:
    """Every line holding `needle` (case-insensitive, as typed), file by file, in order; at most `limit`."""
    low = needle.strip().lower()
    out: list[Hit] = []
    if not low:
        return out
    for tab, text in enumerate(texts):
        if not text:
            continue
        folded = text.lower()
        if len(folded) != len(text):  # a case fold that changes lengths: go line by line
            for n, line in enumerate(text.split("\n"), 1):
                if low in line.lower():
                    out.append(Hit(tab, n, line.strip()))
            continue
        at = folded.find(low)
        line_no, counted = 1, 0
        while at >= 0 and len(out) < limit:
            line_no += text.count("\n", counted, at)
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            out.append(Hit(tab, line_no, text[start:end].strip()))
            counted = end
            at = folded.find(low, end)
        if len(out) >= limit:
            break
    return out


def words(needle: str) -> list[str]:
    return needle.lower().split()


def matches(text: str, needle: str) -> bool:
    """Case-insensitive; every space-separated word must appear."""
    low = text.lower()
    return all(word in low for word in words(needle))


def snippet(text: str, needle: str, width: int) -> str:
    """`text` cut to `width` cells around the first word of `needle` it holds (`…` where cut)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    low = text.lower()
    at = min((i for w in words(needle) if (i := low.find(w)) >= 0), default=0)
    start = max(0, min(at - min(width // 4, 12), len(text) - width))
    out = text[start : start + width]
    if start > 0:
        out = ELLIPSIS + out[1:]
    if start + width < len(text):
        out = out[:-1] + ELLIPSIS
    return out


def elide_middle(text: str, width: int, shared: int = 0) -> str:
    """`suppress-telemetry…json-c49`: cut in the middle, keeping more of the end (where ids differ). With
    `shared`, the length of a prefix every id around has, the cut goes there first: `ph…1-expand-docs`."""
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    keep = width - 1
    head = keep * 2 // 5
    if shared > head:
        head = min(head, 2)
    return text[:head] + ELLIPSIS + text[len(text) - (keep - head) :]


def shared_prefix(names: Sequence[str]) -> int:
    """The length of the prefix all `names` share, up to a word boundary (`phase2-option` → 7, `phase2-`)."""
    if len(names) < 2:
        return 0
    first, last = min(names), max(names)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    cut = max(first.rfind(sep, 0, n + 1) for sep in "-_/.")
    return cut + 1 if cut >= 0 else 0


def first_part(text: str, lines: int = 120) -> int:
    """Where to cut a long markdown file so its start can be shown at once: the offset of the first line, at or
    after `lines` lines and outside fences, that starts a heading or a plain paragraph after a blank line (not a
    list item, a table row, a quote or an indented line); len(text) when there is none or the file is short."""
    if text.count("\n") <= lines * 1.5:
        return len(text)
    fence: str | None = None
    offset = 0
    blank = False
    for n, line in enumerate(text.split("\n")):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = None if fence == mark else fence or mark
        elif fence is None and n >= lines and _starts_a_block(line, blank):
            return offset
        blank = fence is None and not stripped
        offset += len(line) + 1
    return len(text)


def _starts_a_block(line: str, after_blank: bool) -> bool:
    """A heading, or a plain paragraph after a blank line (not a list item, table row, quote or indented)."""
    if line[:1] in _NOT_A_START or _LIST_ITEM.match(line):
        return False
    return line[0] == "#" or after_blank


_LIST_ITEM = re.compile(r"\d+[.)]\s")
_NOT_A_START = ("", " ", "\t", "|", ">", "-", "*", "+")  # blank, indented, table, quote, list item
