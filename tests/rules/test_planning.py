"""`openspec check`: each planning rule on a small workspace that breaks it, and our own workspace clean."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import REPO, write_tree

CliJson = Callable[..., tuple[int, Any]]

PROPOSAL = """# Option One

**Effort**: 15-25 hours
**Timeline**: 1-2 weeks

## Why
Because the figures must agree with each other, always and everywhere.

## What Changes
- things

## Impact
### Metrics
- Code examples: 150 → 200 (+33%)
- Coverage: 88 → 90 (+5%)

## Timeline
### Week 1 (~8-12 hours)
### Week 2 (~10-15 hours)
"""

TASKS = """# Tasks
**Total Tasks**: 5

## 1. Build
- [ ] 1.1 First {est: 2h}
- [ ] 1.2 Second {est: 3h; after: 1.3}
- [ ] 1.3 Third {est: 1h; after: 1.2}
- [ ] 1.4 Fourth {est: 1h; after: 9.9}
"""

DECISION = """id: d
options: [one]
criteria:
  - id: effort
    direction: cost
    weight: 1
    source: effort
paths:
  - id: A
    options: [one, ghost]
  - id: B
    options: [one]
    effort: 30h
required_sections: [Why, Risks]
"""


def _ws(tmp: Path) -> Path:
    return write_tree(
        tmp,
        {
            "openspec/changes/one/proposal.md": PROPOSAL,
            "openspec/changes/one/tasks.md": TASKS,
            "openspec/decisions/d.yaml": DECISION,
        },
    )


def _codes(doc: Any) -> list[tuple[str, str, int | None]]:
    return [(f["code"], f["path"], f["line"]) for f in doc["findings"]]


def test_each_rule_fires_with_file_and_line(tmp_path: Path, cli_json: CliJson) -> None:
    code, doc = cli_json("check", "--json", cwd=_ws(tmp_path))
    assert code == 1
    assert sorted(_codes(doc)) == sorted(
        [
            ("task-total-mismatch", "openspec/changes/one/tasks.md", 2),
            ("dependency-cycle", "openspec/changes/one/tasks.md", 6),
            ("unknown-dependency", "openspec/changes/one/tasks.md", 8),
            ("estimate-exceeds-effort", "openspec/changes/one/proposal.md", 3),  # sections 18-27 h
            ("estimate-exceeds-effort", "openspec/changes/one/proposal.md", 3),  # tasks, all estimated, 7 h
            ("metric-delta-mismatch", "openspec/changes/one/proposal.md", 15),
            ("missing-section", "openspec/changes/one/proposal.md", None),
            ("unknown-option-in-path", "openspec/decisions/d.yaml", 9),
            ("path-effort-mismatch", "openspec/decisions/d.yaml", 11),
        ]
    )
    by_code = {f["code"]: f for f in doc["findings"]}
    assert "cycle: 1.2 → 1.3 → 1.2;" in by_code["dependency-cycle"]["message"]
    assert by_code["task-total-mismatch"]["message"].startswith("states **Total Tasks**: 5 but the file has 4 tasks")
    # sections 18-27 h against a stated 15-25 h: a finding; tasks 7 h are within it
    estimates = [f["message"] for f in doc["findings"] if f["code"] == "estimate-exceeds-effort"]
    assert any("section estimates" in m and "18–27 h, outside the stated **Effort** of 15–25 h" in m for m in estimates)
    assert "is +2%, not the stated +5%" in by_code["metric-delta-mismatch"]["message"]
    assert '"## Risks"' in by_code["missing-section"]["message"]
    assert all(f["change"] == "one" for f in doc["findings"] if f["path"].startswith("openspec/changes"))


def test_an_option_that_is_no_change_is_an_unknown_option(tmp_path: Path, cli_json: CliJson) -> None:
    ws = _ws(tmp_path)
    (ws / "openspec/decisions/d.yaml").write_text(DECISION.replace("options: [one]\n", "options: [one, gone]\n", 1))
    code, doc = cli_json("check", "--json", cwd=ws)
    assert code == 1
    found = [(f["code"], f["line"], f["message"]) for f in doc["findings"] if f["path"] == "openspec/decisions/d.yaml"]
    gone = (
        "option gone is not an active change in openspec/changes/; fix the id, create the change, or state its facts "
        "inline ({id: …, title: …, effort: 10-20h, timeline: 1-2 weeks})"
    )
    assert ("unknown-option", 2, gone) in found
    assert [line for c, line, _ in found if c == "unknown-option-in-path"] == [9]  # only the path's member ghost


def test_ranges_inside_the_effort_are_not_findings(tmp_path: Path, cli_json: CliJson) -> None:
    ws = _ws(tmp_path)
    (ws / "openspec/changes/one/proposal.md").write_text(
        PROPOSAL.replace("15-25 hours", "20-40 hours")
        .replace("(+5%)", "(+2%)")
        .replace("(~8-12 hours)", "(~12-18 hours)")
        .replace("(~10-15 hours)", "(~13-20 hours)"),
        encoding="utf-8",
    )  # sections 25-38 h against a stated 20-40 h: not a finding
    (ws / "openspec/decisions/d.yaml").unlink()
    # one task without an estimate: the known part (25 h) is only checked against the upper bound
    (ws / "openspec/changes/one/tasks.md").write_text("- [ ] 1.1 a {est: 25h}\n- [ ] 1.2 b\n", encoding="utf-8")
    code, doc = cli_json("check", "--json", cwd=ws)
    assert (code, doc["findings"]) == (0, [])


def test_bad_decision_file_is_a_finding_with_its_line(tmp_path: Path, cli_json: CliJson) -> None:
    ws = _ws(tmp_path)
    (ws / "openspec/decisions/d.yaml").write_text(DECISION.replace("weight: 1", "weight: heavy"), encoding="utf-8")
    code, doc = cli_json("check", "--json", cwd=ws)
    assert code == 1
    assert ("decision-file", "openspec/decisions/d.yaml", 6) in _codes(doc)


def test_our_own_workspace_has_no_findings(tmp_path: Path, cli_json: CliJson) -> None:
    shutil.copytree(REPO / "openspec", tmp_path / "openspec")
    code, doc = cli_json("check", "--json", cwd=tmp_path)
    assert (code, doc["findings"]) == (0, [])


RICH = """# Tasks
## 1. Build
- [ ] **B-1**: First
    - **Effort**: S (2 hours)
    - **Dependencies**: None
- [x] **B-2**: Second
    - **Dependencies**: B-1, llmspell-utils completion
  - [ ] B-2.1 an open subtask
- [ ] **B-1**: Repeated id
- [ ] **B-3**: Third
    - **Dependencies**: B-1
## Risk Register
- [ ] **B-3**: restated in a risk list
"""


def test_ids_repeated_ambiguous_prose_and_container_marks(tmp_path: Path, cli_json: CliJson) -> None:
    ws = write_tree(tmp_path, {"openspec/changes/one/proposal.md": PROPOSAL, "openspec/changes/one/tasks.md": RICH})
    code, doc = cli_json("check", "--json", cwd=ws)
    found = [(f["level"], f["code"], f["line"]) for f in doc["findings"] if f["path"].endswith("tasks.md")]
    assert code == 0  # warnings and infos, no error: every dependency resolves to a task of the file
    assert found == [
        ("warning", "duplicate-task-id", 3),  # B-1 on lines 3 and 9
        ("warning", "ambiguous-dependency", 6),  # B-2 after B-1: which one?
        ("info", "container-mark", 6),  # B-2 is checked, its subtask is not
        ("info", "unresolved-dependency", 6),  # "llmspell-utils completion" names no task
        ("warning", "ambiguous-dependency", 10),
        ("warning", "duplicate-task-id", 10),  # B-3 restated in the Risk Register
    ]
    messages = {(f["code"], f["line"]): f["message"] for f in doc["findings"]}
    assert "written on lines 3 and 9" in messages[("duplicate-task-id", 3)]
    assert "marked done on one line and open on another" not in messages[("duplicate-task-id", 3)]
    assert "tasks on lines 3, 9: it waits for all of them" in messages[("ambiguous-dependency", 10)]
