"""Planning documents (tasks.md, TODO lists, sprint plans) as a `TaskList`, by one line scan.

Tasks come from:
- every checkbox line the reference CLI counts (`read.task_lines`), fences included, as it does;
- task blocks: a heading (level 2+) whose body has `**Priority**`, `**Estimated Time**`/`**Effort**`,
  `**Dependencies**`, `**Assignee**`, `**Acceptance Criteria**` or `**Definition of Done**`. Checkbox
  and bullet lines under its acceptance/done labels are criteria of that task, not tasks;
- when a document has no checkbox tasks at all: headings with a task id (`Sprint 2.1:`, `5.1`,
  `Option 3:`) and a duration (a `**Duration**:`-style label or `(3 days)` in the heading), and the
  top-level items of their deliverable lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openspec_tool.model.tasks import Estimate, Source, Task, TaskList
from openspec_tool.read.estimates import parse_estimate, split_text_estimate
from openspec_tool.read.fence import fence_mask
from openspec_tool.read.jstext import trim
from openspec_tool.read.mojibake import repair_mojibake
from openspec_tool.read.task_lines import TASK_LINE, TaskLine, parse_task_lines
from openspec_tool.read.task_text import (
    STRONG_LABELS,
    WEAK_LABELS,
    LabelKind,
    clean_title,
    deps_from_text,
    heading_done,
    indent_width,
    normalize_priority,
    parse_labels,
    section_priority,
    split_attrs,
    split_heading_id,
    split_item_id,
    status_done,
    strip_status_mark,
)

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_ITEM = re.compile(r"([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(\S.*)")
_TOTAL = re.compile(r"\*\*Total Tasks:?\*\*:?\s*(\d{1,9})\b", re.IGNORECASE)
_FRONT = re.compile(r"-{3}\s*")
_CRITERIA = ("acceptance", "success", "dod")

# Classified lines: (kind, line index, payload)
_Line = tuple[str, int, object]


@dataclass(slots=True)
class _Draft:
    id: str
    title: str
    text: str
    line: int
    depth: int
    section: str | None
    source: Source
    parent: _Draft | None = None
    done: bool = False
    marker: str = ""
    priority: str | None = None
    estimate: Estimate | None = None
    label_estimate: Estimate | None = None
    duration: Estimate | None = None
    deps: tuple[str, ...] = ()
    assignee: str | None = None
    acceptance: list[str] = field(default_factory=list)
    dod: list[str] = field(default_factory=list)
    checks: list[bool] = field(default_factory=list)
    children: int = 0
    final_id: str = ""


@dataclass(slots=True)
class _Heading:
    level: int
    raw: str
    kinds: set[LabelKind] = field(default_factory=set)


def _front_matter_end(lines: list[str]) -> int:
    if not lines or not _FRONT.fullmatch(lines[0]):
        return 0
    for i in range(1, min(len(lines), 200)):
        if _FRONT.fullmatch(lines[i]) or lines[i].strip() == "...":
            return i + 1
    return 0


def _classify(lines: list[str], checkboxes: dict[int, TaskLine]) -> list[_Line]:
    mask = fence_mask(lines)
    skip = _front_matter_end(lines)
    out: list[_Line] = []
    current: _Heading | None = None
    for i, line in enumerate(lines):
        if i in checkboxes:
            out.append(("cb", i, checkboxes[i]))
            continue
        if mask[i] or i < skip:
            continue
        stripped = line.lstrip(" \t")
        if not stripped:
            continue
        if stripped[0] == "#" and len(line) - len(stripped) <= 3:
            m = _HEADING.fullmatch(line)
            if m:
                current = _Heading(len(m.group(1)), m.group(2) or "")
                out.append(("h", i, current))
                continue
        labels = parse_labels(line) if stripped[0] in "*_" else []
        if labels:
            out.append(("label", i, labels))
        else:
            item = _ITEM.fullmatch(line)
            if item:
                as_labels = parse_labels(item.group(3))
                if as_labels and all(k != "other" for k, _ in as_labels):
                    labels = as_labels
                    out.append(("label", i, labels))
                else:
                    out.append(("item", i, item))
            else:
                out.append(("para", i, indent_width(line)))
        if labels and current is not None:
            current.kinds.update(k for k, _ in labels)
    return out


class _Builder:
    def __init__(self, lines: list[str], fallback: bool, repaired: bool) -> None:
        self.lines = lines
        self.repaired = repaired  # lines differ from the text the reference read
        self.fallback = fallback
        self.drafts: list[_Draft] = []
        self.title: str | None = None
        self.section: str | None = None
        self.blocks: list[tuple[int, _Draft]] = []
        self.body: _Draft | None = None  # the task block whose own heading body we are in
        self.ctx: LabelKind | None = None
        self.items: list[tuple[int, _Draft]] = []  # open checkbox tasks by indentation
        self.list_base: int | None = None

    def run(self, classified: list[_Line]) -> list[_Draft]:
        for kind, i, payload in classified:
            if kind == "h":
                assert isinstance(payload, _Heading)
                self.heading(i, payload)
            elif kind == "cb":
                assert isinstance(payload, TaskLine)
                self.checkbox(i, payload)
            elif kind == "label":
                assert isinstance(payload, list)
                self.label(payload)
            elif kind == "item":
                assert isinstance(payload, re.Match)
                self.item(i, payload)
            elif isinstance(payload, int) and payload < 2:  # a paragraph ends lists and label scopes
                self.ctx, self.list_base, self.items = None, None, []
        return self.drafts

    def _is_block(self, h: _Heading, task_id: str | None, title: str) -> bool:
        if h.level < 2:
            return False
        if h.kinds & STRONG_LABELS:
            return True
        return self.fallback and task_id is not None and bool(h.kinds & WEAK_LABELS or parse_estimate(title))

    def heading(self, i: int, h: _Heading) -> None:
        title = clean_title(h.raw)
        while self.blocks and self.blocks[-1][0] >= h.level:
            self.blocks.pop()
        self.items, self.ctx, self.list_base, self.body = [], None, None, None
        if h.level == 1 and self.title is None and title:
            self.title = title
        attrs, bare = split_attrs(title)
        task_id, rest = split_heading_id(bare)
        if not self._is_block(h, task_id, bare):
            self.section = title or None
            return
        parent = self.blocks[-1][1] if self.blocks else None
        d = _Draft(
            task_id or f"L{i + 1}", rest, title, i + 1, parent.depth + 1 if parent else 0, self.section, "block", parent,
            done=heading_done(h.raw), estimate=parse_estimate(bare),
        )  # fmt: skip
        if attrs:
            d.label_estimate, d.deps, d.priority, d.assignee = attrs.estimate, attrs.after, attrs.priority, attrs.owner
        self.drafts.append(d)
        self.blocks.append((h.level, d))
        self.body = d

    def label(self, labels: list[tuple[LabelKind, str]]) -> None:
        self.list_base = None
        for kind, value in labels:
            self.ctx = None if value else kind
            d = self.body
            if d is None or not value:
                continue
            if kind == "priority":
                d.priority = normalize_priority(value)
            elif kind == "estimate":
                d.label_estimate = parse_estimate(value) or d.label_estimate
            elif kind == "duration":
                d.duration = parse_estimate(value) or d.duration
            elif kind == "deps":
                d.deps = deps_from_text(value)
            elif kind == "assignee":
                d.assignee = clean_title(value) or None
            elif kind == "status" and status_done(value):
                d.done = True
            elif kind in _CRITERIA:  # `**Acceptance Criteria**: all tests pass` on one line
                (d.dod if kind == "dod" else d.acceptance).append(clean_title(value))

    def _container(self) -> _Draft | None:
        return self.blocks[-1][1] if self.blocks else None

    def checkbox(self, i: int, tl: TaskLine) -> None:
        line = self.lines[i]
        m = TASK_LINE.match(line) if self.repaired else None
        text = trim(m.group(2)) if m else tl.description
        if self.body is not None and self.ctx in _CRITERIA:
            (self.body.dod if self.ctx == "dod" else self.body.acceptance).append(clean_title(text))
            self.body.checks.append(tl.done)
            return
        indent = indent_width(line)
        while self.items and self.items[-1][0] >= indent:
            self.items.pop()
        parent = self.items[-1][1] if self.items else self._container()
        d = self._task(i, text, parent, "checkbox")
        d.done, d.marker = tl.done, tl.marker
        self.items.append((indent, d))

    def _task(self, i: int, text: str, parent: _Draft | None, source: Source, fallback_id: str | None = None) -> _Draft:
        attrs, bare = split_attrs(text)
        task_id, rest = split_item_id(bare)
        estimate, rest = split_text_estimate(rest)
        title = clean_title(strip_status_mark(rest)) or clean_title(rest)
        if fallback_id is not None:
            task_id = fallback_id
        d = _Draft(task_id or f"L{i + 1}", title, text, i + 1, parent.depth + 1 if parent else 0, self.section, source, parent)
        d.estimate = estimate
        if attrs:
            d.estimate = attrs.estimate or d.estimate
            d.deps, d.priority, d.assignee = attrs.after, attrs.priority, attrs.owner
        self.drafts.append(d)
        return d

    def item(self, i: int, m: re.Match[str]) -> None:
        indent = indent_width(m.group(1))
        while self.items and self.items[-1][0] >= indent:  # a plain bullet closes deeper checkbox items
            self.items.pop()
        d = self.body
        if d is None:
            return
        if self.list_base is None:
            self.list_base = indent
        if indent > self.list_base:
            return
        text = trim(m.group(3))
        if self.ctx in ("acceptance", "success"):
            d.acceptance.append(clean_title(text))
        elif self.ctx == "dod":
            d.dod.append(clean_title(text))
        elif self.fallback and self.ctx in (None, "steps"):
            d.children += 1
            marker = m.group(2)
            number = marker[:-1] if marker[0].isdigit() else str(d.children)
            generated = d.id.startswith("L") and d.id[1:].isdigit()
            self._task(i, text, d, "block", None if generated else f"{d.id}.{number}")


def _finish(drafts: list[_Draft]) -> tuple[Task, ...]:
    used: set[str] = set()
    for d in drafts:
        candidate = d.id
        if candidate in used:
            candidate = f"L{d.line}"
            n = 2
            while candidate in used:
                candidate, n = f"L{d.line}-{n}", n + 1
        used.add(candidate)
        d.final_id = candidate
    tasks: list[Task] = []
    section_priorities: dict[str | None, str | None] = {}
    for d in drafts:
        if d.section not in section_priorities:
            section_priorities[d.section] = section_priority(d.section)
        estimate = d.label_estimate or d.estimate or d.duration
        done = d.done or (d.source == "block" and bool(d.checks) and all(d.checks))
        tasks.append(
            Task(
                id=d.final_id, title=d.title, text=d.text, done=done, marker=d.marker, section=d.section,
                depth=d.depth, line=d.line, parent=d.parent.final_id if d.parent else None,
                priority=d.priority or section_priorities[d.section], estimate=estimate,
                dependencies=tuple(dep for dep in d.deps if dep != d.id) if d.deps else (), assignee=d.assignee,
                acceptance=tuple(d.acceptance), definition_of_done=tuple(d.dod), source=d.source,
            )
        )  # fmt: skip
    return tuple(tasks)


def _lines(text: str) -> tuple[list[str], int]:
    raw = text.split("\n")
    repaired, fixed = repair_mojibake(text)
    lines = repaired.split("\n") if fixed else raw
    if len(lines) != len(raw):
        lines, fixed = raw, 0
    if "\r" in text:
        lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines, fixed


def parse_tasks(text: str, path: str) -> TaskList:
    """The tasks of a planning document; never raises, whatever the text."""
    checkbox_lines = parse_task_lines(text)
    checkboxes = {tl.line_index: tl for tl in checkbox_lines}
    lines, fixed = _lines(text)
    classified = _classify(lines, checkboxes)
    builder = _Builder(lines, fallback=False, repaired=fixed > 0)
    drafts = builder.run(classified)
    if not any(d.source == "checkbox" for d in drafts):
        builder = _Builder(lines, fallback=True, repaired=fixed > 0)
        drafts = builder.run(classified)
    stated: int | None = None
    stated_line: int | None = None
    m = _TOTAL.search(text)
    if m:
        stated, stated_line = int(m.group(1)), text.count("\n", 0, m.start()) + 1
    notes = (f"repaired {fixed} mojibake sequence(s) (UTF-8 read as Windows-1252)",) if fixed else ()
    return TaskList(
        path=path,
        title=builder.title,
        tasks=_finish(drafts),
        stated_total=stated,
        stated_total_line=stated_line,
        checkbox_count=len(checkbox_lines),
        checkbox_done=sum(1 for t in checkbox_lines if t.done),
        notes=notes,
    )
