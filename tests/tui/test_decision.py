"""Pilot tests of the Decision screen: the matrix as the CLI computes it, weights from the keyboard and typed,
the choose flow with the record and YAML on disk, the git branch, and a broken decision file shown with its line."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.plan.evaluate import evaluate
from openspec_tool.read.tree import DiskTree
from openspec_tool.tui.app import create_app
from tests.tui.conftest import copy_workspace, drive, screen_text, settle

DECISION = "openspec/decisions/phase-2.yaml"
RECORD = "openspec/decisions/phase-2.record.md"
Cli = Callable[..., tuple[int, str, str]]


async def open_decision(app: Any, pilot: Any) -> Any:
    await pilot.press("4")
    await settle(pilot)
    assert type(app.screen).__name__ == "DecisionScreen"
    return app.screen


def first_rows(screen: Any) -> tuple[str, str]:
    return screen.query_one("#paths-table").ids[0], screen.query_one("#options-table").ids[0]


def test_the_matrix_is_the_clis(workspace: Path) -> None:
    expected = evaluate(DiskTree(workspace)).result.to_json()

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        assert screen.session.full and screen.result.to_json() == expected
        paths = screen.query_one("#paths-table")
        assert paths.ids == [p["id"] for p in expected["paths"]] == ["A", "B", "D", "E", "C"]
        assert paths.row_cells(0) == ["1", "A Quick Win", "0.700", "fits", "1.00", "1.00", "0.00", "1.00", "1.00"]
        assert paths.row_cells(2)[3] == "over"  # D: 42-68 h against the 60 h budget
        text = screen_text(app)
        assert "Recommended path A Quick Win 0.700 · moderate" in text  # the recommendation leads the analysis
        assert "Decision Choose Path A (Quick Win): Option 2, 15–25 h" in text  # then the statement, its reasons
        assert "A Quick Win = effort 1.00×0.25 + timeline 1.00×0.10" in text
        analysis = screen.query_one("#analysis")._shown_text.plain  # the box scrolls: all of it, as ↓ shows it
        assert analysis.startswith("Recommended path A Quick Win 0.700 · moderate")
        assert "\nDecision " + screen.result.recommendation.statement.text + "\n" in analysis
        assert "Impact +0.056 (to 0.356) puts B Quality Focus first" in analysis
        assert "if Impact matters most: B (D would win but is over the budget) · Option 3" in analysis
        assert screen.result.recommendation.statement.scales in analysis

    drive(create_app(workspace, watch=False), scenario)


def test_weight_keys_change_the_ranking_at_once(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("openspec_tool.tui.screens.decision_editing.REFINE_DELAY", 30.0)  # the full run when the test says

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        assert first_rows(screen) == ("A", "phase2-option6-monitoring-observability")
        await pilot.press("down", "down")  # impact
        await pilot.press("right", "right")  # 0.30 → 0.40: past the 0.356 where B takes over
        assert screen.session.weights["impact"] == pytest.approx(0.40)
        assert not screen.session.full  # the quick run, shown before the full one
        assert first_rows(screen)[0] == "B"
        assert screen.result.recommendation.path.id == "B"
        assert "* 1 weight changed, not saved: s saves, u resets" in screen_text(app)
        screen._refine()  # what the timer does a moment later (not left to a machine's load)
        await settle(pilot, 0.1)  # the full run follows and agrees
        assert screen.session.full
        full = evaluate(DiskTree(workspace), weights=dict(screen.session.weights)).result.to_json()
        assert screen.result.to_json() == full
        await pilot.press("left", "left", "left", "left", "left", "left")  # impact 0.10: effort-light paths lead again
        assert first_rows(screen)[0] == "A"
        await pilot.press("u")
        assert screen.session.overrides() is None and first_rows(screen)[0] == "A"

    drive(create_app(workspace, watch=False), scenario)


def test_a_typed_weight_is_applied(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        await pilot.press("down", "down", "enter")
        assert app.focused.id == "weight-input"
        await pilot.press("0", ".", "6", "enter")
        assert screen.session.weights["impact"] == 0.6
        expected = evaluate(DiskTree(workspace), weights=dict(screen.session.weights)).result.to_json()
        leaders = (expected["paths"][0]["id"], expected["options"][0]["id"])
        assert first_rows(screen) == leaders == ("B", "phase2-option6-monitoring-observability")
        await pilot.press("enter", "escape")  # Escape leaves the weight as it was
        assert screen.session.weights["impact"] == 0.6 and app.focused.id == "weight-list"

    drive(create_app(workspace, watch=False), scenario)


def test_a_weight_the_engine_refuses_leaves_the_weights_as_they_were(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        for _ in range(5):
            await pilot.press("enter", "0", "enter", "down")
        assert screen.session.weights["roi"] == 0.2  # the last one refused: all zero
        assert sum(1 for v in screen.session.weights.values() if v == 0) == 4
        assert any("every criterion weight is 0" in n.message for n in app._notifications)

    drive(create_app(workspace, watch=False), scenario)


def test_m_switches_the_method_and_topsis_is_explained_as_distances(workspace: Path) -> None:
    from openspec_tool.tui.widgets.matrix import topsis_distances

    result = evaluate(DiskTree(workspace), method="topsis").result
    expected = result.to_json()
    for rows in (result.paths, result.options):  # the distances shown are the ones the score is made of
        for row in rows:
            plus, minus = topsis_distances(row, rows, result)
            assert minus / (plus + minus) == pytest.approx(row.score, abs=1e-9)

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        await pilot.press("m")
        await settle(pilot, 0.5)
        assert screen.result.method == "topsis"
        assert screen.result.to_json() == expected
        text = " ".join(screen_text(app).split())
        assert "topsis" in text
        a = next(p for p in result.paths if p.id == "A")
        plus, minus = topsis_distances(a, result.paths, result)
        assert f"A Quick Win: distance to the ideal D+ {plus:.3f}, to the anti-ideal D− {minus:.3f}" in text
        assert f"closeness D−/(D+ + D−) = {a.score:.3f}" in text and "×" not in text  # no weighted-sum terms
        assert "Budget 60 h: (by weighted-sum scores, which add up; closeness scores do not)" in text

    drive(create_app(workspace, watch=False), scenario, size=(160, 40))


def test_the_compare_tab_puts_paths_side_by_side(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("v")
        text = screen_text(app)
        for fragment in ("A Quick Win", "B Quality Focus", "15–25 h", "27–43 h", "P50", "P80", "Budget", "Includes", "• Improve"):
            assert fragment in text, fragment

    drive(create_app(workspace, watch=False), scenario, size=(160, 40))


def _normalise(record: str) -> str:
    record = re.sub(r"- Date: .*", "- Date: X", record)
    return re.sub(r"- Deciders: .*", "- Deciders: X", record)


def test_choosing_writes_what_decide_choose_writes(workspace: Path, tmp_path: Path, cli: Cli) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        await pilot.press("down", "down", "right", "right")  # impact 0.40: B first
        await pilot.press("p")  # the cursor stayed on A, now second
        assert screen.active_table().selected_id() == "A" and first_rows(screen)[0] == "B"
        await pilot.press("c")
        assert type(app.screen).__name__ == "ConfirmChoiceScreen"
        text = screen_text(app)
        assert "Record path A (Quick Win) as the choice for phase-2?" in text
        assert "The tool recommends B" in text
        assert "Weights: effort 0.23, timeline 0.09, impact 0.36, risk 0.14, roi 0.18." in text
        assert not (workspace / RECORD).exists()
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionScreen"
        assert app.screen.session.spec.chosen == "A"  # reloaded from disk
        assert any("Recorded path A" in (n.title or "") for n in app._notifications)

    drive(create_app(workspace, watch=False), scenario)
    yaml_text = (workspace / DECISION).read_text()
    assert re.search(r"^chosen: A$", yaml_text, re.M)
    record = (workspace / RECORD).read_text()
    assert record.startswith("# Phase 2 direction: Path A (Quick Win) chosen")
    assert "The tool recommended Path B" in record

    twin = copy_workspace(tmp_path / "twin")
    weights = "effort=0.25,timeline=0.1,impact=0.4,risk=0.15,roi=0.2"
    code, _, _ = cli("decide", "choose", "A", "--yes", "--weights", weights, cwd=twin)
    assert code == 0
    assert (twin / DECISION).read_text() == yaml_text
    assert _normalise((twin / RECORD).read_text()) == _normalise(record)


def test_cancelling_writes_nothing(workspace: Path) -> None:
    before = (workspace / DECISION).read_text()

    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("c", "n")
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionScreen"

    drive(create_app(workspace, watch=False), scenario)
    assert (workspace / DECISION).read_text() == before and not (workspace / RECORD).exists()


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.rstrip()


@pytest.fixture
def repo(workspace: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(workspace, "init", "-q", "-b", "main")
    _git(workspace, "config", "user.name", "Tester")
    _git(workspace, "config", "user.email", "tester@example.com")
    _git(workspace, "add", "-A")
    _git(workspace, "commit", "-q", "-m", "workspace")
    return workspace


def _choose_with_branch(repo: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("p", "down", "c")  # path B
        assert "decision/phase-2-B" in screen_text(app)
        await pilot.press("b", "y")
        await settle(pilot)

    drive(create_app(repo, watch=False), scenario)


def test_choosing_can_create_and_check_out_a_branch_on_a_clean_tree(repo: Path) -> None:
    head = _git(repo, "rev-parse", "HEAD")
    _choose_with_branch(repo)
    assert _git(repo, "rev-parse", "decision/phase-2-B") == head
    assert _git(repo, "branch", "--show-current") == "decision/phase-2-B"
    assert "Deciders: Tester <tester@example.com>" in (repo / RECORD).read_text()
    status = _git(repo, "status", "--porcelain")
    assert status.splitlines() == [f" M {DECISION}", "?? openspec/decisions/phase-2.record.md"]


def test_the_branch_is_not_checked_out_over_uncommitted_work(repo: Path) -> None:
    notes = repo / "openspec/project.md"
    notes.write_text(notes.read_text() + "\nwork in progress\n")
    _choose_with_branch(repo)
    assert _git(repo, "branch", "--show-current") == "main"
    assert _git(repo, "rev-parse", "decision/phase-2-B") == _git(repo, "rev-parse", "HEAD")
    assert notes.read_text().endswith("work in progress\n")
    assert re.search(r"^chosen: B$", (repo / DECISION).read_text(), re.M)


def test_an_invalid_decision_file_shows_the_message_and_its_line(workspace: Path) -> None:
    path = workspace / DECISION
    text = path.read_text().replace("direction: cost      # cost", "direction: sideways  # cost", 1)
    path.write_text(text)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "sideways" in ln)

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        shown = screen_text(app)
        assert f"{DECISION}:{line}: criterion effort: direction must be benefit or cost, not 'sideways'" in shown
        assert f"{line:>5} │     direction: sideways" in shown
        assert screen.current_file() == (DECISION, line)
        path.write_text(text.replace("sideways", "cost    "))  # fixed on disk: r reloads, the matrix comes back
        await pilot.press("r")
        await settle(pilot, 0.2)
        assert app.screen.session is not None and app.screen.query_one("#paths-table").ids[0] == "A"

    drive(create_app(workspace, watch=False), scenario, size=(140, 30))


def test_no_decision_file_is_explained_and_offers_no_key_that_would_do_nothing(workspace: Path) -> None:
    (workspace / DECISION).unlink()
    edited: list[Path] = []

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        assert "No decision file in openspec/decisions/" in screen_text(app)
        assert screen.current_file() is None
        shown = {b.binding.action for b in screen.active_bindings.values()}
        assert not shown & {"choose", "tab", "focus_weights", "method", "reset", "filter", "app.edit", "pick"}
        footer = screen_text(app).splitlines()[-1]
        assert "Choose" not in footer and "Edit" not in footer and "Dashboard" in footer
        await pilot.press("e", "c", "w", "slash")  # nothing to edit (never the folder), choose, weigh or filter
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionScreen" and edited == []
        assert (workspace / "openspec/decisions").is_dir()

    drive(create_app(workspace, watch=False, editor=lambda path, line: edited.append(path)), scenario)


def test_several_decision_files_are_offered_to_pick(workspace: Path) -> None:
    shutil.copy(workspace / DECISION, workspace / "openspec/decisions/phase-3.yaml")

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        assert screen.files == [DECISION, "openspec/decisions/phase-3.yaml"]
        assert "pick" not in {b.binding.action for b in screen.active_bindings.values()}  # already the list
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.session.spec.path == "openspec/decisions/phase-3.yaml"
        await pilot.press("f")  # back to the list, and on to the other file
        await settle(pilot)
        assert app.screen.session is None and app.focused.id == "decision-files"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.spec.path == DECISION

    drive(create_app(workspace, watch=False), scenario)


def test_the_reason_typed_in_the_dialog_is_recorded(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("p", "c", "r")
        assert app.focused.id == "reason"
        await pilot.press(*"quick win, then quality", "enter")  # y and n are letters of the reason here
        assert app.focused.id == "yes"
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionScreen"

    drive(create_app(workspace, watch=False), scenario)
    record = (workspace / RECORD).read_text()
    assert "### Why\n\nquick win, then quality\n" in record and "It is the tool's recommendation." in record


def test_a_tie_is_shown_as_a_tie(workspace: Path) -> None:
    path = workspace / DECISION
    text = path.read_text()
    # Path A and a copy of it under another id: equal on every criterion, so equal scores.
    copy = "  - id: A2\n    name: Quick Win again\n    options: [phase2-option2-improve-testing]\n"
    path.write_text(text.replace("  - id: B ", copy + "  - id: B ", 1))

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        pick = screen.result.recommendation.path
        assert pick.tie and pick.tied_with == ("A2",)
        analysis = screen.query_one("#analysis")._shown_text.plain
        assert "Tie A Quick Win = A2 Quick Win again at 0.700: no path leads (equal to 1e-9)" in analysis
        assert "Sensitivity (paths)" not in analysis  # nothing to say of a lead that is not there

    drive(create_app(workspace, watch=False), scenario)
