"""Around the decision matrix (widgets/rank_table.py): the title (what is decided, the method, the budget, what is
changed and not saved, what is ranked without), the line that spells out the selected row's weighted contributions,
and the analysis under it — the recommendation (ties said as ties), the decision statement, the
sensitivity, the budget-optimal set, the Pareto sets and the goal-based guide.

Everything shown comes from the engine's typed `DecisionResult` (decide/engine.py), as the CLI and the report show it.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.widgets import Static

from openspec_tool.decide.engine import DecisionResult, Ranked
from openspec_tool.decide.explain import Pick
from openspec_tool.decide.guide import entry_text
from openspec_tool.decide.model import Criterion
from openspec_tool.decide.sensitivity import Sensitivity
from openspec_tool.model.decision import DecisionSpec
from openspec_tool.model.units import hours, range_text


def title_text(spec: DecisionSpec, result: DecisionResult, unsaved: tuple[int, int], left_out: list[str], missing: int) -> Text:
    """`unsaved`: how many weights and scores are changed and not saved; `left_out`: the labels of the criteria ranked
    without (their scores are missing: `missing` of them)."""
    title = Text(spec.title or spec.id, style="bold")
    if spec.question:
        title.append(f" — {spec.question}")
    title.append(f"\n{result.method}", style="cyan")
    title.append(f" · {spec.path}", style="dim")
    if result.budget_hours is not None:
        at = " at P80" if result.recommendation.budget_at == "p80" else ""
        title.append(f" · budget {hours(result.budget_hours)}{at}", style="dim")
    if spec.chosen:
        title.append(f" · chosen: {spec.chosen}", style="bold cyan")
    if left_out:
        scores = f"{missing} score{'s' if missing != 1 else ''}"
        title.append(f"\nranked without {', '.join(left_out)}: {scores} to fill in (g)", style="yellow")
    if any(unsaved):
        counts = zip(unsaved, ("weight", "score"), strict=True)
        said = " and ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n)
        title.append(f"\n* {said} changed, not saved: s saves, u resets", style="bold yellow")
    return title


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


def topsis_distances(row: Ranked, rows: tuple[Ranked, ...] | list[Ranked], result: DecisionResult) -> tuple[float, float]:
    """(D+, D-): the row's weighted distances to the ideal and the anti-ideal point of its set (the best and the
    worst normalised value of each criterion among `rows`), as the engine's TOPSIS measures them."""
    plus = minus = 0.0
    for c in result.criteria:
        values = [r.cell(c.id).normalised for r in rows]
        x, w = row.cell(c.id).normalised, result.weight(c.id)
        plus += (w * (max(values) - x)) ** 2
        minus += (w * (x - min(values))) ** 2
    return math.sqrt(plus), math.sqrt(minus)


def _name(row: Ranked) -> Text:
    out = Text(f"{row.id}", style="bold")
    if row.label and row.label != row.id:
        out.append(f" {row.label}", style="bold")
    return out


def topsis_line(row: Ranked, rows: tuple[Ranked, ...], result: DecisionResult) -> Text:
    """`B Quality Focus: distance to the ideal D+ 0.081, to the anti-ideal D− 0.114 → D−/(D+ + D−) = 0.585;
    furthest from the ideal on effort`: a TOPSIS score is a closeness, not a sum of terms."""
    plus, minus = topsis_distances(row, rows, result)
    out = _name(row)
    out.append(": distance to the ideal ")
    out.append(f"D+ {plus:.3f}", style="bold")
    out.append(", to the anti-ideal ")
    out.append(f"D− {minus:.3f}", style="bold")
    out.append(" → closeness D−/(D+ + D−) = ", style="dim")
    out.append(f"{row.score:.3f}", style="bold")
    gaps = {
        c.id: result.weight(c.id) * (max(r.cell(c.id).normalised for r in rows) - row.cell(c.id).normalised)
        for c in result.criteria
    }
    worst = max(gaps, key=lambda k: gaps[k], default=None)
    if worst is not None and gaps[worst] > 0:
        out.append(f"; furthest from the ideal on {worst}", style="dim")
    return out


def contribution_line(row: Ranked | None, result: DecisionResult, kind: str = "path") -> Text:
    """`B Quality Focus = effort 0.62×0.25 + … = 0.656`: how the weighted total is made (under TOPSIS, the
    distances the closeness is made of)."""
    if row is None:
        return Text("")
    if result.method == "topsis":
        return topsis_line(row, result.ranked("path" if kind == "path" else "option"), result)
    out = _name(row)
    out.append(" = ")
    parts = [f"{c.id} {row.cell(c.id).normalised:.2f}×{result.weight(c.id):.2f}" for c in result.criteria]
    out.append(" + ".join(parts), style="dim")
    out.append(f" = {row.score:.3f}", style="bold")
    if row.fits_budget is False:
        out.append(" · over the budget", style="red")
    return out


def names(result: DecisionResult) -> dict[str, str]:
    """How the analysis names things: a path by `id label`, an option by its name ("Option 6") and title."""
    out = {p.id: f"{p.id} {p.label}".strip() for p in result.paths}
    out.update({o.id: o.title for o in result.options})
    return out


def _pick_line(kind: str, pick: Pick | None, named: dict[str, str], result: DecisionResult) -> Text:
    if not pick:
        over = result.recommendation.over_budget_paths if kind == "path" else result.recommendation.over_budget_options
        text = f"No {kind} fits the budget." if over else f"No {kind} to recommend."
        return Text(text, style="yellow" if over else "dim")
    if pick.tie:
        out = Text("Tie ", style="bold yellow")
        tied = [named.get(i, i) for i in (pick.id, *pick.tied_with)]
        out.append(" = ".join(tied), style="bold")
        out.append(f" at {pick.score:.3f}: no {kind} leads (equal to 1e-9)", style="yellow")
        return out
    out = Text("Recommended path " if kind == "path" else "Best option ", style="bold")
    out.append(named.get(pick.id, pick.id), style="bold green")
    out.append(f" {pick.score:.3f}")
    if pick.robustness:
        style = {"robust": "green", "moderate": "yellow", "fragile": "red"}.get(pick.robustness, "")
        out.append(f" · {pick.robustness}", style=style)
        if pick.win_share is not None:
            out.append(f", first in {round(100 * pick.win_share)}% of weight samples", style="dim")
    if pick.runner_up and pick.runner_up_score is not None:
        out.append(f" · then {named.get(pick.runner_up, pick.runner_up)} {pick.runner_up_score:.3f}", style="dim")
    return out


def _sensitivity_line(kind: str, sens: Sensitivity | None, criteria: tuple[Criterion, ...], named: dict[str, str]) -> Text:
    out = Text(f"Sensitivity ({kind}s): ", style="bold")
    smallest = sens.smallest_change() if sens is not None else None
    if not smallest:
        out.append("no single weight change puts another first", style="dim")
        return out
    cid, flip = smallest
    sign = "+" if flip.delta >= 0 else ""
    crit = next((c.label for c in criteria if c.id == cid), cid)
    winner = named.get(flip.winner, flip.winner)
    out.append(f"{crit} {sign}{flip.delta:.3f} (to {flip.weight:.3f}) puts {winner} first")
    return out


def analysis_text(result: DecisionResult, refining: bool) -> Text:
    """The recommendation (path, then option) first — the box's top lines show at every size, 80×24 too — then the
    decision statement (its reasons), sensitivity, budget-optimal set, Pareto sets and the guide."""
    rec = result.recommendation
    named = names(result)
    out = Text()
    if result.paths:
        out.append_text(_pick_line("path", rec.path, named, result))
        out.append("\n")
    out.append_text(_pick_line("option", rec.option, named, result))
    out.append("\nDecision ", style="bold")
    out.append(rec.statement.text)
    for kind in ("path", "option"):
        sens = result.sensitivity_paths if kind == "path" else result.sensitivity_options
        pick = rec.path if kind == "path" else rec.option
        if sens is not None and not (pick is not None and pick.tie):
            out.append("\n")
            out.append_text(_sensitivity_line(kind, sens, result.criteria, named))
    budget = result.budget
    if budget is not None:
        out.append("\nBudget ", style="bold")
        out.append(f"{hours(budget.budget_hours)}: ", style="bold")
        if result.method != "weighted-sum":
            out.append("(by weighted-sum scores, which add up; closeness scores do not) ", style="dim")
        chosen = ", ".join(named.get(o, o) for o in budget.chosen) or "no option fits"
        out.append(chosen, style="cyan")
        out.append(f" ({range_text(budget.effort.low, budget.effort.high)}, score {budget.score:.3f})", style="dim")
        if rec.budget_sentence:
            out.append(f"\n{rec.budget_sentence}", style="dim")
    out.append("\nPareto ", style="bold")
    pareto = f"paths {' '.join(result.pareto_paths) or '–'} · options {len(result.pareto_options)} of {len(result.options)}"
    out.append(pareto, style="dim")
    if result.guide:
        out.append("\nIf one criterion matters most", style="bold")
        short = {**{p.id: p.id for p in result.paths}, **{o.id: o.name for o in result.options}}
        for entry in result.guide:
            out.append(f"\n  {entry_text(entry, short)}", style="dim")
    if rec.statement.scales:
        out.append(f"\n{rec.statement.scales}", style="dim italic")
    for note in result.notes:
        if budget is not None and result.method != "weighted-sum" and "weighted-sum scores" in note:
            continue  # said on the budget line
        out.append(f"\nnote: {note}", style="yellow")
    if refining:
        out.append("\n… refining with the full 2,000-sample run", style="dim italic")
    return out
