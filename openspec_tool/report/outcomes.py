"""What a proposal promises, beyond its deliverables: its success criteria and its `Current → Target` metrics.

- Success criteria: the top-level items of the first of Success Criteria, Success Metrics, Acceptance Criteria,
  Acceptance, Definition of Done, Expected Outcomes, Outcomes that has any (as Markdown; checkboxes removed).
- Metrics: the `Name: A → B (±x%)` lines the proposal reader found, kept only where a proposal states outcomes
  (under a heading about impact, metrics, success, outcomes, targets, benefits or goals) and only when both sides
  are short figures rather than prose or code (`Upload → Annotate` flows and `a → b` renames are not metrics);
  without any, the rows of the first table whose columns name the current and the target state ("Current vs.
  Target State"). A name stated twice is shown once.
"""

from __future__ import annotations

import re
from typing import Any

from openspec_tool.model.proposal import Metric, Proposal, section_key
from openspec_tool.report.text import SectionIndex, num, plain, section_items

CRITERIA_SECTIONS = (
    "Success Criteria",
    "Success Metrics",
    "Acceptance Criteria",
    "Acceptance",
    "Definition of Done",
    "Expected Outcomes",
    "Outcomes",
)
_OUTCOME_WORDS = re.compile(
    r"impact|metric|success|outcome|expected|target|benefit|goal|result|kpi|measure|current|before|after", re.I
)
_CURRENT = re.compile(r"^(?:current|before|today|baseline|now|as[ -]is|present|from)\b", re.I)
_TARGET = re.compile(r"^(?:target|after|goal|future|to[ -]be|desired|expected|to)\b", re.I)
_NOT_A_FIGURE = re.compile(r"`|→|->|⇒|\[|\]|：|: ")
_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
MAX_SIDE = 48  # characters: longer is a sentence, not a figure
MAX_NAME = 60


def _figure(text: str) -> bool:
    return 0 < len(text) <= MAX_SIDE and not _NOT_A_FIGURE.search(text) and text.count("(") == text.count(")")


def _headings_at(proposal: Proposal, line: int) -> list[str]:
    """The titles of the headings a line sits under, outermost first."""
    chain: list[tuple[int, str]] = []
    for s in proposal.sections:
        if s.line > line:
            break
        while chain and chain[-1][0] >= s.level:
            chain.pop()
        chain.append((s.level, s.title))
    return [title for _, title in chain]


def _change_text(m: Metric) -> str:
    if m.stated:
        return m.stated
    pct = m.computed_percent
    return "" if pct is None else f"{'+' if pct >= 0 else ''}{num(round(pct))}%"


def _from_lines(proposal: Proposal) -> list[dict[str, str]]:
    rows = []
    for m in proposal.metrics:
        name = plain(m.name).strip()
        if not name or len(name) > MAX_NAME or _NOT_A_FIGURE.search(name) or not (_figure(m.before) and _figure(m.after)):
            continue
        if not any(_OUTCOME_WORDS.search(title) for title in _headings_at(proposal, m.line)):
            continue
        rows.append({"name": name, "current": m.before, "target": m.after, "change": _change_text(m)})
    return rows


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _from_tables(proposal: Proposal) -> list[dict[str, str]]:
    """Rows of the first table with a current and a target column (the name in the first column)."""
    for section in proposal.sections:
        lines = section.content.splitlines()
        for n in range(len(lines) - 1):
            if not lines[n].lstrip().startswith("|") or not all(_SEPARATOR_CELL.match(c) for c in _cells(lines[n + 1])):
                continue
            head = [plain(c) for c in _cells(lines[n])]
            now = next((k for k, c in enumerate(head) if k and _CURRENT.match(c)), None)
            goal = next((k for k, c in enumerate(head) if k and _TARGET.match(c)), None)
            if now is None or goal is None:
                continue
            rows = []
            for row_line in lines[n + 2 :]:
                if not row_line.lstrip().startswith("|"):
                    break
                cells = _cells(row_line)
                if len(cells) > max(now, goal) and cells[0]:
                    rows.append({"name": plain(cells[0]), "current": cells[now], "target": cells[goal], "change": ""})
            if rows:
                return rows
    return []


def outcome_metrics(proposal: Proposal | None) -> list[dict[str, str]]:
    """[{name, current, target, change}] in document order, each name once."""
    if proposal is None:
        return []
    seen: set[str] = set()
    out = []
    for row in _from_lines(proposal) or _from_tables(proposal):
        key = section_key(row["name"])
        if key and key not in seen:
            seen.add(key)
            out.append(row)
    return out


def outcomes(proposal: Proposal | None, index: SectionIndex | None = None) -> dict[str, Any]:
    """{criteria: [Markdown item], criteria_source: the section's title or None, metrics: [...]}."""
    if proposal is None:
        return {"criteria": [], "criteria_source": None, "metrics": []}
    index = index or SectionIndex(proposal)
    source, criteria = section_items(index, CRITERIA_SECTIONS)
    return {"criteria": criteria, "criteria_source": source, "metrics": outcome_metrics(proposal)}
