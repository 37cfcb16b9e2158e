"""The ranked options or paths of the decision: rank, name, weighted total, each criterion's normalised score.

A `VirtualTable`: only the lines on screen are rendered, so a new ranking after a weight change is painted
in a few milliseconds even with 50 options. The cursor stays on the same id when the ranking changes.
"""

from __future__ import annotations

from openspec_tool.decide.engine import Ranked
from openspec_tool.decide.model import Criterion
from openspec_tool.tui.widgets.virtual_table import Column, VirtualTable

_FIT = {True: "fits", False: "over", None: "–"}


class RankTable(VirtualTable):
    def __init__(self, kind: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind  # "path" or "option"
        self.ids: list[str] = []
        self._rows: list[list[str]] = []
        self._firsts: set[int] = set()

    def _shown_name(self, r: Ranked) -> str:
        return f"{r.id} {r.label}" if self.kind == "path" else r.title

    def show(
        self,
        rows: tuple[Ranked, ...],
        criteria: tuple[Criterion, ...],
        chosen: str | None,
        needle: str = "",
        budget: bool = False,
    ) -> None:
        """`budget`: a column saying whether each row fits the decision's budget."""
        keep = self.selected_id()
        ids = [c.id for c in criteria]
        names = [self._shown_name(r) for r in rows]
        longest = max((len(n) for n in names), default=0) + 1  # and the ✓ of the choice
        self.set_columns(
            [
                Column("#", 2, right=True),
                Column("Path" if self.kind == "path" else "Option", 16, flex=1, most=max(16, longest)),
                Column("Score", 5, right=True),
                *([Column("Budget", 6)] if budget else []),
                *(Column(c, max(5, min(len(c), 10)), right=True) for c in ids),
            ]
        )
        self.ids, self._rows, self._firsts = [], [], set()
        for r, name in zip(rows, names):
            if needle and not all(w in f"{r.id} {name}".lower() for w in needle.lower().split()):
                continue
            mark = "✓" if chosen and r.id == chosen else ""
            if r.rank == 1:
                self._firsts.add(len(self.ids))
            self.ids.append(r.id)
            scores = [f"{r.cell(c).normalised:.2f}" for c in ids]
            fit = [_FIT[r.fits_budget]] if budget else []
            self._rows.append([str(r.rank), mark + name, f"{r.score:.3f}", *fit, *scores])
        if keep in self.ids:
            self.set_reactive(VirtualTable.cursor_row, self.ids.index(keep))
        self.set_rows(len(self.ids), self._rows.__getitem__, self._firsts.__contains__)

    def selected_id(self) -> str | None:
        return self.ids[self.cursor_row] if 0 <= self.cursor_row < len(self.ids) else None
