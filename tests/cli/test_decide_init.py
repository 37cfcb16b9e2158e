"""`openspec decide init` and the path from no decision file to a recorded choice in three commands, on a repository
shaped like seed 003's (six option changes, four planning documents in four styles that contradict each other)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, write_tree

Cli = Callable[..., tuple[int, str, str]]
CliJson = Callable[..., tuple[int, Any]]
FIXTURE = REPO / "tests/fixtures/seed003-repo"
DECISION = "openspec/decisions/phase-2.yaml"
SCORES = {"option1": (3, 1), "option2": (4, 2), "option3": (5, 4), "option4": (4, 3), "option5": (3, 4), "option6": (4, 2)}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


def _fill_scores(path: Path) -> None:
    """What a person does between the first and the last command: replace each null with a score."""
    text = path.read_text(encoding="utf-8")
    for key, (impact, risk) in SCORES.items():
        text, n = re.subn(
            rf"(phase2-{key}-[a-z-]+: )\{{impact: null, risk: null\}}", rf"\g<1>{{impact: {impact}, risk: {risk}}}", text
        )
        assert n == 1
    path.write_text(text, encoding="utf-8")


def test_three_commands_from_no_decision_file_to_a_recorded_choice(repo: Path, cli: Cli, cli_json: CliJson) -> None:
    # 1. decide init
    code, out, err = cli("decide", "init", "phase-2", "--match", "phase2-option*", "--from", "PHASE_2_*.md", cwd=repo)
    assert code == 0, err
    assert out.splitlines()[0] == f"Wrote {DECISION}: 6 options, 5 criteria, 5 paths from 4 document(s)."
    assert "fill in the 12 scores (impact, risk)" in out and "`openspec check` lists each place" in out
    text = (repo / DECISION).read_text(encoding="utf-8")
    # Every line that came from a document says where; the definition most documents agree on is the one written.
    path_a = text[text.index("  - id: A") : text.index("  - id: B")]
    assert "PHASE_2_NEXT_STEPS.md:5, PHASE_2_OPTIONS.md:18, PHASE_2_STARTER.md:44" in path_a
    assert "options: [phase2-option2-improve-testing]" in path_a and "PHASE_2_PLAN.md:7 says Options 1 + 5" in path_a
    assert "summary: Get fast value with minimum effort" in path_a and "# PHASE_2_STARTER.md:42" in path_a
    assert re.search(r"budget_hours: 60 +# PHASE_2_STARTER.md:4: 60 hours", text)
    assert "documents: [PHASE_2_NEXT_STEPS.md, PHASE_2_OPTIONS.md, PHASE_2_PLAN.md, PHASE_2_STARTER.md]" in text
    # Before the scores are filled in: one message per option and criterion, and --partial ranks on the facts.
    code, out, err = cli("decide", cwd=repo)
    assert code == 2 and out == "" and len(err.splitlines()) == 13
    assert err.splitlines()[0] == (
        f"openspec: error: {DECISION}:21: option phase2-option1-expand-docs has no score for Impact (impact): write "
        "`impact: <number>` under scores: phase2-option1-expand-docs"
    )
    code, doc = cli_json("decide", "--json", "--partial", cwd=repo)
    assert code == 0 and [c["id"] for c in doc["criteria"]] == ["effort", "timeline", "priority"]
    # 2. edit the scores
    _fill_scores(repo / DECISION)
    code, doc = cli_json("decide", "--json", cwd=repo)
    assert code == 0
    assert doc["recommendation"]["statement"]["choose"] == {"kind": "path", "id": "B"}
    assert [p["id"] for p in doc["paths"] if p["fitsBudget"] is False] == ["D", "E", "C"]
    # 3. decide choose
    reason = "Quality first: the enterprise pilot needs tests and monitoring before new features."
    code, out, err = cli("decide", "choose", "B", "--reason", reason, "--yes", cwd=repo)
    assert code == 0, err
    record = (repo / "openspec/decisions/phase-2.record.md").read_text(encoding="utf-8")
    assert f"### Why\n\n{reason}\n" in record and "Chosen: **Path B (Quality Focus)**" in record
    assert re.search(r"^chosen: B  # set by", (repo / DECISION).read_text(encoding="utf-8"), re.M)
    # And the planning check lists every contradiction between the documents, each with both places.
    code, doc = cli_json("check", "--json", cwd=repo)
    assert [(f["code"], f["path"], f["line"]) for f in doc["findings"]] == [
        ("path-definition-conflict", "PHASE_2_NEXT_STEPS.md", 8),
        ("path-figure-mismatch", "PHASE_2_OPTIONS.md", 18),
        ("path-definition-conflict", "PHASE_2_PLAN.md", 7),
        ("path-figure-mismatch", "PHASE_2_STARTER.md", 42),
    ]


def test_the_report_reads_the_new_decision(repo: Path, cli: Cli) -> None:
    cli("decide", "init", "phase-2", "--match", "phase2-option*", "--from", "PHASE_2_*.md", cwd=repo)
    _fill_scores(repo / DECISION)
    code, doc, err = cli("report", "phase-2", "-o", "-", "--no-history", cwd=repo)
    assert code == 0, err
    assert "## Decision Statement\n\nChoose Path B (Quality Focus): Option 2 + Option 6, 27–43 h" in doc
    findings = doc[doc.index("## Planning Findings") :]
    assert "PHASE_2_PLAN.md" in findings and "PHASE_2_STARTER.md" in findings  # the decision's documents are its own


def test_init_never_overwrites(repo: Path, cli: Cli) -> None:
    assert cli("decide", "init", "phase-2", "--match", "phase2-option*", cwd=repo)[0] == 0
    before = (repo / DECISION).read_bytes()
    code, out, err = cli("decide", "init", "phase-2", "--options", "phase2-option1-expand-docs", cwd=repo)
    assert code == 2 and out == ""
    assert err == f"openspec: error: {DECISION} exists: decide init never overwrites (edit it, or name another decision)\n"
    assert (repo / DECISION).read_bytes() == before
    (repo / "elsewhere").mkdir()
    os.symlink(repo / "elsewhere/x.yaml", repo / "openspec/decisions/dangling.yaml")  # a dangling link is not free
    code, _, err = cli("decide", "init", "dangling", "--match", "phase2-option*", cwd=repo)
    assert code == 2 and "exists" in err and not (repo / "elsewhere/x.yaml").exists()
    assert sorted(p.name for p in (repo / "openspec/decisions").iterdir()) == ["dangling.yaml", "phase-2.yaml"]


def test_options_without_a_change_folder_come_inline_from_the_documents(repo: Path, cli: Cli, cli_json: CliJson) -> None:
    shutil.rmtree(repo / "openspec/changes/phase2-option3-feature-development")
    chosen = (
        ("--options", "phase2-option1-expand-docs,phase2-option2-improve-testing"),
        ("--options", "phase2-option4-deployment-infra,phase2-option5-community-ecosystem"),
        ("--options", "phase2-option6-monitoring-observability"),
    )
    code, out, err = cli("decide", "init", *(a for pair in chosen for a in pair), "--from", "PHASE_2_OPTIONS.md", cwd=repo)
    assert code == 0, err
    assert "6 options (1 inline)" in out
    decision = repo / "openspec/decisions/phase2.yaml"  # named after what the options share
    text = decision.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "option3" in ln and "{id:" in ln)
    assert line.startswith("  - {id: option3, number: 3, title: Feature Development, effort: 20-40h, timeline: 2-4 weeks}")
    assert line.endswith("# PHASE_2_OPTIONS.md:9: no change folder, facts as the document states them")
    _fill = text.replace("{impact: null, risk: null}", "{impact: 3, risk: 2}")
    decision.write_text(_fill, encoding="utf-8")
    code, doc = cli_json("decide", "--json", cwd=repo)
    assert code == 0
    c = next(p for p in doc["paths"] if p["id"] == "C")
    assert c["members"] == ["phase2-option1-expand-docs", "option3", "phase2-option5-community-ecosystem"]
    assert c["effort"] == {"low": 40.0, "mid": 60.0, "high": 80.0}  # the inline option's 20-40 h counts
    facts = {f["id"]: f for f in doc["facts"]}
    assert facts["option3"]["inline"] is True and facts["option3"]["effortHours"] == {"low": 20.0, "high": 40.0}
    names = {o["id"]: o["name"] for o in doc["options"]}
    assert names["option3"] == "Option 3" and names["phase2-option6-monitoring-observability"] == "Option 6"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--options", "phase2-nope"), "--options: phase2-nope is not an active change"),
        (("--match", "nothing-*"), "--match 'nothing-*' matches no active change"),
        (("--match", "phase2-option*", "--from", "MISSING.md"), "--from: MISSING.md names no file in the workspace"),
        (("--match", "phase2-option*", "--from", "../outside.md"), "--from: ../outside.md names no file in the workspace"),
    ],
)
def test_bad_arguments_write_nothing(repo: Path, cli: Cli, args: tuple[str, ...], message: str) -> None:
    (repo.parent / "outside.md").write_text("### Path A: Option 1\n", encoding="utf-8")
    code, out, err = cli("decide", "init", *args, cwd=repo)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    assert not (repo / "openspec/decisions").exists()


def test_init_without_documents_and_the_flags_belong_to_init(tmp_path: Path, cli: Cli, cli_json: CliJson) -> None:
    ws = write_tree(
        tmp_path,
        {
            "openspec/changes/a/proposal.md": "# Alpha\n\n**Effort**: 4-6 hours\n**Timeline**: 1 week\n\n## Why\nx\n",
            "openspec/changes/b/proposal.md": "# Beta\n\n**Effort**: 8-12 hours\n**Timeline**: 2 weeks\n\n## Why\ny\n",
        },
    )
    code, out, err = cli("decide", "init", cwd=ws)
    assert code == 0, err
    assert "2 options, 4 criteria, 0 paths from 0 document(s)" in out
    text = (ws / "openspec/decisions/decision.yaml").read_text(encoding="utf-8")
    assert "paths:" not in text and "question: Which option should we take?" in text
    assert "source: priority" not in text  # no option states a priority: no such criterion
    code, _, err = cli("decide", "--match", "a*", cwd=ws)
    assert code == 2 and "--options, --match and --from go with `decide init`" in err
    code, _, err = cli("decide", "--reason", "x", cwd=ws)
    assert code == 2 and "--reason goes with `decide choose`" in err


def test_init_says_which_facts_the_changes_do_not_state(tmp_path: Path, cli: Cli) -> None:
    """As in every corpus workspace: proposals without **Effort** or **Timeline**. The file is written, and the
    output says the decision will not rank until they state them (what `openspec decide` then names one by one)."""
    ws = write_tree(
        tmp_path,
        {
            "openspec/changes/a/proposal.md": "# Alpha\n\n**Effort**: 4-6 hours\n\n## Why\nx\n",
            "openspec/changes/b/proposal.md": "# Beta\n\n## Why\ny\n",
        },
    )
    code, out, err = cli("decide", "init", cwd=ws)
    assert code == 0, err
    assert out.splitlines()[2] == (
        "1 of 2 options state no effort, 2 of 2 options state no timeline: `openspec decide` names each until its "
        "proposal.md states it (**Effort**: 10-20 hours, **Timeline**: 1-2 weeks), or drop that criterion from the file."
    )
