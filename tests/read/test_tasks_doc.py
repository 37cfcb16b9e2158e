"""The planning-document reader: checkbox tasks as the reference counts them, task blocks, sprint plans."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.model.tasks import Estimate, TaskList
from openspec_tool.read.jstext import decode
from openspec_tool.read.task_lines import count_tasks
from openspec_tool.read.tasks_doc import parse_tasks
from tests.conftest import CORPUS, SEEDS, need_shared

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tasks"


def _load(name: str) -> TaskList:
    return parse_tasks((FIXTURES / name).read_text(encoding="utf-8"), name)


def _consistent(tl: TaskList, text: str) -> None:
    total, done = count_tasks(text)
    assert (tl.checkbox_count, tl.checkbox_done) == (total, done)
    ids = [t.id for t in tl.tasks]
    assert len(ids) == len(set(ids))
    known = {t.id: t for t in tl.tasks}
    for t in tl.tasks:
        assert t.parent is None or t.parent in known
        assert t.depth >= 0 and t.line >= 1
        if t.parent is not None:
            assert t.depth == known[t.parent].depth + 1 and t.line > known[t.parent].line
    # every checkbox is a task, an acceptance check or an example in a code fence
    from_checkboxes = sum(1 for t in tl.tasks if t.source == "checkbox")
    assert from_checkboxes + len(tl.checks) + tl.fenced == tl.checkbox_count
    lines = [t.line for t in tl.tasks]
    assert lines == sorted(lines)


def test_inline_attributes_ids_depth_and_sections() -> None:
    tl = _load("inline.md")
    assert tl.title == "Inline Plan"
    # the fenced checkbox is an example; 1.2.2 is marked done but its subtask is open, so it is not done
    assert (tl.total, tl.done, tl.checkbox_count, tl.fenced) == (10, 3, 11, 1)
    assert (tl.stated_total, tl.stated_total_line) == (11, 3)
    assert tl.by_id("1.2.2").marked and not tl.by_id("1.2.2").done  # type: ignore[union-attr]
    assert any("1.2.2 (line 9) is marked done, but 1 of its 1 subtasks are open" in n for n in tl.notes)
    t = tl.by_id("1.2")
    assert t is not None
    assert t.title == "Write the model" and t.estimate == Estimate(2, 3)
    assert t.dependencies == ("1.1",) and t.priority == "high" and t.assignee == "@ana"
    assert t.section == "1. Foundations"  # emoji and bold stripped, numbering kept
    assert [(x.id, x.depth, x.parent) for x in tl.tasks[2:5]] == [
        ("1.2.1", 1, "1.2"),
        ("1.2.2", 1, "1.2"),
        ("1.2.2.1", 2, "1.2.2"),
    ]
    assert tl.by_id("1.2.1").estimate == Estimate(0.5, 0.5)  # type: ignore[union-attr]
    assert tl.by_id("1.2.1").title == "Estimate type"  # type: ignore[union-attr]
    assert tl.by_id("T-1").dependencies == ("1.2", "9.9")  # type: ignore[union-attr]
    e11 = tl.by_id("E1.1")
    assert e11 is not None and e11.title == "Bold id" and e11.estimate == Estimate(4, 5)
    numbered = tl.by_id("1.0.2")
    assert numbered is not None and numbered.done and numbered.marker == "X"
    later = [t for t in tl.tasks if t.section == "2. Later"]
    assert [(t.title, t.done, t.marker) for t in later] == [
        ("Partial is open", False, "~"),
        ("Spaced x is done", True, "x"),
    ]
    assert all(t.id == f"L{t.line}" for t in later)


def test_rich_task_blocks_keep_criteria_out_of_the_task_count() -> None:
    tl = _load("blocks.md")
    assert [t.id for t in tl.tasks] == ["1.0.1", "1.0.2", "1.0.3", "1.0.3.1"]
    assert tl.checkbox_count == 8  # the criteria still count as the reference counts them
    # 6 criteria of tasks and the Summary's loose checkbox are acceptance checks
    assert (len(tl.checks), tl.checks_done) == (7, 4)
    assert [(c.owner, c.line) for c in tl.checks][-1] == (None, 45) and tl.checks[-1].section == "Summary"
    first, second, third = tl.tasks[:3]
    assert first.source == "block" and first.title == "Create crate" and first.text == "Task 1.0.1: Create crate"
    assert (first.priority, first.estimate, first.assignee) == ("critical", Estimate(2, 2), "Core Team Lead")
    assert first.dependencies == ()  # "Workspace setup from Phase 0" names no task: kept as an unresolved note
    assert first.prose_dependencies == first.unresolved_dependencies == ("Workspace setup from Phase 0",)
    assert first.acceptance == ("Directory created", "Added to workspace")
    assert first.definition_of_done == ("Compiles without warnings",)
    assert first.done  # every criterion checked
    assert not second.done and second.dependencies == ("1.0.1",)
    assert third.estimate == Estimate(12, 12) and third.dependencies == ("1.0.1", "1.0.2")
    assert first.section == third.section == "Phase 1.0: Utilities (Days 1-2)"
    sub = tl.tasks[3]
    assert (sub.parent, sub.depth, sub.source, sub.estimate) == ("1.0.3", 1, "checkbox", Estimate(1, 1))


def test_sprint_plan_without_checkboxes_becomes_tasks() -> None:
    tl = _load("sprints.md")
    assert [(t.id, t.depth, t.title) for t in tl.tasks] == [
        ("1.1", 0, "Build Pipeline (Task #8)"),
        ("1.1.1", 1, "Bundler"),
        ("1.1.2", 1, "Code splitting"),
        ("1.2", 0, "Deployment Adapters (3 days, 24 tests)"),
        ("1.2.1", 1, "Vercel adapter"),
        ("1.2.2", 1, "Netlify adapter"),
    ]
    assert tl.by_id("1.1").estimate == Estimate(8, 12)  # type: ignore[union-attr]
    assert tl.by_id("1.1").acceptance == ("Hello world under 10KB",)  # type: ignore[union-attr]
    assert tl.by_id("1.1.2").estimate == Estimate(2, 2)  # type: ignore[union-attr]
    assert tl.by_id("1.2").estimate == Estimate(24, 24)  # type: ignore[union-attr]
    # 1.1.2's 2h is part of 1.1's 2-3 sessions, not added to them
    assert tl.checkbox_count == 0 and tl.estimate_total() == Estimate(32, 36)


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("## 1. Fix cleanup ✅ COMPLETED\n**Priority**: high\n", True),
        ("## 1. Fix cleanup\n**Dependencies:** None\n**Status**: ✅ COMPLETED - 22/22 tests\n", True),
        ("## 1. Fix cleanup\n**Dependencies:** None\n**Status**: IN PROGRESS\n", False),
        ("## 1. Fix cleanup\n**Acceptance Criteria**:\n- [x] a\n- [ ] b\n", False),
    ],
)
def test_block_done_from_heading_status_or_criteria(text: str, done: bool) -> None:
    tl = parse_tasks(text, "t.md")
    assert tl.total == 1 and tl.tasks[0].done is done


def test_bulleted_metadata_and_dependency_prose() -> None:
    text = "## 2. Parse\n- **Priority**: Low\n- **Estimate**: 3h\n\n**Dependencies:** Tasks 6 and 7 (needs parsing)\n"
    (t,) = parse_tasks(text, "t.md").tasks
    assert (t.id, t.priority, t.estimate, t.dependencies) == ("2", "low", Estimate(3, 3), ("6", "7"))


def test_section_priority_applies_when_the_task_has_none() -> None:
    text = "## High-Priority Tasks\n### 1. Cache\n**Acceptance Criteria**:\n- [ ] works\n## Later\n- [ ] x {priority: p2}\n"
    tl = parse_tasks(text, "t.md")
    assert [(t.id, t.priority) for t in tl.tasks] == [("1", "high"), ("L6", "p2")]


def test_repeated_ids_keep_their_written_id_and_stay_unique() -> None:
    tl = parse_tasks("- [ ] 1.1 a\n- [ ] 1.1 b\n- [ ] L2 c\n", "t.md")
    assert [(t.id, t.ref) for t in tl.tasks] == [("1.1@L1", "1.1"), ("1.1@L2", "1.1"), ("L3", None)]


def test_tabs_count_as_four_spaces() -> None:
    tl = parse_tasks("- [ ] 1 parent\n\t- [ ] 1.1 child\n\t\t- [ ] 1.1.1 grandchild\n    - [ ] 1.2 sibling\n", "t.md")
    assert [(t.id, t.depth, t.parent) for t in tl.tasks] == [
        ("L1", 0, None),
        ("1.1", 1, "L1"),
        ("1.1.1", 2, "1.1"),
        ("1.2", 1, "L1"),
    ]


def test_plain_bullets_and_paragraphs_end_nesting() -> None:
    text = "- [ ] 1.1 a\n- plain\n  - [ ] 1.2 b\n- [ ] 1.3 c\n  - [ ] 1.3a d\n\nText\n  - [ ] 1.4 e\n"
    tl = parse_tasks(text, "t.md")
    assert [(t.id, t.parent) for t in tl.tasks] == [("1.1", None), ("1.2", None), ("1.3", None), ("1.3a", "1.3"), ("1.4", None)]
    # without the blank line, "Text" continues the item above (as in CommonMark)
    lazy = parse_tasks(text.replace("\n\nText", "\nText"), "t.md")
    assert lazy.by_id("1.4").parent == "1.3"  # type: ignore[union-attr]


def test_bom_crlf_and_mojibake() -> None:
    text = (
        "\ufeff# ðŸš€ Launch Plan\r\n## Phase 1 â†’ ship\r\n- [x] 1.1 Ship it â€” now âœ…\r\n"
        "- [âœ…] not a task for the reference\r\n"
    )
    tl = parse_tasks(text, "t.md")
    assert tl.title == "Launch Plan"
    assert tl.checkbox_count == count_tasks(text)[0] == 1
    (t,) = tl.tasks
    assert t.section == "Phase 1 → ship" and t.title == "Ship it — now" and t.done
    assert tl.notes and "mojibake" in tl.notes[0]


def test_genuine_accents_are_not_repaired() -> None:
    text = "## Café — déjà vu\n- [ ] 1.1 Übersetzung für “Grüße” ½ (2h)\n- [ ] 1.2 日本語のタスク\n"
    tl = parse_tasks(text, "t.md")
    assert tl.notes == ()
    assert tl.tasks[0].section == "Café — déjà vu" and tl.tasks[0].title == "Übersetzung für “Grüße” ½"
    assert tl.tasks[1].title == "日本語のタスク"


def test_headings_in_fences_are_not_sections() -> None:
    text = "## Real\n```\n## Fake\n```\n- [ ] 1.1 a\n"
    assert parse_tasks(text, "t.md").tasks[0].section == "Real"


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n\r\n", "[", "- [", "## ", "#", "**Total Tasks**: 99999999999", "\x00\udcff"])
def test_degenerate_inputs(text: str) -> None:
    tl = parse_tasks(text, "t.md")
    _consistent(tl, text)


def test_ten_megabytes_is_read() -> None:
    need_shared()
    seed = (SEEDS / "002_1af9bb83d8ea3944.txt").read_text(encoding="utf-8")
    big = (seed * (10_000_000 // len(seed) + 1))[:10_000_000]
    started = time.perf_counter()
    tl = parse_tasks(big, "big.md")
    assert time.perf_counter() - started < 20  # ~1-2 s on an idle machine
    copies = big.count("# Phase 1: Core Execution")
    assert tl.checkbox_count == count_tasks(big)[0] and 24 * (copies - 1) <= tl.total <= 24 * copies


# -- the seeds and the corpus ------------------------------------------------------------


def _seed(prefix: str) -> TaskList:
    need_shared()
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_tasks(decode(path.read_bytes()), path.name)


def test_seed_000_prd_sprints() -> None:
    tl = _seed("000")
    assert [t.id for t in tl.tasks if t.depth == 0] == ["2.1", "2.2", "2.3"]
    assert tl.total == 12 and tl.checkbox_count == 0
    assert [t.estimate for t in tl.tasks if t.depth == 0] == [Estimate(8, 12), Estimate(8, 8), Estimate(8, 8)]
    assert [t.title for t in tl.children("2.1")] == [
        "Build System Architecture",
        "Bundle Size Optimization",
        "Performance Validation",
    ]
    assert len(tl.by_id("2.1").acceptance) == 4  # type: ignore[union-attr]


def test_seed_001_phase_plan() -> None:
    tl = _seed("001")
    assert tl.title == "Phase 5: Production Features - Enhanced Plan" and tl.notes
    tops = [t for t in tl.tasks if t.depth == 0]
    assert [t.id for t in tops] == ["5.1", "5.2", "5.3", "5.4", "5.5"]
    assert [t.estimate.high for t in tops if t.estimate] == [24, 24, 24, 24, 16]
    assert [len(tl.children(t.id)) for t in tops] == [7, 6, 6, 6, 7]
    assert tl.total == 37 and tl.estimate_total() == Estimate(112, 112)


def test_seed_002_rich_blocks() -> None:
    tl = _seed("002")
    # 24 task blocks; every one of the 253 checkboxes is an acceptance check (task criteria, Success Criteria)
    assert [t.source for t in tl.tasks] == ["block"] * 24
    assert (tl.total, tl.checkbox_count, len(tl.checks)) == (24, 253, 253)
    t = tl.by_id("1.3.3")
    assert t is not None and t.dependencies == ("1.3.2", "1.2.3") and t.estimate == Estimate(3, 3)
    assert tl.by_id("1.5.1").acceptance[0] == "Utils crate >90% coverage"  # type: ignore[union-attr]
    assert len(tl.by_id("1.5.1").acceptance) == 9  # type: ignore[union-attr]
    assert tl.estimate_total() == Estimate(88, 88)
    assert tl.by_id("1.2.1").section == "Phase 1.2: Script Engine Bridge Foundation (Days 3-5) ARCHITECTURE UPDATE"  # type: ignore[union-attr]
    # prose dependencies, read as a planner reads them
    phase_11 = ("1.1.1", "1.1.2", "1.1.3", "1.1.4")
    assert tl.by_id("1.2.1").dependencies == phase_11  # "Enhanced core types": the heading of Phase 1.1
    assert tl.by_id("1.3.1").dependencies == phase_11  # "Core types complete": the only heading that fits
    assert tl.by_id("1.5.1").dependencies[-1] == "1.4.3" and len(tl.by_id("1.5.1").dependencies) == 18  # type: ignore[union-attr]
    assert tl.by_id("1.6.3").dependencies == ("1.6.1", "1.6.2")  # "All tasks complete": 1.6.1 already waits on the rest
    unresolved = {t.id: t.unresolved_dependencies for t in tl.tasks if t.unresolved_dependencies}
    assert unresolved == {
        "1.0.1": ("Workspace setup from Phase 0",),
        "1.1.1": ("llmspell-utils completion",),
        "1.1.2": ("llmspell-utils completion",),
        "1.4.1": ("Bridge-based script runtime complete",),
    }


def test_seed_003_options() -> None:
    tl = _seed("003")
    tops = [t for t in tl.tasks if t.depth == 0]
    assert [t.title for t in tops] == [
        "Expand Documentation", "Improve Testing", "Feature Development",
        "Deployment & Infrastructure", "Community & Ecosystem", "Monitoring & Observability",
    ]  # fmt: skip
    assert [str(t.estimate) for t in tops] == ["10-20h", "15-25h", "20-40h", "15-25h", "10-20h", "12-18h"]
    assert [t.estimate for t in tl.children("3")] == [Estimate(20, 20), Estimate(15, 15), Estimate(15, 15)]
    assert tl.total == 32 and tops[0].section == "The 6 Phase 2 Options"


def test_seed_004_task_list() -> None:
    tl = _seed("004")
    assert [t.id for t in tl.tasks] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [t.priority for t in tl.tasks] == ["high"] * 3 + ["medium"] * 2 + [None] * 2
    assert [len(t.acceptance) for t in tl.tasks] == [5, 5, 5, 4, 4, 3, 3]
    # the Definition of Done and Success Criteria lists are acceptance checks, not tasks
    assert (tl.total, tl.checkbox_count, len(tl.checks)) == (7, 40, 40)
    assert [c.section for c in tl.checks if c.owner is None] == ["Definition of Done"] * 6 + ["Success Criteria"] * 5


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*/openspec/changes/**/tasks.md"))


def test_checkbox_count_matches_the_reference_on_the_corpus() -> None:
    need_shared()
    files = _corpus_files()
    assert len(files) > 300
    for path in files:
        text = decode(path.read_bytes())
        tl = parse_tasks(text, str(path))
        _consistent(tl, text)


def test_fission_corpus_parses_fast() -> None:
    need_shared()
    texts = [decode(p.read_bytes()) for p in (CORPUS / "Fission-AI__OpenSpec").glob("openspec/changes/**/tasks.md")]
    assert len(texts) > 100
    started = time.perf_counter()
    for text in texts:
        parse_tasks(text, "tasks.md")
    assert time.perf_counter() - started < 1.0


# -- properties -------------------------------------------------------------------------

_MARKDOWNISH = st.sampled_from(
    [
        "# Title", "## 1. Section", "### Task 1.2: Block", "#### Sprint 2.1: Build (3 days)", "```", "~~~", "",
        "- [ ] 1.1 a {est: 2h; after: 1.2}", "- [x] 1.2 b {after: 1.1}", "  - [ ] 1.1.1 c", "\t* [X] T-1 d",
        "1. [ ] e (~3h)", "- [~] f", "- [ x ] g", "- [] h", "- [ ]", "**Priority**: HIGH", "**Estimated Time**: 4 hours",
        "**Dependencies**: Task 1.2", "**Acceptance Criteria:**", "**Definition of Done:**", "**Duration**: 2 sessions",
        "**Status**: ✅ done", "- bullet", "1. **Numbered**", "   - nested", "plain paragraph", "**Total Tasks**: 3",
        "âœ… ðŸš€ â†’", "{est: 1h}", "- [ ] {after: L1}", "---", "| a | b |", "\ufeff", "\r",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_MARKDOWNISH, st.text(max_size=40)), max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_markdownish_documents_never_raise(lines: list[str], eol: str) -> None:
    text = eol.join(lines)
    _consistent(parse_tasks(text, "t.md"), text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _consistent(parse_tasks(text, "t.md"), text)


@settings(max_examples=500, deadline=None)
@given(
    st.from_regex(r"\d{1,3}(\.\d{1,3}){1,3}[ \t]{1,2}[-–—: a-zA-Z*_.()\u00a0]{0,12}", fullmatch=True)
    | st.text(alphabet="0123456789. \t-–—:*_aTk()\u00a0", max_size=16)
)
def test_split_item_id_takes_a_short_way_to_the_same_answer(text: str) -> None:
    from openspec_tool.read.task_text import _split_item_id, split_item_id

    assert split_item_id(text) == _split_item_id(text)


# -- the styles of issue 11 ----------------------------------------------------------------------------------

ISSUE_BLOCKS = """### Storage
- [x] **STO-1**: Add the cache table ✅
    - **Priority**: P0
    - **Effort**: S (2 hours)
    - **Owner**: @ana
    - **Dependencies**: None
    - **Acceptance Criteria**:
        - Migration runs forward and back ✅
        - Index on (key, ts) ✅
- [ ] **STO-2**: Evict by age
    - **Effort**: M (4-6 hours)
    - **Dependencies**: STO-1
"""


def test_rich_checkbox_blocks_are_one_task_each() -> None:
    tl = parse_tasks(ISSUE_BLOCKS, "t.md")
    one, two = tl.tasks
    assert (one.id, one.title, one.done, one.priority, one.estimate, one.assignee) == (
        "STO-1", "Add the cache table", True, "p0", Estimate(2, 2), "@ana"
    )  # fmt: skip
    assert one.dependencies == () and one.acceptance == ("Migration runs forward and back", "Index on (key, ts)")
    assert (two.id, two.estimate, two.dependencies, two.done) == ("STO-2", Estimate(4, 6), ("STO-1",), False)
    assert tl.checks == () and tl.estimates == ()  # the heading took nothing: no block, no estimate


def test_t_shirt_sizes_take_the_documents_legend() -> None:
    text = (
        "**Effort Estimates**:\n- **XS**: < 1 hour\n- **M**: 4-8 hours\n\n- [ ] **A-1**: a\n    - **Effort**: M\n"
        "- [ ] **A-2**: b\n    - **Effort**: XS\n- [ ] **A-3**: c\n    - **Effort**: XL\n"
    )
    a1, a2, a3 = parse_tasks(text, "t.md").tasks
    assert (a1.estimate, a2.estimate, a3.estimate, a3.size) == (Estimate(4, 8), Estimate(0, 1), None, "XL")


def test_stated_totals_and_section_estimates() -> None:
    text = (
        "# T\n**Total Tasks**: 3\n\n### Section 1: Docker (4-5 hours)\n- [ ] 1.1 a\n"
        "### Section 2: Cloud (2 hours)\n- [ ] 2.1 b\n\n"
        "| Task | Count |\n|---|---|\n| **Total Tasks** | 48 |\n\n| Phase | Hours |\n|---|---|\n| **Total** | 6-7 |\n\n"
        "| Phase | Duration |\n|---|---|\n| **Total** | 3 weeks |\n\n**Total Tasks**: ~200\n"
    )
    tl = parse_tasks(text, "t.md")
    assert tl.stated_totals == ((3, 2), (48, 11))  # `~200` is approximate
    assert [(e.kind, str(e.estimate), e.line) for e in tl.estimates] == [
        ("section", "4-5h", 4), ("section", "2h", 6), ("total", "6-7h", 15)
    ]  # fmt: skip  # a Duration column is calendar time


def test_headings_and_checklists_that_are_not_work() -> None:
    text = (
        "## Task Summary\n**Estimated Effort**: 7 days (56 hours)\n- [x] 9.9 restated\n## 1. Work\n- [ ] 1.1 a\n"
        "## Success Criteria\n- [ ] it works\n## Risk Register\n### Risk 1\n- [ ] **RISK-T1**: mitigate\n"
        "## Validation\n- [ ] 4.1 run the suite\n"
    )
    tl = parse_tasks(text, "t.md")
    assert [t.id for t in tl.tasks] == ["1.1", "4.1"]
    assert [(c.section, c.ref) for c in tl.checks] == [("Task Summary", "9.9"), ("Success Criteria", None), ("Risk 1", "RISK-T1")]
    assert [(e.kind, str(e.estimate)) for e in tl.estimates] == [("total", "56h")]


def test_a_label_right_after_an_item_belongs_to_it_not_to_the_heading() -> None:
    text = "## Phase 2\n\n- [x] 2.1 a\n  **Dependencies**: 1.2\n- [x] 2.2 b\n  **Dependencies**: 2.1\n"
    tl = parse_tasks(text, "t.md")
    assert [(t.id, t.dependencies, t.depth) for t in tl.tasks] == [("2.1", ("1.2",), 0), ("2.2", ("2.1",), 0)]


def test_prose_names_the_nearest_section_of_that_name() -> None:
    text = (
        "## Setup\n- [ ] 1.1 Install\n## Build\n- [ ] 2.1 Compile\n  - **Dependencies**: Setup complete\n"
        "## Setup\n- [ ] 3.1 Reinstall\n## Ship\n- [ ] 4.1 Release\n  - **Dependencies**: Setup complete\n"
        "- [ ] 4.2 Announce\n  - **Dependencies**: Build\n"
    )
    tl = parse_tasks(text, "tasks.md")
    # a title written twice: the section the reader last passed, not both
    assert tl.by_id("2.1").dependencies == ("1.1",)  # type: ignore[union-attr]
    assert tl.by_id("4.1").dependencies == ("3.1",)  # type: ignore[union-attr]
    assert tl.by_id("4.2").dependencies == ("2.1",)  # type: ignore[union-attr]


def test_prose_names_the_first_section_when_none_is_above() -> None:
    text = "- [ ] 0.1 Plan\n  - **Dependencies**: Setup\n## Setup\n- [ ] 1.1 Install\n## Setup\n- [ ] 2.1 Again\n"
    assert parse_tasks(text, "tasks.md").by_id("0.1").dependencies == ("1.1",)  # type: ignore[union-attr]


def test_all_tasks_on_a_subtask_names_the_last_task_that_waits_on_all() -> None:
    text = (
        "- [ ] T-1 A\n- [ ] T-2 B\n- [ ] T-3 Gate\n  - **Dependencies**: All tasks above\n- [ ] T-4 C\n"
        "- [ ] T-5 D\n  - [ ] T-5a Part\n    - **Dependencies**: All tasks complete\n"
    )
    tl = parse_tasks(text, "tasks.md")
    assert tl.by_id("T-3").dependencies == ("T-1", "T-2")  # type: ignore[union-attr]
    assert tl.by_id("T-5a").dependencies == ("T-3", "T-4")  # type: ignore[union-attr]
