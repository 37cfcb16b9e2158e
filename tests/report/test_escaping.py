"""Proposal text cannot inject markup: escaped in HTML, kept inside its cell and tag-free in Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from openspec_tool.report.text import md_cell, md_inline
from tests.report.conftest import edit
from tests.report.test_ours import _row, _section

Cli = Callable[..., tuple[int, str, str]]
INJECTED = "<script>alert(1)</script>"


def _inject(root: Path) -> None:
    proposal = root / "openspec/changes/alpha/proposal.md"
    edit(proposal, "# Alpha Widgets", f"# Alpha {INJECTED} Widgets")
    edit(proposal, "Make widgets fast with a cache.", "Make widgets <img src=x onerror=alert(2)> fast | with a cache.")
    edit(proposal, "1. **Cache** — an in-process", '1. **Cache** — an <a href="javascript:alert(3)">in-process</a>')


def test_html_escapes_proposal_text(tiny: Path, cli: Cli, tmp_path: Path) -> None:
    _inject(tiny)
    target = tmp_path / "r.html"
    code, _, err = cli("report", "--format", "html", "-o", str(target), "--root", str(tiny))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;a href=&#34;javascript:alert(3)&#34;&gt;" in html
    assert "<script" not in html and "<img" not in html and "<a " not in html
    # The SVG charts escape their own text too (the title is a chart label).
    assert "Alpha &lt;script&gt;" in html.split('id="chart-progress"', 1)[1].split("</svg>", 1)[0]


def test_markdown_keeps_proposal_text_in_its_cell(tiny: Path, cli: Cli) -> None:
    _inject(tiny)
    code, doc, err = cli("report", "-o", "-", "--no-history", "--root", str(tiny))
    assert code == 0, err
    assert "<script" not in doc and "<img" not in doc
    assert "# Phase 2 Starter: Widget plan" in doc
    row = _row(_section(doc, "The Options"), "1")
    assert len(row) == 7  # the pipe in the focus did not add a column
    assert row[1] == "Alpha &lt;script>alert(1)&lt;/script> Widgets (`alpha`)"
    assert row[6] == "Make widgets &lt;img src=x onerror=alert(2)> fast \\| with a cache."


def test_filters() -> None:
    assert md_cell("a | b\nc") == "a \\| b c"
    assert md_cell("a\\|b") == "a\\\\\\|b"  # a\|b: the backslash stays literal, the pipe too
    assert md_inline("x <b>y</b>") == "x &lt;b>y&lt;/b>"


@given(st.text())
def test_markdown_text_is_one_line_without_tags(text: str) -> None:
    inline, cell = md_inline(text), md_cell(text)
    assert inline == " ".join(text.split()).replace("<", "&lt;")
    assert "\n" not in cell and "<" not in cell
    # Every pipe is escaped: preceded by an odd number of backslashes (GFM would otherwise end the cell).
    for match in re.finditer(r"(\\*)\|", cell):
        assert len(match.group(1)) % 2 == 1, cell
