"""Paths side by side: rank and score, effort and timeline ranges, P50/P80 of the Monte Carlo schedule,
schedule, and what each includes. A column per path, in rank order, each wide enough to read; when they do
not all fit, as many as fit are shown and ←/→ move along the paths (the row names stay put); ↑/↓ scroll."""

from __future__ import annotations

from typing import ClassVar

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.widgets import Static

from openspec_tool.decide.engine import DecisionResult, Ranked
from openspec_tool.decide.model import Range
from openspec_tool.model.units import DASH, range_text, whole_hours

LABEL_WIDTH = 9
MIN_WIDTH = 18  # a path's column: "• Monitoring &" and "Observability" stay whole words
MAX_WIDTH = 26
GAP = 2


def _range(r: Range | None, unit: str) -> str:
    return range_text(r.low, r.high, unit) if r is not None else DASH


def page_size(width: int, paths: int) -> tuple[int, int]:
    """(how many paths fit in `width` cells, the width of each)."""
    room = width - LABEL_WIDTH - GAP
    fit = max(1, min(paths, room // (MIN_WIDTH + GAP)))
    return fit, max(MIN_WIDTH, min(MAX_WIDTH, room // fit - GAP))


def compare_table(
    result: DecisionResult,
    summaries: dict[str, str],
    chosen: str | None,
    first: int = 0,
    count: int | None = None,
    width: int = 0,
) -> Table:
    """The paths `first` … `first + count` (all by default), each column `width` wide (0: as Rich sees fit)."""
    paths = result.paths[first : None if count is None else first + count]
    labels = {o.id: o.label or o.name for o in result.options}  # titles: a column is narrow
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False, padding=(0, GAP // 2))
    table.add_column("", style="bold", no_wrap=True, min_width=LABEL_WIDTH)
    for p in paths:
        head = Text(f"{p.id} {p.label}", style="bold green" if p.rank == 1 else "bold")
        if chosen and p.id == chosen:
            head.append(" ✓ chosen", style="cyan")
        if width:
            table.add_column(head, width=width, overflow="fold")
        else:
            table.add_column(head, min_width=16, max_width=MAX_WIDTH, overflow="fold")

    def quantile(p: Ranked, which: str) -> str:
        q = result.quantiles("path", p.id)
        return whole_hours(getattr(q, which) if q else None)

    rows: list[tuple[str, list[Text | str]]] = [
        ("Rank", [f"{p.rank}" for p in paths]),
        ("Score", [Text(f"{p.score:.3f}", style="bold") for p in paths]),
        ("Effort", [_range(p.effort, "h") for p in paths]),
        ("Timeline", [_range(p.timeline, "weeks") for p in paths]),
        ("P50", [quantile(p, "p50") for p in paths]),
        ("P80", [quantile(p, "p80") for p in paths]),
    ]
    if result.budget_hours is not None:
        fit = {True: Text("fits", style="green"), False: Text("over", style="red"), None: Text(DASH)}
        rows.append(("Budget", [fit[p.fits_budget] for p in paths]))
    rows += [
        ("Schedule", [p.schedule or DASH for p in paths]),
        ("Includes", ["\n".join(f"• {labels.get(m, m)}" for m in p.members) for p in paths]),
        ("Summary", [Text(summaries.get(p.id, ""), style="dim") for p in paths]),
    ]
    for name, cells in rows:
        table.add_row(name, *cells)
    return table


class PathCompare(ScrollableContainer, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "page(1)", "Next path", show=False),
        Binding("left,h", "page(-1)", "Prev path", show=False),
    ]

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first = 0  # the first path shown
        self.shown = 0  # how many are shown
        self._args: tuple[DecisionResult, dict[str, str], str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="compare-body", expand=False, shrink=False)

    def show(self, result: DecisionResult, summaries: dict[str, str], chosen: str | None) -> None:
        self._args = (result, summaries, chosen)
        self._draw()

    def on_resize(self) -> None:
        if self._args is not None:
            self._draw()

    def _draw(self) -> None:
        assert self._args is not None
        result, summaries, chosen = self._args
        body = self.query_one("#compare-body", Static)
        total = len(result.paths)
        if not total:
            body.update(Text("This decision defines no paths.", style="dim"))
            return
        width = self.scrollable_content_region.width or self.size.width or 80
        self.shown, column = page_size(width, total)
        self.first = max(0, min(self.first, total - self.shown))
        table = compare_table(result, summaries, chosen, self.first, self.shown, column)
        if self.shown < total:
            last = self.first + self.shown
            more = Text(f"paths {self.first + 1}-{last} of {total} · ← → for the others", style="dim italic")
            body.update(Group(more, table))
        else:
            body.update(table)

    def action_page(self, step: int) -> None:
        if self._args is not None:
            self.first += step
            self._draw()
