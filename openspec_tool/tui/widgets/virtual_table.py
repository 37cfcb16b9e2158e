"""A table that renders only the rows on screen (Textual's line API).

DataTable keeps and measures every cell of every row: with 2,900 rows that costs a good part of a second
before the first frame, and every update re-renders whole rows through Rich. Here the table holds a row
count and a function that gives a row's cells; a row is built when it scrolls into view, and column widths
do not depend on the rows, so showing 2,900 rows or re-ranking 50 costs only the lines on screen. The header
stays in place while the rows scroll; the cursor is a row index.

Columns take the width there is: a `flex` column (a name) grows into the free space up to its `most`; when
the table is too narrow for every column at its width, the columns with the highest `drop` go first. Names
are cut in the middle (`suppress-telemetry…json-c49`), where ids share least.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = Text | str
GAP = 2


@dataclass(frozen=True)
class Column:
    label: str
    width: int  # the width; the least width of a flex column
    right: bool = False  # numbers: right-aligned
    flex: int = 0  # share of the free width (0: fixed)
    most: int | None = None  # a flex column grows no wider (its longest cell)
    drop: int = 0  # dropped when space is short, highest first (0: always shown)
    middle: bool = False  # cut in the middle rather than at the end


def widths(columns: list[Column], room: int) -> list[int | None]:
    """Each column's width in `room` cells (None: dropped)."""
    shown = list(range(len(columns)))

    def need() -> int:
        return 1 + sum(columns[i].width + GAP for i in shown)

    while need() > room and any(columns[i].drop for i in shown):
        shown.remove(max((i for i in shown if columns[i].drop), key=lambda i: columns[i].drop))
    out: list[int | None] = [columns[i].width if i in shown else None for i in range(len(columns))]
    free = room - need()
    flexible = [i for i in shown if columns[i].flex]
    while free > 0 and flexible:
        total = sum(columns[i].flex for i in flexible)
        given = 0
        for i in flexible:
            extra = max(1, free * columns[i].flex // total)
            most = columns[i].most
            width = out[i] or 0
            grow = min(extra, free - given, (most - width) if most is not None else extra)
            out[i] = width + max(grow, 0)
            given += max(grow, 0)
        flexible = [i for i in flexible if columns[i].most is None or (out[i] or 0) < (columns[i].most or 0)]
        if given == 0:
            break
        free -= given
    return out


def _fit(cell: Cell, width: int, right: bool, middle: bool = False) -> Text:
    text = cell.copy() if isinstance(cell, Text) else Text(cell)
    if text.cell_len > width:
        if middle and width > 1:
            keep = width - 1
            head = keep * 2 // 5
            plain = text.plain
            text = text[:head] + Text("…") + text[len(plain) - (keep - head) :]
            if text.cell_len > width:  # wide characters
                text.truncate(width)
        else:
            text.truncate(max(width - 1, 0))
            text.append("…")
    pad = " " * (width - text.cell_len)
    return Text(pad).append_text(text) if right else text.append(pad)


class VirtualTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-table--header", "virtual-table--cursor", "virtual-table--strong"}
    DEFAULT_CSS = """
    VirtualTable { height: 1fr; }
    VirtualTable > .virtual-table--header { text-style: bold; color: $text-accent; }
    VirtualTable > .virtual-table--cursor { text-style: reverse; }
    VirtualTable:focus > .virtual-table--cursor { background: $accent 45%; text-style: bold; }
    VirtualTable > .virtual-table--strong { text-style: bold; color: $text-success; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "cursor(-1000000000)", show=False),
        Binding("end", "cursor(1000000000)", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    cursor_row: reactive[int] = reactive(0)

    class Highlighted(Message):
        def __init__(self, table: VirtualTable, index: int) -> None:
            super().__init__()
            self.table, self.index = table, index

        @property
        def control(self) -> VirtualTable:  # what `@on(…, "#id")` matches
            return self.table

    class Selected(Message):
        def __init__(self, table: VirtualTable, index: int) -> None:
            super().__init__()
            self.table, self.index = table, index

        @property
        def control(self) -> VirtualTable:  # what `@on(…, "#id")` matches
            return self.table

    def __init__(self, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: list[Column] = []
        self.widths: list[int | None] = []
        self.row_count = 0
        self._cells: Callable[[int], Sequence[Cell]] = lambda i: ()
        self._strong: Callable[[int], bool] = lambda i: False
        self._lines: dict[int, Text] = {}
        self._header = Text()

    def set_columns(self, columns: list[Column]) -> None:
        self.columns = columns
        self._lay_out()

    def _lay_out(self) -> None:
        room = self.scrollable_content_region.width or self.size.width or 80
        self.widths = widths(self.columns, room)
        self._header = self._line([c.label for c in self.columns], header=True)
        self._lines.clear()
        self.virtual_size = Size(1 + sum(w + GAP for w in self.widths if w is not None), self.row_count + 1)

    def on_resize(self) -> None:
        if self.columns:
            self._lay_out()
            self.refresh()

    def shown_labels(self) -> list[str]:
        """The columns drawn at this width."""
        return [c.label for c, w in zip(self.columns, self.widths) if w is not None]

    def set_rows(self, count: int, cells: Callable[[int], Sequence[Cell]], strong: Callable[[int], bool] | None = None) -> None:
        """`count` rows; `cells(i)` gives row i's cells when it is shown; `strong(i)` makes a row stand out."""
        self.row_count = count
        self._cells = cells
        self._strong = strong or (lambda i: False)
        self._lines.clear()
        self.virtual_size = Size(1 + sum(w + GAP for w in self.widths if w is not None), count + 1)
        self.set_reactive(VirtualTable.cursor_row, max(0, min(self.cursor_row, count - 1)))
        self._reveal()
        self.refresh()

    def _line(self, cells: Sequence[Cell], header: bool = False) -> Text:
        out = Text(" ", no_wrap=True, end="")
        for cell, column, width in zip(cells, self.columns, self.widths):
            if width is not None:
                out.append_text(_fit(cell, width, column.right and not header, column.middle and not header))
                out.append(" " * GAP)
        return out

    def line(self, index: int) -> Text:
        cached = self._lines.get(index)
        if cached is None:
            cached = self._lines[index] = self._line(self._cells(index))
        return cached

    def row_cells(self, index: int) -> list[str]:
        """Row `index` as plain cell texts."""
        return [str(c) for c in self._cells(index)]

    def move_cursor(self, row: int) -> None:
        self.cursor_row = max(0, min(row, self.row_count - 1))

    def watch_cursor_row(self) -> None:
        self._reveal()
        self.refresh()
        if self.row_count:
            self.post_message(self.Highlighted(self, self.cursor_row))

    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _reveal(self) -> None:
        top, visible = int(self.scroll_y), self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        if self.row_count:
            self.move_cursor(self.cursor_row + step)

    def action_page(self, pages: int) -> None:
        self.action_cursor(pages * self._visible_rows())

    def action_select(self) -> None:
        if self.row_count:
            self.post_message(self.Selected(self, self.cursor_row))

    def on_click(self, event: Click) -> None:
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < self.row_count:
            if row == self.cursor_row and event.chain > 1:
                self.action_select()
            self.move_cursor(row)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        x = int(self.scroll_x)
        base = self.rich_style
        if y == 0:
            return self._strip(self._header, base + self.get_component_rich_style("virtual-table--header"), x, width)
        index = int(self.scroll_y) + y - 1
        if index >= self.row_count:
            return Strip([Segment(" " * width, base)], width)
        style = base
        if self._strong(index):
            style += self.get_component_rich_style("virtual-table--strong")
        if index == self.cursor_row:
            style += self.get_component_rich_style("virtual-table--cursor")
        return self._strip(self.line(index), style, x, width)

    def _strip(self, text: Text, style: Style, x: int, width: int) -> Strip:
        segments = list(text.render(self.app.console))
        strip = Strip(segments, text.cell_len).apply_style(style) if segments else Strip([])
        return strip.crop_extend(x, x + width, style)
