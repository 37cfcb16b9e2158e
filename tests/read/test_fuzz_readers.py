"""No reader raises, whatever the text: hypothesis feeds arbitrary and markdown-shaped input to each."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.read.change_deltas import change_deltas
from openspec_tool.read.fence import fence_mask
from openspec_tool.read.requirement_blocks import extract_requirements_section, parse_delta_spec
from openspec_tool.read.sections import SpecParseError, parse_sections, parse_spec
from openspec_tool.read.task_lines import count_tasks, parse_task_lines
from openspec_tool.read.tree import MemoryTree
from openspec_tool.rules.bulk import validate_change_item, validate_spec_item
from openspec_tool.rules.spec_structure import placeholder_issue, structure_issues

PIECES = [
    "## ADDED Requirements",
    "## MODIFIED Requirements",
    "## REMOVED Requirements",
    "## RENAMED Requirements",
    "## Purpose",
    "## Requirements",
    "### Requirement: A",
    "### Requirement: A ###",
    "###Requirement:",
    "#### Scenario: s",
    "- **WHEN** x",
    "The system SHALL do it.",
    "- FROM: `### Requirement: A`",
    "- TO: `### Requirement: B`",
    "- `### Requirement: A`",
    "```",
    "~~~~",
    "    ```",
    "- [ ] 1.1 task",
    "- [x] 1.2 done",
    "## 1. Group",
    "TBD",
    "**ID**: x",
    "\ufeff# T",
    "\r",
    "",
    "😀 ünïcödé 中文",
]
markdownish = st.lists(st.sampled_from(PIECES) | st.text(max_size=20), max_size=40).map("\n".join)
anything = st.text() | markdownish


@settings(max_examples=300, deadline=None)
@given(anything)
def test_text_readers_never_raise(text: str) -> None:
    plan = parse_delta_spec(text)
    assert plan.entry_count >= 0
    extract_requirements_section(text)
    parse_sections(text)
    structure_issues(text)
    try:
        spec = parse_spec(text, "x")
        placeholder_issue(spec.overview, text)
    except SpecParseError:
        pass
    total, done = count_tasks(text)
    assert 0 <= done <= total == len(parse_task_lines(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["```", "~~~", "````", " ```x", "text", "```  "]), max_size=30))
def test_fence_mask_marks_whole_blocks(lines: list[str]) -> None:
    mask = fence_mask(lines)
    assert len(mask) == len(lines)
    # a line that opens a fence from outside is always masked
    if lines and lines[0].lstrip().startswith(("```", "~~~")):
        assert mask[0]


@settings(max_examples=150, deadline=None)
@given(markdownish, markdownish, markdownish)
def test_validation_never_raises_on_any_workspace(delta: str, main: str, tasks: str) -> None:
    tree = MemoryTree(
        {
            "openspec/changes/c/specs/cap/spec.md": delta,
            "openspec/changes/c/specs/cap/notes.md": main,
            "openspec/changes/c/tasks.md": tasks,
            "openspec/changes/c/.openspec.yaml": "schema: spec-driven\nskip_specs: " + (tasks[:10] or "true"),
            "openspec/specs/cap/spec.md": main,
        }
    )
    validate_change_item(tree, "c", strict=True)
    validate_spec_item(tree, "cap", strict=False)
    change_deltas(tree, "openspec/changes/c")


@settings(max_examples=300, deadline=None)
@given(anything)
def test_requirement_count_fast_path_equals_the_full_parse(text: str) -> None:
    from openspec_tool.read.sections import count_requirements

    try:
        expected: int | str = len(parse_spec(text, "x").requirements)
    except SpecParseError as exc:
        expected = str(exc)
    try:
        got: int | str = count_requirements(text)
    except SpecParseError as exc:
        got = str(exc)
    assert got == expected
