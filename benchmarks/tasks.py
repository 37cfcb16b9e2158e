#!/usr/bin/env python3
"""Time and memory of the planning readers on large and adversarial documents (a script, not a test).

usage: python benchmarks/tasks.py [--rounds 3] [--only NAME]

Each case runs in a fresh process (so its peak resident memory is its own): the document is built, then read
by `parse_tasks` (and `parse_proposal` for the proposal cases); the script prints the median CPU time of
`--rounds` runs and the process's peak memory (the text itself included), and exits 1 when a case is over
its target: 1 s for the 100,000-line and 100,000-heading documents and the once-quadratic lines, and
1 s / 200 MB for the 10 MB files.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "seeds" / "002_1af9bb83d8ea3944.txt"
MB = 10_000_000


def _fill(unit: str, size: int = MB) -> str:
    return (unit * (size // len(unit) + 1))[:size]


CASES: dict[str, tuple[str, float, float | None]] = {
    # name: (expression building the text, seconds, megabytes)
    "tasks.md, 100,000 lines": (
        "''.join(f'- [ ] {i}.1 Task {i} {{est: 1h; after: {i - 1}.1}}\\n' for i in range(1, 100_001))",
        1.0,
        None,
    ),
    "proposal, 100,000 headings": ("''.join(f\"{'#' * (1 + i % 6)} Heading {i}\\ntext\\n\" for i in range(100_000))", 1.0, None),
    "metric line, 20,000 spaces": ("'- x: y' + ' ' * 20_000 + 'z->'", 1.0, None),
    "label, 100,000 spaces": ("'**Total Tasks**:' + ' ' * 100_000", 1.0, None),
    "10 MB: a TODO plan (seed 002)": (f"_fill(open({str(SEED)!r}, encoding='utf-8').read())", 1.0, 200.0),
    "10 MB: rich task blocks": (
        "_fill('## S\\n- [ ] **T-1**: do\\n    - **Effort**: S (2 hours)\\n    - **Dependencies**: None\\n"
        "    - **Acceptance Criteria**:\\n        - ok\\n')",
        1.0,
        200.0,
    ),
    "10 MB: numbered tasks with attributes": (
        "_fill(''.join(f'- [ ] {i}.{j} Implement part {j} {{est: 2h; after: {i}.{j - 1}}}\\n'"
        " for i in (1, 2) for j in range(1, 50)))",
        1.0,
        200.0,
    ),
    "10 MB: one short checkbox per line": ("_fill('- [ ] do a thing\\n')", 1.0, 200.0),
}

CHILD = """
import json, resource, statistics, sys, time
sys.path.insert(0, {root!r})
from openspec_tool.read.proposal import parse_proposal
from openspec_tool.read.tasks_doc import parse_tasks
def _fill(unit, size={mb}):
    return (unit * (size // len(unit) + 1))[:size]
text = {expr}
times = []
for _ in range({rounds}):
    started = time.process_time()
    if {proposal}:
        parse_proposal(text, "p.md")
    else:
        parse_tasks(text, "t.md")
    times.append(time.process_time() - started)
print(json.dumps({{"seconds": statistics.median(times), "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_case(name: str, rounds: int) -> dict[str, float]:
    expr, _, _ = CASES[name]
    code = CHILD.format(root=str(ROOT), mb=MB, expr=expr, rounds=rounds, proposal=name.startswith(("proposal", "metric")))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default=None, help="run the cases whose name contains this")
    args = parser.parse_args()
    failed = False
    for name, (_, seconds, megabytes) in CASES.items():
        if args.only and args.only not in name:
            continue
        if "seed" in name and not SEED.exists():
            print(f"{name}: skipped (../shared/seeds is absent)")
            continue
        got = run_case(name, args.rounds)
        over = got["seconds"] > seconds or (megabytes is not None and got["mb"] > megabytes)
        failed |= over
        target = f"≤ {seconds:g} s" + (f", ≤ {megabytes:g} MB" if megabytes else "")
        verdict = "  OVER" if over else ""
        print(f"{name}: {got['seconds']:.2f} s CPU (median of {args.rounds}), peak {got['mb']:.0f} MB  [{target}]{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
