"""Why the first-ranked alternative is first, in data and in a sentence.

The criteria that carried it: per criterion, the winner's weighted contribution minus the runner-up's.
The largest positive differences (up to three) are the criteria it was carried by; the largest negative
ones (up to two) are where the runner-up is ahead. For the weighted sum the differences add up to the score
margin exactly; for TOPSIS they are the weighted normalised values' differences, which point the same way
but do not add up to the closeness margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openspec_tool.decide.methods import Scored
from openspec_tool.decide.model import Bound, Criterion, Range
from openspec_tool.decide.sensitivity import Sensitivity, Verdict

CARRIED = 3
AGAINST = 2


@dataclass(frozen=True)
class Reason:
    criterion: str
    label: str
    difference: float  # winner's contribution minus the runner-up's

    def to_json(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "label": self.label, "difference": self.difference}


@dataclass(frozen=True)
class Pick:
    """The first-ranked alternative of a set, against its runner-up."""

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

    @property
    def margin(self) -> float | None:
        return None if self.runner_up_score is None else self.score - self.runner_up_score

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "score": self.score,
            "runnerUp": self.runner_up,
            "runnerUpScore": self.runner_up_score,
            "margin": self.margin,
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


def _reasons(items: Sequence[Reason]) -> str:
    parts = [f"{r.label} ({r.difference:+.3f})" for r in items]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def robustness_sentence(sens: Sensitivity, criteria: Sequence[Criterion]) -> str:
    if sens.winner is None or sens.verdict is None:
        return ""
    share = sens.win_share or 0.0
    text = f"The lead is {sens.verdict}: it ranks first under {share:.0%} of {sens.samples:,} random weight vectors"
    smallest = sens.smallest_change()
    if smallest is None:
        return text + ", and no change of a single weight puts another first."
    cid, flip = smallest
    label = next((c.label for c in criteria if c.id == cid), cid)
    return text + (
        f"; the smallest single-weight change that puts another first is {label} "
        f"{flip.delta:+.3f} (to {flip.weight:.3f}), which puts {flip.winner} first."
    )


def pick(kind: str, ranked: Sequence[Scored], criteria: Sequence[Criterion], sens: Sensitivity | None) -> Pick | None:
    """The first of `ranked` (first-ranked first) with its reasons; None when there is nothing ranked."""
    if not ranked:
        return None
    top = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    who = name(kind.capitalize(), top.id, top.label)
    carried: tuple[Reason, ...] = ()
    against: tuple[Reason, ...] = ()
    if runner is None:
        sentence = f"{who} is the only {kind}."
    else:
        carried, against = contrasts(top, runner, criteria)
        second = name("", runner.id, runner.label).strip()
        sentence = f"{who} ranks first with {top.score:.3f}, ahead of {second} at {runner.score:.3f}"
        if carried:
            sentence += f"; it was carried by {_reasons(carried)}"
        else:
            sentence += "; it is ahead on no criterion and ranks first on the tie-break"
        if against:
            sentence += f", while {runner.id} is ahead on {_reasons(against)}"
        sentence += "."
    if sens is not None and sens.winner == top.id:
        extra = robustness_sentence(sens, criteria)
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
        sens.verdict if sens and sens.winner == top.id else None,
        sens.win_share if sens and sens.winner == top.id else None,
        sentence,
    )


def budget_sentence(
    kind: str, ident: str, effort: Range | None, budget: float, bound: Bound, p80: float | None
) -> tuple[bool | None, str]:
    """(whether `ident`'s effort at `bound` fits `budget` hours, a sentence saying so)."""
    if effort is None:
        return None, f"The {kind} {ident} has no effort estimate, so its fit in the {budget:g} h budget is unknown."
    hours = effort.bound(bound)
    fits = hours <= budget + 1e-9
    verb = "fits" if fits else "does not fit"
    text = f"The {kind} {ident} {verb} the {budget:g} h budget at its {bound} estimate"
    text += f" ({hours:g} h of {effort.low:g}-{effort.high:g} h"
    if p80 is not None:
        text += f"; P80 {p80:.0f} h"
    return fits, text + ")."
