"""The ranked options or paths of the decision: rank, name, weighted total, each criterion's normalised score.

A `VirtualTable`: only the lines on screen are rendered, so a new ranking after a weight change is painted
in a few milliseconds even with 50 options. The cursor stays on the same id when the ranking changes.
"""

from __future__ import annotations

from typing import Any

from openspec_tool.tui.widgets.virtual_table import Column, VirtualTable

Row = dict[str, Any]


class RankTable(VirtualTable):
    def __init__(self, kind: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind  # "path" or "option"
        self.ids: list[str] = []
        self._rows: list[list[str]] = []
        self._firsts: set[int] = set()

    def show(self, rows: list[Row], criteria: list[dict[str, Any]], chosen: str | None, needle: str = "") -> None:
        keep = self.selected_id()
        ids = [c["id"] for c in criteria]
        names = [f"{r['id']} {r['label']}" if self.kind == "path" else (r["label"] or r["id"]) for r in rows]
        longest = max((len(n) for n in names), default=0) + 1  # and the ✓ of the choice
        self.set_columns(
            [
                Column("#", 2, right=True),
                Column("Path" if self.kind == "path" else "Option", 16, flex=1, most=max(16, longest)),
                Column("Score", 5, right=True),
                *(Column(c, max(5, min(len(c), 10)), right=True) for c in ids),
            ]
        )
        self.ids, self._rows, self._firsts = [], [], set()
        for r in rows:
            if needle and not all(w in f"{r['id']} {r['label']}".lower() for w in needle.lower().split()):
                continue
            name = f"{r['id']} {r['label']}" if self.kind == "path" else (r["label"] or r["id"])
            mark = "✓" if chosen and r["id"] == chosen else ""
            if r["rank"] == 1:
                self._firsts.add(len(self.ids))
            self.ids.append(r["id"])
            scores = [f"{r['criteria'][c]['normalised']:.2f}" for c in ids]
            self._rows.append([str(r["rank"]), mark + name, f"{r['score']:.3f}", *scores])
        if keep in self.ids:
            self.set_reactive(VirtualTable.cursor_row, self.ids.index(keep))
        self.set_rows(len(self.ids), self._rows.__getitem__, self._firsts.__contains__)

    def selected_id(self) -> str | None:
        return self.ids[self.cursor_row] if 0 <= self.cursor_row < len(self.ids) else None
