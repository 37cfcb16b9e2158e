"""The reports of our own workspace: computed figures, the ranking of `openspec decide`, determinism, freshness."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.report.conftest import edit

Cli = Callable[..., tuple[int, str, str]]
CliJson = Callable[..., tuple[int, Any]]


def _row(doc: str, first_cell: str) -> list[str]:
    """The cells of the Markdown table row whose first cell is `first_cell`."""
    for line in doc.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]  # an escaped \| is no border
        if line.startswith("|") and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r}")


def _section(doc: str, title: str) -> str:
    return doc.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_phase2_starter_figures(ours: Path, cli: Cli) -> None:
    code, doc, err = cli("report", "-o", "-", "--no-history", "--root", str(ours))
    assert code == 0, err
    paths = _section(doc, "Implementation Paths")
    # Path B = options 2 + 6: 15-25 h + 12-18 h, computed, never restated.
    assert _row(paths, "B")[:5] == [
        "B",
        "Quality Focus",
        "Option 2 (Improve Testing) + Option 6 (Monitoring & Observability)",
        "27–43 h",
        "2–4 weeks",
    ]
    assert _row(paths, "C")[3] == "40–80 h"
    assert _row(paths, "A")[7] == "yes" and _row(paths, "D")[7] == "no"  # against the 60 h budget
    work = _section(doc, "Where the Work Stands")
    assert _row(work, "2")[1:4] == ["Improve Testing", "in-progress", "`█░░░░░░░░░░░░░░░░░░░` 3/45 (7%)"]
    options = _section(doc, "The Options")
    assert _row(options, "6")[2:5] == ["12–18 h", "1–2 weeks", "High"]
    assert _row(options, "6")[6] == "Give the team complete production visibility"  # one phrase, not a paragraph
    # Every proposal has every required section: one line in the summary instead of a table of ticks.
    assert "## Proposal Quality" not in doc
    assert "- **Proposal quality**: 6/6 proposals have all 8 required sections" in doc
    # Robustness is explained where it is first named.
    assert (
        "- **Recommended path**: Path A (Quick Win) = Option 2 · 15–25 h · score 0.700 — moderately robust: first under "
        "82% of 2,000 random weightings, but raising Impact's weight by 0.056 (to 0.356) puts Path B first"
    ) in doc
    assert "(moderate)" not in doc and "(fragile)" not in doc and "Pareto set" not in doc
    assert "Option 4 (Deployment & Infrastructure), by Option 6; Option 5 (Community & Ecosystem), by Option 6." in doc
    assert "- **Chosen**: not yet" in doc
    assert "`openspec decide choose A --decision phase-2 --yes`" in doc
    delivers = _section(doc, "What Each Option Delivers")
    assert "| MTTR | 1-2 h | 5-10 min | – |" in delivers and "| Tracked metrics | 5 | 50 | +900% |" in delivers
    assert "- In an incident drill, the cause of an injected fault is found within 10 minutes." in delivers


def test_ranking_is_the_one_of_decide(ours: Path, cli: Cli, cli_json: CliJson) -> None:
    _, decided = cli_json("decide", "--json", "--root", str(ours))
    _, doc, _ = cli("report", "-o", "-", "--no-history", "--root", str(ours))
    ranked = _section(doc, "Decision Matrix").split("### Options, ranked", 1)
    path_rows = re.findall(r"^\| (\d) \| Path (\w) ", ranked[0], re.M)
    assert [p for _, p in path_rows] == [p["id"] for p in decided["paths"]]
    option_rows = re.findall(r"^\| (\d) \| Option (\d) ", ranked[1], re.M)
    expected = [re.match(r"phase2-option(\d)-", o["id"]).group(1) for o in decided["options"]]  # type: ignore[union-attr]
    assert [n for _, n in option_rows] == expected
    scores = re.findall(r"\*\*(\d\.\d{3})\*\* \|$", ranked[0], re.M)
    assert scores == [f"{p['score']:.3f}" for p in decided["paths"]]


def test_quality_row_drops_to_5_of_6_without_a_section(ours: Path, cli: Cli) -> None:
    proposal = ours / "openspec/changes/phase2-option4-deployment-infra/proposal.md"
    edit(proposal, "## Problem Statement", "## Troubles")
    code, doc, _ = cli("report", "-o", "-", "--no-history", "--root", str(ours))
    assert code == 0
    quality = _section(doc, "Proposal Quality")
    assert _row(quality, "Problem Statement")[1:] == ["✓", "✓", "✓", "–", "✓", "✓", "83% (5/6)"]
    assert _row(quality, "Executive Summary")[-1] == "100% (6/6)"
    assert "5/6 proposals have all of them" in quality


def test_context_figures(ours: Path, context: Callable[..., dict[str, Any]]) -> None:
    ctx = context(ours)
    d = ctx["decision"]
    b = next(p for p in d["paths"] if p["id"] == "B")
    assert b["effort"] == {"low": 27.0, "mid": 35.0, "high": 43.0, "text": "27–43 h"}
    assert b["members"] == ["phase2-option2-improve-testing", "phase2-option6-monitoring-observability"]
    option2 = d["options"][1]
    assert (option2["name"], option2["tasks"]["done"], option2["tasks"]["total"]) == ("Option 2", 3, 45)
    assert [g["total"] for g in option2["task_groups"]] == [4, 9, 8, 11, 8, 5]
    assert option2["change"]["ready"][0]["id"] == "1.4"  # the only open task of group 1, the start of everything else
    assert d["tasks"] == {"done": 3, "total": 272, "open": 269, "percent": 1, "bar": "░" * 20}
    assert d["recommendation"]["path"]["id"] == d["paths_ranked"][0]["id"]
    assert [r["count"] for r in ctx["quality"]["rows"]] == [6] * 8
    assert ctx["findings"] == []


def test_every_template_renders_deterministically(ours: Path, cli: Cli, tmp_path: Path) -> None:
    outputs = {}
    for name, fmt in (("phase-2-starter", "md"), ("status", "md"), ("phase-2-starter", "html"), ("status", "html")):
        first, second = tmp_path / f"{name}-1.{fmt}", tmp_path / f"{name}-2.{fmt}"
        for target in (first, second):
            code, _, err = cli("report", name, "--format", fmt, "-o", str(target), "--root", str(ours))
            assert code == 0, err
        assert first.read_bytes() == second.read_bytes()
        outputs[(name, fmt)] = first.read_text(encoding="utf-8")
    assert "27–43 h" in outputs[("phase-2-starter", "html")]
    status = outputs[("status", "md")]
    assert "**3/272 tasks done** (1%)" in status
    assert (
        "**Critical path** (8 open tasks, 2.75–3.75 h): 3.2.1 → 3.2.2 → 3.4 → 5.4 → 5.6 → 6.2 → 6.4 → 6.5" in status
    )  # as `openspec tasks --graph`: 3.4 waits for every subtask of 3.2 (a container is finished by its subtasks)


def test_our_phase2_starter_is_fresh(cli: Cli) -> None:
    """CI runs this: PHASE_2_STARTER.md at the repository root is exactly what `openspec report` renders."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the lines of content need the repository's history")
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True, text=True)
    if shallow.stdout.strip() == "true":
        pytest.skip("a shallow clone: the lines of content need the whole history (clone without --depth)")
    code, out, err = cli("report", "--check", "--root", str(REPO))
    assert code == 0, f"PHASE_2_STARTER.md is stale; run `openspec report`:\n{out}{err}"
    assert "PHASE_2_STARTER.md is up to date" in out


def test_forked_work_gives_the_same_context(
    ours: Path, context: Callable[..., dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Git's side of history and (on a large workspace) a share of the changes are computed in forked children:
    same result."""
    from openspec_tool import forked
    from openspec_tool.report import gather as report_gather

    sequential = context(ours, history=True)
    monkeypatch.setattr(report_gather, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(forked, "CHUNK", 1)  # six changes: let the child claim some
    assert context(ours, history=True) == sequential
    monkeypatch.delattr("os.fork")  # no fork at all: everything in this process
    assert context(ours, history=True) == sequential


def test_history_from_what_the_report_read_equals_history_read_on_its_own(context: Callable[..., dict[str, Any]]) -> None:
    """The report reads each change's working-tree side (lines, task counts) where it parses the change, and asks
    git alongside: the same history as `collect_history` reading everything itself."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    from openspec_tool.history.git_history import collect_history
    from openspec_tool.report import history_ctx

    ctx = context(REPO, history=True)
    ids = [c["id"] for c in ctx["scope"]]
    alone = collect_history(REPO.resolve(), REPO.resolve(), ids, None).to_json()
    assert ctx["history"]["available"] and ctx["history"]["lines"]
    assert [r["current"] for r in ctx["history"]["lines"]] == [
        r["current"] for r in sorted(alone["lines"], key=lambda r: ids.index(r["change"]))
    ]
    assert (
        ctx["history"].pop("as_of")["commit"]
        == subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    )
    alone_ctx = history_ctx.label(history_ctx.collect(REPO.resolve(), ids, None), ctx["labels"])
    alone_ctx.pop("as_of")
    assert alone_ctx == ctx["history"]
