"""Why the first-ranked alternative is first, in data and in a sentence.

The criteria that carried it: per criterion, the winner's weighted contribution minus the runner-up's.
The largest positive differences (up to three) are the criteria it was carried by; the largest negative
ones (up to two) are where the runner-up is ahead. For the weighted sum the differences add up to the score
margin exactly; for TOPSIS they are the weighted normalised values' differences, which point the same way
but do not add up to the closeness margin.

The pick respects the budget: an alternative over it is passed over (the statement says so). Scores equal to
`TIE` are a tie: said as such, with no margin, reasons or robustness verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openspec_tool.decide.methods import Scored
from openspec_tool.decide.model import BudgetAt, Criterion, Range
from openspec_tool.decide.sensitivity import Sensitivity, Verdict
from openspec_tool.model.units import hours, hours_range, whole_hours

CARRIED = 3
AGAINST = 2
TIE = 1e-9  # scores this close are equal: a tie, never a win by a margin of 0.000


@dataclass(frozen=True)
class Reason:
    criterion: str
    label: str
    difference: float  # winner's contribution minus the runner-up's

    def to_json(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "label": self.label, "difference": self.difference}


@dataclass(frozen=True)
class Pick:
    """The first-ranked alternative of a set that may be taken (within the budget), against its runner-up (the next
    that may be taken). `tied_with`: the alternatives whose score equals its own (to `TIE`): then it is first only by
    the tie-break, and nothing is said of a margin or of robustness."""

    id: str
    label: str
    score: float
    runner_up: str | None
    runner_up_score: float | None
    carried_by: tuple[Reason, ...]
    against: tuple[Reason, ...]
    robustness: Verdict | None
    win_share: float | None
    sentence: str
    name: str = ""
    tied_with: tuple[str, ...] = ()

    @property
    def margin(self) -> float | None:
        return None if self.runner_up_score is None else self.score - self.runner_up_score

    @property
    def tie(self) -> bool:
        return bool(self.tied_with)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name or self.id,
            "label": self.label,
            "score": self.score,
            "runnerUp": self.runner_up,
            "runnerUpScore": self.runner_up_score,
            "margin": self.margin,
            "tiedWith": list(self.tied_with),
            "carriedBy": [r.to_json() for r in self.carried_by],
            "against": [r.to_json() for r in self.against],
            "robustness": self.robustness,
            "winShare": self.win_share,
            "sentence": self.sentence,
        }


def contrasts(winner: Scored, runner: Scored, criteria: Sequence[Criterion]) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """(criteria that carried the winner, criteria where the runner-up is ahead), largest differences first."""
    diffs = [Reason(c.id, c.label, winner.contributions[c.id] - runner.contributions[c.id]) for c in criteria]
    pos = sorted((r for r in diffs if r.difference > 1e-12), key=lambda r: (-r.difference, r.criterion))
    neg = sorted((r for r in diffs if r.difference < -1e-12), key=lambda r: (r.difference, r.criterion))
    return tuple(pos[:CARRIED]), tuple(neg[:AGAINST])


def name(kind: str, ident: str, label: str) -> str:
    return f"{kind} {ident}" + (f" ({label})" if label and label != ident else "")


def titled(ident: str, names: Mapping[str, str], labels: Mapping[str, str]) -> str:
    """ "Option 6 (Monitoring & Observability)": the name, and the label when it adds something."""
    shown = names.get(ident) or ident
    label = labels.get(ident, "")
    return f"{shown} ({label})" if label and label not in (shown, ident) else shown


def _reasons(items: Sequence[Reason]) -> str:
    parts = [f"{r.label} ({r.difference:+.3f})" for r in items]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def robustness_sentence(sens: Sensitivity, criteria: Sequence[Criterion], names: Mapping[str, str] | None = None) -> str:
    if sens.winner is None or sens.verdict is None:
        return ""
    share = sens.win_share or 0.0
    text = f"The lead is {sens.verdict}: it ranks first under {share:.0%} of {sens.samples:,} random weight vectors"
    smallest = sens.smallest_change()
    if smallest is None:
        return text + ", and no change of a single weight puts another first."
    cid, flip = smallest
    label = next((c.label for c in criteria if c.id == cid), cid)
    winner = (names or {}).get(flip.winner, flip.winner)
    return text + (
        f"; the smallest single-weight change that puts another first is {label} "
        f"{flip.delta:+.3f} (to {flip.weight:.3f}), which puts {winner} first."
    )


def _tie_sentence(kind: str, top: Scored, tied: Sequence[Scored], names: Mapping[str, str], labels: Mapping[str, str]) -> str:
    who = [titled(s.id, names, labels) for s in (top, *tied)]
    listed = who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]
    return (
        f"{listed} tie at {top.score:.3f} (equal to 1e-9): no {kind} leads; {names.get(top.id, top.id)} is listed "
        "first only by the tie-break (better values in criteria order, then id)."
    )


def pick(
    kind: str,
    ranked: Sequence[Scored],
    criteria: Sequence[Criterion],
    sens: Sensitivity | None,
    fits: Mapping[str, bool | None] | None = None,
    names: Mapping[str, str] | None = None,
) -> Pick | None:
    """The first of `ranked` (first-ranked first) that may be taken — not over the budget (`fits[id] is False`) —
    with its reasons against the next that may be taken; None when there is none. `sens` is the sensitivity of the
    alternatives that may be taken (its winner is the pick)."""
    fits = fits or {}
    eligible = [s for s in ranked if fits.get(s.id) is not False]
    if not eligible:
        return None
    names = dict(names or {})
    for s in ranked:
        names.setdefault(s.id, f"{kind.capitalize()} {s.id}")
    labels = {s.id: s.label for s in ranked}
    top = eligible[0]
    runner = eligible[1] if len(eligible) > 1 else None
    tied = [s for s in eligible[1:] if abs(s.score - top.score) <= TIE]
    who = titled(top.id, names, labels)
    carried: tuple[Reason, ...] = ()
    against: tuple[Reason, ...] = ()
    sure = sens is not None and sens.winner == top.id and not tied and runner is not None  # alone, it is not "robust"
    if runner is None:
        sentence = f"{who} is the only {kind}" + (" within the budget." if len(ranked) > 1 else ".")
    elif tied:
        sentence = _tie_sentence(kind, top, tied, names, labels)
    else:
        carried, against = contrasts(top, runner, criteria)
        second = titled(runner.id, names, labels)
        sentence = f"{who} ranks first with {top.score:.3f}, ahead of {second} at {runner.score:.3f}"
        if carried:
            sentence += f"; it was carried by {_reasons(carried)}"
        else:
            sentence += "; it is ahead on no criterion and ranks first on the tie-break"
        if against:
            sentence += f", while {names[runner.id]} is ahead on {_reasons(against)}"
        sentence += "."
    if sure and sens is not None:
        extra = robustness_sentence(sens, criteria, names)
        if extra:
            sentence += " " + extra
    return Pick(
        top.id,
        top.label,
        top.score,
        runner.id if runner else None,
        runner.score if runner else None,
        carried,
        against,
        sens.verdict if sure and sens else None,
        sens.win_share if sens and sens.winner == top.id else None,
        sentence,
        names[top.id],
        tuple(s.id for s in tied),
    )


def fits_budget(effort: Range | None, p80: float | None, budget: float, at: BudgetAt) -> bool | None:
    """Whether an alternative fits `budget` hours at its high estimate (or its P80); None when that is unknown."""
    hours = effort.high if at == "high" and effort is not None else p80 if at == "p80" else None
    return None if hours is None else hours <= budget + 1e-9


def budget_sentence(who: str, effort: Range | None, budget: float, at: BudgetAt, p80: float | None) -> tuple[bool | None, str]:
    """(whether `who` fits `budget` hours — at its high estimate, or at its P80 —, a sentence saying so in figures)."""
    limit = hours(budget)
    if effort is None:
        return None, f"{who} has no effort estimate, so its fit in the {limit} budget is unknown."
    figures = hours_range(effort.low, effort.high) + (f"; P80 {whole_hours(p80)}" if p80 is not None else "")
    fits = fits_budget(effort, p80, budget, at)
    if at == "p80":
        if fits is None:
            return None, f"{who} has no simulated P80, so its fit in the {limit} budget is unknown ({figures})."
        verb = "fits" if fits else "does not fit"
        return fits, f"{who} {verb} the {limit} budget at its P80 ({figures})."
    if fits:
        return True, f"{who} fits the {limit} budget even at its high estimate ({figures})."
    if effort.low <= budget + 1e-9:
        return False, f"{who} does not fit the {limit} budget at its high estimate: it fits only at its low estimate ({figures})."
    return False, f"{who} does not fit the {limit} budget ({figures})."
