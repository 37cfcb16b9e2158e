"""How firmly the first-ranked alternative holds first place when the weights change.

(a) One weight at a time (`weight_thresholds`). Criterion k's weight moves from its value `w_k` to `t` in
[0, 1]; the other weights keep their proportions and are rescaled to sum `1 - t` (when they were all 0 they
share `1 - t` equally). For each direction (up, down) this finds the nearest `t` at which another
alternative takes first place, and which one; `None` when no `t` in [0, 1] does.

* Weighted sum, exact: with `u` the other weights rescaled to sum 1, alternative i scores
  `S_i(t) = (1 - t) * a_i + t * b_i` where `a_i = sum(u_j * n_ij)` and `b_i = n_ik`, a line in t. The winner
  W is overtaken by i where the lines cross: `t = t0 - D / d` with `D = S_i(t0) - S_W(t0)` and
  `d = (b_i - a_i) - (b_W - a_W)`; the first crossing in each direction is the threshold.
* TOPSIS, numeric: closeness is not linear in t, so the winner is checked on a 0.01 grid from `w_k` outwards
  and the first change is bisected to 1e-12. (A lead lost and regained within one grid step is missed.)

(b) All weights at once (`win_shares`): the share of random weight vectors, uniform over the simplex of the
criteria with a positive weight (a weight set to 0 is taken as "leave this criterion out"), under which each
alternative ranks first. Seeded (`random.Random(seed)`), so a run is reproducible.

Verdict (`verdict`), stated with every result as `RULE`: **robust** when the winner ranks first under at
least 70% of the random weight vectors and no single weight change smaller than 0.10 puts another
alternative first; **fragile** when neither holds; **moderate** when exactly one holds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from operator import mul
from typing import Any, Literal

from openspec_tool.decide.methods import Method, Table, closeness
from openspec_tool.decide.pareto import front_indices

Verdict = Literal["robust", "moderate", "fragile"]
ROBUST_SHARE = 0.70
ROBUST_CHANGE = 0.10
RULE = (
    "robust: the winner ranks first under at least 70% of random weight vectors and no single weight change "
    "smaller than 0.10 puts another alternative first; moderate: exactly one of the two holds; fragile: neither holds"
)
GRID_STEP = 0.01
DEFAULT_SAMPLES = 2000


@dataclass(frozen=True)
class Flip:
    """Criterion weight `weight` (a change of `delta` from the current one) puts `winner` first."""

    weight: float
    delta: float
    winner: str

    def to_json(self) -> dict[str, Any]:
        return {"weight": self.weight, "delta": self.delta, "winner": self.winner}


@dataclass(frozen=True)
class WeightChange:
    """For one criterion: the nearest weight above and below the current one that changes the winner."""

    criterion: str
    weight: float
    up: Flip | None
    down: Flip | None

    @property
    def smallest(self) -> Flip | None:
        flips = [f for f in (self.up, self.down) if f is not None]
        return min(flips, key=lambda f: abs(f.delta)) if flips else None

    def to_json(self) -> dict[str, Any]:
        smallest = self.smallest
        return {
            "criterion": self.criterion,
            "weight": self.weight,
            "up": self.up.to_json() if self.up else None,
            "down": self.down.to_json() if self.down else None,
            "smallest": smallest.to_json() if smallest else None,
        }


@dataclass(frozen=True)
class Sensitivity:
    method: Method
    winner: str | None
    changes: tuple[WeightChange, ...]
    shares: dict[str, float]  # alternative id -> share of samples it ranks first under
    samples: int
    seed: int
    verdict: Verdict | None

    def smallest_change(self) -> tuple[str, Flip] | None:
        """The criterion whose weight needs the smallest change to change the winner, and that change."""
        found = [(c.criterion, f) for c in self.changes if (f := c.smallest) is not None]
        return min(found, key=lambda cf: abs(cf[1].delta)) if found else None

    @property
    def win_share(self) -> float | None:
        return self.shares.get(self.winner) if self.winner is not None else None

    def to_json(self) -> dict[str, Any]:
        smallest = self.smallest_change()
        return {
            "method": self.method,
            "winner": self.winner,
            "winShare": self.win_share,
            "shares": dict(sorted(self.shares.items(), key=lambda kv: (-kv[1], kv[0]))),
            "samples": self.samples,
            "seed": self.seed,
            "weights": [c.to_json() for c in self.changes],
            "smallestChange": {"criterion": smallest[0], **smallest[1].to_json()} if smallest else None,
            "verdict": self.verdict,
            "rule": RULE,
        }


def others_rescaled(w: Sequence[float], k: int) -> list[float]:
    """The weights other than k rescaled to sum 1 (equal shares when they are all 0); 0 at k."""
    rest = math.fsum(x for j, x in enumerate(w) if j != k)
    if rest > 0:
        return [0.0 if j == k else x / rest for j, x in enumerate(w)]
    share = 1.0 / (len(w) - 1)
    return [0.0 if j == k else share for j in range(len(w))]


def _ws_flips(table: Table, w: Sequence[float], k: int, win: int) -> tuple[Flip | None, Flip | None]:
    u = others_rescaled(w, k)
    a = [sum(map(mul, u, row)) for row in table.rows]
    slope = [row[k] - ai for row, ai in zip(table.rows, a)]
    t0 = w[k]
    s_win = a[win] + t0 * slope[win]
    up: list[tuple[float, int]] = []
    down: list[tuple[float, int]] = []
    for i in range(len(a)):
        if i == win:
            continue
        d = slope[i] - slope[win]
        gap = min(0.0, a[i] + t0 * slope[i] - s_win)  # <= 0: W is first at t0
        if d > 0 and (t := t0 - gap / d) <= 1.0:
            up.append((t, i))
        elif d < 0 and (t := t0 - gap / d) >= 0.0:
            down.append((t, i))

    def nearest(cands: list[tuple[float, int]], sign: int) -> Flip | None:
        end = 1.0 if sign > 0 else 0.0
        # A line that only catches up at the end of [0, 1] ties there and leads nowhere beyond: it takes
        # first place only if it wins the tie-break.
        cands = [(t, i) for t, i in cands if abs(t - end) > 1e-9 or table.ties[i] < table.ties[win]]
        cands = [(end, i) if abs(t - end) <= 1e-9 else (t, i) for t, i in cands]
        if not cands:
            return None
        t_star = min(c[0] for c in cands) if sign > 0 else max(c[0] for c in cands)
        tied = [i for t, i in cands if abs(t - t_star) <= 1e-12]
        # Of the lines crossing there, the one rising fastest in the direction of travel leads just beyond.
        new = max(tied, key=lambda i: (sign * slope[i], -table.ties[i]))
        return Flip(t_star, t_star - t0, table.alternatives[new].id)

    return nearest(up, 1), nearest(down, -1)


def _topsis_flips(table: Table, w: Sequence[float], k: int, win: int) -> tuple[Flip | None, Flip | None]:
    u = others_rescaled(w, k)
    hi, lo = table.extremes()
    u2 = [x * x for x in u]
    far = [sum(map(mul, u2, [(h - x) ** 2 for h, x in zip(hi, row)])) for row in table.rows]
    near = [sum(map(mul, u2, [(x - low) ** 2 for low, x in zip(lo, row)])) for row in table.rows]
    far_k = [(hi[k] - row[k]) ** 2 for row in table.rows]
    near_k = [(row[k] - lo[k]) ** 2 for row in table.rows]

    def first(t: float) -> int:
        t2, s2 = t * t, (1.0 - t) ** 2
        scores = [closeness(t2 * fk + s2 * f, t2 * nk + s2 * n) for fk, f, nk, n in zip(far_k, far, near_k, near)]
        return table.first(scores)

    t0 = w[k]

    def scan(sign: int) -> Flip | None:
        end = 1.0 if sign > 0 else 0.0
        prev, steps = t0, 1
        while prev != end:
            t = t0 + sign * GRID_STEP * steps
            t = min(t, 1.0) if sign > 0 else max(t, 0.0)
            steps += 1
            if first(t) != win:
                inside, outside = prev, t
                while abs(outside - inside) > 1e-12:
                    mid = (inside + outside) / 2
                    if first(mid) != win:
                        outside = mid
                    else:
                        inside = mid
                return Flip(outside, outside - t0, table.alternatives[first(outside)].id)
            prev = t
        return None

    return scan(1), scan(-1)


def weight_thresholds(table: Table, w: Sequence[float]) -> list[WeightChange]:
    """Per criterion, the nearest weights up and down that put another alternative first (see the module docstring).

    `w` are the normalised weights in the table's criteria order.
    """
    n, m = len(table.alternatives), len(table.criteria)
    if n == 0:
        return []
    win = table.first(table.scores(w))
    flips = _ws_flips if table.method == "weighted-sum" else _topsis_flips
    out = []
    for k, c in enumerate(table.criteria):
        up, down = flips(table, w, k, win) if n > 1 and m > 1 else (None, None)
        out.append(WeightChange(c.id, w[k], up, down))
    return out


def win_shares(table: Table, w: Sequence[float], samples: int = DEFAULT_SAMPLES, seed: int = 0) -> dict[str, float]:
    """Alternative id → share of `samples` random weight vectors (uniform over the simplex of the positively
    weighted criteria, seeded) under which it ranks first. Every alternative is listed, most with 0."""
    if samples < 1:
        raise ValueError(f"samples must be >= 1, not {samples}")
    alts = table.alternatives
    shares = {a.id: 0.0 for a in alts}
    if not alts:
        return shares
    active = [j for j, x in enumerate(w) if x > 0]
    # A dominated alternative cannot rank first under positive weights (it loses or ties and loses the
    # tie-break), so only the Pareto front is scored; in tie-break order so that index() breaks ties.
    cands = sorted(front_indices(alts, table.criteria), key=lambda i: table.ties[i])
    counts = [0] * len(cands)
    rnd = random.Random(seed).random
    log = math.log
    dims = range(len(active))
    if table.method == "weighted-sum":
        rows = [[table.rows[i][j] for j in active] for i in cands]
        for _ in range(samples):
            ws = [-log(1.0 - rnd()) for _ in dims]  # exponentials: normalised they are uniform on the simplex
            scores = [sum(map(mul, ws, r)) for r in rows]
            counts[scores.index(max(scores))] += 1
    else:
        ideal, anti = table.extremes()
        hi = [ideal[j] for j in active]
        lo = [anti[j] for j in active]
        far = [[(h - table.rows[i][j]) ** 2 for h, j in zip(hi, active)] for i in cands]
        near = [[(table.rows[i][j] - low) ** 2 for low, j in zip(lo, active)] for i in cands]
        pairs = list(zip(far, near))
        for _ in range(samples):
            ws = [-log(1.0 - rnd()) for _ in dims]
            w2 = [x * x for x in ws]
            scores = [closeness(sum(map(mul, w2, f)), sum(map(mul, w2, nr))) for f, nr in pairs]
            counts[scores.index(max(scores))] += 1
    for i, count in zip(cands, counts):
        shares[alts[i].id] = count / samples
    return shares


def verdict(share: float, smallest_change: float | None) -> Verdict:
    """The robustness verdict from the winner's share of samples and the smallest flipping weight change."""
    holds = (share >= ROBUST_SHARE) + (smallest_change is None or abs(smallest_change) >= ROBUST_CHANGE)
    return "robust" if holds == 2 else "moderate" if holds == 1 else "fragile"


def analyse(table: Table, w: Sequence[float], samples: int = DEFAULT_SAMPLES, seed: int = 0) -> Sensitivity:
    """Both parts and the verdict for the table's first-ranked alternative under weights `w`."""
    if not table.alternatives:
        return Sensitivity(table.method, None, (), {}, samples, seed, None)
    winner = table.alternatives[table.first(table.scores(w))].id
    changes = tuple(weight_thresholds(table, w))
    shares = win_shares(table, w, samples, seed)
    flips = [f for c in changes if (f := c.smallest) is not None]
    smallest = min((abs(f.delta) for f in flips), default=None)
    return Sensitivity(table.method, winner, changes, shares, samples, seed, verdict(shares[winner], smallest))
