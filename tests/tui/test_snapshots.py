"""Snapshots (pytest-textual-snapshot) of every screen on the fixture workspace (tests/fixtures/tui-workspace,
a frozen copy of our openspec/), copied to a temporary folder with fixed times.

Update after an intended change of the UI: `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.tui.app import create_app
from tests.tui.conftest import settle, type_text

Steps = Callable[[Any], Awaitable[None]]
SIZE = (100, 30)


def keys(*pressed: str, wait: float = 0.0) -> Steps:
    """Press each key (`text:…` types the text fast), letting the screen settle after each."""

    async def run(pilot: Any) -> None:
        await settle(pilot)
        for key in pressed:
            if key.startswith("text:"):
                await type_text(pilot.app, key.removeprefix("text:"))
            else:
                await pilot.press(key)
            await settle(pilot)
        await settle(pilot, wait)
        if wait:
            await settle(pilot)

    return run


CASES: dict[str, Steps] = {
    "dashboard": keys(),
    "kanban": keys("2"),
    "change_proposal": keys("down", "down", "down", "enter", wait=0.3),
    "change_tasks": keys("down", "enter", "left_square_bracket", wait=0.2),
    "change_search": keys("down", "down", "enter", "slash", "text:palette", "enter", "n", wait=0.3),
    "spec_browser": keys("3", "enter", "space"),
    "decision": keys("4"),
    "decision_weight_changed": keys("4", "down", "down", "right", "right", wait=0.6),
    "decision_options": keys("4", "o"),
    "decision_compare": keys("4", "v"),
    "decision_confirm": keys("4", "p", "down", "c"),
    "decision_score_changed": keys("4", "o", "down", "g", "down", "left", wait=0.6),
    "help": keys("4", "question_mark"),
    "new_change": keys("N", "text:Add_x"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_screen(name: str, workspace: Path, snap_compare: Any) -> None:
    assert snap_compare(create_app(workspace, watch=False), terminal_size=SIZE, run_before=CASES[name])


def test_small_terminal_without_colour(workspace: Path, snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(create_app(workspace, watch=False), terminal_size=(80, 24), run_before=keys("4"))


def test_small_terminal_weight_changed(workspace: Path, snap_compare: Any) -> None:
    """80×24 with a line "not saved" in the title: the recommendation still heads the analysis box, in view."""
    steps = keys("4", "down", "down", "right", "right", wait=0.6)
    assert snap_compare(create_app(workspace, watch=False), terminal_size=(80, 24), run_before=steps)


def test_unsaved_question(workspace: Path, snap_compare: Any) -> None:
    assert snap_compare(create_app(workspace, watch=False), terminal_size=SIZE, run_before=keys("4", "right", "q", wait=0.6))


def test_archive_confirmation(workspace: Path, snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from openspec_tool.write import clock

    monkeypatch.setattr(clock, "today", lambda: "2026-01-15")  # the archive folder's name carries the date
    assert snap_compare(create_app(workspace, watch=False), terminal_size=SIZE, run_before=keys("down", "enter", "A"))


def test_no_workspace(tmp_path: Path, snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)  # a relative --root: the message names no temporary folder
    assert snap_compare(create_app(Path("empty"), watch=False), terminal_size=SIZE, run_before=keys())


def test_no_decision_file(workspace: Path, snap_compare: Any) -> None:
    (workspace / "openspec/decisions/phase-2.yaml").unlink()
    assert snap_compare(create_app(workspace, watch=False), terminal_size=SIZE, run_before=keys("4"))


def test_decision_init_preview(workspace: Path, snap_compare: Any) -> None:
    """`i` without a decision file: what `openspec decide init` would write, before anything is written."""
    (workspace / "openspec/decisions/phase-2.yaml").unlink()
    assert snap_compare(create_app(workspace, watch=False), terminal_size=SIZE, run_before=keys("4", "i"))


def test_invalid_decision(workspace: Path, snap_compare: Any) -> None:
    path = workspace / "openspec/decisions/phase-2.yaml"
    path.write_text(path.read_text().replace("weight: 0.30", "weight: heavy", 1))
    assert snap_compare(create_app(workspace, watch=False), terminal_size=SIZE, run_before=keys("4"))
