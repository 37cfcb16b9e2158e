"""Inline SVG charts for the HTML report: progress per change, the decision matrix as a heat map, effort ranges
per path (low–high with P50 and P80 marks), and the burn-up line.

Each chart is one `<svg>` with explicit width and height, a `<title>` and `role="img"`; every text it shows is
escaped here, so the result is safe to insert as markup. Coordinates are printed with one decimal: same input,
same bytes. No script, no external reference.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

from openspec_tool.report.text import num

FONT = 'font-family="system-ui, sans-serif" font-size="12"'
GREY, GREEN, BLUE, INK = "#e5e7eb", "#16a34a", "#2563eb", "#111827"


def _f(value: float) -> str:
    return f"{value:.1f}"


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg(key: str, title: str, width: float, height: float, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-{key}" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" role="img" aria-labelledby="chart-{key}-title" {FONT}>'
        f'<title id="chart-{key}-title">{escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _line(x1: float, y1: float, x2: float, y2: float, attrs: str, inner: str = "") -> str:
    head = f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" {attrs}'
    return f"{head}>{inner}</line>" if inner else f"{head}/>"


def _text(x: float, y: float, label: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"{extra}>{escape(label)}</text>'


def progress(changes: list[dict[str, Any]], key: str = "progress") -> Markup:
    """One bar per change: done of total tasks."""
    label_w, bar_w, row_h, top = 300.0, 280.0, 24.0, 8.0
    width, height = label_w + bar_w + 110, top * 2 + row_h * max(len(changes), 1)
    body: list[str] = []
    for n, c in enumerate(changes):
        y = top + n * row_h
        t = c["tasks"]
        filled = bar_w * t["done"] / t["total"] if t["total"] else 0.0
        body.append(_text(0, y + 15, _clip(c["title"], 44)))
        body.append(f'<rect x="{_f(label_w)}" y="{_f(y + 4)}" width="{_f(bar_w)}" height="14" rx="3" fill="{GREY}"/>')
        tip = f"{c['id']}: {t['done']} of {t['total']} tasks done ({t['percent']}%)"
        body.append(
            f'<rect x="{_f(label_w)}" y="{_f(y + 4)}" width="{_f(filled)}" height="14" rx="3" fill="{GREEN}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        body.append(_text(label_w + bar_w + 8, y + 15, f"{t['done']}/{t['total']} ({t['percent']}%)"))
    if not changes:
        body.append(_text(0, top + 15, "no changes"))
    return _svg(key, "Task progress per change", width, height, body)


def _heat(value: float) -> tuple[str, str]:
    """(fill, text colour) on a white → blue scale for a normalised value in [0, 1]."""
    v = min(max(value, 0.0), 1.0)
    r, g, b = (round(a + (z - a) * v) for a, z in ((239, 30), (246, 64), (255, 175)))
    return f"#{r:02x}{g:02x}{b:02x}", ("#ffffff" if v > 0.55 else INK)


def heatmap(rows: list[dict[str, Any]], criteria: list[dict[str, Any]], title: str, key: str) -> Markup:
    """Rows (ranked alternatives) × criteria, each cell coloured by its normalised value; the score last."""
    label_w, cell_w, row_h, head_h = 260.0, 92.0, 26.0, 40.0
    cols = [*criteria, {"id": "_score", "label": "Score"}]
    width, height = label_w + cell_w * len(cols) + 4, head_h + row_h * max(len(rows), 1) + 4
    body: list[str] = []
    for k, c in enumerate(cols):
        x = label_w + k * cell_w + cell_w / 2
        body.append(_text(x, head_h - 18, _clip(c["label"], 13), "middle", ' font-weight="bold" font-size="11"'))
        if "weight_text" in c:
            body.append(_text(x, head_h - 5, f"weight {c['weight_text']}", "middle", ' fill="#6b7280" font-size="10"'))
    for n, r in enumerate(rows):
        y = head_h + n * row_h
        body.append(_text(0, y + 17, _clip(f"{r['rank']}. {r['name']} — {r['label']}", 40)))
        for k, cell in enumerate(r["cells"]):
            fill, ink = _heat(cell["normalised"])
            x = label_w + k * cell_w
            tip = f"{r['name']}, {cell['label']}: value {cell['value_text']}, normalised {cell['normalised_text']}"
            body.append(
                f'<rect x="{_f(x + 1)}" y="{_f(y + 1)}" width="{_f(cell_w - 2)}" height="{_f(row_h - 2)}" fill="{fill}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            body.append(_text(x + cell_w / 2, y + 17, cell["normalised_text"], "middle", f' fill="{ink}"'))
        x = label_w + len(r["cells"]) * cell_w
        body.append(f'<rect x="{_f(x + 1)}" y="{_f(y + 1)}" width="{_f(cell_w - 2)}" height="{_f(row_h - 2)}" fill="#f3f4f6"/>')
        body.append(_text(x + cell_w / 2, y + 17, r["score_text"], "middle", ' font-weight="bold"'))
    return _svg(key, title, width, height, body)


def effort_ranges(paths: list[dict[str, Any]], budget: float | None, key: str = "effort") -> Markup:
    """Per path: its effort range (low–high), a P50 and a P80 mark from the schedule-risk simulation, and the budget."""
    label_w, plot_w, row_h, top, axis_h = 220.0, 420.0, 30.0, 10.0, 26.0
    highs: list[float] = [p["effort"]["high"] for p in paths if p["effort"]] + [p["p80"] or 0.0 for p in paths]
    scale_max: float = max([*highs, budget or 0.0, 1.0]) * 1.08
    width, height = label_w + plot_w + 100, top + row_h * max(len(paths), 1) + axis_h

    def x(hours: float) -> float:
        return label_w + plot_w * hours / scale_max

    body: list[str] = []
    for n, p in enumerate(paths):
        y = top + n * row_h
        body.append(_text(0, y + 18, _clip(f"{p['name']} — {p['label']}", 32)))
        e = p["effort"]
        if e is None:
            body.append(_text(label_w, y + 18, "no effort stated"))
            continue
        tip = f"{p['name']}: {e['text']}, P50 {p['p50_text']}, P80 {p['p80_text']}"
        body.append(
            f'<rect x="{_f(x(e["low"]))}" y="{_f(y + 7)}" width="{_f(max(x(e["high"]) - x(e["low"]), 2.0))}" height="14" '
            f'rx="3" fill="#93c5fd"><title>{escape(tip)}</title></rect>'
        )
        for q, dash in ((p["p50"], ""), (p["p80"], ' stroke-dasharray="3 2"')):
            if q is not None:
                body.append(_line(x(q), y + 3, x(q), y + 25, f'stroke="{INK}" stroke-width="2"{dash}'))
        body.append(_text(x(e["high"]) + 6, y + 18, e["text"]))
    base = top + row_h * max(len(paths), 1)
    body.append(_line(label_w, base, label_w + plot_w, base, 'stroke="#9ca3af"'))
    step = _step(scale_max)
    tick = 0.0
    while tick <= scale_max:
        body.append(_text(x(tick), base + 16, f"{num(tick)} h", "middle", ' fill="#6b7280"'))
        tick += step
    if budget:
        tip = f"<title>{escape(f'budget {num(budget)} h')}</title>"
        body.append(_line(x(budget), top, x(budget), base, 'stroke="#dc2626" stroke-dasharray="5 3"', tip))
    return _svg(key, "Effort per path: range, P50 (solid) and P80 (dashed) marks, budget (red)", width, height, body)


def _step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000):
        if span / step <= 8:
            return float(step)
    return span / 8


def burnup(points: list[dict[str, Any]], key: str = "burnup") -> Markup:
    """Done and total tasks over time (one point per date with a commit that changed a tasks.md)."""
    left, plot_w, plot_h, top = 50.0, 560.0, 200.0, 12.0
    width, height = left + plot_w + 130, top + plot_h + 40
    body: list[str] = []
    if not points:
        body.append(_text(left, top + 20, "no history: no commits of a tasks.md"))
        return _svg(key, "Burn-up", width, height, body)
    days = [date.fromisoformat(p["date"]).toordinal() for p in points]
    d0, span = days[0], max(days[-1] - days[0], 1)
    ymax = max(max(p["total"] for p in points), 1)

    def xy(n: int, value: int) -> str:
        x = left + (plot_w * (days[n] - d0) / span if len(points) > 1 else plot_w / 2)
        return f"{_f(x)},{_f(top + plot_h - plot_h * value / ymax)}"

    body.append(_line(left, top + plot_h, left + plot_w, top + plot_h, 'stroke="#9ca3af"'))
    body.append(_line(left, top, left, top + plot_h, 'stroke="#9ca3af"'))
    body.append(_text(left - 6, top + 10, str(ymax), "end", ' fill="#6b7280"'))
    body.append(_text(left - 6, top + plot_h, "0", "end", ' fill="#6b7280"'))
    body.append(_text(left, top + plot_h + 18, points[0]["date"], "start", ' fill="#6b7280"'))
    if len(points) > 1:
        body.append(_text(left + plot_w, top + plot_h + 18, points[-1]["date"], "end", ' fill="#6b7280"'))
    for field, colour, dash in (("total", "#6b7280", ' stroke-dasharray="6 3"'), ("done", GREEN, "")):
        coords = " ".join(xy(n, p[field]) for n, p in enumerate(points))
        body.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for n, p in enumerate(points):
            cx, cy = xy(n, p[field]).split(",")
            tip = f"{p['date']}: {p['done']} of {p['total']} tasks done"
            body.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"><title>{escape(tip)}</title></circle>')
    last = points[-1]
    body.append(_text(left + plot_w + 8, top + 14, f"total {last['total']}", "start", ' fill="#6b7280"'))
    body.append(_text(left + plot_w + 8, top + 32, f"done {last['done']}", "start", f' fill="{GREEN}"'))
    return _svg(key, "Burn-up: tasks done (solid) and total scope (dashed) over time", width, height, body)


def charts(ctx: dict[str, Any]) -> dict[str, Markup]:
    """Every chart the HTML template may show, from the context (absent parts give no chart)."""
    out: dict[str, Markup] = {"progress": progress(ctx["scope"] or ctx["workspace"]["changes"])}
    if len(ctx["scope"]) != len(ctx["workspace"]["changes"]):
        out["progress_all"] = progress(ctx["workspace"]["changes"], "progress-all")
    d = ctx["decision"]
    if d is not None:
        out["heatmap_paths"] = heatmap(
            d["paths_ranked"], d["criteria"], "Decision matrix: paths (normalised 0–1, ranked)", "heat-paths"
        )
        out["heatmap_options"] = heatmap(
            d["options_ranked"], d["criteria"], "Decision matrix: options (normalised 0–1, ranked)", "heat-options"
        )
        out["effort"] = effort_ranges(d["paths"], d["budget_hours"])
    h = ctx["history"]
    if h is not None and h["available"]:
        out["burnup"] = burnup(h["combined"])
    return out
