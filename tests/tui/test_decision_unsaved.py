"""Pilot tests: weights and scores changed on the Decision screen and not saved are never dropped without a question
(issue 16). Quitting (q, ctrl+q, the palette's Quit), going back to the list of decision files (f) and a reload that
lands elsewhere (another file, the list, a file gone) ask first: Save (what `s` does) and go on, Discard and go on,
or Cancel and stay. Nothing is asked when nothing is unsaved, and other screens (1/2/3, Esc) keep the values."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.tui.app import create_app
from tests.tui.conftest import drive, screen_text, settle, type_text

DECISION = "openspec/decisions/phase-2.yaml"
OTHER = "openspec/decisions/phase-3.yaml"
OPTION6 = "phase2-option6-monitoring-observability"
EDITS = {("impact", None, 0.35), ("impact", OPTION6, 3.0)}


async def open_decision(app: Any, pilot: Any) -> Any:
    await pilot.press("4")
    await settle(pilot)
    assert type(app.screen).__name__ == "DecisionScreen"
    return app.screen


async def change_values(app: Any, pilot: Any) -> Any:
    """The impact weight 0.30 → 0.35 and Option 6's impact score 4 → 3: one weight and one score not saved."""
    screen = await open_decision(app, pilot)
    await pilot.press("down", "down", "right", "o", "g", "left")
    await settle(pilot)
    assert edits(screen) == EDITS
    return screen


def edits(screen: Any) -> set[tuple[str, str | None, float]]:
    return {(e.criterion, e.option, e.value) for e in screen.session.unsaved()}


def asked(app: Any) -> str:
    """The question showing — its title, text and buttons — or "" when there is none."""
    screen = app.screen
    if type(screen).__name__ != "AskScreen":
        return ""
    buttons = " ".join(str(b.label) for b in screen.query("Button"))
    return f"{screen.title_text}\n{screen.body.plain}\n{buttons}"


async def quit_by(app: Any, pilot: Any, how: str) -> None:
    if how == "palette":
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(app, "quit")
        await settle(pilot, 0.3)
        await pilot.press("enter")
    else:
        await pilot.press(how)
    await settle(pilot)


# -- quitting ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["q", "ctrl+q", "palette"])
def test_quitting_with_unsaved_values_asks_and_cancel_stays(workspace: Path, how: str) -> None:
    before = (workspace / DECISION).read_bytes()

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        await quit_by(app, pilot, how)
        question = asked(app)
        assert "Save the weights and scores changed here?" in question and question.split("\n")[0] in screen_text(app)
        assert "Quitting." in question and "openspec/decisions/phase-2.yaml" in question
        assert "weight impact 0.35" in question and f"{OPTION6}: impact 3" in question
        assert "Save (s)" in question and "Discard (d)" in question and "Cancel (c)" in question
        assert app.focused.label.plain == "Cancel (c)"  # Enter on it loses nothing
        await pilot.press("c")
        await settle(pilot)
        assert app.return_code is None and app.screen is screen and edits(screen) == EDITS
        assert "1 weight and 1 score changed, not saved" in screen_text(app)
        await quit_by(app, pilot, how)  # asked again; Esc cancels too
        assert asked(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.return_code is None and edits(screen) == EDITS

    drive(create_app(workspace, watch=False), scenario)
    assert (workspace / DECISION).read_bytes() == before


def press_after(*keys: str) -> Any:
    """A scenario: the values changed, then `keys`, each let to settle."""

    async def scenario(app: Any, pilot: Any) -> None:
        await change_values(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert app.return_code == (0 if "q" in keys else None)

    return scenario


@pytest.mark.parametrize("answer", ["s", "d"])
def test_save_or_discard_when_quitting_writes_what_s_writes_or_nothing_then_quits(
    workspace: Path, tmp_path: Path, answer: str
) -> None:
    before = (workspace / DECISION).read_bytes()
    twin = shutil.copytree(workspace, tmp_path / "twin")
    drive(create_app(twin, watch=False), press_after("s"))  # what `s` writes
    drive(create_app(workspace, watch=False), press_after("q", answer))
    expected = (twin / DECISION).read_bytes() if answer == "s" else before
    assert (twin / DECISION).read_bytes() != before and (workspace / DECISION).read_bytes() == expected


def test_a_save_that_fails_when_quitting_says_why_and_stays(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        (workspace / DECISION).unlink()  # gone behind the screen's back (no watcher here): the save cannot be made
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.return_code is None and app.screen is screen and edits(screen) == EDITS
        assert any(n.title == "Nothing saved" for n in app._notifications)

    drive(create_app(workspace, watch=False), scenario)


def test_quitting_from_another_screen_asks_about_the_decision_screens_values(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await change_values(app, pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert "weight impact 0.35" in asked(app)
        await pilot.press("s")
        await settle(pilot)
        assert app.return_code == 0

    drive(create_app(workspace, watch=False), scenario)
    text = (workspace / DECISION).read_text()
    assert "    weight: 0.35         # no source" in text and f"  {OPTION6}: {{impact: 3," in text


@pytest.mark.parametrize("how", ["q", "ctrl+q", "palette"])
def test_nothing_unsaved_quits_without_a_question(workspace: Path, how: str) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_decision(app, pilot)
        await pilot.press("down", "down", "right", "left")  # changed and changed back: nothing to save
        assert screen.session.unsaved() == []
        await quit_by(app, pilot, how)
        assert not asked(app) and app.return_code == 0

    drive(create_app(workspace, watch=False), scenario)


# -- other screens -------------------------------------------------------------------------------------------------
def test_other_screens_keep_the_values_without_a_question(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        for key in ("1", "escape", "2", "escape", "3", "escape", "4", "escape"):
            await pilot.press(key)
            await settle(pilot)
            assert not asked(app), key
        await pilot.press("1", "enter")  # a change, and back
        await settle(pilot)
        await pilot.press("escape", "4")
        await settle(pilot)
        assert app.screen is screen and edits(screen) == EDITS
        assert "1 weight and 1 score changed, not saved" in screen_text(app)
        assert "0.35*" in screen_text(app)  # the weight, marked as changed

    drive(create_app(workspace, watch=False), scenario)


# -- another decision file -----------------------------------------------------------------------------------------
def test_f_asks_before_going_to_the_list_of_decision_files(workspace: Path) -> None:
    shutil.copy(workspace / DECISION, workspace / OTHER)
    before = (workspace / DECISION).read_bytes()

    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("enter")  # phase-2, from the list
        await settle(pilot)
        screen = await change_values(app, pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "Going to the list of decision files." in asked(app)
        await pilot.press("c")
        await settle(pilot)
        assert screen.session is not None and edits(screen) == EDITS  # still on phase-2, values and all
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert screen.session is None and app.focused.id == "decision-files"
        assert (workspace / DECISION).read_bytes() == before
        await pilot.press("enter")  # phase-2 again: the file's values
        await settle(pilot)
        assert app.screen.session.unsaved() == []

    drive(create_app(workspace, watch=False), scenario)


def test_save_before_the_list_of_decision_files_writes_them(workspace: Path) -> None:
    shutil.copy(workspace / DECISION, workspace / OTHER)

    async def scenario(app: Any, pilot: Any) -> None:
        await open_decision(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        await change_values(app, pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.session is None and app.focused.id == "decision-files"
        await pilot.press("enter")  # phase-2 again, read anew: the saved values are the file's
        await settle(pilot)
        session = app.screen.session
        assert session.unsaved() == [] and session.file_weights["impact"] == 0.35
        assert session.file_score(OPTION6, "impact") == 3

    drive(create_app(workspace, watch=False), scenario)


# -- reloads -------------------------------------------------------------------------------------------------------
def test_a_reload_of_the_same_file_keeps_the_values_without_a_question(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await change_values(app, pilot)
        path = workspace / DECISION
        path.write_text(path.read_text().replace("budget_hours: 60", "budget_hours: 61"))
        await pilot.press("r")
        await settle(pilot)
        assert not asked(app) and edits(app.screen) == EDITS and app.screen.session.spec.budget_hours == 61

    drive(create_app(workspace, watch=False), scenario)


def test_a_reload_that_no_longer_holds_a_value_asks(workspace: Path) -> None:
    """A criterion added on disk: the weights being tried no longer apply as a set (the file's are taken)."""
    path = workspace / DECISION
    added = "    weight: 0.20\n  - id: tasks\n    label: Tasks\n    direction: cost\n    weight: 0.05\n    source: tasks\n"

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        path.write_text(path.read_text().replace("    weight: 0.20\n", added, 1))
        await pilot.press("r")
        await settle(pilot)
        assert f"Reloading: {DECISION} changed on disk, and not every value changed here still applies." in asked(app)
        await pilot.press("d")
        await settle(pilot)
        assert [c.id for c in app.screen.session.spec.criteria][-1] == "tasks" and screen.session.unsaved() == []

    drive(create_app(workspace, watch=False), scenario)


def test_a_reload_where_the_file_now_says_the_same_values_asks_nothing(workspace: Path) -> None:
    path = workspace / DECISION

    async def scenario(app: Any, pilot: Any) -> None:
        await change_values(app, pilot)
        text = path.read_text().replace("weight: 0.30 ", "weight: 0.35 ")
        path.write_text(text.replace(f"{OPTION6}: {{impact: 4,", f"{OPTION6}: {{impact: 3,"))  # as s would have
        await pilot.press("r")
        await settle(pilot)
        assert not asked(app) and app.screen.session.unsaved() == []

    drive(create_app(workspace, watch=False), scenario)


def test_a_reload_onto_the_list_of_files_asks_and_save_writes_first(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        shutil.copy(workspace / DECISION, workspace / OTHER)  # a second decision file: the screen would list them
        await pilot.press("r")
        await settle(pilot)
        question = asked(app)
        assert "Reloading: there are 2 decision files now" in question
        await pilot.press("c")
        await settle(pilot)
        assert screen.session is not None and edits(screen) == EDITS  # still shown
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert screen.session is None and app.focused.id == "decision-files"

    drive(create_app(workspace, watch=False), scenario)
    text = (workspace / DECISION).read_text()
    assert "    weight: 0.35         # no source" in text and f"  {OPTION6}: {{impact: 3," in text
    assert (workspace / OTHER).read_text() != text


def test_a_reload_onto_another_file_asks_and_discard_shows_it(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        (workspace / DECISION).rename(workspace / OTHER)  # renamed on disk: the only decision file is another
        app.reload_now()
        await settle(pilot)
        assert "Reloading: the decision file is now openspec/decisions/phase-3.yaml" in asked(app)
        await pilot.press("d")
        await settle(pilot)
        assert screen.session.spec.path == OTHER and screen.session.unsaved() == []
        assert "not saved" not in screen_text(app)

    drive(create_app(workspace, watch=False), scenario)
    assert "weight: 0.35" not in (workspace / OTHER).read_text()


def test_a_reload_that_finds_the_file_gone_asks_and_cancel_keeps_the_values(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        (workspace / DECISION).unlink()
        await pilot.press("r")
        await settle(pilot)
        assert "Reloading: openspec/decisions/phase-2.yaml is gone" in asked(app)
        await pilot.press("c")
        await settle(pilot)
        assert screen.session is not None and edits(screen) == EDITS
        await pilot.press("r", "d")
        await settle(pilot)
        assert screen.session is None and "No decision file" in screen_text(app)

    drive(create_app(workspace, watch=False), scenario)


def test_a_live_reload_while_away_asks_when_the_screen_is_shown_again(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        await pilot.press("1")
        await settle(pilot)
        (workspace / DECISION).rename(workspace / OTHER)
        app.reload_now()  # what the watcher does
        await settle(pilot)
        assert not asked(app)  # not on the dashboard
        await pilot.press("4")
        await settle(pilot)
        assert "Reloading: the decision file is now" in asked(app)
        await pilot.press("c")
        await settle(pilot)
        assert app.screen is screen and edits(screen) == EDITS

    drive(create_app(workspace, watch=False), scenario)


def test_a_reload_that_finds_the_file_broken_asks_and_names_the_problem(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await change_values(app, pilot)
        path = workspace / DECISION
        path.write_text(path.read_text().replace("criteria:", "criteria: [", 1))  # no longer YAML
        await pilot.press("r")
        await settle(pilot)
        assert f"Reloading: {DECISION} cannot be evaluated now (" in asked(app)
        await pilot.press("s")  # the file cannot take the values: said, nothing written, the question gone
        await settle(pilot)
        assert any(n.title == "Nothing saved" for n in app._notifications)
        assert app.screen is screen and edits(screen) == EDITS

    drive(create_app(workspace, watch=False), scenario)
