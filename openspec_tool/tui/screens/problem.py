"""What the TUI shows when there is no workspace to show: the one-line reason, and `q` (exit status 2)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Header, Static

from openspec_tool.tui.widgets.key_footer import KeyFooter


class NoWorkspaceScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def __init__(self, message: str) -> None:
        super().__init__(id="no-workspace")
        self.message = message

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        text = Text("No OpenSpec workspace\n\n", style="bold")
        text.append(self.message, style="red")
        text.append("\n\nRun `openspec tui` inside a project with an openspec/ folder, or pass --root PATH.", style="dim")
        text.append("\nPress q to quit.", style="bold")
        with Middle(), Center():
            yield Static(text, id="problem-text")
        yield KeyFooter()
