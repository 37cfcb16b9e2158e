"""Asking before a choice is recorded: what will be written, why (an optional reason, as `--reason` gives it), and
whether to create a git branch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


@dataclass(frozen=True)
class ChoiceRequest:
    decision_id: str
    decision_path: str
    record_path: str
    kind: str  # path | option
    target: str
    label: str
    recommended: str | None
    previous: str | None
    weights: str  # "effort 0.25, …" (normalised) as the record will state them
    branch: str | None  # the branch name, None outside git
    over_budget: bool = False  # the choice is over the decision's budget
    tie: tuple[str, ...] = ()  # the alternatives tied for first, when the first place is a tie


class ConfirmChoiceScreen(ModalScreen[tuple[bool, bool, str | None]]):
    """Dismissed with (confirmed, create branch, reason)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Record"),
        Binding("n,escape", "answer(False)", "Cancel"),
        Binding("b", "toggle_branch", "Git branch"),
        Binding("r", "reason", "Reason"),
    ]

    def __init__(self, request: ChoiceRequest) -> None:
        super().__init__(id="confirm-choice")
        self.request = request
        self.branch = False

    def compose(self) -> ComposeResult:
        r = self.request
        name = f"{r.kind} {r.target}" + (f" ({r.label})" if r.label and r.label != r.target else "")
        text = Text("Record ", style="bold")
        text.append(name, style="bold green")
        text.append(f" as the choice for {r.decision_id}?", style="bold")
        text.append("\n\nThis writes ")
        text.append(r.record_path, style="cyan")
        text.append(" (the decision record, with the scores of this moment) and sets ")
        text.append(f"chosen: {r.target}", style="cyan")
        text.append(" in ")
        text.append(r.decision_path, style="cyan")
        text.append(f" — exactly what `openspec decide choose {r.target}` writes.")
        text.append(f"\nWeights: {r.weights}.", style="dim")
        if r.tie:
            text.append(f"\nFirst place is a tie: {' = '.join(r.tie)}; the record says so.", style="yellow")
        elif r.recommended and r.recommended != r.target:
            text.append(
                f"\nThe tool recommends {r.recommended}; the record will say this choice was made on other grounds.",
                style="yellow",
            )
        if r.over_budget:
            text.append("\nThis choice is over the decision's budget.", style="red")
        if r.previous and r.previous != r.target:
            text.append(f"\nThis replaces the recorded choice {r.previous}.", style="yellow")
        with Vertical(id="confirm-box"):
            yield Static(text, id="confirm-text")
            yield Input(placeholder="why (optional; r to type it, Enter to keep it)", id="reason")
            if r.branch:
                yield Static(self._branch_line(), id="branch")
                yield Static(
                    Text(
                        "At HEAD; checked out only if the work tree is clean. Nothing is stashed, reset or overwritten.",
                        style="dim",
                    ),
                    id="branch-note",
                )
            with Horizontal(id="confirm-buttons"):
                yield Button("Record (y)", id="yes", variant="success")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def _branch_line(self) -> Text:
        """`[x]`/`[ ]` in the text itself, so the state reads the same without colour."""
        out = Text("[x] " if self.branch else "[ ] ", style="bold")
        out.append(f"also create git branch {self.request.branch}  ")
        out.append("(b toggles)", style="dim")
        return out

    def action_answer(self, yes: bool) -> None:
        field = self.query_one("#reason", Input)
        if field.has_focus and not yes:  # Esc in the reason field leaves the field, not the dialog
            self.query_one("#yes", Button).focus()
            return
        reason = field.value.strip() or None
        self.dismiss((yes, yes and self.branch and self.request.branch is not None, reason))

    def action_reason(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def _reason_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#yes", Button).focus()

    def action_toggle_branch(self) -> None:
        if self.request.branch:
            self.branch = not self.branch
            self.query_one("#branch", Static).update(self._branch_line())

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")
