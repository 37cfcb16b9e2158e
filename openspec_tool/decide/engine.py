"""`decide`: typed facts in, a ranked and explained decision out. Pure: no I/O, seeded randomness only.

The result is typed (`DecisionResult`, `Ranked`, `Pick`, `Sensitivity`, `BudgetChoice`, `ScheduleRisk`,
`Statement`, `GuideEntry`): the CLI, the report, the TUI and the decision record read it as objects.
`DecisionResult.to_json()` is produced only at the edges (`openspec decide --json`, the report's
`decision.result`): camelCase, every number finite or null, lists in rank order:

    {
      "method": "weighted-sum" | "topsis",
      "normalisation": str,                       # how values were normalised, in words
      "criteria": [{"id", "label", "direction", "aggregate", "givenWeight", "weight"}],   # weight: normalised
      "weights": {"values": {id: w}, "given": {id: w}, "givenSum", "rescaled": bool},
      "options": [Ranked], "paths": [Ranked],     # ranked separately: each set is normalised on its own
      "recommendation": {
        "path": Pick | null, "option": Pick | null,   # the first that fits the budget (null: none does)
        "pathFitsBudget": bool | null,             # null: no budget, no path, or the path has no effort
        "budgetSentence": str | null,
        "summary": str,                            # the decision statement's text
        "statement": {"text", "choose": {"kind", "id"} | null, "sentences": [str], "scales": str | null},
        "overBudget": {"paths": [id], "options": [id]},   # ruled out by the budget, in rank order
        "budgetAt": "high" | "p80"
      },
      "guide": [{"criterion", "label", "path": GuidePick | null, "option": GuidePick | null}],
      "sensitivity": {"options": Sensitivity | null, "paths": Sensitivity | null},   # over those within the budget
      "pareto": {"options": [id], "paths": [id]},   # non-dominated, input order
      "budget": Budget | null,                     # null when no budget was given
      "scheduleRisk": {"draws", "seed", "unit": "hours", "paths": {id: {"mean", "p50", "p80"} | null},
                       "missing": {id: [option id]}, "options": {id: {"mean", "p50", "p80"} | null}},
      "notes": [str]
    }
    Ranked = {"id", "name", "label", "rank", "score", "members": [option id], "schedule": str | null,
              "effort": {"low", "mid", "high"} | null, "timeline": {"low", "mid", "high"} | null,
              "fitsBudget": bool | null,
              "criteria": {criterion id: {"value", "normalised", "contribution"}}}
    Pick = {"id", "name", "label", "score", "runnerUp", "runnerUpScore", "margin", "tiedWith": [id],
            "carriedBy": [{"criterion", "label", "difference"}], "against": [...same...],
            "robustness": "robust" | "moderate" | "fragile" | null, "winShare", "sentence"}
    GuidePick = {"id", "tiedWith": [id], "overBudget": id | null}
    Sensitivity = {"method", "winner", "winShare", "shares": {id: share}, "samples", "seed",
                   "weights": [{"criterion", "weight", "up": Flip | null, "down": Flip | null, "smallest": Flip | null}],
                   "smallestChange": {"criterion", "weight", "delta", "winner"} | null, "verdict", "rule"}
    Flip = {"weight", "delta", "winner"}           # the criterion's weight at which `winner` takes first place
    Budget = {"budgetHours", "bound", "chosen": [id], "effort": {...}, "score", "considered", "searchSpace",
              "exact", "algorithm", "skipped": [id]}

A tie (scores equal to 1e-9) is a tie: `tiedWith` names the others, `robustness` is null and the sentence says
so. The budget (`budget_hours`, judged at each alternative's high estimate or, with `budget_at="p80"`, at its
simulated P80) rules alternatives out of the recommendation, the sensitivity and the guide; they stay ranked.

Errors (ValueError, one line): no criteria; duplicate ids; a missing or non-finite value; an override for an
unknown criterion; negative, non-finite or all-zero weights; a path naming an unknown option; an unknown
method or bound; a non-finite budget; samples or draws < 1. Zero options is not an error: everything is empty and nothing is
recommended.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openspec_tool.decide.budget import BudgetChoice, best_within_budget
from openspec_tool.decide.explain import Pick, budget_sentence, fits_budget, pick
from openspec_tool.decide.guide import GuideEntry, guide
from openspec_tool.decide.methods import METHODS, Method, Scored, Table, Weights, normalise_weights, prepare, rank_table
from openspec_tool.decide.model import Alternative, Bound, BudgetAt, Criterion, DecisionInput, Kind, Range, build_paths
from openspec_tool.decide.montecarlo import DEFAULT_DRAWS, Quantiles, ScheduleRisk, schedule_risk
from openspec_tool.decide.pareto import pareto_front
from openspec_tool.decide.sensitivity import DEFAULT_SAMPLES, Sensitivity, analyse
from openspec_tool.decide.statement import Side, Statement, decision_statement

NORMALISATION = {
    "weighted-sum": "min-max per criterion within the set: benefit (x-min)/(max-min), cost (max-x)/(max-min), "
    "an all-equal column gives 1.0; score = sum of weight x normalised value",
    "topsis": "vector per criterion within the set: x/sqrt(sum x^2), shown as 1 - that for a cost criterion; "
    "score = closeness to the ideal D-/(D+ + D-)",
}


@dataclass(frozen=True)
class Cell:
    """One criterion of one alternative: its value, normalised value and weighted contribution to the score."""

    value: float
    normalised: float
    contribution: float


@dataclass(frozen=True)
class Ranked:
    alternative: Alternative
    scored: Scored
    schedule: str | None = None  # a path's schedule
    fits_budget: bool | None = None  # None: no budget, or no effort to judge by

    @property
    def id(self) -> str:
        return self.alternative.id

    @property
    def name(self) -> str:
        return self.alternative.name

    @property
    def label(self) -> str:
        return self.alternative.label

    @property
    def title(self) -> str:
        return self.alternative.title

    @property
    def rank(self) -> int:
        return self.scored.rank

    @property
    def score(self) -> float:
        return self.scored.score

    @property
    def members(self) -> tuple[str, ...]:
        return self.alternative.members

    @property
    def effort(self) -> Range | None:
        return self.alternative.effort

    @property
    def timeline(self) -> Range | None:
        return self.alternative.timeline

    def cell(self, criterion: str) -> Cell:
        return Cell(self.alternative.values[criterion], self.scored.normalised[criterion], self.scored.contributions[criterion])

    def to_json(self) -> dict[str, Any]:
        a, s = self.alternative, self.scored
        return {
            "id": a.id,
            "name": a.name,
            "label": a.label,
            "rank": s.rank,
            "score": s.score,
            "members": list(a.members),
            "schedule": self.schedule,
            "effort": a.effort.to_json() if a.effort else None,
            "timeline": a.timeline.to_json() if a.timeline else None,
            "fitsBudget": self.fits_budget,
            "criteria": {
                cid: {"value": a.values[cid], "normalised": s.normalised[cid], "contribution": s.contributions[cid]}
                for cid in s.normalised
            },
        }


@dataclass(frozen=True)
class Recommendation:
    path: Pick | None
    option: Pick | None
    path_fits_budget: bool | None
    budget_sentence: str | None
    statement: Statement
    over_budget_paths: tuple[str, ...] = ()
    over_budget_options: tuple[str, ...] = ()
    budget_at: BudgetAt = "high"

    @property
    def summary(self) -> str:
        return self.statement.text

    def of(self, kind: Kind) -> Pick | None:
        return self.path if kind == "path" else self.option

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path.to_json() if self.path else None,
            "option": self.option.to_json() if self.option else None,
            "pathFitsBudget": self.path_fits_budget,
            "budgetSentence": self.budget_sentence,
            "summary": self.summary,
            "statement": self.statement.to_json(),
            "overBudget": {"paths": list(self.over_budget_paths), "options": list(self.over_budget_options)},
            "budgetAt": self.budget_at,
        }


@dataclass(frozen=True)
class DecisionResult:
    method: Method
    criteria: tuple[Criterion, ...]
    weights: Weights
    options: tuple[Ranked, ...]
    paths: tuple[Ranked, ...]
    recommendation: Recommendation
    sensitivity_options: Sensitivity | None
    sensitivity_paths: Sensitivity | None
    pareto_options: tuple[str, ...]
    pareto_paths: tuple[str, ...]
    budget: BudgetChoice | None
    schedule: ScheduleRisk
    notes: tuple[str, ...]
    guide: tuple[GuideEntry, ...] = ()
    budget_hours: float | None = None

    @property
    def normalisation(self) -> str:
        return NORMALISATION[self.method]

    def ranked(self, kind: Kind) -> tuple[Ranked, ...]:
        return self.paths if kind == "path" else self.options

    def row(self, kind: Kind, ident: str) -> Ranked | None:
        return next((r for r in self.ranked(kind) if r.id == ident), None)

    def option(self, ident: str) -> Ranked | None:
        return self.row("option", ident)

    def sensitivity(self, kind: Kind) -> Sensitivity | None:
        return self.sensitivity_paths if kind == "path" else self.sensitivity_options

    def weight(self, criterion: str) -> float:
        return self.weights.values[criterion]

    def quantiles(self, kind: Kind, ident: str) -> Quantiles | None:
        return self.schedule.of(kind, ident)

    def to_json(self) -> dict[str, Any]:
        out = {
            "method": self.method,
            "normalisation": NORMALISATION[self.method],
            "criteria": [
                {
                    "id": c.id,
                    "label": c.label,
                    "direction": c.direction,
                    "aggregate": c.combine,
                    "givenWeight": self.weights.given[c.id],
                    "weight": self.weights.values[c.id],
                }
                for c in self.criteria
            ],
            "weights": self.weights.to_json(),
            "options": [r.to_json() for r in self.options],
            "paths": [r.to_json() for r in self.paths],
            "recommendation": self.recommendation.to_json(),
            "guide": [g.to_json() for g in self.guide],
            "sensitivity": {
                "options": self.sensitivity_options.to_json() if self.sensitivity_options else None,
                "paths": self.sensitivity_paths.to_json() if self.sensitivity_paths else None,
            },
            "pareto": {"options": list(self.pareto_options), "paths": list(self.pareto_paths)},
            "budget": self.budget.to_json() if self.budget else None,
            "scheduleRisk": self.schedule.to_json(),
            "notes": list(self.notes),
        }
        return _finite(out)  # type: ignore[no-any-return]


def _finite(obj: Any) -> Any:
    """The structure with non-finite floats (a Monte Carlo total that overflowed) as None, so it is strict JSON."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_finite(v) for v in obj]
    return obj


def _fits(
    alternatives: tuple[Alternative, ...], kind: Kind, risk: ScheduleRisk, budget: float | None, at: BudgetAt
) -> dict[str, bool | None]:
    if budget is None:
        return {a.id: None for a in alternatives}
    out: dict[str, bool | None] = {}
    for a in alternatives:
        q = risk.of(kind, a.id)
        out[a.id] = fits_budget(a.effort, q.p80 if q else None, budget, at)
    return out


def _eligible(table: Table, fits: dict[str, bool | None]) -> Table:
    return table.subset([i for i, a in enumerate(table.alternatives) if fits.get(a.id) is not False])


def decide(
    inp: DecisionInput,
    method: Method = "weighted-sum",
    weights: Mapping[str, float] | None = None,
    seed: int = 0,
    samples: int = DEFAULT_SAMPLES,
    draws: int = DEFAULT_DRAWS,
    budget_bound: Bound = "high",
) -> DecisionResult:
    """Rank options and paths, explain the winners, test them against weight changes, fit the budget.

    `weights` (criterion id → weight) override the criteria's own for the ids given; all weights are rescaled
    to sum 1 (noted when they did not). `seed` drives both the weight sampling and the Monte Carlo.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: use {' or '.join(METHODS)}")
    if samples < 1 or draws < 1:
        raise ValueError(f"samples and draws must be >= 1 (got {samples} and {draws})")
    if budget_bound not in ("low", "mid", "high"):
        raise ValueError(f"budget bound must be low, mid or high, not {budget_bound!r}")
    if inp.budget_hours is not None and not math.isfinite(inp.budget_hours):
        raise ValueError(f"the budget must be a finite number of hours, not {inp.budget_hours!r}")
    criteria = tuple(inp.criteria)
    w = normalise_weights(criteria, weights)
    wvec = w.vector(criteria)
    notes = list(inp.notes)
    if (note := w.note()) is not None:
        notes.append(note)
    path_ids = [p.id for p in inp.paths]
    if len(set(path_ids)) != len(path_ids):
        raise ValueError(f"duplicate path ids: {', '.join(sorted({i for i in path_ids if path_ids.count(i) > 1}))}")

    options = tuple(inp.options)
    option_table = prepare(options, criteria, method)
    path_alts = tuple(build_paths(options, inp.paths, criteria))
    path_table = prepare(path_alts, criteria, method)
    ranked_options = rank_table(option_table, wvec)
    ranked_paths = rank_table(path_table, wvec)
    risk = schedule_risk(options, inp.paths, draws, seed)
    for pid, lacking in risk.missing.items():
        verb = "has" if len(lacking) == 1 else "have"
        notes.append(f"path {pid} has no schedule risk: {', '.join(lacking)} {verb} no effort range")
    at, limit = inp.budget_at, inp.budget_hours
    fit_options = _fits(options, "option", risk, limit, at)
    fit_paths = _fits(path_alts, "path", risk, limit, at)
    # The sensitivity is that of the alternatives the budget leaves (the pick is their first).
    allowed_options, allowed_paths = _eligible(option_table, fit_options), _eligible(path_table, fit_paths)
    sens_options = analyse(allowed_options, wvec, samples, seed) if allowed_options.alternatives else None
    sens_paths = analyse(allowed_paths, wvec, samples, seed) if allowed_paths.alternatives else None

    budget = None
    if limit is not None:
        ws = ranked_options if method == "weighted-sum" else rank_table(prepare(options, criteria, "weighted-sum"), wvec)
        costs = None
        if at == "p80":
            costs = {o.id: q.p80 for o in options if (q := risk.options.get(o.id)) is not None}
            notes.append(
                "the best set adds up its options' P80s (a little more than the set's own P80): the budget is judged at P80"
            )
        budget = best_within_budget(options, {s.id: s.score for s in ws}, limit, budget_bound, costs)
        if method != "weighted-sum":
            notes.append("the budget search adds up the options' weighted-sum scores (closeness scores do not add up)")
        if budget.skipped:
            notes.append(f"options without an effort estimate were left out of the budget search: {', '.join(budget.skipped)}")

    by_id = {a.id: a for a in options}
    path_by_id = {a.id: a for a in path_alts}
    names = {a.id: a.name for a in (*options, *path_alts)}
    path_pick = pick("path", ranked_paths, criteria, sens_paths, fit_paths, names)
    option_pick = pick("option", ranked_options, criteria, sens_options, fit_options, names)
    fits: bool | None = None
    fit_text: str | None = None
    if limit is not None and path_pick is not None:
        top = path_by_id[path_pick.id]
        q = risk.paths.get(top.id)
        fits, fit_text = budget_sentence(top.name, top.effort, limit, at, q.p80 if q else None)
    p80 = {k: q.p80 if q else None for k, q in (*risk.paths.items(), *risk.options.items())}
    statement = decision_statement(
        Side("path", path_by_id, ranked_paths, path_pick, fit_paths, p80),
        Side("option", by_id, ranked_options, option_pick, fit_options, p80),
        criteria,
        budget,
        limit,
        at,
    )
    schedules = {p.id: p.schedule for p in inp.paths}
    return DecisionResult(
        method=method,
        criteria=criteria,
        weights=w,
        options=tuple(Ranked(by_id[s.id], s, None, fit_options[s.id]) for s in ranked_options),
        paths=tuple(Ranked(path_by_id[s.id], s, schedules[s.id], fit_paths[s.id]) for s in ranked_paths),
        recommendation=Recommendation(
            path_pick,
            option_pick,
            fits,
            fit_text,
            statement,
            tuple(s.id for s in ranked_paths if fit_paths[s.id] is False),
            tuple(s.id for s in ranked_options if fit_options[s.id] is False),
            at,
        ),
        sensitivity_options=sens_options,
        sensitivity_paths=sens_paths,
        pareto_options=tuple(pareto_front(options, criteria)),
        pareto_paths=tuple(pareto_front(path_alts, criteria)),
        budget=budget,
        schedule=risk,
        notes=tuple(notes),
        guide=guide(path_table if path_alts else None, option_table, wvec, {**fit_options, **fit_paths}),
        budget_hours=limit,
    )
