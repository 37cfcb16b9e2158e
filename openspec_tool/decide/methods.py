"""Weights, normalisation and the two scoring methods (weighted sum and TOPSIS).

Weights: any non-negative finite numbers; they are rescaled to sum 1 (`Weights.rescaled` says whether they
had to be). All zero, negative or non-finite weights are a ValueError.

Normalisation is computed within the set being ranked (options among options, paths among paths), so a
score says how an alternative compares with the others in its set, not an absolute quality:

* weighted sum, min-max per criterion: benefit `(x - min) / (max - min)`, cost `(max - x) / (max - min)`;
  a column whose values are all equal gives everyone 1.0 (it cannot separate them). Every normalised value
  is in [0, 1] with 1 the best; the score is `sum(weight * normalised)`, also in [0, 1].
* TOPSIS, vector normalisation: `r = x / sqrt(sum(x**2))`, reported as `1 - r` for a cost criterion so that
  higher is better everywhere (the flip moves the ideal and anti-ideal with the values, so distances and
  closeness are textbook TOPSIS; pymcdm uses the same convention). The weighted values `w * r` are the
  "contributions"; the score is the closeness `D- / (D+ + D-)` to the ideal (1.0 when at the ideal).

Ranking: by score, higher first. Scores equal to 9 decimals are a tie, broken by the direction-adjusted
raw values criterion by criterion in criteria order (so an alternative never ranks below one it dominates),
then by id.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import mul
from typing import Any, Literal

from openspec_tool.decide.model import Alternative, Criterion

Method = Literal["weighted-sum", "topsis"]
METHODS: tuple[Method, ...] = ("weighted-sum", "topsis")
TIE_DIGITS = 9


@dataclass(frozen=True)
class Weights:
    """Normalised weights (criterion id → weight, summing to 1) and what was given."""

    values: dict[str, float]
    given: dict[str, float]
    given_sum: float
    rescaled: bool

    def vector(self, criteria: Sequence[Criterion]) -> list[float]:
        return [self.values[c.id] for c in criteria]

    def note(self) -> str | None:
        if not self.rescaled:
            return None
        return f"the weights summed to {self.given_sum:.6g}, not 1; they were rescaled to sum 1"

    def to_json(self) -> dict[str, Any]:
        return {"values": dict(self.values), "given": dict(self.given), "givenSum": self.given_sum, "rescaled": self.rescaled}


def normalise_weights(criteria: Sequence[Criterion], override: Mapping[str, float] | None = None) -> Weights:
    """The criteria's weights, with `override` replacing some of them, rescaled to sum 1.

    Raises ValueError for no criteria, duplicate criterion ids, an override naming an unknown criterion, a
    negative or non-finite weight, or weights that are all zero.
    """
    if not criteria:
        raise ValueError("there are no criteria to weigh")
    ids = [c.id for c in criteria]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate criterion ids: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))}")
    override = override or {}
    unknown = [k for k in override if k not in ids]
    if unknown:
        raise ValueError(f"weights for unknown criteria: {', '.join(sorted(unknown))} (criteria: {', '.join(ids)})")
    given = {c.id: float(override.get(c.id, c.weight)) for c in criteria}
    bad = [f"{k}={v!r}" for k, v in given.items() if not math.isfinite(v) or v < 0]
    if bad:
        raise ValueError(f"weights must be finite and >= 0: {', '.join(bad)}")
    top = max(given.values())
    if top <= 0:
        raise ValueError("every criterion weight is 0: give at least one criterion a positive weight")
    # Divide by the largest first so that huge weights cannot overflow the sum.
    scaled = {k: v / top for k, v in given.items()}
    total = math.fsum(scaled.values())
    values = {k: v / total for k, v in scaled.items()}
    given_sum = total * top
    return Weights(values, given, given_sum, abs(given_sum - 1.0) > 1e-9)


def check_values(alternatives: Sequence[Alternative], criteria: Sequence[Criterion]) -> None:
    """ValueError unless every alternative has a finite value for every criterion and ids are unique."""
    ids = [a.id for a in alternatives]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate alternative ids: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))}")
    missing = [f"{a.id}.{c.id}" for a in alternatives for c in criteria if c.id not in a.values]
    if missing:
        raise ValueError(f"missing values: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}")
    bad = [f"{a.id}.{c.id}={a.values[c.id]!r}" for a in alternatives for c in criteria if not math.isfinite(a.values[c.id])]
    if bad:
        raise ValueError(f"values must be finite numbers: {', '.join(bad[:10])}")


def minmax_column(column: Sequence[float], benefit: bool) -> list[float]:
    """Min-max normalisation of one column (see the module docstring)."""
    if not column:
        return []
    lo, hi = min(column), max(column)
    if lo == hi:
        return [1.0] * len(column)
    if not math.isfinite(hi - lo):  # e.g. -1e308 .. 1e308: halve everything so the span fits in a float
        lo, hi, column = lo / 2, hi / 2, [x / 2 for x in column]
    span = hi - lo
    if benefit:
        return [(x - lo) / span for x in column]
    return [(hi - x) / span for x in column]


def vector_column(column: Sequence[float], benefit: bool) -> list[float]:
    """Vector normalisation of one column, flipped to `1 - r` for a cost criterion; an all-zero column is all 0 (or 1)."""
    norm = math.hypot(*column)
    r = [x / norm for x in column] if norm > 0 else [0.0] * len(column)
    return r if benefit else [1.0 - x for x in r]


def tie_ranks(alternatives: Sequence[Alternative], criteria: Sequence[Criterion]) -> list[int]:
    """Each alternative's place in the tie-break order: better raw values in criteria order first, then id."""

    def key(i: int) -> tuple[tuple[float, ...], str]:
        a = alternatives[i]
        return tuple(-a.values[c.id] if c.benefit else a.values[c.id] for c in criteria), a.id

    order = sorted(range(len(alternatives)), key=key)
    ranks = [0] * len(alternatives)
    for place, i in enumerate(order):
        ranks[i] = place
    return ranks


@dataclass(frozen=True)
class Table:
    """Alternatives normalised once for a method: `rows[i][j]` is alternative i's normalised value on criterion j."""

    alternatives: tuple[Alternative, ...]
    criteria: tuple[Criterion, ...]
    method: Method
    rows: list[list[float]]
    ties: list[int]
    # TOPSIS's ideal and anti-ideal points (best and worst normalised value per criterion) when they are those of a
    # larger set this table is part of (`subset`); None: this table's own.
    bounds: tuple[list[float], list[float]] | None = None

    def extremes(self) -> tuple[list[float], list[float]]:
        """(ideal, anti-ideal): the best and the worst normalised value of each criterion."""
        if self.bounds is not None:
            return self.bounds
        if not self.rows:
            return [], []
        return [max(col) for col in zip(*self.rows)], [min(col) for col in zip(*self.rows)]

    def scores(self, w: Sequence[float]) -> list[float]:
        if self.method == "weighted-sum":
            return ws_scores(self.rows, w)
        return topsis_scores(self.rows, w, self.extremes() if self.rows else None)

    def subset(self, keep: Sequence[int]) -> Table:
        """The alternatives at `keep` (in that order), scored as they are within this table: same normalised values,
        same tie-break order, and under TOPSIS the same ideal points, so a subset ranks its members as the whole does."""
        bounds = self.extremes() if self.method == "topsis" else None
        return Table(
            tuple(self.alternatives[i] for i in keep),
            self.criteria,
            self.method,
            [self.rows[i] for i in keep],
            [self.ties[i] for i in keep],
            bounds,
        )

    def order(self, scores: Sequence[float]) -> list[int]:
        """Indices of the alternatives, first-ranked first."""
        return sorted(range(len(scores)), key=lambda i: (-round(scores[i], TIE_DIGITS), self.ties[i]))

    def first(self, scores: Sequence[float]) -> int:
        return min(range(len(scores)), key=lambda i: (-round(scores[i], TIE_DIGITS), self.ties[i]))


def prepare(alternatives: Sequence[Alternative], criteria: Sequence[Criterion], method: Method = "weighted-sum") -> Table:
    """Check and normalise the alternatives for `method` (ValueError on missing or non-finite values)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: use {' or '.join(METHODS)}")
    check_values(alternatives, criteria)
    normalise = minmax_column if method == "weighted-sum" else vector_column
    columns = [normalise([a.values[c.id] for a in alternatives], c.benefit) for c in criteria]
    rows = [list(r) for r in zip(*columns)] if columns else [[] for _ in alternatives]
    return Table(tuple(alternatives), tuple(criteria), method, rows, tie_ranks(alternatives, criteria))


def ws_scores(rows: Sequence[Sequence[float]], w: Sequence[float]) -> list[float]:
    return [sum(map(mul, w, r)) for r in rows]


def closeness(dp2: float, dm2: float) -> float:
    """TOPSIS closeness from squared distances, written so it never decreases as D+ falls or D- grows."""
    if dp2 == 0:
        return 1.0
    if dm2 == 0:
        return 0.0
    return 1.0 / (1.0 + math.sqrt(dp2 / dm2))


def _sq(x: float) -> float:
    return x * x


def topsis_scores(
    rows: Sequence[Sequence[float]], w: Sequence[float], extremes: tuple[Sequence[float], Sequence[float]] | None = None
) -> list[float]:
    """Closeness of each row; `extremes` (ideal, anti-ideal) default to the rows' own best and worst values."""
    if not rows:
        return []
    hi, lo = extremes if extremes is not None else ([max(col) for col in zip(*rows)], [min(col) for col in zip(*rows)])
    out = []
    for r in rows:
        dp2 = math.fsum(_sq(wj * (h - x)) for wj, h, x in zip(w, hi, r))
        dm2 = math.fsum(_sq(wj * (x - low)) for wj, low, x in zip(w, lo, r))
        out.append(closeness(dp2, dm2))
    return out


@dataclass(frozen=True)
class Scored:
    """An alternative's place: score, rank (1 = first), and per criterion its normalised value and weighted contribution."""

    id: str
    label: str
    score: float
    rank: int
    normalised: dict[str, float]
    contributions: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "rank": self.rank,
            "score": self.score,
            "normalised": dict(self.normalised),
            "contributions": dict(self.contributions),
        }


def rank_table(table: Table, w: Sequence[float]) -> list[Scored]:
    """The table's alternatives scored under weights `w` (criteria order, summing to 1), first-ranked first."""
    scores = table.scores(w)
    out = []
    for rank, i in enumerate(table.order(scores), 1):
        a, row = table.alternatives[i], table.rows[i]
        out.append(
            Scored(
                a.id,
                a.label,
                scores[i],
                rank,
                {c.id: row[j] for j, c in enumerate(table.criteria)},
                {c.id: w[j] * row[j] for j, c in enumerate(table.criteria)},
            )
        )
    return out


def score(
    alternatives: Sequence[Alternative],
    criteria: Sequence[Criterion],
    weights: Mapping[str, float] | None = None,
    method: Method = "weighted-sum",
) -> list[Scored]:
    """Rank `alternatives` with `method`; `weights` (criterion id → weight, rescaled to sum 1) default to the criteria's."""
    w = normalise_weights(criteria, weights).vector(criteria)
    return rank_table(prepare(alternatives, criteria, method), w)


def weighted_sum(
    alternatives: Sequence[Alternative], criteria: Sequence[Criterion], weights: Mapping[str, float] | None = None
) -> list[Scored]:
    """Min-max normalised weighted sum, first-ranked first (see the module docstring)."""
    return score(alternatives, criteria, weights, "weighted-sum")


def topsis(
    alternatives: Sequence[Alternative], criteria: Sequence[Criterion], weights: Mapping[str, float] | None = None
) -> list[Scored]:
    """TOPSIS with vector normalisation, first-ranked first (see the module docstring)."""
    return score(alternatives, criteria, weights, "topsis")
