"""The decision engine: typed facts in, a ranked, explained and stress-tested decision out.

It never reads files or parses text: the caller builds a `DecisionInput` (criteria, options as
`Alternative`s, `PathSpec`s, a budget) and calls `decide`. Standard library only.
"""

from __future__ import annotations

from openspec_tool.decide.budget import BudgetChoice, best_within_budget
from openspec_tool.decide.engine import DecisionResult, Ranked, Recommendation, decide
from openspec_tool.decide.explain import Pick, Reason
from openspec_tool.decide.methods import (
    METHODS,
    Method,
    Scored,
    Table,
    Weights,
    normalise_weights,
    prepare,
    rank_table,
    score,
    topsis,
    weighted_sum,
)
from openspec_tool.decide.model import (
    AGGREGATES,
    Aggregate,
    Alternative,
    Bound,
    Criterion,
    DecisionInput,
    Direction,
    PathSpec,
    Range,
    Schedule,
    build_paths,
    default_aggregate,
)
from openspec_tool.decide.montecarlo import Quantiles, ScheduleRisk, schedule_risk
from openspec_tool.decide.pareto import dominated_by, pareto_front
from openspec_tool.decide.sensitivity import RULE, Flip, Sensitivity, WeightChange, analyse, weight_thresholds, win_shares

__all__ = [
    "AGGREGATES",
    "METHODS",
    "RULE",
    "Aggregate",
    "Alternative",
    "Bound",
    "BudgetChoice",
    "Criterion",
    "DecisionInput",
    "DecisionResult",
    "Direction",
    "Flip",
    "Method",
    "PathSpec",
    "Pick",
    "Quantiles",
    "Range",
    "Ranked",
    "Reason",
    "Recommendation",
    "Schedule",
    "ScheduleRisk",
    "Scored",
    "Sensitivity",
    "Table",
    "WeightChange",
    "Weights",
    "analyse",
    "best_within_budget",
    "build_paths",
    "decide",
    "default_aggregate",
    "dominated_by",
    "normalise_weights",
    "pareto_front",
    "prepare",
    "rank_table",
    "schedule_risk",
    "score",
    "topsis",
    "weight_thresholds",
    "weighted_sum",
    "win_shares",
]
