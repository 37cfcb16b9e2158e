"""The `/` filter: a one-line input that narrows the screen's lists as you type.

Enter keeps the filter and goes back to the list; Escape clears it. The screen listens for
`FilterBar.Filtered` and does the narrowing itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "clear", "Clear filter", show=False)]

    class Filtered(Message):
        def __init__(self, text: str, done: bool) -> None:
            super().__init__()
            self.text = text
            self.done = done  # Enter or Escape: focus goes back to the list

    def __init__(self, placeholder: str = "filter…", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, classes="filter-bar")
        self.hide()

    def hide(self) -> None:
        """Out of sight and out of the focus chain (so no screen starts with its focus here)."""
        self.display = False
        self.can_focus = False

    def open(self) -> None:
        self.display = True
        self.can_focus = True
        # At once, not after the keys already queued (focus() waits its turn): what is typed right after `/`
        # while the screen is busy must land here, not on the list's bindings.
        self.screen.set_focus(self)

    def action_clear(self) -> None:
        self.value = ""
        self.hide()
        self.post_message(self.Filtered("", True))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Filtered(event.value, False))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.value:
            self.hide()
        self.post_message(self.Filtered(self.value, True))
