"""The `decision` part of a report's context: options, paths, the matrix, the recommendation, the choice.

Built from `plan.evaluate.evaluate` — the function `openspec decide` prints — so the report and the CLI
cannot disagree. Options are numbered in the decision file's order ("Option 2"), paths keep their ids.
"""

from __future__ import annotations

from typing import Any

from openspec_tool.decide.sensitivity import ROBUST_CHANGE, ROBUST_SHARE
from openspec_tool.model.workspace import Workspace
from openspec_tool.plan.evaluate import Evaluation, FactMissing, evaluate
from openspec_tool.read.decision_file import DecisionFileError
from openspec_tool.read.tree import Tree
from openspec_tool.report.text import fixed, num, percent, range_json, share, signed, text_bar


def evaluate_for_report(tree: Tree, name: str | None, model: Workspace) -> Evaluation:
    from openspec_tool.report.context import ReportError

    try:
        return evaluate(tree, name, workspace=model)
    except (DecisionFileError, FactMissing, ValueError) as exc:
        raise ReportError(str(exc)) from None


def _range(r: dict[str, float] | None, unit: str) -> dict[str, Any] | None:
    return range_json(r["low"], r["high"], unit) if r else None


def _criteria(ev: Evaluation, j: dict[str, Any]) -> list[dict[str, Any]]:
    sources = {c.id: c.source for c in ev.spec.criteria}
    return [
        {
            "id": c["id"],
            "label": c["label"],
            "direction": c["direction"],
            "aggregate": c["aggregate"],
            "source": sources.get(c["id"]),
            "weight": c["weight"],
            "weight_text": f"{c['weight']:.2f}",
            "given_weight": c["givenWeight"],
        }
        for c in j["criteria"]
    ]


def _cells(row: dict[str, Any], criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cells = []
    for c in criteria:
        cell = row["criteria"][c["id"]]
        cells.append(
            {
                "criterion": c["id"],
                "label": c["label"],
                "value": cell["value"],
                "value_text": num(cell["value"]),
                "normalised": cell["normalised"],
                "normalised_text": fixed(cell["normalised"], 2),
                "contribution": cell["contribution"],
                "contribution_text": fixed(cell["contribution"], 3),
            }
        )
    return cells


def _flip_text(flip: dict[str, Any]) -> str:
    """ "raising Impact's weight by 0.056 (to 0.356) puts Path B first"."""
    verb = "lowering" if flip["delta"] < 0 else "raising"
    change = f"{verb} {flip['label']}'s weight by {abs(flip['delta']):.3f} (to {flip['weight_text']})"
    return f"{change} puts {flip['winner_name']} first"


def robustness_text(robustness: str | None, win_share: float | None, samples_text: str, flip: dict[str, Any] | None) -> str:
    """The robustness verdict with what it means, in one clause (a report never shows a bare "moderate")."""
    if robustness is None or win_share is None:
        return "robustness unknown"
    share = f"{win_share * 100:.0f}%"
    common = win_share >= ROBUST_SHARE
    small_flip = flip is not None and abs(flip["delta"]) < ROBUST_CHANGE
    under = f"first under {'' if common else 'only '}{share} of {samples_text} random weightings"
    if flip is None:
        steady = "no single weight change puts another first"
    elif small_flip:
        steady = _flip_text(flip)
    else:
        steady = f"no single weight change below {ROBUST_CHANGE:.2f} puts another first"
    if robustness == "robust":
        return f"robust: {under}, and {steady}"
    if robustness == "fragile":
        return f"fragile: {under}, and {steady}"
    if common:  # moderate: frequent winner, but a small change flips it
        return f"moderately robust: {under}, but {steady}"
    return f"moderately robust: {steady}, but it is {under}"


def _pick(
    pick: dict[str, Any] | None, kind: str, rows: dict[str, dict[str, Any]], sens: dict[str, Any] | None
) -> dict[str, Any] | None:
    if pick is None:
        return None
    row = rows[pick["id"]]
    runner = rows.get(pick["runnerUp"]) if pick["runnerUp"] else None
    smallest = (sens or {}).get("smallestChange")
    labels = {c["criterion"]: c["label"] for c in pick["carriedBy"] + pick["against"]}
    flip = None
    if smallest:
        flip = {
            "criterion": smallest["criterion"],
            "delta": smallest["delta"],
            "weight_text": f"{smallest['weight']:.3f}",
            "delta_text": signed(smallest["delta"], 3),
            "winner": smallest["winner"],
            "winner_name": rows[smallest["winner"]]["name"] if smallest["winner"] in rows else smallest["winner"],
        }
        flip["label"] = labels.get(smallest["criterion"], smallest["criterion"])

    def reasons(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {"criterion": r["criterion"], "label": r["label"], "difference": r["difference"], "text": signed(r["difference"])}
            for r in items
        ]

    samples_text = f"{sens['samples']:,}" if sens and sens.get("samples") else "–"
    return {
        "kind": kind,
        "id": pick["id"],
        "name": row["name"],
        "label": row["label"],
        "members": list(row["members"]),
        "member_names": list(row.get("member_names", [row["name"]])),
        "effort": row["effort"],
        "timeline": row["timeline"],
        "score": pick["score"],
        "score_text": fixed(pick["score"]),
        "runner_up": pick["runnerUp"],
        "runner_up_name": runner["name"] if runner else None,
        "runner_up_label": runner["label"] if runner else None,
        "runner_up_score_text": fixed(pick["runnerUpScore"]),
        "margin_text": fixed(pick["margin"]),
        "carried_by": reasons(pick["carriedBy"]),
        "against": reasons(pick["against"]),
        "robustness": pick["robustness"],
        "robustness_text": robustness_text(pick["robustness"], pick["winShare"], samples_text, flip),
        "win_share": pick["winShare"],
        "win_share_text": share(pick["winShare"]),
        "smallest_change": flip,
        "rule": (sens or {}).get("rule"),
        "samples": (sens or {}).get("samples"),
        "samples_text": samples_text,
        "sentence": pick["sentence"],
    }


def _chosen(
    ev: Evaluation, paths: dict[str, dict[str, Any]], options: dict[str, dict[str, Any]], tree: Tree
) -> dict[str, Any] | None:
    from openspec_tool.write.decision_record import record_path, resolve_target

    if not ev.spec.chosen:
        return None
    target = resolve_target(ev.spec, ev.spec.chosen)
    if target is None:
        return {
            "kind": "unknown",
            "id": ev.spec.chosen,
            "name": ev.spec.chosen,
            "label": "not an option or path of this decision",
            "members": [],
            "effort": None,
            "timeline": None,
            "rank": "–",
            "record": None,
        }
    row = paths[target.id] if target.kind == "path" else options[target.id]
    from pathlib import PurePosixPath

    record = str(record_path(PurePosixPath(ev.spec.path)))  # type: ignore[arg-type]
    return {
        "kind": target.kind,
        "id": target.id,
        "name": row["name"],
        "label": row["label"],
        "members": [{"id": m, "name": options[m]["name"], "label": options[m]["label"]} for m in target.members if m in options],
        "effort": row["effort"],
        "timeline": row["timeline"],
        "rank": row["rank"],
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
            }
        )
    return out


def _budget_sentence(path: dict[str, Any] | None, budget: float | None) -> str | None:
    """Whether the recommended path fits the budget, in figures."""
    if path is None or budget is None or path["effort"] is None:
        return None
    e, p80 = path["effort"], path["p80_text"]
    if e["high"] <= budget:
        return f"{path['name']} fits the {num(budget)} h budget even at its high estimate ({e['text']}; P80 {p80})."
    if e["low"] <= budget:
        return f"{path['name']} fits the {num(budget)} h budget only at its low estimate ({e['text']}; P80 {p80})."
    return f"{path['name']} does not fit the {num(budget)} h budget ({e['text']}; P80 {p80})."


def decision_context(
    ev: Evaluation, changes: dict[str, dict[str, Any]], tree: Tree, outcomes: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """`outcomes`: each option's success criteria and metrics (`report.outcomes`), by change id."""
    outcomes = outcomes or {}
    j = ev.result.to_json()
    spec = ev.spec
    criteria = _criteria(ev, j)
    number = {oid: n + 1 for n, oid in enumerate(spec.options)}
    pareto_options, pareto_paths = set(j["pareto"]["options"]), set(j["pareto"]["paths"])
    options: dict[str, dict[str, Any]] = {}
    for r in j["options"]:
        ch = changes[r["id"]]
        options[r["id"]] = {
            "id": r["id"],
            "number": number[r["id"]],
            "name": f"Option {number[r['id']]}",
            "label": ch["title"],
            "members": [r["id"]],
            "rank": r["rank"],
            "score": r["score"],
            "score_text": fixed(r["score"]),
            "effort": _range(r["effort"], "h"),
            "timeline": _range(r["timeline"], "weeks"),
            "focus": ch["focus"],
            "priority": ch["priority"],
            "tasks": ch["tasks"],
            "scope": ch["scope"],
            "task_groups": ch["task_groups"],
            "pareto": r["id"] in pareto_options,
            "cells": _cells(r, criteria),
            "change": ch,
            "outcomes": outcomes.get(r["id"], NO_OUTCOMES),
        }
    risk = j["scheduleRisk"]["paths"]
    budget = j["budget"]["budgetHours"] if j["budget"] else spec.budget_hours
    summaries = {p.id: p.summary for p in spec.paths}
    paths: dict[str, dict[str, Any]] = {}
    for r in j["paths"]:
        q = risk.get(r["id"])
        effort = _range(r["effort"], "h")
        paths[r["id"]] = {
            "id": r["id"],
            "name": f"Path {r['id']}",
            "label": r["label"],
            "summary": summaries.get(r["id"], ""),
            "schedule": r["schedule"],
            "members": list(r["members"]),
            "member_names": [options[m]["name"] for m in r["members"]],
            "includes": " + ".join(f"{options[m]['name']} ({options[m]['label']})" for m in r["members"]),
            "rank": r["rank"],
            "score": r["score"],
            "score_text": fixed(r["score"]),
            "effort": effort,
            "timeline": _range(r["timeline"], "weeks"),
            "p50": q["p50"] if q else None,
            "p80": q["p80"] if q else None,
            "p50_text": f"{q['p50']:.0f} h" if q else "–",
            "p80_text": f"{q['p80']:.0f} h" if q else "–",
            "fits_budget": None if budget is None or effort is None else effort["high"] <= budget,
            "pareto": r["id"] in pareto_paths,
            "cells": _cells(r, criteria),
        }
    rec = j["recommendation"]
    sens = j["sensitivity"]
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
        "goal": any(p["summary"] for p in paths.values()),
    }
    done = sum(o["tasks"]["done"] for o in options.values())
    total = sum(o["tasks"]["total"] for o in options.values())
    choice = j["budget"]
    return {
        "id": spec.id,
        "title": spec.title or spec.id,
        "question": spec.question,
        "path": spec.path,
        "method": j["method"],
        "normalisation": j["normalisation"],
        "criteria": criteria,
        "options": sorted(options.values(), key=lambda o: o["number"]),
        "options_ranked": [options[r["id"]] for r in j["options"]],
        "paths": [paths[p.id] for p in spec.paths if p.id in paths],
        "paths_ranked": [paths[r["id"]] for r in j["paths"]],
        "recommendation": {
            "path": _pick(rec["path"], "path", paths, sens["paths"]),
            "option": _pick(rec["option"], "option", options, sens["options"]),
            "path_fits_budget": rec["pathFitsBudget"],
            "budget_sentence": _budget_sentence(paths.get(rec["path"]["id"]) if rec["path"] else None, budget),
            "summary": rec["summary"],
        },
        "budget": None
        if choice is None
        else {
            "hours": choice["budgetHours"],
            "hours_text": f"{num(choice['budgetHours'])} h",
            "bound": choice["bound"],
            "chosen": [options[m] for m in choice["chosen"] if m in options],
            "effort": _range(choice["effort"], "h"),
            "score_text": fixed(choice["score"]),
        },
        "budget_hours": budget,
        "columns": columns,
        "tasks": {
            "done": done,
            "total": total,
            "open": total - done,
            "percent": percent(done, total),
            "bar": text_bar(done, total),
        },
        "pareto": {
            **j["pareto"],
            "dominated_options": _dominated(list(options.values()), pareto_options, criteria),
            "dominated_paths": _dominated(list(paths.values()), pareto_paths, criteria),
        },
        "chosen": _chosen(ev, paths, options, tree),
        "notes": list(j["notes"]),
        "facts": ev.facts(),
        "result": j,
    }
