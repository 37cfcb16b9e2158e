"""Pilot tests of the browsing screens: every screen by its key, Enter, tabs, the task tree, the spec browser,
the `/` filter, the command palette, `?`, `q`, 80×24 and NO_COLOR, editing and live reload."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.plan.graph import ready
from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.tui.app import create_app
from tests.tui.conftest import drive, screen_text, settle, type_text

OPTION2 = "phase2-option2-improve-testing"


def names(app: Any) -> str:
    return type(app.screen).__name__


def change_ids(app: Any) -> list[str]:
    return [r.id for r in app.screen.change_rows]


def tasks_cell(app: Any, change: str) -> str | None:
    ids = change_ids(app)
    return app.screen.query_one("#changes").row_cells(ids.index(change))[3] if change in ids else None


def test_dashboard_shows_counts_and_the_aligned_changes_table(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        table = app.screen.query_one("#changes")
        assert table.row_count == 6
        # Equal modification times: ties keep the name order, as `openspec list` sorts them.
        assert change_ids(app)[0] == "phase2-option1-expand-docs"
        row = table.row_cells(change_ids(app).index(OPTION2))
        assert row[0] == OPTION2 and "in-progress" in row[1] and "7%" in row[2] and row[3] == "3/45"
        assert row[4] == "2026-01-15 12:00"
        text = screen_text(app)
        assert "6 changes" in text and "0 no tasks · 6 in progress · 0 complete" in text
        assert "Checkboxes █░░░░░░░░░   1% 3/272 checked" in text  # `openspec list`'s count, named as such
        await pilot.press("o")  # sort by name: same order here, the key still works
        assert names(app) == "DashboardScreen"

    drive(create_app(workspace, watch=False), scenario)


def test_every_screen_is_reachable_by_its_key(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        order = (("2", "KanbanScreen"), ("3", "SpecBrowserScreen"), ("4", "DecisionScreen"), ("1", "DashboardScreen"))
        for key, expected in order:
            await pilot.press(key)
            await settle(pilot)
            assert names(app) == expected, key

    drive(create_app(workspace, watch=False), scenario)


def test_enter_opens_the_change_with_a_tab_per_artifact(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        index = change_ids(app).index("phase2-option3-feature-development")
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert names(app) == "ChangeScreen" and app.screen.change_id == "phase2-option3-feature-development"
        assert [a.title for a in app.screen.artifacts] == ["Proposal", "Design", "Δ core-capabilities", "Tasks"]
        assert app.screen.current_file() == ("openspec/changes/phase2-option3-feature-development/proposal.md", None)
        await pilot.press("right_square_bracket")
        assert app.screen.active_artifact().title == "Design"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.screen.active_artifact().title == "Tasks"
        await pilot.press("t")  # the table of contents folds away and back
        await pilot.press("escape")
        assert names(app) == "DashboardScreen"

    drive(create_app(workspace, watch=False), scenario)


def test_the_task_tree_marks_the_ready_tasks_and_counts_done(workspace: Path) -> None:
    tasks = workspace / f"openspec/changes/{OPTION2}/tasks.md"
    expected = [t.id for t in ready(parse_tasks(tasks.read_text(), "t").tasks)]

    async def scenario(app: Any, pilot: Any) -> None:
        app.open_change(OPTION2, "Tasks")
        await settle(pilot)
        tree = app.screen.query_one("#tasks")
        assert tree.ready_ids == expected and "1.4" in expected
        labels = {n.data.id: str(n.label) for n in tree._walk() if n.data is not None}
        assert labels["1.4"].startswith("▶ 1.4") and labels["1.4"].endswith("ready") and "after 1.2, 1.3" in labels["1.4"]
        assert labels["1.1"].startswith("✓ 1.1") and labels["2.1.1"].startswith("☐ 2.1.1")
        assert "3/45 tasks done" in str(tree.root.label) and f"{len(expected)} ready" in str(tree.root.label)
        assert "1. Baseline and Test Matrix  3/4" in [str(n.label) for n in tree.root.children]
        in_document_order = [t.id for t in parse_tasks(tasks.read_text(), "t").tasks if t.id in expected]
        await pilot.press("left_square_bracket")  # to another tab: n comes back to the tasks
        await pilot.press("n")
        assert tree.cursor_node.data.id == in_document_order[0]
        await pilot.press("n")
        assert tree.cursor_node.data.id == in_document_order[1]
        assert app.screen.current_file() == (f"openspec/changes/{OPTION2}/tasks.md", tree.cursor_node.data.line)

    drive(create_app(workspace, watch=False), scenario)


def test_kanban_groups_changes_by_stage(workspace: Path) -> None:
    (workspace / "openspec/changes/fresh").mkdir()
    (workspace / "openspec/changes/fresh/proposal.md").write_text("# Fresh\n")

    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert {s: len(ids) for s, ids in screen._ids.items()} == {"no-tasks": 1, "in-progress": 6, "complete": 0, "archived": 0}
        assert app.focused.id == "col-no-tasks"
        assert "░░░░░ 0/40 checkboxes" in screen_text(app)  # the count named: `openspec list`'s
        await pilot.press("right")
        assert app.focused.id == "col-in-progress"
        for _ in range(sorted(screen._ids["in-progress"]).index(OPTION2)):
            await pilot.press("down")
        assert screen.selected() == OPTION2
        await pilot.press("enter")
        await settle(pilot)
        assert names(app) == "ChangeScreen" and app.screen.change_id == OPTION2

    drive(create_app(workspace, watch=False), scenario)


def test_spec_requirements_expand_to_their_scenarios(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert [r.id for r in screen.refs][:2] == ["documentation", "test-suite"]
        await pilot.press("enter")  # into the requirements
        tree = screen.query_one("#requirements")
        first = tree.root.children[0]
        assert str(first.label).startswith("ADDED Advanced Topic Guides") and not first.is_expanded
        await pilot.press("space")
        assert first.is_expanded
        scenarios = [str(n.label) for n in first.children]
        assert "Scenario: Reader looks for an advanced topic" in scenarios
        assert screen.current_file() == (screen.current.path, 3)
        await pilot.press("left", "down")
        assert screen.current.id == "test-suite"

    drive(create_app(workspace, watch=False), scenario)


def test_slash_filters_the_lists_by_name_and_by_task_and_requirement_text(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("slash")
        await type_text(app, "testing")
        await settle(pilot)  # the task and requirement texts are read in a worker
        table = app.screen.query_one("#changes")
        assert change_ids(app) == [OPTION2, "phase2-option5-community-ecosystem"]  # by name, and by task 3.4
        assert table.shown_labels() == ["Change", "Status", "Checkboxes", "Match"] and table.row_cells(0)[3] == ""
        assert table.row_cells(1)[3] == "task 3.4: Testing helper for plugin authors"
        await pilot.press("enter")  # keep the filter, back to the table
        assert app.focused is table and table.row_count == 2
        await pilot.press("enter")
        await settle(pilot)
        assert names(app) == "ChangeScreen"
        await pilot.press("escape", "slash", "escape")  # Escape in the field clears it
        assert table.row_count == 6 and table.shown_labels()[-1] == "Last modified"
        await pilot.press("slash")
        await type_text(app, "helm")
        await pilot.press("enter")
        await settle(pilot)
        assert change_ids(app) == ["phase2-option4-deployment-infra"] and app.focused is table
        await pilot.press("escape")  # Escape on the list clears a kept filter
        assert table.row_count == 6 and not app.screen.query_one("#filter").display
        await pilot.press("3", "slash")
        await type_text(app, "deploy")
        await settle(pilot)
        assert [r.id for r in app.screen.shown] == ["documentation", "deployment"]  # by a requirement, by name
        label = str(app.screen.query_one("#spec-list").get_option_at_index(0).prompt)
        assert label.split("\n", 1)[1].startswith("requirement: …ion deployment and")

    drive(create_app(workspace, watch=False), scenario)


@pytest.mark.parametrize(
    ("query", "screen", "check"),
    [
        ("change phase2-option3", "ChangeScreen", lambda s: s.change_id == "phase2-option3-feature-development"),
        ("path B Quality", "DecisionScreen", lambda s: s.active_table().selected_id() == "B"),
        (
            "option phase2-option4",
            "DecisionScreen",
            lambda s: s.active_table().selected_id() == "phase2-option4-deployment-infra",
        ),
        ("spec observability", "SpecBrowserScreen", lambda s: s.current.id == "observability"),
        (
            "Go to Kanban",
            "KanbanScreen",
            lambda s: sum(c.option_count for c in s.columns()) == len(s.data.changes) + len(s.data.archived()) > 0,
        ),
    ],
)
def test_ctrl_p_jumps_to_any_item(workspace: Path, query: str, screen: str, check: Any) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(app, query)
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot, 0.1)
        assert names(app) == screen
        assert check(app.screen)

    drive(create_app(workspace, watch=False), scenario)


def test_question_mark_lists_the_keys_of_the_screen(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("question_mark")
        assert names(app) == "HelpScreen"
        keys = dict((d, k) for k, d in app.screen.keys)
        assert keys["Choose"] == "c" and keys["Reset"] == "u" and keys["Dashboard"] == "1"
        assert any("Weights (w)" in note for note in app.screen.notes)
        await pilot.press("escape")
        assert names(app) == "DecisionScreen"

    drive(create_app(workspace, watch=False), scenario)


def test_q_quits(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert app._exit

    drive(create_app(workspace, watch=False), scenario)


def test_every_screen_works_at_80x24_without_colour(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def scenario(app: Any, pilot: Any) -> None:
        assert app.no_color
        seen = {}
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await settle(pilot)
            seen[key] = screen_text(app)
        assert "phase2-option1-expand-docs" in seen["1"] and "░░░░" in seen["1"]
        assert "No tasks 0" in seen["2"] and "In progress 6" in seen["2"] and "3/272 checkboxes" in seen["2"]
        assert "Δ documentation" in seen["3"]
        assert "A Quick Win" in seen["4"] and "Decision Choose Path A (Quick Win)" in seen["4"] and "▸effort" in seen["4"]
        assert all(len(line) <= 80 for text in seen.values() for line in text.splitlines())

    drive(create_app(workspace, watch=False), scenario, size=(80, 24))


def test_e_opens_the_file_in_the_editor_and_reloads_after(workspace: Path) -> None:
    opened: list[tuple[Path, int | None]] = []
    tasks = workspace / "openspec/changes/phase2-option1-expand-docs/tasks.md"

    def editor(path: Path, line: int | None) -> None:
        opened.append((path, line))
        tasks.write_text(tasks.read_text().replace("- [ ]", "- [x]", 2))

    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("e")
        await settle(pilot)
        assert opened == [(workspace / "openspec/changes/phase2-option1-expand-docs/proposal.md", None)]
        assert tasks_cell(app, "phase2-option1-expand-docs") == "2/40"

    drive(create_app(workspace, watch=False, editor=editor), scenario)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("vim -n", ["vim", "-n", "+12", "F"]),
        ("/usr/bin/nvim", ["/usr/bin/nvim", "+12", "F"]),
        ("emacsclient -t", ["emacsclient", "-t", "+12", "F"]),
        ("code --wait", ["code", "--wait", "-g", "F:12"]),
        ("codium", ["codium", "-g", "F:12"]),
        ("subl -w", ["subl", "-w", "F:12"]),
        ("hx", ["hx", "F:12"]),
        ("pycharm", ["pycharm", "--line", "12", "F"]),
        ("kak", ["kak", "+12", "F"]),
        ("ed", ["ed", "F"]),  # an editor that takes no line gets the file alone
        ("myedit --goto {line} {file}", ["myedit", "--goto", "12", "F"]),
    ],
)
def test_the_editor_is_told_the_line_its_own_way(setting: str, expected: list[str]) -> None:
    from openspec_tool.tui.editor import editor_command

    assert editor_command(setting, "F", 12) == expected
    assert editor_command(setting, "F", None)[-1] == "F"


def test_the_editor_setting_runs_with_the_line(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setenv("EDITOR", "vim -n")
    monkeypatch.setenv("VISUAL", "code --wait")  # VISUAL comes before EDITOR …
    monkeypatch.setattr("subprocess.call", lambda cmd: calls.append(cmd) or 0)

    async def scenario(app: Any, pilot: Any) -> None:
        app.suspend = _no_suspend
        app._run_editor(workspace / "x.md", 12)
        monkeypatch.setenv("OPENSPEC_EDITOR", "hx")  # … and OPENSPEC_EDITOR before both
        app._run_editor(workspace / "x.md", 3)
        assert calls == [["code", "--wait", "-g", f"{workspace / 'x.md'}:12"], ["hx", f"{workspace / 'x.md'}:3"]]

    drive(create_app(workspace, watch=False), scenario)


class _no_suspend:  # stands in for App.suspend() in the headless driver
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_files_changed_on_disk_reload_on_their_own(workspace: Path) -> None:
    tasks = workspace / f"openspec/changes/{OPTION2}/tasks.md"

    async def scenario(app: Any, pilot: Any) -> None:
        await settle(pilot, 0.2)  # the first scan records the tree
        tasks.write_text(tasks.read_text().replace("- [x]", "- [ ]"))
        os.utime(tasks, (1, 1))
        for _ in range(40):
            await settle(pilot, 0.05)
            if tasks_cell(app, OPTION2) == "0/45":
                break
        assert app.generation >= 1
        assert tasks_cell(app, OPTION2) == "0/45"

    drive(create_app(workspace, watch=True, poll_interval=0.05), scenario)


def test_no_workspace_is_shown_not_crashed_on_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        assert names(app) == "NoWorkspaceScreen"
        text = " ".join(screen_text(app).replace("│", " ").split())
        assert "No OpenSpec workspace" in text and "no openspec/ folder there" in app.screen.message
        await pilot.press("2", "question_mark")  # nothing to go to
        assert names(app) == "NoWorkspaceScreen"
        await pilot.press("q")
        await pilot.pause()
        assert app._exit and app.return_code == 2

    app = create_app(tmp_path, watch=False)
    drive(app, scenario)

    from openspec_tool.cli.commands import tui

    monkeypatch.setattr(tui, "build", lambda root, decision, watch: app)  # `openspec tui` passes the status on
    monkeypatch.setattr(app, "run", lambda: None)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert tui.run(str(tmp_path), None) == 2


def test_an_unreadable_file_is_shown_in_the_change(workspace: Path) -> None:
    proposal = workspace / "openspec/changes/phase2-option5-community-ecosystem/proposal.md"
    proposal.unlink()
    proposal.mkdir()  # a folder where the file should be: unreadable even as root

    async def scenario(app: Any, pilot: Any) -> None:
        app.open_change("phase2-option5-community-ecosystem")
        await settle(pilot)
        text = screen_text(app)
        assert "proposal.md: cannot read: Is a directory" in text
        assert names(app) == "ChangeScreen"

    drive(create_app(workspace, watch=False), scenario)


def _spec(requirements: int) -> str:
    reqs = "".join(
        f"### Requirement: R{n}\nIt SHALL.\n\n#### Scenario: S\n- **WHEN** x\n- **THEN** y\n\n" for n in range(requirements)
    )
    return f"# s\n\n## Purpose\nWhy.\n\n## Requirements\n\n{reqs}"


def test_a_big_workspace_starts_with_the_listings_forked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openspec_tool.cli.commands import tui
    from tests.conftest import write_tree

    files = {f"openspec/specs/s{i:02d}/spec.md": _spec(i % 3 + 1) for i in range(30)}
    files.update({f"openspec/changes/c{i:02d}/tasks.md": "- [x] a\n- [ ] b\n" for i in range(20)})
    write_tree(tmp_path, files)
    monkeypatch.setattr(tui, "PREFETCH_FROM", 0)
    app = tui.build(str(tmp_path), None, watch=False)
    assert app.data is not None and app.data.specs_pending

    async def scenario(app: Any, pilot: Any) -> None:
        await settle(pilot, 0.1)
        assert app.first_screen_at is not None and app.counted_at is not None
        assert "30 specs · 60 requirements" in screen_text(app) and "20 changes" in screen_text(app)
        assert app.screen.query_one("#specs").row_cells(1) == ["s01", "2"]
        assert app.screen.query_one("#changes").row_cells(0)[3] == "1/2"

    drive(app, scenario)


def test_reloads_in_a_row_rebuild_a_change_cleanly(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        app.open_change(OPTION2, "Tasks")
        await settle(pilot)
        for _ in range(3):  # an edit and the watcher noticing it, back to back
            app.reload_now()
        await settle(pilot, 0.2)
        screen = app.screen
        assert names(app) == "ChangeScreen" and screen.active_artifact().title == "Tasks"
        assert screen.query_one("#change-head") is not None and "Improve Testing" in screen_text(app)
        assert screen.query_one("#tasks").ready_ids

    drive(create_app(workspace, watch=False), scenario)
