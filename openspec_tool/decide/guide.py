"""A goal-based guide: for each criterion, the alternative that ranks first when that criterion matters most.

"Matters most" is the limit of raising the criterion's weight towards 1 with the other weights keeping their
proportions: the alternatives are ordered by that criterion's normalised value first (equal to 1e-9 is equal) and,
among the equally good, by their score under the other weights (rescaled to sum 1) — exactly what the weighted sum
ranks first as the weight approaches 1, and what TOPSIS does too, computed on the same table and ideal points as
the ranking. Alternatives over the budget are passed over, as the recommendation passes them over; the one that
would have won is named beside the winner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openspec_tool.decide.methods import Table
from openspec_tool.decide.sensitivity import others_rescaled

EQUAL = 1e-9


@dataclass(frozen=True)
class GuidePick:
    id: str
    tied_with: tuple[str, ...]  # as good on the criterion and under the other weights
    over_budget: str | None  # the alternative that would win if the budget did not rule it out

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "tiedWith": list(self.tied_with), "overBudget": self.over_budget}


@dataclass(frozen=True)
class GuideEntry:
    criterion: str
    label: str
    path: GuidePick | None
    option: GuidePick | None

    def to_json(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "label": self.label,
            "path": self.path.to_json() if self.path else None,
            "option": self.option.to_json() if self.option else None,
        }


def _order(table: Table, k: int, w: Sequence[float], keep: Sequence[int]) -> list[int]:
    """`keep` ordered as the table ranks them when criterion k dominates: its value, then the others' score."""
    if not keep:
        return []
    rest = table.scores(others_rescaled(w, k)) if len(w) > 1 else [0.0] * len(table.rows)
    best = max(table.rows[i][k] for i in keep)
    top = [i for i in keep if table.rows[i][k] >= best - EQUAL]
    others = [i for i in keep if i not in top]
    lead = sorted(top, key=lambda i: (-round(rest[i], 9), table.ties[i]))
    return lead + others


def criterion_winner(table: Table, k: int, w: Sequence[float], fits: Mapping[str, bool | None]) -> GuidePick | None:
    ids = [a.id for a in table.alternatives]
    everyone = list(range(len(ids)))
    allowed = [i for i in everyone if fits.get(ids[i]) is not False]
    order = _order(table, k, w, allowed)
    if not order:
        return None
    first = order[0]
    rest = table.scores(others_rescaled(w, k)) if len(w) > 1 else [0.0] * len(ids)
    tied = tuple(
        ids[i] for i in order[1:] if abs(table.rows[i][k] - table.rows[first][k]) <= EQUAL and abs(rest[i] - rest[first]) <= EQUAL
    )
    unconstrained = _order(table, k, w, everyone)[0]
    over = ids[unconstrained] if unconstrained != first and fits.get(ids[unconstrained]) is False else None
    return GuidePick(ids[first], tied, over)


def guide(
    paths: Table | None, options: Table | None, w: Sequence[float], fits: Mapping[str, bool | None]
) -> tuple[GuideEntry, ...]:
    """One entry per criterion (in criteria order) with the path and the option that win when it matters most."""
    table = paths if paths is not None and paths.alternatives else options
    if table is None:
        return ()
    out = []
    for k, c in enumerate(table.criteria):
        path = criterion_winner(paths, k, w, fits) if paths is not None and paths.alternatives else None
        option = criterion_winner(options, k, w, fits) if options is not None and options.alternatives else None
        out.append(GuideEntry(c.id, c.label, path, option))
    return tuple(out)


def pick_text(pick: GuidePick | None, names: Mapping[str, str]) -> str:
    """ "Path B", "Path B (tied with Path C)", "Path B (Path D would win but is over the budget)"; "–" for none."""
    if pick is None:
        return "–"
    text = names.get(pick.id, pick.id)
    extra = []
    if pick.tied_with:
        extra.append("tied with " + ", ".join(names.get(t, t) for t in pick.tied_with))
    if pick.over_budget:
        extra.append(f"{names.get(pick.over_budget, pick.over_budget)} would win but is over the budget")
    return text + (f" ({'; '.join(extra)})" if extra else "")


def entry_text(entry: GuideEntry, names: Mapping[str, str]) -> str:
    """ "if Impact matters most: Path B · Option 3" (the path first when there are paths)."""
    picks = [pick_text(p, names) for p in (entry.path, entry.option) if p is not None]
    return f"if {entry.label} matters most: {' · '.join(picks) or '–'}"
