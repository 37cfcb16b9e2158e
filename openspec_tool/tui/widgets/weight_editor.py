"""The weights of the decision's criteria, changed from the keyboard: ←/→ (or -/+) step by 0.05; Enter
opens a field to type the value (digits stay free for the screen keys 1-4). It only edits numbers and
posts messages; the screen asks the engine for the new ranking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static


@dataclass(frozen=True)
class CriterionRow:
    id: str
    label: str
    direction: str  # benefit | cost
    given: float  # the weight as set (file or keyboard)
    share: float  # normalised: what it counts for


def _bar(share: float, top: float, width: int) -> Text:
    filled = round(width * share / top) if top > 0 else 0
    return Text("▮" * filled, style="cyan") + Text("▯" * (width - filled), style="dim")


class WeightList(Widget, can_focus=True):
    """The criteria, one line each; the cursor row is the one the keys change."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Criterion ↑", show=False),
        Binding("down,j", "move(1)", "Criterion ↓", show=False),
        Binding("right,plus,equals_sign", "step(1)", "+0.05"),
        Binding("left,minus", "step(-1)", "-0.05"),
        Binding("enter", "type", "Type weight"),
    ]
    cursor: reactive[int] = reactive(0)

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[CriterionRow] = []

    def set_rows(self, rows: list[CriterionRow]) -> None:
        resized = len(rows) != len(self.rows)
        self.rows = rows
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self.refresh(layout=resized)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(len(self.rows), 1)

    def render(self) -> Text:
        if not self.rows:
            return Text("no criteria", style="dim")
        top = max(r.share for r in self.rows)
        width = self.size.width
        bar = 6 if width >= 27 else 0  # a narrow terminal drops the bar, never the numbers
        name_w = max(4, min(max(len(r.id) for r in self.rows), width - 13 - bar))  # mark, arrow, value, share
        out = Text()
        for n, r in enumerate(self.rows):
            here = n == self.cursor
            line = Text("▸" if here else " ", style="bold")
            line.append(f"{r.id[:name_w]:<{name_w}}", style="bold reverse" if here and self.has_focus else "bold" if here else "")
            line.append(" ↑ " if r.direction == "benefit" else " ↓ ", style="green" if r.direction == "benefit" else "red")
            line.append(f"{r.given:>4.2f}")
            if bar:
                line.append(" ")
                line.append_text(_bar(r.share, top, bar))
            line.append(f" {round(100 * r.share):>2}%", style="dim")
            out.append_text(line)
            if n < len(self.rows) - 1:
                out.append("\n")
        return out

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = (self.cursor + step) % len(self.rows)

    def action_step(self, steps: int) -> None:
        if self.rows:
            self.post_message(WeightEditor.Stepped(self.rows[self.cursor].id, steps))

    def action_type(self) -> None:
        if self.rows:
            self.post_message(WeightEditor.TypeRequested(self.rows[self.cursor].id, ""))


class WeightEditor(Vertical):
    """The list plus a field that opens to type a weight."""

    class Stepped(Message):
        def __init__(self, criterion: str, steps: int) -> None:
            super().__init__()
            self.criterion, self.steps = criterion, steps

    class TypeRequested(Message):
        def __init__(self, criterion: str, start: str) -> None:
            super().__init__()
            self.criterion, self.start = criterion, start

    class Changed(Message):
        """A weight typed in (the screen validates it with the engine)."""

        def __init__(self, criterion: str, value: float) -> None:
            super().__init__()
            self.criterion, self.value = criterion, value

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._typing = ""

    def compose(self) -> ComposeResult:
        yield WeightList(id="weight-list")
        yield Static(Text("←/→ ±0.05, ⏎ type", style="dim"), id="weight-hint")
        field = Input(placeholder="weight, e.g. 0.3", id="weight-input", restrict=r"[0-9.]*")
        field.display = False
        yield field

    @property
    def weight_list(self) -> WeightList:
        return self.query_one(WeightList)

    def set_rows(self, rows: list[CriterionRow]) -> None:
        self.weight_list.set_rows(rows)

    def select(self, criterion: str) -> None:
        ids = [r.id for r in self.weight_list.rows]
        if criterion in ids:
            self.weight_list.cursor = ids.index(criterion)

    @on(TypeRequested)
    def _open_field(self, event: TypeRequested) -> None:
        event.stop()
        field = self.query_one("#weight-input", Input)
        field.border_title = f"weight of {event.criterion}"
        field.value = event.start
        field.display = True
        self.screen.set_focus(field)  # at once: digits typed right after Enter are the weight, not screen keys
        field.cursor_position = len(field.value)
        self._typing = event.criterion

    @on(Input.Submitted, "#weight-input")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one("#weight-input", Input)
        field.display = False
        self.weight_list.focus()
        try:
            value = float(event.value)
        except ValueError:
            if event.value:
                self.notify(f"{event.value!r} is not a number", severity="error")
            return
        self.post_message(self.Changed(self._typing, value))

    def on_key(self, event: Key) -> None:
        field = self.query_one("#weight-input", Input)
        if event.key == "escape" and field.display:
            event.stop()
            field.display = False
            self.weight_list.focus()
