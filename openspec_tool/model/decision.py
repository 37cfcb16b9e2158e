"""A decision as its file states it: options, criteria, scores, paths, constraints. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from openspec_tool.model.tasks import Estimate

FACT_SOURCES = ("effort", "timeline", "tasks", "progress", "estimate", "open-tasks", "priority")
BUDGET_AT = ("high", "p80")


@dataclass(frozen=True)
class OptionDef:
    """One entry of `options:`: a change id, or a mapping that names the option (`label`, `number`) and, for an option
    that is not a change folder, states its facts inline (`- {id: option2, title: Improve Testing, effort: 15-25h,
    timeline: 1-2 weeks, priority: high}`)."""

    id: str
    line: int
    label: str | None = None  # how reports name it; wins over "Option N"
    number: int | None = None  # `number:`, when the file gives one
    title: str | None = None  # an inline option's title
    effort: Estimate | None = None  # hours, inline
    timeline: Estimate | None = None  # weeks, inline
    priority: str | None = None  # inline
    inline: bool = False  # states facts of its own: it need not be a change folder


@dataclass(frozen=True)
class MissingScore:
    option: str
    criterion: str
    line: int  # the option's line under `scores:` (or of `scores:` / the option when it has none)


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
    schedule_stated: bool = True  # False: `schedule:` was left out (sequential is assumed)


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
    option_defs: tuple[OptionDef, ...] = ()
    missing_scores: tuple[MissingScore, ...] = ()
    budget_at: str = "high"  # "high" or "p80": what must fit `budget_hours`
    documents: tuple[str, ...] = ()  # planning documents (paths or globs, relative to the workspace root)
    documents_line: int | None = None

    def path_by_id(self, path_id: str) -> PathDef | None:
        return next((p for p in self.paths if p.id.lower() == path_id.lower()), None)

    def option_def(self, option_id: str) -> OptionDef | None:
        return next((o for o in self.option_defs if o.id == option_id), None)

    def with_scores(self, edits: Mapping[tuple[str, str], float]) -> DecisionSpec:
        """The decision with the scores `(option, criterion) → value` given (typed in, not saved yet): they replace
        the file's, and a score that was missing is missing no more."""
        if not edits:
            return self
        scores = {option: dict(row) for option, row in self.scores.items()}
        for (option, criterion), value in edits.items():
            scores.setdefault(option, {})[criterion] = value
        missing = tuple(m for m in self.missing_scores if (m.option, m.criterion) not in edits)
        return replace(self, scores=scores, missing_scores=missing)
