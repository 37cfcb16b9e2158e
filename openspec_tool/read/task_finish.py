"""What a task list needs the whole document for: metadata read after a task's own line, repeated ids,
`**Blocks**:` turned round, prose dependencies resolved, containers done through their subtasks.

Tasks are NamedTuples made once, when their line is read; only the few that gain metadata later (a rich block,
a container whose mark disagrees) are replaced here.
"""

from __future__ import annotations

import re

from openspec_tool.model.tasks import Check, Estimate, StatedEstimate, Task, TaskDetails
from openspec_tool.read.estimates import parse_estimate, split_text_estimate
from openspec_tool.read.task_deps import HeadingSpan, ProseResolver, is_all, parse_dependencies
from openspec_tool.read.task_scan import Extra
from openspec_tool.read.task_text import (
    Attrs,
    LabelKind,
    clean_title,
    normalize_priority,
    section_priority,
    split_attrs,
    split_item_id,
    status_done,
    strip_status_mark,
    tshirt_size,
)

_new_task = tuple.__new__  # a NamedTuple made without its Python-level `__new__` (a third of the cost)
_RANGE_ON = re.compile(r"(?:through|thru|to|until|[-–—]|\.\.)\s*\**[A-Z0-9]", re.IGNORECASE)


class Finisher:
    def __init__(self) -> None:
        self.tasks: list[Task] = []
        self.extras: dict[str, Extra] = {}
        self.refs: dict[str, int] = {}  # written id -> how many tasks carry it
        self.checks: list[Check] = []
        self.legend: dict[str, Estimate] = {}
        self.stated_totals: list[tuple[int, int]] = []
        self.estimates: list[StatedEstimate] = []
        self.spans: list[HeadingSpan] = []
        self.child_base: dict[int, int] = {}
        self.children_made: dict[int, int] = {}
        self.unordered = False
        self.stated: set[str] = set()  # task blocks with a status of their own (a checkbox always states one)
        self.texts: dict[str, str] = {}  # checkbox texts read lately, each kept once
        self.last_extra: tuple[int, Extra] = (-1, Extra())

    # -- making tasks -----------------------------------------------------------------------------------------

    def add(self, task: Task, ref: str | None) -> int:
        if ref is not None:
            seen = self.refs.get(ref, 0)
            self.refs[ref] = seen + 1
            if seen:
                task = _task_with(task, id=f"{ref}@L{task.line}", details=_details(task, ref=ref))
        elif task.id in self.refs:  # a generated `L12` that a document also writes as an id
            task = _task_with(task, id=f"{task.id}-{task.line}")
        self.tasks.append(task)
        return len(self.tasks) - 1

    def _extra(self, index: int) -> Extra:
        if index == self.last_extra[0]:  # a task's labels come one after another (its id does not change meanwhile)
            return self.last_extra[1]
        key = self.tasks[index].id
        extra = self.extras.get(key)
        if extra is None:
            extra = self.extras[key] = Extra()
        self.last_extra = (index, extra)
        return extra

    def checkbox_task(self, line: int, text: str, done: bool, marker: str, parent: int, section: str | None) -> int:
        # A text seen lately is shared, not kept twice (`- [ ] Tests pass` under every feature); the cache is bounded.
        texts = self.texts
        known = texts.get(text)
        if known is None:
            if len(texts) >= 4096:
                texts.clear()
            texts[text] = text
        else:
            text = known
        # The common line (no attribute block, no id, no estimate, plain ASCII) takes no call it does not need.
        attrs, bare = split_attrs(text) if "}" in text else (None, text)
        first = bare[:1]
        if first.isdigit() or "A" <= first <= "Z" or first in "*_t":
            task_id, rest = split_item_id(bare)
        else:
            task_id, rest = None, bare
        if "(" in rest or "~" in rest:
            estimate, rest = split_text_estimate(rest)
        else:
            estimate = None
        if rest.isascii() and "**" not in rest and "__" not in rest and "  " not in rest and "\t" not in rest:
            title = rest.strip().rstrip(":").rstrip()  # what `clean_title` does to such a text (no newline in a line)
        else:
            title = clean_title(strip_status_mark(rest) if rest[:1] > "\x7f" else rest) or clean_title(rest)
        if parent >= 0:
            up = self.tasks[parent]
            depth, up_id = up.depth + 1, up.id
        else:
            depth, up_id = 0, None
        own = task_id or f"L{line}"
        deps: tuple[str, ...] = ()
        if attrs is None:
            priority, details = None, None
        else:
            priority, after = attrs.priority, attrs.after
            estimate = attrs.estimate or estimate
            deps = after if own not in after else tuple(d for d in after if d != own)
            details = _new_task(TaskDetails, (None, None, (), (), None, attrs.owner, (), ())) if attrs.owner else None
        # what `add` does, without making the task twice
        refs = self.refs
        if task_id is not None:
            seen = refs.get(task_id, 0)
            refs[task_id] = seen + 1
            if seen:
                own = f"{task_id}@L{line}"
                assignee = details.assignee if details is not None else None
                details = _new_task(TaskDetails, (task_id, None, (), (), None, assignee, (), ()))
        elif refs and own in refs:  # a generated `L12` that a document also writes as an id
            own = f"{own}-{line}"
        tasks = self.tasks
        tasks.append(
            _new_task(
                Task, (own, title, text, done, marker, section, depth, line, up_id, priority, estimate, deps, "checkbox", details)
            )
        )
        return len(tasks) - 1

    def fallback_child(self, block: int, line: int, text: str, marker: str, section: str | None) -> None:
        """A deliverable of a task block in a document without checkboxes: `<block id>.<n>`."""
        parent = self.tasks[block]
        n = self.children_made[block] = self.children_made.get(block, 0) + 1
        number = marker[:-1] if marker[0].isdigit() else str(n)
        attrs, bare = split_attrs(text)
        _, rest = split_item_id(bare)
        estimate, rest = split_text_estimate(rest)
        title = clean_title(strip_status_mark(rest) if rest[:1] > "\x7f" else rest) or clean_title(rest)
        generated = parent.generated_id
        task_id = None if generated else f"{parent.ref or parent.id}.{number}"
        task = Task(
            task_id or f"L{line}", title, text, False, "", section, parent.depth + 1, line, parent.id, None, estimate,
            source="block",
        )  # fmt: skip
        index = self.add(task, task_id)
        if attrs:
            self.apply_attrs(index, attrs)

    def apply_attrs(self, index: int, attrs: Attrs) -> None:
        t = self.tasks[index]
        self.tasks[index] = _task_with(
            t,
            estimate=attrs.estimate or t.estimate, priority=attrs.priority or t.priority,
            dependencies=tuple(d for d in attrs.after if d != t.id),
            details=_details(t, assignee=attrs.owner) if attrs.owner else t.details,
        )  # fmt: skip

    def adopt(self, first: int, block: int, outer: str | None, title: str, outer_section: str | None) -> None:
        """Tasks read under a heading before it turned out to be a task block become its subtasks."""
        if first >= block:
            return
        self.unordered = True
        block_id = self.tasks[block].id
        for j in range(first, block):
            t = self.tasks[j]
            self.tasks[j] = _task_with(
                t,
                parent=block_id if t.parent == outer else t.parent, depth=t.depth + 1,
                section=outer_section if t.section == title else t.section,
            )  # fmt: skip

    def own_checks(self, first: int, block: int, title: str) -> None:
        """Checks read under a heading before it turned out to be a task block are its criteria."""
        owner = self.tasks[block].id
        for k in range(first, len(self.checks)):
            c = self.checks[k]
            if c.owner is None and c.section == title:
                self.checks[k] = c._replace(owner=owner)
                extra = self._extra(block)
                extra.acceptance.append(c.text)
                extra.checks.append(c.done)

    # -- metadata ---------------------------------------------------------------------------------------------

    def label(self, index: int, kind: LabelKind, value: str) -> None:
        extra = self._extra(index)
        if kind == "priority":
            extra.priority = normalize_priority(value) or extra.priority
        elif kind in ("estimate", "sum"):
            est = parse_estimate(value)
            if est is not None:
                extra.estimate = est
            elif extra.estimate is None:
                extra.size = tshirt_size(value) or extra.size
        elif kind == "duration":
            extra.duration = parse_estimate(value) or extra.duration
        elif kind == "deps":
            ids, prose = parse_dependencies(value)
            extra.deps.extend(ids)
            extra.prose.extend(prose)
        elif kind == "blocks":
            extra.blocks.extend(parse_dependencies(value)[0])
        elif kind == "assignee":
            extra.assignee = clean_title(value) or None
        elif kind == "status":
            extra.status = status_done(value)
        elif kind in ("acceptance", "success", "dod"):  # `**Acceptance Criteria**: all tests pass` on one line
            (extra.dod if kind == "dod" else extra.acceptance).append(clean_title(value))

    def criterion_text(self, index: int, kind: str, text: str) -> None:
        extra = self._extra(index)
        (extra.dod if kind == "dod" else extra.acceptance).append(clean_title(text))

    def criterion(self, owner: int, kind: str, text: str, done: bool, line: int, section: str | None) -> None:
        """A checkbox that is an acceptance check: of task `owner`, or (owner -1) of its section."""
        ref, rest = split_item_id(split_attrs(text)[1] if "}" in text else text)
        if ref is not None and _RANGE_ON.match(rest):  # `IMPL-1 through IMPL-26: …` sums up many tasks
            ref = None
        if rest.isascii() and "**" not in rest and "__" not in rest and "  " not in rest and "\t" not in rest:
            title = rest.strip().rstrip(":").rstrip()  # as in `checkbox_task`
        else:
            title = clean_title(strip_status_mark(rest) if rest[:1] > "\x7f" else rest) or clean_title(rest)
        owner_id = None
        if owner >= 0:
            extra = self._extra(owner)
            (extra.dod if kind == "dod" else extra.acceptance).append(title)
            extra.checks.append(done)
            owner_id = self.tasks[owner].id
        self.checks.append(_new_task(Check, (line, title, done, section, owner_id, ref)))

    # -- the end of the document ------------------------------------------------------------------------------

    def finish(self) -> tuple[tuple[Task, ...], tuple[Check, ...], list[str]]:
        notes: list[str] = []
        if self.unordered:
            self.tasks.sort(key=lambda t: t.line)
        if any(n > 1 for n in self.refs.values()):
            self._rename_repeats()
        if self.extras:
            self._apply_extras()
        self._section_priorities()
        if any(self.extras[k].blocks for k in self.extras):
            self._turn_blocks_round()
        # (prose comes only from metadata read after a task's line: without any, no task can hold some)
        if any(e.prose for e in self.extras.values()) and any(t.details is not None and t.details.prose for t in self.tasks):
            self._resolve_prose()
        self._containers(notes)
        return tuple(self.tasks), tuple(self.checks), notes

    def _rename_repeats(self) -> None:
        """Every task of an id written more than once is `<id>@L<line>`: none of them owns the plain id."""
        renamed: dict[str, str] = {}
        for j, t in enumerate(self.tasks):
            ref = t.ref
            if ref is not None and t.id == ref and self.refs.get(ref, 0) > 1:
                new = f"{ref}@L{t.line}"
                renamed[t.id] = new
                self.tasks[j] = _task_with(t, id=new, details=_details(t, ref=ref))
        for old, new in renamed.items():
            if old in self.extras:
                self.extras[new] = self.extras.pop(old)
        if renamed:
            self.tasks = [_task_with(t, parent=renamed.get(t.parent, t.parent)) if t.parent in renamed else t for t in self.tasks]
            self.checks = [c._replace(owner=renamed.get(c.owner, c.owner)) if c.owner in renamed else c for c in self.checks]

    def _apply_extras(self) -> None:
        legend = self.legend
        for j, t in enumerate(self.tasks):
            extra = self.extras.get(t.id)
            if extra is None:
                continue
            estimate = extra.estimate or t.estimate or extra.duration
            if estimate is None and extra.size is not None:
                estimate = legend.get(extra.size)
            done = t.done
            if t.source == "block":  # a stated status wins over checked criteria (`Status: PENDING` with all boxes ticked)
                done = done or (extra.status if extra.status is not None else bool(extra.checks) and all(extra.checks))
                if extra.status is not None or extra.checks:
                    self.stated.add(t.id)
            if t.dependencies or extra.deps:
                ref, own = t.ref, t.id
                deps = tuple(dict.fromkeys(d for d in (*t.dependencies, *extra.deps) if d != ref and d != own))
            else:
                deps = ()
            base = t.details or _EMPTY
            details = _new_task(
                TaskDetails, (
                    base.ref, base.marked, tuple(dict.fromkeys(extra.prose)) if extra.prose else (), base.unresolved,
                    extra.size if estimate is None else None, extra.assignee or base.assignee,
                    tuple(extra.acceptance), tuple(extra.dod),
                ),
            )  # fmt: skip
            self.tasks[j] = _new_task(
                Task, (
                    t.id, t.title, t.text, done, t.marker, t.section, t.depth, t.line, t.parent, extra.priority or t.priority,
                    estimate, deps, t.source, details if details != _EMPTY else t.details,
                ),
            )  # fmt: skip

    def _section_priorities(self) -> None:
        cache: dict[str | None, str | None] = {}
        for j, t in enumerate(self.tasks):
            if t.priority is None and t.section is not None:
                if t.section not in cache:
                    cache[t.section] = section_priority(t.section)
                if cache[t.section] is not None:
                    self.tasks[j] = _task_with(t, priority=cache[t.section])

    def _turn_blocks_round(self) -> None:
        """`**Blocks**: T-2` on T-1 is `T-2` depending on T-1."""
        by_ref: dict[str, list[int]] = {}
        for j, t in enumerate(self.tasks):
            by_ref.setdefault(t.ref or t.id, []).append(j)
        for t in list(self.tasks):
            extra = self.extras.get(t.id)
            if extra is None or not extra.blocks:
                continue
            for ref in extra.blocks:
                for j in by_ref.get(ref, ()):
                    target = self.tasks[j]
                    me = t.ref or t.id
                    if me not in target.dependencies and target.id != t.id:
                        self.tasks[j] = _task_with(target, dependencies=(*target.dependencies, me))

    def _resolve_prose(self) -> None:
        tasks = self.tasks
        resolver = ProseResolver(list(tasks), self.spans)
        for j, t in enumerate(tasks):
            prose = t.prose_dependencies
            if prose:
                ids, unresolved = resolver.resolve(t)
                deps = tuple(dict.fromkeys((*t.dependencies, *ids)))
                tasks[j] = _task_with(t, dependencies=deps, details=_details(t, unresolved=unresolved))
            resolver.advance(t, any(is_all(p) for p in prose))

    def _containers(self, notes: list[str]) -> None:
        """A task with subtasks is done when they all are; where its own mark says otherwise, a note says so."""
        tasks = self.tasks
        parents = {t.parent for t in tasks if t.parent is not None}
        if not parents:
            return
        position = {}  # of the tasks that are parents (the last of a repeated id, as a dict of all would keep)
        for j, t in enumerate(tasks):
            if t.id in parents:
                position[t.id] = j
        kids: dict[int, list[int]] = {}
        for j, t in enumerate(tasks):
            if t.parent is not None and t.parent in position:
                kids.setdefault(position[t.parent], []).append(j)
        if not kids:
            return
        found: list[tuple[int, str]] = []
        for j in sorted(kids, reverse=True):  # parents come before their subtasks: settle the deepest first
            t = tasks[j]
            members = kids[j]
            open_ = sum(1 for k in members if not tasks[k].done)
            done = open_ == 0
            if done == t.done:
                continue
            if t.source == "block" and not t.done and t.id not in self.stated:  # no mark of its own to disagree with
                tasks[j] = _task_with(t, done=done)
                continue
            where = f"{t.id} (line {t.line})"
            if t.done:
                found.append((t.line, f"{where} is marked done, but {open_} of its {len(members)} subtasks are open"))
            else:
                found.append((t.line, f"{where}: all {len(members)} subtasks are done, but it is not marked done"))
            tasks[j] = _task_with(t, done=done, details=_details(t, marked=t.done))
        notes.extend(note for _, note in sorted(found))


_EMPTY = TaskDetails()


_TASK_FIELDS = {name: i for i, name in enumerate(Task._fields)}
_DETAIL_FIELDS = {name: i for i, name in enumerate(TaskDetails._fields)}


def _task_with(t: Task, **changes: object) -> Task:
    """`t._replace(**changes)` at a third of its cost (tasks come by the hundred thousand)."""
    values: list[object] = list(t)
    for name, value in changes.items():
        values[_TASK_FIELDS[name]] = value
    return _new_task(Task, values)


def _details(t: Task, **changes: object) -> TaskDetails:
    """`t`'s details with the given fields changed."""
    values: list[object] = list(t.details or _EMPTY)
    for name, value in changes.items():
        values[_DETAIL_FIELDS[name]] = value
    return _new_task(TaskDetails, values)
