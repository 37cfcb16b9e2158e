"""The proposal reader: sections without decoration, metadata, estimates and metrics."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.model.tasks import Estimate
from openspec_tool.read.proposal import clean_title, parse_proposal
from openspec_tool.read.task_text import strip_emoji

PROPOSAL = """\ufeff# 🚀 Expand Documentation\r
\r
**Change ID**: phase2-option1\r
**Effort**: 10-20 hours | **Timeline**: 1-2 weeks\r
**Priority:** High\r
\r
## 📋 Executive Summary\r
Docs.\r
\r
## 1. Current vs. Target State\r
| a | b |\r
\r
## Impact\r
### Metrics\r
- Code examples: 150 → 200 (+33%)\r
- **Self-service**: 70% → 90%+ (+29%)\r
- Onboarding time: 2-3h → 30-60m (-50-75%)\r
- Coverage: 88 -> 90 (+5%)\r
\r
## Timeline\r
### Week 1: Guides (~5-9 hours)\r
- Write guides (4h)\r
```\r
## Not a section (fenced)\r
**Effort**: 99 hours\r
```\r
"""


def test_sections_are_clean_and_fence_aware() -> None:
    p = parse_proposal(PROPOSAL, "p.md")
    assert p.title == "Expand Documentation"
    assert [s.title for s in p.sections if s.level == 2] == [
        "Executive Summary",
        "1. Current vs. Target State",
        "Impact",
        "Timeline",
    ]
    assert p.has_section("current vs target state") and p.has_section("Executive Summary")
    assert not p.has_section("Not a section")


def test_metadata_inline_pairs_and_bold_colon_styles() -> None:
    p = parse_proposal(PROPOSAL)
    assert p.meta("change id") is not None and p.meta("change id").value == "phase2-option1"  # type: ignore[union-attr]
    assert p.meta("priority").value == "High"  # type: ignore[union-attr]
    assert p.effort == Estimate(10, 20)
    assert p.timeline_weeks == Estimate(1, 2)
    assert p.meta("effort").line == 4  # type: ignore[union-attr]


def test_estimates_in_headings_and_items() -> None:
    p = parse_proposal(PROPOSAL)
    assert [(e.estimate, e.heading_level, e.section) for e in p.estimates] == [
        (Estimate(5, 9), 3, "Timeline"),
        (Estimate(4, 4), 0, "Timeline"),
    ]


def test_metrics_with_stated_and_computed_change() -> None:
    metrics = {m.name: m for m in parse_proposal(PROPOSAL).metrics}
    assert metrics["Code examples"].stated_percent == 33 and round(metrics["Code examples"].computed_percent or 0) == 33
    assert metrics["Self-service"].before_value == 70 and metrics["Self-service"].after_value == 90
    assert metrics["Onboarding time"].computed_percent is None  # fuzzy figures are not recomputed
    assert metrics["Coverage"].stated_percent == 5 and round(metrics["Coverage"].computed_percent or 0) == 2


def test_clean_title_strips_emoji_and_decoration() -> None:
    assert clean_title("📋 **Executive Summary**:") == "Executive Summary"
    assert clean_title("✅ Done ❤️") == "Done"
    assert clean_title("非英語の見出し") == "非英語の見出し"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    p = parse_proposal(text)
    assert all(s.line >= 1 for s in p.sections)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["# T", "## A", "**Effort**: 3-4h", "- a: 1 → 2 (+100%)", "```", "~~~", "### W (~2h)", "x", ""])))
def test_never_raises_on_markdownish_lines(lines: list[str]) -> None:
    parse_proposal("\n".join(lines))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab ✅❤️\ufe0f\u200d\u20e3\ufffd→é日本🚀—\U000f0000\ud7ff"), max_size=30)
    | st.text(max_size=30)
)
def test_strip_emoji_drops_exactly_pictographs_marks_and_unassigned(text: str) -> None:
    dropped = {"So", "Sk", "Cf", "Co", "Cs", "Cn"}
    expected = "".join(
        ch for ch in text if ch.isascii() or (ch not in "\ufe0e\ufe0f\u20e3" and unicodedata.category(ch) not in dropped)
    )
    assert strip_emoji(text) == expected


def test_a_proposal_without_h1_has_no_title_so_its_change_is_named_by_id() -> None:
    """OpenSpec's own template starts with `## Why`: that is a section, not the change's name."""
    from openspec_tool.model.workspace import Change

    proposal = parse_proposal("## Why\n\nBecause.\n\n## What Changes\n\n- A thing\n", "p.md")
    assert proposal.title == ""
    assert [s.title for s in proposal.sections] == ["Why", "What Changes"]
    assert Change("add-stacking", "openspec/changes/add-stacking", proposal=proposal).title == "add-stacking"
    assert parse_proposal("## Why\n\n# Real Title\n").title == "Real Title"
