"""Checkbox task lines exactly as the reference CLI counts them (its task-progress reader).

Every list item with a one-token checkbox counts, wherever it sits (fences included),
under `-`, `*`, `+`, `1.` or `1)`; only `x`/`X` is done. (`validate` and `list` need only this: the lines of a
planning document as the task reader sees them are `plan_lines`.)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from openspec_tool.read.jstext import DOT, S, trim

TASK_LINE = re.compile(rf"{S}*(?:[-*+]|[0-9]{{1,9}}[.)]){S}*\[(?:{S}*([^\]\s\ufeff]?){S}*\](?![(\[])|{S}+\]){S}*({DOT}*)")


class TaskLine(NamedTuple):  # a NamedTuple: one per checkbox, created fast
    line_index: int  # 0-based
    done: bool
    marker: str
    description: str


def parse_task_lines(content: str) -> list[TaskLine]:
    tasks: list[TaskLine] = []
    for index, line in enumerate(content.split("\n")):
        if "[" not in line:
            continue
        m = TASK_LINE.match(line)
        if m:
            marker = m.group(1) or ""
            tasks.append(TaskLine(index, marker.lower() == "x", marker, trim(m.group(2))))
    return tasks


def count_tasks(content: str) -> tuple[int, int]:
    """(total, completed) as the reference's `countTasksFromContent`."""
    total = done = 0
    for line in content.split("\n"):
        if "[" not in line:
            continue
        m = TASK_LINE.match(line)
        if m:
            total += 1
            if (m.group(1) or "").lower() == "x":
                done += 1
    return total, done
