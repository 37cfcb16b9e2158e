"""Planning checks (`openspec check`): figures that drift between what documents state and what they hold.

Each rule takes the loaded model and returns Findings with the file, the line and what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from openspec_tool.model.decision import DecisionSpec
from openspec_tool.model.findings import UNREADABLE, Finding, Item
from openspec_tool.model.proposal import Proposal
from openspec_tool.model.tasks import Estimate, Task, TaskList
from openspec_tool.model.units import hours_range
from openspec_tool.model.workspace import Change, Workspace
from openspec_tool.plan.graph import TaskGraph, ambiguous_dependencies, format_cycle, unknown_dependencies

if TYPE_CHECKING:
    from openspec_tool.read.decision_file import DecisionFileError

# A stated percentage may differ from the recomputed one by rounding: up to one point.
METRIC_TOLERANCE_POINTS = 1.0


def _within(inner: Estimate, outer: Estimate) -> bool:
    eps = 1e-9
    return outer.low - eps <= inner.low and inner.high <= outer.high + eps


def _hours(e: Estimate) -> str:
    return hours_range(e.low, e.high)


def _counts(tasks: TaskList) -> str:
    """`62 tasks (72 checkboxes: 10 are acceptance checks)` — the file's counts, each named as the README names it."""
    parts = [f"{tasks.total} tasks"]
    apart = []
    if tasks.checks:
        apart.append(f"{len(tasks.checks)} are acceptance checks")
    if tasks.fenced:
        apart.append(f"{tasks.fenced} are examples in code blocks")
    if tasks.checkbox_count != tasks.total:
        parts.append(f"({tasks.checkbox_count} checkboxes" + (": " + ", ".join(apart) if apart else "") + ")")
    return " ".join(parts)


def task_total_mismatch(change: Change, tasks: TaskList) -> list[Finding]:
    """A stated `**Total Tasks**: N` (or `| **Total Tasks** | N |`) that matches none of the file's counts: its tasks,
    its tasks without subtasks, or its checkboxes as the reference CLI counts them."""
    counts = {tasks.total, len(tasks.leaves()), tasks.checkbox_count}
    return [
        Finding(
            "WARNING",
            tasks.path,
            f"states **Total Tasks**: {stated} but the file has {_counts(tasks)}; change the stated total to {tasks.total}",
            line,
            code="task-total-mismatch",
            item=Item("change", change.id),
        )
        for stated, line in tasks.stated_totals
        if stated not in counts
    ]


def _section_estimates(proposal: Proposal) -> Estimate | None:
    """The sum of the estimates written in headings, at the shallowest heading level that has any."""
    headed = [e for e in proposal.estimates if e.heading_level > 0]
    if not headed:
        return None
    level = min(e.heading_level for e in headed)
    return _sum(e.estimate for e in headed if e.heading_level == level)


def _sum(estimates: Iterable[Estimate]) -> Estimate:
    total = Estimate(0.0, 0.0)
    for e in estimates:
        total = total + e
    return total


def _estimate_parts(change: Change) -> list[tuple[str, Estimate, bool]]:
    """(what, hours, whether every part has an estimate) for each way the change's documents add up its work."""
    parts: list[tuple[str, Estimate, bool]] = []
    proposal = change.proposal
    if proposal is not None:
        sections = _section_estimates(proposal)
        if sections is not None:
            parts.append(("the section estimates of proposal.md", sections, True))
        scope = [e for e in proposal.estimates if e.kind == "scope"]
        if scope:
            where = f"{proposal.path}:{scope[0].line}"
            parts.append((f"the scope items of proposal.md ({where}…)", _sum(e.estimate for e in scope), True))
    tasks = change.tasks
    if tasks is not None:
        total = tasks.estimate_total()
        if total is not None:
            leaves = tasks.leaves()
            parts.append(("the task estimates of tasks.md", total, all(t.estimate is not None for t in leaves)))
        headed = tasks.section_estimates()
        if headed:
            where = f"{tasks.path}:{headed[0].line}"
            parts.append((f"the section estimates of tasks.md ({where}…)", _sum(e.estimate for e in headed), True))
        for stated in tasks.estimates:
            if stated.kind == "total":
                parts.append((f"the total stated at {tasks.path}:{stated.line}", stated.estimate, True))
    return parts


def estimate_exceeds_effort(change: Change) -> list[Finding]:
    effort = change.effort
    if effort is None or change.proposal is None:
        return []
    meta = change.proposal.meta("effort")
    line = meta.line if meta else None
    out: list[Finding] = []
    for what, total, complete in _estimate_parts(change):
        # An incomplete sum says nothing about the lower bound, only when it already exceeds the upper.
        outside = not _within(total, effort) if complete else total.high > effort.high + 1e-9
        if outside:
            out.append(
                Finding(
                    "WARNING",
                    change.proposal.path,
                    f"{what} add up to {_hours(total)}, outside the stated **Effort** of {_hours(effort)}; "
                    f"widen the effort to cover {_hours(total)} or trim the estimates",
                    line,
                    code="estimate-exceeds-effort",
                    item=Item("change", change.id),
                )
            )
    return out


def metric_delta_mismatch(change: Change) -> list[Finding]:
    if change.proposal is None:
        return []
    out: list[Finding] = []
    for m in change.proposal.metrics:
        computed = m.computed_percent
        if m.stated_percent is None or computed is None:
            continue
        if abs(m.stated_percent - computed) > METRIC_TOLERANCE_POINTS:
            out.append(
                Finding(
                    "WARNING",
                    change.proposal.path,
                    f"{m.name}: {m.before} → {m.after} is {computed:+.0f}%, not the stated {m.stated}; write ({computed:+.0f}%)",
                    m.line,
                    code="metric-delta-mismatch",
                    item=Item("change", change.id),
                )
            )
    return out


def missing_sections(change: Change, required: Iterable[str], source: str) -> list[Finding]:
    if change.proposal is None:
        return []
    missing = [name for name in required if not change.proposal.has_section(name)]
    return [
        Finding(
            "WARNING",
            change.proposal.path,
            f'has no "## {name}" section, which {source} requires; add it',
            None,
            code="missing-section",
            item=Item("change", change.id),
        )
        for name in missing
    ]


def task_graph(change: Change, tasks: TaskList) -> list[Finding]:
    """The dependency graph's errors (cycles, ids that name no task) and what a planner should look at: ids
    written on several tasks, dependencies on them, prose no rule resolves, containers whose mark disagrees."""
    out: list[Finding] = []
    graph = TaskGraph(tasks.tasks)
    for cycle in graph.cycles():
        first = tasks.by_id(cycle[0])
        out.append(
            Finding(
                "ERROR",
                tasks.path,
                f"tasks depend on each other in a {format_cycle(cycle)}; remove one of these dependencies",
                first.line if first else None,
                code="dependency-cycle",
                item=Item("change", change.id),
            )
        )
    for task_id, dep in unknown_dependencies(tasks.tasks):
        task = tasks.by_id(task_id)
        out.append(
            Finding(
                "ERROR",
                tasks.path,
                f"task {_name(task, task_id)} depends on {dep}, which is not a task in this file; fix the id or remove it",
                task.line if task else None,
                code="unknown-dependency",
                item=Item("change", change.id),
            )
        )
    out.extend(_repeated_ids(change, tasks))
    for task_id, dep, targets in ambiguous_dependencies(tasks.tasks):
        task = tasks.by_id(task_id)
        lines = ", ".join(str(t.line) for i in targets if (t := tasks.by_id(i)) is not None)
        out.append(
            Finding(
                "WARNING",
                tasks.path,
                f"task {_name(task, task_id)} depends on {dep}, which is the id of the tasks on lines {lines}: it waits "
                "for all of them; give them different ids",
                task.line if task else None,
                code="ambiguous-dependency",
                item=Item("change", change.id),
            )
        )
    for t in tasks.tasks:
        if t.marked != t.done:
            mark = "marked done, but some of its subtasks are open" if t.marked else "not marked done, but all its subtasks are"
            out.append(
                Finding(
                    "INFO",
                    tasks.path,
                    f"task {_name(t, t.id)} is {mark}: it counts as {'done' if t.done else 'open'} (a task with subtasks is "
                    "done when they are); update its mark",
                    t.line,
                    code="container-mark",
                    item=Item("change", change.id),
                )
            )
        for prose in t.unresolved_dependencies:
            out.append(
                Finding(
                    "INFO",
                    tasks.path,
                    f'task {_name(t, t.id)} depends on "{prose}", which names no task here; it does not hold the task '
                    "back — name the task ids if it should",
                    t.line,
                    code="unresolved-dependency",
                    item=Item("change", change.id),
                )
            )
    return out


def _name(task: Task | None, task_id: str) -> str:
    return task.ref or task_id if task is not None else task_id


def _repeated_ids(change: Change, tasks: TaskList) -> list[Finding]:
    """An id written on several tasks, or restated on a summary's checklist (a task's own criteria excepted)."""
    lines: dict[str, list[tuple[int, bool]]] = {}
    for t in tasks.tasks:
        if t.ref is not None:
            lines.setdefault(t.ref, []).append((t.line, t.marked))
    for c in tasks.checks:
        if c.ref is not None and c.owner is None and c.ref in lines:
            lines[c.ref].append((c.line, c.done))
    out: list[Finding] = []
    for ref, found in lines.items():
        if len(found) < 2:
            continue
        where = " and ".join(str(line) for line, _ in found)
        differ = " (marked done on one line and open on another)" if len({m for _, m in found}) > 1 else ""
        out.append(
            Finding(
                "WARNING",
                tasks.path,
                f"task id {ref} is written on lines {where}{differ}; give each task its own id",
                found[0][0],
                code="duplicate-task-id",
                item=Item("change", change.id),
            )
        )
    return out


def decision_checks(decision: DecisionSpec, ws: Workspace) -> list[Finding]:
    out: list[Finding] = []
    inline = {o.id: o for o in decision.option_defs if o.inline}  # options with their facts in the decision file
    known = {c.id for c in ws.changes} | set(inline)
    for option in decision.options:
        if option not in known:
            out.append(
                Finding(
                    "ERROR",
                    decision.path,
                    f"option {option} is not an active change in openspec/changes/; fix the id, create the change, or "
                    "state its facts inline ({id: …, title: …, effort: 10-20h, timeline: 1-2 weeks})",
                    decision.option_lines.get(option),
                    code="unknown-option",
                )
            )
    for path in decision.paths:
        for member in path.options:
            if member not in decision.options or member not in known:
                out.append(
                    Finding(
                        "ERROR",
                        decision.path,
                        f"path {path.id} includes {member}, which is not one of the decision's options; "
                        "use an id listed under options:",
                        path.line,
                        code="unknown-option-in-path",
                    )
                )
        if path.stated_effort is None:
            continue
        efforts = [c.effort if (c := ws.change(m)) else inline[m].effort if m in inline else None for m in path.options]
        stated = [e for e in efforts if e is not None]
        if len(stated) != len(efforts):
            continue
        total = Estimate(sum(e.low for e in stated), sum(e.high for e in stated))
        if not _within(path.stated_effort, total):
            out.append(
                Finding(
                    "WARNING",
                    decision.path,
                    f"path {path.id} states {_hours(path.stated_effort)}, but its options add up to {_hours(total)}; "
                    f"state {_hours(total)} or drop the figure (it is computed)",
                    path.line,
                    code="path-effort-mismatch",
                )
            )
    return out


Required = dict[str, tuple[tuple[str, ...], str]]  # change id -> (the sections it must have, who requires them)


def required_sections(decisions: Iterable[DecisionSpec]) -> Required:
    """The sections each decision option must have, and the decision file that says so."""
    required_by: Required = {}
    for d in decisions:
        for option in d.options:
            if d.required_sections:
                required_by[option] = (d.required_sections, d.path)
    return required_by


def change_findings(change: Change, required_by: Required, config_sections: tuple[str, ...] = ()) -> list[Finding]:
    """The findings about one change alone (everything but the decision files' own checks)."""
    findings: list[Finding] = []
    if change.tasks is not None:
        findings.extend(task_total_mismatch(change, change.tasks))
        findings.extend(task_graph(change, change.tasks))
    findings.extend(estimate_exceeds_effort(change))
    findings.extend(metric_delta_mismatch(change))
    if change.id in required_by:
        sections, source = required_by[change.id]
        findings.extend(missing_sections(change, sections, source))
    elif config_sections:
        findings.extend(missing_sections(change, config_sections, "openspec/config.yaml"))
    return findings


def unread_findings(decision_errors: Iterable[DecisionFileError], problems: Iterable[Finding]) -> list[Finding]:
    """What could not be read: decision files that do not load (errors), change files that do not parse.

    A change's reading problem keeps its file and line; its message names neither again."""
    found = [Finding("ERROR", e.path, e.reason, e.line, code="decision-file") for e in decision_errors]
    return found + [Finding("WARNING", p.path, p.message, p.line, code=UNREADABLE) for p in problems]


def in_file_order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.code))


def check_workspace(ws: Workspace, decisions: list[DecisionSpec], config_sections: tuple[str, ...] = ()) -> list[Finding]:
    """Every planning finding of the workspace, in file order.

    `ws` may hold only some changes (the hook's touched ones, the report's decision options): decision checks
    need only the changes the decisions name."""
    required_by = required_sections(decisions)
    findings = [f for change in ws.changes for f in change_findings(change, required_by, config_sections)]
    for d in decisions:
        findings.extend(decision_checks(d, ws))
    return in_file_order(findings)
