"""Planning documents (tasks.md, TODO lists, sprint plans) as a `TaskList`, by one line scan.

What a planner reading the file by eye takes for work (the README lists every rule):
- every checkbox line the reference CLI counts is a task, unless it is an example in a code fence, an acceptance
  criterion of a task, or an item of a part of the document that is not work (`Success Criteria`, `Risk
  Register`, a summary): those are acceptance checks, counted apart;
- a checkbox task owns the lines indented under it: `**Key**: value` metadata (and plain `- Key: value`
  bullets), acceptance criteria lists, nested checkboxes (its subtasks);
- a heading (level 2+) whose own body states `**Priority**`, `**Estimated Time**`/`**Effort**`,
  `**Dependencies**`, `**Assignee**`, `**Acceptance Criteria**` or `**Definition of Done**` is a task block;
- in a document without checkboxes: headings with a task id and a duration (`Sprint 2.1: Build (3 days)`),
  and the top-level items of their deliverable lists;
- section headings `(4-5 hours)`, time-allocation tables' `**Total**` rows and `**Total Tasks**: N` statements
  are estimates and totals stated for the document, not tasks.
"""

from __future__ import annotations

import gc
import re

from openspec_tool.model.tasks import Estimate, StatedEstimate, Task, TaskList
from openspec_tool.read.estimates import parse_estimate, text_estimate
from openspec_tool.read.fence import fence_mask
from openspec_tool.read.jstext import JS_WS, S_CHARS
from openspec_tool.read.plan_lines import (
    TASK_LINE,
    document_lines,
    front_matter_end,
    nonwork_title,
)
from openspec_tool.read.task_deps import HeadingSpan
from openspec_tool.read.task_finish import Finisher
from openspec_tool.read.task_labels import CRITERIA, LabelScan
from openspec_tool.read.task_scan import Context, Head
from openspec_tool.read.task_table import TableReader
from openspec_tool.read.task_text import (
    clean_title,
    heading_done,
    split_attrs,
    split_heading_id,
)

_ITEM = re.compile(r"([-*+]|\d{1,9}[.)])[ \t]+(\S.*)")
_PLAIN_BOXES = ("- [ ] ", "- [x] ", "- [X] ")
_new_span = _new_task = tuple.__new__  # a NamedTuple made without its Python-level `__new__`


class _Reader(LabelScan):
    """One scan of a document's lines; `Finisher` then settles what needs the whole document."""

    def __init__(self, raw: list[str], lines: list[str], mask: list[bool], fallback: bool) -> None:
        self.raw, self.lines, self.mask, self.fallback = raw, lines, mask, fallback
        self.line_count = len(lines)
        self.fin = Finisher()
        self.title: str | None = None
        self.section: str | None = None
        self.heads: list[Head] = []
        self.items: list[tuple[int, int]] = []  # open checkbox tasks: (indent, task index)
        self.ctx: Context | None = None
        self.blank = True  # a blank line since the last item line (a label right after an item belongs to it)
        self.table = TableReader()
        self.checkbox_count = self.checkbox_done = self.fenced = 0

    # -- the scan ---------------------------------------------------------------------------------------------

    def run(self) -> _Reader:
        lines, raw, mask = self.lines, self.raw, self.mask
        fenced = True in mask  # (front matter is marked in the mask too; an empty mask: nothing fenced)
        repaired = lines is not raw
        match_task, match_item, table = TASK_LINE.match, _ITEM.match, self.table
        checkbox, list_item, paragraph, other = self.checkbox, self.list_item, self.paragraph, self.other
        count = ticked = examples = 0
        in_table = False  # `table.active`, kept in a local: only `table_row` and `table.end` change it
        for i, line in enumerate(lines):
            # The scan consumes the lines: each is let go once read (a 10 MB file's lines are 40 MB of strings).
            lines[i] = ""
            if repaired:
                source = raw[i]
                raw[i] = ""
            else:
                source = line
            box = None  # the text of a checkbox line (the reference's count), trimmed
            if "[" in source:
                lead = source.lstrip(" \t")
                if not repaired and lead.startswith(_PLAIN_BOXES) and not ("\r" in lead or "\u2028" in lead or "\u2029" in lead):
                    # `- [ ] text`, most checkbox lines: what TASK_LINE reads from it, at half the regex's cost
                    mark, box = lead[3].strip(), lead[6:].lstrip(S_CHARS).rstrip(JS_WS)
                else:
                    cb = match_task(source)
                    if cb is not None:
                        mark, box = cb.group(1) or "", cb.group(2).strip(JS_WS)
                if box is not None:
                    count += 1
                    done = mark == "x" or mark == "X"
                    if done:
                        ticked += 1
            if fenced and mask[i]:
                if box is not None:
                    examples += 1
                continue
            if not line:
                self.blank = True
                if in_table:
                    table.end()
                    in_table = False
                continue
            first = line[0]
            if first == " " or first == "\t":
                stripped = line.lstrip(" \t")
                if not stripped:
                    self.blank = True
                    if in_table:
                        table.end()
                        in_table = False
                    continue
                width = len(line) - len(stripped)
                indent = width + 3 * line.count("\t", 0, width)  # a tab counts four
                first = stripped[0]
            else:
                stripped, indent = line, 0
            if in_table and first != "|":
                table.end()
                in_table = False
            if first == "#" and indent <= 3:
                level = len(stripped) - len(stripped.lstrip("#"))  # an ATX heading, as `atx_heading` reads it
                if level <= 6 and (len(stripped) == level or stripped[level] in " \t"):
                    self._open_heading(i, level * 2, stripped[level:].strip(" \t").rstrip("#").rstrip(" \t"))
                    continue
            if box is not None:
                if repaired:  # counted on the raw line, read from the repaired one
                    cb = match_task(line)
                    if cb is not None:
                        mark, box = cb.group(1) or "", cb.group(2).strip(JS_WS)
                        done = mark == "x" or mark == "X"
                checkbox(i, indent, box, mark, done)
                continue
            if first == "|":
                self.table_row(i, stripped)
                in_table = table.active
            elif first in "-*+" or "0" <= first <= "9":
                item = match_item(stripped)
                if item is not None:
                    list_item(i, indent, stripped, item)
                elif first == "*":
                    paragraph(i, indent, stripped)
                elif self.items or self.ctx is not None:
                    other(indent)
            elif first == "_":
                paragraph(i, indent, stripped)
            elif self.items or self.ctx is not None:
                other(indent)
            self.blank = False
        self.checkbox_count, self.checkbox_done, self.fenced = count, ticked, examples
        return self

    # -- headings ---------------------------------------------------------------------------------------------

    def _open_heading(self, i: int, level: int, raw: str) -> None:
        """A heading of `level` (twice its markdown level; a bold paragraph heading is odd) opens on line `i`."""
        title = clean_title(raw)
        heads = self.heads
        if heads and heads[-1].level >= level:
            self._close_to(level, i)
        self.items, self.ctx, self.blank = [], None, True
        if level == 2 and self.title is None and title:
            self.title = title
        fin = self.fin
        nonwork = (bool(heads) and heads[-1].nonwork) or nonwork_title(title)
        head = Head(level, raw, title, i + 1, nonwork, self.section, len(fin.tasks), len(fin.checks))
        heads.append(head)
        if level <= 2 or nonwork:
            self.section = title or None
            return
        # (an estimate first: most titles have no digit, and both tests are pure)
        if self.fallback and level % 2 == 0 and parse_estimate(title) and split_heading_id(split_attrs(title)[1])[0]:
            self._make_block(head)
            return
        self.section = title or None
        if level % 2 == 0:
            est = text_estimate(raw)
            if est is not None:
                fin.estimates.append(StatedEstimate(title, est, i + 1, "section", level // 2))

    def _close_to(self, level: int, i: int) -> None:
        """Close the open headings of `level` and deeper, at line `i`."""
        heads, spans = self.heads, self.fin.spans
        while heads and heads[-1].level >= level:
            head = heads.pop()
            if head.block < 0 and head.level % 2 == 0:
                spans.append(_new_span(HeadingSpan, (head.title, head.line, i + 1, head.level // 2)))
            if head.block >= 0 or self.section == head.title:
                self.section = head.outer_section

    def _container(self) -> int:
        for head in reversed(self.heads):
            if head.block >= 0:
                return head.block
        return -1

    def _make_block(self, head: Head) -> int:
        """The heading becomes a task block; tasks already read under it become its subtasks."""
        fin = self.fin
        outer = self._container()
        attrs, bare = split_attrs(head.title)
        task_id, rest = split_heading_id(bare)
        parent = fin.tasks[outer] if outer >= 0 else None
        estimate = parse_estimate(bare)
        index = fin.add(
            _new_task(
                Task, (
                    task_id or f"L{head.line}", rest, head.title, heading_done(head.raw), "", head.outer_section,
                    parent.depth + 1 if parent else 0, head.line, parent.id if parent else None, None, estimate, (),
                    "block", None,
                ),
            ),
            ref=task_id,
        )  # fmt: skip
        if attrs:
            fin.apply_attrs(index, attrs)
        fin.adopt(head.first_task, index, parent.id if parent else None, head.title, head.outer_section)
        fin.own_checks(head.first_check, index, head.title)
        for kind, value in head.pending or ():
            fin.label(index, kind, value)
        head.block = index
        self.section = head.outer_section
        return index

    # -- checkbox lines ---------------------------------------------------------------------------------------

    def checkbox(self, i: int, indent: int, text: str, marker: str, done: bool) -> None:
        self.blank = False
        items = self.items
        while items and items[-1][0] >= indent:
            items.pop()
        ctx = self.ctx
        if ctx is not None:
            if not ctx.holds(indent) or (ctx.owner >= 0 and not self._owner_open(ctx)):
                ctx = self.ctx = None
            elif ctx.kind in CRITERIA:
                self.fin.criterion(ctx.owner, ctx.kind, text, done, i + 1, self.section)
                return
        heads = self.heads
        if heads and heads[-1].nonwork:
            self.fin.criterion(-1, "success", text, done, i + 1, self.section)
            return
        if items:
            parent = items[-1][1]
        elif ctx is not None and ctx.kind == "steps":
            parent = ctx.owner
        else:
            parent = self._container() if heads else -1
        items.append((indent, self.fin.checkbox_task(i + 1, text, done, marker, parent, self.section)))

    # -- tables -----------------------------------------------------------------------------------------------

    def table_row(self, i: int, stripped: str) -> None:
        found = self.table.row(stripped)
        if found is None:
            return
        kind, value = found
        if isinstance(value, int):
            self.fin.stated_totals.append((value, i + 1))
        elif isinstance(value, Estimate):
            self.fin.estimates.append(StatedEstimate(kind, value, i + 1, "total"))

    # -- the result -------------------------------------------------------------------------------------------

    def result(self, path: str, notes: list[str]) -> TaskList:
        self._close_to(0, self.line_count)
        tasks, checks, more = self.fin.finish()
        if self.fenced:
            more.append(
                f"{self.fenced} checkbox(es) inside code blocks or front matter: examples, not tasks "
                "(`openspec list` counts them)"
            )
        first = self.fin.stated_totals[0] if self.fin.stated_totals else (None, None)
        return TaskList(
            path=path,
            title=self.title,
            tasks=tasks,
            stated_total=first[0],
            stated_total_line=first[1],
            checkbox_count=self.checkbox_count,
            checkbox_done=self.checkbox_done,
            notes=(*notes, *more),
            checks=checks,
            stated_totals=tuple(self.fin.stated_totals),
            estimates=tuple(self.fin.estimates),
            fenced=self.fenced,
        )


def parse_tasks(text: str, path: str) -> TaskList:
    """The tasks of a planning document; never raises, whatever the text."""
    if len(text) < 200_000:
        return _parse(text, path)
    # Hundreds of thousands of small objects and no cycles among them: the cyclic collector would walk the
    # growing heap again and again (most of the time on a 10 MB file), for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, path)
    finally:
        if enabled:
            gc.enable()


def _parse(text: str, path: str) -> TaskList:
    raw, lines, fixed = document_lines(text)
    notes = [f"repaired {fixed} mojibake sequence(s) (UTF-8 read as Windows-1252)"] if fixed else []
    # (repairs and dropped CRs and BOMs never make a fence: without one in the text, no line is fenced)
    mask = fence_mask(lines) if "```" in text or "~~~" in text else []
    skip = front_matter_end(lines)
    if skip:
        mask = mask or [False] * len(lines)
        mask[:skip] = [True] * skip  # front matter: its checkboxes are examples too
    # Without a checkbox outside code and front matter the document is a sprint plan, a PRD: read in fallback mode.
    fallback = not _has_checkbox(raw, mask)
    return _Reader(raw, lines, mask, fallback).run().result(path, notes)


def _has_checkbox(raw: list[str], mask: list[bool]) -> bool:
    match = TASK_LINE.match
    if not mask:
        return any("[" in line and match(line) is not None for line in raw)
    return any("[" in line and not mask[i] and match(line) is not None for i, line in enumerate(raw))
