#!/usr/bin/env python3
"""Time `openspec report` (Markdown and HTML) on a 50x workspace (a script, not a test).

usage: python benchmarks/report.py [--copies 50] [--rounds 5] [--shared ../shared]

The workspace is `../shared/tools/make-big-workspace` of the corpus's Fission-AI workspace (50 copies:
~1,000 active changes). It has no decision file, so one is written into the copy: 50 of its changes as
options, judged on facts every change has (`source: tasks`, `source: progress`), and 10 paths of 2-5 options.
The copy is made a git repository with one commit, as a real workspace is, so history does its whole work:
the log of every change, the initial lines of each at its first commit, a burn-up per tasks.md.
Four commands are timed end to end, each as a fresh process of a regular (non-editable) install (start-up,
reading, deciding, rendering, writing): the decision document and the status report, each as md and html.
Prints the median wall time of `--rounds` runs (after one warm-up) and the CPU time of the process tree
(steadier on a busy machine: history runs in a forked child alongside), and exits 1 when a median is over
the target (2 s).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "benchmarks" / ".work"
sys.path.insert(0, str(REPO))

from benchmarks.validate import ours  # noqa: E402  (needs the checkout on sys.path)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_AUTHOR_DATE": "2026-01-05T10:00:00Z",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00Z",
}  # fmt: skip
TARGET = 2.0
OPTIONS = 50
PATHS = 10


def make_workspace(shared: Path, copies: int) -> Path:
    out = WORK / f"report-x{copies}"
    source = shared / "corpus" / "workspaces" / "Fission-AI__OpenSpec"
    tool = shared / "tools" / "make-big-workspace"
    if not source.is_dir() or not tool.exists():
        raise SystemExit(f"needs {source} and {tool}")
    subprocess.run([sys.executable, str(tool), str(source), str(out), str(copies)], check=True, stdout=subprocess.DEVNULL)
    changes = sorted(p.name for p in (out / "openspec" / "changes").iterdir() if p.is_dir() and p.name != "archive")
    options = changes[:OPTIONS]
    rng = random.Random(1)
    lines = [
        "id: bench",
        "title: Benchmark decision",
        "question: Which changes first?",
        "options:",
        *[f"  - {o}" for o in options],
        "criteria:",
        "  - {id: size, label: Tasks, direction: cost, weight: 0.6, source: tasks}",
        "  - {id: progress, label: Progress, direction: benefit, weight: 0.4, source: progress}",
        "paths:",
    ]
    for n in range(PATHS):
        members = ", ".join(rng.sample(options, rng.randint(2, 5)))
        lines.append(f"  - {{id: P{n + 1}, name: Path {n + 1}, options: [{members}], schedule: sequential, summary: bench}}")
    decisions = out / "openspec" / "decisions"
    decisions.mkdir(exist_ok=True)
    (decisions / "bench.yaml").write_text("\n".join(lines) + "\nchosen: null\n", encoding="utf-8")
    env = dict(os.environ, **GIT_ENV)
    shutil.rmtree(out / ".git", ignore_errors=True)
    for git_args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "50x workspace"]):
        subprocess.run(["git", *git_args], cwd=out, env=env, check=True)
    return out


def time_once(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and every process it started)."""
    env = dict(os.environ, NO_COLOR="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode and cmd[-1] != "check":  # check exits 1 when it has findings
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    args = parser.parse_args()
    root = make_workspace(Path(args.shared).resolve(), args.copies)
    n_changes = sum(1 for p in (root / "openspec" / "changes").iterdir() if p.is_dir() and p.name != "archive")
    print(f"workspace: {root.relative_to(REPO)} ({n_changes} active changes; decision: {OPTIONS} options, {PATHS} paths)")
    openspec = ours()[0]
    base = [openspec, "report"]
    runs = {
        "decision document, md": [*base, "decision", "-o", str(WORK / "bench.md")],
        "decision document, html": [*base, "decision", "--format", "html", "-o", str(WORK / "bench.html")],
        "status, md": [*base, "status", "-o", str(WORK / "status.md")],
        "status, html": [*base, "status", "--format", "html", "-o", str(WORK / "status.html")],
    }
    failed = False
    for label, cmd in runs.items():
        time_once(cmd, root)  # warm-up: file cache, .pyc
        runs_ = [time_once(cmd, root) for _ in range(args.rounds)]
        times = [wall for wall, _ in runs_]
        median, cpu = statistics.median(times), statistics.median(c for _, c in runs_)
        size = Path(cmd[cmd.index("-o") + 1]).stat().st_size
        verdict = "ok" if median <= TARGET else "OVER TARGET"
        print(
            f"{label:<24} median {median:.3f} s  (min {min(times):.3f}, max {max(times):.3f}; CPU {cpu:.3f} s; "
            f"{size:,} bytes)  {verdict}"
        )
        failed |= median > TARGET
    # For scale: the planning check alone reads and parses the same workspace.
    check = [time_once([openspec, "check"], root)[0] for _ in range(args.rounds)]
    print(f"{'(openspec check, for scale)':<24} median {statistics.median(check):.3f} s")
    print(f"target: <= {TARGET:.1f} s each")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
