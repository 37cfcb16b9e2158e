"""Inline SVG charts for the HTML report: effort ranges per path (low–high, P50 and P80 marks, the budget) and the
burn-up line. Progress bars and the decision matrix's heat map are HTML (they reflow on a phone); these two need
axes.

Each chart is one `<svg>` with a width, a height, a `<title>`, `role="img"`, a visible legend and axis titles with
units. Every text and line carries a class (`ink`, `muted`, `axis`, …) that the page's stylesheet colours for
light and dark mode, and an explicit fill or stroke for viewers without it. Every text is escaped here, so the
result is safe to insert as markup. Heights are capped (`MAX_ROWS`); coordinates are printed with one decimal:
same input, same bytes. No script, no external reference.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

from openspec_tool.report.text import num

FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12"'
INK, MUTED, RULE, RANGE, DONE, BUDGET = "#111827", "#4b5563", "#9ca3af", "#93c5fd", "#16a34a", "#dc2626"
MAX_ROWS = 12  # paths drawn; the rest are in the table below the chart
WIDTH = 640.0


def _f(value: float) -> str:
    return f"{value:.1f}"


def _wrap(label: str, chars: int, lines: int = 2) -> list[str]:
    """Words on at most `lines` lines of about `chars` characters; the last one cut with "…" when needed."""
    out: list[str] = []
    words = label.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= chars:
            line += " " + words.pop(0)
        out.append(line)
    if words or (out and len(out[-1]) > chars):
        last = out[-1] if len(out[-1]) < chars else out[-1][: chars - 1]
        out[-1] = last.rstrip() + "…"
    return out or [""]


def _svg(key: str, title: str, height: float, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-{key}" width="{_f(WIDTH)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(WIDTH)} {_f(height)}" role="img" aria-labelledby="chart-{key}-title" {FONT}>'
        f'<title id="chart-{key}-title">{escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _line(x1: float, y1: float, x2: float, y2: float, cls: str, colour: str, extra: str = "", tip: str = "") -> str:
    head = f'<line class="{cls}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{colour}"{extra}'
    return f"{head}><title>{escape(tip)}</title></line>" if tip else f"{head}/>"


def _text(x: float, y: float, label: str, cls: str = "ink", anchor: str = "start", extra: str = "") -> str:
    fill = MUTED if cls == "muted" else BUDGET if cls == "budget" else DONE if cls == "done" else INK
    return f'<text class="{cls}" x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" fill="{fill}"{extra}>{escape(label)}</text>'


def _lines(x: float, y: float, lines: list[str], cls: str = "ink") -> str:
    """Stacked lines of text from baseline `y` (14 px apart)."""
    spans = "".join(f'<tspan x="{_f(x)}" dy="{0 if n == 0 else 14}">{escape(t)}</tspan>' for n, t in enumerate(lines))
    return f'<text class="{cls}" x="{_f(x)}" y="{_f(y)}" fill="{INK}">{spans}</text>'


def _legend(y: float, items: list[tuple[str, str]]) -> list[str]:
    """Swatch + label pairs on one row: (swatch markup at (0, 0)…(18, 10), label)."""
    out, x = [], 0.0
    for swatch, label in items:
        out.append(f'<g transform="translate({_f(x)},{_f(y - 9)})">{swatch}</g>')
        out.append(_text(x + 24, y, label, "muted"))
        x += 24 + 7 * len(label) + 18
    return out


def _step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if span / step <= 6:
            return float(step)
    return span / 6


def effort_ranges(paths: list[dict[str, Any]], budget: float | None, key: str = "effort") -> Markup | None:
    """Per path (best-ranked first, at most MAX_ROWS): its effort range, P50 and P80 marks, and the budget line.
    None when no path states an effort (an empty chart is not drawn)."""
    drawn = [p for p in sorted(paths, key=lambda p: p["rank"]) if p["effort"]][:MAX_ROWS]
    if not drawn:
        return None
    label_w, plot_w, row_h, top = 190.0, 330.0, 36.0, 44.0
    highs = [p["effort"]["high"] for p in drawn] + [p["p80"] or 0.0 for p in drawn]
    scale_max: float = max([*highs, budget or 0.0, 1.0]) * 1.08
    base = top + row_h * len(drawn)
    height = base + 46

    def x(hours: float) -> float:
        return label_w + plot_w * hours / scale_max

    body = _legend(
        14,
        [
            (f'<rect class="range" width="18" height="10" rx="2" fill="{RANGE}"/>', "effort range (low–high)"),
            (_line(9, -2, 9, 12, "mark", INK, ' stroke-width="2"'), "P50"),
            (_line(9, -2, 9, 12, "mark", INK, ' stroke-width="2" stroke-dasharray="3 2"'), "P80"),
        ]
        + ([(_line(9, -2, 9, 12, "budget", BUDGET, ' stroke-width="2" stroke-dasharray="5 3"'), "budget")] if budget else []),
    )
    for n, p in enumerate(drawn):
        y = top + n * row_h
        body.append(_lines(0, y + 14, _wrap(f"{p['name']} — {p['label']}", 26)))
        e = p["effort"]
        tip = f"{p['name']} ({p['label']}): {e['text']}, P50 {p['p50_text']}, P80 {p['p80_text']}"
        body.append(
            f'<rect class="range" x="{_f(x(e["low"]))}" y="{_f(y + 8)}" width="{_f(max(x(e["high"]) - x(e["low"]), 2.0))}" '
            f'height="14" rx="3" fill="{RANGE}"><title>{escape(tip)}</title></rect>'
        )
        for q, dash in ((p["p50"], ""), (p["p80"], ' stroke-dasharray="3 2"')):
            if q is not None:
                body.append(_line(x(q), y + 4, x(q), y + 26, "mark", INK, f' stroke-width="2"{dash}'))
        body.append(_text(x(e["high"]) + 6, y + 19, e["text"]))
    body.append(_line(label_w, base, label_w + plot_w, base, "axis", RULE))
    step, tick = _step(scale_max), 0.0
    while tick <= scale_max:
        body.append(_line(x(tick), base, x(tick), base + 4, "axis", RULE))
        body.append(_text(x(tick), base + 16, num(tick), "muted", "middle"))
        tick += step
    body.append(_text(label_w + plot_w / 2, base + 36, "effort (hours)", "muted", "middle"))
    if budget:
        body.append(_line(x(budget), top - 6, x(budget), base, "budget", BUDGET, ' stroke-width="2" stroke-dasharray="5 3"'))
        body.append(_text(x(budget), top - 10, f"budget {num(budget)} h", "budget", "middle"))
    title = "Effort per path in hours: range, P50 and P80 of the schedule simulation" + (", budget" if budget else "")
    if len(drawn) < len(paths):
        title += f" ({len(drawn)} best-ranked of {len(paths)} paths)"
    return _svg(key, title, height, body)


def burnup(points: list[dict[str, Any]], key: str = "burnup") -> Markup | None:
    """Done and total tasks over time (a point per date with a commit that changed a tasks.md). None before there
    are two dates: one day is no trend, and an empty chart is not drawn."""
    if len({p["date"] for p in points}) < 2:
        return None
    left, plot_w, plot_h, top = 56.0, 470.0, 190.0, 36.0
    height = top + plot_h + 52
    days = [date.fromisoformat(p["date"]).toordinal() for p in points]
    d0, span = days[0], max(days[-1] - days[0], 1)
    ymax = max(max(p["total"] for p in points), 1)

    def xy(n: int, value: int) -> tuple[float, float]:
        return left + plot_w * (days[n] - d0) / span, top + plot_h - plot_h * value / ymax

    body = _legend(
        14,
        [
            (_line(0, 5, 18, 5, "done", DONE, ' stroke-width="2"'), "tasks done"),
            (_line(0, 5, 18, 5, "total", MUTED, ' stroke-width="2" stroke-dasharray="6 3"'), "total tasks (scope)"),
        ],
    )
    bottom = top + plot_h
    body.append(_line(left, bottom, left + plot_w, bottom, "axis", RULE))
    body.append(_line(left, top, left, bottom, "axis", RULE))
    for value in sorted({0, ymax // 2, ymax}):
        y = bottom - plot_h * value / ymax
        body.append(_line(left - 4, y, left, y, "axis", RULE))
        body.append(_text(left - 8, y + 4, f"{value:,}", "muted", "end"))
    body.append(_text(14, top + plot_h / 2, "tasks", "muted", "middle", f' transform="rotate(-90 14 {_f(top + plot_h / 2)})"'))
    body.append(_text(left, bottom + 18, points[0]["date"], "muted", "start"))
    body.append(_text(left + plot_w, bottom + 18, points[-1]["date"], "muted", "end"))
    body.append(_text(left + plot_w / 2, bottom + 40, "commit date", "muted", "middle"))
    for field, cls, colour, dash in (("total", "total", MUTED, ' stroke-dasharray="6 3"'), ("done", "done", DONE, "")):
        coords = " ".join(f"{_f(px)},{_f(py)}" for px, py in (xy(n, p[field]) for n, p in enumerate(points)))
        body.append(f'<polyline class="{cls}" points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for n, p in enumerate(points):
            cx, cy = xy(n, p[field])
            tip = f"{p['date']}: {p['done']} of {p['total']} tasks done"
            body.append(
                f'<circle class="{cls}" cx="{_f(cx)}" cy="{_f(cy)}" r="3" fill="{colour}"><title>{escape(tip)}</title></circle>'
            )
    last = points[-1]
    _, y_total = xy(len(points) - 1, last["total"])
    _, y_done = xy(len(points) - 1, last["done"])
    if abs(y_total - y_done) < 14:  # keep the two end labels apart
        y_done = y_total + 14
    body.append(_text(left + plot_w + 8, y_total + 4, f"total {last['total']:,}", "muted"))
    body.append(_text(left + plot_w + 8, y_done + 4, f"done {last['done']:,}", "done"))
    return _svg(key, "Burn-up: tasks done and total tasks over time", height, body)


def charts(ctx: dict[str, Any]) -> dict[str, Markup]:
    """The charts the HTML report shows; a chart with nothing to draw is absent."""
    out: dict[str, Markup] = {}
    d = ctx["decision"]
    if d is not None:
        chart = effort_ranges(d["paths"], d["budget_hours"])
        if chart is not None:
            out["effort"] = chart
    h = ctx["history"]
    if h is not None and h["from_git"]:
        chart = burnup(h["combined"])
        if chart is not None:
            out["burnup"] = chart
    return out
