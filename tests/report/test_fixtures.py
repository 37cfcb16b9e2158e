"""Every template on the two small fixture workspaces: a decision of two options, and changes with no decision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.report.test_ours import _row, _section

Cli = Callable[..., tuple[int, str, str]]
Context = Callable[..., dict[str, Any]]


def test_tiny_context(tiny: Path, context: Context) -> None:
    ctx = context(tiny)
    d = ctx["decision"]
    assert [(o["name"], o["label"], o["rank"], o["score_text"]) for o in d["options"]] == [
        ("Option 1", "Alpha Widgets", 1, "0.600"),
        ("Option 2", "Beta Gadgets", 2, "0.400"),
    ]
    a, b = d["paths"]
    assert (a["effort"]["text"], a["timeline"]["text"], a["fits_budget"]) == ("4–6 h", "1 week", True)
    assert (b["effort"]["text"], b["timeline"]["text"], b["fits_budget"]) == ("12–18 h", "2–3 weeks", False)
    assert b["includes"] == "Option 1 (Alpha Widgets) + Option 2 (Beta Gadgets)"
    alpha = d["options"][0]["change"]
    assert alpha["tasks"] == {"total": 4, "done": 1, "open": 3, "percent": 25, "bar": "█████░░░░░░░░░░░░░░░"}
    assert [t["id"] for t in alpha["ready"]] == ["1.2"]
    assert alpha["critical_path"]["ids"] == ["1.2", "1.3", "2.1"]
    assert alpha["critical_path"]["estimate"]["text"] == "3.5–4.5 h"
    assert alpha["estimate"]["text"] == "4.5–5.5 h"
    assert alpha["focus"] == "Make widgets fast with a cache."
    assert alpha["scope"] == [
        {"name": "Cache", "detail": "an in-process widget cache.", "text": "Cache — an in-process widget cache."},
        {
            "name": "Bench",
            "detail": "a benchmark with a recorded baseline.",
            "text": "Bench — a benchmark with a recorded baseline.",
        },
    ]
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
    assert (rec["name"], rec["runner_up_name"], rec["margin_text"], rec["robustness"]) == ("Path A", "Path B", "0.200", "fragile")
    assert [s["command"] for s in ctx["next_steps"]] == [
        "openspec check",
        "openspec decide choice",
        "openspec decide choose A --decision choice --yes",
        "openspec next alpha",
        "openspec tasks alpha --graph",
        "openspec report phase-2-starter",
    ]


def test_tiny_markdown(tiny: Path, cli: Cli) -> None:
    code, doc, err = cli("report", "-o", "-", "--root", str(tiny))
    assert code == 0, err
    assert _row(_section(doc, "Implementation Paths"), "B")[3:5] == ["12–18 h", "2–3 weeks"]
    assert _row(_section(doc, "Proposal Quality"), "Impact") == ["Impact", "✓", "–", "50% (1/2)"]
    # Proposal text with a pipe stays inside its cell.
    assert "| Make widgets fast with a cache. |" in _section(doc, "The Options")
    assert "- **Cache** — an in-process widget cache." in doc
    # Outside git, history cannot be computed: the report says so instead of failing.
    lines = _section(doc, "Lines of Content")
    assert "not a git repository" in lines


def test_plain_status(plain: Path, cli: Cli, context: Context) -> None:
    code, doc, err = cli("report", "--no-history", "--root", str(plain))  # no decision file: the default is the status
    assert code == 0, err
    assert doc.startswith("# Status\n")
    assert "**3 active change(s)** · **2/5 tasks done** (40%) · 1 complete, 2 draft" in doc
    gamma = _section(doc, "Gamma Loop")
    assert "Dependencies: cycle: 1.1 → 1.2 → 1.1" in gamma
    assert "- [ ] 1.3 Independent (2 h)" in gamma
    assert "No tasks yet." in _section(doc, "Delta Draft")
    assert "All tasks are done." in _section(doc, "Epsilon Done")
    assert "## Planning findings" in doc and "[dependency-cycle]" in doc
    ctx = context(plain, "status")
    assert ctx["decision"] is None
    assert ctx["quality"]["source"] == "openspec/config.yaml"
    assert [r["text"] for r in ctx["quality"]["rows"]] == ["100% (3/3)", "67% (2/3)"]
    assert ctx["workspace"]["totals"]["stages"] == {"complete": 1, "draft": 2}


def test_plain_html_and_phase2_needs_a_decision(plain: Path, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "status.html"
    code, _, err = cli("report", "status", "--format", "html", "-o", str(target), "--root", str(plain))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert 'id="chart-progress"' in html and "heat-paths" not in html
    code, _, err = cli("report", "phase-2-starter", "-o", "-", "--root", str(plain))
    assert code == 2
    assert "no decision file" in err and err.count("\n") == 1


def test_tiny_html_has_every_chart(tiny: Path, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    code, _, err = cli("report", "--format", "html", "-o", str(target), "--root", str(tiny))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    for chart in ("chart-progress", "chart-heat-paths", "chart-heat-options", "chart-effort"):
        assert f'id="{chart}"' in html
    assert "<script" not in html.lower()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "Content-Security-Policy" in html
