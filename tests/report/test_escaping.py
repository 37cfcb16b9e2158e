"""Proposal text cannot inject markup: escaped in HTML, kept inside its cell and tag-free in Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
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
    edit(
        proposal, "2. **Bench** — a benchmark", "2. **Bench** — a [benchmark](javascript:alert(4)) ![x](https://e.example/t.png)"
    )
    links = "[benchmark](docs/bench.md), [spec](HTTPS://e.example/s) [x](data:text/html,1)"
    edit(proposal, "on the [benchmark](docs/bench.md)", f"on the {links}")


def test_html_escapes_proposal_text(tiny: Path, cli: Cli, tmp_path: Path) -> None:
    _inject(tiny)
    target = tmp_path / "r.html"
    code, _, err = cli("report", "--format", "html", "-o", str(target), "--root", str(tiny))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    # Proposal Markdown is rendered (bold, code, safe links) with HTML in the source shown as text.
    assert "<strong>Cache</strong> — an &lt;a href=&quot;javascript:alert(3)&quot;&gt;in-process&lt;/a&gt;" in html
    assert "<strong>Bench</strong> — a benchmark x" in html  # the javascript: link and the image keep only their text
    assert '<a href="docs/bench.md" rel="noopener noreferrer">benchmark</a>' in html
    assert '<a href="HTTPS://e.example/s" rel="noopener noreferrer">spec</a> x' in html  # data: dropped
    assert "<code>widget_cache_hits</code>" in html
    assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace("&quot;javascript:", "")
    assert "data:text" not in html


def test_markdown_keeps_proposal_text_in_its_cell(tiny: Path, cli: Cli) -> None:
    _inject(tiny)
    code, doc, err = cli("report", "-o", "-", "--no-history", "--root", str(tiny))
    assert code == 0, err
    assert "<script" not in doc and "<img" not in doc
    assert doc.startswith("# Widget plan\n")  # the decision's title: nothing hard-coded
    row = _row(_section(doc, "The Options"), "–")  # no number of its own: none made up from its place in the list
    assert len(row) == 7  # the pipe in the focus did not add a column
    assert row[1] == "Alpha &lt;script>alert(1)&lt;/script> Widgets (`alpha`)"
    assert row[6] == "Make widgets &lt;img src=x onerror=alert(2)> fast \\| with a cache"
    delivers = _section(doc, "What Each Option Delivers")
    # A link to javascript: is reduced to its text; an image from https stays (GitHub proxies it).
    assert "- **Bench** — a benchmark ![x](https://e.example/t.png) with" in delivers
    assert "on the [benchmark](docs/bench.md), [spec](HTTPS://e.example/s) x." in delivers
    assert "javascript:" not in doc.replace('&lt;a href="javascript:alert(3)">', "") and "data:" not in doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[a](javascript:alert(1))", "a"),
        ("[a](JaVaScRiPt:alert(1))", "a"),
        ("[a](java&#115;cript&colon;x)", "a"),
        ("[a](<javascript:x>)", "a"),
        ("[a](vbscript:x 'title')", "a"),
        ("![alt](data:image/png;base64,xx)", "alt"),
        ("[a](file:///etc/passwd)", "a"),
        ("[a](javascript:x(y)", "[a]\\(javascript:x(y)"),  # unbalanced: the link syntax is broken instead
        ("[r]: javascript:alert(1)", "\\[r]: javascript:alert(1)"),
        ("[a](https://e.example/x) [b](mailto:x@e.example) [c](../x.md#y) [d](#top)", None),
    ],
)
def test_markdown_links_are_neutralised(text: str, expected: str | None) -> None:
    assert md_inline(text) == (text if expected is None else expected)


def test_filters() -> None:
    assert md_cell("a | b\nc") == "a \\| b c"
    assert md_cell("a\\|b") == "a\\\\\\|b"  # a\|b: the backslash stays literal, the pipe too
    assert md_inline("x <b>y</b>") == "x &lt;b>y&lt;/b>"


@given(st.text())
def test_markdown_text_is_one_line_without_tags(text: str) -> None:
    inline, cell = md_inline(text), md_cell(text)
    if "](" not in text and "]:" not in text:  # no link to judge
        assert inline == " ".join(text.split()).replace("<", "&lt;")
    assert "\n" not in cell and "<" not in cell
    # Every pipe is escaped: preceded by an odd number of backslashes (GFM would otherwise end the cell).
    for match in re.finditer(r"(\\*)\|", cell):
        assert len(match.group(1)) % 2 == 1, cell
