#!/usr/bin/env python3
"""Time `openspec validate --all --json` against the reference CLI, and compare peak memory.

usage: python benchmarks/validate.py [--ref PATH] [--rounds N] [--copies 50] [--shared ../shared]

Workspaces: the Fission-AI workspace of the shared corpus (58 items) and an N-times copy of it made with
`../shared/tools/make-big-workspace` (2,900 items at 50). Runs alternate (ours, reference, ours, …) so
that machine noise falls on both; the medians and their ratio are printed. Peak memory is the largest sum
of resident memory over each command's whole process tree, sampled every 5 ms in a separate run.
The reference CLI is looked up at --ref, $OPENSPEC_REFERENCE, or ../ref/node_modules/.bin/openspec
(install it outside the repo: `npm install @fission-ai/openspec@1.13.2`); without it only ours is timed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "benchmarks" / ".work"
OURS: list[str] = []


def find_reference(arg: str | None) -> str | None:
    for candidate in (arg, os.environ.get("OPENSPEC_REFERENCE"), str(REPO.parent / "ref" / "node_modules" / ".bin" / "openspec")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def ours() -> list[str]:
    """Our CLI from a regular (non-editable) install of this checkout, as users get it.

    An editable install adds ~30 ms of import hooks to every start, which is not what users run.
    """
    venv = WORK / "venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(REPO)], check=True)
    else:
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", "--force-reinstall", str(REPO)], check=True)
    return [str(venv / "bin" / "openspec")]


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        pid, ppid = int(entry), int(fields.get("PPid", "0").strip())
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_once(cmd: list[str], cwd: Path, sample: bool = False) -> tuple[float, int]:
    env = dict(os.environ, OPENSPEC_TELEMETRY="0", NO_COLOR="1")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    if sample:
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.005)
    proc.wait()
    return time.perf_counter() - start, peak


def bench(name: str, cwd: Path, ref: str | None, rounds: int) -> dict[str, float]:
    args = ["validate", "--all", "--json", "--no-interactive"]
    commands = {"ours": OURS + args}
    if ref:
        commands["reference"] = [ref, *args]
    times: dict[str, list[float]] = {k: [] for k in commands}
    for cmd in commands.values():  # warm the page cache and node's compile cache
        run_once(cmd, cwd)
    for _ in range(rounds):
        for who, cmd in commands.items():
            times[who].append(run_once(cmd, cwd)[0])
    peaks = {who: run_once(cmd, cwd, sample=True)[1] for who, cmd in commands.items()}
    out = {f"{who}_median_s": statistics.median(ts) for who, ts in times.items()}
    out.update({f"{who}_peak_mb": peaks[who] / 1024 for who in commands})
    line = f"{name:<22} ours {out['ours_median_s']:.3f} s  {out['ours_peak_mb']:.0f} MB"
    if ref:
        ratio = out["reference_median_s"] / out["ours_median_s"]
        out["speedup"] = ratio
        line += (
            f"   reference {out['reference_median_s']:.3f} s  {out['reference_peak_mb']:.0f} MB"
            f"   speed-up {ratio:.1f}x   memory {out['ours_peak_mb'] / out['reference_peak_mb']:.2f} of reference"
        )
    print(line, flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    a = ap.parse_args()
    shared = Path(a.shared)
    source = shared / "corpus" / "workspaces" / "Fission-AI__OpenSpec"
    if not source.is_dir():
        print(f"no corpus at {source}", file=sys.stderr)
        return 2
    global OURS
    OURS = ours()
    ref = find_reference(a.ref)
    if not ref:
        print("reference CLI not found: timing ours only", file=sys.stderr)
    big = WORK / f"fission-x{a.copies}"
    if not (big / "openspec").is_dir():
        WORK.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(big, ignore_errors=True)
        maker = shared / "tools" / "make-big-workspace"
        subprocess.run([sys.executable, str(maker), str(source), str(big), str(a.copies)], check=True)
    bench("fission (58 items)", source, ref, a.rounds)
    bench(f"fission x{a.copies} ({a.copies * 58} items)", big, ref, max(3, a.rounds // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
