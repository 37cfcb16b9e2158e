"""`?`: the keys of the screen underneath, read from its live bindings, and its notes."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from openspec_tool.tui.screens import SCREENS

GLOBAL_NOTES = (
    " · ".join(f"{s.key} {s.title}" for s in SCREENS) + " · Ctrl+P jumps to any change, spec, option or path.",
    "/ filters the lists by name and by task and requirement text (Enter keeps the filter, Esc clears it).",
    "e opens the current file at its line ($OPENSPEC_EDITOR, $VISUAL or $EDITOR) · files changed on disk reload on"
    " their own · q quits.",
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "app.pop_screen", "Close"),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str]], notes: tuple[str, ...]) -> None:
        super().__init__(id="help")
        self.title_text = title
        self.keys = keys
        self.notes = notes

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, description in self.keys:
            table.add_row(key, description)
        notes = Text()
        for line in (*self.notes, *GLOBAL_NOTES):
            notes.append(f"\n{line}", style="dim")
        with VerticalScroll(id="help-box") as box:
            box.border_title = f"Keys: {self.title_text}"
            box.border_subtitle = "Esc closes"
            yield Static(table)
            yield Static(notes)
