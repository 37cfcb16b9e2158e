"""Markdown table rows that state a planning total: `| **Total Tasks** | 48 |`, or the `**Total**` row of a
time-allocation table (`| Phase | Hours |` … `| **Total** | 20-27 |`), whose unit comes from the header."""

from __future__ import annotations

import re

from openspec_tool.model.tasks import Estimate
from openspec_tool.read.estimates import HOURS_PER_DAY, parse_estimate

_TOTAL_TASKS = frozenset({"total tasks", "total task count", "tasks total"})
_COUNT_HEADER = re.compile(r"\b(count|tasks|number|#)", re.IGNORECASE)
_TOTAL_ROWS = frozenset({"total", "totals", "grand total", "total hours", "total effort", "total time", "overall"})
# Columns that hold effort; `Duration` or `Weeks` columns hold calendar spans, which are no effort.
_UNIT = re.compile(r"\b(hours?|hrs?|h|days?|effort|estimate[sd]?|time)\b", re.IGNORECASE)
_CALENDAR = re.compile(r"\b(duration|weeks?|timeline|dates?|deadline|when|calendar)\b", re.IGNORECASE)
_RANGE = re.compile(r"~?\s*(\d{1,6}(?:\.\d{1,4})?)(?:\s*(?:-|–|—|to)\s*~?\s*(\d{1,6}(?:\.\d{1,4})?))?\s*[a-z]{0,5}\s*")
_INT = re.compile(r"\d{1,9}")
_JUNK = re.compile(r"[*_`~]+")


def _cell(text: str) -> str:
    return _JUNK.sub("", text).strip()


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [_cell(c) for c in body.split("|")]


class TableReader:
    """Reads the rows of one table after another; `row` answers a stated total found in a row."""

    def __init__(self) -> None:
        self.active = False
        self.header: list[str] = []

    def end(self) -> None:
        self.active, self.header = False, []

    def row(self, line: str) -> tuple[str, int | Estimate] | None:
        if line.count("|") < 2 or len(line) > 4000:
            return None
        cells = _cells(line)
        if not self.active:
            self.active, self.header = True, [c.lower() for c in cells]
            return None
        if not cells or set(cells[0]) <= set("-: "):
            return None
        first = cells[0].lower().rstrip(":").strip()
        second = self.header[1] if len(self.header) > 1 else ""
        counting = first in _TOTAL_TASKS or (first == "total" and bool(_COUNT_HEADER.search(second)))
        if counting and not _UNIT.search(second) and len(cells) > 1 and _INT.fullmatch(cells[1]):
            return "Total Tasks", int(cells[1])
        if first in _TOTAL_ROWS:
            for j, cell in enumerate(cells[1:], 1):
                head = self.header[j] if j < len(self.header) else ""
                est = self._estimate(cell, head)
                if est is not None:
                    return f"{cells[0]} ({head or 'total'})", est
        return None

    @staticmethod
    def _estimate(cell: str, head: str) -> Estimate | None:
        unit = _UNIT.search(head)
        if unit is None or _CALENDAR.search(head) or "/" in cell or "%" in cell:
            return None
        est = parse_estimate(cell)
        if est is not None:
            return est
        m = _RANGE.fullmatch(cell)
        if m is None:
            return None
        word = unit.group(1).lower()
        scale = HOURS_PER_DAY if word.startswith("day") else 1.0
        low = float(m.group(1)) * scale
        high = float(m.group(2)) * scale if m.group(2) else low
        return Estimate(min(low, high), max(low, high))
