"""What a `**Dependencies**:` value names: task ids, ranges of them, or prose.

`Task 1.0.1`, `Tasks 6 and 7`, `1.2, T-3`, `IMPL-1, IMPL-2`, `Tasks 1-15` (a range), `None (T-081 already done)`
(none: what follows `None` is a remark). A value that names no id is prose (`All tasks complete`, `Phase 1
complete`, `Workspace setup from Phase 0`): kept as written, and turned into tasks later where a planner would
(`resolve_prose`), never dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from openspec_tool.model.tasks import Task
from openspec_tool.read.task_text import _DOTTED, _ID

_MAX_VALUE = 2000  # longer values are read up to here: an id list is never that long, and the regexes stay linear
_NONE = re.compile(r"\s*(?:none|n/?a|nothing|no dependencies|no deps|-|—|–|~|/)(?![\w])", re.IGNORECASE)
_TASK_REFS = re.compile(rf"\b[Tt]asks?\s*#?\s*((?:{_ID})(?:\s*(?:,|and|&|/|or)\s*#?(?:{_ID}))*)")
_RANGE = re.compile(rf"(?<![\w.-])((?:{_ID}))\s*(?:-|–|—|to|through|\.\.)\s*((?:{_ID}))(?![\w.]*\w)")
_ID_TOKEN = re.compile(_ID)
_TAIL_NUMBER = re.compile(r"^(.*?)(\d+)([a-z]?)$")
_MAX_RANGE = 500
# `Phase 1.1`, `Sprint 2`, `Week 3`: a part of the plan, not a task id (resolved against headings later)
SECTION_REF = re.compile(
    r"\b(phase|section|sprint|milestone|stage|week|part|step|epic|wave|iteration)s?\s*#?\s*(\d+(?:\.\d+)*[a-z]?|(?-i:[A-Z]))\b"
    r"(?:\s*(?:-|–|—|to|through|and|&|,)\s*(\d+)\b)?",
    re.IGNORECASE,
)


def _expand_range(start: str, end: str) -> list[str] | None:
    """`1.1`..`1.5` → 1.1 … 1.5, `T-081`..`T-084` → T-081 … T-084; None when the two do not form a range."""
    a, b = _TAIL_NUMBER.match(start), _TAIL_NUMBER.match(end)
    if not a or not b or a.group(1) != b.group(1) or a.group(3) or b.group(3):
        return None
    low, high = int(a.group(2)), int(b.group(2))
    if not low < high or high - low > _MAX_RANGE:
        return None
    width = len(a.group(2)) if a.group(2).startswith("0") else 0
    return [f"{a.group(1)}{n:0{width}d}" for n in range(low, high + 1)]


_REMARK = re.compile(r"\([^()]*\)")
_SEPARATORS = re.compile(r"(?:\b(?:tasks?|and|or|&)\b|[,;/&#:]|\.(?=\s|$))", re.IGNORECASE)
_ID_FULL = re.compile(rf"(?:{_ID})")


_ONE_ID = re.compile(r"\d+(?:\.\d+)+|[A-Z]{1,8}-\d+(?:\.\d+)*")
_PARTS = re.compile(r"[,;]|\band\b|\s&\s", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]{2}")


def _ids_in(part: str) -> list[str]:
    """The task ids a part of a dependency value names (ranges expanded)."""
    found: list[str] = []
    for m in _RANGE.finditer(part):
        expanded = _expand_range(m.group(1), m.group(2))
        if expanded:
            found.extend(expanded)
            part = part.replace(m.group(0), " ", 1)
    tokens = _SEPARATORS.sub(" ", part).split()
    if tokens and all(_ID_FULL.fullmatch(tok) for tok in tokens):  # a list of ids: `Tasks 28-31, 31a`, `T001 T002`
        found.extend(tokens)
        return found
    for m in _TASK_REFS.finditer(part):
        found.extend(_ID_TOKEN.findall(m.group(1)))
    found.extend(m.group(1) for m in _DOTTED.finditer(part))
    return found


def parse_dependencies(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(task ids named, prose) of a dependency value. Prose is the whole value when it names no id; else the
    parts of the plan it names (`Phase 1`) and the parts between commas that name no id (`auth service`)."""
    return _dependencies(value) if len(value) <= 200 else _dependencies.__wrapped__(value)


@lru_cache(maxsize=2048)  # `None`, `1.1` and `Task 2` recur
def _dependencies(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = value[:_MAX_VALUE].strip().strip("*_`").strip()
    if not text or _NONE.match(text):
        return (), ()
    if _ONE_ID.fullmatch(text) and not SECTION_REF.search(text):
        return (text,), ()  # `T-12`, `1.2`: what the reading below makes of one plain id, at a fifth of its cost
    sections = [m.group(0) for m in SECTION_REF.finditer(text)]
    rest = SECTION_REF.sub(" ", text) if sections else text
    rest = _REMARK.sub(" ", rest) if "(" in rest else rest  # `Task 14 (the chain must exist first)`: a remark
    found = _ids_in(rest)
    if not found:
        return (), (text,)
    prose = list(sections)
    if _LETTERS.search(_SEPARATORS.sub(" ", _ID_TOKEN.sub(" ", rest))):  # words beside the ids: which part?
        for part in _PARTS.split(rest):
            if not _ids_in(part) and _LETTERS.search(_SEPARATORS.sub(" ", part)):
                prose.append(part.strip(" .:"))
    return tuple(dict.fromkeys(found)), tuple(prose)


# -- prose, once the whole document is read -----------------------------------------------------------------

_ALL = re.compile(
    r"^\s*(?:all|every|each)\b(?:\s+(?:of|the|other|previous|prior|preceding|earlier|remaining|above|implementation|"
    r"code|coding|development|dev|core|main|planned))*\s+(?:tasks?|work|items?|phases?|steps?|stages?|sections?|code)\b"
    r"|^\s*(?:everything|all of the above|all above)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:complete[d]?|completion|done|finished|ready|implemented|in place|merged|must|should|be|is|are|the|a|an|"
    r"all|of|from|to|has|have|been|first|needs?|required|tasks?)\b",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_HEAD_PREFIX = re.compile(
    r"^(?:(?:phase|section|sprint|milestone|stage|week|part|step|epic|wave|iteration|task)\s*#?\s*)?"
    r"(?:(?:\d+(?:\.\d+)*[a-z]?|[A-Z])(?!\w))?\s*[.):\-–—]?\s*",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _key(text: str) -> str:
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", _FILLER.sub(" ", text.lower()))).strip()


def _title_key(title: str) -> str:
    return _key(_HEAD_PREFIX.sub("", _TRAILING_PAREN.sub("", title), count=1))


class HeadingSpan(NamedTuple):
    """A section heading (not a task) and the lines it covers, for `Phase 1 complete`-style dependencies."""

    title: str
    start: int  # the heading's line
    end: int  # the line of the next heading of the same or a higher level (exclusive)
    level: int


_Span = HeadingSpan


class ProseResolver:
    """Turns prose dependencies into task ids, by the rules a planner reads them with; tasks in document order.

    `All tasks complete` → every task above it (its parts excepted); `Phase 1.1 complete` → the tasks under the
    heading `Phase 1.1: …` (or the task block of that name); `Enhanced core types` → the tasks under the heading,
    or the task, of that name. What no rule resolves stays prose, reported as unresolved.
    Linear overall: an `All tasks` dependency names the previous one and the top-level tasks since it.
    """

    def __init__(self, tasks: Sequence[Task], spans: Sequence[_Span]) -> None:
        self.tasks = tasks
        self.lines = [t.line for t in tasks]
        self.by_id = {t.id: t for t in tasks}
        self.children: dict[str, list[str]] = {}
        for t in tasks:
            if t.parent is not None:
                self.children.setdefault(t.parent, []).append(t.id)
        self.spans = sorted(spans, key=lambda s: s.start)  # closed inner first: by their headings' lines
        self._span_keys: dict[str, list[_Span]] | None = None
        self._word_keys: dict[str, list[str]] = {}
        self._fits: dict[str, list[_Span] | None] = {}
        self._task_keys: dict[str, list[Task]] | None = None
        self._named_spans: dict[tuple[str, str], list[_Span]] | None = None
        self._refs: dict[str, list[Task]] | None = None
        self.barrier: str | None = None  # the last top-level task that depends on all tasks above it
        self.since: list[str] = []  # top-level tasks after the barrier
        self.position = 0

    def resolve(self, me: Task) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(ids, unresolved prose) of `me`; call for the tasks in document order (`advance` for the others)."""
        lineage = self._lineage(me)
        found: list[str] = []
        unresolved: list[str] = []
        every = False
        for prose in me.prose_dependencies:
            if _ALL.search(prose) and not SECTION_REF.search(prose):
                every = True
                continue
            ids = self._resolve_one(prose, me, lineage)
            if ids is None:
                unresolved.append(prose)
            else:
                found.extend(ids)
        if every:
            found.extend(self._all_above(me, lineage))
        return tuple(dict.fromkeys(found)), tuple(unresolved)

    def advance(self, t: Task, barrier: bool) -> None:
        if t.parent is None:
            if barrier:
                self.barrier, self.since = t.id, []
            else:
                self.since.append(t.id)

    def _lineage(self, me: Task) -> set[str]:
        lineage = {me.id}
        up = me.parent
        while up is not None and up in self.by_id and up not in lineage:
            lineage.add(up)
            up = self.by_id[up].parent
        stack = [me.id]
        while stack:
            for kid in self.children.get(stack.pop(), ()):
                if kid not in lineage:
                    lineage.add(kid)
                    stack.append(kid)
        return lineage

    def _all_above(self, me: Task, lineage: set[str]) -> list[str]:
        if me.parent is None or self.barrier is None or self.barrier not in lineage:
            return [i for i in ([self.barrier] if self.barrier else []) + self.since if i not in lineage]
        end = bisect_left(self.lines, me.line)
        return self._units(self.tasks[:end], lineage)

    def _units(self, chosen: Sequence[Task], lineage: set[str]) -> list[str]:
        """The ids of `chosen` without those inside another chosen task, and never `me`'s own lineage."""
        ids = {t.id for t in chosen}
        return [t.id for t in chosen if t.id not in lineage and (t.parent is None or t.parent not in ids)]

    def _fitting(self, key: str) -> list[_Span] | None:
        """The sections of the only title that holds every word of `key` (the words' title lists intersected)."""
        if key not in self._fits:
            assert self._span_keys is not None
            words = sorted(set(key.split()), key=lambda w: len(self._word_keys.get(w, ())))
            fits = set(self._word_keys.get(words[0], ()))
            for word in words[1:]:
                fits.intersection_update(self._word_keys.get(word, ()))
            self._fits[key] = self._span_keys[fits.pop()] if len(fits) == 1 else None
        return self._fits[key]

    def _in_span(self, start: int, end: int) -> Sequence[Task]:
        return self.tasks[bisect_right(self.lines, start) : bisect_left(self.lines, end)]

    def _resolve_one(self, prose: str, me: Task, lineage: set[str]) -> list[str] | None:
        refs = list(SECTION_REF.finditer(prose))
        if refs:
            out: list[str] = []
            if self._named_spans is None:
                self._named_spans, self._refs = {}, {}
                for s in self.spans:
                    head = SECTION_REF.match(s.title.strip())
                    if head is not None:
                        self._named_spans.setdefault((head.group(1).lower(), head.group(2).lower()), []).append(s)
                for t in self.tasks:
                    if t.ref is not None:
                        self._refs.setdefault(t.ref.lower(), []).append(t)
            assert self._refs is not None
            for m in refs:
                word, numbers = m.group(1).lower(), _numbers(m.group(2).lower(), m.group(3))
                for number in numbers:
                    heads = self._named_spans.get((word, number))
                    if heads:
                        s = _nearest(heads, me.line)
                        out.extend(self._units(self._in_span(s.start, s.end), lineage))
                        continue
                    named = [t for t in self._refs.get(number, ()) if t.text.lower().startswith(word)]
                    if not named:
                        return None
                    out.extend(t.id for t in named if t.id not in lineage)
            return out
        key = _key(prose)
        if not key:
            return None
        if self._span_keys is None:
            self._span_keys, self._word_keys = {}, {}
            for s in self.spans:
                self._span_keys.setdefault(_title_key(s.title), []).append(s)
            for k in self._span_keys:
                for word in set(k.split()):
                    self._word_keys.setdefault(word, []).append(k)
        heads = self._span_keys.get(key)
        if not heads and " " in key:  # `Core types complete` names the section `Enhanced Core Types` when only it fits
            heads = self._fitting(key)
        if heads:
            s = _nearest(heads, me.line)
            return self._units(self._in_span(s.start, s.end), lineage)
        if self._task_keys is None:
            self._task_keys = {}
            for t in self.tasks:
                self._task_keys.setdefault(_key(t.title), []).append(t)
        ids = [t.id for t in self._task_keys.get(key, ()) if t.id not in lineage]
        return ids or None


def _nearest(heads: Sequence[_Span], line: int) -> _Span:
    """Of several sections with the name, the one the reader last passed (the first one when none is above)."""
    if len(heads) == 1 or heads[0].start >= line:
        return heads[0]
    at = bisect_left(heads, line, key=lambda s: s.start)
    return heads[at - 1]


def is_all(prose: str) -> bool:
    return bool(_ALL.search(prose)) and not SECTION_REF.search(prose)


def _numbers(first: str, last: str | None) -> list[str]:
    """`Phase 2-8` → 2 … 8; `Phases 2 and 3` → 2, 3."""
    if last is None or not first.isdigit() or not 0 < int(last) - int(first) <= 50:
        return [first] if last is None else [first, last]
    return [str(n) for n in range(int(first), int(last) + 1)]
