"""Markdown tables of a planning document: rows that define paths (`| Path | Includes | Effort | Duration |`, or a
first cell `Path A`) and rows that restate options (`| # | Option | Effort | Timeline |`, or a first cell `Option 2`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from openspec_tool.model.planning import Figure, OptionStatement, PathStatement
from openspec_tool.read.planning_refs import clean, figures, members

_PATH_CELL = re.compile(r"^(?i:path)\s+([A-Z]|\d{1,2})\b[\s:—–-]*(.*)$")
_OPTION_CELL = re.compile(r"^(?i:option)\s+(\d{1,3})\b[\s:—–.-]*(.*)$")
_BARE_ID = re.compile(r"^([A-Z]|\d{1,2})$")
_BARE_NUMBER = re.compile(r"^(\d{1,3})\.?$")
_BARE_RANGE = re.compile(r"^~?\s*(\d{1,6}(?:\.\d+)?)(?:\s*[-–—]\s*(\d{1,6}(?:\.\d+)?))?$")
_PARENS = re.compile(r"\s*\([^()]*\)")


def _kind(header: str) -> str | None:
    h = clean(header).lower()
    if h.startswith(("effort", "estimated effort", "est. effort", "est effort", "total effort", "hours", "estimate")):
        return "effort"
    if h.startswith(("duration", "timeline", "time", "calendar", "weeks", "length", "schedule length")):
        return "duration"
    if h in ("options", "includes", "included", "included options", "combination", "combines", "composition", "members",
             "recommendation", "recommended options", "option mix", "what"):  # fmt: skip
        return "members"
    if h in ("name", "title", "path name", "option name", "option", "focus area"):
        return "name"
    if h in ("goal", "focus", "summary", "objective", "purpose"):
        return "summary"
    return None


def _figure(cell: str, header: str, unit: str, line: int) -> Figure | None:
    effort, duration = figures(cell, line)
    found = effort if unit == "h" else duration
    if found is not None:
        return found
    h = clean(header).lower()
    bare = _BARE_RANGE.match(clean(cell))
    says_unit = ("(h" in h or "hour" in h or "hrs" in h) if unit == "h" else "week" in h
    if bare is None or not says_unit:
        return None
    low = float(bare.group(1))
    high = float(bare.group(2)) if bare.group(2) else low
    return Figure(min(low, high), max(low, high), "h" if unit == "h" else "weeks", clean(cell).startswith("~"), clean(cell), line)


def read_table(
    doc: str, header: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]]
) -> tuple[list[PathStatement], list[OptionStatement]]:
    kinds = [_kind(h) for h in header]
    first = clean(header[0]).lower() if header else ""
    # A bare number is an option's only in a table about options (`| # | Option | Effort |`), not in any numbered list.
    about_options = any(clean(h).lower() in ("option", "options", "option name") for h in header)
    paths: list[PathStatement] = []
    options: list[OptionStatement] = []
    for line, cells in rows:
        if not cells:
            continue
        lead = clean(cells[0])
        path_id, option_number, rest = None, None, ""
        if m := _PATH_CELL.match(lead):
            path_id, rest = m.group(1), m.group(2)
        elif first in ("path", "paths") and (m := _BARE_ID.match(lead)):
            path_id = m.group(1)
        elif m := _OPTION_CELL.match(lead):
            option_number, rest = int(m.group(1)), m.group(2)
        elif (
            about_options and first in ("#", "no", "no.", "number", "n", "option", "options") and (m := _BARE_NUMBER.match(lead))
        ):
            option_number = int(m.group(1))
        if path_id is None and option_number is None:
            continue
        name, summary = _PARENS.sub("", rest).strip(), ""
        effort = duration = None
        member_ref = None
        for k, cell in zip(kinds[1:], cells[1:]):
            index = cells.index(cell)
            if k == "effort" and effort is None:
                effort = _figure(cell, header[index], "h", line)
            elif k == "duration" and duration is None:
                duration = _figure(cell, header[index], "weeks", line)
            elif k == "members" and member_ref is None:
                member_ref = members(cell, line, slot=True)
            elif k == "name" and not name:
                name = _PARENS.sub("", clean(cell)).strip()
            elif k == "summary" and not summary:
                summary = clean(cell)
        if path_id is not None:
            paths.append(PathStatement(doc, path_id, line, "table", name, member_ref, effort, duration, summary))
        elif option_number is not None:
            options.append(OptionStatement(doc, option_number, line, name, effort, duration))
    return paths, options
