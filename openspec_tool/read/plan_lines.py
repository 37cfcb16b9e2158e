"""The lines of a planning document as the task reader sees them: front matter, ATX and bold headings (and which
name no work), label lines and keys, checkbox lines (`TASK_LINE`, the reference's), and the lines themselves with
mojibake repaired."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from openspec_tool.model.tasks import Estimate
from openspec_tool.read.mojibake import repair_mojibake
from openspec_tool.read.task_lines import TASK_LINE
from openspec_tool.read.task_text import (
    STRONG_LABELS,
    WEAK_LABELS,
    LabelKind,
    legend_estimate,
    parse_labels,
    parse_plain_label,
    strip_emoji,
)

__all__ = [
    "OTHER_ONLY",
    "TASK_LINE",
    "LabelLine",
    "atx_heading",
    "bold_heading",
    "document_lines",
    "front_matter_end",
    "label_key",
    "label_line",
    "nonwork_title",
    "plain_label_line",
]

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


# Headings (and bold paragraph headings) whose content is no work: summaries, criteria, risks, plans about the
# plan, tables of contents. Their checkboxes are acceptance checks; their estimates restate others.
_NONWORK = re.compile(
    r"(?:^|\b)(?:summary|success criteria|acceptance criteria|definition of done|exit criteria|completion criteria|"
    r"done criteria|success metrics|key metrics|communication plan|table of contents|change ?log|revision history|"
    r"document (?:metadata|history|overview)|glossary|open questions|completion status|risk register)(?:\b|$)"
    r"|^(?:risks?|risk (?:assessment|analysis|matrix|mitigation(?: plan)?)|risks? (?:and|&) mitigations?|"
    r"known risks|identified risks|contents|notes|notes & issues|references|related documents|appendix(?: \w+)?|"
    r"toc|legend|dependencies|prerequisites|external dependencies|task dependencies)$"
    r"|\b(?:validation|verification|review|quality|acceptance|release readiness|testing|test|completion|final) checklist\b"
)


# A word every match of `_NONWORK` holds: most titles hold none, and this search is a fifth of the full one's cost.
_NONWORK_HINT = re.compile(
    r"summary|criteria|definition|metrics|communication|contents|change|history|document|glossary|questions|status|"
    r"register|risk|notes|references|appendix|toc|legend|dependencies|prerequisites|checklist"
)


@lru_cache(maxsize=4096)  # section titles recur (`Acceptance Criteria` under every task)
def nonwork_title(title: str) -> bool:
    """Whether a heading names a part of the document that is not work (`Task Summary`, `Risk Register`)."""
    low = title.strip().lower()
    if _NONWORK_HINT.search(low) is None:
        return False
    key = _NONWORK_KEY_JUNK.sub(" ", _NONWORK_NUMBER.sub("", low)).strip()
    return bool(_NONWORK.search(key))


_NONWORK_NUMBER = re.compile(r"^(?:(?:phase|section|part|step)\s+)?(?:\d+(?:\.\d+)*|[a-z])[.):]?\s+")
_NONWORK_KEY_JUNK = re.compile(r"[^\w\s&/-]+")


class LabelLine(NamedTuple):
    """What a `**Key**: value` line states, read once per distinct line (plans repeat `**Priority**: High`)."""

    found: tuple[tuple[LabelKind, str], ...]
    kinds: frozenset[LabelKind]
    strong: bool  # a label that alone makes a heading a task block
    weak: bool  # one that does so for a heading with an id, in a document without checkboxes
    legend: tuple[str, Estimate] | None  # only other labels, the first a size legend (`**S**: 1-4 hours`): size, hours


OTHER_ONLY: frozenset[LabelKind] = frozenset({"other"})


def _label_line(found: list[tuple[LabelKind, str]], text: str) -> LabelLine:
    kinds = frozenset(k for k, _ in found)
    legend = None
    if kinds == OTHER_ONLY:
        key = label_key(text)
        est = legend_estimate(key, found[0][1])
        legend = (key.upper(), est) if est is not None else None
    return LabelLine(tuple(found), kinds, bool(kinds & STRONG_LABELS), bool(kinds & WEAK_LABELS), legend)


def label_line(text: str) -> LabelLine | None:
    """The labels of a line (`parse_labels`), None for a line without any."""
    if "**" not in text and "__" not in text:
        return None
    return _cached_label_line(text) if len(text) <= 200 else _cached_label_line.__wrapped__(text)


@lru_cache(maxsize=2048)
def _cached_label_line(text: str) -> LabelLine | None:
    found = parse_labels(text)
    return _label_line(found, text) if found else None


@lru_cache(maxsize=1024)
def plain_label_line(stripped: str) -> LabelLine | None:
    """`  - Dependencies: 1.2` as a label line (`parse_plain_label`), None for other lines."""
    plain = parse_plain_label(stripped)
    return _label_line([plain], "") if plain is not None else None
