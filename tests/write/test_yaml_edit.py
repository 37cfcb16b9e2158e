"""Editing one value of a hand-written YAML file in place (write/yaml_edit.py) and saving weights and scores into a
decision file (write/decision_values.py): on the fixture's phase-2.yaml (block criteria, flow scores, comments
everywhere), on what `decide init` writes for the seed-shaped repository (flow criteria, null scores), and on crafted
files — CRLF, flow mappings over several lines, missing keys, a byte that is not UTF-8, anchors, duplicates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.read.decision_file import parse_decision
from openspec_tool.read.yaml12 import load
from openspec_tool.write.decision_values import ValueEdit, ValuesError, apply_edits, save_values
from openspec_tool.write.yaml_edit import Entry, YamlEditError, set_value, yaml_number

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PHASE2 = FIXTURES / "tui-workspace/openspec/decisions/phase-2.yaml"
SEED = FIXTURES / "seed003-repo"
WEIGHT = ["criteria", Entry("id", "impact"), "weight"]


def changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(a) == len(b), "a line was added or removed"
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


# -- set_value on the fixture's decision file ---------------------------------------------------------------------
def test_a_weight_in_a_block_criterion_changes_its_line_only_and_keeps_the_comment() -> None:
    text = PHASE2.read_text(encoding="utf-8")
    new = set_value(text, WEIGHT, "0.35")
    assert changed_lines(text, new) == [
        ("    weight: 0.30         # no source: values come from `scores` below (1-5)\n",
         "    weight: 0.35         # no source: values come from `scores` below (1-5)\n"),
    ]  # fmt: skip
    assert parse_decision(new, "d").criteria[2].weight == 0.35


def test_a_score_in_a_flow_mapping_changes_only_its_characters() -> None:
    text = PHASE2.read_text(encoding="utf-8")
    new = set_value(text, ["scores", "phase2-option3-feature-development", "risk"], "2")
    [(old_line, new_line)] = changed_lines(text, new)
    assert old_line.replace("risk: 4", "risk: 2") == new_line and "# features doubled" in new_line
    assert parse_decision(new, "d").scores["phase2-option3-feature-development"] == {"impact": 5, "risk": 2, "roi": 3}


def test_a_missing_score_is_added_to_its_flow_mapping_before_the_comment() -> None:
    text = PHASE2.read_text(encoding="utf-8").replace("{impact: 3, risk: 1, roi: 4}", "{impact: 3, roi: 4}")
    new = set_value(text, ["scores", "phase2-option1-expand-docs", "risk"], "2")
    [(_, line)] = changed_lines(text, new)
    assert line.startswith("  phase2-option1-expand-docs: {impact: 3, roi: 4, risk: 2}               # docs 2.1x")


def test_a_missing_weight_is_added_in_its_block_at_its_indentation() -> None:
    text = PHASE2.read_text(encoding="utf-8").replace("    weight: 0.30         # no source", "    # weight left out", 1)
    new = set_value(text, WEIGHT, "0.3")
    assert "    # weight left out: values come from `scores` below (1-5)\n    aggregate: sum       # a path" in text
    assert "    aggregate: sum       # a path delivers the impact of all its options\n    weight: 0.3\n  - id: risk\n" in new
    assert parse_decision(new, "d").criteria[2].weight == 0.3
    assert new.replace("    weight: 0.3\n", "", 1) == text


# -- what `decide init` writes -----------------------------------------------------------------------------------
@pytest.fixture
def init_file(tmp_path: Path, cli: object) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(SEED, repo)
    code, _, err = cli("decide", "init", "phase-2", "--match", "phase2-option*", "--from", "PHASE_2_*.md", cwd=repo)  # type: ignore[operator]
    assert code == 0, err
    return repo


def test_null_scores_and_flow_criteria_of_a_new_decision_file_are_filled_in(init_file: Path) -> None:
    rel = "openspec/decisions/phase-2.yaml"
    path = init_file / rel
    text = path.read_text(encoding="utf-8")
    option = "phase2-option2-improve-testing"
    assert f"  {option}: {{impact: null, risk: null}}" in text
    edits = [ValueEdit("impact", 4, option), ValueEdit("risk", 2, option), ValueEdit("effort", 0.3)]
    assert save_values(init_file, rel, edits) == 2
    new = path.read_text(encoding="utf-8")
    lines = changed_lines(text, new)
    assert lines[0][1].startswith("  - {id: effort, label: Effort (hours), direction: cost, weight: 0.3, source: effort}")
    assert lines[0][1].endswith("# each proposal's **Effort** (hours)\n")
    assert lines[1][1].startswith(f"  {option}: {{impact: 4, risk: 2}}")
    spec = parse_decision(new, rel)
    assert spec.scores[option] == {"impact": 4, "risk": 2} and spec.criteria[0].weight == 0.3


# -- crafted files -----------------------------------------------------------------------------------------------
BLOCK = """\
# weights and scores, by hand
id: d
options: [a, b]
criteria:
  - id: impact   # what it brings
    direction: benefit
    weight: 1
  - id: risk
    direction: cost
scores:
  a:
    impact: 3   # a guess
  b: {impact: 4,
      risk: 2}  # spans two lines
"""


def test_crlf_line_endings_are_kept_and_an_added_line_gets_one() -> None:
    text = BLOCK.replace("\n", "\r\n")
    new = set_value(set_value(text, ["scores", "a", "risk"], "5"), ["criteria", Entry("id", "risk"), "weight"], "0.5")
    assert new.count("\n") == new.count("\r\n") == text.count("\n") + 2
    assert "    impact: 3   # a guess\r\n    risk: 5\r\n  b:" in new
    assert "    direction: cost\r\n    weight: 0.5\r\nscores:" in new
    spec = parse_decision(new, "d")
    assert spec.scores["a"] == {"impact": 3, "risk": 5} and spec.criteria[1].weight == 0.5


def test_a_flow_mapping_over_two_lines_gets_the_key_after_its_last_value() -> None:
    new = set_value(BLOCK, ["scores", "b", "impact"], "1")
    new = set_value(new, ["scores", "b", "extra"], "7")
    assert "  b: {impact: 1,\n      risk: 2, extra: 7}  # spans two lines\n" in new


def test_a_missing_option_row_and_a_missing_scores_block_are_written_as_flow_mappings() -> None:
    text = BLOCK.replace("options: [a, b]", "options: [a, b, c]")
    new = set_value(text, ["scores", "c", "impact"], "2")
    assert new.endswith("      risk: 2}  # spans two lines\n  c: {impact: 2}\n")
    bare = text.split("scores:")[0]
    new = set_value(bare, ["scores", "c", "impact"], "2")
    assert new == bare + "scores: {c: {impact: 2}}\n"
    assert load(new)["scores"] == {"c": {"impact": 2}}


@pytest.mark.parametrize("row", ["  a:\n", "  a: null\n", "  a: ~  # later\n", "  a: {}\n"])
def test_an_empty_option_row_takes_the_score(row: str) -> None:
    text = BLOCK.replace("  a:\n    impact: 3   # a guess\n", row)
    new = set_value(text, ["scores", "a", "impact"], "3")
    assert load(new)["scores"]["a"] == {"impact": 3}
    assert changed_lines(text, new)[0][1].startswith("  a: {impact: 3}")


def test_a_byte_that_is_not_utf8_is_kept(tmp_path: Path) -> None:
    raw = BLOCK.encode().replace(b"# a guess", b"# Jos\xe9's guess")
    path = tmp_path / "openspec/decisions/d.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    assert save_values(tmp_path, "openspec/decisions/d.yaml", [ValueEdit("impact", 2, "b"), ValueEdit("impact", 2.5)]) == 2
    assert path.read_bytes() == raw.replace(b"{impact: 4,", b"{impact: 2,").replace(b"weight: 1\n", b"weight: 2.5\n")


@pytest.mark.parametrize(
    ("text", "steps", "why"),
    [
        (BLOCK + "scores: {}\n", ["scores", "a", "impact"], "`scores` is given twice (lines 10 and 15)"),
        (BLOCK.replace("weight: 1", "weight: &w 1") + "x: *w\n", WEIGHT, "has an anchor or a tag"),
        (BLOCK.replace("  b: {impact: 4", "  b: {impact: *s").replace("impact: 3", "impact: &s 3"), ["scores", "b", "impact"],
         "is an alias"),
        (BLOCK, ["criteria", Entry("id", "cost"), "weight"], "`criteria` has no entry with id: cost"),
        (BLOCK, ["scores", "a"], "holds a list or mapping, not a value"),
        (BLOCK.replace("scores:\n", "scores: 3\nx:\n"), ["scores", "a", "impact"], "`scores` (line 10) is not a mapping"),
        ("- a\n- b\n", ["x"], "the top level is not a mapping"),
        ("a: 1\n---\nb: 2\n", ["a"], "exactly one YAML document"),
        ("a: [1\n", ["a"], "not valid YAML (line 2)"),
    ],
)  # fmt: skip
def test_what_cannot_be_edited_safely_is_refused_with_the_reason(text: str, steps: list[object], why: str) -> None:
    with pytest.raises(YamlEditError) as caught:
        set_value(text, steps, "2")  # type: ignore[arg-type]
    assert why in str(caught.value) and "\n" not in str(caught.value)


def test_a_refused_save_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(BLOCK + "scores: {}\n")
    before = path.read_bytes()
    with pytest.raises(ValuesError) as caught:
        save_values(tmp_path, "d.yaml", [ValueEdit("impact", 2), ValueEdit("impact", 1, "a")])
    assert str(caught.value).startswith("d.yaml: cannot save a: impact 1: `scores` is given twice")
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


def test_an_edit_that_would_change_another_value_is_caught_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openspec_tool.write import decision_values

    path = tmp_path / "d.yaml"
    path.write_text(BLOCK)
    real = decision_values.set_value
    monkeypatch.setattr(decision_values, "set_value", lambda t, s, v: real(t, s, v).replace("id: d", "id: e"))
    with pytest.raises(ValuesError, match="would change more than the values saved"):
        save_values(tmp_path, "d.yaml", [ValueEdit("impact", 2)])
    assert path.read_text() == BLOCK


def test_numbers_are_written_as_yaml_reads_them_back() -> None:
    assert [yaml_number(v) for v in (4.0, 0.35, 0.1 + 0.2, -1.5, 1e-9, 2.5e6)] == ["4", "0.35", "0.3", "-1.5", "0", "2500000"]
    with pytest.raises(YamlEditError):
        yaml_number(float("nan"))


@settings(max_examples=60, deadline=None)
@given(
    value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    option=st.sampled_from(["a", "b", "c"]),
    criterion=st.sampled_from(["impact", "risk", "new"]),
    eol=st.sampled_from(["\n", "\r\n"]),
)
def test_any_score_saved_reads_back_and_nothing_else_changes(value: float, option: str, criterion: str, eol: str) -> None:
    text = BLOCK.replace("options: [a, b]", "options: [a, b, c]").replace("\n", eol)
    new = apply_edits(text, [ValueEdit(criterion, value, option)], "d")
    before, after = load(text), load(new)
    expected = before["scores"].get(option) or {}
    assert after["scores"][option] == {**expected, criterion: load(f"v: {yaml_number(value)}")["v"]}
    assert {k: v for k, v in after.items() if k != "scores"} == {k: v for k, v in before.items() if k != "scores"}
    assert new.count("\n") == new.count(eol)
