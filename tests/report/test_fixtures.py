"""Every template on the two small fixture workspaces: a decision of two options, and changes with no decision."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

from tests.report.test_ours import _row, _section

Cli = Callable[..., tuple[int, str, str]]
Context = Callable[..., dict[str, Any]]


def test_tiny_context(tiny: Path, context: Context) -> None:
    ctx = context(tiny)
    d = ctx["decision"]
    # `alpha` and `beta` carry no option number: they are named by their titles, never "Option 1" for first in the list.
    assert [(o["name"], o["number"], o["label"], o["rank"], o["score_text"]) for o in d["options"]] == [
        ("Alpha Widgets", None, "Alpha Widgets", 1, "0.600"),
        ("Beta Gadgets", None, "Beta Gadgets", 2, "0.400"),
    ]
    a, b = d["paths"]
    assert (a["effort"]["text"], a["timeline"]["text"], a["fits_budget"]) == ("4–6 h", "1 week", True)
    assert (b["effort"]["text"], b["timeline"]["text"], b["fits_budget"]) == ("12–18 h", "2–3 weeks", False)
    assert b["includes"] == "Alpha Widgets + Beta Gadgets"
    alpha = d["options"][0]["change"]
    assert alpha["tasks"] == {"total": 4, "done": 1, "open": 3, "percent": 25, "bar": "█████░░░░░░░░░░░░░░░"}
    assert [t["id"] for t in alpha["ready"]] == ["1.2"]
    assert alpha["critical_path"]["ids"] == ["1.2", "1.3", "2.1"]
    assert alpha["critical_path"]["estimate"]["text"] == "3.5–4.5 h"
    assert alpha["estimate"]["text"] == "4.5–5.5 h"
    assert alpha["focus"] == "Make widgets fast with a cache"  # one phrase
    assert alpha["scope"] == [
        {
            "name": "Cache",
            "detail": "an in-process widget cache.",
            "text": "Cache — an in-process widget cache.",
            "source": "**Cache** — an in-process widget cache.",
        },
        {
            "name": "Bench",
            "detail": "a benchmark with a recorded baseline.",
            "text": "Bench — a benchmark with a recorded baseline.",
            "source": "**Bench** — a benchmark with a recorded baseline.",
        },
    ]
    assert d["options"][1]["change"]["title"] == "Beta Gadgets"  # `# Change: Beta Gadgets` loses its prefix
    outcomes = d["options"][0]["outcomes"]
    assert outcomes["metrics"] == [{"name": "Widget latency (ms)", "current": "100", "target": "50", "change": "-50%"}]
    assert outcomes["criteria_source"] == "Success Criteria"
    assert outcomes["criteria"] == [  # checkboxes removed, Markdown kept
        "p95 widget latency is under **50 ms** on the [benchmark](docs/bench.md).",
        "The cache hit rate is reported (`widget_cache_hits`).",
    ]
    assert d["options"][1]["outcomes"] == {"criteria": [], "criteria_source": None, "metrics": []}
    assert [(g["title"], g["done"], g["total"]) for g in alpha["task_groups"]] == [("1. Build", 1, 3), ("2. Ship", 0, 1)]
    quality = {r["aspect"]: (r["text"], r["cells"]) for r in ctx["quality"]["rows"]}
    assert quality == {
        "Why": ("100% (2/2)", [True, True]),
        "Scope": ("100% (2/2)", [True, True]),
        "Impact": ("50% (1/2)", [True, False]),
    }
    assert ctx["quality"]["source"] == "decision file"
    assert [f["code"] for f in ctx["findings"]] == ["missing-section"]
    rec = d["recommendation"]["path"]
    # Path B (12-18 h) is over the 15 h budget: A is the only path that may be taken, so nothing is said of a margin or
    # a robustness against B.
    assert (rec["name"], rec["runner_up_name"], rec["margin_text"], rec["robustness"]) == ("Path A", None, "–", None)
    assert rec["robustness_text"] == "the only path within the budget"
    assert [p["id"] for p in d["recommendation"]["over_budget_paths"]] == ["B"]
    statement = d["recommendation"]["statement"]["text"]
    assert statement.startswith("Choose Path A (Alpha only): Alpha Widgets, 4–6 h, within the 15 h budget even at its high")
    assert d["recommendation"]["budget_sentence"] == "Path A fits the 15 h budget even at its high estimate (4–6 h; P80 5 h)."
    assert d["pareto"]["dominated_paths"] == [] and d["pareto"]["dominated_options"] == []
    assert [s["command"] for s in ctx["next_steps"]] == [
        "openspec check",
        "openspec decide choice",
        "openspec decide choose A --decision choice --yes",
        "openspec next alpha",
        "openspec tasks alpha --graph",
        "openspec report choice",
    ]
    assert [s["id"] for s in ctx["sections"]] == [
        "summary", "statement", "recommendation", "guide", "options", "paths", "matrix", "outcomes", "progress", "quality",
        "findings", "next", "notes",
    ]  # fmt: skip
    assert ctx["notes"] == ["History is left out of this report (`history: false` or `--no-history`)."]


def test_tiny_markdown(tiny: Path, cli: Cli) -> None:
    code, doc, err = cli("report", "-o", "-", "--root", str(tiny))
    assert code == 0, err
    assert doc.startswith("# Widget plan\n") and "Phase 2" not in doc
    assert _row(_section(doc, "Implementation Paths"), "B")[3:5] == ["12–18 h", "2–3 weeks"]
    assert _row(_section(doc, "Proposal Quality"), "Impact") == ["Impact", "✓", "–", "50% (1/2)"]
    # Proposal text with a pipe stays inside its cell.
    assert "| Make widgets fast with a cache |" in _section(doc, "The Options")
    delivers = _section(doc, "What Each Option Delivers")
    assert "- **Cache** — an in-process widget cache." in delivers
    assert "| Widget latency (ms) | 100 | 50 | -50% |" in delivers
    assert "**Success criteria**\n\n- p95 widget latency is under **50 ms** on the [benchmark](docs/bench.md).\n" in delivers
    # Outside git, history cannot be computed: one note says so, and no history section is drawn.
    assert "## History" not in doc and "## Since" not in doc
    assert _section(doc, "Notes").strip() == (
        "- not a git repository: no history (initial lines and burn-ups need git); current lines read the working tree"
    )
    assert "(moderate)" not in doc and "(fragile)" not in doc and "Pareto set" not in doc


def test_sections_are_the_same_in_markdown_and_html(tiny: Path, plain: Path, cli: Cli, tmp_path: Path) -> None:
    for root, name in ((tiny, "choice"), (plain, "status")):
        code, doc, err = cli("report", name, "-o", "-", "--root", str(root))
        assert code == 0, err
        page = tmp_path / f"{name}.html"
        code, _, err = cli("report", name, "--format", "html", "-o", str(page), "--root", str(root))
        assert code == 0, err
        html = page.read_text(encoding="utf-8")
        md_titles = re.findall(r"^## (.+)$", doc, re.M)
        html_titles = [unescape(t) for t in re.findall(r"<section id=\"[\w-]+\">\n<h2>(.+?)</h2>", html)]
        toc = [unescape(t) for t in re.findall(r'<li><a href="#[\w-]+">(.+?)</a></li>', html)]
        assert md_titles == html_titles == toc and len(md_titles) >= 6


def test_plain_status(plain: Path, cli: Cli, context: Context) -> None:
    code, doc, err = cli("report", "--no-history", "--root", str(plain))  # no decision file: the default is the status
    assert code == 0, err
    assert doc.startswith("# Status\n")
    assert "**3 active changes** · **2/5 tasks done** (40%)" in doc
    summary = _section(doc, "Summary")
    assert _row(summary, "no-tasks")[1:3] == ["1", "0/0"] and _row(summary, "in-progress")[1:3] == ["1", "0/3"]
    assert _row(summary, "complete")[1:3] == ["1", "2/2"]
    assert _row(summary, "no tasks yet")[1:] == ["1", "33%"] and _row(summary, "done (100%)")[1:] == ["1", "33%"]
    assert "## Most Open Work" not in doc  # three changes: the table of every change says it all
    assert _row(_section(doc, "Every Change"), "Gamma Loop (`gamma`)")[3:6] == ["3", "0", "cycle: 1.1 → 1.2 → 1.1"]
    details = _section(doc, "Change Details")
    gamma = details.split("### Gamma Loop\n", 1)[1]
    assert "Dependencies: cycle: 1.1 → 1.2 → 1.1" in gamma
    assert "- [ ] 1.3 Independent (2 h)" in gamma
    assert "No tasks yet." in details.split("### Delta Draft\n", 1)[1].split("###", 1)[0]
    assert "All tasks are done." in details.split("### Epsilon Done\n", 1)[1].split("###", 1)[0]
    assert "## Planning Findings" in doc and "[dependency-cycle]" in doc
    ctx = context(plain, "status")
    assert ctx["decision"] is None
    assert ctx["quality"]["source"] == "openspec/config.yaml"
    assert [r["text"] for r in ctx["quality"]["rows"]] == ["100% (3/3)", "67% (2/3)"]
    assert ctx["workspace"]["totals"]["stages"] == {"complete": 1, "in-progress": 1, "no-tasks": 1}


def test_plain_html_and_a_decision_report_needs_a_decision(plain: Path, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "status.html"
    code, _, err = cli("report", "status", "--format", "html", "-o", str(target), "--root", str(plain))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert 'class="bar"' in html and 'class="heat' not in html and "<svg" not in html  # no chart with nothing to draw
    code, _, err = cli("report", "decision", "-o", "-", "--root", str(plain))
    assert code == 2
    assert "no decision file" in err and err.count("\n") == 1


def test_tiny_html_has_every_chart(tiny: Path, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    code, _, err = cli("report", "--format", "html", "-o", str(target), "--root", str(tiny))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert 'id="chart-effort"' in html and html.count('<table class="heat wide">') == 2
    assert 'id="chart-burnup"' not in html  # outside git: no burn-up to draw
    assert "<script" not in html.lower()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "Content-Security-Policy" in html
    assert "<title>Widget plan</title>" in html
