"""What every workspace screen shares: the app's data, the `/` filter, the file `e` edits, reloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.binding import Binding, BindingType
from textual.screen import Screen

from openspec_tool.tui.data import WorkspaceData
from openspec_tool.tui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from openspec_tool.tui.app import OpenSpecApp
    from openspec_tool.tui.text_index import TextIndex


class BaseScreen(Screen[None]):
    """A screen over the workspace. Subclasses fill `refresh_data` and, if they list things, `apply_filter`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("e", "app.edit", "Edit"),
    ]
    TITLE_TEXT: ClassVar[str] = ""
    HELP_NOTES: ClassVar[tuple[str, ...]] = ()  # extra lines for `?` (keys that are not bindings)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.generation = -1
        self.filter_text = ""
        self.ready = False  # filled once (on mount); later fills are reloads
        self._rebuilding = False
        self._rebuild_again = False

    @property
    def osapp(self) -> OpenSpecApp:
        return cast("OpenSpecApp", self.app)

    @property
    def data(self) -> WorkspaceData:
        data = self.osapp.data
        assert data is not None, "workspace screens exist only with a workspace"
        return data

    def on_mount(self) -> None:
        self.sub_title = f"{self.title_text()} · {self.data.root.name}"
        self.generation = self.osapp.generation
        self.refresh_data()
        self.ready = True
        self.after_mount()

    def after_mount(self) -> None:
        """Subclasses' mount work (Textual calls every class's `on_mount`, so they do not define one)."""

    def on_screen_resume(self) -> None:
        if self.ready and self.generation != self.osapp.generation:
            self.reload()

    def title_text(self) -> str:
        return self.TITLE_TEXT

    def reload(self) -> None:
        """The app's data was replaced (files changed on disk): show the new state."""
        self.generation = self.osapp.generation
        self.refresh_data()

    def refresh_data(self) -> None:
        """Fill the widgets from `self.data`."""

    def rebuild(self) -> None:
        """Compose the screen again, one rebuild at a time: a request while one runs makes it run once more
        afterwards (cancelling a recompose half-way would leave widgets half-mounted)."""
        self._rebuild_again = True
        if not self._rebuilding:
            self._rebuilding = True
            self.run_worker(self._rebuild_loop(), group="rebuild")

    async def _rebuild_loop(self) -> None:
        try:
            while self._rebuild_again:
                self._rebuild_again = False
                self.before_rebuild()
                await self.recompose()
                self.after_rebuild()
        finally:
            self._rebuilding = False

    def before_rebuild(self) -> None:
        """Remember what the new widgets should show again (a tab, a selection)."""

    def after_rebuild(self) -> None:
        """Restore it."""

    def current_file(self) -> tuple[str, int | None] | None:
        """(path relative to the root, line) that `e` opens; None when nothing is selected."""
        return None

    # -- values changed and not written (the Decision screen's weights and scores) ------------------------------
    def has_unsaved(self) -> bool:
        """Does the screen hold values changed and not written to their file (asked about before quitting)?"""
        return False

    def settle_unsaved(self, doing: str, go_on: Callable[[bool], None]) -> None:
        """Before `doing` would drop them: ask (save, discard or cancel), then `go_on(saved)` unless cancelled.
        Nothing held: `go_on(False)` at once."""
        go_on(False)

    def apply_filter(self, text: str) -> None:
        """Narrow what the screen lists to `text`."""

    def filter_target(self) -> Any:
        """The widget that gets focus back after filtering."""
        return None

    def filter_done(self, text: str) -> None:
        """Enter or Escape in the filter: back to the list (Enter keeps the filter)."""
        if (target := self.filter_target()) is not None:
            target.focus()

    def action_filter(self) -> None:
        bars = self.query(FilterBar)
        if bars:
            bars.first().open()

    def clear_filter(self) -> None:
        """Drop a kept filter (Escape on the list): the bar closes and the list is whole again."""
        bars = self.query(FilterBar)
        if bars:
            bars.first().action_clear()
        else:
            self.filter_text = ""
            self.apply_filter("")

    def action_clear_filter(self) -> None:
        self.clear_filter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_text)
        return True

    # -- what filters search besides names --------------------------------------------------------
    def text_index(self) -> TextIndex | None:
        """The task and requirement texts of the workspace; None while a worker reads them (the screen that
        is showing then filters again)."""
        data = self.data
        if data.text_index is None and not data.indexing:
            data.indexing = True
            rows = [(r.id, r.folder, r.stage != "archived") for r in (*data.changes, *data.archived())]
            self._index(data, rows, data.spec_ids())
        return data.text_index

    @work(thread=True, group="index", exit_on_error=False)
    def _index(self, data: WorkspaceData, rows: list[tuple[str, str, bool]], spec_ids: list[str]) -> None:
        from openspec_tool.tui.text_index import TextIndex, build_index

        try:
            index = build_index(data.root, rows, spec_ids)
        except Exception as exc:  # a reader's bug must not take the TUI down: names still filter
            self.app.call_from_thread(self.notify, f"cannot search task and requirement texts: {exc}", severity="error")
            index = TextIndex({}, {})
        self.app.call_from_thread(self._indexed, data, index)

    def _indexed(self, data: WorkspaceData, index: TextIndex) -> None:
        data.text_index, data.indexing = index, False
        screen = self.app.screen
        if isinstance(screen, BaseScreen) and screen.data is data and screen.filter_text:
            screen.apply_filter(screen.filter_text)

    @on(FilterBar.Filtered)
    def _filter_changed(self, event: FilterBar.Filtered) -> None:
        self.filter_text = event.text
        self.apply_filter(event.text)
        if event.done:
            self.filter_done(event.text)
