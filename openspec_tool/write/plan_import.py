"""A planning document (PRD, phase plan, sprint plan, task list) as a change's `proposal.md` and `tasks.md`.

The tasks come from the task-document reader (`parse_tasks`), so every style it understands imports. They are
written as checkbox items — what the reference CLI counts — under the document's sections, keeping each task's
id, done mark and nesting, with the planning facts in our inline block at the end of the item:

    - [ ] 1.0.2 Implement Async Utilities Module {est: 3h; after: 1.0.1; priority: high; owner: Core Team}

Acceptance criteria and definitions of done follow their task as plain (uncounted) bullets. Sections are not
numbered (`## Phase 1.0: Utilities`), so the reference's task-numbering check leaves the document's own ids
alone. The proposal takes the document's title, its opening text as `## Why`, and the top-level tasks of
each section as `## What Changes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openspec_tool.model.tasks import Task, TaskList
from openspec_tool.read.mojibake import repair_mojibake
from openspec_tool.read.tasks_doc import parse_tasks

_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_LABEL = re.compile(r"\s*\*\*([^*]{1,60}?):?\*\*:?\s*(.*)")
_WHY = re.compile(r"summary|overview|goal|objective|why|problem|motivation|background|purpose|context|vision", re.I)
_NOT_PROSE = re.compile(r"\s*([-*+]\s|\d+[.)]\s|\||>|---|\*\*\*|___|```|~~~|<!--)")
MIN_WHY = 50  # the reference's proposal check wants a Why of at least 50 characters


@dataclass(frozen=True)
class ImportedPlan:
    title: str | None
    proposal: str
    tasks: str
    task_count: int


def _attrs(task: Task) -> str:
    parts = []
    if task.estimate is not None:
        parts.append(f"est: {task.estimate}")
    if task.dependencies:
        parts.append(f"after: {', '.join(task.dependencies)}")
    if task.priority:
        parts.append(f"priority: {task.priority}")
    if task.assignee:
        parts.append(f"owner: {task.assignee.replace(';', ',')}")
    return f" {{{'; '.join(parts)}}}" if parts else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


_DOTTED = re.compile(r"\d+(?:\.\d+)+[a-z]?\Z")


def _written_id(task_id: str) -> str:
    """An id as the task reader reads it back: `1.2` plain, `3.` for a bare number, `**T-1**` otherwise."""
    if _DOTTED.match(task_id):
        return task_id
    return f"{task_id}." if task_id.isdigit() else f"**{task_id}**"


def _task_lines(task: Task) -> list[str]:
    indent = "  " * task.depth
    label = "" if task.ref is None else f"{_written_id(task.ref)} "  # a repeated id is written as the document wrote it
    lines = [f"{indent}- [{'x' if task.done else ' '}] {label}{_one_line(task.title)}{_attrs(task)}"]
    for kind, items in (("Acceptance", task.acceptance), ("Done when", task.definition_of_done)):
        lines.extend(f"{indent}  - {kind}: {_one_line(item)}" for item in items if item.strip())
    return lines


def render_tasks(tasks: TaskList) -> str:
    out = ["# Tasks"]
    section: object = object()
    for task in tasks.tasks:
        if task.depth == 0 and task.section != section:
            section = task.section
            out.extend(["", f"## {_one_line(task.section or 'Tasks')}", ""])
        out.extend(_task_lines(task))
    return "\n".join(out) + "\n"


def _prose(text: str) -> list[tuple[str | None, str]]:
    """(heading or label, paragraph) of the prose in a document: no lists, tables, quotes, fences or rules;
    a `**Goal**: ...` line is a paragraph labelled Goal."""
    found: list[tuple[str | None, str]] = []
    heading: str | None = None
    current: list[str] = []
    fenced = False

    def flush() -> None:
        if current:
            found.append((heading, " ".join(s.strip() for s in current)))
            current.clear()

    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            flush()
            continue
        if fenced:
            continue
        m = _HEADING.match(line)
        label = _LABEL.match(line)
        if m or not line.strip() or _NOT_PROSE.match(line) or label:
            flush()
            if m:
                heading = m.group(2)
            elif label and label.group(2).strip():
                found.append((label.group(1), label.group(2).strip()))
            continue
        current.append(line)
    flush()
    return [(h, p) for h, p in found if len(p) >= 20 and not (p.endswith(":") and len(p) < 80)]  # not a bare lead-in


def _why(text: str, source_name: str) -> str:
    """The document's own motivation: its first summary/goal/problem paragraph, else its first paragraph."""
    prose = _prose(text)
    why = next((p for h, p in prose if h and _WHY.search(h)), prose[0][1] if prose else "")
    origin = f"Imported from `{source_name}`."
    return (
        why
        if len(why) >= MIN_WHY
        else f"{why} {origin}".strip()
        if why
        else f"Plan imported from `{source_name}`: its tasks, estimates and dependencies are in tasks.md."
    )


def _est(task_list: TaskList) -> str:
    total = task_list.estimate_total()
    return f", {total} estimated" if total else ""


def render_proposal(task_list: TaskList, text: str, source_name: str, change_id: str) -> str:
    title = task_list.title or change_id
    why = _why(text, source_name)
    out = [f"# {_one_line(title)}", "", "## Why", "", why, "", "## What Changes", ""]
    section: object = object()
    for task in task_list.tasks:
        if task.depth != 0:
            continue
        if task.section != section:
            section = task.section
            if task.section:
                out.extend(
                    [f"### {_one_line(task.section)}", ""] if out[-1] == "" else ["", f"### {_one_line(task.section)}", ""]
                )
        est = f" ({task.estimate})" if task.estimate else ""
        out.append(f"- {_one_line(task.title)}{est}")
    done = task_list.done
    out.extend(
        [
            "",
            "## Impact",
            "",
            f"- Imported from `{source_name}`: {task_list.total} tasks ({done} done){_est(task_list)}; "
            "the task list with estimates, dependencies and priorities is in tasks.md.",
        ]
    )
    return "\n".join(out) + "\n"


def import_plan(text: str, source_name: str, change_id: str) -> ImportedPlan:
    """The proposal and task list of a change made from a planning document (mojibake repaired as read)."""
    tasks = parse_tasks(text, source_name)
    repaired, _ = repair_mojibake(text)
    if "\r" in repaired:
        repaired = repaired.replace("\r\n", "\n").replace("\r", "\n")
    repaired = repaired.removeprefix("\ufeff")
    return ImportedPlan(tasks.title, render_proposal(tasks, repaired, source_name, change_id), render_tasks(tasks), tasks.total)
