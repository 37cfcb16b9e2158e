#!/usr/bin/env python3
"""Fuzz every command for longer than the test suite does (a script, not a test).

usage: python benchmarks/fuzz.py [--examples 5000] [--seed N]

The property is tests/fuzz_commands.py's (the suite runs it on 60 fixed examples): a workspace drawn from
markdown, YAML and hostile pieces, one command in-process, and every promise about how a command ends checked
(exit 0/1/2, no traceback, one line per error, no control character in human output, valid JSON, no hang).
Prints the smallest failing example hypothesis finds and exits 1, or the number of runs and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, seed, settings

from tests.fuzz_commands import commands, files, run_one


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    runs = [0]

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(tree=files, argv=commands)
    def prop(tree: dict[str, str | bytes], argv: list[str]) -> None:
        runs[0] += 1
        run_one(tree, argv)

    start = time.monotonic()
    try:
        prop()
    except Exception as exc:
        print(f"seed {args.seed}: failed after {runs[0]} runs:\n{exc}")
        return 1
    print(f"seed {args.seed}: {runs[0]} runs, no failure ({time.monotonic() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
