#!/usr/bin/env python3
"""Time `collect_history` over a repository of 1,000 commits (a script, not a test).

usage: python benchmarks/history.py [--commits 1000] [--changes 20] [--rounds 3] [--keep]

Builds a temporary repository with `git fast-import`: a first commit creating `--changes` changes
(proposal, design, a spec and a 60-task tasks.md each), then one commit per task checked off,
round-robin over the changes, two hours apart. Times `collect_history` with the default base and with
`--since DATE`; prints the median of `--rounds` runs of each (after one warm-up run that pays the
GitPython import, shown separately) and exits 1 when a median is over the target (3 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openspec_tool.history.git_history import collect_history

TARGET = 3.0
TASKS = 60
START = 1748736000  # 2025-06-01T00:00:00Z


def _tasks(cid: str, done: int) -> str:
    # The change id in every line keeps each change's blobs distinct, as in a real repository.
    return "## 1. Work\n\n" + "".join(f"- [{'x' if i < done else ' '}] 1.{i + 1} Task {i + 1} of {cid}\n" for i in range(TASKS))


def _doc(title: str, n: int) -> str:
    return f"# {title}\n\n" + "".join(f"Line {i} of {title}, with some words to make it look like prose.\n" for i in range(n))


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def fast_import_stream(commits: int, changes: int) -> bytes:
    ids = [f"change-{i:02d}" for i in range(changes)]
    out: list[bytes] = []

    def commit(n: int, message: str, files: dict[str, str]) -> None:
        when = START + n * 7200
        out.append(b"commit refs/heads/main\n")
        out.append(b"committer Bench <bench@example.com> %d +0000\n" % when)
        out.append(_data(message))
        for path, text in files.items():
            out.append(f"M 100644 inline {path}\n".encode())
            out.append(_data(text))

    first: dict[str, str] = {"README.md": "bench\n"}
    for cid in ids:
        base = f"openspec/changes/{cid}"
        first[f"{base}/proposal.md"] = _doc(f"Proposal {cid}", 80)
        first[f"{base}/design.md"] = _doc(f"Design {cid}", 40)
        first[f"{base}/specs/cap-{cid}/spec.md"] = _doc(f"Spec {cid}", 60)
        first[f"{base}/tasks.md"] = _tasks(cid, 0)
    commit(0, "create changes", first)
    done = dict.fromkeys(ids, 0)
    for n in range(1, commits):
        cid = ids[n % changes]
        done[cid] = min(TASKS, done[cid] + 1)
        commit(n, f"{cid}: task {done[cid]}", {f"openspec/changes/{cid}/tasks.md": _tasks(cid, done[cid])})
    return b"".join(out)


def make_repo(root: Path, commits: int, changes: int) -> list[str]:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=fast_import_stream(commits, changes), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True, env=env)
    return [f"change-{i:02d}" for i in range(changes)]


def timed(root: Path, ids: list[str], since: str | None) -> tuple[float, int]:
    t0 = time.perf_counter()
    history = collect_history(root, root, ids, since)
    elapsed = time.perf_counter() - t0
    return elapsed, sum(len(b.points) for b in history.burnups)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated repository and print its path")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="openspec-history-bench-"))
    try:
        t0 = time.perf_counter()
        ids = make_repo(tmp / "repo", args.commits, args.changes)
        print(f"repository: {args.commits} commits, {args.changes} changes, built in {time.perf_counter() - t0:.2f} s")
        warm, points = timed(tmp / "repo", ids, None)
        print(f"first call (pays the GitPython import): {warm:.3f} s, {points} burn-up points")
        failed = False
        for label, since in (("default base", None), ("--since 2025-06-20", "2025-06-20")):
            runs = [timed(tmp / "repo", ids, since)[0] for _ in range(args.rounds)]
            median = statistics.median(runs)
            ok = median <= TARGET
            failed |= not ok
            verdict = "ok" if ok else "OVER"
            print(f"collect_history, {label}: median {median:.3f} s of {args.rounds} (target <= {TARGET:.0f} s) {verdict}")
    finally:
        if args.keep:
            print(f"kept: {tmp / 'repo'}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
