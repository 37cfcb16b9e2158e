"""The TUI's screens, one module each (Textual), and `SCREENS`: the one list of the top-level screens.

Adding a screen is one entry here: its key, the palette's "Go to" entry and the help line follow from it.
A screen's module is imported when the screen is first shown.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class TopScreen:
    mode: str  # the app's mode name (`app.go(mode)`)
    title: str
    key: str  # the global key that shows it
    module: str  # where its class is, imported on first show
    cls: str

    def make(self) -> Screen[Any]:
        screen: Screen[Any] = getattr(importlib.import_module(self.module), self.cls)()
        return screen


SCREENS = (
    TopScreen("dashboard", "Dashboard", "1", "openspec_tool.tui.screens.dashboard", "DashboardScreen"),
    TopScreen("kanban", "Kanban", "2", "openspec_tool.tui.screens.kanban", "KanbanScreen"),
    TopScreen("specs", "Specs", "3", "openspec_tool.tui.screens.spec_browser", "SpecBrowserScreen"),
    TopScreen("decision", "Decision", "4", "openspec_tool.tui.screens.decision", "DecisionScreen"),
)
