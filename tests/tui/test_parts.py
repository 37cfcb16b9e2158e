"""The TUI's plain parts: same counts and stages as the model, same scores as the CLI, the branch name,
the watcher, the forked head start, and Textual staying out of the other commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from openspec_tool.model.stage import change_stage
from openspec_tool.model.tasks import TaskList
from openspec_tool.model.workspace import Change
from openspec_tool.plan.evaluate import evaluate
from openspec_tool.read.tree import DiskTree
from openspec_tool.rules.listing import ChangeSummary, list_changes, list_specs
from openspec_tool.tui.data import STAGE_TITLES, ChangeRow, HeadStart, WorkspaceData
from openspec_tool.tui.decision_state import DecisionSession
from openspec_tool.tui.gitbranch import branch_name, create_branch
from openspec_tool.tui.watch import changed, scan
from tests.conftest import REPO, write_tree


@pytest.mark.parametrize(
    ("done", "total", "stage"), [(0, 0, "no-tasks"), (0, 5, "in-progress"), (2, 5, "in-progress"), (5, 5, "complete")]
)
def test_one_stage_for_openspec_list_the_model_and_the_tui(done: int, total: int, stage: str) -> None:
    """Issue 16, item 8: a change with no box ticked yet is "in-progress" everywhere, as `openspec list --json` says."""
    model = Change("x", "x", tasks=TaskList("", None, (), checkbox_count=total, checkbox_done=done)).stage
    listed = ChangeSummary("x", done, total, 0)
    assert model == listed.status == listed.to_json()["status"] == change_stage(done, total) == stage
    assert ChangeRow.of(listed).stage == stage and stage in STAGE_TITLES
    assert change_stage(done, total, archived=True) == "archived"


def test_the_tui_stages_are_openspec_lists_statuses(workspace: Path) -> None:
    (workspace / "openspec/changes/empty").mkdir()
    (workspace / "openspec/changes/empty/proposal.md").write_text("# Empty\n")
    listed = {c.name: c.to_json()["status"] for c in list_changes(DiskTree(workspace))}
    rows = {r.id: r.stage for r in WorkspaceData(workspace).changes}
    assert rows == listed and set(listed.values()) == {"no-tasks", "in-progress"}


def test_dashboard_rows_are_what_openspec_list_counts(workspace: Path) -> None:
    data = WorkspaceData(workspace)
    listed = list_changes(DiskTree(workspace))
    assert [(r.id, r.done, r.total, r.modified) for r in data.changes] == [
        (c.name, c.completed, c.total, c.last_modified) for c in listed
    ]
    assert data.specs == list_specs(DiskTree(workspace))


def test_the_forked_head_start_gives_the_same_lists(workspace: Path) -> None:
    head_start = HeadStart.start(workspace)
    assert head_start is not None
    data = WorkspaceData(workspace, head_start=head_start)
    assert data.changes_pending and data.specs_pending
    data.load()
    assert not data.changes_pending and not data.specs_pending
    alone = WorkspaceData(workspace)
    assert data.changes == alone.changes and data.specs == alone.specs == list_specs(DiskTree(workspace))
    assert data.spec_ids() == alone.spec_ids() and data.error is None
    lost = HeadStart.start(workspace)  # children that deliver nothing: the listings are read here
    assert lost is not None
    lost.listing.cancel()
    lost.specs.cancel()
    again = WorkspaceData(workspace, head_start=lost)
    assert again.changes == alone.changes and again.specs == alone.specs


def test_quick_and_full_runs_rank_as_the_cli(workspace: Path) -> None:
    session = DecisionSession(DiskTree(workspace), workspace)
    session.load()
    cli = evaluate(DiskTree(workspace)).result.to_json()
    assert session.full_result().to_json() == cli
    quick = session.result.to_json()
    assert [p["id"] for p in quick["paths"]] == [p["id"] for p in cli["paths"]]
    assert quick["paths"] == cli["paths"] and quick["options"] == cli["options"] and quick["budget"] == cli["budget"]
    session.set_weight("impact", 0.4)
    weights = dict(session.weights)
    assert session.full_result().to_json() == evaluate(DiskTree(workspace), weights=weights).result.to_json()
    with pytest.raises(ValueError, match="every criterion weight is 0"):
        for cid in list(session.weights):
            session.set_weight(cid, 0)
    assert session.weights["roi"] == 0.2  # the refused change is not kept


def test_main_spec_requirements_and_a_broken_spec(tmp_path: Path) -> None:
    good = (
        "# a\n\n## Purpose\nWhy.\n\n## Requirements\n\n"
        "### Requirement: One\nIt SHALL.\n\n#### Scenario: S\n- **WHEN** x\n- **THEN** y\n"
    )
    write_tree(tmp_path, {"openspec/specs/a/spec.md": good, "openspec/specs/b/spec.md": "# b\n\nno sections\n"})
    data = WorkspaceData(tmp_path)
    refs = {r.id: r for r in data.spec_refs()}
    assert refs["a"].requirement_count == 1 and refs["b"].requirement_count == 0
    a = data.spec(refs["a"])
    assert [(r.title, r.line, [s.title for s in r.scenarios]) for r in a.requirements] == [("One", 8, ["S"])]
    assert a.requirements[0].scenarios[0].lines == ("- **WHEN** x", "- **THEN** y")
    assert data.spec(refs["b"]).error == "openspec/specs/b/spec.md: Spec must have a Purpose section"


def test_branch_names_are_safe() -> None:
    assert branch_name("phase-2", "B") == "decision/phase-2-B"
    assert branch_name("my decision", "../x.lock") == "decision/my-decision-x"


def test_a_branch_outside_git_is_refused_politely(tmp_path: Path) -> None:
    assert create_branch(tmp_path, "d", "A").startswith("no branch: ")


def test_the_watcher_sees_edits_additions_and_removals(tmp_path: Path) -> None:
    write_tree(tmp_path, {"openspec/changes/a/tasks.md": "x", "openspec/specs/s/spec.md": "y"})
    before = scan(tmp_path)
    assert "openspec/changes/a/tasks.md" in before and "openspec/changes" in before
    (tmp_path / "openspec/changes/a/tasks.md").write_text("longer")
    (tmp_path / "openspec/specs/s/spec.md").unlink()
    (tmp_path / "openspec/changes/b").mkdir()
    after = scan(tmp_path)
    assert {"openspec/changes/a/tasks.md", "openspec/specs/s/spec.md", "openspec/changes/b"} <= changed(before, after)
    assert changed(after, scan(tmp_path)) == set()


def test_textual_is_imported_only_by_the_tui() -> None:
    code = (
        "import sys\n"
        "from openspec_tool.cli.main import run\n"
        "for args in (['list'], ['validate', '--all'], ['decide'], ['tasks', 'phase2-option2-improve-testing']):\n"
        "    run(args)\n"
        "bad = [m for m in ('textual', 'git', 'openspec_tool.tui.app') if m in sys.modules]\n"
        "sys.stderr.write(repr(bad))\n"
    )
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env)
    assert proc.stderr.endswith("[]"), proc.stderr[-500:]


def test_openspec_tui_help_is_listed(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "openspec_tool", "tui", "--help"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0 and "--decision" in proc.stdout and "--no-watch" in proc.stdout


def test_openspec_tui_without_a_terminal_says_so() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "openspec_tool", "tui"],
        cwd=REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert proc.returncode == 2 and "needs a terminal" in proc.stderr


def test_one_list_of_screens_gives_their_keys_modes_and_help_line() -> None:
    import importlib

    from openspec_tool.tui.app import OpenSpecApp
    from openspec_tool.tui.screens import SCREENS
    from openspec_tool.tui.screens.base import BaseScreen
    from openspec_tool.tui.screens.help import GLOBAL_NOTES

    actions = {b.key: b.action for b in OpenSpecApp.BINDINGS if not isinstance(b, tuple)}
    for screen in SCREENS:
        assert actions[screen.key] == f"go('{screen.mode}')"
        assert f"{screen.key} {screen.title}" in GLOBAL_NOTES[0]
        assert issubclass(getattr(importlib.import_module(screen.module), screen.cls), BaseScreen)
    assert OpenSpecApp.DEFAULT_MODE == SCREENS[0].mode == "dashboard"
