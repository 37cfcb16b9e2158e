"""One decision statement that reconciles the answers a reader sees: the best path, the best single option and the
best set of options within the budget — and what the budget rules out.

"Choose Path A (Quick Win): Option 2, 15–25 h, within the 60 h budget even at its high estimate. Path B (Quality
Focus) has more Impact (8 against 4) but more Effort (27–43 h against 15–25 h). …"

Built from the ranking and the picks only (no new scoring), so it cannot disagree with them. Path scores and option
scores are not compared with each other: each set is normalised on its own (`SCALES` says why), so the statement
compares across them by their figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openspec_tool.decide.budget import BudgetChoice
from openspec_tool.decide.explain import Pick, Reason
from openspec_tool.decide.methods import Scored
from openspec_tool.decide.model import Alternative, BudgetAt, Criterion, Kind
from openspec_tool.model.units import hours, hours_range, num, weeks_range, whole_hours

SCALES = (
    "Path scores compare paths with paths and option scores compare options with options: each set is normalised on "
    "its own, because a path adds up its options' effort and impact — on one scale every path would lead on impact and "
    "trail on effort by construction. Compare a path with an option by their figures, not their scores."
)
SHOWN_OVER = 2  # over-budget alternatives named before "and N more"
_LABEL_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
_OPTION_NUMBER = re.compile(r"^Option (\d+)$")


@dataclass(frozen=True)
class Statement:
    text: str
    choose_kind: Kind | None  # what the statement says to choose (None: a tie, or nothing fits)
    choose_id: str | None
    sentences: tuple[str, ...]
    scales: str | None  # why path and option scores differ (None when there are not both)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "choose": {"kind": self.choose_kind, "id": self.choose_id} if self.choose_id else None,
            "sentences": list(self.sentences),
            "scales": self.scales,
        }


@dataclass(frozen=True)
class Side:
    """One ranked set (paths or options) as the statement reads it."""

    kind: Kind
    alternatives: Mapping[str, Alternative]
    ranked: Sequence[Scored]
    pick: Pick | None
    fits: Mapping[str, bool | None]
    p80: Mapping[str, float | None]

    def title(self, ident: str) -> str:
        return self.alternatives[ident].title

    def effort_text(self, ident: str) -> str | None:
        e = self.alternatives[ident].effort
        return hours_range(e.low, e.high) if e is not None else None


def _word(label: str) -> str:
    """A criterion's label for prose: "Effort (hours)" → "Effort"."""
    return _LABEL_TAIL.sub("", label) or label


def _value(alt: Alternative, c: Criterion) -> str:
    if c.source == "effort" and alt.effort is not None:
        return hours_range(alt.effort.low, alt.effort.high)
    if c.source == "timeline" and alt.timeline is not None:
        return weeks_range(alt.timeline.low, alt.timeline.high)
    return num(alt.values[c.id]) if c.id in alt.values else "–"


def _more_or_less(c: Criterion, ahead: bool) -> str:
    """What being ahead (or behind) on a criterion means: more of a benefit, less of a cost."""
    return "more" if c.benefit == ahead else "less"


def _compare(side: Side, who: str, other: str, reason: Reason, criteria: Mapping[str, Criterion], ahead: bool) -> str:
    c = criteria[reason.criterion]
    a, b = side.alternatives[who], side.alternatives[other]
    return f"{_more_or_less(c, ahead)} {_word(c.label)} ({_value(a, c)} against {_value(b, c)})"


def _fit_phrase(side: Side, ident: str, budget: float | None, at: BudgetAt) -> str:
    if budget is None:
        return ""
    if side.alternatives[ident].effort is None:
        return f"its fit in the {hours(budget)} budget unknown (no effort estimate)"
    if at == "p80":
        return f"P80 {whole_hours(side.p80.get(ident))}, within the {hours(budget)} budget"
    return f"within the {hours(budget)} budget even at its high estimate"


def _choice(side: Side, options: Side, budget: float | None, at: BudgetAt) -> str:
    pick = side.pick
    assert pick is not None
    alt = side.alternatives[pick.id]
    parts = []
    if side.kind == "path":
        parts.append(" + ".join(options.alternatives[m].name if m in options.alternatives else m for m in alt.members))
    effort = side.effort_text(pick.id)
    if effort:
        parts.append(effort)
    fit = _fit_phrase(side, pick.id, budget, at)
    if fit:
        parts.append(fit)
    return f"Choose {side.title(pick.id)}" + (f": {', '.join(parts)}." if parts else ".")


def _options_text(ids: Sequence[str], options: Side) -> str:
    """ "options 1 + 5 + 6" when every option has a number, else their titles joined by " + "."""
    names = [options.alternatives[i].name for i in ids]
    numbers = [m.group(1) for n in names if (m := _OPTION_NUMBER.match(n))]
    if len(numbers) == len(names) and numbers:
        return ("option " if len(numbers) == 1 else "options ") + " + ".join(numbers)
    return " + ".join(options.title(i) for i in ids)


def _nothing_fits(side: Side, budget: float, at: BudgetAt) -> str:
    kinds = f"{side.kind}s"
    with_effort = [s.id for s in side.ranked if side.alternatives[s.id].effort is not None]
    measure = "at its P80" if at == "p80" else "at its high estimate"
    if not with_effort:
        return f"No {side.kind} fits the {hours(budget)} budget {measure}."

    def need(i: str) -> float:
        e = side.alternatives[i].effort
        assert e is not None
        p80 = side.p80.get(i)
        return p80 if at == "p80" and p80 is not None else e.high

    cheapest = min(with_effort, key=need)
    figure = whole_hours(side.p80.get(cheapest)) if at == "p80" else side.effort_text(cheapest)
    return f"None of the {kinds} fits the {hours(budget)} budget {measure}: the cheapest, {side.title(cheapest)}, needs {figure}."


def _over_budget(side: Side, budget: float) -> str | None:
    """The alternatives ranked above the pick that the budget rules out (nothing when nothing fits: that is said)."""
    pick = side.pick
    if pick is None:
        return None
    above = []
    for s in side.ranked:
        if pick is not None and s.id == pick.id:
            break
        if side.fits.get(s.id) is False:
            above.append(s)
    if not above:
        return None
    named = [f"{side.title(s.id)} ({s.score:.3f}, {side.effort_text(s.id)})" for s in above[:SHOWN_OVER]]
    more = f" and {len(above) - SHOWN_OVER} more" if len(above) > SHOWN_OVER else ""
    verb = "ranks" if len(above) == 1 else "rank"
    return f"{' and '.join(named)}{more} {verb} higher but {'is' if len(above) == 1 else 'are'} over the {hours(budget)} budget."


def _runner_up(side: Side, criteria: Mapping[str, Criterion]) -> str | None:
    pick = side.pick
    if pick is None or pick.runner_up is None or pick.tie:
        return None
    runner = side.title(pick.runner_up)
    if pick.against and pick.carried_by:
        ahead = _compare(side, pick.runner_up, pick.id, pick.against[0], criteria, True)
        behind = _compare(side, pick.runner_up, pick.id, pick.carried_by[0], criteria, False)
        return f"{runner} has {ahead} but {behind}."
    if pick.carried_by:
        behind = _compare(side, pick.runner_up, pick.id, pick.carried_by[0], criteria, False)
        return f"{runner}, next, is ahead on no criterion: it has {behind}."
    return None


def _best_option(paths: Side, options: Side) -> str | None:
    path, option = paths.pick, options.pick
    if path is None or option is None or path.tie:
        return None
    members = paths.alternatives[path.id].members
    best = options.title(option.id)
    if option.tie:
        return None
    if option.id in members:
        return f"It includes the best single option, {best}."
    holder = next(
        (s.id for s in paths.ranked if option.id in paths.alternatives[s.id].members and paths.fits.get(s.id) is not False), None
    )
    alt = options.alternatives[option.id]
    extra = [x for x in (alt.label if best != alt.name else "", options.effort_text(option.id)) if x]
    text = f"The best single option, {alt.name}" + (f" ({', '.join(extra)})" if extra else "") + ", is not in it"
    return text + (f"; {paths.title(holder)} includes it." if holder else "; no path within the budget includes it.")


def _best_set(paths: Side, options: Side, budget: BudgetChoice) -> str:
    within = hours(budget.budget_hours)
    if not budget.chosen:
        return f"No option fits within {within}."
    chosen = set(budget.chosen)
    listed = _options_text(budget.chosen, options)
    effort = hours_range(budget.effort.low, budget.effort.high)
    lead = f"The options whose scores add up to the most within {within} are {listed} ({effort})"
    if len(budget.chosen) == 1:
        lead = f"The option whose score counts most within {within} is {listed} ({effort})"
    pick = paths.pick if paths.pick is not None and not paths.pick.tie else None
    if pick is not None and set(paths.alternatives[pick.id].members) == chosen:
        return f"{lead}: exactly this path."
    same = next((s.id for s in paths.ranked if set(paths.alternatives[s.id].members) == chosen), None)
    if same is not None:
        return f"{lead}: {paths.title(same)}."
    if not paths.ranked:
        return f"{lead}."
    inside = pick is not None and set(paths.alternatives[pick.id].members) < chosen
    return f"{lead}, which no path offers" + ("; it includes this path's options." if inside else ".")


def decision_statement(
    paths: Side,
    options: Side,
    criteria: Sequence[Criterion],
    budget: BudgetChoice | None,
    budget_hours: float | None,
    budget_at: BudgetAt,
) -> Statement:
    by_id = {c.id: c for c in criteria}
    main = paths if paths.ranked else options
    sentences: list[str] = []
    choose_kind: Kind | None = None
    choose_id: str | None = None
    if not main.ranked:
        sentences.append("There is nothing to decide between.")
    elif main.pick is None:
        assert budget_hours is not None  # only a budget rules every alternative out
        sentences.append(_nothing_fits(main, budget_hours, budget_at))
        if main is paths and options.pick is not None and not options.pick.tie:
            choose_kind, choose_id = "option", options.pick.id
            sentences.append(_choice(options, options, budget_hours, budget_at).replace("Choose ", "Choose instead ", 1))
    elif main.pick.tie:
        sentences.append(main.pick.sentence.split(":")[0] + ": choose between them on what the matrix leaves out.")
    else:
        choose_kind, choose_id = main.kind, main.pick.id
        sentences.append(_choice(main, options, budget_hours, budget_at))
    for extra in (
        _runner_up(main, by_id),
        _over_budget(main, budget_hours) if budget_hours is not None else None,
        _best_option(paths, options) if main is paths else None,
        _best_set(paths, options, budget) if budget is not None else None,
    ):
        if extra:
            sentences.append(extra)
    scales = SCALES if paths.ranked and options.ranked else None
    return Statement(" ".join(sentences), choose_kind, choose_id, tuple(sentences), scales)
