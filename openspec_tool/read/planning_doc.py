"""Reading a team's planning document for what it says about a decision, deterministically and in four styles:

- a heading: `### Path A: Quick Win (1 week, ~15 hours)` and, in its section, `- **Recommendation**: Option 2`,
  `**Effort**: 10-15 hours`, `**Duration**: 1 week`, `**Goal**: …` (the first line naming options when none is
  labelled);
- bold text: `**Path A — Quick Win** (10-15 hours): Options 1 + 5`, with indented lines under it;
- a table: a row whose first cell is `Path A` (or `A` under a `Path` header) with Includes / Effort / Duration
  columns;
- an arrow: `→ Path A (Option 1 + 5)`.

The same styles restate options (`### Option 1: Expand Documentation` + `**Effort**: 10-20 hours | **Timeline**:
1-2 weeks`, `| 1 | Expand Documentation | 10-20 h | 1-2 weeks |`) and may state a budget (`**Budget**: 60 hours`).
A `Path X` in running prose is a mention, not a definition. Code blocks are skipped; BOM, CRLF and mojibake are
read as elsewhere. Never raises; linear in the document.
"""

from __future__ import annotations

import re

from openspec_tool.model.planning import Figure, MemberRef, OptionStatement, PathStatement, PlanningDoc
from openspec_tool.read.fence import fence_mask
from openspec_tool.read.plan_lines import document_lines
from openspec_tool.read.planning_refs import clean, figures, members
from openspec_tool.read.planning_table import read_table

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LEAD_JUNK = re.compile(r"^[^\w]*(?:\d+(?:\.\d+)*[.)]?\s+)?")
_PATH = re.compile(r"^(?i:path)\s+([A-Z]|\d{1,2})\b(.*)$")
_OPTION = re.compile(r"^(?i:option)\s+(\d{1,3})\b(.*)$")
_BOLD_LEAD = re.compile(r"^(\s*)(?:[-*+]\s+|\d+[.)]\s+)?(\*\*|__)(.+?)\2(.*)$")
_ARROW = re.compile(r"(?:→|->|⇒|=>|⟶|➡️?)\s*(?:\*\*|__)?\s*(?i:path)\s+([A-Z]|\d{1,2})\b(?:\*\*|__)?(.*)$")
_LABELLED = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?\s*([A-Za-z][A-Za-z .'/-]{0,30}?)\s*(?:\*\*|__)?\s*[:：]\s*(.*)$"
)
_SEGMENTS = re.compile(r"\s+[|·]\s+|\s*;\s+")
_NAME_END = re.compile(r"\s*(?:\(|:|\s[—–-]\s|→|=)")
_SEPARATORS = " \t:—–-=."
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")

_MEMBER_LABELS = frozenset(
    {"recommendation", "recommended", "recommended options", "options", "option", "includes", "include", "included",
     "included options", "combines", "combination", "composition", "members", "consists of", "option mix", "what"}
)  # fmt: skip
_EFFORT_LABELS = (
    "effort",
    "estimated effort",
    "est. effort",
    "est effort",
    "total effort",
    "hours",
    "estimate",
    "effort estimate",
)
_DURATION_LABELS = ("duration", "timeline", "time", "calendar time", "timeframe", "time frame", "length", "weeks")
_SUMMARY_LABELS = ("goal", "focus", "summary", "objective", "purpose")
_BUDGET_LABELS = ("budget", "total budget", "time budget", "hours budget", "effort budget")


def _label(line: str) -> list[tuple[str, str]]:
    """`(label, value)` pairs of a labelled line (`**Effort**: 10-20 hours | **Timeline**: 1-2 weeks`)."""
    out = []
    for segment in _SEGMENTS.split(line):
        m = _LABELLED.match(segment)
        if m:
            value = m.group(2).strip()
            value = value[2:].strip() if value.startswith(("**", "__")) else value
            out.append((m.group(1).strip().lower().rstrip("."), value))
    return out


def _name(rest: str) -> str:
    """The name a label carries after its id: `: Quick Win (1 week)` → "Quick Win" (none when it names options)."""
    text = clean(rest).lstrip(_SEPARATORS)
    cut = _NAME_END.search(text)
    name = (text[: cut.start()] if cut else text).strip(_SEPARATORS)
    ref = members(name, 0)
    return "" if ref is not None and (ref.numbers or ref.all_options or "+" in name) else name


class _Section:
    """What a heading's section or a bold label's block states: members, figures, a goal."""

    def __init__(self) -> None:
        self.members: MemberRef | None = None
        self.labelled = False
        self.effort: Figure | None = None
        self.duration: Figure | None = None
        self.summary = ""

    def take(self, text: str, line: int) -> None:
        for label, value in _label(text):
            if label in _MEMBER_LABELS and not self.labelled:
                ref = members(value, line, slot=True)
                if ref is not None:
                    self.members, self.labelled = ref, True
            elif label in _EFFORT_LABELS or label in _DURATION_LABELS:
                effort, duration = figures(value, line)
                self.effort = self.effort or effort
                self.duration = self.duration or duration
            elif label in _SUMMARY_LABELS and not self.summary:
                self.summary = clean(value)
        if self.members is None:
            ref = members(text, line)
            if ref is not None and (ref.numbers or ref.all_options):
                self.members = ref


class _Reader:
    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path
        self.lines = lines
        self.mask = fence_mask(lines)
        self.paths: list[PathStatement] = []
        self.options: list[OptionStatement] = []
        self.budget: Figure | None = None

    def run(self) -> PlanningDoc:
        headings = [
            (i, len(m.group(1)), m.group(2))
            for i, line in enumerate(self.lines)
            if not self.mask[i] and line.startswith("#") and (m := _HEADING.match(line))
        ]
        ends = self._section_ends(headings)
        for (i, _level, text), end in zip(headings, ends):
            self._heading(i, text, end)
        self._lines()
        return PlanningDoc(self.path, tuple(self.paths), tuple(self.options), self.budget)

    def _section_ends(self, headings: list[tuple[int, int, str]]) -> list[int]:
        ends = [len(self.lines)] * len(headings)
        open_: list[int] = []
        for k, (i, level, _) in enumerate(headings):
            while open_ and headings[open_[-1]][1] >= level:
                ends[open_.pop()] = i
            open_.append(k)
        return ends

    def _body(self, start: int, end: int) -> _Section:
        section = _Section()
        for j in range(start, end):
            if not self.mask[j] and not self.lines[j].lstrip().startswith(("|", "#")):
                section.take(self.lines[j], j + 1)
        return section

    def _heading(self, i: int, text: str, end: int) -> None:
        title = _LEAD_JUNK.sub("", clean(text))
        if m := _PATH.match(title):
            rest = m.group(2)
            section = self._body(i + 1, end)
            effort, duration = figures(rest, i + 1)
            own = members(rest, i + 1)
            self.paths.append(
                PathStatement(
                    self.path,
                    m.group(1),
                    i + 1,
                    "heading",
                    _name(rest),
                    own if own is not None else section.members,
                    effort or section.effort,
                    duration or section.duration,
                    section.summary,
                )
            )
        elif m := _OPTION.match(title):
            rest = m.group(2)
            section = self._body(i + 1, end)
            effort, duration = figures(rest, i + 1)
            self.options.append(
                OptionStatement(
                    self.path, int(m.group(1)), i + 1, _name(rest), effort or section.effort, duration or section.duration
                )
            )

    def _block(self, i: int, indent: int) -> _Section:
        """The lines under a bold label that belong to it: the following lines indented deeper."""
        section = _Section()
        j = i + 1
        while j < len(self.lines) and not self.mask[j]:
            line = self.lines[j]
            if not line.strip() or len(line) - len(line.lstrip()) <= indent:
                break
            section.take(line, j + 1)
            j += 1
        return section

    def _lines(self) -> None:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if self.mask[i] or line.startswith("#"):
                i += 1
                continue
            if line.lstrip().startswith("|") and i + 1 < n and _TABLE_RULE.match(self.lines[i + 1]):
                i = self._table(i)
                continue
            self._bold(i, line)
            self._arrow(i, line)
            self._budget(i, line)
            i += 1

    def _table(self, i: int) -> int:
        header = _cells(self.lines[i])
        rows = []
        j = i + 2
        while j < len(self.lines) and not self.mask[j] and self.lines[j].lstrip().startswith("|"):
            rows.append((j + 1, _cells(self.lines[j])))
            j += 1
        paths, options = read_table(self.path, header, rows)
        self.paths.extend(paths)
        self.options.extend(options)
        for line, cells in rows:
            if cells and clean(cells[0]).lower().rstrip(":") in _BUDGET_LABELS and self.budget is None:
                self.budget = figures(" ".join(cells[1:]), line)[0]
        return j

    def _bold(self, i: int, line: str) -> None:
        m = _BOLD_LEAD.match(line)
        if m is None:
            return
        inner = _LEAD_JUNK.sub("", clean(m.group(3)))
        after = m.group(4)
        found = _PATH.match(inner) or _OPTION.match(inner)
        if found is None:
            return
        rest = found.group(2)
        block = self._block(i, len(m.group(1)))
        effort, duration = figures(rest + " " + after, i + 1)
        name = _name(rest) or _name(after)
        if found.re is _PATH:
            own = members(after, i + 1) or members(rest, i + 1)
            self.paths.append(
                PathStatement(
                    self.path,
                    found.group(1),
                    i + 1,
                    "bold",
                    name,
                    own if own is not None else block.members,
                    effort or block.effort,
                    duration or block.duration,
                    block.summary,
                )
            )
        else:
            self.options.append(
                OptionStatement(self.path, int(found.group(1)), i + 1, name, effort or block.effort, duration or block.duration)
            )

    def _arrow(self, i: int, line: str) -> None:
        m = _ARROW.search(line)
        if m is None:
            return
        rest = m.group(2)
        effort, duration = figures(rest, i + 1)
        prefix = clean(line[: m.start()]).strip(" -*+:")
        self.paths.append(
            PathStatement(self.path, m.group(1), i + 1, "arrow", _name(rest), members(rest, i + 1), effort, duration, prefix)
        )

    def _budget(self, i: int, line: str) -> None:
        if self.budget is not None or "udget" not in line:
            return
        for label, value in _label(line):
            if label in _BUDGET_LABELS:
                self.budget = figures(value, i + 1)[0]
                return


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", text)]


def parse_planning_doc(text: str, path: str) -> PlanningDoc:
    """What the document states about paths, options and a budget (see the module docstring); never raises."""
    _, lines, _ = document_lines(text)
    return _Reader(path, lines).run()
