"""Spec browser: main specs and the changes' delta specs; requirements that expand to their scenarios."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, OptionList, Static, Tree
from textual.widgets.option_list import Option

from openspec_tool.tui.screens.base import BaseScreen
from openspec_tool.tui.search import elide_middle, matches, shared_prefix
from openspec_tool.tui.spec_data import Requirement, SpecRef
from openspec_tool.tui.widgets.filter_bar import FilterBar
from openspec_tool.tui.widgets.key_footer import KeyFooter

_OP_STYLES = {"ADDED": "green", "MODIFIED": "yellow", "REMOVED": "red", "RENAMED": "blue"}


def ref_label(ref: SpecRef, width: int = 0, match: str | None = None, shared: int = 0) -> Text:
    """A main spec with its requirement count, or `Δ id  change`; names cut in the middle to `width` (0: whole;
    a change's name first in the prefix all change names share), and where a filter matched when not in the name."""

    def fit(text: str, room: int, shared: int = 0) -> str:
        return elide_middle(text, max(room, 4), shared) if width > 0 else text

    if ref.change is None:
        count = f"  {ref.requirement_count}"
        out = Text(fit(ref.id, width - len(count)), no_wrap=True)
        out.append(count, style="dim")
    else:
        out = Text("Δ ", style="yellow", no_wrap=True)
        name = fit(ref.id, width - 2)
        out.append(name)
        out.append(f"  {fit(ref.change, width - 4 - len(name), shared)}", style="dim")
    if match:
        out.append("\n")
        out.append(match[:width] if width > 0 else match, style="italic")
    return out


def inline(line: str) -> Text:
    """A scenario line with its list dash dropped and `**bold**` shown bold (the rest as written)."""
    line = line.strip()
    if line[:2] in ("- ", "* "):
        line = line[2:]
    out = Text()
    for n, part in enumerate(line.split("**")):
        out.append(part, style="bold" if n % 2 else "")
    return out


def requirement_label(req: Requirement) -> Text:
    out = Text()
    if req.operation:
        out.append(f"{req.operation} ", style=_OP_STYLES.get(req.operation, ""))
    out.append(req.title, style="bold")
    out.append(f"  {len(req.scenarios)} scenario{'s' if len(req.scenarios) != 1 else ''}", style="dim")
    return out


class RequirementTree(Tree[Requirement | None]):
    """← goes back to the spec list (a plain Tree would scroll sideways)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "screen.focus_list", "Specs", show=False),
        Binding("a", "screen.expand_all", "Expand all"),
    ]


class SpecBrowserScreen(BaseScreen):
    TITLE_TEXT = "Specs"
    AUTO_FOCUS = "#spec-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "focus_list", "Specs", show=False),
        Binding("right", "focus_tree", "Requirements", show=False),
        Binding("a", "expand_all", "Expand all"),
    ]
    HELP_NOTES = (
        "The list holds the main specs (with requirement counts) and each change's delta specs (Δ).",
        "Enter or → goes to the requirements; Enter or Space expands a requirement to its scenarios; ← goes back.",
    )

    def __init__(self) -> None:
        super().__init__(id="specs-screen")
        self.refs: list[SpecRef] = []
        self.shown: list[SpecRef] = []
        self.current: SpecRef | None = None
        self.pending: str | None = None  # a spec to select once listed (from the dashboard or the palette)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield FilterBar("filter specs…", id="filter")
        with Horizontal(id="spec-body"):
            listing = OptionList(id="spec-list")
            listing.border_title = "Specs"
            yield listing
            with Vertical(id="spec-pane"):
                yield Static(id="spec-title")
                tree = RequirementTree("Requirements", id="requirements")
                tree.show_root = False
                yield tree
        yield KeyFooter()

    def filter_target(self) -> OptionList:
        return self.query_one("#spec-list", OptionList)

    def refresh_data(self) -> None:
        self.refs = self.data.spec_refs()
        keep = self.pending or (self.current.key if self.current else None)
        self.pending = None
        self._fill(keep)

    def _fill(self, keep: str | None) -> None:
        needle = self.filter_text
        index = self.text_index() if needle else None
        listing = self.query_one("#spec-list", OptionList)
        width = listing.scrollable_content_region.width
        found: dict[str, str] = {}
        self.shown = []
        for r in self.refs:
            entry = None
            if needle and not matches(f"{r.id} {r.change or ''}", needle):
                entry = index.spec_match(r.key, needle) if index is not None else None
                if entry is None:
                    continue
                found[r.key] = entry.shown(needle, width)
            self.shown.append(r)
        listing.clear_options()
        shared = shared_prefix([r.change for r in self.refs if r.change])
        listing.add_options([Option(ref_label(r, width, found.get(r.key), shared), id=r.key) for r in self.shown])
        searching = " · searching texts…" if needle and index is None else ""
        listing.border_subtitle = f"{len(self.shown)} of {len(self.refs)}{searching}" if needle else f"{len(self.refs)}"
        keys = [r.key for r in self.shown]
        if self.shown:
            at = keys.index(keep) if keep in keys else 0
            listing.highlighted = at
            self.show(self.shown[at])
        else:
            self.current = None
            self.query_one("#spec-title", Static).update(Text("No specs found.", style="dim"))
            self.query_one("#requirements", Tree).clear()
        if self.focused is None:
            listing.focus()

    def on_resize(self) -> None:
        self.call_after_refresh(lambda: self._fill(self.current.key if self.current else None))

    def select(self, key: str) -> None:
        """Select a spec by id (main spec) or `change:id` (delta spec)."""
        if not self.is_mounted or not self.refs:
            self.pending = key
            return
        if key not in [r.key for r in self.shown]:
            self.filter_text = ""
            bar = self.query_one(FilterBar)
            bar.value = ""
            bar.hide()
        self._fill(key)
        self.query_one("#spec-list", OptionList).focus()

    def show(self, ref: SpecRef) -> None:
        self.current = ref
        detail = self.data.spec(ref)
        room = self.query_one("#spec-title", Static).content_region.width
        title = Text(elide_middle(ref.path, room) if room > 0 else ref.path, style="bold", no_wrap=True)
        if detail.error:
            title.append(f"\n{detail.error}", style="red")
        else:
            count = len(detail.requirements)
            title.append(f"\n{count} requirement{'s' if count != 1 else ''}", style="dim")
            if ref.change:
                title.append(f" · delta of change {ref.change}", style="dim")
        self.query_one("#spec-title", Static).update(title)
        tree: Tree[Requirement | None] = self.query_one("#requirements", Tree)
        tree.clear()
        for req in detail.requirements:
            node = tree.root.add(requirement_label(req), req, expand=False)
            if req.text:
                node.add_leaf(Text(req.text, style="italic"), req)
            for sc in req.scenarios:
                scen = node.add(Text.assemble(("Scenario: ", "cyan"), sc.title), req, expand=True)
                for line in sc.lines:
                    scen.add_leaf(inline(line), req)
        tree.root.expand()

    @on(OptionList.OptionHighlighted, "#spec-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ref = next((r for r in self.shown if r.key == event.option.id), None)
        if ref is not None and ref is not self.current:
            self.show(ref)

    @on(OptionList.OptionSelected, "#spec-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_focus_tree()

    def apply_filter(self, text: str) -> None:
        self._fill(self.current.key if self.current else None)

    def action_focus_list(self) -> None:
        self.query_one("#spec-list", OptionList).focus()

    def action_focus_tree(self) -> None:
        tree = self.query_one("#requirements", Tree)
        tree.focus()
        if tree.cursor_line < 0 and tree.root.children:
            tree.move_cursor(tree.root.children[0])

    def action_expand_all(self) -> None:
        tree = self.query_one("#requirements", Tree)
        if any(not n.is_expanded for n in tree.root.children):
            tree.root.expand_all()
        else:
            for n in tree.root.children:
                n.collapse()

    def current_file(self) -> tuple[str, int | None] | None:
        if self.current is None:
            return None
        tree: Tree[Requirement | None] = self.query_one("#requirements", Tree)
        node = tree.cursor_node if self.focused is tree else None
        line = node.data.line if node is not None and node.data is not None and node.data.line else None
        return self.current.path, line
