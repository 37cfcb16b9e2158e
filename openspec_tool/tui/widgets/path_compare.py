"""Paths side by side: rank and score, effort and timeline ranges, P50/P80 of the Monte Carlo schedule,
schedule, and what each includes. A column per path, in rank order; scrolls sideways when narrow."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.widgets import Static


def _range(r: dict[str, float] | None, unit: str) -> str:
    if not r:
        return "–"
    return f"{r['low']:g}-{r['high']:g} {unit}" if r["low"] != r["high"] else f"{r['low']:g} {unit}"


def compare_table(j: dict[str, Any], summaries: dict[str, str], chosen: str | None) -> Table:
    paths = j["paths"]
    labels = {o["id"]: o["label"] or o["id"] for o in j["options"]}
    risk = j["scheduleRisk"]["paths"]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("", style="bold", no_wrap=True, min_width=9)
    for p in paths:
        head = Text(f"{p['id']} {p['label']}", style="bold green" if p["rank"] == 1 else "bold")
        if chosen and p["id"] == chosen:
            head.append(" ✓ chosen", style="cyan")
        table.add_column(head, min_width=16, max_width=26, overflow="fold")
    rows: list[tuple[str, list[Text | str]]] = [
        ("Rank", [f"{p['rank']}" for p in paths]),
        ("Score", [Text(f"{p['score']:.3f}", style="bold") for p in paths]),
        ("Effort", [_range(p["effort"], "h") for p in paths]),
        ("Timeline", [_range(p["timeline"], "wk") for p in paths]),
        ("P50", [f"{q['p50']:.0f} h" if (q := risk.get(p["id"])) else "–" for p in paths]),
        ("P80", [f"{q['p80']:.0f} h" if (q := risk.get(p["id"])) else "–" for p in paths]),
        ("Schedule", [p["schedule"] or "–" for p in paths]),
        ("Includes", ["\n".join(f"• {labels.get(m, m)}" for m in p["members"]) for p in paths]),
        ("Summary", [Text(summaries.get(p["id"], ""), style="dim") for p in paths]),
    ]
    for name, cells in rows:
        table.add_row(name, *cells)
    return table


class PathCompare(ScrollableContainer, can_focus=True):
    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="compare-body", expand=False, shrink=False)

    def show(self, j: dict[str, Any], summaries: dict[str, str], chosen: str | None) -> None:
        body = self.query_one("#compare-body", Static)
        if not j["paths"]:
            body.update(Text("This decision defines no paths.", style="dim"))
            return
        body.update(compare_table(j, summaries, chosen))
