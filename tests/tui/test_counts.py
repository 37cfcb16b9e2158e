"""Issue 16, items 8 and 9: one stage (`openspec list --json`'s status) and one count, named, on every screen.

A change whose tasks carry acceptance checks has more checkboxes (the reference's count) than tasks (work
items): the dashboard and the kanban say "checkboxes" beside `openspec list`'s figure, the change's header and
its task tree's root say "tasks" beside the model's, and a dependency cycle is named by its task ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openspec_tool.read.tree import DiskTree
from openspec_tool.rules.listing import list_changes
from openspec_tool.tui.app import create_app
from tests.conftest import write_tree
from tests.tui.conftest import drive, screen_text, settle

LOOP = """# Tasks

## 1. Build
- [x] 1.1 First {after: 1.2}
- [ ] 1.2 Second {after: 1.1}
- [ ] 1.3 Third
  - **Acceptance Criteria**:
    - [x] works
    - [ ] fast
"""


def with_loop(workspace: Path) -> Path:
    return write_tree(
        workspace,
        {
            "openspec/changes/loop/proposal.md": "# Loop\n\n## Why\nA loop.\n",
            "openspec/changes/loop/tasks.md": LOOP,
            "openspec/changes/fresh/proposal.md": "# Fresh\n\n## Why\nNothing yet.\n",
        },
    )


def test_every_screen_says_openspec_lists_status_and_names_its_count(workspace: Path) -> None:
    with_loop(workspace)
    status = {c.name: c.status for c in list_changes(DiskTree(workspace))}
    assert status["loop"] == "in-progress" and status["fresh"] == "no-tasks"
    assert status["phase2-option1-expand-docs"] == "in-progress"  # 0/40: not started, yet in progress for the reference

    async def scenario(app: Any, pilot: Any) -> None:
        table = app.screen.query_one("#changes")
        rows = {r.id: table.row_cells(n) for n, r in enumerate(app.screen.change_rows)}
        assert {cid: str(cells[1]).split(" ", 1)[1] for cid, cells in rows.items()} == status
        assert str(rows["loop"][3]) == "2/5"  # the checkboxes, as `openspec list`
        assert "Checkboxes" in table.shown_labels() and "Tasks" not in table.shown_labels()
        assert "8 changes  1 no tasks · 7 in progress · 0 complete" in screen_text(app)
        await pilot.press("2")
        await settle(pilot)
        kanban = app.screen
        assert {stage: ids for stage, ids in kanban._ids.items() if "loop" in ids or "fresh" in ids} == {
            "no-tasks": ["fresh"],
            "in-progress": [*sorted(i for i in status if status[i] == "in-progress")],
        }
        assert "2/5 checkboxes" in screen_text(app)

    drive(create_app(workspace, watch=False), scenario, size=(120, 35))


def test_the_change_header_and_the_tree_root_give_one_task_count_and_name_the_cycle(workspace: Path) -> None:
    with_loop(workspace)

    async def scenario(app: Any, pilot: Any) -> None:
        app.open_change("loop", "Tasks")
        await settle(pilot, 0.05)
        head = str(app.screen.query_one("#change-head").render())
        assert "◐ in-progress" in head and "1/3 tasks · 2/5 checkboxes" in head
        tree = app.screen.query_one("#tasks")
        root = str(tree.root.label)
        assert "1/3 tasks done" in root and "1/2 acceptance checks" in root
        assert "cycle: 1.1 → 1.2 → 1.1" in root  # named by its ids, not counted
        labels = {n.data.id: str(n.label) for n in tree._walk() if n.data is not None}
        assert labels["1.1"].endswith("in a dependency cycle") and labels["1.2"].endswith("in a dependency cycle")
        assert "cycle" not in labels["1.3"]
        text = screen_text(app)
        assert "1/3 tasks" in text and "cycle: 1.1 → 1.2 → 1.1" in text

    drive(create_app(workspace, watch=False), scenario, size=(120, 35))
