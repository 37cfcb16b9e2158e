#!/usr/bin/env python3
"""Time the TUI (a script, not a test).

usage: python benchmarks/tui.py [--rounds 5] [--copies 50] [--shared ../shared] [--workspace DIR] [--only PART]

* First screen of a 2,900-item workspace (`make-big-workspace` of the Fission-AI corpus workspace, 50
  copies: 1,100 changes and 1,800 specs). Measured from before the process starts to the dashboard's first
  render with every change and every spec in its tables (the visible spec rows with their requirement
  counts): a child process builds the app exactly as `openspec tui` does (`cli/commands/tui.build`) and
  runs it headless. Target: <= 1 s (median of --rounds). Also printed: when every spec's requirements are
  counted (the headline's total), and the CPU time of the whole process tree.
* Weight change to new ranking on a synthetic decision with 50 options (5 criteria, 10 paths): from the
  call the → key makes to the next frame painted with the new ranking. Target: <= 50 ms (median, and the
  worst is printed too). The full 2,000-sample run that follows in a thread is timed for information.
* A large change to its first tab: a change with a 1,020-line proposal, a design, two delta specs and 521
  tasks (built from lgili/SpiceLab's M7 proposal and M13 + M3 task lists, MIT), opened from the dashboard:
  from `open_change` (what Enter calls) to the first frame that shows the proposal's text, in a fresh process
  after a second on the dashboard (as a person would). Target: <= 0.5 s (median). Also printed: when the
  whole proposal is built, and the Tasks tab (521 tasks) drawn after `[`.

`--only first-screen|weights|large-change` runs one part.

Prints the numbers and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
WORK = REPO / "benchmarks" / ".work"
FIRST_SCREEN_TARGET = 1.0
WEIGHT_TARGET = 0.050
FIRST_TAB_TARGET = 0.5
SPICELAB = "lgili__SpiceLab"


# -- first screen ------------------------------------------------------------------------------------


def child_first_screen(root: str) -> None:
    """Runs in a fresh process: build the app as the CLI does, print READY at the first full render."""
    from openspec_tool.cli.commands.tui import build
    from openspec_tool.tui.widgets.virtual_table import VirtualTable

    app = build(root, None, watch=False)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            while app.first_screen_at is None:
                await asyncio.sleep(0.001)
            changes = app.screen.query_one("#changes", VirtualTable).row_count
            specs = app.screen.query_one("#specs", VirtualTable).row_count
            print(f"READY {changes} {specs}", flush=True)
            while app.counted_at is None:
                await asyncio.sleep(0.001)
            print(f"COUNTED {app.counted_at - app.first_screen_at:.6f}", flush=True)
            await pilot.pause()

    asyncio.run(main())


def first_screen(root: Path, rounds: int) -> tuple[list[float], list[float], list[float], str]:
    """(first-screen times, all-counted times, CPU seconds of the process tree, what was shown)."""
    times: list[float] = []
    counted: list[float] = []
    cpu: list[float] = []
    shown = ""
    for _ in range(rounds):
        before = os.times()
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--child-first-screen", str(root)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        times.append(time.perf_counter() - start)
        if not line.startswith("READY"):
            raise SystemExit(f"the child did not report a first screen: {line!r}")
        shown = line.split(" ", 1)[1].strip()
        counted.append(times[-1] + float(proc.stdout.readline().split()[1]))
        proc.wait()
        after = os.times()
        cpu.append(after.children_user - before.children_user + after.children_system - before.children_system)
    return times, counted, cpu, shown


def big_workspace(shared: Path, copies: int, given: str | None) -> Path:
    if given:
        return Path(given)
    out = WORK / f"tui-big-{copies}"
    if not (out / "openspec" / "changes").is_dir():
        tool = shared / "tools" / "make-big-workspace"
        source = shared / "corpus" / "workspaces" / "Fission-AI__OpenSpec"
        if not tool.exists():
            raise SystemExit(f"{tool} is missing: pass --shared or --workspace")
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(tool), str(source), str(out), str(copies)], check=True, capture_output=True)
    return out


# -- weight change -----------------------------------------------------------------------------------


def synthetic_decision(root: Path, n_options: int = 50, n_paths: int = 10, seed: int = 1) -> Path:
    """A workspace of `n_options` changes with efforts and timelines, and a decision over all of them."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    options = []
    for i in range(n_options):
        cid = f"option-{i:02d}"
        options.append(cid)
        folder = root / "openspec" / "changes" / cid
        folder.mkdir(parents=True)
        low = rng.randint(4, 30)
        proposal = (
            f"# Option {i}\n\n**Effort**: {low}-{low + rng.randint(0, 30)} hours\n**Timeline**: 1-{rng.randint(1, 4)} weeks\n\n"
            "## Why\nBecause.\n\n## What Changes\n- Something.\n"
        )
        (folder / "proposal.md").write_text(proposal)
        (folder / "tasks.md").write_text("## 1. Work\n- [ ] 1.1 Do it\n")
    lines = ["id: big", "title: Fifty options", "options:"]
    lines += [f"  - {o}" for o in options]
    lines += [
        "criteria:",
        "  - {id: effort, direction: cost, weight: 0.3, source: effort}",
        "  - {id: impact, direction: benefit, weight: 0.3}",
        "  - {id: risk, direction: cost, weight: 0.2, aggregate: max}",
        "  - {id: roi, direction: benefit, weight: 0.1}",
        "  - {id: reach, direction: benefit, weight: 0.1}",
        "scores:",
    ]
    for o in options:
        impact, risk, roi, reach = (rng.randint(1, 5) for _ in range(4))
        lines.append(f"  {o}: {{impact: {impact}, risk: {risk}, roi: {roi}, reach: {reach}}}")
    lines.append("paths:")
    for p in range(n_paths):
        members = ", ".join(rng.sample(options, rng.randint(2, 5)))
        schedule = rng.choice(["sequential", "parallel"])
        lines.append(f"  - {{id: P{p}, name: Path {p}, options: [{members}], schedule: {schedule}}}")
    lines += ["constraints:", "  budget_hours: 200", "chosen: null", ""]
    (root / "openspec" / "decisions").mkdir(parents=True)
    (root / "openspec" / "decisions" / "big.yaml").write_text("\n".join(lines))
    return root


def weight_changes(root: Path, rounds: int) -> tuple[list[float], list[float], int]:
    """(press-to-paint times, full-run times, how many changes reordered the options)."""
    from openspec_tool.tui.app import create_app
    from openspec_tool.tui.screens.decision import DecisionScreen
    from openspec_tool.tui.widgets.rank_table import RankTable

    app = create_app(root, watch=False)
    quick: list[float] = []
    full: list[float] = []
    flips = 0

    async def main() -> None:
        nonlocal flips
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("4")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DecisionScreen) and screen.session is not None
            session = screen.session
            # Effort weighed heavily, then not at all; impact the same: each change reorders the options.
            changes = [("effort", 0.9), ("effort", 0.0), ("impact", 0.9), ("impact", 0.3)]
            for n in range(rounds * 4):
                criterion, value = changes[n % len(changes)]
                before = list(screen.query_one("#options-table", RankTable).ids)
                painted = asyncio.Event()
                start = time.perf_counter()
                screen.change_weight(criterion, value=value)  # what ←/→ and a typed weight call
                screen.call_after_refresh(painted.set)
                await painted.wait()
                quick.append(time.perf_counter() - start)
                flips += screen.query_one("#options-table", RankTable).ids != before
                start = time.perf_counter()
                session.full_result()
                full.append(time.perf_counter() - start)
                await pilot.pause(0.35)  # let the refine run of this change finish before the next
                await pilot.app.workers.wait_for_complete()

    asyncio.run(main())
    return quick, full, flips


# -- a large change ---------------------------------------------------------------------------------


def large_change(shared: Path) -> Path:
    """A workspace with one large change of real text (SpiceLab is MIT): 1,020-line proposal, 521 tasks."""
    from openspec_tool.read.tasks_doc import parse_tasks

    source = shared / "corpus" / "workspaces" / SPICELAB / "openspec"
    if not source.is_dir():
        raise SystemExit(f"{source} is missing: pass --shared")
    root = WORK / "tui-large-change"
    change = root / "openspec" / "changes" / "large-change"
    if (change / "tasks.md").is_file():
        return root
    if root.exists():
        shutil.rmtree(root)
    (change / "specs").mkdir(parents=True)
    proposal = (source / "changes/phase2-advanced/m7-measurements/proposal.md").read_text(encoding="utf-8")
    (change / "proposal.md").write_text("\n".join(proposal.splitlines()[:1020]) + "\n", encoding="utf-8")
    archived = source / "archive/add-comprehensive-components"
    shutil.copy(archived / "design.md", change / "design.md")
    for spec in (archived / "specs/components", source / "changes/usability-improvements/specs/usability"):
        shutil.copytree(spec, change / "specs" / spec.name)
    lines = [
        *(source / "changes/phase3-enterprise/m13-mixed-signal/tasks.md").read_text(encoding="utf-8").splitlines(),
        *(source / "changes/phase1-foundations/m3-components/tasks.md").read_text(encoding="utf-8").splitlines(),
    ]
    end = len(lines)
    while parse_tasks("\n".join(lines[:end]), "large-change").total > 521:
        end -= 1
    (change / "tasks.md").write_text("\n".join(lines[:end]) + "\n", encoding="utf-8")
    return root


def open_large_change(root: Path, rounds: int) -> tuple[list[float], list[float], list[float]]:
    """(to the first frame showing the proposal, to the whole proposal built, to the Tasks tab drawn) per round,
    each round a fresh process, as a person starts `openspec tui`, looks at the dashboard, and presses Enter."""
    first: list[float] = []
    whole: list[float] = []
    tasks: list[float] = []
    for _ in range(rounds):
        proc = subprocess.run(
            [sys.executable, __file__, "--child-large-change", str(root)], capture_output=True, text=True, check=True
        )
        line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("OPENED"))
        a, b, c = (float(x) for x in line.split()[1:])
        first.append(a)
        whole.append(b)
        tasks.append(c)
    return first, whole, tasks


def child_large_change(root: str) -> None:
    """Runs in a fresh process: the dashboard, a second to look at it, then Enter on the large change."""
    from openspec_tool.tui.app import create_app
    from openspec_tool.tui.widgets.task_tree import TaskTree

    app = create_app(Path(root), watch=False)
    shown: list[float] = []
    seen = asyncio.Event()  # waited on, not polled: a polling loop would slow the app it measures
    display = app._display

    def spy(screen: Any, renderable: Any) -> None:
        """Note the first frame (as sent to the terminal) in which the proposal has text laid out."""
        if not shown and renderable is not None and not app._batch_count and screen.query("DocView"):
            blocks = screen.query_one("DocView Markdown").query("MarkdownBlock")
            if blocks and blocks.first().region.height > 0:
                shown.append(time.perf_counter())
                seen.set()
        display(screen, renderable)

    app._display = spy  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(1.0)  # a person looks at the dashboard before pressing Enter
            await pilot.app.workers.wait_for_complete()
            start = time.perf_counter()
            app.open_change("large-change")
            await seen.wait()
            first = shown[0] - start
            view = app.screen.query_one("DocView")
            while not getattr(view, "loaded", True):
                await asyncio.sleep(0.02)
            whole = time.perf_counter() - start
            start = time.perf_counter()
            await pilot.press("left_square_bracket")
            drawn = asyncio.Event()
            app.screen.query_one(TaskTree).call_after_refresh(drawn.set)
            await drawn.wait()
            print(f"OPENED {first:.6f} {whole:.6f} {time.perf_counter() - start:.6f}", flush=True)

    asyncio.run(run())


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child-first-screen":
        child_first_screen(sys.argv[2])
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "--child-large-change":
        child_large_change(sys.argv[2])
        return 0
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--workspace", help="an existing big workspace instead of making one")
    ap.add_argument("--only", choices=("first-screen", "weights", "large-change"), help="run one part")
    args = ap.parse_args()
    ok = True

    if args.only in (None, "first-screen"):
        root = big_workspace(Path(args.shared), args.copies, args.workspace)
        times, counted, cpu, shown = first_screen(root, args.rounds)
        median = statistics.median(times)
        changes, specs = shown.split()
        items = f"{int(changes) + int(specs):,} items"
        print(f"first screen, {changes} changes + {specs} specs ({items}), process start to dashboard:")
        print(f"  median {median:6.3f} s   runs {' '.join(f'{t:.3f}' for t in times)}   (target <= {FIRST_SCREEN_TARGET:.1f} s)")
        print(f"  every spec's requirements counted: median {statistics.median(counted):.3f} s")
        load = os.getloadavg()[0]
        print(f"  CPU of the process tree (3 processes): median {statistics.median(cpu):.2f} s; load average {load:.2f}")
        ok = ok and median <= FIRST_SCREEN_TARGET

    if args.only in (None, "weights"):
        quick, full, flips = weight_changes(synthetic_decision(WORK / "tui-decision-50"), args.rounds)
        q50 = statistics.median(quick)
        what = f"{len(quick)} changes, {flips} reordered the options"
        print(f"weight change to new ranking, 50 options x 5 criteria, 10 paths ({what}):")
        print(f"  median {q50 * 1000:6.1f} ms   worst {max(quick) * 1000:6.1f} ms   (target <= {WEIGHT_TARGET * 1000:.0f} ms)")
        print(f"  full 2,000-sample run that follows (in a thread): median {statistics.median(full) * 1000:6.1f} ms")
        ok = ok and q50 <= WEIGHT_TARGET

    if args.only in (None, "large-change"):
        first, whole, tasks = open_large_change(large_change(Path(args.shared)), args.rounds)
        tab = statistics.median(first)
        print("a large change (1,020-line proposal, 521 tasks), Enter to its first tab:")
        print(f"  median {tab:6.3f} s   runs {' '.join(f'{t:.3f}' for t in first)}   (target <= {FIRST_TAB_TARGET:.1f} s)")
        print(
            f"  whole proposal built: median {statistics.median(whole):.3f} s; Tasks tab (521 tasks) drawn after [: median "
            f"{statistics.median(tasks):.3f} s; load average {os.getloadavg()[0]:.2f}"
        )
        ok = ok and tab <= FIRST_TAB_TARGET

    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
