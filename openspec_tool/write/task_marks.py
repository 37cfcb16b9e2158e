"""Ticking and unticking checkbox tasks by id, changing nothing but the marker characters.

The edit is planned on the file's bytes: the task's line is found by number (the task reader counts lines as
`\\n` splits them, which bytes share with the decoded text), the checkbox on it by the very pattern the
reference counts tasks with (run on the line decoded losslessly), and only the characters between `[` and `]`
are replaced — `[ ]` becomes `[x]`, `[x]`/`[X]` becomes `[ ]`. CRLF, a BOM, indentation, invalid UTF-8 and
every other byte stay as they were.

Parents: a task with open subtasks is ticked only with `with_children` (which ticks them all), or on its own
when its last open subtask is ticked; unticking a task unticks the parents that were done (a parent is done
when all its subtasks are), and with `with_children` its subtasks too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from openspec_tool.model.tasks import Task, TaskList
from openspec_tool.read.collate import nearest
from openspec_tool.read.task_lines import TASK_LINE


class MarkError(ValueError):
    """An id that names no task, or more than one, or a task without a checkbox; nothing is changed."""


class NeedsChildren(MarkError):
    """Ticking a task whose subtasks are open needs `with_children`; nothing is changed."""

    def __init__(self, message: str, task: Task, open_ids: list[str]) -> None:
        super().__init__(message)
        self.task, self.open_ids = task, open_ids


class MarkFileError(OSError):
    """The file cannot be read or written, or changed while it was edited; nothing is written. The message names
    the file as it was given."""


# Why a task changed besides being asked for, as the CLI and the TUI say it.
REASON_NOTES = {
    "with-children": " (with its parent)",
    "last-child": " (its last subtask is done)",
    "parent-undone": " (a subtask is open)",
}


@dataclass(frozen=True)
class Mark:
    id: str
    line: int  # 1-based
    title: str
    before: str  # the checkbox as written, e.g. "[ ]"
    after: str
    reason: str  # "asked", "with-children", "last-child", "parent-undone"


@dataclass(frozen=True)
class MarkPlan:
    data: bytes  # the file's new content (the old one when nothing changes)
    changed: tuple[Mark, ...]
    unchanged: tuple[Task, ...]  # asked for, already in that state


def _describe(t: Task) -> str:
    return f"line {t.line}: {t.ref or t.id} {t.title}"


def _written_id(task: Task) -> str | None:
    """The id a task's text starts with, for a task the reader gave another id (a repeated id becomes `L<line>`)."""
    head = task.text.split(maxsplit=1)[0] if task.text.strip() else ""
    head = head.strip("*_").rstrip(".:)")
    return head if head and any(c.isdigit() for c in head) and head != task.id else None


def resolve(tasks: TaskList, wanted: list[str]) -> list[Task]:
    """The task each id names; MarkError for an unknown or ambiguous id, or a task that is not a checkbox.

    An id written on several items is ambiguous even where the reader kept it for the first one only."""
    by_id: dict[str, list[Task]] = {}
    for t in tasks.tasks:
        by_id.setdefault(t.ref or t.id, []).append(t)  # a repeated id (`1.2@L11`) is named as written
    for t in tasks.tasks:
        written = _written_id(t) if t.generated_id else None
        if written and written in by_id:
            by_id[written].append(t)
    for t in tasks.tasks:  # each one of a repeated id by its own name (`1.2@L11`), any task by its line (`L11`)
        for own in (t.id, f"L{t.line}"):
            if own not in by_id:
                by_id[own] = [t]
    found: list[Task] = []
    for raw in wanted:
        task_id = raw.strip().strip("*")
        matches = by_id.get(task_id) or by_id.get(task_id.rstrip(".:")) or []
        if not matches:
            raise MarkError(f'no task "{raw}" in {tasks.path}; {_hint(tasks, task_id)}')
        if len(matches) > 1:
            lines = ", ".join(f"L{t.line}" for t in matches)
            raise MarkError(
                f'task id "{raw}" is ambiguous in {tasks.path}: '
                + "; ".join(_describe(t) for t in matches)
                + f" (name one by its line: {lines})"
            )
        task = matches[0]
        if task.source != "checkbox":
            raise MarkError(f'task "{raw}" ({_describe(task)}) is a heading, not a checkbox: edit its status by hand')
        found.append(task)
    return found


def _hint(tasks: TaskList, task_id: str) -> str:
    """What the user may have meant: a numbered section's own tasks, else the nearest ids."""
    in_section = [
        t for t in tasks.tasks if t.section and t.source == "checkbox" and t.section.split(" ", 1)[0].rstrip(".:") == task_id
    ]
    if in_section:
        ids = ", ".join(t.id for t in in_section[:12]) + (", …" if len(in_section) > 12 else "")
        return f'"{task_id}" is the section "{in_section[0].section}": tick its tasks by their ids ({ids})'
    near = nearest(task_id, list(dict.fromkeys(t.id for t in tasks.tasks if t.source == "checkbox")))
    return f"did you mean: {', '.join(near)}" if near else "it has no checkbox tasks"


def _descendants(tasks: TaskList, task: Task) -> list[Task]:
    out: list[Task] = []
    stack = [task.id]
    seen = {task.id}
    while stack:
        for child in tasks.children(stack.pop()):
            if child.source == "checkbox" and child.id not in seen:
                seen.add(child.id)
                out.append(child)
                stack.append(child.id)
    return out


def _checkbox_span(line: bytes) -> tuple[int, int] | None:
    """Byte offsets of what lies between the checkbox's `[` and `]` on a task line."""
    text = line.decode("utf-8", errors="surrogateescape")
    m = TASK_LINE.match(text)
    if not m:
        return None
    open_at = text.index("[", 0, m.start(2) if m.group(2) else len(text))
    close_at = text.index("]", open_at)
    start = len(text[: open_at + 1].encode("utf-8", errors="surrogateescape"))
    end = len(text[:close_at].encode("utf-8", errors="surrogateescape"))
    return start, end


def _new_inner(inner: str, done: bool) -> str:
    """The checkbox's inside after the edit: the marker character replaced, the spacing around it kept."""
    marker = inner.strip()
    if not marker:
        return ("x" + inner[1:]) if done and inner else ("x" if done else inner)
    return inner.replace(marker, "x" if done else " ", 1)


def _ancestors(tasks: TaskList, task: Task) -> list[Task]:
    out: list[Task] = []
    parent = tasks.by_id(task.parent) if task.parent else None
    while parent is not None and parent not in out:
        out.append(parent)
        parent = tasks.by_id(parent.parent) if parent.parent else None
    return out


def plan_marks(data: bytes, tasks: TaskList, wanted: list[str], done: bool, with_children: bool) -> MarkPlan:
    """The new bytes after ticking (`done`) or unticking the tasks `wanted` names, and what changed."""
    asked = resolve(tasks, wanted)
    state = {t.line: t.done for t in tasks.tasks}
    reasons: dict[int, str] = {}
    unchanged: list[Task] = []

    def set_state(t: Task, reason: str) -> None:
        if state[t.line] != done and t.line not in reasons:
            state[t.line] = done
            reasons[t.line] = reason

    asked_lines = {t.line for t in asked}
    for task in asked:
        kids = _descendants(tasks, task)
        open_kids = [k for k in kids if state[k.line] != done and k.line not in asked_lines]
        if done and open_kids and not with_children:
            ids = ", ".join(k.id for k in open_kids)
            raise NeedsChildren(
                f'task "{task.id}" has {len(open_kids)} open subtask(s) ({ids}): tick them first, or pass --with-children',
                task,
                [k.id for k in open_kids],
            )
        if state[task.line] == done and not (with_children and open_kids):  # nothing to do for it
            unchanged.append(task)
            continue
        set_state(task, "asked")
        if with_children:
            for k in kids:
                set_state(k, "with-children")
    # Parents follow: done when this ticked their last open subtask, open again when a subtask is unticked.
    for task in [t for t in tasks.tasks if t.line in reasons]:
        for parent in _ancestors(tasks, task):
            if parent.source != "checkbox" or state[parent.line] == done:
                continue
            kids = [k for k in tasks.children(parent.id) if k.source == "checkbox"]
            if not done or all(state[k.line] for k in kids):
                set_state(parent, "last-child" if done else "parent-undone")
            else:
                break
    lines = data.split(b"\n")
    marks: list[Mark] = []
    for t in tasks.tasks:
        if t.line not in reasons:
            continue
        line = lines[t.line - 1]
        span = _checkbox_span(line)
        if span is None:
            raise MarkError(f"{tasks.path}:{t.line}: no checkbox found on the line of task {t.id}")
        start, end = span
        inner = line[start:end].decode("utf-8", errors="surrogateescape")
        after = _new_inner(inner, done)
        lines[t.line - 1] = line[:start] + after.encode("utf-8", errors="surrogateescape") + line[end:]
        marks.append(Mark(t.id, t.line, t.title, f"[{inner}]", f"[{after}]", reasons[t.line]))
    return MarkPlan(b"\n".join(lines), tuple(marks), tuple(unchanged))


def mark_file(path: Path, shown: str, wanted: list[str], done: bool, with_children: bool) -> MarkPlan:
    """Tick (`done`) or untick the tasks `wanted` names in the planning file at `path` (`shown`: how messages
    name it) and write it atomically — through a symlink to its target — when something changes.

    `openspec tasks done|undo` and the TUI's `Space` both come here. MarkError (NeedsChildren for a parent with
    open subtasks) for a refusal, MarkFileError when the file cannot be read or written or changed meanwhile:
    nothing is written then."""
    from openspec_tool.read.jstext import decode
    from openspec_tool.read.tasks_doc import parse_tasks

    real = Path(os.path.realpath(path))  # a symlinked tasks.md is edited where it points, and stays a link
    try:
        if not real.is_file():
            raise (
                IsADirectoryError(21, "not a regular file")
                if real.exists()
                else FileNotFoundError(2, "No such file or directory")
            )
        data = real.read_bytes()
    except OSError as exc:
        raise MarkFileError(f"cannot read {shown}: {exc.strerror or exc}") from None
    plan = plan_marks(data, parse_tasks(decode(data), shown), wanted, done, with_children)
    if plan.changed:
        from openspec_tool.write.atomic import atomic_write_bytes

        try:
            if real.read_bytes() != data:
                raise MarkFileError(f"{shown} changed while it was being edited; nothing written, run the command again")
            atomic_write_bytes(real, plan.data)
        except MarkFileError:
            raise
        except OSError as exc:
            raise MarkFileError(f"cannot write {shown}: {exc.strerror or exc}") from None
    return plan
