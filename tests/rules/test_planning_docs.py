"""`openspec check` across planning documents: every contradiction between the documents (and the decision file, and
the options' own figures) with both places, and no finding on documents that agree."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.read.planning_doc import parse_planning_doc
from openspec_tool.read.tree import DiskTree
from openspec_tool.read.workspace import load_workspace
from openspec_tool.rules.planning_docs import document_findings
from tests.conftest import REPO, SEEDS

CliJson = Callable[..., tuple[int, Any]]
Cli = Callable[..., tuple[int, str, str]]
FIXTURE = REPO / "tests/fixtures/seed003-repo"
DOCS = ["PHASE_2_NEXT_STEPS.md", "PHASE_2_OPTIONS.md", "PHASE_2_PLAN.md", "PHASE_2_STARTER.md"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


def _configure(repo: Path) -> None:
    config = repo / "openspec/config.yaml"
    config.write_text(config.read_text() + "planning:\n  documents: ['PHASE_2_*.md']\n", encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _where(message: str) -> list[str]:
    return re.findall(r"[\w./-]+\.(?:md|yaml):\d+", message)


def test_every_contradiction_of_the_seed_shaped_documents_with_both_places(repo: Path, cli_json: CliJson) -> None:
    """Without a decision file: the documents against each other and against the options' own figures."""
    _configure(repo)
    code, doc = cli_json("check", "--json", cwd=repo)
    assert code == 0  # warnings
    found = [(f["code"], f["path"], f["line"]) for f in doc["findings"]]
    assert found == [
        ("path-definition-conflict", "PHASE_2_NEXT_STEPS.md", 8),  # Path D: all (1+2+4+5+6) against 2 + 4 + 6
        ("path-figure-mismatch", "PHASE_2_OPTIONS.md", 18),  # Path A: 10-15 h, its option adds up to 15–25 h
        ("path-definition-conflict", "PHASE_2_PLAN.md", 7),  # Path A: Options 1 + 5 against Option 2
        ("path-figure-mismatch", "PHASE_2_STARTER.md", 42),  # Path A: ~15 hours, against 15–25 h
    ]
    messages = {(f["path"], f["line"]): f["message"] for f in doc["findings"]}
    plan = messages[("PHASE_2_PLAN.md", 7)]
    assert plan.startswith("Path A is Options 1 + 5 here, but Option 2 at PHASE_2_NEXT_STEPS.md:5")
    assert "PHASE_2_OPTIONS.md:18" in plan and "PHASE_2_STARTER.md:44" in plan
    assert messages[("PHASE_2_NEXT_STEPS.md", 8)].startswith("Path D is Options 1 + 2 + 4 + 5 + 6 here, but Options 2 + 4 + 6 at")
    starter = messages[("PHASE_2_STARTER.md", 42)]
    assert starter == (
        "Path A is stated as ~15 hours of effort here, but its options (Option 2, at PHASE_2_STARTER.md:44) add up to "
        "15–25 h; state 15–25 h or drop the figure"
    )
    for f in doc["findings"]:  # every finding names its own place and the other one
        assert f["line"] and _where(f["message"]), f


def test_after_init_the_decision_file_is_the_reference(repo: Path, cli: Cli, cli_json: CliJson) -> None:
    code, _, err = cli("decide", "init", "phase-2", "--match", "phase2-option*", "--from", "PHASE_2_*.md", cwd=repo)
    assert code == 0, err
    _, doc = cli_json("check", "--json", cwd=repo)
    by_place = {(f["path"], f["line"]): f["message"] for f in doc["findings"]}
    assert sorted(by_place) == [
        ("PHASE_2_NEXT_STEPS.md", 8),
        ("PHASE_2_OPTIONS.md", 18),
        ("PHASE_2_PLAN.md", 7),
        ("PHASE_2_STARTER.md", 42),
    ]
    assert "but Option 2 at openspec/decisions/phase-2.yaml:" in by_place[("PHASE_2_PLAN.md", 7)]
    # Edit the decision file's Path A to the plan's definition: now the other three documents disagree with it.
    decision = repo / "openspec/decisions/phase-2.yaml"
    _edit(
        decision,
        "options: [phase2-option2-improve-testing]  ",
        "options: [phase2-option1-expand-docs, phase2-option5-community-ecosystem]  ",
    )
    _, doc = cli_json("check", "--json", cwd=repo)
    conflicts = sorted(f["path"] for f in doc["findings"] if f["code"] == "path-definition-conflict" and "Path A" in f["message"])
    assert conflicts == ["PHASE_2_NEXT_STEPS.md", "PHASE_2_OPTIONS.md", "PHASE_2_STARTER.md"]


def test_no_finding_on_documents_that_agree(repo: Path, cli: Cli) -> None:
    _configure(repo)
    _edit(repo / "PHASE_2_PLAN.md", "Options 1 + 5 (Docs + Community)", "Option 2 (Testing)")
    _edit(repo / "PHASE_2_NEXT_STEPS.md", "Path D (all: 1+2+4+5+6)", "Path D (2 + 4 + 6)")
    _edit(repo / "PHASE_2_OPTIONS.md", "| Option 2 | 10-15 h |", "| Option 2 | 15-25 h |")
    _edit(repo / "PHASE_2_STARTER.md", "(1 week, ~15 hours)", "(1 week, ~20 hours)")
    code, out, err = cli("check", cwd=repo)
    assert code == 0 and err == "" and "no findings" in out
    cli("decide", "init", "--match", "phase2-option*", "--from", "PHASE_2_*.md", cwd=repo)
    code, out, err = cli("check", cwd=repo)
    assert code == 0 and err == "" and "no findings" in out


def test_a_restated_option_figure_that_differs_from_its_proposal(repo: Path, cli_json: CliJson) -> None:
    _configure(repo)
    _edit(
        repo / "PHASE_2_OPTIONS.md",
        "| 4 | Deployment & Infrastructure | 15-25 h | 1-2 weeks |",
        "| 4 | Deployment & Infrastructure | 10-20 h | 1-3 weeks |",
    )
    _, doc = cli_json("check", "--json", cwd=repo)
    option = [f for f in doc["findings"] if f["code"] == "option-figure-mismatch"]
    assert [(f["path"], f["line"], f["change"]) for f in option] == [
        ("PHASE_2_OPTIONS.md", 10, "phase2-option4-deployment-infra"),
        ("PHASE_2_OPTIONS.md", 10, "phase2-option4-deployment-infra"),
    ]
    assert option[0]["message"] == (
        "Option 4 (Deployment & Infrastructure) is restated with 10-20 h of effort here, but states 15–25 h at "
        "openspec/changes/phase2-option4-deployment-infra/proposal.md:3; restate 15–25 h or drop the figure"
    )
    assert (
        "1-3 weeks of timeline here, but states 1–2 weeks at openspec/changes/phase2-option4-deployment-infra/proposal.md:4"
        in option[1]["message"]
    )


def test_words_that_name_no_option_or_several(repo: Path, cli_json: CliJson) -> None:
    _configure(repo)
    _edit(
        repo / "PHASE_2_PLAN.md",
        "**Path E — Balanced Growth**: Docs + Testing + Community",
        "**Path E — Balanced Growth**: Docs + Growth + Community",
    )
    _edit(
        repo / "PHASE_2_PLAN.md",
        "**Path C — Feature Rich**: Options 1, 3 and 5",
        "**Path C — Feature Rich**: Docs + Features + Infrastructure",
    )
    _, doc = cli_json("check", "--json", cwd=repo)
    unresolved = {f["line"]: f["message"] for f in doc["findings"] if f["code"] == "path-definition-unresolved"}
    assert unresolved == {
        12: "Path E is 'Docs + Growth + Community' here, but 'Growth' (names no option); name the options by number "
        "(Option 1 + Option 5)",
    }  # "Infrastructure" matches Option 4 only, so Path C resolves (and disagrees: a conflict)
    assert any(f["code"] == "path-definition-conflict" and f["line"] == 10 for f in doc["findings"])


def test_seed_003_against_our_own_decision() -> None:
    """The real seed, read as a planning document of our workspace: the one figure it gets wrong."""
    seed = SEEDS / "003_2c4ec557165e810e.txt"
    if not seed.is_file():
        pytest.skip("../shared/seeds is not available here")
    from openspec_tool.read.decisions import load_decisions

    tree = DiskTree(REPO)
    decisions, _ = load_decisions(tree)
    found = document_findings(
        [parse_planning_doc(seed.read_text(encoding="utf-8"), "SEED.md")], decisions[0], load_workspace(tree)
    )
    assert [(f.code, f.line) for f in found] == [("path-figure-mismatch", 193)]  # Path A, ~15 hours for 15–25 h
    assert "openspec/" not in found[0].message and "SEED.md:195" in found[0].message


def test_our_generated_report_agrees_with_our_decision() -> None:
    from openspec_tool.read.decisions import load_decisions

    tree = DiskTree(REPO)
    decisions, _ = load_decisions(tree)
    doc = parse_planning_doc((REPO / "PHASE_2_STARTER.md").read_text(encoding="utf-8"), "PHASE_2_STARTER.md")
    assert document_findings([doc], decisions[0], load_workspace(tree)) == []
