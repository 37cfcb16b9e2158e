"""Schedule risk: Monte Carlo over the options' effort ranges.

Each option's effort is drawn from a triangular distribution on its range with the mode at the midpoint.
A path's total effort in a draw is the sum of its options' draws (in hours: the schedule changes how long a
path takes, not how much work it is). Per path: the mean, P50 (median) and P80 (80% of draws at or below)
of the totals. Percentiles interpolate linearly between the sorted draws (numpy's default).

Reproducible: option `o` draws from `random.Random(f"{seed}:{o}")`, so its draws depend only on the seed
and its id (adding an option or a path changes nothing else), and paths that share an option share its
draws. A path with an option that has no effort range gets `None`.

An option alone needs no simulation: its mean, P50 and P80 are the triangular distribution's own (exact).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openspec_tool.decide.model import Alternative, PathSpec, Range

DEFAULT_DRAWS = 10_000


@dataclass(frozen=True)
class Quantiles:
    mean: float
    p50: float
    p80: float

    def to_json(self) -> dict[str, float]:
        return {"mean": self.mean, "p50": self.p50, "p80": self.p80}


@dataclass(frozen=True)
class ScheduleRisk:
    draws: int
    seed: int
    paths: dict[str, Quantiles | None]  # path id -> effort quantiles in hours (None: an option lacks effort)
    missing: dict[str, tuple[str, ...]]  # path id -> its options without an effort range
    options: dict[str, Quantiles | None] = field(default_factory=dict)  # option id -> its exact quantiles

    def of(self, kind: str, ident: str) -> Quantiles | None:
        return (self.paths if kind == "path" else self.options).get(ident)

    def to_json(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "unit": "hours",
            "paths": {pid: q.to_json() if q else None for pid, q in self.paths.items()},
            "missing": {pid: list(m) for pid, m in self.missing.items()},
            "options": {oid: q.to_json() if q else None for oid, q in self.options.items()},
        }


def triangular_quantile(r: Range, p: float) -> float:
    """The p-quantile of triangular(low, high, mode at the midpoint), by its inverse CDF."""
    lo, hi = r.low, r.high
    if lo == hi:
        return lo
    c = r.mid
    width = hi - lo
    if p < (c - lo) / width:
        return lo + math.sqrt(p * width * (c - lo))
    return hi - math.sqrt((1.0 - p) * width * (hi - c))


def option_quantiles(r: Range) -> Quantiles:
    """Mean, median and P80 of one option's effort (symmetric triangular: the mean and median are the midpoint)."""
    return Quantiles(r.mid, r.mid, triangular_quantile(r, 0.8))


def triangular_draws(r: Range, n: int, rng: random.Random, mode: float | None = None) -> list[float]:
    """`n` draws from triangular(low, high, mode) (mode: the midpoint unless given), by the inverse CDF."""
    lo, hi = r.low, r.high
    if lo == hi:
        return [lo] * n
    c = r.mid if mode is None else min(max(mode, lo), hi)
    width = hi - lo
    split = (c - lo) / width
    left, right = width * (c - lo), width * (hi - c)
    sqrt, rnd = math.sqrt, rng.random
    return [lo + sqrt(u * left) if u < split else hi - sqrt((1.0 - u) * right) for u in [rnd() for _ in range(n)]]


def percentile(ordered: Sequence[float], p: float) -> float:
    """The p-quantile (0 <= p <= 1) of sorted values, interpolating linearly between neighbours."""
    if not ordered:
        raise ValueError("percentile of no values")
    pos = p * (len(ordered) - 1)
    i = math.floor(pos)
    if i >= len(ordered) - 1:
        return ordered[-1]
    frac = pos - i
    return ordered[i] + (ordered[i + 1] - ordered[i]) * frac if frac else ordered[i]


def quantiles(values: Sequence[float]) -> Quantiles:
    ordered = sorted(values)
    return Quantiles(math.fsum(ordered) / len(ordered), percentile(ordered, 0.5), percentile(ordered, 0.8))


def schedule_risk(
    options: Sequence[Alternative], paths: Sequence[PathSpec], draws: int = DEFAULT_DRAWS, seed: int = 0
) -> ScheduleRisk:
    """Mean, P50 and P80 of each path's total effort (hours) over `draws` seeded draws (see the module docstring)."""
    if draws < 1:
        raise ValueError(f"draws must be >= 1, not {draws}")
    by_id = {o.id: o for o in options}
    cache: dict[str, list[float]] = {}
    out: dict[str, Quantiles | None] = {}
    missing: dict[str, tuple[str, ...]] = {}
    for p in paths:
        members = list(dict.fromkeys(p.options))
        unknown = [m for m in members if m not in by_id]
        if unknown:
            raise ValueError(f"path {p.id}: unknown option(s) {', '.join(unknown)}")
        lacking = tuple(m for m in members if by_id[m].effort is None)
        if lacking or not members:
            out[p.id] = None
            missing[p.id] = lacking
            continue
        total: list[float] | None = None
        for m in members:
            if m not in cache:
                effort = by_id[m].effort
                assert effort is not None
                cache[m] = triangular_draws(effort, draws, random.Random(f"{seed}:{m}"))
            total = list(cache[m]) if total is None else [a + b for a, b in zip(total, cache[m])]
        assert total is not None
        out[p.id] = quantiles(total)
    alone = {o.id: option_quantiles(o.effort) if o.effort is not None else None for o in options}
    return ScheduleRisk(draws, seed, out, missing, alone)
