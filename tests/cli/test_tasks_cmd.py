"""`openspec tasks` and `openspec next`, in-process on small workspaces, the seeds and the project's own plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.read.jstext import decode
from openspec_tool.read.task_lines import count_tasks
from tests.conftest import REPO, SEEDS, need_shared, write_tree

Cli = Callable[..., tuple[int, str, str]]
CliJson = Callable[..., tuple[int, Any]]

PLAN = """# Tasks: Plan

**Total Tasks**: 5

## 1. Build
- [x] 1.1 Scaffold {est: 1h}
- [ ] 1.2 Model {est: 2-3h; after: 1.1; priority: high; owner: @ana}
  - [ ] 1.2.1 Estimates {est: 30m}
- [ ] 1.3 Commands {est: 4h; after: 1.2}

## 2. Ship
- [ ] 2.1 Release notes {after: 1.3}
"""
CYCLE = "## Work\n- [ ] 1.1 a\n- [ ] 1.2 b {after: 1.3}\n- [ ] 1.3 c {after: 1.2}\n- [ ] 1.4 d {after: 9.9}\n"


def _ws(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "openspec/changes/plan/proposal.md": "# plan\n## Why\nx\n",
            "openspec/changes/plan/tasks.md": PLAN,
            "openspec/changes/loop/tasks.md": CYCLE,
            "openspec/changes/empty/proposal.md": "# empty\n",
            "openspec/changes/archive/2024-01-01-old/tasks.md": "- [ ] 1.1 archived {est: 99h}\n",
            "openspec/specs/.keep": "",
        },
    )


def test_tasks_json_shape(cli_json: CliJson, tmp_path: Path) -> None:
    code, doc = cli_json("tasks", "plan", "--json", cwd=_ws(tmp_path))
    assert code == 0
    assert doc["path"] == "openspec/changes/plan/tasks.md" and doc["title"] == "Tasks: Plan"
    assert (doc["total"], doc["done"], doc["checkboxes"], doc["statedTotal"]) == (5, 1, 5, 5)
    assert "graph" not in doc
    assert (doc["acceptanceChecks"], doc["examples"], doc["statedTotals"]) == (0, 0, [{"total": 5, "line": 3}])
    first = doc["tasks"][1]
    assert first == {
        "id": "1.2", "ref": "1.2", "title": "Model", "text": "1.2 Model {est: 2-3h; after: 1.1; priority: high; owner: @ana}",
        "done": False, "marked": False, "marker": "", "section": "1. Build", "depth": 0, "line": 7, "parent": None,
        "priority": "high", "estimate": {"low": 2.0, "high": 3.0, "text": "2-3h"}, "size": None, "dependencies": ["1.1"],
        "proseDependencies": [], "unresolvedDependencies": [], "assignee": "@ana", "acceptanceCriteria": [],
        "definitionOfDone": [], "source": "checkbox",
    }  # fmt: skip
    assert doc["tasks"][2]["parent"] == "1.2" and doc["tasks"][2]["depth"] == 1


def test_tasks_graph_json(cli_json: CliJson, tmp_path: Path) -> None:
    code, doc = cli_json("tasks", "plan", "--json", "--graph", cwd=_ws(tmp_path))
    assert code == 0
    assert doc["graph"] == {
        "cycles": [],
        "unknownDependencies": [],
        "ambiguousDependencies": [],
        "unresolvedDependencies": [],
        "dependenciesDeclared": True,
        "estimated": True,
        # 1.2 is started through its subtask 1.2.1, which inherits its `after: 1.1` (done); 1.3 waits for all of 1.2
        "waves": [["1.2.1"], ["1.3"], ["2.1"]],
        # 1.2's 2-3h covers its subtask (a rollup): 1.2.1 adds nothing of its own
        "criticalPath": ["1.2.1", "1.2", "1.3", "2.1"],
        "criticalEstimate": {"low": 6.0, "high": 7.0, "text": "6-7h"},
    }


def test_tasks_human_tree_and_graph(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli("tasks", "plan", "--graph", cwd=_ws(tmp_path))
    assert code == 0 and err == ""
    assert "1. Build  1/4" in out and "2. Ship  0/1" in out
    assert "  ✓ 1.1 Scaffold  1h" in out
    assert "  ☐ 1.2 Model  2-3h  [high]  after 1.1  @ana" in out
    assert "    ☐ 1.2.1 Estimates  0.5h" in out
    assert "1/5 tasks (20%)" in out
    assert "1. 1.2.1\n" in out
    assert "Critical path (6-7h): 1.2.1 → 1.2 → 1.3 → 2.1" in out


def test_cycle_and_unknown_dependency_fail_with_graph(cli: Cli, cli_json: CliJson, tmp_path: Path) -> None:
    root = _ws(tmp_path)
    code, out, err = cli("tasks", "loop", "--graph", cwd=root)
    assert code == 1
    assert "openspec: error: cycle: 1.2 → 1.3 → 1.2" in err
    assert "openspec: error: 1.4 depends on unknown task 9.9" in err
    assert "1.1" in out
    code, doc = cli_json("tasks", "loop", "--graph", "--json", cwd=root)
    assert code == 1
    assert doc["graph"]["cycles"] == [["1.2", "1.3"]]
    assert doc["graph"]["unknownDependencies"] == [{"task": "1.4", "dependency": "9.9"}]
    assert doc["graph"]["waves"] is None and doc["graph"]["criticalPath"] is None
    assert cli("tasks", "loop", cwd=root)[0] == 0  # without --graph the tree is shown, no verdict


def test_unknown_change_and_unreadable_files_exit_2(cli: Cli, tmp_path: Path) -> None:
    root = _ws(tmp_path)
    code, out, err = cli("tasks", "nope", cwd=root)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith('openspec: error: unknown change "nope"')
    (root / "openspec/changes/empty/tasks.md").mkdir()
    code, _, err = cli("tasks", "empty", cwd=root)
    assert code == 2
    assert err.strip() == "openspec: error: cannot read openspec/changes/empty/tasks.md: Is a directory"
    code, _, err = cli("tasks", "missing.md", cwd=root)
    assert code == 2 and err.strip() == "openspec: error: cannot read missing.md: No such file or directory"
    code, _, err = cli("tasks", "openspec/changes/", cwd=root)
    assert code == 2 and err.startswith("openspec: error: cannot read openspec/changes/: ")


def test_a_change_without_tasks_md_has_no_tasks_yet(cli: Cli, cli_json: CliJson, tmp_path: Path) -> None:
    """As `openspec list` says "No tasks" for it: an empty tree and a note, not an error."""
    root = _ws(tmp_path)
    code, out, err = cli("tasks", "empty", cwd=root)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:3] == ["  note: empty has no tasks.md yet", "  No tasks found."]
    code, doc = cli_json("tasks", "empty", "--json", cwd=root)
    assert code == 0 and (doc["total"], doc["tasks"], doc["notes"]) == (0, [], ["empty has no tasks.md yet"])
    assert cli("next", "empty", cwd=root)[:2] == (0, "No open tasks.\n")


def test_no_workspace_for_a_change_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("tasks", "plan", cwd=tmp_path)
    assert code == 2 and err.startswith("openspec: error: No OpenSpec root found")


def test_a_file_needs_no_workspace(cli_json: CliJson, tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_bytes(b"\xef\xbb\xbf## A\r\n- [x] 1.1 a\r\n- [ ] 1.2 b \xff\r\n")
    code, doc = cli_json("tasks", "plan.md", "--json", cwd=tmp_path)
    assert code == 0 and (doc["total"], doc["done"], doc["checkboxes"]) == (2, 1, 2)
    assert doc["tasks"][1]["text"] == "1.2 b \ufffd" and doc["tasks"][1]["title"] == "b"


def test_next_across_changes(cli: Cli, cli_json: CliJson, tmp_path: Path) -> None:
    root = _ws(tmp_path)
    code, doc = cli_json("next", "--json", cwd=root)
    assert code == 0
    # 1.2.1 starts the longest remaining chain (its parent's 2.5 h, then 4 h); the container 1.2 itself is not
    # listed; archived changes are not active
    assert [(r["change"], r["id"]) for r in doc["ready"]] == [("plan", "1.2.1"), ("loop", "1.1"), ("loop", "1.4")]
    assert doc["ready"][0] == {
        "change": "plan", "id": "1.2.1", "text": "Estimates", "estimate": {"low": 0.5, "high": 0.5, "text": "0.5h"},
        "priority": None, "line": 8, "path": "openspec/changes/plan/tasks.md", "dependenciesDeclared": True,
        "unresolvedDependencies": [],
    }  # fmt: skip
    code, out, _ = cli("next", cwd=root)
    assert code == 0 and out.splitlines()[0] == "Ready to start (3):"
    assert out.splitlines()[1].startswith("  plan  1.2.1 Estimates  0.5h")
    code, out, _ = cli("next", "plan", cwd=root)
    assert code == 0 and out.splitlines()[1].startswith("  1.2.1 Estimates")


def test_next_without_declared_dependencies_says_so(cli: Cli, cli_json: CliJson, tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"openspec/changes/c/tasks.md": "## A\n- [x] 1.1 a\n- [ ] 1.2 b\n- [ ] 1.3 c\n"})
    code, out, _ = cli("next", cwd=root)
    assert code == 0
    assert out.startswith("c: no dependencies declared — 2 open task(s), any can start; first in the document: 1.2 b")
    _, doc = cli_json("next", "--json", cwd=root)
    assert [(r["id"], r["dependenciesDeclared"]) for r in doc["ready"]] == [("1.2", False), ("1.3", False)]
    code, out, _ = cli("tasks", "c", "--graph", cwd=root)
    assert "No dependencies declared: the 2 open task(s) can start in any order" in out
    assert "· no estimates" in out


def test_next_when_nothing_is_ready(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"openspec/changes/c/tasks.md": "- [ ] 1. a {after: 2}\n- [ ] 2. b {after: 1}\n- [x] 3. c\n"})
    code, out, _ = cli("next", "c", cwd=root)
    assert code == 0 and out.strip() == "Nothing is ready: all 2 open task(s) wait on others."
    assert cli("next", "nope", cwd=root)[0] == 2


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_loads(cli_json: CliJson, prefix: str) -> None:
    need_shared()
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    code, doc = cli_json("tasks", str(path), "--json", "--graph")
    assert code == 0
    expected = {
        "000": (12, 0, "24-28h"),
        "001": (37, 0, "112h"),
        "002": (24, 253, "88h"),
        "003": (32, 0, "82-148h"),
        "004": (7, 40, None),
    }
    total, checkboxes, estimate = expected[prefix]
    assert (doc["total"], doc["checkboxes"]) == (total, checkboxes)
    assert doc["checkboxes"] == count_tasks(decode(path.read_bytes()))[0]
    assert (doc["estimate"] or {}).get("text") == estimate
    assert doc["graph"]["cycles"] == [] and doc["graph"]["unknownDependencies"] == []


def test_seed_002_critical_path(cli_json: CliJson) -> None:
    need_shared()
    (path,) = SEEDS.glob("002_*.txt")
    _, doc = cli_json("tasks", str(path), "--json", "--graph")
    # by hand: the prose dependencies chain the phases ("Enhanced core types" is Phase 1.1, "All implementation
    # tasks", "All code complete", "All tasks complete"); 1.1.2 + 1.1.3 (7 h) is longer than 1.1.1 + 1.1.4 (6 h)
    assert doc["graph"]["criticalPath"] == [
        "1.1.2", "1.1.3", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.5.1", "1.5.2", "1.5.3", "1.6.1", "1.6.2", "1.6.3",
    ]  # fmt: skip
    assert doc["graph"]["criticalEstimate"]["text"] == "49h"
    assert doc["graph"]["waves"][-1] == ["1.6.3"]  # the hand-off waits for everything, no longer wave 1
    assert "1.6.3" not in doc["graph"]["waves"][0]
    assert [u["task"] for u in doc["graph"]["unresolvedDependencies"]] == ["1.0.1", "1.1.1", "1.1.2", "1.4.1"]


def test_project_plan_matches_its_stated_totals(cli_json: CliJson) -> None:
    changes = sorted(p.parent.name for p in (REPO / "openspec" / "changes").glob("*/tasks.md"))
    if not changes:
        pytest.skip("the project's own openspec/ workspace is absent")
    for change in changes:
        code, doc = cli_json("tasks", change, "--json", "--graph", "--root", str(REPO))
        assert code == 0, change
        assert doc["statedTotal"] in (None, doc["total"]), change
        assert doc["graph"]["criticalPath"], change
