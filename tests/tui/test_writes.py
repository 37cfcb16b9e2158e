"""Pilot tests of the TUI's writes (issue 14): `Space` ticks the task under the cursor, `N` creates a change, `A`
archives one — each through the function the CLI calls, so the files are the CLI's, byte for byte, and nothing
is written on a cancel or a refusal (the whole workspace is compared before and after)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.tui.app import create_app
from openspec_tool.write import clock
from tests.conftest import write_tree
from tests.tui.conftest import drive, screen_text, settle, type_text

Cli = Callable[..., tuple[int, str, str]]
OPTION2 = "phase2-option2-improve-testing"
TODAY = "2026-01-15"


def files(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under root/openspec."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted((root / "openspec").rglob("*"))}


def changed_lines(before: bytes, after: bytes) -> list[tuple[int, bytes, bytes]]:
    return [(n + 1, a, b) for n, (a, b) in enumerate(zip(before.split(b"\n"), after.split(b"\n"))) if a != b]


async def open_tasks(app: Any, pilot: Any, change: str, task: str) -> Any:
    app.open_change(change, "Tasks")
    await settle(pilot, 0.05)
    tree = app.screen.query_one("#tasks")
    assert tree.select_task(task)
    await settle(pilot)
    assert tree.selected_task_id() == task and app.focused is tree
    return tree


def asked(app: Any) -> str:
    assert type(app.screen).__name__ == "AskScreen", type(app.screen).__name__
    return screen_text(app)


# -- Space -----------------------------------------------------------------------------------------------


def test_space_ticks_the_task_under_the_cursor_as_tasks_done_does(workspace: Path) -> None:
    path = workspace / f"openspec/changes/{OPTION2}/tasks.md"
    before = path.read_bytes()

    async def scenario(app: Any, pilot: Any) -> None:
        tree = await open_tasks(app, pilot, OPTION2, "1.4")
        await pilot.press("space")
        await settle(pilot, 0.05)
        after = path.read_bytes()
        line = b"- [ ] 1.4 Write the test matrix: suites, triggers (PR, nightly) and owners {est: 0.5h; after: 1.2, 1.3; "
        line += b"priority: high}"
        assert changed_lines(before, after) == [(9, line, line.replace(b"[ ]", b"[x]"))]  # the checkbox, nothing else
        tree = app.screen.query_one("#tasks")  # the file was read again …
        assert tree.selected_task_id() == "1.4" and app.focused is tree  # … and the cursor stayed on the task
        assert str(tree.nodes["1.4"].label).startswith("✓ 1.4") and "4/45 tasks done" in str(tree.root.label)
        assert "4/45 tasks" in str(app.screen.query_one("#change-head").render())
        await pilot.press("space")  # and back: the file is as it was
        await settle(pilot, 0.05)
        assert path.read_bytes() == before and app.screen.query_one("#tasks").selected_task_id() == "1.4"

    drive(create_app(workspace, watch=False), scenario)


def test_space_on_a_parent_asks_first_and_ticks_it_with_its_subtasks(workspace: Path) -> None:
    path = workspace / f"openspec/changes/{OPTION2}/tasks.md"
    before = files(workspace)

    async def scenario(app: Any, pilot: Any) -> None:
        await open_tasks(app, pilot, OPTION2, "2.1")
        await pilot.press("space")
        await settle(pilot)
        assert "It has 4 open subtask(s): 2.1.1, 2.1.2, 2.1.3, 2.1.4" in asked(app)
        await pilot.press("n")  # cancel: nothing written
        await settle(pilot)
        assert files(workspace) == before and type(app.screen).__name__ == "ChangeScreen"
        await pilot.press("space", "y")
        await settle(pilot, 0.05)
        ticked = changed_lines(before[f"openspec/changes/{OPTION2}/tasks.md"] or b"", path.read_bytes())
        assert [(n, old.replace(b"[ ]", b"[x]") == new) for n, old, new in ticked] == [(n, True) for n in range(12, 17)]
        tree = app.screen.query_one("#tasks")
        assert tree.selected_task_id() == "2.1"
        assert all(str(tree.nodes[i].label).startswith("✓") for i in ("2.1", "2.1.1", "2.1.4"))
        await pilot.press("space")  # a done parent: unticked with its subtasks, after asking
        await settle(pilot)
        assert "Untick 2.1 and its subtasks?" in asked(app)
        await pilot.press("y")
        await settle(pilot, 0.05)
        assert files(workspace) == before

    drive(create_app(workspace, watch=False), scenario, size=(120, 35))


def test_space_on_a_subtask_ticks_its_parent_when_it_is_the_last_and_a_heading_task_is_refused(workspace: Path) -> None:
    write_tree(
        workspace,
        {
            "openspec/changes/mixed/proposal.md": "# Mixed\n",
            "openspec/changes/mixed/tasks.md": (
                "# Tasks\n\n- [ ] 1.1 Parent\n  - [x] 1.1.1 Done kid\n  - [ ] 1.1.2 Last kid\n\n"
                "### Task 2: Write the guide\n**Priority**: high\n**Estimate**: 2h\n"
            ),
        },
    )
    path = workspace / "openspec/changes/mixed/tasks.md"

    async def scenario(app: Any, pilot: Any) -> None:
        tree = await open_tasks(app, pilot, "mixed", "1.1.2")
        await pilot.press("space")
        await settle(pilot, 0.05)
        assert path.read_text().splitlines()[2:5] == ["- [x] 1.1 Parent", "  - [x] 1.1.1 Done kid", "  - [x] 1.1.2 Last kid"]
        tree = app.screen.query_one("#tasks")
        heading = next(i for i, node in tree.nodes.items() if node.data is not None and node.data.source == "block")
        before = path.read_bytes()
        assert tree.select_task(heading)
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot, 0.05)
        assert path.read_bytes() == before
        notes = [n.message for n in app._notifications]
        assert any("is a heading, not a checkbox: edit its status by hand" in m and "e opens the file" in m for m in notes)

    drive(create_app(workspace, watch=False), scenario, size=(120, 35))


# -- N ---------------------------------------------------------------------------------------------------


def test_n_creates_a_change_as_new_change_does_and_opens_it(workspace: Path, tmp_path: Path, cli: Cli) -> None:
    theirs = shutil.copytree(workspace, tmp_path / "theirs")
    code, _, err = cli("new", "change", "add-thing", "--description", "Try it out", cwd=theirs)
    assert code == 0, err
    before = files(workspace)

    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("N")
        await settle(pilot)
        form = app.screen
        assert type(form).__name__ == "NewChangeScreen" and app.focused.id == "new-id"
        await type_text(app, "Add_Thing")
        await settle(pilot)
        assert "Change name must be lowercase (use kebab-case)" in screen_text(app)  # as typed
        await pilot.press("enter", "enter")  # to the description, then create: refused in the CLI's words
        await settle(pilot)
        assert "✖ Error: Change name must be lowercase (use kebab-case)" in screen_text(app) and app.screen is form
        form.query_one("#new-id").value = ""
        await type_text(app, OPTION2)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert f"✖ Error: Change '{OPTION2}' already exists at" in screen_text(app)
        assert files(workspace) == before  # refusals write nothing
        form.query_one("#new-id").value = ""
        await type_text(app, "add-thing")
        await pilot.press("enter")
        await type_text(app, "Try it out")
        await pilot.press("enter")
        await settle(pilot, 0.05)
        assert type(app.screen).__name__ == "ChangeScreen" and app.screen.change_id == "add-thing"
        assert "Try it out" in screen_text(app)  # its README.md, shown
        ours, want = files(workspace), files(theirs)
        assert {k: v for k, v in ours.items() if "add-thing" in k} == {k: v for k, v in want.items() if "add-thing" in k}
        assert ours.keys() == want.keys()
        await pilot.press("escape", "N")
        await settle(pilot)
        await type_text(app, "never-made")
        await pilot.press("escape")  # cancel: nothing written
        await settle(pilot)
        assert files(workspace) == ours

    drive(create_app(workspace, watch=False), scenario, size=(100, 30))


# -- A ---------------------------------------------------------------------------------------------------


def req(name: str, body: str = "The system SHALL do it.", scenario: str = "Works") -> str:
    return f"### Requirement: {name}\n{body}\n\n#### Scenario: {scenario}\n- **WHEN** x\n- **THEN** y\n\n"


MAIN = (
    "# Docs Specification\n\n## Purpose\nHow the project documents itself for users and for contributors alike.\n\n"
    "## Requirements\n\n" + req("Guides") + req("Old Page") + req("Index")
)
DELTA = (
    "## ADDED Requirements\n" + req("Tutorials") + "## MODIFIED Requirements\n" + req("Guides", "The system SHALL keep guides.")
    + "## REMOVED Requirements\n- ### Requirement: Old Page\n\n"
    "## RENAMED Requirements\n- FROM: `### Requirement: Index`\n- TO: `### Requirement: Site Index`\n"
)  # fmt: skip
WHY = "Readers cannot find the tutorials, and the old page confuses everyone who lands on it."


def tidy(workspace: Path, name: str = "tidy-docs", delta: str = DELTA) -> Path:
    return write_tree(
        workspace,
        {
            "openspec/specs/docs/spec.md": MAIN,
            f"openspec/changes/{name}/proposal.md": f"# Tidy\n\n## Why\n{WHY}\n\n## What Changes\n- **docs:** tidied\n",
            f"openspec/changes/{name}/tasks.md": "- [x] 1.1 Write\n- [ ] 1.2 Review\n",
            f"openspec/changes/{name}/specs/docs/spec.md": delta,
        },
    )


async def archive_asks(app: Any, pilot: Any, change: str) -> str:
    """`A` on the change's screen: the question (or the refusal) it shows."""
    app.open_change(change)
    await settle(pilot, 0.05)
    await pilot.press("A")
    await settle(pilot)
    return asked(app)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


def test_a_on_the_change_screen_shows_what_archive_will_do_then_does_it(
    workspace: Path, tmp_path: Path, cli: Cli, today: str
) -> None:
    tidy(workspace)
    theirs = shutil.copytree(workspace, tmp_path / "theirs")
    code, _, err = cli("archive", "tidy-docs", "--yes", cwd=theirs)
    assert code == 0, err
    before = files(workspace)

    async def scenario(app: Any, pilot: Any) -> None:
        text = await archive_asks(app, pilot, "tidy-docs")
        assert "Moves openspec/changes/tidy-docs/" in text and f"to openspec/changes/archive/{today}-tidy-docs/" in text
        assert "⚠ 1 incomplete task(s)" in text
        assert "docs  + 1 added, ~ 1 modified, - 1 removed, → 1 renamed" in text and "openspec/specs/docs/spec.md" in text
        for line in ("+ ADDED Tutorials", "~ MODIFIED Guides", "- REMOVED Old Page", "→ RENAMED Index → Site Index"):
            assert line in text
        await pilot.press("n")
        await settle(pilot)
        assert files(workspace) == before  # not even changes/archive/
        await pilot.press("A", "y")
        await settle(pilot, 0.05)
        assert files(workspace) == files(theirs)  # what `openspec archive tidy-docs --yes` does, byte for byte
        assert type(app.screen).__name__ == "DashboardScreen"  # the change's folder moved: back to the list
        assert any(f"archived as '{today}-tidy-docs'" in n.message for n in app._notifications)

    drive(create_app(workspace, watch=False), scenario, size=(120, 35))


def test_archive_refusals_are_the_clis_and_write_nothing(workspace: Path, tmp_path: Path, cli: Cli, today: str) -> None:
    tidy(workspace, "broken", "## ADDED Requirements\n### Requirement: Vague\nIt does things.\n")
    tidy(workspace, "stale", "## MODIFIED Requirements\n" + req("Missing Page", "The system SHALL be there."))
    theirs = shutil.copytree(workspace, tmp_path / "theirs")
    code, out, err = cli("archive", "broken", "--yes", cwd=theirs)
    assert code == 1
    cli_lines = [line for line in out.splitlines() if line.strip()]
    code, _, err = cli("archive", "stale", "--skip-specs", "--yes", cwd=theirs)
    assert code == 0, err
    before = files(workspace)

    async def scenario(app: Any, pilot: Any) -> None:
        text = await archive_asks(app, pilot, "broken")
        assert "Cannot archive broken, as `openspec archive` says:" in text
        for line in cli_lines[-3:]:  # "Validation failed. …", its advice, and the errors before them
            assert line.strip() in text
        assert "Nothing was written." in text and "(y)" not in text
        await pilot.press("c")
        await settle(pilot)
        assert files(workspace) == before
        app.pop_screen()
        await pilot.press("2")  # from the kanban: the card of the change whose spec update is refused
        await settle(pilot)
        kanban = app.screen
        column = kanban.query_one("#col-in-progress")
        column.focus()
        column.highlighted = kanban._ids["in-progress"].index("stale")
        await pilot.press("A")
        await settle(pilot)
        text = asked(app)
        assert 'MODIFIED failed for header "### Requirement: Missing Page" - not found' in text
        assert "Archive without spec updates (s)" in text and "Archive, update specs" not in text
        assert "Main specs: its delta specs cannot be applied." in text and "unchanged" not in text
        await pilot.press("s")
        await settle(pilot, 0.05)
        ours = files(workspace)
        assert {k: v for k, v in ours.items() if "stale" in k} == {k: v for k, v in files(theirs).items() if "stale" in k}
        assert (
            "openspec/specs/docs/spec.md" in ours and ours["openspec/specs/docs/spec.md"] == before["openspec/specs/docs/spec.md"]
        )
        assert "stale" not in kanban._ids["in-progress"] and any("stale" in i for i in kanban._ids["archived"])
        column = kanban.query_one("#col-archived")
        column.focus()
        await settle(pilot)
        assert not app.screen.check_action("archive", ())  # an archived card: nothing to archive

    drive(create_app(workspace, watch=False), scenario, size=(120, 35))
