"""From the workspace to a decision: facts of each option, the engine's input, and the result.

The CLI (`openspec decide`), the report and the TUI all call `evaluate`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openspec_tool.decide.engine import DecisionResult, decide
from openspec_tool.decide.model import Alternative, Criterion, DecisionInput, PathSpec, Range
from openspec_tool.model.decision import DecisionSpec
from openspec_tool.model.tasks import Estimate
from openspec_tool.model.workspace import Change, Workspace
from openspec_tool.read.decision_file import MAX_NUMBER, DecisionFileError
from openspec_tool.read.decisions import decision_paths, load_decision, resolve_decision_path
from openspec_tool.read.tree import Tree
from openspec_tool.read.workspace import load_workspace


class FactMissing(ValueError):
    """An option lacks a fact a criterion needs: the file to fix (and its line); `str()` is one line naming them."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.reason = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line is not None else f"{path}: {message}")


def _usable(x: float) -> bool:
    return -MAX_NUMBER <= x <= MAX_NUMBER  # also false for inf and nan


def _range(e: Estimate | None) -> Range | None:
    return Range(e.low, e.high) if e is not None and _usable(e.low) and _usable(e.high) else None


def _where(change: Change, source: str) -> tuple[str, int | None]:
    """`proposal.md` and the line of the stated figure (None when it states none)."""
    meta = change.proposal.meta(source) if change.proposal is not None else None
    path = change.proposal.path if change.proposal else f"{change.path}/proposal.md"
    return path, meta.line if meta is not None else None


def _no_fact(change: Change, oid: str, source: str, criterion: str) -> FactMissing:
    unread = [p for p in change.problems if "cannot read" in p.message]
    if unread:  # not a missing figure: a file we could not (or may not) read
        return FactMissing(
            unread[0].path, unread[0].line, f"{unread[0].message}: no {source} for option {oid} (criterion {criterion!r})"
        )
    meta = change.proposal.meta(source) if change.proposal is not None and source in ("effort", "timeline") else None
    if meta is not None:
        shown = meta.value if len(meta.value) <= 40 else meta.value[:40] + "…"
        return FactMissing(
            *_where(change, source),
            f"{oid}: **{source.title()}**: {shown!r} is not a range we can use "
            f"({_HOW_TO_STATE[source].split('`')[1]}; at most {MAX_NUMBER:g})",
        )
    return FactMissing(
        *_where(change, source), f"{oid} states no {source} for criterion {criterion!r}: {_HOW_TO_STATE.get(source, '')}"
    )


def fact(change: Change, source: str) -> float | None:
    """The value of a fact for one change (None when the change does not state it)."""
    if source == "effort":
        return change.effort.mid if change.effort else None
    if source == "timeline":
        return change.timeline_weeks.mid if change.timeline_weeks else None
    if source == "tasks":
        return float(change.task_total)
    if source == "open-tasks":
        return float(change.task_total - change.task_done)
    if source == "progress":
        return change.progress
    if source == "estimate":
        total = change.tasks.estimate_total() if change.tasks else None
        return total.mid if total else None
    raise ValueError(f"unknown fact {source!r}")


_HOW_TO_STATE = {
    "effort": "add `**Effort**: 10-20 hours` to its proposal.md (or `effort:` to .openspec.yaml)",
    "timeline": "add `**Timeline**: 1-2 weeks` to its proposal.md (or `timeline:` to .openspec.yaml)",
    "estimate": "give its tasks estimates, e.g. `- [ ] 1.1 Do it {est: 2h}`",
}


def build_input(spec: DecisionSpec, ws: Workspace, budget_hours: float | None = None) -> DecisionInput:
    criteria = [Criterion(c.id, c.label, c.direction, c.weight, c.aggregate, c.source) for c in spec.criteria]  # type: ignore[arg-type]
    options: list[Alternative] = []
    for oid in spec.options:
        change = ws.change(oid)
        if change is None:
            raise FactMissing(spec.path, spec.option_lines.get(oid, 0), f"option {oid} is not an active change")
        values: dict[str, float] = {}
        for c in spec.criteria:
            if c.source is None:
                values[c.id] = spec.scores[oid][c.id]
                continue
            value = fact(change, c.source)
            if value is None:
                raise _no_fact(change, oid, c.source, c.id)
            if not _usable(value):  # 1e400 hours: a typo or an attack, and beyond what sums of hours can hold
                raise FactMissing(
                    *_where(change, c.source), f"{oid}: {c.source} {value:g} is out of range (at most {MAX_NUMBER:g})"
                )
            values[c.id] = value
        options.append(Alternative(oid, change.title, values, _range(change.effort), _range(change.timeline_weeks)))
    paths = [PathSpec(p.id, p.name, p.options, p.schedule) for p in spec.paths]  # type: ignore[arg-type]
    budget = budget_hours if budget_hours is not None else spec.budget_hours
    return DecisionInput(criteria, options, paths, budget)


def _est_json(e: Estimate | None) -> dict[str, float] | None:
    return {"low": e.low, "high": e.high} if e else None


def change_facts(change: Change) -> dict[str, object]:
    """The facts one change states or implies, as JSON (what the matrix and the report are built from)."""
    total = change.tasks.estimate_total() if change.tasks else None
    metrics = []
    for m in change.proposal.metrics if change.proposal else ():
        computed = m.computed_percent
        metrics.append(
            {
                "name": m.name,
                "before": m.before,
                "after": m.after,
                "stated": m.stated,
                "statedPercent": m.stated_percent,
                "computedPercent": round(computed, 1) if computed is not None else None,
                "line": m.line,
            }
        )
    return {
        "id": change.id,
        "title": change.title,
        "effortHours": _est_json(change.effort),
        "timelineWeeks": _est_json(change.timeline_weeks),
        "priority": change.priority,
        "tasks": {"total": change.task_total, "done": change.task_done, "progress": round(change.progress, 4)},
        "estimateHours": _est_json(total),
        "metrics": metrics,
    }


@dataclass(frozen=True)
class Evaluation:
    spec: DecisionSpec
    workspace: Workspace
    result: DecisionResult

    def facts(self) -> list[dict[str, object]]:
        return [change_facts(c) for oid in self.spec.options if (c := self.workspace.change(oid)) is not None]


def find_decision(tree: Tree, name: str | None) -> str:
    """The decision file's path; raises DecisionFileError naming what exists when it cannot tell."""
    rel = resolve_decision_path(tree, name)
    if rel is None:
        found = decision_paths(tree)
        if name is None and not found:
            raise DecisionFileError(
                "openspec/decisions/", None, "no decision file: write one, e.g. openspec/decisions/phase-2.yaml"
            )
        if name is None:
            raise DecisionFileError("openspec/decisions/", None, f"several decision files, name one: {', '.join(found)}")
        raise DecisionFileError(name, None, f"no such decision (known: {', '.join(found) or 'none'})")
    return rel


def evaluate(
    tree: Tree,
    name: str | None = None,
    weights: Mapping[str, float] | None = None,
    method: str = "weighted-sum",
    budget_hours: float | None = None,
    workspace: Workspace | None = None,
    samples: int = 2000,
    draws: int = 10_000,
) -> Evaluation:
    """Raises DecisionFileError / FactMissing (file and line) or ValueError (bad weights) — one line each."""
    spec = load_decision(tree, find_decision(tree, name))
    ws = workspace or load_workspace(tree)
    unknown = [k for k in (weights or {}) if k not in {c.id for c in spec.criteria}]
    if unknown:
        raise ValueError(
            f"--weights: unknown criterion {', '.join(unknown)} (criteria: {', '.join(c.id for c in spec.criteria)})"
        )
    result = decide(build_input(spec, ws, budget_hours), method=method, weights=weights, samples=samples, draws=draws)  # type: ignore[arg-type]
    return Evaluation(spec, ws, result)
