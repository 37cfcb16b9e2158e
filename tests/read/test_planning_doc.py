"""Reading a team's planning documents: path definitions in the four styles, the option lists people write, stated
figures, restated options — on seed 003, on the fixture's documents, on our generated report, and on any text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.model.planning import Figure
from openspec_tool.read.planning_doc import parse_planning_doc
from openspec_tool.read.planning_refs import figures, members
from tests.conftest import REPO, SEEDS

FIXTURE = REPO / "tests/fixtures/seed003-repo"


def _paths(name: str) -> dict[str, tuple[tuple[int, ...], bool, str | None, str | None, str]]:
    doc = parse_planning_doc((FIXTURE / name).read_text(encoding="utf-8"), name)
    out = {}
    for p in doc.paths:
        ref = p.members
        numbers = ref.numbers if ref else ()
        out[p.id] = (numbers, bool(ref and ref.all_options), p.effort.text if p.effort else None,
                     p.duration.text if p.duration else None, p.style)  # fmt: skip
    return out


def test_headings_with_labelled_lines() -> None:
    paths = _paths("PHASE_2_STARTER.md")
    assert paths["A"] == ((2,), False, "~15 hours", "1 week", "heading")
    assert paths["D"] == ((2, 4, 6), False, "~60 hours", "3-4 weeks", "heading")
    doc = parse_planning_doc((FIXTURE / "PHASE_2_STARTER.md").read_text(encoding="utf-8"), "S.md")
    a = doc.paths[0]
    assert (a.name, a.summary, a.line, a.members.line if a.members else None) == (
        "Quick Win", "Get fast value with minimum effort", 42, 44
    )  # fmt: skip
    assert [(o.number, o.title, o.effort.text if o.effort else None) for o in doc.options][:2] == [
        (1, "Expand Documentation", "10-20 hours"),
        (2, "Improve Testing", "15-25 hours"),
    ]
    assert doc.budget is not None and (doc.budget.high, doc.budget.line) == (60, 4)


def test_tables() -> None:
    paths = _paths("PHASE_2_OPTIONS.md")
    assert paths["A"] == ((2,), False, "10-15 h", "1 week", "table")
    assert paths["B"][0] == (2, 6) and paths["C"][0] == (1, 3, 5)
    doc = parse_planning_doc((FIXTURE / "PHASE_2_OPTIONS.md").read_text(encoding="utf-8"), "O.md")
    assert [(o.number, o.title, o.timeline.text if o.timeline else None) for o in doc.options][3] == (
        4, "Deployment & Infrastructure", "1-2 weeks"
    )  # fmt: skip


def test_bold_labels_and_words() -> None:
    doc = parse_planning_doc((FIXTURE / "PHASE_2_PLAN.md").read_text(encoding="utf-8"), "P.md")
    by_id = {p.id: p for p in doc.paths}
    assert by_id["A"].members is not None and by_id["A"].members.numbers == (1, 5)
    assert by_id["A"].name == "Quick Win" and by_id["A"].style == "bold"
    assert by_id["B"].duration is not None and by_id["B"].duration.text == "2 weeks"
    assert by_id["C"].members is not None and by_id["C"].members.numbers == (1, 3, 5)  # Options 1, 3 and 5
    assert by_id["D"].members is not None and by_id["D"].members.numbers == (2, 4, 6)
    assert by_id["E"].members is not None and by_id["E"].members.words == ("Docs", "Testing", "Community")


def test_arrows() -> None:
    paths = _paths("PHASE_2_NEXT_STEPS.md")
    assert paths["A"][0] == (2,) and paths["A"][4] == "arrow"
    assert paths["D"][0] == (1, 2, 4, 5, 6)  # "all: 1+2+4+5+6": the list wins over "all"
    assert paths["E"][0] == (1, 2, 5)


@pytest.mark.parametrize(
    ("text", "numbers", "every", "words"),
    [
        ("Option 2 + Option 6 (Testing + Monitoring)", (2, 6), False, ()),
        ("Options 1, 3 and 5", (1, 3, 5), False, ()),
        ("(1+2+4+5+6)", (1, 2, 4, 5, 6), False, ()),
        ("all (1+2+4+5+6)", (1, 2, 4, 5, 6), False, ()),
        ("All 6", (), True, ()),
        ("all six options", (), True, ()),
        ("2 + 4 + 6", (2, 4, 6), False, ()),
        ("Options #1 & #5", (1, 5), False, ()),
        ("Docs + Community", (), False, ("Docs", "Community")),
        ("Quick Win (Docs + Community)", (), False, ("Docs", "Community")),
    ],
)
def test_member_expressions(text: str, numbers: tuple[int, ...], every: bool, words: tuple[str, ...]) -> None:
    ref = members(text, 1)
    assert ref is not None and (ref.numbers, ref.all_options, ref.words) == (numbers, every, words)


@pytest.mark.parametrize(
    "text", ["Quick Win", "1 + 2 weeks", "Enterprise Ready (3-4 weeks, ~60 hours)", "Phase 2", "v1.2 + v1.3"]
)
def test_what_names_no_option(text: str) -> None:
    assert members(text, 1) is None


@pytest.mark.parametrize(
    ("text", "effort", "duration"),
    [
        ("(1 week, ~15 hours)", (15, 15, True), (1, 1, False)),
        ("10-15 hours", (10, 15, False), None),
        ("about 50 hours over 3-4 weeks", (50, 50, True), (3, 4, False)),
        ("12 to 18 h", (12, 18, False), None),
        ("10 days", None, (2, 2, False)),
        ("3D printing, 1,600 lines", None, None),
    ],
)
def test_figures(text: str, effort: tuple[float, float, bool] | None, duration: tuple[float, float, bool] | None) -> None:
    found = figures(text, 1)

    def shape(f: Figure | None) -> tuple[float, float, bool] | None:
        return None if f is None else (f.low, f.high, f.approx)

    assert (shape(found[0]), shape(found[1])) == (effort, duration)


def test_approximate_figures_are_read_as_ten_percent_either_side() -> None:
    approx = Figure(15, 15, "h", True, "~15 hours", 1)
    assert approx.span == pytest.approx((13.5, 16.5))
    assert not approx.within(15, 25) and approx.within(13, 20)
    assert Figure(15, 15, "h", False, "15 h", 1).within(15, 25)
    assert Figure(10, 15, "h", False, "10-15 h", 1).agrees(Figure(12, 14, "h", False, "12-14 h", 2))
    assert not Figure(10, 15, "h", False, "10-15 h", 1).agrees(approx)


def test_prose_and_code_are_not_definitions() -> None:
    text = (
        "# Notes\n\nWe liked Path A because **it** is quick; see Path B (Option 4) in the appendix.\n\n"
        "```\n### Path C: Option 1 + Option 2\n→ Path D (Option 3)\n```\n"
    )
    assert parse_planning_doc(text, "n.md").paths == ()


def test_seed_003_the_real_summary() -> None:
    seed = SEEDS / "003_2c4ec557165e810e.txt"
    if not seed.is_file():
        pytest.skip("../shared/seeds is not available here")
    doc = parse_planning_doc(seed.read_text(encoding="utf-8"), "seed.md")  # mojibake headings included
    assert [(p.id, p.members.numbers if p.members else None) for p in doc.paths] == [
        ("A", (2,)), ("B", (2, 6)), ("C", (1, 3, 5)), ("D", (2, 4, 6)), ("E", (1, 2, 5))
    ]  # fmt: skip
    assert [p.effort.text if p.effort else None for p in doc.paths] == [
        "~15 hours",
        "~30 hours",
        "~50 hours",
        "~60 hours",
        "~40 hours",
    ]
    assert [(o.number, o.effort.text if o.effort else None) for o in doc.options if o.effort] == [
        (1, "10-20 hours"), (2, "15-25 hours"), (3, "20-40 hours"), (4, "15-25 hours"), (5, "10-20 hours"), (6, "12-18 hours")
    ]  # fmt: skip


def test_our_generated_decision_document_reads_back_as_its_decision() -> None:
    """PHASE_2_STARTER.md, read as a planning document, defines the paths the decision file defines."""
    doc = parse_planning_doc((REPO / "PHASE_2_STARTER.md").read_text(encoding="utf-8"), "PHASE_2_STARTER.md")
    table = {p.id: p.members.numbers for p in doc.paths if p.style == "table" and p.members}
    assert table == {"A": (2,), "B": (2, 6), "C": (1, 3, 5), "D": (2, 4, 6), "E": (1, 2, 5)}


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#*|-→>()+,&:~ \nPathOption123456ABCall hours weeks`_[]")), max_size=400))
def test_never_raises(text: str) -> None:
    parse_planning_doc(text, "x.md")


def test_linear_in_the_document() -> None:
    block = (
        "### Path A: Quick Win (1 week, ~15 hours)\n- **Recommendation**: Option 2 + Option 6\n| A | 1 + 2 | 10 h |\n"
        "→ Path B (1+2)\n"
    )
    small, big = block * 500, block * 4000

    def timed(text: str) -> float:
        start = time.perf_counter()
        parse_planning_doc(text, "x.md")
        return time.perf_counter() - start

    timed(small)
    assert timed(big) < max(1.0, 16 * timed(small))  # 8x the text: well under quadratic time


def test_a_path_named_by_its_table_header(tmp_path: Path) -> None:
    text = "| Path | Options | Duration |\n|---|---|---|\n| A | Options 1 + 5 | 2 weeks |\n| Total | 12 | – |\n"
    doc = parse_planning_doc(text, "t.md")
    assert [(p.id, p.members.numbers if p.members else None, p.duration.text if p.duration else None) for p in doc.paths] == [
        ("A", (1, 5), "2 weeks")
    ]
