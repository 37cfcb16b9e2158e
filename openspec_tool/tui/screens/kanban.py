"""Kanban: the changes by stage (draft, in progress, complete, archived), one column each."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from openspec_tool.tui.data import STAGE_TITLES, STAGES, ChangeRow
from openspec_tool.tui.screens.base import BaseScreen
from openspec_tool.tui.search import elide_middle, matches, shared_prefix
from openspec_tool.tui.widgets.filter_bar import FilterBar
from openspec_tool.tui.widgets.key_footer import KeyFooter
from openspec_tool.tui.widgets.progress import bar_text


def progress_line(done: int, total: int, width: int) -> Text:
    """`███░░░░░ 3/45 checkboxes` (the count named, as `openspec list` counts), the bar narrowed or left out
    where the column is narrow, the name last to go."""
    count = f"{done}/{total}"
    named = f"{count} checkboxes"
    room = width if width > 0 else 8 + 1 + len(named)
    text = named if len(named) <= room else count
    bar = min(8, room - len(text) - 1)
    out = Text()
    if bar >= 4:
        out.append_text(bar_text(done, total, bar))
        out.append(" ")
    out.append(text)
    return out


def card(row: ChangeRow, width: int, match: str | None = None, shared: int = 0) -> Text:
    """The id on one line (cut in the middle when the column is narrow, first in the prefix all ids share),
    the progress, and where a filter matched when not in the id."""
    out = Text(elide_middle(row.id, width, shared) if width > 0 else row.id, style="bold", no_wrap=True)
    out.append("\n")
    out.append_text(progress_line(row.done, row.total, width))
    if match:
        out.append("\n")
        out.append(match[:width] if width > 0 else match, style="italic")
    return out


class KanbanColumn(OptionList):
    """A column of cards, cut to its width: it tells the screen when that changes."""

    def on_resize(self, event: events.Resize) -> None:
        screen = self.screen
        if isinstance(screen, KanbanScreen) and screen.ready:
            screen.column_resized()


class KanbanScreen(BaseScreen):
    TITLE_TEXT = "Kanban"
    AUTO_FOCUS = ".kanban-column"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "column(-1)", "◀ Column", show=False),
        Binding("right", "column(1)", "Column ▶", show=False),
        Binding("h", "column(-1)", show=False),
        Binding("l", "column(1)", show=False),
        Binding("A", "archive", "Archive"),
    ]
    HELP_NOTES = (
        "←/→ (or h/l) move between columns, ↑/↓ between cards, Enter opens the change.",
        "A (shift+a) archives the change under the cursor as `openspec archive`, after showing what it changes.",
    )

    def __init__(self) -> None:
        super().__init__(id="kanban")
        self._ids: dict[str, list[str]] = {s: [] for s in STAGES}
        self._refill_pending = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield FilterBar("filter changes…", id="filter")
        with Horizontal(id="board"):
            for stage in STAGES:
                column = KanbanColumn(id=f"col-{stage}", classes="kanban-column")
                column.border_title = STAGE_TITLES[stage]
                yield column
        yield KeyFooter()

    def columns(self) -> list[OptionList]:
        return [self.query_one(f"#col-{s}", OptionList) for s in STAGES]

    def filter_target(self) -> OptionList:
        return self._focused_column() or self.columns()[0]

    def refresh_data(self) -> None:
        needle = self.filter_text
        index = self.text_index() if needle else None
        rows = [*self.data.changes, *self.data.archived()]
        shared = shared_prefix([r.id for r in rows])
        for stage, column in zip(STAGES, self.columns()):
            keep = column.highlighted
            width = column.scrollable_content_region.width
            shown, found = [], {}
            for r in sorted((r for r in rows if r.stage == stage), key=lambda r: r.id):
                entry = None if not needle or matches(r.id, needle) or index is None else index.change_match(r.id, needle)
                if not needle or matches(r.id, needle) or entry is not None:
                    shown.append(r)
                    if entry is not None:
                        found[r.id] = entry.shown(needle, width)
            column.clear_options()
            column.add_options([Option(card(r, width, found.get(r.id), shared), id=r.id) for r in shown])
            self._ids[stage] = [r.id for r in shown]
            column.border_title = f"{STAGE_TITLES[stage]} {len(shown)}"
            done, total = sum(r.done for r in shown), sum(r.total for r in shown)
            column.border_subtitle = f"{done}/{total} checkboxes" if total else ""
            # An empty column keeps room for its title only; the cards take the rest of the width.
            fit = "1fr" if shown else f"{len(column.border_title) + 6}"
            if str(column.styles.width) != fit:
                column.styles.width = fit  # its Resize cuts the cards again
            if shown:
                column.highlighted = min(keep or 0, len(shown) - 1)
        empty = isinstance(self.focused, OptionList) and not self.focused.option_count
        if self.focused is None or empty:  # never take the focus from the filter while it is typed in
            first = next((c for c in self.columns() if c.option_count), self.columns()[0])
            first.focus()

    def column_resized(self) -> None:
        """A column got another width (the window, or a column emptied or filled): cut the cards again, once."""
        if not self._refill_pending:
            self._refill_pending = True
            self.call_after_refresh(self._refill)

    def _refill(self) -> None:
        self._refill_pending = False
        self.refresh_data()

    def apply_filter(self, text: str) -> None:
        self.refresh_data()

    def _focused_column(self) -> OptionList | None:
        return self.focused if isinstance(self.focused, OptionList) else None

    def action_column(self, step: int) -> None:
        columns = self.columns()
        current = self._focused_column()
        index = columns.index(current) if current in columns else 0
        for n in range(1, len(columns)):
            nxt = columns[(index + step * n) % len(columns)]
            if nxt.option_count:
                nxt.focus()
                return

    def selected(self) -> str | None:
        column = self._focused_column()
        if column is None or column.highlighted is None or not column.option_count:
            return None
        return column.get_option_at_index(column.highlighted).id

    def current_file(self) -> tuple[str, int | None] | None:
        cid = self.selected()
        row = self.data.row(cid) if cid else None
        return (f"{row.folder}/proposal.md", None) if row else None

    def action_archive(self) -> None:
        from openspec_tool.tui import archive_flow

        change_id = self.selected()
        if change_id is None:
            return

        def archived(message: str) -> None:
            self.osapp.reload_now()
            self.notify(message, title="Archived", timeout=8)

        archive_flow.start(self.app, self.data.root, change_id, archived)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "archive":  # an active change's card
            column = self._focused_column()
            return column is not None and column.id != "col-archived" and self.selected() is not None
        return super().check_action(action, parameters)

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.osapp.open_change(event.option.id)
