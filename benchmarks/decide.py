#!/usr/bin/env python3
"""Time the decision engine on synthetic facts (a script, not a test).

usage: python benchmarks/decide.py [--rounds 5] [--seed 1]

* `decide` on 50 options x 10 criteria, 10 paths of 2-5 options and a budget: both sensitivity parts
  (2,000 weight samples) and 10,000 Monte Carlo draws. Target: <= 0.5 s wall (weighted sum; TOPSIS is shown too).
* The budget search over 20 options (exact, meet-in-the-middle). Target: <= 1 s.

Prints the median of `--rounds` runs of each and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openspec_tool.decide import (
    Alternative,
    Criterion,
    DecisionInput,
    PathSpec,
    Range,
    best_within_budget,
    decide,
)

DECIDE_TARGET = 0.5
BUDGET_TARGET = 1.0


def facts(n_options: int, n_criteria: int, n_paths: int, seed: int) -> DecisionInput:
    rng = random.Random(seed)
    criteria = [
        Criterion("effort", "Effort", "cost", 0.2, source="effort"),
        *(
            Criterion(f"c{j}", f"Criterion {j}", rng.choice(["benefit", "cost"]), rng.uniform(0.05, 0.3))
            for j in range(1, n_criteria)
        ),
    ]
    options = []
    for i in range(n_options):
        low = rng.uniform(4, 30)
        effort = Range(low, low + rng.uniform(0, 30))
        values = {"effort": effort.mid, **{c.id: float(rng.randint(1, 5)) for c in criteria[1:]}}
        options.append(Alternative(f"o{i:02d}", f"Option {i}", values, effort, Range(1, rng.uniform(1, 4))))
    paths = [
        PathSpec(
            f"P{p}",
            f"Path {p}",
            tuple(rng.sample([o.id for o in options], rng.randint(2, 5))),
            rng.choice(["sequential", "parallel"]),
        )
        for p in range(n_paths)
    ]
    return DecisionInput(criteria, options, paths, budget_hours=200)


def median_time(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    inp = facts(50, 10, 10, args.seed)
    ws = median_time(lambda: decide(inp, samples=2000, draws=10_000), args.rounds)
    tp = median_time(lambda: decide(inp, method="topsis", samples=2000, draws=10_000), args.rounds)
    result = decide(inp)
    budget = result.budget
    assert budget is not None

    rng = random.Random(args.seed)
    twenty = [Alternative(f"o{i}", f"o{i}", {}, Range(lo := rng.uniform(4, 30), lo + rng.uniform(0, 30))) for i in range(20)]
    scores = {o.id: rng.random() for o in twenty}
    bt = median_time(lambda: best_within_budget(twenty, scores, 150), args.rounds)

    ok = ws <= DECIDE_TARGET and bt <= BUDGET_TARGET
    print(f"decide, 50 options x 10 criteria, 10 paths, 2,000 samples, 10,000 draws (median of {args.rounds}):")
    print(f"  weighted sum  {ws * 1000:7.1f} ms   (target <= {DECIDE_TARGET * 1000:.0f} ms)")
    print(f"  topsis        {tp * 1000:7.1f} ms   (for information)")
    print(f"  budget search inside decide: {budget.algorithm}, {len(budget.chosen)} options chosen, exact={budget.exact}")
    print(f"budget search, 20 options (median of {args.rounds}):")
    print(f"  {bt * 1000:7.1f} ms   (target <= {BUDGET_TARGET * 1000:.0f} ms)")
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
