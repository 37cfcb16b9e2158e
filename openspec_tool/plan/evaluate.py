"""From the workspace to a decision: facts of each option, the engine's input, and the result.

The CLI (`openspec decide`), the report and the TUI all call `evaluate`, so they cannot disagree.

An option is a change folder, or an entry of `options:` that states its facts inline. It is named by its own number
(`phase2-option4-deployment-infra`, `number: 4`, a title "Option 4: …" → "Option 4"; a `label:` wins), never by its
position in `options:`. Facts a criterion needs and scores not filled in yet are each one message naming the file and
line (`MissingValues`); with `partial` the criteria they concern are left out and the rest is ranked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openspec_tool.decide.engine import DecisionResult, decide
from openspec_tool.decide.model import Alternative, Criterion, DecisionInput, PathSpec, Range
from openspec_tool.model.decision import DecisionSpec, OptionDef
from openspec_tool.model.findings import UNREADABLE
from openspec_tool.model.proposal import display_title
from openspec_tool.model.tasks import Estimate, priority_value
from openspec_tool.model.workspace import Change, Workspace
from openspec_tool.read.decision_file import MAX_NUMBER, DecisionFileError
from openspec_tool.read.decisions import decision_paths, load_decision, resolve_decision_path
from openspec_tool.read.tree import Tree
from openspec_tool.read.workspace import load_workspace

_NUMBER_IN_ID = re.compile(r"(?:^|[-_.])option[-_]?(\d{1,4})(?=$|[-_.])", re.IGNORECASE)
_NUMBER_IN_TITLE = re.compile(r"^\s*option\s+(\d{1,4})\b", re.IGNORECASE)


class FactMissing(ValueError):
    """An option lacks a fact a criterion needs: the file to fix (and its line); `str()` is one line naming them.
    `fillable`: a value the user can simply write in (a score, a stated figure), as opposed to a broken input."""

    def __init__(
        self, path: str, line: int | None, message: str, fillable: bool = False, score: tuple[str, str] | None = None
    ) -> None:
        self.path, self.line, self.reason, self.fillable = path, line, message, fillable
        self.score = score  # (option, criterion) of a score the decision file does not give yet
        super().__init__(f"{path}:{line}: {message}" if line is not None else f"{path}: {message}")


class MissingValues(ValueError):
    """Facts and scores the decision needs and does not have: one problem per option and criterion."""

    def __init__(self, problems: Sequence[FactMissing]) -> None:
        self.problems = tuple(problems)
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(str(self.problems[0]) + more)

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.problems)

    @property
    def only_scores(self) -> bool:
        """Is every missing value a score of the decision file (nothing a change or the file's structure lacks)?"""
        return all(p.score is not None for p in self.problems)


@dataclass(frozen=True)
class OptionInfo:
    """An option as the decision names it: `name` ("Option 4", or its `label:`), `title` (what it is), its number."""

    id: str
    number: int | None
    name: str
    title: str
    change: Change | None
    definition: OptionDef | None

    @property
    def inline(self) -> bool:
        return self.change is None


def option_number(option_id: str, title: str = "", given: int | None = None) -> int | None:
    """The option's own number: `number:`, else the id's (`phase2-option4-…`, `option4`), else its title's ("Option 4: …")."""
    if given is not None:
        return given
    m = _NUMBER_IN_ID.search(option_id) or _NUMBER_IN_TITLE.match(title)
    return int(m.group(1)) if m else None


def _title_without_number(title: str) -> str:
    """ "Option 3: Feature Development" → "Feature Development" (the number is in the name already)."""
    m = _NUMBER_IN_TITLE.match(title)
    if not m:
        return title
    rest = title[m.end() :].lstrip(" :—–-.")
    return rest or title


def option_infos(spec: DecisionSpec, ws: Workspace) -> list[OptionInfo]:
    out = []
    for oid in spec.options:
        odef = spec.option_def(oid)
        change = ws.change(oid)
        raw_title = (change.title if change is not None and change.proposal and change.proposal.title else "") or (
            odef.title if odef and odef.title else ""
        )
        title = _title_without_number(display_title(raw_title)) if raw_title else oid
        number = option_number(oid, raw_title, odef.number if odef else None)
        label = odef.label if odef and odef.label else None
        name = label or (f"Option {number}" if number is not None else title)
        out.append(OptionInfo(oid, number, name, title, change, odef))
    return out


def _usable(x: float) -> bool:
    return -MAX_NUMBER <= x <= MAX_NUMBER  # also false for inf and nan


def _range(e: Estimate | None) -> Range | None:
    return Range(e.low, e.high) if e is not None and _usable(e.low) and _usable(e.high) else None


def _where(change: Change, source: str) -> tuple[str, int | None]:
    """`proposal.md` and the line of the stated figure (None when it states none)."""
    meta = change.proposal.meta(source) if change.proposal is not None else None
    path = change.proposal.path if change.proposal else f"{change.path}/proposal.md"
    return path, meta.line if meta is not None else None


_HOW_TO_STATE = {
    "effort": "add `**Effort**: 10-20 hours` to its proposal.md (or `effort:` to .openspec.yaml)",
    "timeline": "add `**Timeline**: 1-2 weeks` to its proposal.md (or `timeline:` to .openspec.yaml)",
    "priority": "add `**Priority**: High` to its proposal.md (or `priority:` to .openspec.yaml); Critical, High, Medium, "
    "Low and P0-P3 are understood",
    "estimate": "give its tasks estimates, e.g. `- [ ] 1.1 Do it {est: 2h}`",
}
_WHAT = {"effort": "range", "timeline": "range", "priority": "priority"}
_INLINE_HOW = {
    "effort": "effort: 10-20h",
    "timeline": "timeline: 1-2 weeks",
    "priority": "priority: high",
}


def _no_fact(change: Change, oid: str, source: str, criterion: str) -> FactMissing:
    unread = [p for p in change.problems if p.code == UNREADABLE]
    if unread:  # not a missing figure: a file we could not (or may not) read
        return FactMissing(
            unread[0].path, unread[0].line, f"{unread[0].message}: no {source} for option {oid} (criterion {criterion!r})"
        )
    meta = change.proposal.meta(source) if change.proposal is not None and source in ("effort", "timeline", "priority") else None
    if meta is not None:
        shown = meta.value if len(meta.value) <= 40 else meta.value[:40] + "…"
        return FactMissing(
            *_where(change, source),
            f"{oid}: **{source.title()}**: {shown!r} is not a {_WHAT[source]} we can use "
            f"({_HOW_TO_STATE[source].split('`')[1]}; at most {MAX_NUMBER:g})",
        )
    return FactMissing(
        *_where(change, source),
        f"{oid} states no {source} for criterion {criterion!r}: {_HOW_TO_STATE.get(source, '')}",
        fillable=True,
    )


def fact(change: Change, source: str) -> float | None:
    """The value of a fact for one change (None when the change does not state it)."""
    if source == "effort":
        return change.effort.mid if change.effort else None
    if source == "timeline":
        return change.timeline_weeks.mid if change.timeline_weeks else None
    if source == "priority":
        return priority_value(change.priority)
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


def inline_fact(odef: OptionDef, source: str) -> float | None:
    if source == "effort":
        return odef.effort.mid if odef.effort else None
    if source == "timeline":
        return odef.timeline.mid if odef.timeline else None
    if source == "priority":
        return priority_value(odef.priority)
    return None


def _inline_missing(spec: DecisionSpec, info: OptionInfo, source: str, criterion: str) -> FactMissing:
    line = spec.option_lines.get(info.id, 0)
    if source in _INLINE_HOW:
        return FactMissing(
            spec.path,
            line,
            f"option {info.id} states no {source} for criterion {criterion!r}: add `{_INLINE_HOW[source]}` to its entry",
            fillable=True,
        )
    return FactMissing(
        spec.path,
        line,
        f"option {info.id} is not a change folder, so it has no {source} for criterion {criterion!r}; "
        "use a criterion it can state (effort, timeline, priority, a score) or create the change",
    )


def _values(spec: DecisionSpec, info: OptionInfo, missing: dict[str, list[FactMissing]]) -> dict[str, float]:
    values: dict[str, float] = {}
    for c in spec.criteria:
        if c.source is None:
            if c.id in spec.scores.get(info.id, {}):
                values[c.id] = spec.scores[info.id][c.id]
            continue
        change, odef = info.change, info.definition
        value = fact(change, c.source) if change is not None else inline_fact(odef, c.source) if odef else None
        if value is None:
            problem = (
                _no_fact(change, info.id, c.source, c.id) if change is not None else _inline_missing(spec, info, c.source, c.id)
            )
            missing.setdefault(c.id, []).append(problem)
            continue
        if not _usable(value):  # 1e400 hours: a typo or an attack, and beyond what sums of hours can hold
            path, line = _where(change, c.source) if change is not None else (spec.path, spec.option_lines.get(info.id, 0))
            raise FactMissing(path, line, f"{info.id}: {c.source} {value:g} is out of range (at most {MAX_NUMBER:g})")
        values[c.id] = value
    return values


def _missing_scores(spec: DecisionSpec, missing: dict[str, list[FactMissing]]) -> None:
    labels = {c.id: c.label for c in spec.criteria}
    for m in spec.missing_scores:
        missing.setdefault(m.criterion, []).append(
            FactMissing(
                spec.path,
                m.line,
                f"option {m.option} has no score for {labels.get(m.criterion, m.criterion)} "
                f"({m.criterion}): write `{m.criterion}: <number>` under scores: {m.option}",
                fillable=True,
                score=(m.option, m.criterion),
            )
        )


def build_input(spec: DecisionSpec, ws: Workspace, budget_hours: float | None = None, partial: bool = False) -> DecisionInput:
    """The engine's input. Raises FactMissing (an option that is neither a change nor inline, a value out of range) and
    MissingValues (facts and scores not there); with `partial` the criteria they concern are left out and noted."""
    infos = option_infos(spec, ws)
    missing: dict[str, list[FactMissing]] = {}
    notes: list[str] = []
    options: list[Alternative] = []
    for info in infos:
        if info.change is None and not (info.definition and info.definition.inline):
            raise FactMissing(
                spec.path,
                spec.option_lines.get(info.id, 0),
                f"option {info.id} is not an active change; "
                f"state its facts inline: - {{id: {info.id}, title: …, effort: 10-20h, timeline: 1-2 weeks}}",
            )
        if info.change is not None and info.definition is not None and info.definition.inline:
            notes.append(f"option {info.id} is a change folder: its proposal's facts are used, not the ones written inline")
        values = _values(spec, info, missing)
        effort = (
            _range(info.change.effort) if info.change is not None else _range(info.definition.effort if info.definition else None)
        )
        timeline = (
            _range(info.change.timeline_weeks)
            if info.change is not None
            else _range(info.definition.timeline if info.definition else None)
        )
        options.append(Alternative(info.id, info.title, values, effort, timeline, (), info.name))
    _missing_scores(spec, missing)
    criteria = [Criterion(c.id, c.label, c.direction, c.weight, c.aggregate, c.source) for c in spec.criteria]  # type: ignore[arg-type]
    if missing:
        problems = [p for c in spec.criteria for p in missing.get(c.id, [])]
        if not partial:
            raise MissingValues(problems)
        left_out = [c for c in spec.criteria if c.id in missing]
        criteria = [c for c in criteria if c.id not in missing]
        if not criteria:
            raise MissingValues([*problems, FactMissing(spec.path, None, "--partial: no criterion has a value for every option")])
        if not any(c.weight for c in criteria):
            raise MissingValues([*problems, FactMissing(spec.path, None, "--partial: every criterion left has weight 0")])
        keep = {c.id for c in criteria}
        options = [
            Alternative(a.id, a.label, {k: v for k, v in a.values.items() if k in keep}, a.effort, a.timeline, (), a.name)
            for a in options
        ]
        named = ", ".join(f"{c.label} ({len(missing[c.id])} missing)" for c in left_out)
        notes.append(f"--partial: ranked without {named}; fill them in for the full decision")
    known = set(spec.options)
    paths = []
    for p in spec.paths:
        unknown = [m for m in p.options if m not in known]
        if unknown:
            notes.append(
                f"path {p.id} is left out: {', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not among the options "
                f"({spec.path}:{p.line}; see `openspec check`)"
            )
            continue
        paths.append(PathSpec(p.id, p.name, p.options, p.schedule))  # type: ignore[arg-type]
    budget = budget_hours if budget_hours is not None else spec.budget_hours
    return DecisionInput(criteria, options, paths, budget, tuple(notes), "p80" if spec.budget_at == "p80" else "high")


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


def inline_facts(odef: OptionDef) -> dict[str, object]:
    """An inline option's facts, in `change_facts`' shape (no tasks, no metrics: it has no files)."""
    return {
        "id": odef.id,
        "title": odef.title or odef.id,
        "effortHours": _est_json(odef.effort),
        "timelineWeeks": _est_json(odef.timeline),
        "priority": odef.priority,
        "tasks": None,
        "estimateHours": None,
        "metrics": [],
        "inline": True,
    }


@dataclass(frozen=True)
class Evaluation:
    spec: DecisionSpec
    workspace: Workspace
    result: DecisionResult

    def infos(self) -> list[OptionInfo]:
        return option_infos(self.spec, self.workspace)

    def facts(self) -> list[dict[str, object]]:
        out = []
        for info in self.infos():
            if info.change is not None:
                out.append(change_facts(info.change))
            elif info.definition is not None:
                out.append(inline_facts(info.definition))
        return out


def find_decision(tree: Tree, name: str | None) -> str:
    """The decision file's path; raises DecisionFileError naming what exists when it cannot tell."""
    rel = resolve_decision_path(tree, name)
    if rel is None:
        found = decision_paths(tree)
        if name is None and not found:
            raise DecisionFileError(
                "openspec/decisions/",
                None,
                "no decision file: start one with `openspec decide init` (it writes openspec/decisions/<id>.yaml)",
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
    partial: bool = False,
) -> Evaluation:
    """Raises DecisionFileError / FactMissing / MissingValues (file and line) or ValueError (bad weights)."""
    spec = load_decision(tree, find_decision(tree, name))
    ws = workspace or load_workspace(tree)
    unknown = [k for k in (weights or {}) if k not in {c.id for c in spec.criteria}]
    if unknown:
        raise ValueError(
            f"--weights: unknown criterion {', '.join(unknown)} (criteria: {', '.join(c.id for c in spec.criteria)})"
        )
    inp = build_input(spec, ws, budget_hours, partial)
    if partial and weights:  # a weight for a criterion --partial left out has nothing to weigh
        weights = {k: v for k, v in weights.items() if k in {c.id for c in inp.criteria}}
    result = decide(inp, method=method, weights=weights, samples=samples, draws=draws)  # type: ignore[arg-type]
    return Evaluation(spec, ws, result)
