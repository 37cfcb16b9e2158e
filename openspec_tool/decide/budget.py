"""The best set of options whose effort fits a budget in hours (0/1 knapsack).

Objective: maximise the sum of the chosen options' scores (the engine passes weighted-sum scores; any
non-negative scores work). Effort is each option's effort range read at a bound: `high` by default (the set
fits even if every option takes its longest estimate), or `mid` / `low`. Ties in score go to the set with
less effort (branch-and-bound keeps the first best set it finds). Options without an effort range cannot
be shown to fit and are left out (listed in `skipped`); an option with a score of 0 or less is never worth
choosing; one with no (or negative) effort and a positive score is always chosen.

Exact: meet-in-the-middle up to 30 candidate options (all subsets of each half, about 2**15 each at most),
branch-and-bound with the fractional-knapsack bound above that. Branch-and-bound stops after
`NODE_LIMIT` nodes and then reports its best set with `exact = False`.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from openspec_tool.decide.model import Alternative, Bound, Range, sum_ranges

MEET_IN_THE_MIDDLE_MAX = 30
NODE_LIMIT = 200_000
_EPS = 1e-9


@dataclass(frozen=True)
class BudgetChoice:
    budget_hours: float
    bound: Bound
    chosen: tuple[str, ...]  # option ids, in input order
    effort: Range  # the chosen options' summed effort range
    score: float
    considered: int  # subsets (meet-in-the-middle: half-subsets) or nodes (branch-and-bound) examined
    search_space: int  # 2 ** candidate options
    exact: bool
    algorithm: Literal["meet-in-the-middle", "branch-and-bound"]
    skipped: tuple[str, ...]  # options without an effort range

    def to_json(self) -> dict[str, Any]:
        return {
            "budgetHours": self.budget_hours,
            "bound": self.bound,
            "chosen": list(self.chosen),
            "effort": self.effort.to_json(),
            "score": self.score,
            "considered": self.considered,
            "searchSpace": self.search_space,
            "exact": self.exact,
            "algorithm": self.algorithm,
            "skipped": list(self.skipped),
        }


def _better(score: float, cost: float, best_score: float, best_cost: float) -> bool:
    return score > best_score + _EPS or (score >= best_score - _EPS and cost < best_cost - _EPS)


def _halves(items: Sequence[tuple[float, float]]) -> list[tuple[float, float, int]]:
    """(cost, score, bitmask) of every subset of `items`."""
    subsets = [(0.0, 0.0, 0)]
    for bit, (cost, score) in enumerate(items):
        flag = 1 << bit
        subsets += [(c + cost, s + score, m | flag) for c, s, m in subsets]
    return subsets


def _meet_in_the_middle(items: Sequence[tuple[float, float]], capacity: float) -> tuple[int, int]:
    """(bitmask of the best subset, half-subsets examined)."""
    half = len(items) // 2
    left, right = _halves(items[:half]), _halves(items[half:])
    right.sort(key=lambda x: (x[0], -x[1]))
    costs = [r[0] for r in right]
    # best[i]: the highest-scoring (then cheapest) subset among right[0..i]
    best: list[tuple[float, float, int]] = []
    for r in right:
        if not best or r[1] > best[-1][1] + _EPS:
            best.append(r)
        else:
            best.append(best[-1])
    top_score, top_cost, top_mask = -1.0, 0.0, 0
    for cost, score, mask in left:
        room = capacity - cost
        i = bisect.bisect_right(costs, room + _EPS) - 1
        if i < 0:
            continue
        rc, rs, rm = best[i]
        if _better(score + rs, cost + rc, top_score, top_cost):
            top_score, top_cost, top_mask = score + rs, cost + rc, mask | (rm << half)
    return top_mask, len(left) + len(right)


def _branch_and_bound(items: Sequence[tuple[float, float]], capacity: float) -> tuple[int, int, bool]:
    """(bitmask of the best subset found, nodes examined, finished)."""
    order = sorted(range(len(items)), key=lambda i: -items[i][1] / items[i][0])
    costs = [items[i][0] for i in order]
    scores = [items[i][1] for i in order]
    n = len(order)
    best_score, best_cost, best_mask = -1.0, 0.0, 0  # mask over `order` positions
    nodes = 0

    def bound(pos: int, room: float, score: float) -> float:
        for j in range(pos, n):
            if costs[j] <= room:
                room -= costs[j]
                score += scores[j]
            else:
                return score + scores[j] * room / costs[j]
        return score

    stack: list[tuple[int, float, float, float, int]] = [(0, capacity, 0.0, 0.0, 0)]
    while stack:
        pos, room, score, cost, mask = stack.pop()
        nodes += 1
        if _better(score, cost, best_score, best_cost):
            best_score, best_cost, best_mask = score, cost, mask
        if nodes >= NODE_LIMIT:
            break
        if pos == n or bound(pos, room, score) <= best_score + _EPS:
            continue
        stack.append((pos + 1, room, score, cost, mask))
        if costs[pos] <= room + _EPS:
            stack.append((pos + 1, room - costs[pos], score + scores[pos], cost + costs[pos], mask | (1 << pos)))
    mask = 0
    for pos, i in enumerate(order):
        if best_mask >> pos & 1:
            mask |= 1 << i
    return mask, nodes, not stack


def best_within_budget(
    options: Sequence[Alternative],
    scores: Mapping[str, float],
    budget_hours: float,
    bound: Bound = "high",
    costs: Mapping[str, float] | None = None,
) -> BudgetChoice:
    """The set of options with the highest total score whose effort (read at `bound`, or `costs` where given: the
    options' P80s) is at most `budget_hours`."""
    if bound not in ("low", "mid", "high"):
        raise ValueError(f"bound must be low, mid or high, not {bound!r}")
    skipped = tuple(o.id for o in options if o.effort is None)
    free: list[int] = []
    cand: list[int] = []
    items: list[tuple[float, float]] = []
    for i, o in enumerate(options):
        if o.effort is None or scores.get(o.id, 0.0) <= 0:
            continue
        cost = costs[o.id] if costs is not None and o.id in costs else o.effort.bound(bound)
        if cost <= 0:
            free.append(i)
        else:
            cand.append(i)
            items.append((cost, scores[o.id]))
    capacity = max(0.0, budget_hours)
    if len(items) <= MEET_IN_THE_MIDDLE_MAX:
        mask, considered = _meet_in_the_middle(items, capacity)
        exact = True
        algorithm: Literal["meet-in-the-middle", "branch-and-bound"] = "meet-in-the-middle"
    else:
        mask, considered, exact = _branch_and_bound(items, capacity)
        algorithm = "branch-and-bound"
    picked = set(free) | {cand[j] for j in range(len(cand)) if mask >> j & 1}
    chosen = [options[i] for i in sorted(picked)]
    return BudgetChoice(
        budget_hours=budget_hours,
        bound=bound,
        chosen=tuple(o.id for o in chosen),
        effort=sum_ranges(o.effort for o in chosen if o.effort is not None),
        score=sum(scores[o.id] for o in chosen),
        considered=considered,
        search_space=2 ** len(items),
        exact=exact,
        algorithm=algorithm,
        skipped=skipped,
    )
