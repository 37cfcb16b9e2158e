"""Dashboard: headline counts, the changes in an aligned table, the specs with requirement counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static

from openspec_tool.tui.data import STAGE_TITLES, STAGES, ChangeRow, WorkspaceData, when
from openspec_tool.tui.screens.base import BaseScreen
from openspec_tool.tui.search import matches
from openspec_tool.tui.spec_data import spec_path
from openspec_tool.tui.widgets.filter_bar import FilterBar
from openspec_tool.tui.widgets.key_footer import KeyFooter
from openspec_tool.tui.widgets.progress import count_cell, progress_cell, stage_cell
from openspec_tool.tui.widgets.virtual_table import Cell, Column, VirtualTable

if TYPE_CHECKING:
    from openspec_tool.tui.text_index import TextIndex

MATCH = Column("Match", 16, flex=1)


def change_columns(longest: int, matching: bool) -> list[Column]:
    """The name takes the free width (up to the longest id); narrow, "Last modified" goes first, then the bar.
    While a filter matches task or requirement texts, a Match column shows where, in the bar's place."""
    name = Column("Change", 20, flex=2, most=max(longest, 20), middle=True)
    if matching:
        return [name, Column("Status", 13), Column("Checkboxes", 10, right=True), MATCH]
    return [
        name,
        Column("Status", 13),
        Column("Progress", 15, drop=1),
        Column("Checkboxes", 10, right=True),
        Column("Last modified", 16, drop=2),
    ]


def spec_columns(longest: int, matching: bool) -> list[Column]:
    return [Column("Spec", 20, flex=2, most=max(longest, 20), middle=True), Column("Requirements", 12, right=True)] + (
        [MATCH] if matching else []
    )


def change_cells(r: ChangeRow, match: str | None = None) -> list[Cell]:
    if match is not None:
        return [r.id, stage_cell(r.stage), count_cell(r.done, r.total), Text(match, style="italic")]
    return [r.id, stage_cell(r.stage), progress_cell(r.done, r.total), count_cell(r.done, r.total), when(r.modified)]


class DashboardScreen(BaseScreen):
    TITLE_TEXT = "Dashboard"
    AUTO_FOCUS = "#changes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch_table", "Changes/Specs", show=False),
        Binding("o", "sort", "Sort"),
    ]
    HELP_NOTES = ("↑/↓ move in the table, Tab switches between changes and specs, Enter opens the item.",)

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.sort = "recent"
        self.change_rows: list[ChangeRow] = []
        self.spec_rows: list[str] = []  # spec ids

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="headline")
        yield FilterBar("filter changes and specs…", id="filter")
        changes = VirtualTable(id="changes")
        changes.border_title = "Changes"
        changes.set_columns(change_columns(0, False))
        yield changes
        specs = VirtualTable(id="specs")
        specs.border_title = "Specs"
        specs.set_columns(spec_columns(0, False))
        yield specs
        yield KeyFooter()

    def filter_target(self) -> VirtualTable:
        return self.query_one("#changes", VirtualTable)

    def refresh_data(self) -> None:
        data = self.data
        if data.changes_pending:  # a big workspace: the screen finishes mounting while the child lists them
            self.query_one("#headline", Static).update(Text("Reading the workspace…", style="dim"))
            self._read(data)
            return
        self._show()

    @work(thread=True, exclusive=True, group="read")
    def _read(self, data: WorkspaceData) -> None:
        data.changes  # noqa: B018 - waits for the forked children in this thread (they walk the specs too)
        self.app.call_from_thread(self._read_done, data)

    def _read_done(self, data: WorkspaceData) -> None:
        if data is self.data:
            self._show()

    def _show(self) -> None:
        data = self.data
        if data.specs_pending:
            self._count_specs(data)  # the total arrives a moment later; visible rows are counted as drawn
        self._headline()
        self._fill()
        self.call_after_refresh(self.osapp.mark_first_screen)
        if not data.specs_pending:
            self.call_after_refresh(self.osapp.mark_counted)

    @work(thread=True, exclusive=True, group="count-specs")
    def _count_specs(self, data: WorkspaceData) -> None:
        data.specs  # noqa: B018 - waits for the forked child (or counts) in this thread
        self.app.call_from_thread(self._counted, data)

    def _counted(self, data: WorkspaceData) -> None:
        if data is self.data:
            self._headline()
            self.query_one("#specs", VirtualTable).refresh()
            self.call_after_refresh(self.osapp.mark_counted)

    def _headline(self) -> None:
        data = self.data
        rows = data.changes
        by_stage = {s: sum(1 for r in rows if r.stage == s) for s in STAGES}
        done, total = sum(r.done for r in rows), sum(r.total for r in rows)
        head = Text()
        head.append(f"{len(rows)} changes", style="bold")
        head.append("  " + " · ".join(f"{by_stage[s]} {STAGE_TITLES[s].lower()}" for s in STAGES[:3]))
        head.append("\nCheckboxes ", style="bold")  # the reference's count, as `openspec list` (tasks: a change's screen)
        head.append_text(progress_cell(done, total))
        head.append(f" {done}/{total} checked")
        head.append(f"   {len(data.spec_ids())} specs", style="bold")
        if not data.specs_pending:
            head.append(f" · {sum(s.requirement_count for s in data.specs)} requirements")
        else:
            head.append(" · counting requirements…", style="dim")
        if data.error:
            head.append(f"\n{data.error}", style="red")
        self.query_one("#headline", Static).update(head)

    def _fill(self) -> None:
        needle = self.filter_text
        index = self.text_index() if needle else None
        changes = self.query_one("#changes", VirtualTable)
        keep = self.change_rows[changes.cursor_row].id if 0 <= changes.cursor_row < len(self.change_rows) else None
        rows = self.data.changes
        if self.sort == "name":
            rows = sorted(rows, key=lambda r: r.id.lower())
        found: dict[str, str] = {}  # id → where the filter matched, when not in the name
        self.change_rows = [r for r in rows if self._keep(r.id, needle, index, found, "change")] if needle else list(rows)
        ids = [r.id for r in self.change_rows]
        if keep in ids:
            changes.set_reactive(VirtualTable.cursor_row, ids.index(keep))
        rows_shown = self.change_rows
        changes.set_columns(change_columns(max((len(r.id) for r in rows), default=0), bool(needle)))
        matched = (lambda i: found.get(rows_shown[i].id, "")) if needle else (lambda i: None)
        changes.set_rows(len(rows_shown), lambda i: change_cells(rows_shown[i], matched(i)))
        specs = self.query_one("#specs", VirtualTable)
        all_specs = self.data.spec_ids()
        self.spec_rows = [s for s in all_specs if self._keep(s, needle, index, found, "spec")] if needle else list(all_specs)
        spec_rows, count = self.spec_rows, self.data.spec_count
        specs.set_columns(spec_columns(max((len(s) for s in all_specs), default=0), bool(needle)))

        def spec_cells(i: int) -> list[Cell]:
            sid = spec_rows[i]
            return [sid, str(count(sid)), found.get(f"spec:{sid}", "")] if needle else [sid, str(count(sid))]

        specs.set_rows(len(spec_rows), spec_cells)
        searching = " · searching texts…" if needle and index is None else ""
        if not all_specs:
            specs.border_subtitle = "none in openspec/specs/ (delta specs: Specs screen, 3)"
        else:
            specs.border_subtitle = f"{len(spec_rows)} of {len(all_specs)}{searching}" if needle else f"{len(spec_rows)}"
        total = len(self.data.changes)
        changes.border_subtitle = f"{len(rows_shown)} of {total}{searching}" if needle else f"{len(rows_shown)}"

    def _keep(self, item: str, needle: str, index: TextIndex | None, found: dict[str, str], kind: str) -> bool:
        """Does the filter match the name, or (once read) one of its tasks or requirements? Notes which."""
        if matches(item, needle):
            return True
        entry = (
            None if index is None else index.change_match(item, needle) if kind == "change" else index.spec_match(item, needle)
        )
        if entry is not None:
            found[item if kind == "change" else f"spec:{item}"] = entry.shown(needle, 60)
        return entry is not None

    def apply_filter(self, text: str) -> None:
        self._fill()

    def selected(self) -> tuple[str, str] | None:
        """("change", id) or ("spec", id) under the cursor of the focused table."""
        if self.focused is not None and self.focused.id == "specs":
            table = self.query_one("#specs", VirtualTable)
            return ("spec", self.spec_rows[table.cursor_row]) if self.spec_rows else None
        table = self.query_one("#changes", VirtualTable)
        return ("change", self.change_rows[table.cursor_row].id) if self.change_rows else None

    def current_file(self) -> tuple[str, int | None] | None:
        picked = self.selected()
        if picked is None:
            return None
        kind, item = picked
        if kind == "spec":
            return spec_path(item), None
        row = self.data.row(item)
        return (f"{row.folder}/proposal.md" if row else f"openspec/changes/{item}/proposal.md"), None

    @on(VirtualTable.Selected)
    def _open(self, event: VirtualTable.Selected) -> None:
        event.stop()
        picked = self.selected()
        if picked is None:
            return
        kind, item = picked
        if kind == "change":
            self.osapp.open_change(item)
        else:
            self.osapp.open_spec(item)

    def action_switch_table(self) -> None:
        target = "#specs" if self.focused is not None and self.focused.id == "changes" else "#changes"
        self.query_one(target, VirtualTable).focus()

    def action_sort(self) -> None:
        self.sort = "name" if self.sort == "recent" else "recent"
        self.notify(f"Changes sorted by {'name' if self.sort == 'name' else 'last modified'}", timeout=2)
        self._fill()
