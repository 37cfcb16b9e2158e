"""The label half of the task scan: `**Key**: value` lines and plain `- Key: value` bullets under a task, and the
list items in a label's scope (acceptance criteria, deliverables). The reader (`tasks_doc`) mixes it in; it owns
the headings and checkbox lines this half refers to.
"""

from __future__ import annotations

import re

from openspec_tool.model.tasks import StatedEstimate
from openspec_tool.read.estimates import parse_estimate
from openspec_tool.read.jstext import trim
from openspec_tool.read.plan_lines import OTHER_ONLY, LabelLine, bold_heading, label_line, plain_label_line
from openspec_tool.read.task_finish import Finisher
from openspec_tool.read.task_scan import Context, Head
from openspec_tool.read.task_text import split_heading_id, stated_count

CRITERIA = ("acceptance", "success", "dod")
_SCOPED = ("acceptance", "success", "dod", "steps")
_TOTAL_KEYS = ("estimate", "sum")  # a `**Duration**` is a calendar span, no effort


class LabelScan:
    """The state the label half reads and changes (set by the reader), and its handlers."""

    fin: Finisher
    fallback: bool
    section: str | None
    heads: list[Head]
    items: list[tuple[int, int]]  # open checkbox tasks: (indent, task index)
    ctx: Context | None
    blank: bool

    def _make_block(self, head: Head) -> int:  # the reader's: the heading becomes a task block
        raise NotImplementedError

    def _open_heading(self, i: int, level: int, raw: str) -> None:  # the reader's
        raise NotImplementedError

    def _owner_open(self, ctx: Context) -> bool:
        items = self.items
        return ctx.slot < 0 or (len(items) > ctx.slot and items[ctx.slot][1] == ctx.owner)

    def _pop_items(self, indent: int) -> None:
        items = self.items
        while items and items[-1][0] >= indent:
            items.pop()

    # -- labels -----------------------------------------------------------------------------------------------

    def _label_owner(self, indent: int, bullet: bool, info: LabelLine) -> int:
        """The task a label line describes: the open item it is indented under (or directly follows), else
        the heading it sits under when that heading is (or now becomes) a task block; -2 for a heading that may
        still become one (its labels wait), -1 for none."""
        items = self.items
        if items:
            if indent > items[-1][0] or (not self.blank and not bullet):
                return items[-1][1]
            self._pop_items(indent)
            if items:
                return items[-1][1]
        if not self.heads:
            return -1
        head = self.heads[-1]
        if head.block >= 0:
            return head.block
        if head.nonwork or head.level % 2 or head.level <= 2:
            return -1
        weak = self.fallback and info.weak and split_heading_id(head.title)[0] is not None
        return self._make_block(head) if info.strong or weak else -2

    def labels(self, i: int, indent: int, bullet: bool, info: LabelLine) -> None:
        fin = self.fin
        found = info.found
        if info.legend is not None and len(found) == 1 and found[0][1]:  # `**S**: 1-4 hours` in an effort legend
            fin.legend[info.legend[0]] = info.legend[1]
            return
        if info.kinds == OTHER_ONLY:  # `**Key Metrics**:` — what follows is neither criteria nor deliverables
            self.ctx = Context("other", -1, indent, bullet) if not found[-1][1] else None
            return
        owner = self._label_owner(indent, bullet, info)
        for kind, value in found:
            if kind == "total":
                count = stated_count(value)
                if count is not None:
                    fin.stated_totals.append((count, i + 1))
                continue
            if owner == -2 and value and kind != "other":
                head = self.heads[-1]
                if head.pending is None:
                    head.pending = []
                head.pending.append((kind, value))
            if owner < 0:
                if kind in _TOTAL_KEYS and value and (kind == "sum" or not self.heads or self.heads[-1].nonwork):
                    est = parse_estimate(value)
                    if est is not None:
                        fin.estimates.append(StatedEstimate(f"{kind} {value}".strip(), est, i + 1, "total"))
                if kind in CRITERIA or kind == "steps":
                    self.ctx = Context(kind, -1, indent, bullet) if not value else None
                continue
            if not value:
                if kind in _SCOPED:
                    items = self.items
                    slot = len(items) - 1 if items and items[-1][1] == owner else -1
                    self.ctx = Context(kind, owner, indent, bullet, slot)
                continue
            fin.label(owner, kind, value)
            if kind in CRITERIA and self.ctx is not None and self.ctx.owner == owner:
                self.ctx = None

    def paragraph(self, i: int, indent: int, stripped: str) -> None:
        """A line starting with `*` or `_` that is no list item: a label, a bold paragraph heading, or text."""
        info = label_line(stripped)
        if info is not None:
            self.labels(i, indent, False, info)
            return
        bold = bold_heading(stripped)
        if bold is not None and indent <= 3:
            parent_level = next((h.level for h in reversed(self.heads) if h.level % 2 == 0), 0)
            self._open_heading(i, parent_level + 1, bold)
            return
        self.other(indent)

    def other(self, indent: int) -> None:
        """Plain text: a continuation of the item above, or the end of the open lists and label scopes."""
        if self.items and (not self.blank or indent > self.items[-1][0]):
            return
        if indent <= 1:
            self.items = []
            if self.ctx is not None and not self.ctx.holds(indent + (0 if self.ctx.bullet else 1)):
                self.ctx = None

    # -- plain list items -------------------------------------------------------------------------------------

    def list_item(self, i: int, indent: int, stripped: str, m: re.Match[str]) -> None:
        body = m.group(2)
        if body[:2] in ("**", "__"):
            info = label_line(body)
            if info is not None and (info.kinds != OTHER_ONLY or info.legend is not None):
                self.labels(i, indent, True, info)
                return
        elif self.items and indent > self.items[-1][0]:
            info = plain_label_line(stripped) if len(stripped) <= 200 else plain_label_line.__wrapped__(stripped)
            if info is not None:
                self.labels(i, indent, True, info)
                return
        self._pop_items(indent)
        ctx = self.ctx
        if ctx is not None and (not ctx.holds(indent) or (ctx.owner >= 0 and not self._owner_open(ctx))):
            ctx = self.ctx = None
        if ctx is None:
            if self.fallback and not self.items:
                self._fallback_child(i, indent, body, m.group(1))
            return
        if ctx.kind in CRITERIA:
            if ctx.owner >= 0 and (not self.items or indent <= ctx.indent + 4):
                self.fin.criterion_text(ctx.owner, ctx.kind, body)
        elif ctx.kind == "steps" and self.fallback and not self.items:
            self._fallback_child(i, indent, body, m.group(1))

    def _fallback_child(self, i: int, indent: int, body: str, marker: str) -> None:
        """In a document without checkboxes, a top-level deliverable of a task block is a subtask."""
        block = self.heads[-1].block if self.heads else -1
        if block < 0 or self.fin.child_base.setdefault(block, indent) != indent:
            return
        self.fin.fallback_child(block, i + 1, trim(body), marker, self.section)
