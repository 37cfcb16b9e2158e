"""Pilot tests of the Change screen: tabs built when shown, scrolled at once, a tab for every file of the
change, the task cursor kept through edits and reloads, `/` searching the change, long files in parts."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Markdown, TabPane
from textual.widgets.markdown import MarkdownBlock

from openspec_tool.tui.app import create_app
from openspec_tool.tui.widgets.doc_view import DocView
from tests.tui.conftest import drive, screen_text, settle, type_text

OPTION2 = "phase2-option2-improve-testing"
OPTION3 = "phase2-option3-feature-development"


async def open_change(app: Any, pilot: Any, change: str, tab: str | None = None) -> Any:
    app.open_change(change, tab)
    await settle(pilot, 0.05)
    assert type(app.screen).__name__ == "ChangeScreen"
    return app.screen


def built(screen: Any) -> list[str]:
    """The titles of the tabs whose content exists."""
    return [art.title for n, art in enumerate(screen.artifacts) if screen.query_one(f"#tab-{n}", TabPane).children]


def test_a_tab_is_built_when_it_is_first_shown_and_scrolls_at_once(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_change(app, pilot, OPTION3)
        assert built(screen) == ["Proposal"]
        assert "Ⅱ What Changes" in screen_text(app)  # the contents beside it (not a column left blank)
        proposal = screen.query_one(DocView)
        assert app.focused is proposal  # ↓ and PgDn scroll the document, not the tab bar
        await pilot.press("pagedown")
        await settle(pilot)
        assert proposal.scroll_y > 0
        await pilot.press("right_square_bracket")
        await settle(pilot, 0.05)
        assert built(screen) == ["Proposal", "Design"]
        design = screen.query(DocView).last()
        assert app.focused is design and "Design" in screen_text(app)
        await pilot.press("down", "down")
        await settle(pilot)
        assert design.scroll_y > 0
        await pilot.press("left_square_bracket", "left_square_bracket")  # to Tasks (the last tab)
        await settle(pilot)
        assert built(screen) == ["Proposal", "Design", "Tasks"] and app.focused.id == "tasks"

    drive(create_app(workspace, watch=False), scenario, size=(100, 30))


def test_other_files_of_a_change_get_tabs(workspace: Path) -> None:
    folder = workspace / f"openspec/changes/{OPTION2}"
    (folder / "test_plan.md").write_text("# Test plan\n\nRun the `matrix` nightly.\n")
    (folder / "todo.md").write_text("- ask about flaky tests\n")
    (folder / "notes").mkdir()
    (folder / "notes/review.md").write_text("# Review\n\nLooks good.\n")
    (folder / "plan.yaml").write_text("steps:\n  - `one`\n")
    (folder / ".openspec.yaml").write_text("schema: spec-driven\n")
    (folder / "diagram.png").write_bytes(b"\x89PNG")

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_change(app, pilot, OPTION2)
        titles = [a.title for a in screen.artifacts]
        assert titles == ["Proposal", "Δ test-suite", "Tasks", "plan.yaml", "test_plan.md", "todo.md", "notes/review.md"]
        screen.show_tab("test_plan.md")
        await settle(pilot, 0.1)
        assert "Run the matrix nightly." in screen_text(app)
        assert screen.current_file() == (f"openspec/changes/{OPTION2}/test_plan.md", None)
        screen.show_tab("plan.yaml")
        await settle(pilot, 0.1)
        assert "- `one`" in screen_text(app)  # shown as written, not as markdown

    drive(create_app(workspace, watch=False), scenario)


def test_the_task_cursor_and_focus_survive_an_edit_and_a_reload(workspace: Path) -> None:
    tasks = workspace / f"openspec/changes/{OPTION2}/tasks.md"

    def editor(path: Path, line: int | None) -> None:
        assert path == tasks and line is not None
        tasks.write_text(tasks.read_text().replace("- [ ]", "- [x]", 1))

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_change(app, pilot, OPTION2, "Tasks")
        tree = screen.query_one("#tasks")
        await pilot.press("n", "n")  # the second task ready to start
        chosen = tree.cursor_node.data.id
        await pilot.press("e")
        await settle(pilot, 0.05)
        assert "4/45 tasks done" in str(tree.root.label)  # the edit is shown …
        assert app.focused is tree and tree.cursor_node.data.id == chosen  # … where the reader was
        app.reload_now()  # the watcher noticing a change
        await settle(pilot, 0.05)
        assert app.focused is tree and tree.cursor_node.data.id == chosen
        (workspace / f"openspec/changes/{OPTION2}/notes.md").write_text("# Notes\n")  # a new tab: built again
        app.reload_now()
        await settle(pilot, 0.1)
        tree = app.screen.query_one("#tasks")
        assert [a.title for a in app.screen.artifacts][-1] == "notes.md"
        assert app.focused is tree and tree.cursor_node.data.id == chosen

    drive(create_app(workspace, watch=False, editor=editor), scenario)


def test_slash_searches_the_whole_change_and_jumps_between_hits(workspace: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_change(app, pilot, OPTION3)
        await pilot.press("slash")
        await type_text(app, "palette")
        bar = screen.query_one("#filter")
        assert bar.border_subtitle == "9 hits: Proposal 6, Design 1, Tasks 2 · Enter jumps"
        await pilot.press("enter")
        await settle(pilot, 0.1)
        assert screen.hit_index == 0 and screen.current_file() == (f"openspec/changes/{OPTION3}/proposal.md", 21)
        view = screen.query_one(DocView)
        assert app.focused is view and "search-hit" in view._block_at(20).classes
        await pilot.press("n")
        assert screen.hit_index == 1 and screen.current_file() == (f"openspec/changes/{OPTION3}/proposal.md", 29)
        screen.hit_index = 5
        await pilot.press("n")
        await settle(pilot, 0.1)
        assert screen.active_artifact().title == "Design" and "hit 7 of 9 · Design line 18" in bar.border_subtitle
        await pilot.press("n")
        await settle(pilot, 0.1)
        tree = screen.query_one("#tasks")
        assert screen.active_artifact().title == "Tasks" and tree.cursor_node.data.id == "7.1"  # the heading's first task
        await pilot.press("N")
        await settle(pilot, 0.05)
        assert screen.active_artifact().title == "Design"
        await pilot.press("escape")  # clears the search …
        assert screen.hits == [] and not bar.display and type(app.screen).__name__ == "ChangeScreen"
        await pilot.press("n")  # … so n is "next ready" again
        await settle(pilot)
        assert screen.active_artifact().title == "Tasks"
        await pilot.press("escape")  # … and Escape goes back
        await settle(pilot)
        assert type(app.screen).__name__ == "DashboardScreen"

    drive(create_app(workspace, watch=False), scenario)


LONG = "".join(
    f"## Part {n}\n\nSome text for part {n}, long enough\nto wrap over two lines.\n\n"
    + {
        7: "- item one\n- item two\n\n  continued item two\n\n",
        17: "```python\n# not a heading\nprint(17)\n```\n\n",
        23: "> quoted\n> - in a list\n\n",  # blocks inside blocks, in a later part: their lines too
    }.get(n, "")
    for n in range(30)
)


class _Docs(App[None]):
    def compose(self) -> ComposeResult:
        yield DocView(LONG, "long.md")
        yield Markdown(LONG)


def test_a_long_file_shown_in_parts_ends_up_as_shown_whole() -> None:
    async def main() -> None:
        app = _Docs()
        async with app.run_test(size=(100, 30)) as pilot:
            view = app.query_one(DocView)
            first = -1
            for _ in range(400):
                await asyncio.sleep(0.01)
                if first < 0 and view.document.query(MarkdownBlock):
                    first = len(view.document.query(MarkdownBlock))
                if view.loaded:
                    break
            await pilot.pause()
            whole = app.query(Markdown).last()
            assert 0 < first < len(whole.query(MarkdownBlock))  # the start was shown before the rest was built
            parts = [(type(b).__name__, b.source_range) for b in view.document.query(MarkdownBlock)]
            assert parts == [(type(b).__name__, b.source_range) for b in whole.query(MarkdownBlock)]
            view.goto_line(LONG.count("\n", 0, LONG.index("print(17)")) + 1)
            await pilot.pause()
            assert view.scroll_y > 0 and "print(17)" in view._hit.code  # type: ignore[union-attr]

    asyncio.run(main())


def test_the_header_writes_effort_and_timeline_as_every_front_does(workspace: Path) -> None:
    """model.units' ranges (en dash, unit after a space), as the decision screen and the reports write them."""

    async def scenario(app: Any, pilot: Any) -> None:
        screen = await open_change(app, pilot, OPTION2)
        header = screen.query_one("#change-head").render().plain
        assert "effort 15–25 h" in header and "timeline 1–2 weeks" in header
        assert "15-25h" not in header and "1-2 weeks" not in header

    drive(create_app(workspace, watch=False), scenario)
