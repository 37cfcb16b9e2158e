"""The pieces a report is built from, one by one: phrases, titles, natural order, outcomes, links, robustness in words,
the cycle, the merged notes, the charts, freshness."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.read.proposal import parse_proposal
from openspec_tool.report.cycle import cycle_context
from openspec_tool.report.decision_words import robustness_text
from openspec_tool.report.freshness import same_report
from openspec_tool.report.layout import notes
from openspec_tool.report.links import safe_href
from openspec_tool.report.markdown import inline
from openspec_tool.report.outcomes import outcomes
from openspec_tool.report.svg import burnup, effort_ranges
from openspec_tool.report.text import display_title, md_inline, natural_key, phrase

LONG = "So, this lead-in is not a clause of its own and the sentence goes on well beyond eighty characters in all"
PHRASES = [
    (
        "Turn a good unit-test base into a production-grade safety net in 15-25 hours over 1-2 weeks.",
        "Turn a good unit-test base into a production-grade safety net",
    ),
    (
        "Add the capabilities users ask for most, in 20-40 hours over 2-4 weeks, across three streams: a, b.",
        "Add the capabilities users ask for most",
    ),
    (
        "Expand the documentation from 6,751 to 14,000+ lines (about 2.1 times) in 10-20 hours.",
        "Expand the documentation from 6,751 to 14,000+ lines",
    ),
    (LONG, "So, this lead-in is not a clause of its own and the sentence goes on well…"),
    ("当前系统的调度算法在高负载下存在性能瓶颈，需要重构以支持更多并发请求。", "当前系统的调度算法在高负载下存在性能瓶颈"),
    ("", ""),
]


@pytest.mark.parametrize(("sentence", "expected"), PHRASES)
def test_focus_is_one_phrase(sentence: str, expected: str) -> None:
    assert phrase(sentence) == expected


@given(st.text())
def test_a_phrase_is_one_short_line_of_whole_words(text: str) -> None:
    out = phrase(text)
    assert "\n" not in out and len(out) <= 80
    if out.endswith("…") and " " in out:
        assert out[:-1] in " ".join(text.split())  # cut after a whole word, never inside one
        assert " ".join(text.split())[len(out) - 1 : len(out)] in (" ", "")


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Change: Add X", "Add X"),
        ("Proposal: 2025-action-log-undo-upgrade", "2025-action-log-undo-upgrade"),
        ("Change Proposal：多语言", "多语言"),
        ("Vectorizer Integration - Proposal", "Vectorizer Integration"),
        ("Change:", "Change:"),  # nothing left: kept as written
        ("Changes: a list", "Changes: a list"),
    ],
)
def test_titles_lose_change_and_proposal_prefixes(title: str, shown: str) -> None:
    assert display_title(title) == shown


def test_natural_order() -> None:
    assert sorted(["c10", "c2", "c1", "b-c10-x", "b-c9-x"], key=natural_key) == ["b-c9-x", "b-c10-x", "c1", "c2", "c10"]


PROPOSAL = """# Widgets

## Why

Because.

## What Changes

- Upload → Annotate → Sign (a flow, not a metric)
- `old_name` → `new_name`

## Impact

- Widget latency (ms): 100 → 50 (-50%)
- Cache hit rate: 0% → 80%
- Data multiplication: 1 CREATE → 5 nodes, 2 nodes → 22 nodes
- Pipeline: the whole of the nightly job and everything that it used to do by hand → a single command

## Success Criteria

1. [x] p95 latency is under **50 ms**
2. [ ] The hit rate is reported
   on the dashboard

## Current vs. Target State

| Area | Current | Target |
|---|---|---|
| Latency | 100 ms | 50 ms |
"""


def test_outcomes_are_the_criteria_and_the_figures_of_a_proposal() -> None:
    got = outcomes(parse_proposal(PROPOSAL))
    assert got["criteria_source"] == "Success Criteria"
    assert got["criteria"] == ["p95 latency is under **50 ms**", "The hit rate is reported on the dashboard"]
    assert got["metrics"] == [
        {"name": "Widget latency (ms)", "current": "100", "target": "50", "change": "-50%"},
        {"name": "Cache hit rate", "current": "0%", "target": "80%", "change": ""},
    ]  # flows, renames, chains and prose are not metrics; the table only speaks when no line does


def test_a_current_and_target_table_when_no_line_states_a_metric() -> None:
    text = PROPOSAL.replace("## Impact", "## Notes").replace("## Success Criteria", "## Acceptance")
    got = outcomes(parse_proposal(text))
    assert got["metrics"] == [{"name": "Latency", "current": "100 ms", "target": "50 ms", "change": ""}]
    assert got["criteria_source"] == "Acceptance"
    assert outcomes(None) == {"criteria": [], "criteria_source": None, "metrics": []}


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://e.example/x", True),
        ("mailto:a@e.example", True),
        ("../docs/x.md#y", True),
        ("#top", True),
        ("//cdn.example/x", True),
        ("javascript:alert(1)", False),
        (" JAVA\tSCRIPT:alert(1)", False),
        ("java&#115;cript:x", False),
        ("javascript&colon;x", False),
        ("vbscript:x", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_safe_links(url: str, safe: bool) -> None:
    assert safe_href(url) is safe


FRAGMENTS = st.sampled_from(
    ["[a](", "](", "[", "]", "(", ")", "<", ">", "javascript", "JavaScript", ":", "&#58;", "&colon;", "\\", " ", "\t",
     "x", "https://e", "data:", "!", '"', "'", "\n", "]:", "%3A", "vbscript"]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_no_unsafe_link_survives_either_format(text: str) -> None:
    """Whatever the text, the Markdown a report writes holds no link a renderer would follow to an unsafe scheme,
    and the HTML none at all."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link a lax renderer would make
    tokens = md.parse(md_inline(text))
    hrefs = [str(t.attrGet("href") or t.attrGet("src") or "") for b in tokens for t in b.children or [] if t.attrs]
    assert all(safe_href(h) for h in hrefs), (text, hrefs)
    rendered = str(inline(text))
    assert all(safe_href(unescape(h)) for h in re.findall(r'href="([^"]*)"', rendered)), (text, rendered)
    assert "<img" not in rendered and "<script" not in rendered


def _pick(robustness: str, share: float, delta: float | None) -> str:
    flip = None if delta is None else {"delta": delta, "label": "Impact", "weight_text": "0.356", "winner_name": "Path B"}
    return robustness_text(robustness, share, "2,000", flip)


def test_robustness_is_said_with_what_it_means() -> None:
    assert _pick("robust", 0.9, 0.2) == (
        "robust: first under 90% of 2,000 random weightings, and no single weight change below 0.10 puts another first"
    )
    assert _pick("moderate", 0.81, 0.056) == (
        "moderately robust: first under 81% of 2,000 random weightings, but raising Impact's weight by 0.056 (to 0.356) "
        "puts Path B first"
    )
    assert _pick("moderate", 0.5, 0.2) == (
        "moderately robust: no single weight change below 0.10 puts another first, but it is first under only 50% of "
        "2,000 random weightings"
    )
    assert _pick("robust", 0.95, None).endswith(", and no single weight change puts another first")
    assert _pick("fragile", 0.31, -0.038).startswith("fragile: first under only 31% of 2,000 random weightings, and lowering")
    assert robustness_text(None, None, "–", None) == "robustness unknown"


def _history(points: dict[str, list[tuple[str, int, int]]], firsts: dict[str, str | None]) -> dict[str, Any]:
    burnups = [
        {"change": cid, "points": [{"date": d, "done": done, "total": total} for d, done, total in pts]}
        for cid, pts in points.items()
    ]
    lines = [
        {"change": cid, "initial": 10, "base_date": day, "base_commit": "abc" if day else None, "added": 0}
        for cid, day in firsts.items()
    ]
    return {
        "from_git": True,
        "available": True,
        "base_date": None,
        "base_commit": None,
        "since": None,
        "burnups": burnups,
        "lines": lines,
    }


def _change(cid: str, done: int, total: int) -> dict[str, Any]:
    return {"id": cid, "title": cid.title(), "tasks": {"done": done, "total": total}}


def test_the_cycle_counts_what_moved_since_the_base() -> None:
    history = _history(
        {"a": [("2025-10-01", 0, 4), ("2025-10-08", 2, 5)], "b": [("2025-10-05", 0, 3)]},
        {"a": "2025-10-01", "b": "2025-10-05", "c": None},
    )
    changes = [_change("a", 3, 5), _change("b", 0, 2), _change("c", 0, 0)]
    archived = ["2025-09-30-old", "2025-10-02-shipped", "no-date-here"]
    got = cycle_context(history, changes, {"a": "Option 1"}, archived)
    assert got is not None
    assert (got["base_date"], got["base_how"]) == ("2025-10-01", "the earliest first commit among them")
    assert (got["completed"], got["added"], got["removed"]) == (3, 3, 0)  # b: 2 tasks now, none at the base
    assert [n["change"] for n in got["new"]] == ["b", "c"]  # first committed after the base, or never
    assert got["archived"] == [{"id": "shipped", "date": "2025-10-02"}]
    assert [r["change"] for r in got["rows"]] == ["a", "b", "c"] and got["rows"][0]["name"] == "Option 1"
    assert not got["quiet"]
    assert cycle_context(None, changes, {}, []) is None
    assert cycle_context({**history, "from_git": False}, changes, {}, []) is None


def test_notes_merge_what_several_changes_share() -> None:
    history = {
        "available": True,
        "from_git": True,
        "base": None,
        "lines": [{"added": 0}, {"added": 0}],
        "total": {"current_text": "1,366"},
        "burnups": [
            {"change": "a", "points": [{"date": "2025-10-01"}, {"date": "2025-10-08"}]},
            {"change": "b", "points": [{"date": "2025-10-01"}]},
            {"change": "c", "points": [{"date": "2025-10-01"}]},
        ],
        "combined": [{"date": "2025-10-01"}, {"date": "2025-10-08"}],
        "notes": [],
        "burnup_notes": [
            "b: no velocity or forecast: all burn-up points are on 2025-10-01",
            "c: no velocity or forecast: all burn-up points are on 2025-10-01",
            "a: all 4 tasks done, so no forecast",
        ],
    }
    ctx = {"history": history, "cycle": None, "decision": {}, "labels": {"a": "Option 1", "b": "Option 2", "c": "Option 3"}}
    assert notes(ctx) == [
        "Lines of content: no option grew or shrank since its first commit (1,366 lines in all).",
        "Burn-up: 2 of 3 options have no trend yet (one day of changes).",
        "Option 1: all 4 tasks done, so no forecast",
    ]


def test_an_empty_chart_is_not_drawn() -> None:
    assert burnup([]) is None
    assert burnup([{"date": "2025-10-01", "done": 1, "total": 4}, {"date": "2025-10-01", "done": 2, "total": 4}]) is None
    drawn = burnup([{"date": "2025-10-01", "done": 1, "total": 4}, {"date": "2025-10-08", "done": 2, "total": 4}])
    assert drawn is not None and "commit date" in drawn and "tasks done" in drawn and 'class="done"' in drawn
    path = {"rank": 1, "name": "Path A", "label": "L", "effort": None, "p50": None, "p80": None}
    assert effort_ranges([path], 60.0) is None
    effort = {"low": 10.0, "mid": 15.0, "high": 20.0, "text": "10–20 h"}
    many = [
        {**path, "rank": n, "effort": effort, "p50": 15.0, "p80": 18.0, "p50_text": "15 h", "p80_text": "18 h"}
        for n in range(1, 30)
    ]
    chart = effort_ranges(many, 60.0)
    assert chart is not None and "budget 60 h" in chart and "effort (hours)" in chart
    assert "12 best-ranked of 29 paths" in chart and chart.count('class="range"') == 12 + 1  # the rows and the legend
    height = float(chart.split('height="', 1)[1].split('"', 1)[0])
    assert height <= 600


def test_only_the_commit_of_the_as_of_line_may_differ() -> None:
    a = "# R\n\n> As of commit `0123456789ab` (2025-10-01).\n\nbody\n"
    assert same_report(a, a.replace("0123456789ab", "ba9876543210").replace("2025-10-01", "2025-11-02"))
    html = "<p>As of commit <code>0123456789ab</code> (2025-10-01).</p>"
    assert same_report(html, html.replace("0123456789ab", "fedcba987654"))
    assert not same_report(a, a.replace("body", "other"))


@given(st.text(alphabet=st.characters(blacklist_characters="*_`[]<>&\\\n\r", blacklist_categories=("Cs",))))
def test_plain_text_skips_the_parse_and_renders_the_same(text: str) -> None:
    from openspec_tool.report.markdown import _parser

    md = _parser()
    assert str(inline(text)) == md.renderer.render(md.parseInline(text, {}), md.options, {}).strip()
