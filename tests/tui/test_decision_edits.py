"""Pilot tests of the Decision screen's writes (issue 16, item 2 and "beyond peers"): without a decision file, `i`
previews what `openspec decide init` writes and writes it only on Write, then the screen shows it ranked on what is
known; scores of the selected option change from the keyboard like weights; `s` saves changed weights and scores
into the file, one line per value, comments and line endings kept, and the screen reads the file again."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.plan.evaluate import evaluate
from openspec_tool.read.tree import DiskTree
from openspec_tool.tui.app import create_app
from tests.tui.conftest import copy_workspace, drive, screen_text, settle, type_text

Cli = Callable[..., tuple[int, str, str]]
DECISION = "openspec/decisions/phase-2.yaml"
NEW = "openspec/decisions/phase2.yaml"
OPTION2 = "phase2-option2-improve-testing"
OPTION6 = "phase2-option6-monitoring-observability"


async def open_decision(app: Any, pilot: Any) -> Any:
    await pilot.press("4")
    await settle(pilot)
    assert type(app.screen).__name__ == "DecisionScreen"
    return app.screen


def offered(screen: Any) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values()}


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


# -- no decision file ----------------------------------------------------------------------------------------------
def test_i_previews_what_decide_init_writes_and_writes_it_only_on_write(workspace: Path, tmp_path: Path, cli: Cli) -> None:
    (workspace / DECISION).unlink()
    twin = copy_workspace(tmp_path / "twin")
    (twin / DECISION).unlink()
    assert cli("decide", "init", cwd=twin)[0] == 0
    expected = (twin / NEW).read_bytes()

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        assert "init" in offered(screen) and " i Start a decision " in screen_text(app).splitlines()[-1]
        assert not offered(screen) & {"choose", "focus_weights", "focus_scores", "method", "save", "app.edit"}
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "InitDecisionScreen"
        shown = screen_text(app)
        assert "openspec decide init" in shown
        assert f"Writes {NEW}: 6 options, 5 criteria, 0 paths from 0 document(s)." in shown
        assert "# Decision file written by `openspec decide init`." in shown  # the file's own text
        assert app.screen.query_one("#init-text").render().plain == expected.decode()
        assert not (workspace / NEW).exists()  # a preview writes nothing
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionScreen" and not (workspace / NEW).exists()
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert (workspace / NEW).read_bytes() == expected  # what the CLI writes, byte for byte
        screen = app.screen
        assert type(screen).__name__ == "DecisionScreen" and screen.session is not None  # the new decision, shown
        assert screen.session.left_out == ("impact", "risk")
        assert "ranked without Impact, Risk: 12 scores to fill in (g)" in screen_text(app)
        assert screen.query_one("#options-table").ids  # ranked on effort and timeline meanwhile

    drive(create_app(workspace, watch=False), scenario, size=(110, 32))


def test_the_options_field_narrows_the_preview_like_match(workspace: Path) -> None:
    (workspace / DECISION).unlink()

    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#init-options").focus()
        await pilot.pause()
        await type_text(app, "*option2*")  # typed letters are the field's, never the dialog's y/n
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "openspec decide init --match '*option2*'" in shown
        assert "Writes openspec/decisions/phase2-option2-improve-testing.yaml: 1 options, 5 criteria" in shown
        assert app.focused.id == "write"

    drive(create_app(workspace, watch=False), scenario, size=(110, 32))


def test_without_any_option_the_dialog_says_so_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "openspec/changes").mkdir(parents=True)
    (tmp_path / "openspec/specs").mkdir()

    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        assert "Nothing to write: no options: there is no active change" in screen_text(app)
        assert app.screen.query_one("#write").disabled
        await pilot.press("y")
        await settle(pilot)

    drive(create_app(tmp_path, watch=False), scenario, size=(110, 32))
    assert not (tmp_path / "openspec/decisions").exists()


@pytest.mark.parametrize("folder", ["empty", "absent"])
def test_e_never_opens_the_decisions_folder(workspace: Path, folder: str) -> None:
    (workspace / DECISION).unlink()
    if folder == "absent":
        (workspace / "openspec/decisions").rmdir()
    edited: list[Path] = []

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        assert screen.current_file() is None and "app.edit" not in offered(screen)
        await pilot.press("e")
        await settle(pilot)

    drive(create_app(workspace, watch=False, editor=lambda path, line: edited.append(path)), scenario)
    assert edited == [] and not (workspace / "openspec/decisions").is_file()


# -- scores --------------------------------------------------------------------------------------------------------
def test_g_changes_the_selected_options_scores_and_the_ranking_follows(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        await pilot.press("o", "down")  # Option 2, second
        assert screen.score_option() == OPTION2
        await pilot.press("g")
        assert app.focused.id == "score-list" and "Scores · Option 2" in screen_text(app)
        await pilot.press("down")  # risk: 2 → 1
        await pilot.press("left")
        assert screen.session.score(OPTION2, "risk") == 1 and screen.session.scores == {(OPTION2, "risk"): 1}
        await pilot.press("up", "enter")  # impact, typed
        assert app.focused.id == "score-input"
        await type_text(app, "5")
        await pilot.press("enter")
        assert screen.session.score(OPTION2, "impact") == 5
        await settle(pilot)
        assert "* 2 scores changed, not saved: s saves, u resets" in screen_text(app)
        assert "save" in offered(screen)
        # The numbers are the CLI's for a file with those scores.
        path = workspace / DECISION
        text = path.read_text()
        path.write_text(text.replace(f"{OPTION2}: {{impact: 4, risk: 2", f"{OPTION2}: {{impact: 5, risk: 1"))
        screen._refine()
        await settle(pilot, 0.1)
        assert screen.result.to_json() == evaluate(DiskTree(workspace)).result.to_json()
        path.write_text(text)
        await pilot.press("u")
        assert screen.session.scores == {} and "save" not in offered(screen)

    drive(create_app(workspace, watch=False), scenario)


def test_enter_on_an_option_opens_its_scores(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        await pilot.press("o", "enter")
        assert app.focused.id == "score-list" and screen.score_option() == OPTION6

    drive(create_app(workspace, watch=False), scenario)


# -- saving --------------------------------------------------------------------------------------------------------
def test_s_saves_each_changed_value_on_its_own_line_and_reads_the_file_again(workspace: Path, cli: Cli) -> None:
    path = workspace / DECISION
    before = path.read_bytes()

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        await pilot.press("down", "down", "right")  # impact 0.30 → 0.35
        await pilot.press("o", "down", "g", "down", "left")  # Option 2's risk 2 → 1
        assert path.read_bytes() == before  # nothing written before s
        await pilot.press("s")
        await settle(pilot)
        assert screen.session is not app.screen.session or app.screen.session.unsaved() == []
        assert "not saved" not in screen_text(app) and "save" not in offered(app.screen)
        assert any("Saved openspec/decisions/phase-2.yaml" in (n.title or "") for n in app._notifications)
        assert app.screen.session.spec.criteria[2].weight == 0.35  # read from the file again

    drive(create_app(workspace, watch=False), scenario)
    [weight, score] = changed_lines(before, path.read_bytes())
    assert weight == (
        b"    weight: 0.30         # no source: values come from `scores` below (1-5)\n",
        b"    weight: 0.35         # no source: values come from `scores` below (1-5)\n",
    )
    assert score[0].replace(b"{impact: 4, risk: 2, roi: 5}", b"{impact: 4, risk: 1, roi: 5}") == score[1]
    assert score[1].startswith(f"  {OPTION2}: {{impact: 4, risk: 1, roi: 5}}           # manual testing".encode())
    assert score[1].endswith(b'seed: "high ROI", the Quick Win\n')
    code, out, _ = cli("decide", "--json", cwd=workspace)
    assert code == 0 and '"givenWeight": 0.35' in out


def test_a_crlf_file_stays_crlf_and_a_missing_score_is_added_in_its_row(workspace: Path) -> None:
    path = workspace / DECISION
    text = path.read_text().replace("{impact: 3, risk: 1, roi: 4}", "{impact: 3, roi: 4}")
    path.write_bytes(text.replace("\n", "\r\n").encode())
    before = path.read_bytes()

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        assert screen.session.left_out == ("risk",)  # ranked without the score that is missing
        await pilot.press("o")
        table = screen.query_one("#options-table")
        table.move_cursor(row=table.ids.index("phase2-option1-expand-docs"))
        await pilot.press("g", "down", "right")  # no score to step from: the field opens
        assert app.focused.id == "score-input"
        await type_text(app, "2")
        await pilot.press("enter", "s")
        await settle(pilot)
        assert app.screen.session.left_out == ()

    drive(create_app(workspace, watch=False), scenario)
    [(old, new)] = changed_lines(before, path.read_bytes())
    assert old.startswith(b"  phase2-option1-expand-docs: {impact: 3, roi: 4}  ")
    assert new.startswith(b"  phase2-option1-expand-docs: {impact: 3, roi: 4, risk: 2}  ") and new.endswith(b"10-20 h\r\n")


def test_a_value_that_cannot_be_edited_in_place_is_not_saved_and_stays_unsaved(workspace: Path) -> None:
    path = workspace / DECISION
    anchored = path.read_text().replace("weight: 0.30 ", "weight: &w 0.3")
    path.write_text(anchored.replace("budget_hours: 60", "budget_hours: 60\n  x: *w"))
    before = path.read_bytes()

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        await pilot.press("down", "down", "right", "s")
        await settle(pilot)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "has an anchor or a tag: edit it by hand; nothing written" in said
        assert screen.session.unsaved() and "not saved" in screen_text(app)

    drive(create_app(workspace, watch=False), scenario)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_choosing_waits_for_unsaved_scores(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("o", "g", "right", "p", "c")
        assert type(app.screen).__name__ == "DecisionScreen"  # no dialog: the record would state other scores
        assert any("save them (s) or reset them (u) first" in str(n.message) for n in app._notifications)

    drive(create_app(workspace, watch=False), scenario)
    assert "chosen: null" in (workspace / DECISION).read_text()


def test_the_seed_shaped_repository_from_init_to_saved_scores(tmp_path: Path, cli: Cli) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures/seed003-repo", repo)

    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#init-options").value = "phase2-option*"
        app.screen.query_one("#init-from").value = "PHASE_2_*.md"
        app.screen.query_one("#init-id").value = "phase-2"
        app.screen.query_one("#init-id").focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert "openspec decide init phase-2 --match 'phase2-option*' --from 'PHASE_2_*.md'" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert screen.session.spec.path == "openspec/decisions/phase-2.yaml" and len(screen.session.spec.paths) == 5
        await pilot.press("o", "g")
        for n in range(6):  # every option's impact and risk, one option after the other (])
            for score in (str(1 + n % 5), str(5 - n % 4)):
                await pilot.press("enter")
                await type_text(app, score)
                await pilot.press("enter", "down")
            await pilot.press("right_square_bracket")
        assert screen.session.left_out == ()  # every score given: ranked on every criterion
        assert "ranked without" not in screen_text(app) and "12 scores changed, not saved" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.session.spec.missing_scores == () and app.screen.session.unsaved() == []

    drive(create_app(repo, watch=False), scenario, size=(110, 32))
    code, _, err = cli("decide", "phase-2", cwd=repo)  # complete now: no --partial needed
    assert code == 0, err
    text = (repo / "openspec/decisions/phase-2.yaml").read_text()
    assert "  phase2-option1-expand-docs: {impact: " in text and "null" not in text.split("scores:")[1].split("paths:")[0]


def test_a_new_file_whose_changes_state_no_effort_says_what_is_missing_in_a_list_that_scrolls(tmp_path: Path) -> None:
    """As in every corpus workspace: the preview warns, the file is written, and the screen lists each missing fact."""
    for n in range(12):
        path = tmp_path / f"openspec/changes/change-{n:02}/proposal.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"# Change {n}\n\n## Why\nBecause.\n")

    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        assert "12 of 12 options state no effort, 12 of 12 options state no timeline" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert screen.session is None and "The decision cannot be evaluated:" in screen_text(app)
        assert any("see what it still lacks" in str(n.message) for n in app._notifications)
        box = screen.query_one("#decision-problem-box")
        assert app.focused is box
        await pilot.press("pagedown")
        await settle(pilot)
        assert box.scroll_y > 0

    drive(create_app(tmp_path, watch=False), scenario, size=(100, 30))
    assert (tmp_path / "openspec/decisions/change.yaml").is_file()


def test_values_being_tried_stay_with_their_file(workspace: Path) -> None:
    """Kept through a reload of the same file; another decision file (f, then pick) starts from its own values."""
    shutil.copy(workspace / DECISION, workspace / "openspec/decisions/phase-3.yaml")

    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("enter")  # phase-2
        await settle(pilot)
        await pilot.press("down", "right", "o", "g", "left")  # timeline weight, Option 6's impact
        edits = {(e.criterion, e.option) for e in app.screen.session.unsaved()}
        assert edits == {("timeline", None), ("impact", OPTION6)}
        await pilot.press("r")  # a reload keeps them
        await settle(pilot)
        assert {(e.criterion, e.option) for e in app.screen.session.unsaved()} == edits
        await pilot.press("f", "d")  # leaving them is asked first (tests/tui/test_decision_unsaved.py): dropped
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.session.spec.path == "openspec/decisions/phase-3.yaml"
        assert app.screen.session.unsaved() == []

    drive(create_app(workspace, watch=False), scenario)
