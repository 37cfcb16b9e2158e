"""`openspec decide` on our workspace and on broken decision files; `decide choose` writes record and YAML."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

Cli = Callable[..., tuple[int, str, str]]
CliJson = Callable[..., tuple[int, Any]]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "openspec", tmp_path / "openspec")
    return tmp_path


def test_decide_ranks_paths_from_the_changes_figures(ws: Path, cli_json: CliJson) -> None:
    code, doc = cli_json("decide", "--json", cwd=ws)
    assert code == 0
    paths = {p["id"]: p for p in doc["paths"]}
    # Efforts are computed from the options' proposals (**Effort**), never restated: B = option 2 + option 6.
    assert paths["B"]["effort"] == {"low": 27.0, "mid": 35.0, "high": 43.0}
    assert paths["C"]["effort"] == {"low": 40.0, "mid": 60.0, "high": 80.0}
    assert paths["B"]["members"] == ["phase2-option2-improve-testing", "phase2-option6-monitoring-observability"]
    assert doc["paths"][0]["id"] == doc["recommendation"]["path"]["id"]
    assert doc["recommendation"]["path"]["robustness"] in ("robust", "moderate", "fragile")
    assert doc["decision"]["chosen"] is None
    facts = {f["id"]: f for f in doc["facts"]}
    option2 = facts["phase2-option2-improve-testing"]
    assert option2["effortHours"] == {"low": 15.0, "high": 25.0} and option2["tasks"]["done"] == 3
    assert all(m["computedPercent"] is None or abs(m["computedPercent"] - m["statedPercent"]) <= 1 for m in option2["metrics"])
    risk = doc["scheduleRisk"]["paths"]["A"]
    assert 15 <= risk["p50"] <= risk["p80"] <= 25


def test_weights_override_and_normalisation_note(ws: Path, cli_json: CliJson) -> None:
    code, doc = cli_json("decide", "--json", "--weights", "impact=3,effort=1,timeline=0,risk=0,roi=0", cwd=ws)
    assert code == 0
    assert {c["id"]: round(c["weight"], 2) for c in doc["criteria"]} == {
        "effort": 0.25, "timeline": 0.0, "impact": 0.75, "risk": 0.0, "roi": 0.0
    }  # fmt: skip
    assert any("sum" in n for n in doc["notes"])


def test_topsis_and_budget(ws: Path, cli_json: CliJson) -> None:
    code, doc = cli_json("decide", "--json", "--method", "topsis", "--budget", "30h", cwd=ws)
    assert code == 0 and doc["method"] == "topsis"
    assert doc["budget"]["budgetHours"] == 30 and doc["budget"]["effort"]["high"] <= 30


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("weight: 0.25", "weight: -1"), ":18: criterion effort: weight must be a number from 0 to 1e+12, not -1"),
        (("weight: 0.25", "weight: a lot"), ":18: criterion effort: weight must be a number, not 'a lot'"),
        (("  - phase2-option1-expand-docs\n", "  - phase2-nope\n"), ":8: option 'phase2-nope' is not a change"),
        (("options: [phase2-option2-improve-testing]", "options: []"), "path A names no options"),
        (("budget_hours: 60", "budget_hours: sixty hours"), "budget_hours must be hours such as 40"),
        (("criteria:", "criteria: [\n"), "not valid YAML"),
    ],
)
def test_bad_decision_file_is_one_line_exit_2(ws: Path, cli: Cli, edit: tuple[str, str], message: str) -> None:
    path = ws / "openspec/decisions/phase-2.yaml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    code, out, err = cli("decide", cwd=ws)
    assert code == 2 and out == ""
    assert err.startswith("openspec: error: openspec/decisions/phase-2.yaml") and err.count("\n") == 1
    assert message in err


def test_choose_writes_record_and_chosen_keeping_comments(ws: Path, cli: Cli, cli_json: CliJson) -> None:
    decision = ws / "openspec/decisions/phase-2.yaml"
    before = decision.read_text(encoding="utf-8")
    code, out, _ = cli("decide", "choose", "B", "--yes", cwd=ws)
    assert code == 0 and "Recorded path B" in out
    after = decision.read_text(encoding="utf-8")
    assert "\nchosen: B" in after
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith("chosen: B")  # one line edited, comments kept
    record = (ws / "openspec/decisions/phase-2.record.md").read_text(encoding="utf-8")
    assert "Chosen: **Path B (Quality Focus)**, which combines Option 2, Option 6." in record
    assert "| 1 | A |" in record and "- Deciders:" in record and "## Considered options" in record
    _, doc = cli_json("decide", "--json", cwd=ws)
    assert doc["decision"]["chosen"] == "B"


def test_choose_unknown_or_unconfirmed_writes_nothing(ws: Path, cli: Cli) -> None:
    decision = ws / "openspec/decisions/phase-2.yaml"
    before = decision.read_text(encoding="utf-8")
    code, _, err = cli("decide", "choose", "Z", "--yes", cwd=ws)
    assert code == 2 and "'Z' is neither a path nor an option" in err
    code, _, err = cli("decide", "choose", "A", cwd=ws)  # no terminal, no --yes
    assert code == 2 and "--yes" in err
    assert decision.read_text(encoding="utf-8") == before
    assert not (ws / "openspec/decisions/phase-2.record.md").exists()
