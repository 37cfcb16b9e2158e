"""The decision statement, ties and the goal-based guide in the decision document (Markdown and HTML), an option that
is not a change folder, and no "a margin of 0.000 … robust" for a tie."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import write_tree

Cli = Callable[..., tuple[int, str, str]]
PROPOSAL = "# {title}\n\n**Effort**: {effort}\n**Timeline**: 1 week\n\n## Why\nBecause it matters.\n"
DECISION = """id: pick
title: Which first
question: Which one first?
options:
  - alpha
  - beta
  - {id: gamma, title: "Gamma <b>bold</b>", effort: 30-40h, timeline: 2 weeks}
criteria:
  - {id: effort, label: Effort (hours), direction: cost, weight: 1, source: effort}
  - {id: value, label: Value, direction: benefit, weight: 1}
scores:
  alpha: {value: 1}
  beta: {value: 2}
  gamma: {value: 3}
paths:
  - {id: A, name: Alpha alone, options: [alpha]}
  - {id: B, name: Beta alone, options: [beta]}
constraints: {budget_hours: 25}
"""


def _ws(tmp_path: Path) -> Path:
    # alpha 10 h value 1, beta 20 h value 2: normalised among the paths (1, 0) and (0, 1), 0.5 each — a tie.
    return write_tree(
        tmp_path,
        {
            "openspec/changes/alpha/proposal.md": PROPOSAL.format(title="Alpha", effort="10 hours"),
            "openspec/changes/beta/proposal.md": PROPOSAL.format(title="Beta", effort="20 hours"),
            "openspec/decisions/pick.yaml": DECISION,
        },
    )


def _section(doc: str, title: str) -> str:
    start = doc.index(f"## {title}\n")
    end = doc.find("\n## ", start + 1)
    return doc[start : end if end != -1 else None]


def test_markdown_sections(tmp_path: Path, cli: Cli) -> None:
    ws = _ws(tmp_path)
    code, doc, err = cli("report", "-o", "-", "--no-history", cwd=ws)
    assert code == 0, err
    titles = re.findall(r"^## (.+)$", doc, re.M)
    assert titles[:5] == ["Summary", "Decision Statement", "Recommendation", "Ties", "If One Criterion Matters Most"]
    statement = _section(doc, "Decision Statement")
    assert "Path A (Alpha alone) and Path B (Beta alone) tie at 0.500 (equal to 1e-9): choose between them" in statement
    recommendation = _section(doc, "Recommendation")
    assert "### Paths: a tie" in recommendation and "margin" not in recommendation.split("### Best single option")[0]
    assert "robust" not in recommendation.split("### Best single option")[0]
    ties = _section(doc, "Ties")
    assert "- **Paths**: Path A (Alpha alone) and Path B (Beta alone) tie at 0.500 (equal to 1e-9): no path leads" in ties
    assert statement.count("this path") == 0 and "not in it" not in statement  # a tie has no "it" to compare with
    guide = _section(doc, "If One Criterion Matters Most")
    assert "| Effort (hours) | Path A | Alpha |" in guide
    assert "| Value | Path B | Beta; Gamma &lt;b>bold&lt;/b> would win but is over the budget |" in guide
    assert "no findings" in _section(doc, "Summary")  # gamma is an option, with its facts inline: not unknown
    # The option over the 25 h budget (30-40 h) is named as such, and it is an inline option, not a change folder.
    assert "Gamma &lt;b>bold&lt;/b> at 30–40 h" in recommendation
    options = _section(doc, "The Options")
    assert "(`gamma`, inline)" in options and "| no |" in options
    assert "| – |" in options  # the # column: no option carries a number of its own
    summary = _section(doc, "Summary")
    assert "a tie with Path B (Beta alone): see Ties" in summary


def test_html_has_the_same_sections(tmp_path: Path, cli: Cli) -> None:
    ws = _ws(tmp_path)
    target = tmp_path / "r.html"
    code, _, err = cli("report", "--format", "html", "-o", str(target), "--no-history", cwd=ws)
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    ids = re.findall(r'<section id="([a-z]+)"', html)
    assert ids[:5] == ["summary", "statement", "recommendation", "ties", "guide"]
    assert '<p class="statement">Path A (Alpha alone) and Path B (Beta alone) tie at 0.500' in html
    assert "Gamma &lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
