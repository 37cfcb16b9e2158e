"""The one context every report template receives: a plain dict built from the model (documented, variable by
variable, in templates/README.md). Templates only format it: every figure is computed here or below.

Nothing here depends on the clock, the absolute path of the checkout or the order of a directory listing,
so the same workspace (and the same commits) give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openspec_tool.model.decision import DecisionSpec
from openspec_tool.model.workspace import Workspace
from openspec_tool.read.tree import Tree
from openspec_tool.report.config import ReportSpec
from openspec_tool.report.summary import findings_context, summary_context
from openspec_tool.report.text import natural_key, percent, text_bar

if TYPE_CHECKING:
    from openspec_tool.history.lines import WorkingChange

DEFAULT_ASPECTS = ("Why", "What Changes", "Impact")  # the sections of OpenSpec's own proposal template
SOURCE_TEXT = {"decision file": "the decision file", "default": "OpenSpec's proposal template"}
WIDE_QUALITY = 10  # proposals: more, and the quality table lists what is missing instead of a column each


class ReportError(ValueError):
    """Input a report cannot be built from; `str()` is one line naming the file to fix."""


@dataclass(frozen=True)
class ReportRequest:
    root: Path  # the workspace root (the folder holding openspec/)
    tree: Tree
    spec: ReportSpec
    fmt: str  # "md" or "html"
    generated_at: str | None = None  # an ISO timestamp, only when asked for (--timestamp)


def quality_context(
    ids: list[str],
    present: dict[str, tuple[str, ...]],
    labels: dict[str, str],
    aspects: tuple[str, ...],
    source: str,
) -> dict[str, Any]:
    """Which required sections each proposal has (`present`, by change id): one row per aspect, n/N and a cell per
    proposal (a section matches as `openspec check` matches it: numbering, case and punctuation ignored)."""
    rows: list[dict[str, Any]] = []
    missing: set[str] = set()
    for aspect in aspects:
        has = {cid for cid in ids if aspect in present.get(cid, ())}
        lacking = [cid for cid in ids if cid not in has]
        missing.update(lacking)
        count, total = len(ids) - len(lacking), len(ids)
        rows.append(
            {
                "aspect": aspect,
                "count": count,
                "total": total,
                "percent": percent(count, total),
                "text": f"{percent(count, total)}% ({count}/{total})",
                "cells": [cid in has for cid in ids],
                "missing": lacking,
            }
        )
    complete = [cid for cid in ids if cid not in missing]
    for row in rows:
        row["missing_names"] = [labels.get(cid, cid) for cid in row["missing"]]
    return {
        "source": source,
        "source_text": SOURCE_TEXT.get(source, source),
        "aspects": list(aspects),
        "columns": [{"id": cid, "label": labels.get(cid, cid)} for cid in ids],
        "wide": len(ids) > WIDE_QUALITY,
        "rows": rows,
        "complete": complete,
        "complete_text": f"{len(complete)}/{len(ids)}",
    }


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


def _report_decision(req: ReportRequest) -> DecisionSpec | None:
    """The decision the report is about (None for a report without one); raises ReportError."""
    if not req.spec.use_decision:
        return None
    from openspec_tool.plan.evaluate import find_decision
    from openspec_tool.read.decision_file import DecisionFileError
    from openspec_tool.read.decisions import load_decision

    try:
        return load_decision(req.tree, find_decision(req.tree, req.spec.decision))
    except DecisionFileError as exc:
        raise ReportError(str(exc)) from None


def build_context(req: ReportRequest) -> dict[str, Any]:
    """Raises ReportError (one line) when the report's decision cannot be evaluated."""
    from openspec_tool.forked import Job
    from openspec_tool.report import history_ctx

    spec = req.spec
    decision = _report_decision(req)
    if decision is not None:
        scope_ids = list(decision.options)
    else:
        from openspec_tool.read.discover import change_ids

        scope_ids = sorted(change_ids(req.tree))
    history = scope_ids if spec.history else []
    job = Job(lambda: history_ctx.git_and_head(req.root, history, spec.since)) if spec.history else None
    try:
        ctx, working = _build(req, decision, frozenset(history))
    except BaseException:
        if job is not None:
            job.cancel()
        raise
    if job is not None:
        git, head = job.result()
        found = history_ctx.collect(req.root, history, spec.since, working, git)
        ctx["history"] = history_ctx.label(found, ctx["labels"])
        ctx["history"]["as_of"] = head
    _finish(req, ctx)
    return ctx


def _finish(req: ReportRequest, ctx: dict[str, Any]) -> None:
    """The parts computed from the rest: the cycle, the merged notes, the sections, the charts."""
    from openspec_tool.read.discover import archived_ids
    from openspec_tool.report import layout
    from openspec_tool.report.cycle import cycle_context

    archived = [name for _, name in archived_ids(req.tree)]
    ctx["cycle"] = cycle_context(ctx["history"], ctx["scope"], ctx["labels"], archived)
    ctx["notes"] = layout.notes(ctx)
    ctx["sections"] = layout.sections(ctx)
    if req.fmt == "html":
        from openspec_tool.report.svg import charts

        ctx["charts"] = charts(ctx)


def _build(
    req: ReportRequest, decision_spec: DecisionSpec | None, history: frozenset[str]
) -> tuple[dict[str, Any], dict[str, WorkingChange]]:
    from openspec_tool.read.decisions import config_required_sections, load_decisions
    from openspec_tool.read.discover import SPECS, archived_ids, discover_spec_files
    from openspec_tool.read.planning_files import expand
    from openspec_tool.report.gather import Needs, gather
    from openspec_tool.rules.planning import decision_checks, in_file_order, required_sections, unread_findings
    from openspec_tool.rules.planning_docs import check_documents

    spec = req.spec
    decisions, decision_errors = load_decisions(req.tree)
    config_sections = config_required_sections(req.tree)
    aspects, source = (decision_spec.required_sections, "decision file") if decision_spec else ((), "")
    if not aspects:
        aspects, source = config_sections, "openspec/config.yaml"
    if not aspects:
        aspects, source = DEFAULT_ASPECTS, "default"
    keep = {o for d in (*decisions, *([decision_spec] if decision_spec else [])) for o in d.options}
    got = gather(req.tree, Needs(frozenset(keep), aspects, required_sections(decisions), config_sections, history))
    # Only the decisions' options as parsed changes: all the matrix and the decision checks read.
    model = Workspace(root=str(req.root), changes=got.changes_kept())
    change_ctx = {cid: got.contexts[cid] for cid in sorted(got.contexts, key=natural_key)}
    problems = [p for c in change_ctx.values() for p in c["problems"]]
    for one in change_ctx.values():
        one["problems"] = [str(p) for p in one["problems"]]  # templates get one line each
    planning = [f for fs in got.findings.values() for f in fs]
    planning += [f for d in decisions for f in decision_checks(d, model)]
    planning += check_documents(req.tree, model, decisions)
    findings = [f.check_json() for f in (*unread_findings(decision_errors, problems), *in_file_order(planning))]
    decision: dict[str, Any] | None = None
    scope = list(change_ctx)
    labels = {cid: c["title"] for cid, c in change_ctx.items()}
    if spec.use_decision:
        from openspec_tool.report.decision_ctx import decision_context, evaluate_for_report
        from openspec_tool.report.outcomes import outcomes

        ev = evaluate_for_report(req.tree, spec.decision, model)
        promised = {oid: outcomes(c.proposal) for oid in ev.spec.options if (c := model.change(oid)) is not None}
        decision = decision_context(ev, change_ctx, req.tree, promised)
        scope = [oid for oid in ev.spec.options if oid in change_ctx]
        labels = {o["id"]: o["name"] for o in decision["options"]}
    documents = frozenset(expand(req.tree, decision_spec.documents)) if decision_spec is not None else frozenset()
    shown = findings_context(findings, set(scope) if decision else None, decision["path"] if decision else None, documents)
    context = {
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
            "changes": list(change_ctx.values()),
            "totals": _totals(list(change_ctx.values())),
            "specs": [{"id": f.id, "path": f.path} for f in discover_spec_files(req.tree, SPECS)],
            "archived": len(archived_ids(req.tree)),
            "problems": sorted(str(p) for p in problems),
        },
        "scope": [change_ctx[cid] for cid in scope],
        "decision": decision,
        "quality": quality_context(scope, got.present, labels, aspects, source),
        "findings": shown["findings"],
        "findings_summary": shown["summary"],
        "history": None,
        "labels": labels,
        "next_steps": next_steps(decision, change_ctx, shown["findings"], spec.name),
        "summary": summary_context([change_ctx[cid] for cid in scope]),
        "cycle": None,
        "notes": [],
        "sections": [],
        "charts": {},
    }
    return context, got.working


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
        members = [cid for cid, c in changes.items() if c["stage"] == "in-progress" and c["tasks"]["done"]]  # started
    start = next((m for m in members if m in changes and changes[m]["tasks"]["open"] > 0), None)
    if start is not None:
        steps.append({"command": f"openspec next {start}", "why": f"the tasks of {changes[start]['title']} ready to start now"})
        steps.append({"command": f"openspec tasks {start} --graph", "why": "its waves and critical path"})
    elif decision is None and any(c["tasks"]["open"] for c in changes.values()):
        steps.append({"command": "openspec next", "why": "the tasks ready to start now, across all changes"})
    steps.append(
        {
            "command": f"openspec report {report}",
            "why": "regenerate this report after any change (with --check: only tell whether it is stale)",
        }
    )
    return steps
