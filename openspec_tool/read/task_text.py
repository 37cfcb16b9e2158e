"""Pieces of one planning-document line: task ids, `{...}` attribute blocks, `**Key**: value` labels.

Inline attribute block, at the end of a task item (pairs split by `;`, list values by `,` or spaces):
`- [ ] 1.3 Wire the API {est: 2-3h; after: 1.1, 1.2; priority: high; owner: @ana}`
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal, NamedTuple

from openspec_tool.model.tasks import Estimate
from openspec_tool.read.estimates import parse_estimate

LabelKind = Literal[
    "priority",
    "estimate",
    "duration",
    "deps",
    "blocks",
    "assignee",
    "acceptance",
    "success",
    "dod",
    "status",
    "steps",
    "total",
    "sum",
    "other",
]

_LABELS: dict[str, LabelKind] = {
    "priority": "priority",
    "estimated time": "estimate", "estimate": "estimate", "estimated effort": "estimate", "effort": "estimate",
    "time estimate": "estimate", "estimated hours": "estimate", "est": "estimate", "estimation": "estimate",
    "estimated": "estimate", "est. effort": "estimate", "estimated time to complete": "estimate", "size": "estimate",
    "duration": "duration", "estimated duration": "duration",
    "dependencies": "deps", "dependency": "deps", "depends on": "deps", "depends": "deps", "blocked by": "deps",
    "prerequisites": "deps", "prerequisite": "deps", "dependencies on": "deps",
    "blocks": "blocks", "unblocks": "blocks", "blocking": "blocks",
    "assignee": "assignee", "owner": "assignee", "assigned to": "assignee", "assignees": "assignee", "owners": "assignee",
    "acceptance criteria": "acceptance", "acceptance": "acceptance", "acceptance checks": "acceptance",
    "success criteria": "success", "validation": "success", "test procedure": "success", "test cases": "success",
    "verification": "success", "verification steps": "success", "validation steps": "success", "checks": "success",
    "definition of done": "dod",
    "status": "status",
    "deliverables": "steps", "key deliverables": "steps", "tasks": "steps", "subtasks": "steps", "sub-tasks": "steps",
    "steps": "steps", "implementation steps": "steps", "work items": "steps",
    "total tasks": "total", "total task count": "total", "tasks total": "total",
    "total": "sum", "total effort": "sum", "total estimate": "sum", "total estimated time": "sum",
    "total estimated effort": "sum", "estimated total": "sum", "total time": "sum", "total hours": "sum",
    "estimated total effort": "sum", "total estimated hours": "sum", "grand total": "sum",
}  # fmt: skip
# Keys read from plain `- Key: value` bullets nested under a checkbox task (bold ones are read anywhere).
_PLAIN_KEYS = frozenset(
    {"priority", "effort", "estimate", "estimated", "estimated time", "est", "dependencies", "depends on", "depends",
     "blocked by", "owner", "assignee", "status", "acceptance", "acceptance criteria", "size"}
)  # fmt: skip
# Labels that alone make a heading a task block.
STRONG_LABELS: frozenset[LabelKind] = frozenset({"priority", "estimate", "deps", "assignee", "acceptance", "dod"})
# Labels that make a heading with a task id a task block when the document has no checkbox tasks.
WEAK_LABELS: frozenset[LabelKind] = frozenset({"duration", "status", "success", "steps"})

_LABEL = re.compile(r"\s{0,3}(\*\*|__)(?P<key>[^*_\n]{1,60}?)\s*(?:[:：]\s*(?:\*\*|__)|(?:\*\*|__)\s*[:：])\s*(?P<value>.*)")
_PLAIN_LABEL = re.compile(r"\s*[-*+]\s+([A-Za-z][A-Za-z .]{1,24}?)\s*:\s+(\S.*)")

_ID = r"\d+(?:\.\d+)+[a-z]?|[A-Z][A-Z0-9_]{0,15}-[A-Z]{0,4}\d+(?:\.\d+)*[a-z]?|[A-Z]{1,4}\d+(?:\.\d+)*[a-z]?|\d+[a-z]?"
_PLAIN_DOTTED = re.compile(r"(\d+(?:\.\d+)+)[ \t]+")
_ITEM_ID = re.compile(rf"(?P<bold>\*\*|__)?(?P<task>[Tt]ask\s*#?\s*)?(?P<id>{_ID})(?P<close>\*\*|__)?")
_HEADING_ID = re.compile(
    r"(?:(?i:Task|Sprint|Phase|Milestone|Step|Stage|Epic|Story|Option|Ticket|Week|Part)\s*#?\s*(?P<kid>\d+(?:\.\d+)*|[A-Z]{1,4}-?\d+(?:\.\d+)*|[A-Z])\b"
    r"|(?P<id>\d+(?:\.\d+)+|[A-Z]{1,4}-?\d+(?:\.\d+)*)(?=[.):]?(?:\s|$))|(?P<num>\d+[a-z]?)[.):](?=\s|$))"
    r"[.):]?\s*(?:[-–—:]\s*)?"
)
_ATTR_KEYS = {"est": "est", "estimate": "est", "after": "after", "deps": "after", "depends": "after",
              "priority": "priority", "owner": "owner", "assignee": "owner"}  # fmt: skip
_DEP_TOKEN = re.compile(r"[,\s]+")
_DEP_WORDS = {"task", "tasks", "and", "&"}
_TASK_REFS = re.compile(rf"\b[Tt]asks?\s*#?\s*((?:{_ID})(?:\s*(?:,|and|&|/)\s*#?(?:{_ID}))*)")
_DOTTED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)+[a-z]?|[A-Z][A-Z0-9_]{0,15}-[A-Z]{0,4}\d+(?:\.\d+)*[a-z]?)(?![\w.]*\w)")
_DONE_WORDS = re.compile(r"✅|✔|☑|\[x\]|\b(?:done|complete|completed|finished|merged|shipped)\b", re.IGNORECASE)
_NOT_DONE = re.compile(
    r"\b(?:not|in|partially|almost|incomplete)\b[\s-]*(?:yet\s+)?(?:done|complete|completed|finished|progress)", re.IGNORECASE
)
_HEADING_DONE = re.compile(r"✅|✔|☑|\[[xX]\]|\b(?:DONE|COMPLETED?)\b")
_SECTION_PRIORITY = re.compile(
    r"\b(critical|high|medium|low)[- ]priority\b|\bpriority[:\s(-]+(critical|high|medium|low)\b|\b(P[0-3])\b", re.IGNORECASE
)
_LEADING_STATUS = re.compile(r"^(?:[✅✔☑❌⬜☐✓✗✘⏳🚧]\ufe0f?\s*)+")
_SPACES = re.compile(r"\s+")


_DROP_CATEGORIES = frozenset({"So", "Sk", "Cf", "Co", "Cs", "Cn"})
_EMOJI_MARKS = frozenset("\ufe0e\ufe0f\u20e3")


def _dropped(ch: str) -> bool:
    return ch in _EMOJI_MARKS or unicodedata.category(ch) in _DROP_CATEGORIES


_DROPPED: dict[str, bool] = {}  # per character, filled as text is seen: most text repeats few non-ASCII characters


def strip_emoji(text: str) -> str:
    """Text without pictographs, variation selectors, joiners and U+FFFD (ASCII is always kept)."""
    if text.isascii():
        return text
    drop = []
    for ch in set(text):
        known = _DROPPED.get(ch)
        if known is None:
            known = _DROPPED[ch] = not ch.isascii() and _dropped(ch)
        if known:
            drop.append(ch)
    return text.translate(dict.fromkeys(map(ord, drop))) if drop else text


def clean_title(text: str) -> str:
    """A heading or item title without emoji, bold markers, extra spaces and trailing `:`."""
    text = strip_emoji(text)
    if "**" in text or "__" in text:
        text = text.replace("**", "").replace("__", "")
    if "  " in text or "\t" in text or "\n" in text or not text.isascii():
        text = _SPACES.sub(" ", text)
    return text.strip().rstrip(":：").rstrip()


def indent_width(line: str) -> int:
    col = 0
    for ch in line:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4
        else:
            break
    return col


class Attrs(NamedTuple):
    estimate: Estimate | None = None
    after: tuple[str, ...] = ()
    priority: str | None = None
    owner: str | None = None


def split_attrs(text: str) -> tuple[Attrs | None, str]:
    """The trailing `{key: value; ...}` block and the text before it; (None, text) when absent."""
    if not text.endswith("}"):
        end = text.rstrip()
        if not end.endswith("}"):
            return None, text
    else:
        end = text
    start = end.rfind("{")
    inner = end[start + 1 : -1]
    if start < 0 or len(inner) > 400 or "}" in inner:
        return None, text
    attrs = _attrs_of(inner) if len(inner) < 100 else _attrs_of.__wrapped__(inner)
    return (attrs, text[:start].rstrip()) if attrs is not None else (None, text)


_new_attrs = tuple.__new__


@lru_cache(maxsize=1024)
def _attrs_of(inner: str) -> Attrs | None:
    found: dict[str, str] = {}
    for pair in inner.split(";"):
        key, sep, value = pair.partition(":")
        if sep:
            canon = _ATTR_KEYS.get(key.strip().lower())
            if canon:
                found[canon] = value.strip()
    if not found:
        return None
    deps = found.get("after", "")
    if "," not in deps and len(deps.split()) <= 1:  # one id or none: what the split below yields, without it
        tok = deps.lstrip("#")
        after: tuple[str, ...] = (tok,) if tok and tok.lower() not in _DEP_WORDS else ()
    else:
        tokens = (tok.lstrip("#") for tok in _DEP_TOKEN.split(deps))
        after = tuple(dict.fromkeys(tok for tok in tokens if tok and tok.lower() not in _DEP_WORDS))
    est = found.get("est")
    priority = found.get("priority")
    return _new_attrs(
        Attrs,
        (
            parse_estimate(est) if est is not None else None,
            after,
            normalize_priority(priority) if priority is not None else None,
            found.get("owner") or None,
        ),
    )


def split_item_id(text: str) -> tuple[str | None, str]:
    """A leading task id (`1.2`, `T-1`, `**E1.1**`, `Task 1.0.2:`, `1.`) and the title after it."""
    first = text[:1]
    if not (first.isdigit() or "A" <= first <= "Z" or first in "*_t"):
        return None, text  # no id starts otherwise: most unnumbered items stop here
    m = _PLAIN_DOTTED.match(text)
    if m:  # `1.2 Title`, most task lines: the answer of the general case below, a third of its cost
        rest = text[m.end() :].strip()
        if not rest or rest[0] not in "-–—:":
            return m.group(1), rest
    return _split_item_id(text)


def _split_item_id(text: str) -> tuple[str | None, str]:
    m = _ITEM_ID.match(text)
    if not m:
        return None, text
    task_id, bold, closed = m.group("id"), m.group("bold"), m.group("close")
    rest = text[m.end() :]
    sep = rest[:1]
    if closed and not bold:
        return None, text
    dotted = "." in task_id
    lettered = task_id[:1].isalpha()
    if not dotted and not lettered and not m.group("task") and not (sep in (".", ")", ":") and rest[1:2] in ("", " ", "*", "_")):
        return None, text  # `3 files` is no id; `3. Foo` and `Task 3: Foo` are
    if lettered and not ("-" in task_id or dotted or bold or m.group("task") or task_id[0] == "T" or sep == ":"):
        return None, text  # `S3 bucket`, `MP3 support`
    if sep and sep not in " \t.:)]-–—*_":
        return None, text
    rest = rest.lstrip(".:)]")
    if bold and not closed and rest.startswith(("**", "__")):
        rest, closed = rest[2:], "**"
    rest = rest.lstrip()
    if rest[:1] in "-–—:" and rest[1:2] == " ":
        rest = rest[2:]
    if bold and not closed:
        marker = bold
        idx = rest.find(marker)
        rest = rest[:idx] + rest[idx + 2 :] if idx >= 0 else rest
    return task_id, rest.strip()


def split_heading_id(title: str) -> tuple[str | None, str]:
    m = _HEADING_ID.match(title)
    if not m:
        return None, title
    task_id = m.group("kid") or m.group("id") or m.group("num")
    rest = title[m.end() :].strip()
    return task_id, rest or title


def parse_labels(line: str) -> list[tuple[LabelKind, str]]:
    """`**Priority**: HIGH | **Effort**: 2h` → [("priority", "HIGH"), ("estimate", "2h")]; [] for other lines."""
    if "**" not in line and "__" not in line:
        return []
    out: list[tuple[LabelKind, str]] = []
    for part in _label_parts(line):
        m = _LABEL.fullmatch(part.rstrip())
        if not m:
            break
        key = strip_emoji(m.group("key")).strip().lower()
        out.append((label_kind(key), m.group("value").strip()))
    return out


_KIND_PREFIXES: tuple[tuple[str, LabelKind], ...] = (
    ("acceptance criteria", "acceptance"), ("success criteria", "success"), ("definition of done", "dod"),
    ("exit criteria", "success"), ("completion criteria", "success"), ("validation checklist", "success"),
    ("verification checklist", "success"), ("estimated time", "estimate"), ("estimated effort", "estimate"),
)  # fmt: skip


def label_kind(key: str) -> LabelKind:
    """What a `**Key**:` label states (`Acceptance Criteria (all must pass)` is acceptance criteria)."""
    kind = _LABELS.get(key)
    if kind is not None:
        return kind
    for prefix, found in _KIND_PREFIXES:
        if key.startswith(prefix):
            return found
    for phrase in ("acceptance criteria", "success criteria", "success metrics", "definition of done", "exit criteria"):
        if phrase in key:  # `Phase 3 Success Metrics`, `Story 2 Acceptance Criteria`
            return "dod" if phrase == "definition of done" else "success"
    return "other"


_SIZES = ("XXXL", "XXL", "XL", "XS", "S", "M", "L")
_SIZE = re.compile(r"(XXXL|XXL|XL|XS|S|M|L)(?![A-Za-z0-9])")


def tshirt_size(value: str) -> str | None:
    """The T-shirt size an effort value starts with (`M`, `XS (< 1 hour)`), None for anything else."""
    m = _SIZE.match(value.strip().lstrip("*_`[(").strip())
    return m.group(1) if m else None


def legend_estimate(key: str, value: str) -> Estimate | None:
    """`**S**: 1-4 hours` in an effort legend: the hours a size stands for (`< 1 hour` is 0-1 h)."""
    if key.upper() not in _SIZES:
        return None
    est = parse_estimate(value)
    if est is None:
        return None
    if value.lstrip().startswith(("<", "≤", "under", "Under", "up to", "Up to")):
        return Estimate(0.0, est.high)
    return est


_COUNT = re.compile(r"\s*[*_]*\s*(\d{1,9})\b(?!\s*\+)")


def stated_count(value: str) -> int | None:
    """The number a `**Total Tasks**:` value starts with; None for an approximate one (`~200`, `50+`)."""
    m = _COUNT.match(value)
    return int(m.group(1)) if m else None


def _label_parts(line: str) -> list[str]:
    """`**A**: x | **B**: y` split at each `|` that a bold key follows (by hand: a regex split backtracks
    quadratically on a long run of spaces)."""
    if "|" not in line:
        return [line]
    pieces = line.split("|")
    parts = [pieces[0]]
    for piece in pieces[1:]:
        if piece.lstrip()[:2] in ("**", "__"):
            parts.append(piece)
        else:
            parts[-1] += "|" + piece
    return parts


def parse_plain_label(line: str) -> tuple[LabelKind, str] | None:
    """`  - Dependencies: 1.2` → ("deps", "1.2") for the few keys a nested bullet under a task states."""
    m = _PLAIN_LABEL.match(line)
    if not m or m.group(1).strip().lower() not in _PLAIN_KEYS:
        return None
    return _LABELS.get(m.group(1).strip().lower(), "other"), m.group(2).strip()


def deps_from_text(value: str) -> tuple[str, ...]:
    """Task ids named in a `**Dependencies**:` value (`Task 1.0.1`, `Tasks 6 and 7`, `1.2, T-3`); prose yields none."""
    from openspec_tool.read.task_deps import parse_dependencies

    return parse_dependencies(value)[0]


@lru_cache(maxsize=256)
def normalize_priority(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = clean_title(value).strip(" .()[]").lower()
    if not cleaned:
        return None
    first = cleaned.split()[0].strip(",;-")
    return first or None


def section_priority(title: str | None) -> str | None:
    if not title:
        return None
    m = _SECTION_PRIORITY.search(title)
    if not m:
        return None
    return (m.group(1) or m.group(2) or m.group(3)).lower()


def status_done(value: str) -> bool:
    return bool(_DONE_WORDS.search(value)) and not _NOT_DONE.search(value)


def heading_done(title: str) -> bool:
    if title.isascii() and "[" not in title and "DONE" not in title and "COMPLETE" not in title:
        return False  # what every match needs is missing (a fifth of the search's cost)
    return bool(_HEADING_DONE.search(title))


def strip_status_mark(text: str) -> str:
    return _LEADING_STATUS.sub("", text)
