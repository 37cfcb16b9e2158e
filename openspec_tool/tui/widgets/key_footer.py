"""The footer: the screen's keys on one line, as many as fit the width, `?` always last (it lists them all).

One widget drawing one line of text, instead of Textual's Footer (a widget per key, rebuilt on every focus
change, which cost a large change's screen a quarter of a second). A click on a key presses it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.events import Click
from textual.screen import Screen
from textual.widget import Widget

HELP_ACTION = "help"
PALETTE = ("ctrl+p", "^p", "palette")


class KeyFooter(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyFooter > .key-footer--key { color: $footer-key-foreground; text-style: bold; }
    KeyFooter > .key-footer--description { color: $footer-description-foreground; }
    """

    def __init__(self) -> None:
        super().__init__(id="footer")
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each key drawn, for clicks
        self.hidden_keys: list[str] = []  # descriptions that did not fit (for tests and `?`)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> tuple[list[tuple[str, str, str]], tuple[str, str, str] | None]:
        """(key, how it is shown, description) of every shown binding, one per action; and `?` apart."""
        out: list[tuple[str, str, str]] = []
        help_key: tuple[str, str, str] | None = None
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen or key == PALETTE[0]:
                continue
            seen.add(binding.action)
            item = (key, self.app.get_key_display(binding), binding.description)
            if binding.action.rpartition(".")[2] == HELP_ACTION:
                help_key = item
            else:
                out.append(item)
        return out, help_key

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        description_style = self.get_component_rich_style("key-footer--description", partial=True)
        items, last = self.keys()
        parts = [(key, f" {shown} ", f"{description} ") for key, shown, description in items]
        reserve = len(f" ? {'More keys'} ") if last else 0
        used, drawn, self.hidden_keys = 0, [], []
        for part in parts:
            size = len(part[1]) + len(part[2])
            if used + size <= width - reserve and len(self.hidden_keys) == 0:
                drawn.append(part)
                used += size
            else:
                self.hidden_keys.append(part[2].strip())
        if last is not None:
            drawn.append((last[0], f" {last[1]} ", f"{'More keys' if self.hidden_keys else last[2]} "))
            used += len(drawn[-1][1]) + len(drawn[-1][2])
        palette = (PALETTE[0], f" {PALETTE[1]} ", f"{PALETTE[2]} ")
        out, self._spans = Text(no_wrap=True, overflow="crop", end=""), []
        for key, shown, description in drawn:
            start = out.cell_len
            out.append(shown, key_style)
            out.append(description, description_style)
            self._spans.append((start, out.cell_len, key))
        room = width - used - len(palette[1]) - len(palette[2])
        if room >= 1 and self.app.ENABLE_COMMAND_PALETTE:
            out.append(" " * room)
            start = out.cell_len
            out.append(palette[1], key_style)
            out.append(palette[2], description_style)
            self._spans.append((start, out.cell_len, palette[0]))
        return out

    def on_click(self, event: Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
