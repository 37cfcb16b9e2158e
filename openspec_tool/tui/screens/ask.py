"""A question before a write (or a refusal to read): what will happen, and one key per answer.

Dismissed with the chosen answer, or None (Escape, or the last choice when it is a cancel). The text scrolls
when it is longer than the screen (a list of validation errors), so the answers stay in view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


@dataclass(frozen=True)
class Choice:
    key: str  # a single character: pressing it answers
    label: str
    answer: str | None  # None: nothing is done
    variant: str = "default"  # a Button variant: "success", "warning", "error"…


class AskScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    AskScreen {
        align: center middle;
        background: $background 60%;
    }
    #ask-box {
        width: 90;
        max-width: 96%;
        height: auto;
        max-height: 96%;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    #ask-box.refusal {
        border: thick $error;
    }
    #ask-title {
        text-style: bold;
        padding-bottom: 1;
    }
    #ask-text {
        height: auto;
    }
    #ask-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    #ask-buttons Button {
        margin-left: 2;
        min-width: 10;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer_none", "Cancel"),
        Binding("down", "scroll_text('down')", "Scroll", show=False),
        Binding("up", "scroll_text('up')", "Scroll", show=False),
        Binding("pagedown", "scroll_text('page_down')", "Scroll", show=False),
        Binding("pageup", "scroll_text('page_up')", "Scroll", show=False),
    ]

    def __init__(self, title: str, body: Text, choices: list[Choice], refusal: bool = False) -> None:
        super().__init__(id="ask")
        self.title_text = title
        self.body = body
        self.choices = choices
        self.refusal = refusal

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box", classes="refusal" if self.refusal else ""):
            yield Static(Text(self.title_text), id="ask-title")
            with VerticalScroll(id="ask-text"):
                yield Static(self.body, id="ask-body")
            with Horizontal(id="ask-buttons"):
                for n, choice in enumerate(self.choices):
                    yield Button(f"{choice.label} ({choice.key})", id=f"choice-{n}", variant=choice.variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.app.clear_notifications()  # what was said before the question is stale, and would cover it
        # The safe answer has the focus (Enter on it does nothing harmful): a cancel, else the only choice.
        safe = next((n for n, c in enumerate(self.choices) if c.answer is None), len(self.choices) - 1)
        self.query_one(f"#choice-{safe}", Button).focus()

    def on_resize(self, event: events.Resize) -> None:
        """The text scrolls in what the title, the buttons and the borders leave of the screen."""
        self.query_one("#ask-text").styles.max_height = max(3, event.size.height - 10)

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if event.character == choice.key:
                event.stop()
                event.prevent_default()
                self.dismiss(choice.answer)
                return

    def action_scroll_text(self, how: str) -> None:
        """The arrows and PgUp/PgDn scroll the text while a button has the focus."""
        getattr(self.query_one("#ask-text", VerticalScroll), f"scroll_{how}")()

    def action_answer_none(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        n = int((event.button.id or "choice-0").removeprefix("choice-"))
        self.dismiss(self.choices[n].answer)
