"""Reading a proposal or planning document: sections, `**Key**: value` metadata, estimates, metrics.

A fence-aware line scan (no full markdown parse): fast, and it never raises.
"""

from __future__ import annotations

import re

from openspec_tool.model.proposal import EstimateMention, MetaValue, Metric, Proposal, ProposalSection
from openspec_tool.model.tasks import Estimate
from openspec_tool.read.doc import lines_doc
from openspec_tool.read.estimates import parse_estimate, text_estimate
from openspec_tool.read.gcpause import gc_paused
from openspec_tool.read.jstext import normalize
from openspec_tool.read.mojibake import repair_mojibake
from openspec_tool.read.task_text import strip_emoji

HOURS_PER_WEEK = 40.0

# Metadata is a paragraph line `**Key**: value` (or several joined by `|`); a bold-led list item is prose.
_META = re.compile(r"^\s{0,3}\*\*([^*\n]{1,40}?)(?::\*\*|\*\*\s*:)\s*(.*)$")
_META_INLINE = re.compile(r"\*\*([^*\n|]{1,40}?)(?::\*\*|\*\*\s*:)\s*([^|]*)")
# The name of a metric line; what follows its colon is split at the first arrow by hand (a regex with two
# lazy groups around an arrow backtracks quadratically on long runs of spaces).
_ARROW_NAME = re.compile(r"\s*(?:[-*+]|\d+[.)])?\s*(?:\*\*)?([^:→\n]{1,80}?)(?:\*\*)?:")
_ARROWS = ("→", "->", "⇒")
# `**Production-Grade Docker** (~6 hours):` — a bold-led scope item with its estimate right after the bold part.
_SCOPE = re.compile(r"\s{0,3}(?:[-*+]\s+|\d{1,3}[.)]\s+)?(?:\[[ xX]\]\s+)?\*\*([^*\n]{1,120})\*\*[ \t]*:?[ \t]*\(")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_PERCENT = re.compile(r"^\s*([-+−–]?)\s*(\d+(?:\.\d+)?)\s*%\s*$")
_FUZZY = re.compile(r"\d\s*[-–]\s*\d")
_SPACES = re.compile(r"\s+")


def clean_title(text: str) -> str:
    """Heading text without emoji, symbols, bold/italic markers or a trailing colon."""
    title = strip_emoji(text).replace("**", "").replace("__", "").strip().strip("*_`").strip()
    if not (title.isascii() and title.isprintable() and "  " not in title):  # else no run of spaces to squeeze
        title = _SPACES.sub(" ", title)
    return title.rstrip(":").strip()


def _number(text: str) -> float | None:
    """The figure a metric side states, None when it is fuzzy ("2-3h") or absent."""
    if _FUZZY.search(text):
        return None
    m = _NUMBER.search(text)
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def heading(line: str) -> tuple[int, str] | None:
    """(level, raw title) of an ATX heading line at column 0 (`## Title ##`); None for other lines."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or len(line) == level or line[level] not in " \t":
        return None
    title = line[level:].strip(" \t").rstrip("#").rstrip(" \t")
    return (level, title) if title else None


def _first_arrow(rest: str, start: int) -> tuple[int, str] | None:
    """The first arrow at or after `start` with something after it."""
    while True:
        found = [(i, a) for a in _ARROWS if (i := rest.find(a, start)) >= 0]
        if not found:
            return None
        at, arrow = min(found)
        if rest[at + len(arrow) :]:
            return at, arrow
        start = at + 1


def _split_arrow(rest: str) -> tuple[str, str] | None:
    """`before -> after` split where `:\\s*(.+?)\\s*(?:→|->|⇒)\\s*(.+?)\\s*$` would split it, without its
    quadratic backtracking: the first arrow with text on both sides, the leading spaces not counted as text."""
    lead = len(rest) - len(rest.lstrip())
    hit = _first_arrow(rest, lead + 1)
    if hit is None and lead:
        hit = next((((lead, a)) for a in _ARROWS if rest.startswith(a, lead) and rest[lead + len(a) :]), None)
    if hit is None:
        return None
    at, arrow = hit
    return rest[:at].strip(), rest[at + len(arrow) :].strip()


def _paren_tail(text: str) -> tuple[str, str] | None:
    """`text (stated)` → (text, stated) when the text ends with a parenthesis holding no other parenthesis."""
    if not text.endswith(")"):
        return None
    start = text.rfind("(", 0, len(text) - 1)
    if start < 0 or ")" in text[start + 1 : -1]:
        return None
    return text[:start].rstrip(), text[start + 1 : -1].strip()


def _metric(line_text: str, line: int) -> Metric | None:
    m = _ARROW_NAME.match(line_text)
    if not m:
        return None
    sides = _split_arrow(line_text[m.end() :])
    if sides is None:
        return None
    name, (before, after) = m.group(1).strip().strip("*"), sides
    stated: str | None = None
    tail = _paren_tail(after)
    if tail:
        after, stated = tail
    pct: float | None = None
    if stated:
        pm = _PERCENT.match(stated)
        if pm:
            pct = float(pm.group(2)) * (-1 if pm.group(1) in ("-", "−", "–") else 1)
    return Metric(name, before, after, stated, line, _number(before), _number(after), pct)


def _metadata(text: str) -> list[tuple[str, str]]:
    if text.lstrip()[:2] != "**":
        return []
    if "|" in text and text.count("**") >= 4:
        return [(k.strip(), v.strip()) for k, v in _META_INLINE.findall(text)]
    m = _META.match(text)
    return [(m.group(1).strip(), m.group(2).strip())] if m else []


@gc_paused  # a section, a tuple and a title per heading, no cycles: the collector would only walk them again
def parse_proposal(text: str, path: str = "") -> Proposal:
    """Never raises: any text becomes a Proposal (possibly with no sections)."""
    repaired, fixed = repair_mojibake(text)
    if fixed and repaired.count("\n") == text.count("\n"):
        text = repaired
    doc = lines_doc(normalize(text))
    lines = doc.lines
    heads: list[tuple[int, int, str]] = []  # (index, level, clean title)
    for i in doc.headers:
        h = heading(lines[i])
        if h:
            heads.append((i, h[0], clean_title(h[1])))
    sections = _sections(heads, lines)
    title = next((t for _, lvl, t in heads if lvl == 1), "")  # a leading `## Why` is a section, not a title
    metadata: dict[str, MetaValue] = {}
    estimates: list[EstimateMention] = []
    metrics: list[Metric] = []
    current_h2 = ""
    next_head = 0  # the headings in order: the next one's position in `heads`
    head_line = heads[0][0] if heads else -1
    for i, line in enumerate(lines):
        if doc.mask[i]:
            continue
        if i == head_line:
            _, level, t = heads[next_head]
            next_head += 1
            head_line = heads[next_head][0] if next_head < len(heads) else -1
            if level <= 2:
                current_h2 = t
            est = text_estimate(line)
            if est is not None:
                estimates.append(EstimateMention(t, est, i + 1, current_h2, level))
            continue
        if "**" in line:
            for key, value in _metadata(line):
                if value:
                    metadata.setdefault(key.lower(), MetaValue(value, i + 1))
        if "→" in line or "->" in line or "⇒" in line:
            metric = _metric(line, i + 1)
            if metric is not None:
                metrics.append(metric)
                continue
        stripped = line.lstrip()
        if "**" in line and "(" in line:
            scope = _SCOPE.match(line)
            if scope:
                est = text_estimate(line[scope.end() - 1 :])
                if est is not None:
                    estimates.append(EstimateMention(scope.group(1).strip(), est, i + 1, current_h2, 0, "scope"))
                    continue
        if stripped[:1] in ("-", "*", "+") or stripped[:1].isdigit():
            est = text_estimate(line)
            if est is not None:
                estimates.append(EstimateMention(stripped.lstrip("-*+ ").strip(), est, i + 1, current_h2, 0))
    effort_meta = metadata.get("effort")
    timeline_meta = metadata.get("timeline") or metadata.get("duration")
    return Proposal(
        path=path,
        title=title,
        sections=tuple(sections),
        metadata=metadata,
        estimates=tuple(estimates),
        metrics=tuple(metrics),
        effort=parse_estimate(effort_meta.value) if effort_meta else None,
        timeline_weeks=weeks(timeline_meta.value) if timeline_meta else None,
    )


def _sections(heads: list[tuple[int, int, str]], lines: list[str]) -> list[ProposalSection]:
    """Each heading's section, up to the next heading of the same or a higher level: one pass with a stack."""
    ends = [len(lines)] * len(heads)
    open_: list[int] = []  # positions in `heads` whose section is still open
    for k, (i, level, _) in enumerate(heads):
        while open_ and heads[open_[-1]][1] >= level:
            ends[open_.pop()] = i
        open_.append(k)
    return [ProposalSection(title, level, i + 1, _content(lines, i + 1, ends[k])) for k, (i, level, title) in enumerate(heads)]


def _content(lines: list[str], start: int, end: int) -> str:
    """The lines from `start` to `end` joined and stripped (a section of one line or none needs no join)."""
    if end - start <= 1:
        return lines[start].strip() if end > start else ""
    return "\n".join(lines[start:end]).strip()


def weeks(text: str) -> Estimate | None:
    """A timeline in weeks; a bare number range ("Weeks 3-4") counts as weeks."""
    hours = parse_estimate(text)
    if hours is not None:
        return Estimate(hours.low / HOURS_PER_WEEK, hours.high / HOURS_PER_WEEK)
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)[:2]]
    if not numbers:
        return None
    return Estimate(min(numbers), max(numbers))
