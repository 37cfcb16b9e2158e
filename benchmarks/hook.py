#!/usr/bin/env python3
"""What the pre-commit hook adds to a commit: `git commit` timed with and without it.

usage: python benchmarks/hook.py [--rounds 5] [--copies 50] [--shared ../shared] [--limit 0.25]

A 50× copy of the Fission-AI corpus workspace (2,900 items, made with `../shared/tools/make-big-workspace`)
is committed in a temporary repository; one change's delta spec is edited and staged; then `git commit` is
timed with our hook installed and with an empty hooks folder, alternating, undoing each commit with
`git reset --soft` so every run commits the same thing. Prints both medians and the difference, which must
stay within --limit seconds (exit 1 otherwise). The hook runs from a regular (non-editable) install of this
checkout, as users get it (see benchmarks/validate.py).
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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.validate import ours  # noqa: E402  (needs the checkout on sys.path)

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "NO_COLOR": "1",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True, text=True).stdout


def timed_commit(repo: Path, hooks_path: str | None) -> float:
    extra = ["-c", f"core.hooksPath={hooks_path}"] if hooks_path else []
    start = time.perf_counter()
    proc = subprocess.run(["git", *extra, "commit", "-q", "-m", "bench"], cwd=repo, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"git commit failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    git(repo, "reset", "-q", "--soft", "HEAD~1")
    return elapsed


def build(repo: Path, shared: Path, copies: int) -> str:
    """The big workspace, committed; returns the staged delta spec's path."""
    source = shared / "corpus" / "workspaces" / "Fission-AI__OpenSpec"
    maker = shared / "tools" / "make-big-workspace"
    subprocess.run([sys.executable, str(maker), str(source), str(repo), str(copies)], check=True, stdout=subprocess.DEVNULL)
    git(repo, "init", "-q")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "workspace")
    deltas = sorted(git(repo, "ls-files", "--", "openspec/changes/*/specs/*/spec.md").splitlines())
    delta = deltas[len(deltas) // 2]
    with open(repo / delta, "a", encoding="utf-8") as fh:
        fh.write("\n<!-- edited for the benchmark -->\n")
    git(repo, "add", "--", delta)
    return delta


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--limit", type=float, default=0.25, help="The most the hook may add, in seconds.")
    a = ap.parse_args()
    shared = Path(a.shared)
    if not (shared / "corpus" / "workspaces" / "Fission-AI__OpenSpec").is_dir():
        print(f"no corpus under {shared}", file=sys.stderr)
        return 2
    openspec = ours()[0]
    work = Path(tempfile.mkdtemp(prefix="openspec-hook-bench-"))
    try:
        repo = work / "repo"
        repo.mkdir()
        delta = build(repo, shared, a.copies)
        items = len(git(repo, "ls-files", "--", "openspec/changes/*/proposal.md").splitlines())
        empty_hooks = work / "no-hooks"
        empty_hooks.mkdir()
        subprocess.run([openspec, "hooks", "install"], cwd=repo, env=ENV, check=True, stdout=subprocess.DEVNULL)
        check = subprocess.run(
            [openspec, "hooks", "run", "pre-commit", "--json"], cwd=repo, env=ENV, capture_output=True, text=True
        )
        if check.returncode != 0:
            print(f"the hook blocks the benchmark commit:\n{check.stdout}{check.stderr}", file=sys.stderr)
            return 2
        for _ in range(2):  # warm the page cache and git's own caches
            timed_commit(repo, None)
            timed_commit(repo, str(empty_hooks))
        with_hook: list[float] = []
        without: list[float] = []
        hook_alone: list[float] = []
        for _ in range(a.rounds):
            with_hook.append(timed_commit(repo, None))
            without.append(timed_commit(repo, str(empty_hooks)))
            start = time.perf_counter()
            subprocess.run([openspec, "hooks", "run", "pre-commit"], cwd=repo, env=ENV, capture_output=True)
            hook_alone.append(time.perf_counter() - start)
        w, wo = statistics.median(with_hook), statistics.median(without)
        print(f"workspace: {a.copies}x Fission-AI ({items} changes), staged: {delta}")
        print(f"git commit without the hook  {wo:.3f} s (median of {a.rounds})")
        print(f"git commit with the hook     {w:.3f} s (median of {a.rounds})")
        print(f"difference                   {w - wo:+.3f} s (limit {a.limit:.2f} s)")
        print(f"openspec hooks run (CLI) alone {statistics.median(hook_alone):.3f} s")
        return 0 if w - wo <= a.limit else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
