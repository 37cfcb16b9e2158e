"""`decide`: typed facts in, a ranked and explained decision out. Pure: no I/O, seeded randomness only.

`DecisionResult.to_json()` (camelCase; every number finite or null; lists are in rank order):

    {
      "method": "weighted-sum" | "topsis",
      "normalisation": str,                       # how values were normalised, in words
      "criteria": [{"id", "label", "direction", "aggregate", "givenWeight", "weight"}],   # weight: normalised
      "weights": {"values": {id: w}, "given": {id: w}, "givenSum", "rescaled": bool},
      "options": [Ranked], "paths": [Ranked],     # ranked separately: each set is normalised on its own
      "recommendation": {
        "path": Pick | null, "option": Pick | null,
        "pathFitsBudget": bool | null,             # null: no budget, no path, or the path has no effort
        "budgetSentence": str | null,
        "summary": str                             # one paragraph for humans
      },
      "sensitivity": {"options": Sensitivity | null, "paths": Sensitivity | null},
      "pareto": {"options": [id], "paths": [id]},   # non-dominated, input order
      "budget": Budget | null,                     # null when no budget was given
      "scheduleRisk": {"draws", "seed", "unit": "hours", "paths": {id: {"mean", "p50", "p80"} | null},
                       "missing": {id: [option id]}},
      "notes": [str]
    }
    Ranked = {"id", "label", "rank", "score", "members": [option id], "schedule": str | null,
              "effort": {"low", "mid", "high"} | null, "timeline": {"low", "mid", "high"} | null,
              "criteria": {criterion id: {"value", "normalised", "contribution"}}}
    Pick = {"id", "label", "score", "runnerUp", "runnerUpScore", "margin",
            "carriedBy": [{"criterion", "label", "difference"}], "against": [...same...],
            "robustness": "robust" | "moderate" | "fragile" | null, "winShare", "sentence"}
    Sensitivity = {"method", "winner", "winShare", "shares": {id: share}, "samples", "seed",
                   "weights": [{"criterion", "weight", "up": Flip | null, "down": Flip | null, "smallest": Flip | null}],
                   "smallestChange": {"criterion", "weight", "delta", "winner"} | null, "verdict", "rule"}
    Flip = {"weight", "delta", "winner"}           # the criterion's weight at which `winner` takes first place
    Budget = {"budgetHours", "bound", "chosen": [id], "effort": {...}, "score", "considered", "searchSpace",
              "exact", "algorithm", "skipped": [id]}

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
from openspec_tool.decide.explain import Pick, budget_sentence, name, pick
from openspec_tool.decide.methods import METHODS, Method, Scored, Weights, normalise_weights, prepare, rank_table
from openspec_tool.decide.model import Alternative, Bound, Criterion, DecisionInput, build_paths
from openspec_tool.decide.montecarlo import DEFAULT_DRAWS, ScheduleRisk, schedule_risk
from openspec_tool.decide.pareto import pareto_front
from openspec_tool.decide.sensitivity import DEFAULT_SAMPLES, Sensitivity, analyse

NORMALISATION = {
    "weighted-sum": "min-max per criterion within the set: benefit (x-min)/(max-min), cost (max-x)/(max-min), "
    "an all-equal column gives 1.0; score = sum of weight x normalised value",
    "topsis": "vector per criterion within the set: x/sqrt(sum x^2), shown as 1 - that for a cost criterion; "
    "score = closeness to the ideal D-/(D+ + D-)",
}


@dataclass(frozen=True)
class Ranked:
    alternative: Alternative
    scored: Scored
    schedule: str | None = None  # a path's schedule

    def to_json(self) -> dict[str, Any]:
        a, s = self.alternative, self.scored
        return {
            "id": a.id,
            "label": a.label,
            "rank": s.rank,
            "score": s.score,
            "members": list(a.members),
            "schedule": self.schedule,
            "effort": a.effort.to_json() if a.effort else None,
            "timeline": a.timeline.to_json() if a.timeline else None,
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
    summary: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path.to_json() if self.path else None,
            "option": self.option.to_json() if self.option else None,
            "pathFitsBudget": self.path_fits_budget,
            "budgetSentence": self.budget_sentence,
            "summary": self.summary,
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


def _summary(path: Pick | None, option: Pick | None, budget: BudgetChoice | None, fit_text: str | None) -> str:
    parts = []
    if path is not None:
        verdict = f", {path.robustness}" if path.robustness else ""
        parts.append(f"Recommended: {name('path', path.id, path.label)} (score {path.score:.3f}{verdict}).")
    if option is not None:
        verdict = f", {option.robustness}" if option.robustness else ""
        parts.append(f"Best single option: {name('', option.id, option.label).strip()} (score {option.score:.3f}{verdict}).")
    if not parts:
        parts.append("There is nothing to decide between.")
    if fit_text:
        parts.append(fit_text)
    if budget is not None:
        chosen = ", ".join(budget.chosen) if budget.chosen else "no option"
        parts.append(
            f"Within {budget.budget_hours:g} h (at {budget.bound} estimates) the highest-scoring set of options is {chosen} "
            f"({budget.effort.low:g}-{budget.effort.high:g} h, total score {budget.score:.3f})."
        )
    return " ".join(parts)


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
    path_alts = build_paths(options, inp.paths, criteria)
    path_table = prepare(path_alts, criteria, method)
    ranked_options = rank_table(option_table, wvec)
    ranked_paths = rank_table(path_table, wvec)
    sens_options = analyse(option_table, wvec, samples, seed) if options else None
    sens_paths = analyse(path_table, wvec, samples, seed) if path_alts else None

    budget = None
    if inp.budget_hours is not None:
        ws = ranked_options if method == "weighted-sum" else rank_table(prepare(options, criteria, "weighted-sum"), wvec)
        budget = best_within_budget(options, {s.id: s.score for s in ws}, inp.budget_hours, budget_bound)
        if method != "weighted-sum":
            notes.append("the budget search adds up the options' weighted-sum scores (closeness scores do not add up)")
        if budget.skipped:
            notes.append(f"options without an effort estimate were left out of the budget search: {', '.join(budget.skipped)}")
    risk = schedule_risk(options, inp.paths, draws, seed)
    for pid, lacking in risk.missing.items():
        verb = "has" if len(lacking) == 1 else "have"
        notes.append(f"path {pid} has no schedule risk: {', '.join(lacking)} {verb} no effort range")

    path_pick = pick("path", ranked_paths, criteria, sens_paths)
    option_pick = pick("option", ranked_options, criteria, sens_options)
    fits: bool | None = None
    fit_text: str | None = None
    if inp.budget_hours is not None and path_pick is not None:
        top = next(a for a in path_alts if a.id == path_pick.id)
        q = risk.paths.get(top.id)
        fits, fit_text = budget_sentence("path", top.id, top.effort, inp.budget_hours, budget_bound, q.p80 if q else None)

    by_id = {a.id: a for a in options}
    path_by_id = {a.id: a for a in path_alts}
    schedules = {p.id: p.schedule for p in inp.paths}
    return DecisionResult(
        method=method,
        criteria=criteria,
        weights=w,
        options=tuple(Ranked(by_id[s.id], s) for s in ranked_options),
        paths=tuple(Ranked(path_by_id[s.id], s, schedules[s.id]) for s in ranked_paths),
        recommendation=Recommendation(path_pick, option_pick, fits, fit_text, _summary(path_pick, option_pick, budget, fit_text)),
        sensitivity_options=sens_options,
        sensitivity_paths=sens_paths,
        pareto_options=tuple(pareto_front(options, criteria)),
        pareto_paths=tuple(pareto_front(path_alts, criteria)),
        budget=budget,
        schedule=risk,
        notes=tuple(notes),
    )
