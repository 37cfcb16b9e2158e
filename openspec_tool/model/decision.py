"""A decision as its file states it: options, criteria, scores, paths, constraints. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from openspec_tool.model.tasks import Estimate

FACT_SOURCES = ("effort", "timeline", "tasks", "progress", "estimate", "open-tasks")


@dataclass(frozen=True)
class CriterionSpec:
    id: str
    label: str
    direction: str  # "benefit" or "cost"
    weight: float
    source: str | None  # a fact (FACT_SOURCES) or None: values come from `scores`
    aggregate: str | None  # how a path combines its options: sum | mean | max | min (None: the engine's default)
    line: int


@dataclass(frozen=True)
class PathDef:
    id: str
    name: str
    options: tuple[str, ...]
    schedule: str  # "sequential" or "parallel"
    summary: str
    stated_effort: Estimate | None  # hours, when the file states one (checked, never used for scores)
    line: int


@dataclass(frozen=True)
class DecisionSpec:
    path: str
    id: str
    title: str
    question: str
    options: tuple[str, ...]
    option_lines: dict[str, int]
    criteria: tuple[CriterionSpec, ...]
    scores: dict[str, dict[str, float]]
    score_lines: dict[str, int]
    paths: tuple[PathDef, ...]
    budget_hours: float | None
    required_sections: tuple[str, ...]
    chosen: str | None
    chosen_line: int | None
    extra: dict[str, object] = field(default_factory=dict)

    def path_by_id(self, path_id: str) -> PathDef | None:
        return next((p for p in self.paths if p.id.lower() == path_id.lower()), None)
