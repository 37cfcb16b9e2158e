"""The one context every report template receives: a plain dict built from the model (documented, variable by
variable, in templates/README.md). Templates only format it: every figure is computed here or below.

Nothing here depends on the clock, the absolute path of the checkout or the order of a directory listing,
so the same workspace (and the same commits) give the same bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openspec_tool.model.tasks import Task, TaskList
from openspec_tool.model.workspace import Change, Workspace
from openspec_tool.plan.graph import GraphCycleError, critical_path, ready
from openspec_tool.read.tree import Tree
from openspec_tool.report.config import ReportSpec
from openspec_tool.report.text import SectionIndex, estimate_json, focus, percent, scope_items, text_bar

DEFAULT_ASPECTS = ("Why", "What Changes", "Impact")  # the sections of OpenSpec's own proposal template


class ReportError(ValueError):
    """Input a report cannot be built from; `str()` is one line naming the file to fix."""


@dataclass(frozen=True)
class ReportRequest:
    root: Path  # the workspace root (the folder holding openspec/)
    tree: Tree
    spec: ReportSpec
    fmt: str  # "md" or "html"
    generated_at: str | None = None  # an ISO timestamp, only when asked for (--timestamp)


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


def _graph(tasks: TaskList) -> tuple[list[Task], dict[str, Any] | None, str | None]:
    """(ready tasks, critical path, cycle error)."""
    try:
        path, total = critical_path(tasks.tasks)
    except GraphCycleError as exc:
        return [], None, str(exc)
    crit = None
    if path:
        has_estimate = any(t.estimate is not None for t in path)
        crit = {
            "tasks": [task_json(t) for t in path],
            "ids": [t.id for t in path],
            "length": len(path),
            "estimate": estimate_json(total) if has_estimate else None,
        }
    return ready(tasks.tasks), crit, None


def change_context(change: Change, index: SectionIndex | None = None) -> dict[str, Any]:
    total, done = change.task_total, change.task_done
    tasks = change.tasks
    ready_tasks: list[Task] = []
    crit: dict[str, Any] | None = None
    graph_error: str | None = None
    if tasks is not None and tasks.tasks:
        ready_tasks, crit, graph_error = _graph(tasks)
    proposal = change.proposal
    index = index or SectionIndex(proposal)
    return {
        "id": change.id,
        "title": change.title,
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
        "open_tasks": [task_json(t) for t in tasks.tasks if not t.done] if tasks else [],
        "ready": [task_json(t) for t in ready_tasks],
        "critical_path": crit,
        "graph_error": graph_error,
        "problems": list(change.problems),
    }


def quality_context(
    changes: list[Change],
    labels: dict[str, str],
    aspects: tuple[str, ...],
    source: str,
    indexes: dict[str, SectionIndex] | None = None,
) -> dict[str, Any]:
    """Which required sections each proposal has: one row per aspect, n/N and a cell per proposal (a section
    matches as `openspec check` matches it: numbering, case and punctuation ignored)."""
    indexes = indexes or {}
    rows: list[dict[str, Any]] = []
    missing: set[str] = set()
    for aspect in aspects:
        present = [
            c.id
            for c in changes
            if c.proposal is not None and (indexes.get(c.id) or SectionIndex(c.proposal)).find(aspect) is not None
        ]
        missing.update(c.id for c in changes if c.id not in present)
        count, total = len(present), len(changes)
        rows.append(
            {
                "aspect": aspect,
                "count": count,
                "total": total,
                "percent": percent(count, total),
                "text": f"{percent(count, total)}% ({count}/{total})",
                "cells": [c.id in present for c in changes],
                "missing": [c.id for c in changes if c.id not in present],
            }
        )
    complete = [c.id for c in changes if c.id not in missing]
    return {
        "source": source,
        "aspects": list(aspects),
        "columns": [{"id": c.id, "label": labels.get(c.id, c.id)} for c in changes],
        "rows": rows,
        "complete": complete,
        "complete_text": f"{len(complete)}/{len(changes)}",
    }


def _findings(model: Workspace, tree: Tree) -> list[dict[str, Any]]:
    from openspec_tool.model.findings import Finding
    from openspec_tool.read.decisions import config_required_sections, load_decisions
    from openspec_tool.rules.planning import check_workspace

    decisions, errors = load_decisions(tree)
    found = [Finding("error", "decision-file", e.path, e.line, e.reason) for e in errors]
    found += [Finding("warning", "unreadable", p.split(":", 1)[0], None, p) for p in model.problems]
    found += check_workspace(model, decisions, config_required_sections(tree))
    return [f.to_json() for f in found]


def _totals(changes: list[dict[str, Any]]) -> dict[str, Any]:
    total = sum(c["tasks"]["total"] for c in changes)
    done = sum(c["tasks"]["done"] for c in changes)
    stages: dict[str, int] = {}
    for c in changes:
        stages[c["stage"]] = stages.get(c["stage"], 0) + 1
    return {
        "changes": len(changes),
        "tasks_total": total,
        "tasks_done": done,
        "tasks_open": total - done,
        "percent": percent(done, total),
        "bar": text_bar(done, total),
        "stages": dict(sorted(stages.items())),
    }


PARALLEL_THRESHOLD = 200  # changes; below this a second process costs more than it saves

Loaded = tuple[tuple[Change, ...], dict[str, dict[str, Any]], dict[str, SectionIndex]]


def _load(tree: Tree, ids: list[str]) -> Loaded:
    """The changes `ids`, each with its context and its section index."""
    from openspec_tool.read.discover import CHANGES
    from openspec_tool.read.tree import join
    from openspec_tool.read.workspace import load_change

    changes = tuple(load_change(tree, join(CHANGES, cid), cid) for cid in ids)
    indexes = {c.id: SectionIndex(c.proposal) for c in changes}
    return changes, {c.id: change_context(c, indexes[c.id]) for c in changes}, indexes


def _model(tree: Tree, root: Path) -> tuple[Workspace, dict[str, dict[str, Any]], dict[str, SectionIndex]]:
    """The active changes (`load_workspace` without the main specs, which no report needs parsed), their contexts
    and section indexes. On a large workspace, with a second CPU, a forked child does every other change (as
    `validate --all` does)."""
    from openspec_tool.forked import Job
    from openspec_tool.read.discover import change_ids

    ids = sorted(change_ids(tree))
    if len(ids) >= PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1:
        job = Job(lambda: _load(tree, ids[1::2]))
        mine, contexts, indexes = _load(tree, ids[0::2])
        theirs, their_contexts, their_indexes = job.result()
        by_id = {c.id: c for c in (*mine, *theirs)}
        changes = tuple(by_id[cid] for cid in ids)
        contexts.update(their_contexts)
        indexes.update(their_indexes)
    else:
        changes, contexts, indexes = _load(tree, ids)
    model = Workspace(root=str(root), changes=changes, problems=tuple(p for c in changes for p in c.problems))
    return model, {cid: contexts[cid] for cid in ids}, indexes


def _scope_ids(req: ReportRequest) -> list[str]:
    """The changes the report is about, known before the model is loaded: the decision's options, or all."""
    if req.spec.use_decision:
        from openspec_tool.plan.evaluate import find_decision
        from openspec_tool.read.decision_file import DecisionFileError
        from openspec_tool.read.decisions import load_decision

        try:
            return list(load_decision(req.tree, find_decision(req.tree, req.spec.decision)).options)
        except DecisionFileError as exc:
            raise ReportError(str(exc)) from None
    from openspec_tool.read.discover import change_ids

    return sorted(change_ids(req.tree))


def build_context(req: ReportRequest) -> dict[str, Any]:
    """Raises ReportError (one line) when the report's decision cannot be evaluated."""
    from openspec_tool.forked import Job
    from openspec_tool.report import history_ctx

    spec = req.spec
    scope_ids = _scope_ids(req)
    job = Job(lambda: history_ctx.collect(req.root, scope_ids, spec.since)) if spec.history else None
    try:
        ctx = _build(req)
    except BaseException:
        if job is not None:
            job.cancel()
        raise
    if job is not None:
        ctx["history"] = history_ctx.label(job.result(), ctx["labels"])
    if req.fmt == "html":
        from openspec_tool.report.svg import charts

        ctx["charts"] = charts(ctx)
    return ctx


def _build(req: ReportRequest) -> dict[str, Any]:
    from openspec_tool.read.decisions import config_required_sections
    from openspec_tool.read.discover import SPECS, archived_ids, discover_spec_files

    spec = req.spec
    model, change_ctx, indexes = _model(req.tree, req.root)
    changes = list(model.changes)
    decision: dict[str, Any] | None = None
    scope = changes
    labels = {c.id: c.title for c in changes}
    aspects: tuple[str, ...] = ()
    if spec.use_decision:
        from openspec_tool.report.decision_ctx import decision_context, evaluate_for_report

        ev = evaluate_for_report(req.tree, spec.decision, model)
        decision = decision_context(ev, change_ctx, req.tree)
        scope = [c for oid in ev.spec.options if (c := model.change(oid)) is not None]
        labels = {o["id"]: o["name"] for o in decision["options"]}
        aspects = ev.spec.required_sections
    source = "decision file" if aspects else "openspec/config.yaml"
    if not aspects:
        aspects = config_required_sections(req.tree)
    if not aspects:
        aspects, source = DEFAULT_ASPECTS, "default"
    findings = _findings(model, req.tree)
    return {
        "report": {
            "name": spec.name,
            "title": spec.title or (decision["title"] if decision else spec.name),
            "format": req.fmt,
            "template": spec.template_for(req.fmt),
            "output": spec.output_for(req.fmt),
            "command": f"openspec report {spec.name}" + (" --format html" if req.fmt == "html" else ""),
        },
        "generated_at": req.generated_at,
        "workspace": {
            "changes": [change_ctx[c.id] for c in changes],
            "totals": _totals(list(change_ctx.values())),
            "specs": [{"id": f.id, "path": f.path} for f in discover_spec_files(req.tree, SPECS)],
            "archived": len(archived_ids(req.tree)),
            "problems": sorted(model.problems),
        },
        "scope": [change_ctx[c.id] for c in scope],
        "decision": decision,
        "quality": quality_context(scope, labels, aspects, source, indexes),
        "findings": findings,
        "findings_summary": {
            "errors": sum(1 for f in findings if f["level"] == "error"),
            "warnings": sum(1 for f in findings if f["level"] == "warning"),
        },
        "history": None,
        "labels": labels,
        "next_steps": next_steps(decision, change_ctx, findings, spec.name),
        "charts": {},
    }


def next_steps(
    decision: dict[str, Any] | None, changes: dict[str, dict[str, Any]], findings: list[dict[str, Any]], report: str
) -> list[dict[str, str]]:
    """The commands to run next, each with why: decide, record the choice, start the first open option."""
    steps: list[dict[str, str]] = []
    if findings:
        steps.append({"command": "openspec check", "why": f"fix the {len(findings)} planning finding(s) first"})
    members: list[str] = []
    if decision is not None:
        did = decision["id"]
        chosen, rec = decision["chosen"], decision["recommendation"]["path"] or decision["recommendation"]["option"]
        if chosen is None:
            steps.append({"command": f"openspec decide {did}", "why": "review the ranking, its reasons and its robustness"})
            if rec is not None:
                why = f"record {rec['name']} ({rec['label']}), the recommendation, as the choice"
                steps.append({"command": f"openspec decide choose {rec['id']} --decision {did} --yes", "why": why})
            members = list(rec["members"]) if rec is not None else []
        else:
            members = [m["id"] for m in chosen["members"]]
    else:
        members = [cid for cid, c in changes.items() if c["stage"] == "in-progress"]
    start = next((m for m in members if m in changes and changes[m]["tasks"]["open"] > 0), None)
    if start is not None:
        steps.append({"command": f"openspec next {start}", "why": f"the tasks of {changes[start]['title']} ready to start now"})
        steps.append({"command": f"openspec tasks {start} --graph", "why": "its waves and critical path"})
    elif decision is None:
        steps.append({"command": "openspec next", "why": "the tasks ready to start now, across all changes"})
    steps.append(
        {
            "command": f"openspec report {report}",
            "why": "regenerate this report after any change (`--check` tells if it is stale)",
        }
    )
    return steps
