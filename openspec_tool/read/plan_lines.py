"""The lines of a planning document as the task reader sees them: front matter, ATX and bold headings, label
keys, checkbox lines (`TASK_LINE`, the reference's), and the lines themselves with mojibake repaired."""

from __future__ import annotations

import re

from openspec_tool.read.mojibake import repair_mojibake
from openspec_tool.read.task_lines import TASK_LINE
from openspec_tool.read.task_text import strip_emoji

__all__ = ["TASK_LINE", "atx_heading", "bold_heading", "document_lines", "front_matter_end", "label_key"]

_FRONT = re.compile(r"-{3}\s*")


def front_matter_end(lines: list[str]) -> int:
    if not lines or not _FRONT.fullmatch(lines[0]):
        return 0
    for i in range(1, min(len(lines), 200)):
        if _FRONT.fullmatch(lines[i]) or lines[i].strip() == "...":
            return i + 1
    return 0


def atx_heading(stripped: str) -> tuple[int, str] | None:
    level = len(stripped) - len(stripped.lstrip("#"))
    if not 1 <= level <= 6 or (len(stripped) > level and stripped[level] not in " \t"):
        return None
    return level, stripped[level:].strip(" \t").rstrip("#").rstrip(" \t")


def label_key(text: str) -> str:
    end = text.find("**", 2) if text.startswith("**") else text.find("__", 2)
    return strip_emoji(text[2:end]).strip().rstrip(":：").strip() if end > 2 else ""


def bold_heading(stripped: str) -> str | None:
    """`**1.1 Docker Configuration**` alone on its line: a heading written in bold."""
    text = stripped.rstrip().rstrip(":：")
    for mark in ("**", "__"):
        if text.startswith(mark) and text.endswith(mark) and len(text) > 4 and mark not in text[2:-2]:
            inner = text[2:-2].strip().rstrip(":：").strip()
            return inner or None
    return None


def document_lines(text: str) -> tuple[list[str], list[str], int]:
    """(the lines the reference's checkbox count reads, the lines we read: mojibake repaired, CR and BOM dropped,
    repairs). Without a repair both are one list: a dropped CR or BOM changes no checkbox match (`TASK_LINE`
    skips a leading BOM as whitespace and reads no CR into its groups)."""
    repaired, fixed = repair_mojibake(text)
    lines = _split(repaired if fixed else text)
    raw = lines
    if fixed:
        raw = text.split("\n")
        if len(lines) != len(raw):
            lines, fixed = _split(text), 0
            raw = lines
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return raw, lines, fixed


def _split(text: str) -> list[str]:
    """The lines of `text`, each without one trailing CR."""
    if "\r" not in text:
        return text.split("\n")
    lines = text.replace("\r\n", "\n").split("\n")  # a CR before a newline; the last line has none after it
    if lines[-1].endswith("\r"):
        lines[-1] = lines[-1][:-1]
    return lines
