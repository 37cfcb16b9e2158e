"""Reading the changes a report covers into what it needs of each: the context templates see, the change's own
planning findings, and which of the required proposal sections it has. The parsed `Change` objects are kept
only for the decisions' options (the decision matrix reads their facts); for every other change the report
needs nothing the per-change results do not hold.

On a large workspace, with a second CPU, a forked child reads changes alongside this process (`forked_map`).
Only the plain per-change results travel back: unpickling the parsed model of half of 1,000 changes would cost
more (≈0.25 s) than parsing a tenth of them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openspec_tool.forked import forked_map
from openspec_tool.history.lines import WorkingChange, working_change
from openspec_tool.model.findings import Finding
from openspec_tool.model.tasks import Task, TaskList
from openspec_tool.model.workspace import Change
from openspec_tool.plan.graph import GraphCycleError, TaskGraph
from openspec_tool.read.discover import CHANGES, change_ids
from openspec_tool.read.tree import Tree, join
from openspec_tool.read.workspace import load_change
from openspec_tool.report.text import SectionIndex, display_title, estimate_json, focus, percent, scope_items, text_bar
from openspec_tool.rules.planning import Required, change_findings


def task_json(t: Task) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "section": t.section,
        "done": t.done,
        "depth": t.depth,
        "line": t.line,
        "priority": t.priority,
        "estimate": estimate_json(t.estimate),
        "dependencies": list(t.dependencies),
    }


def _groups(tasks: TaskList) -> list[dict[str, Any]]:
    """Tasks by the heading they sit under, in document order, with done/total."""
    order: dict[str, list[Task]] = {}
    for t in tasks.tasks:
        order.setdefault(t.section or "", []).append(t)
    out = []
    for title, members in order.items():
        done = sum(1 for t in members if t.done)
        out.append({"title": title, "total": len(members), "done": done, "percent": percent(done, len(members))})
    return out


def _graph(tasks: TaskList, as_json: Callable[[Task], dict[str, Any]]) -> tuple[list[Task], dict[str, Any] | None, str | None]:
    """(ready tasks, critical path, cycle error)."""
    graph = TaskGraph(tasks.tasks)
    try:
        path, total = graph.critical_path()
    except GraphCycleError as exc:
        return [], None, str(exc)
    crit = None
    has_estimate = any(t.estimate is not None for t in path)
    if len(path) > 1 or has_estimate:  # one task without an estimate is no chain: nothing to say
        crit = {
            "tasks": [as_json(t) for t in path],
            "ids": [t.id for t in path],
            "length": len(path),
            "estimate": estimate_json(total) if has_estimate else None,
        }
    return graph.ready(), crit, None


def change_context(change: Change, index: SectionIndex | None = None) -> dict[str, Any]:
    total, done = change.task_total, change.task_done
    tasks = change.tasks
    shown: dict[str, dict[str, Any]] = {}  # a task in several lists is one dict (task ids are unique in a list)

    def as_json(t: Task) -> dict[str, Any]:
        found = shown.get(t.id)
        if found is None:
            found = shown[t.id] = task_json(t)
        return found

    ready_tasks: list[Task] = []
    crit: dict[str, Any] | None = None
    graph_error: str | None = None
    if tasks is not None and tasks.tasks:
        ready_tasks, crit, graph_error = _graph(tasks, as_json)
    proposal = change.proposal
    index = index or SectionIndex(proposal)
    return {
        "id": change.id,
        "title": display_title(change.title),
        "path": change.path,
        "proposal_path": proposal.path if proposal else None,
        "tasks_path": tasks.path if tasks else None,
        "stage": change.stage,
        "priority": change.priority,
        "effort": estimate_json(change.effort),
        "timeline": estimate_json(change.timeline_weeks, "weeks"),
        "estimate": estimate_json(tasks.estimate_total() if tasks else None),
        "focus": focus(proposal, change.metadata, index),
        "scope": scope_items(proposal, index),
        "sections": [s.title for s in proposal.sections if s.level == 2] if proposal else [],
        "has_design": change.has_design,
        "delta_specs": sorted(change.delta_specs),
        "tasks": {
            "total": total,
            "done": done,
            "open": total - done,
            "percent": percent(done, total),
            "bar": text_bar(done, total),
        },
        "task_groups": _groups(tasks) if tasks else [],
        "open_tasks": [as_json(t) for t in tasks.tasks if not t.done] if tasks else [],
        "ready": [as_json(t) for t in ready_tasks],
        "critical_path": crit,
        "graph_error": graph_error,
        "problems": list(change.problems),
    }


PARALLEL_THRESHOLD = 200  # changes; below this a second process costs more than it saves


@dataclass(frozen=True)
class Needs:
    """What the report asks of each change, known before any change is read."""

    keep: frozenset[str] = frozenset()  # ids whose Change objects are kept (the decisions' options)
    aspects: tuple[str, ...] = ()  # the proposal sections the quality table looks for
    required_by: Required = field(default_factory=dict)  # sections the decisions require of their options
    config_sections: tuple[str, ...] = ()  # sections openspec/config.yaml requires of every proposal
    history: frozenset[str] = frozenset()  # ids whose working-tree side of the history is read too


@dataclass
class Gathered:
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)  # by change id, ids in sorted order
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # each change's planning findings
    present: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the aspects each proposal has
    kept: dict[str, Change] = field(default_factory=dict)
    working: dict[str, WorkingChange] = field(default_factory=dict)  # for `Needs.history`

    def changes_kept(self) -> tuple[Change, ...]:
        return tuple(self.kept[cid] for cid in self.contexts if cid in self.kept)


@dataclass(frozen=True)
class ChangePart:
    """What the report takes from one change, computed where the change is parsed."""

    context: dict[str, Any]
    findings: list[Finding]
    present: tuple[str, ...]
    kept: Change | None
    working: WorkingChange | None


def read_part(tree: Tree, cid: str, needs: Needs) -> ChangePart:
    change = load_change(tree, join(CHANGES, cid), cid)
    index = SectionIndex(change.proposal)
    working = None
    if cid in needs.history:  # proposal.md and tasks.md come from the tree's cache of what was just read
        counts = (change.checkbox_total, change.checkbox_done) if change.tasks is not None else None
        with contextlib.suppress(Exception):  # history never takes the report down; it reads this change again
            working = working_change(tree, join(CHANGES, cid), counts)
    return ChangePart(
        change_context(change, index),
        change_findings(change, needs.required_by, needs.config_sections),
        tuple(a for a in needs.aspects if index.find(a) is not None),
        change if cid in needs.keep else None,
        working,
    )


def gather(tree: Tree, needs: Needs) -> Gathered:
    """Every active change, in id order."""
    ids = sorted(change_ids(tree))
    out = Gathered()
    for cid, part in zip(ids, forked_map(lambda cid: read_part(tree, cid, needs), ids, fork_from=PARALLEL_THRESHOLD)):
        out.contexts[cid] = part.context
        out.findings[cid] = part.findings
        out.present[cid] = part.present
        if part.kept is not None:
            out.kept[cid] = part.kept
        if part.working is not None:
            out.working[cid] = part.working
    return out
