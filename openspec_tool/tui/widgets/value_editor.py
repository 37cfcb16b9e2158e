"""The numbers of the Decision screen changed from the keyboard: the criteria's weights, and the scores of the option
selected. ←/→ (or -/+) step (0.05 a weight, 1 a score); Enter opens a field to type the value (digits stay free for
the screen keys 1-4 until then); in the scores, ]/[ (or PgDn/PgUp) go to the next and previous option. A value that
differs from the file's is marked `*` (saved with `s`); a score the file does not give yet shows `–`. The widgets only
edit numbers and post messages; the screen asks the engine."""

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
from textual.widgets import Input

from openspec_tool.model.units import DASH, num


@dataclass(frozen=True)
class ValueRow:
    id: str  # the criterion
    label: str
    direction: str  # benefit | cost
    value: float | None  # the weight or score as set (file or keyboard); None: not given yet
    share: float | None = None  # a weight's normalised share: what it counts for
    edited: bool = False  # differs from the file (not saved yet)


def _bar(share: float, top: float, width: int) -> Text:
    filled = round(width * share / top) if top > 0 else 0
    return Text("▮" * filled, style="cyan") + Text("▯" * (width - filled), style="dim")


class ValueList(Widget, can_focus=True):
    """The criteria, one line each; the cursor row is the one the keys change."""

    KIND: ClassVar[str] = "value"
    cursor: reactive[int] = reactive(0)

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ValueRow] = []
        self.empty = "nothing to set"

    def set_rows(self, rows: list[ValueRow], empty: str = "") -> None:
        resized = len(rows) != len(self.rows)
        self.rows = rows
        self.empty = empty or self.empty
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self.refresh(layout=resized)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(len(self.rows), 1)

    def shown(self, row: ValueRow) -> str:
        return DASH if row.value is None else num(row.value)

    def render(self) -> Text:
        if not self.rows:
            return Text(self.empty, style="dim")
        shares = [r.share for r in self.rows if r.share is not None]
        top = max(shares) if shares else 0.0
        width = self.size.width
        bar = 6 if width >= 27 and shares else 0  # a narrow terminal drops the bar, never the numbers
        extra = 4 if shares else 0
        name_w = max(4, min(max(len(r.id) for r in self.rows), width - 9 - extra - bar))  # mark, arrow, value, edit
        out = Text()
        for n, r in enumerate(self.rows):
            here = n == self.cursor
            line = Text("▸" if here else " ", style="bold")
            line.append(f"{r.id[:name_w]:<{name_w}}", style="bold reverse" if here and self.has_focus else "bold" if here else "")
            line.append(" ↑ " if r.direction == "benefit" else " ↓ ", style="green" if r.direction == "benefit" else "red")
            line.append(f"{self.shown(r):>4}", style="yellow" if r.value is None else "")
            line.append("*" if r.edited else " ", style="bold yellow")
            if bar and r.share is not None:
                line.append_text(_bar(r.share, top, bar))
            if r.share is not None:
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
            self.post_message(ValueEditor.Stepped(self.KIND, self.rows[self.cursor].id, steps))

    def action_type(self) -> None:
        if self.rows:
            self.post_message(ValueEditor.TypeRequested(self.KIND, self.rows[self.cursor].id))


def _keys(step: str, kind: str) -> list[BindingType]:
    return [
        Binding("up,k", "move(-1)", "Criterion ↑", show=False),
        Binding("down,j", "move(1)", "Criterion ↓", show=False),
        Binding("right,plus,equals_sign", "step(1)", f"+{step}"),
        Binding("left,minus", "step(-1)", f"-{step}"),
        Binding("enter", "type", f"Type {kind}"),
    ]


class WeightList(ValueList):
    KIND = "weight"
    BINDINGS: ClassVar[list[BindingType]] = _keys("0.05", "weight")

    def shown(self, row: ValueRow) -> str:
        return DASH if row.value is None else f"{row.value:.2f}"


class ScoreList(ValueList):
    KIND = "score"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_keys("1", "score"),
        Binding("right_square_bracket,pagedown", "option(1)", "Next option"),
        Binding("left_square_bracket,pageup", "option(-1)", "Prev option", show=False),
    ]

    def action_option(self, steps: int) -> None:
        """The next or previous option (in the options table's order), to score one after the other."""
        self.post_message(ValueEditor.OptionStepped(steps))


class ValueEditor(Vertical):
    """A list plus a field that opens to type a value."""

    LIST: ClassVar[type[ValueList]] = ValueList
    PLACEHOLDER: ClassVar[str] = "a number"
    RESTRICT: ClassVar[str] = r"-?[0-9.]*"

    class Stepped(Message):
        def __init__(self, kind: str, criterion: str, steps: int) -> None:
            super().__init__()
            self.kind, self.criterion, self.steps = kind, criterion, steps

    class TypeRequested(Message):
        def __init__(self, kind: str, criterion: str) -> None:
            super().__init__()
            self.kind, self.criterion = kind, criterion

    class OptionStepped(Message):
        """The scores of the next (1) or previous (-1) option, please."""

        def __init__(self, steps: int) -> None:
            super().__init__()
            self.steps = steps

    class Changed(Message):
        """A value typed in (the screen validates it with the engine)."""

        def __init__(self, kind: str, criterion: str, value: float) -> None:
            super().__init__()
            self.kind, self.criterion, self.value = kind, criterion, value

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._typing = ""

    def compose(self) -> ComposeResult:
        kind = self.LIST.KIND
        yield self.LIST(id=f"{kind}-list")
        field = Input(placeholder=self.PLACEHOLDER, id=f"{kind}-input", restrict=self.RESTRICT)
        field.display = False
        yield field

    @property
    def value_list(self) -> ValueList:
        return self.query_one(self.LIST)

    @property
    def field(self) -> Input:
        return self.query_one(Input)

    def set_rows(self, rows: list[ValueRow], empty: str = "") -> None:
        self.value_list.set_rows(rows, empty)

    def select(self, criterion: str) -> None:
        ids = [r.id for r in self.value_list.rows]
        if criterion in ids:
            self.value_list.cursor = ids.index(criterion)

    def open_field(self, criterion: str, title: str) -> None:
        """The field to type the value of `criterion`, focused at once (digits typed right after are the value)."""
        field = self.field
        field.border_title = title
        field.value = ""
        field.display = True
        self.screen.set_focus(field)
        self._typing = criterion

    @on(TypeRequested)
    def _open_field(self, event: TypeRequested) -> None:
        """A weight's field opens here; a score's field is opened by the screen (it names the option)."""
        if event.kind == "weight":
            event.stop()
            self.open_field(event.criterion, f"weight of {event.criterion}")

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.field.display = False
        self.value_list.focus()
        try:
            value = float(event.value)
        except ValueError:
            if event.value:
                self.notify(f"{event.value!r} is not a number", severity="error")
            return
        self.post_message(self.Changed(self.LIST.KIND, self._typing, value))

    def on_key(self, event: Key) -> None:
        if event.key == "escape" and self.field.display:
            event.stop()
            self.field.display = False
            self.value_list.focus()


class WeightEditor(ValueEditor):
    LIST = WeightList
    PLACEHOLDER = "weight, e.g. 0.3"
    RESTRICT = r"[0-9.]*"


class ScoreEditor(ValueEditor):
    LIST = ScoreList
    PLACEHOLDER = "score, e.g. 4"
