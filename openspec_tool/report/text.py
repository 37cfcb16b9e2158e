"""Fixed formatting for reports (bars, percentages, Markdown cells) and the few text extractions they need from
proposals. Numbers, hours, weeks and ranges are written by `model/units.py` (`num` and `range_text` are re-exported
here for the report's modules), as every other front writes them.

Every number a report prints goes through one of these functions, so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from typing import Any

from openspec_tool.model.proposal import Proposal, ProposalSection, section_key
from openspec_tool.model.proposal import display_title as display_title  # re-exported for the report's modules
from openspec_tool.model.tasks import Estimate
from openspec_tool.model.units import num as num  # re-exported for the report's modules
from openspec_tool.model.units import range_text as range_text
from openspec_tool.report.links import neutralise_links

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_ITEM = re.compile(r"^(?:\d+[.)]|[-*+])\s+(.*)$")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*(?:[—–:-]+\s*)?(.*)$")
_PIPE = re.compile(r"(\\*)\|")
_UNUSUAL_SPACE = re.compile(r"\s\s|[^\S ]")  # two spaces in a row, or any space but " "
_SUBHEADING = re.compile(r"^#{3,6}\s+(.*?)\s*#*\s*$")
_CHECKBOX = re.compile(r"^\[[ xX✓✔~-]?\]\s+")
# The time and effort an opening sentence often ends with: "… in 10-20 hours over 1-2 weeks."
_EFFORT_TAIL = re.compile(
    r"[\s,]+(?:in|over|within|across)\s+(?:about\s+|roughly\s+|~)?\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?\s*"
    r"(?:hours?|hrs?|h|days?|weeks?|sprints?|months?)\b.*$",
    re.IGNORECASE,
)
_CLAUSE_BREAKS = (" — ", " – ", " - ", "; ", ": ", ", ", " (", "，", "；", "：", "。", "（")
_NATURAL = re.compile(r"(\d+)")
PHRASE_LIMIT = 80


def range_json(low: float | None, high: float | None, unit: str = "h") -> dict[str, Any] | None:
    """{low, mid, high, text} or None."""
    if low is None or high is None:
        return None
    return {"low": low, "mid": (low + high) / 2, "high": high, "text": range_text(low, high, unit)}


def estimate_json(e: Estimate | None, unit: str = "h") -> dict[str, Any] | None:
    return range_json(e.low, e.high, unit) if e is not None else None


def percent(done: int, total: int) -> int:
    """Whole percent, rounded half up (never 100 before everything is done)."""
    if total <= 0:
        return 0
    value = int(done * 100 / total + 0.5)
    return 99 if value == 100 and done < total else value


def fixed(value: float | None, places: int = 3) -> str:
    return "–" if value is None else f"{value:.{places}f}"


def signed(value: float | None, places: int = 3) -> str:
    return "–" if value is None else f"{value:+.{places}f}"


def share(value: float | None) -> str:
    """0.807 → "81%"."""
    return "–" if value is None else f"{value * 100:.0f}%"


def text_bar(done: int, total: int, width: int = 20) -> str:
    if total <= 0:
        return "·" * width
    filled = int(width * done / total + 0.5)
    if filled == width and done < total:
        filled -= 1
    return "█" * filled + "░" * (width - filled)


def md_inline(value: object) -> str:
    """Text from a proposal placed in Markdown: on one line, `<` cannot open an HTML tag, and a link to anything but
    http(s), mailto or a relative path is reduced to its text."""
    text = str(value)
    if _UNUSUAL_SPACE.search(text) or text[:1].isspace() or text[-1:].isspace():
        text = " ".join(text.split())
    if "](" in text or "]:" in text:
        text = neutralise_links(text)
    return text.replace("<", "&lt;") if "<" in text else text


def md_cell(value: object) -> str:
    """A Markdown table cell: one line, `|` escaped, `<` cannot open an HTML tag."""
    text = md_inline(value)
    # Backslashes right before a pipe are doubled (kept literal), then the pipe is escaped: `a\|b` stays one cell.
    return _PIPE.sub(lambda m: m.group(1) * 2 + "\\|", text) if "|" in text else text


def plain(text: str) -> str:
    """Markdown emphasis and code marks removed (`**Docs** and `x`` → "Docs and x")."""
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    return text.replace("`", "")


def first_sentence(text: str, limit: int = 240) -> str:
    """The first sentence of the first paragraph, on one line."""
    paragraph = ""
    for block in text.strip().split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "|", "```", "<!--")):
            paragraph = " ".join(block.split())
            break
    sentence = _SENTENCE_END.split(paragraph, maxsplit=1)[0] if paragraph else ""
    sentence = plain(sentence)
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def phrase(text: str, limit: int = PHRASE_LIMIT) -> str:
    """One phrase from an opening sentence: its first clause, without a trailing "in 10-20 hours over 1-2 weeks",
    cut at a word (never mid-word) when still longer than `limit`."""
    text = " ".join(text.split()).rstrip(".!?。")
    text = _EFFORT_TAIL.sub("", text)
    for mark in _CLAUSE_BREAKS:
        at = text.find(mark)
        if at >= (12 if mark.isascii() else 6):  # a clause, not a lead-in such as "So, "
            text = text[:at]
    text = text.rstrip(" ,;:—–-")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[: limit - 1]
    return cut.rstrip(" ,;:—–-") + "…"


def natural_key(text: str) -> tuple[tuple[str, int], ...]:
    """Sort key that orders numbers by value: `c2` before `c10`."""
    parts = _NATURAL.split(text)
    return (*((part.lower(), 0) if n % 2 == 0 else ("", int(part)) for n, part in enumerate(parts)), (text, 0))


class SectionIndex:
    """A proposal's sections found by name as `Proposal.section` finds them, with each heading's key computed once
    (a report looks up every required section of every proposal)."""

    def __init__(self, proposal: Proposal | None) -> None:
        self.keyed = [(section_key(s.title), s) for s in proposal.sections] if proposal else []

    def find(self, name: str) -> ProposalSection | None:
        key = section_key(name)
        for k, s in self.keyed:
            if k == key:
                return s
        for k, s in self.keyed:
            if k.startswith(key) or (key.startswith(k) and len(k) >= 4):
                return s
        return None


def focus(proposal: Proposal | None, metadata: dict[str, Any], index: SectionIndex | None = None) -> str:
    """What an option is about, as one phrase: `focus:` in .openspec.yaml, `**Focus**:` in the proposal, else the
    first clause of its Executive Summary (or Why)."""
    value = metadata.get("focus")
    if isinstance(value, str) and value.strip():
        return phrase(value)
    if proposal is None:
        return ""
    meta = proposal.meta("focus")
    if meta is not None and meta.value.strip():
        return phrase(plain(meta.value))
    index = index or SectionIndex(proposal)
    for name in ("Executive Summary", "Summary", "Why"):
        section = index.find(name)
        if section is not None and section.content.strip():
            return phrase(first_sentence(section.content))
    return ""


def _list_items(content: str, skip_subsections: tuple[str, ...]) -> list[str]:
    items: list[str] = []
    skipping = False
    for line in content.splitlines():
        heading = _SUBHEADING.match(line)
        if heading:
            skipping = section_key(heading.group(1)).startswith(skip_subsections)
            continue
        if skipping:
            continue
        match = _ITEM.match(line)
        if match:
            items.append(_CHECKBOX.sub("", match.group(1).strip()))
        elif items and line.startswith((" ", "\t")) and line.strip() and not _ITEM.match(line.strip()):
            items[-1] += " " + line.strip()
    return items


def section_items(index: SectionIndex, names: tuple[str, ...], skip: tuple[str, ...] = ()) -> tuple[str | None, list[str]]:
    """(heading, top-level list items as Markdown, checkboxes removed) of the first of `names` that has any."""
    for name in names:
        section = index.find(name)
        if section is not None:
            found = _list_items(section.content, skip)
            if found:
                return section.title, found
    return None, []


def scope_items(proposal: Proposal | None, index: SectionIndex | None = None) -> list[dict[str, str]]:
    """The deliverables a proposal lists: top-level items of its Scope section (Out of Scope left out), else of
    What Changes. Each is {name, detail, text, source}: `**Name** — detail` splits at the bold lead; `source` is the
    item's Markdown."""
    if proposal is None:
        return []
    index = index or SectionIndex(proposal)
    _, found = section_items(index, ("Scope", "What Changes"), ("out of scope", "non goals", "not in scope"))
    out: list[dict[str, str]] = []
    for item in found:
        lead = _LEAD.match(item)
        name, detail = (lead.group(1), lead.group(2)) if lead else ("", item)
        out.append({"name": plain(name).strip(), "detail": plain(detail).strip(), "text": plain(item).strip(), "source": item})
    return out
