"""Around the decision matrix (widgets/rank_table.py): the line that spells out the selected row's weighted
contributions, and the analysis under it — recommendation, sensitivity, budget-optimal set, Pareto sets.

Everything shown comes from the engine's `DecisionResult.to_json()` (documented in decide/engine.py).
"""

from __future__ import annotations

import math
from typing import Any

from rich.text import Text
from textual.widgets import Static

Row = dict[str, Any]


def set_text(widget: Static, text: Text) -> None:
    """`Static.update` without a full re-layout when the text keeps its height (re-layout costs a frame)."""
    previous: Text | None = getattr(widget, "_shown_text", None)
    if previous is not None and previous == text:
        return
    width = widget.content_region.width or widget.size.width
    same_height = previous is not None and width > 0 and _height(previous, widget, width) == _height(text, widget, width)
    widget._shown_text = text  # type: ignore[attr-defined]
    widget.update(text, layout=not same_height)


def _height(text: Text, widget: Static, width: int) -> int:
    return len(text.wrap(widget.app.console, width))


def topsis_distances(row: Row, rows: list[Row], criteria: list[dict[str, Any]]) -> tuple[float, float]:
    """(D+, D-): the row's weighted distances to the ideal and the anti-ideal point of its set (the best and the
    worst normalised value of each criterion among `rows`), as the engine's TOPSIS measures them."""
    plus = minus = 0.0
    for c in criteria:
        values = [r["criteria"][c["id"]]["normalised"] for r in rows]
        x, w = row["criteria"][c["id"]]["normalised"], c["weight"]
        plus += (w * (max(values) - x)) ** 2
        minus += (w * (x - min(values))) ** 2
    return math.sqrt(plus), math.sqrt(minus)


def _name(row: Row) -> Text:
    out = Text(f"{row['id']}", style="bold")
    if row["label"] and row["label"] != row["id"]:
        out.append(f" {row['label']}", style="bold")
    return out


def topsis_line(row: Row, rows: list[Row], criteria: list[dict[str, Any]]) -> Text:
    """`B Quality Focus: distance to the ideal D+ 0.081, to the anti-ideal D− 0.114 → D−/(D+ + D−) = 0.585;
    furthest from the ideal on effort`: a TOPSIS score is a closeness, not a sum of terms."""
    plus, minus = topsis_distances(row, rows, criteria)
    out = _name(row)
    out.append(": distance to the ideal ")
    out.append(f"D+ {plus:.3f}", style="bold")
    out.append(", to the anti-ideal ")
    out.append(f"D− {minus:.3f}", style="bold")
    out.append(" → closeness D−/(D+ + D−) = ", style="dim")
    out.append(f"{row['score']:.3f}", style="bold")
    gaps = {
        c["id"]: c["weight"] * (max(r["criteria"][c["id"]]["normalised"] for r in rows) - row["criteria"][c["id"]]["normalised"])
        for c in criteria
    }
    worst = max(gaps, key=lambda k: gaps[k], default=None)
    if worst is not None and gaps[worst] > 0:
        out.append(f"; furthest from the ideal on {worst}", style="dim")
    return out


def contribution_line(
    row: Row | None, criteria: list[dict[str, Any]], method: str = "weighted-sum", rows: list[Row] | None = None
) -> Text:
    """`B Quality Focus = effort 0.62×0.25 + … = 0.656`: how the weighted total is made (under TOPSIS, the
    distances the closeness is made of)."""
    if row is None:
        return Text("")
    if method == "topsis" and rows:
        return topsis_line(row, rows, criteria)
    out = _name(row)
    out.append(" = ")
    parts = []
    for c in criteria:
        cell = row["criteria"][c["id"]]
        parts.append(f"{c['id']} {cell['normalised']:.2f}×{c['weight']:.2f}")
    out.append(" + ".join(parts), style="dim")
    out.append(f" = {row['score']:.3f}", style="bold")
    return out


def names(j: dict[str, Any]) -> dict[str, str]:
    """How the analysis names things: a path by `id label`, an option by its change's title."""
    out = {p["id"]: f"{p['id']} {p['label']}".strip() for p in j["paths"]}
    out.update({o["id"]: o["label"] or o["id"] for o in j["options"]})
    return out


def _pick_line(kind: str, pick: dict[str, Any] | None, named: dict[str, str]) -> Text:
    if not pick:
        return Text(f"No {kind} to recommend.", style="dim")
    out = Text("Recommended path " if kind == "path" else "Best option ", style="bold")
    out.append(named.get(pick["id"], pick["id"]), style="bold green")
    out.append(f" {pick['score']:.3f}")
    if pick.get("robustness"):
        style = {"robust": "green", "moderate": "yellow", "fragile": "red"}.get(pick["robustness"], "")
        out.append(f" · {pick['robustness']}", style=style)
        if pick.get("winShare") is not None:
            out.append(f", first in {round(100 * pick['winShare'])}% of weight samples", style="dim")
    if pick.get("runnerUp"):
        out.append(f" · then {named.get(pick['runnerUp'], pick['runnerUp'])} {pick['runnerUpScore']:.3f}", style="dim")
    return out


def _sensitivity_line(kind: str, sens: dict[str, Any] | None, labels: dict[str, str], named: dict[str, str]) -> Text:
    out = Text(f"Sensitivity ({kind}s): ", style="bold")
    smallest = (sens or {}).get("smallestChange")
    if not smallest:
        out.append("no single weight change puts another first", style="dim")
        return out
    sign = "+" if smallest["delta"] >= 0 else ""
    crit = labels.get(smallest["criterion"], smallest["criterion"])
    winner = named.get(smallest["winner"], smallest["winner"])
    out.append(f"{crit} {sign}{smallest['delta']:.3f} (to {smallest['weight']:.3f}) puts {winner} first")
    return out


def analysis_text(j: dict[str, Any], refining: bool) -> Text:
    """Recommendation, sensitivity, budget-optimal set and Pareto sets, a line or two each."""
    rec = j["recommendation"]
    labels = {c["id"]: c["label"] for c in j["criteria"]}
    named = names(j)
    out = Text()
    if j["paths"]:
        out.append_text(_pick_line("path", rec["path"], named))
        out.append("\n")
    out.append_text(_pick_line("option", rec["option"], named))
    for kind, key in (("path", "paths"), ("option", "options")):
        if j["sensitivity"][key] is not None:
            out.append("\n")
            out.append_text(_sensitivity_line(kind, j["sensitivity"][key], labels, named))
    budget = j["budget"]
    if budget is not None:
        out.append("\nBudget ", style="bold")
        out.append(f"{budget['budgetHours']:g} h: ", style="bold")
        if j["method"] != "weighted-sum":
            out.append("(by weighted-sum scores, which add up; closeness scores do not) ", style="dim")
        chosen = ", ".join(named.get(o, o) for o in budget["chosen"]) or "no option fits"
        out.append(chosen, style="cyan")
        effort = budget["effort"]
        out.append(f" ({effort['low']:g}-{effort['high']:g} h, score {budget['score']:.3f})", style="dim")
        if rec.get("budgetSentence"):
            out.append(f"\n{rec['budgetSentence']}", style="dim")
    pareto = j["pareto"]
    out.append("\nPareto ", style="bold")
    out.append(f"paths {' '.join(pareto['paths']) or '–'} · options {len(pareto['options'])} of {len(j['options'])}", style="dim")
    for note in j["notes"]:
        if budget is not None and j["method"] != "weighted-sum" and "weighted-sum scores" in note:
            continue  # said on the budget line
        out.append(f"\nnote: {note}", style="yellow")
    if refining:
        out.append("\n… refining with the full 2,000-sample run", style="dim italic")
    return out
