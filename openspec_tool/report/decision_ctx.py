"""The `decision` part of a report's context: options, paths, the matrix, the recommendation, the decision statement,
ties, the goal-based guide, the choice.

Built from `plan.evaluate.evaluate` — the function `openspec decide` prints — and read from its typed result, so the
report and the CLI cannot disagree. Options are named by their own number ("Option 2": the number in their id or
title, or a `label:`), never by their position in the decision file; paths keep their ids.
"""

from __future__ import annotations

from typing import Any

from openspec_tool.decide.engine import Ranked
from openspec_tool.decide.model import Range
from openspec_tool.model.units import DASH, hours, whole_hours
from openspec_tool.model.workspace import Workspace
from openspec_tool.plan.evaluate import Evaluation, FactMissing, OptionInfo, evaluate
from openspec_tool.read.decision_file import DecisionFileError
from openspec_tool.read.tree import Tree
from openspec_tool.report.decision_words import guide_pick, pick_context, statement_context, ties, titled
from openspec_tool.report.text import fixed, num, percent, range_json, text_bar


def evaluate_for_report(tree: Tree, name: str | None, model: Workspace) -> Evaluation:
    from openspec_tool.report.context import ReportError

    try:
        return evaluate(tree, name, workspace=model)
    except (DecisionFileError, FactMissing, ValueError) as exc:
        messages = getattr(exc, "messages", None)
        raise ReportError("; ".join(messages) if messages else str(exc)) from None


def _range(r: Range | None, unit: str) -> dict[str, Any] | None:
    return range_json(r.low, r.high, unit) if r is not None else None


def _criteria(ev: Evaluation) -> list[dict[str, Any]]:
    result = ev.result
    return [
        {
            "id": c.id,
            "label": c.label,
            "direction": c.direction,
            "aggregate": c.combine,
            "source": c.source,
            "weight": result.weight(c.id),
            "weight_text": f"{result.weight(c.id):.2f}",
            "given_weight": result.weights.given[c.id],
        }
        for c in result.criteria
    ]


def _cells(row: Ranked, criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cells = []
    for c in criteria:
        cell = row.cell(c["id"])
        cells.append(
            {
                "criterion": c["id"],
                "label": c["label"],
                "value": cell.value,
                "value_text": num(cell.value),
                "normalised": cell.normalised,
                "normalised_text": fixed(cell.normalised, 2),
                "contribution": cell.contribution,
                "contribution_text": fixed(cell.contribution, 3),
            }
        )
    return cells


def _chosen(
    ev: Evaluation, paths: dict[str, dict[str, Any]], options: dict[str, dict[str, Any]], tree: Tree
) -> dict[str, Any] | None:
    from openspec_tool.write.decision_record import record_path, resolve_target

    if not ev.spec.chosen:
        return None
    target = resolve_target(ev.spec, ev.spec.chosen, ev.result)
    if target is None:
        return {
            "kind": "unknown",
            "id": ev.spec.chosen,
            "name": ev.spec.chosen,
            "label": "not an option or path of this decision",
            "title": f"{ev.spec.chosen} (not an option or path of this decision)",
            "members": [],
            "effort": None,
            "timeline": None,
            "rank": DASH,
            "record": None,
        }
    row = (paths if target.kind == "path" else options).get(target.id)
    from pathlib import PurePosixPath

    record = str(record_path(PurePosixPath(ev.spec.path)))  # type: ignore[arg-type]
    return {
        "kind": target.kind,
        "id": target.id,
        "name": row["name"] if row else target.id,
        "label": row["label"] if row else target.label,
        "title": row["title"] if row else target.title,
        "members": [
            {"id": m, "name": options[m]["name"], "label": options[m]["label"], "title": options[m]["title"]}
            for m in target.members
            if m in options
        ],
        "effort": row["effort"] if row else None,
        "timeline": row["timeline"] if row else None,
        "rank": row["rank"] if row else DASH,
        "record": record if tree.kind(record) == "file" else None,
    }


NO_OUTCOMES: dict[str, Any] = {"criteria": [], "criteria_source": None, "metrics": []}


def _dominated(rows: list[dict[str, Any]], front: set[str], criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The alternatives outside the Pareto set, each with one that dominates it (as good on every criterion, better
    on one; compared on the values, in each criterion's direction), in rank order."""
    sign = [1.0 if c["direction"] == "benefit" else -1.0 for c in criteria]

    def better_or_equal(a: dict[str, Any], b: dict[str, Any]) -> tuple[bool, bool]:
        pairs = [(k * x["value"], k * y["value"]) for k, x, y in zip(sign, a["cells"], b["cells"], strict=True)]
        return all(p >= q for p, q in pairs), any(p > q for p, q in pairs)

    out = []
    for r in sorted(rows, key=lambda r: r["rank"]):
        if r["id"] in front:
            continue
        by = None
        for other in sorted(rows, key=lambda r: r["rank"]):
            ge, gt = better_or_equal(other, r) if other is not r else (False, False)
            if ge and gt:
                by = other
                break
        out.append(
            {
                "id": r["id"],
                "name": r["name"],
                "label": r["label"],
                "by": by["id"] if by else None,
                "by_name": by["name"] if by else None,
                "by_label": by["label"] if by else None,
                "title": r["title"],
            }
        )
    return out


def inline_change(info: OptionInfo) -> dict[str, Any]:
    """The change context of an option that is not a change folder (its facts are the decision file's)."""
    d = info.definition
    return {
        "id": info.id,
        "title": info.title,
        "path": None,
        "proposal_path": None,
        "tasks_path": None,
        "stage": "not a change",
        "priority": d.priority if d else None,
        "effort": range_json(d.effort.low, d.effort.high) if d and d.effort else None,
        "timeline": range_json(d.timeline.low, d.timeline.high, "weeks") if d and d.timeline else None,
        "estimate": None,
        "focus": "",
        "scope": [],
        "sections": [],
        "has_design": False,
        "delta_specs": [],
        "tasks": {"total": 0, "done": 0, "open": 0, "percent": 0, "bar": text_bar(0, 0)},
        "task_groups": [],
        "open_tasks": [],
        "ready": [],
        "critical_path": None,
        "graph_error": None,
        "problems": [],
        "inline": True,
    }


def _option_rows(
    ev: Evaluation, changes: dict[str, dict[str, Any]], outcomes: dict[str, dict[str, Any]], criteria: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    result = ev.result
    infos = {i.id: i for i in ev.infos()}
    pareto = set(result.pareto_options)
    out: dict[str, dict[str, Any]] = {}
    for r in result.options:
        info = infos[r.id]
        ch = changes.get(r.id) or inline_change(info)
        q = result.quantiles("option", r.id)
        out[r.id] = {
            "id": r.id,
            "number": info.number,
            "name": info.name,
            "label": info.title,
            "title": titled(info.name, info.title),
            "heading": f"{info.name}: {info.title}" if info.title != info.name else info.name,
            "members": [r.id],
            "rank": r.rank,
            "score": r.score,
            "score_text": fixed(r.score),
            "effort": _range(r.effort, "h"),
            "timeline": _range(r.timeline, "weeks"),
            "p80": q.p80 if q else None,
            "p80_text": whole_hours(q.p80 if q else None),
            "fits_budget": r.fits_budget,
            "focus": ch["focus"],
            "priority": ch["priority"],
            "tasks": ch["tasks"],
            "scope": ch["scope"],
            "task_groups": ch["task_groups"],
            "pareto": r.id in pareto,
            "cells": _cells(r, criteria),
            "change": ch,
            "inline": info.inline,
            "outcomes": outcomes.get(r.id, NO_OUTCOMES),
        }
    return out


def _path_rows(ev: Evaluation, options: dict[str, dict[str, Any]], criteria: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    result = ev.result
    summaries = {p.id: p.summary for p in ev.spec.paths}
    pareto = set(result.pareto_paths)
    out: dict[str, dict[str, Any]] = {}
    for r in result.paths:
        q = result.quantiles("path", r.id)
        out[r.id] = {
            "id": r.id,
            "name": r.name,
            "label": r.label,
            "title": titled(r.name, r.label),
            "summary": summaries.get(r.id, ""),
            "schedule": r.schedule,
            "members": list(r.members),
            "member_names": [options[m]["name"] for m in r.members],
            "includes": " + ".join(options[m]["title"] for m in r.members),
            "rank": r.rank,
            "score": r.score,
            "score_text": fixed(r.score),
            "effort": _range(r.effort, "h"),
            "timeline": _range(r.timeline, "weeks"),
            "p50": q.p50 if q else None,
            "p80": q.p80 if q else None,
            "p50_text": whole_hours(q.p50 if q else None),
            "p80_text": whole_hours(q.p80 if q else None),
            "fits_budget": r.fits_budget,
            "pareto": r.id in pareto,
            "cells": _cells(r, criteria),
        }
    return out


def decision_context(
    ev: Evaluation, changes: dict[str, dict[str, Any]], tree: Tree, outcomes: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """`outcomes`: each option's success criteria and metrics (`report.outcomes`), by change id."""
    result = ev.result
    spec = ev.spec
    criteria = _criteria(ev)
    labels = {c["id"]: c["label"] for c in criteria}
    options = _option_rows(ev, changes, outcomes or {}, criteria)
    paths = _path_rows(ev, options, criteria)
    rec = result.recommendation
    budget = result.budget_hours
    columns = {  # the table columns that have something to say (a column of dashes is left out)
        "effort": any(o["effort"] for o in options.values()),
        "timeline": any(o["timeline"] for o in options.values()),
        "priority": any(o["priority"] for o in options.values()),
        "estimate": any(o["change"]["estimate"] for o in options.values()),
        "focus": any(o["focus"] for o in options.values()),
        "path_effort": any(p["effort"] for p in paths.values()),
        "path_timeline": any(p["timeline"] for p in paths.values()),
        "p50": any(p["p50"] is not None for p in paths.values()),
        "budget": any(p["fits_budget"] is not None for p in paths.values()),
        "option_budget": any(o["fits_budget"] is False for o in options.values()),
        "goal": any(p["summary"] for p in paths.values()),
    }
    done = sum(o["tasks"]["done"] for o in options.values())
    total = sum(o["tasks"]["total"] for o in options.values())
    choice = result.budget
    recommendation = {
        "path": pick_context(rec.path, "path", paths, result.sensitivity_paths, labels),
        "option": pick_context(rec.option, "option", options, result.sensitivity_options, labels),
        "path_fits_budget": rec.path_fits_budget,
        "budget_sentence": rec.budget_sentence,
        "summary": rec.summary,
        "statement": statement_context(result, {"path": paths, "option": options}),
        "over_budget_paths": [paths[i] for i in rec.over_budget_paths],
        "over_budget_options": [options[i] for i in rec.over_budget_options],
    }
    guide = [
        {
            "criterion": g.criterion,
            "label": g.label,
            "path": guide_pick(g.path, paths),
            "option": guide_pick(g.option, options),
        }
        for g in result.guide
    ]
    return {
        "id": spec.id,
        "title": spec.title or spec.id,
        "question": spec.question,
        "path": spec.path,
        "method": result.method,
        "normalisation": result.normalisation,
        "criteria": criteria,
        "options": [options[oid] for oid in spec.options if oid in options],
        "options_ranked": [options[r.id] for r in result.options],
        "paths": [paths[p.id] for p in spec.paths if p.id in paths],
        "paths_ranked": [paths[r.id] for r in result.paths],
        "recommendation": recommendation,
        "ties": ties(recommendation),
        "guide": guide,
        "budget": None
        if choice is None
        else {
            "hours": choice.budget_hours,
            "hours_text": hours(choice.budget_hours),
            "bound": choice.bound,
            "chosen": [options[m] for m in choice.chosen if m in options],
            "effort": _range(choice.effort, "h"),
            "score_text": fixed(choice.score),
        },
        "budget_hours": budget,
        "budget_at": rec.budget_at,
        "budget_at_text": "at its P80" if rec.budget_at == "p80" else "at its high estimate",
        "columns": columns,
        "tasks": {
            "done": done,
            "total": total,
            "open": total - done,
            "percent": percent(done, total),
            "bar": text_bar(done, total),
        },
        "pareto": {
            "options": list(result.pareto_options),
            "paths": list(result.pareto_paths),
            "dominated_options": _dominated(list(options.values()), set(result.pareto_options), criteria),
            "dominated_paths": _dominated(list(paths.values()), set(result.pareto_paths), criteria),
        },
        "chosen": _chosen(ev, paths, options, tree),
        "notes": list(result.notes),
        "facts": ev.facts(),
        "result": result.to_json(),
    }
