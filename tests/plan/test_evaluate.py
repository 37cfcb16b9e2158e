"""From a decision file to the engine's input: options named by their own number or title (never their place in the
list), inline options, priority as a fact, missing values one message each, `--partial`, paths naming unknown options."""

from __future__ import annotations

from pathlib import Path

import pytest

from openspec_tool.plan.evaluate import MissingValues, evaluate, option_number
from openspec_tool.read.tree import DiskTree
from tests.conftest import write_tree

PROPOSAL = "# {title}\n\n**Effort**: {effort}\n**Timeline**: 1-2 weeks\n**Priority**: {priority}\n\n## Why\nBecause.\n"


def _ws(tmp_path: Path, decision: str, changes: dict[str, tuple[str, str, str]] | None = None) -> Path:
    changes = changes or {
        "phase2-option4-deploy": ("Deployment", "15-25 hours", "High"),
        "phase2-option2-testing": ("Improve Testing", "10-20 hours", "P3"),
        "misc-cleanup": ("Option 7: Cleanup", "5 hours", "🔴 Critical"),
    }
    files = {
        f"openspec/changes/{cid}/proposal.md": PROPOSAL.format(title=t, effort=e, priority=p)
        for cid, (t, e, p) in changes.items()
    }
    files["openspec/decisions/d.yaml"] = decision
    return write_tree(tmp_path, files)


CRITERIA = """criteria:
  - {id: effort, direction: cost, weight: 1, source: effort}
  - {id: priority, direction: benefit, weight: 1, source: priority}
  - {id: impact, direction: benefit, weight: 1}
"""


@pytest.mark.parametrize(
    ("oid", "title", "given", "number"),
    [
        ("phase2-option4-deployment-infra", "", None, 4),
        ("option2", "", None, 2),
        ("Option_12-x", "", None, 12),
        ("misc-cleanup", "Option 7: Cleanup", None, 7),
        ("misc", "Cleanup", None, None),
        ("phase2-option4-x", "", 9, 9),  # `number:` wins
        ("optional-things", "", None, None),
    ],
)
def test_option_numbers_are_the_options_own(oid: str, title: str, given: int | None, number: int | None) -> None:
    assert option_number(oid, title, given) == number


def test_names_numbers_and_priority(tmp_path: Path) -> None:
    decision = (
        "options:\n  - phase2-option4-deploy\n  - phase2-option2-testing\n  - {id: misc-cleanup, label: The Cleanup}\n"
        + CRITERIA
        + "scores:\n  phase2-option4-deploy: {impact: 3}\n  phase2-option2-testing: {impact: 4}\n  misc-cleanup: {impact: 1}\n"
    )
    ev = evaluate(DiskTree(_ws(tmp_path, decision)))
    names = {r.id: (r.name, r.label) for r in ev.result.options}
    assert names == {
        "phase2-option4-deploy": ("Option 4", "Deployment"),  # listed first, still Option 4
        "phase2-option2-testing": ("Option 2", "Improve Testing"),
        "misc-cleanup": ("The Cleanup", "Cleanup"),  # a label wins; "Option 7: " leaves the title
    }
    values = {r.id: r.alternative.values["priority"] for r in ev.result.options}
    assert values == {"phase2-option4-deploy": 3.0, "phase2-option2-testing": 1.0, "misc-cleanup": 4.0}


def test_inline_options_and_a_path_naming_an_unknown_one(tmp_path: Path) -> None:
    decision = (
        "options:\n  - phase2-option4-deploy\n"
        "  - {id: option9, title: AI Assistant, effort: 20-30h, timeline: 2 weeks, priority: low}\n"
        + CRITERIA
        + "scores:\n  phase2-option4-deploy: {impact: 3}\n  option9: {impact: 5}\n"
        "paths:\n  - {id: A, name: Both, options: [phase2-option4-deploy, option9]}\n"
        "  - {id: Z, name: Typo, options: [phase2-option4-deploy, option8]}\n"
    )
    ev = evaluate(DiskTree(_ws(tmp_path, decision)))
    nine = ev.result.option("option9")
    assert nine is not None and (nine.name, nine.label, nine.effort) == ("Option 9", "AI Assistant", pytest.approx(nine.effort))
    assert nine.effort is not None and (nine.effort.low, nine.effort.high) == (20, 30)
    assert nine.alternative.values == {"effort": 25.0, "priority": 1.0, "impact": 5.0}
    assert [p.id for p in ev.result.paths] == ["A"]  # Z is left out, the rest is evaluated
    assert any(
        n.startswith("path Z is left out: option8 is not among the options (openspec/decisions/d.yaml:") for n in ev.result.notes
    )
    assert {f["id"]: f.get("inline") for f in ev.facts()} == {"phase2-option4-deploy": None, "option9": True}


def test_missing_scores_and_facts_are_one_message_each_and_partial_ranks_the_rest(tmp_path: Path) -> None:
    decision = (
        "options:\n  - phase2-option4-deploy\n  - phase2-option2-testing\n  - {id: option9, title: AI}\n"
        + CRITERIA
        + "scores:\n  phase2-option4-deploy: {impact: null}\n  phase2-option2-testing: {impact: 4}\n"
    )
    tree = DiskTree(_ws(tmp_path, decision))
    with pytest.raises(MissingValues) as caught:
        evaluate(tree)
    assert list(caught.value.messages) == [
        "openspec/decisions/d.yaml:4: option option9 states no effort for criterion 'effort': add `effort: 10-20h` to its entry",
        "openspec/decisions/d.yaml:4: option option9 states no priority for criterion 'priority': add `priority: high` "
        "to its entry",
        "openspec/decisions/d.yaml:10: option phase2-option4-deploy has no score for impact (impact): write `impact: <number>` "
        "under scores: phase2-option4-deploy",
        "openspec/decisions/d.yaml:10: option option9 has no score for impact (impact): write `impact: <number>` under "
        "scores: option9",
    ]
    with pytest.raises(MissingValues) as caught:
        evaluate(tree, partial=True)  # every criterion lacks something
    assert caught.value.messages[-1] == "openspec/decisions/d.yaml: --partial: no criterion has a value for every option"
    assert str(caught.value).endswith("(and 4 more)")


def test_partial_keeps_what_is_known(tmp_path: Path) -> None:
    decision = (
        "options:\n  - phase2-option4-deploy\n  - phase2-option2-testing\n"
        + CRITERIA
        + "scores:\n  phase2-option4-deploy: {impact: ~}\n  phase2-option2-testing: {impact: 4}\n"
    )
    ev = evaluate(DiskTree(_ws(tmp_path, decision)), weights={"impact": 2.0, "effort": 1.0}, partial=True)
    assert [c.id for c in ev.result.criteria] == ["effort", "priority"]
    assert ev.result.notes[0] == "--partial: ranked without impact (1 missing); fill them in for the full decision"


def test_an_option_neither_a_change_nor_inline_is_refused_with_how_to_fix_it(tmp_path: Path) -> None:
    from openspec_tool.read.decision_file import DecisionFileError

    decision = "options:\n  - phase2-option4-deploy\n  - ghost\n" + CRITERIA
    with pytest.raises(
        DecisionFileError, match=r"d.yaml:3: option 'ghost' is not a change .* states its facts inline: - \{id: ghost"
    ):
        evaluate(DiskTree(_ws(tmp_path, decision)))
