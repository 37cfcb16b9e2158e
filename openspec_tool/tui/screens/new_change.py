"""`N`: a new change, as `openspec new change ID --description TEXT` creates it (`write.new_change.create_change`,
the CLI's own function): the id checked as typed with the reference's rules and messages, a refusal shown in
its words with nothing written, and on success the app opens the new change."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from openspec_tool.write.new_change import Created, NewChangeError, change_name_problem, create_change


class NewChangeScreen(ModalScreen[Created | None]):
    """Dismissed with what was created, or None (nothing written)."""

    DEFAULT_CSS = """
    NewChangeScreen {
        align: center middle;
        background: $background 60%;
    }
    #new-box {
        width: 80;
        max-width: 96%;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    #new-title {
        text-style: bold;
        padding-bottom: 1;
    }
    #new-box Label {
        margin-top: 1;
    }
    #new-id-problem, #new-error {
        height: auto;
    }
    #new-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    #new-buttons Button {
        margin-left: 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, root: Path) -> None:
        super().__init__(id="new-change")
        self.root = root

    def compose(self) -> ComposeResult:
        with Vertical(id="new-box"):
            yield Static(Text("New change  (openspec new change ID --description TEXT)"), id="new-title")
            yield Label("Id: kebab-case, e.g. add-auth (its folder: openspec/changes/ID/)")
            yield Input(placeholder="add-auth", id="new-id")
            yield Static(id="new-id-problem")
            yield Label("Description (optional; written to its README.md)")
            yield Input(placeholder="what the change is for", id="new-description")
            yield Static(id="new-error")
            with Horizontal(id="new-buttons"):
                yield Button("Create (Enter)", id="create", variant="success")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.app.clear_notifications()
        self.query_one("#new-id", Input).focus()

    @on(Input.Changed, "#new-id")
    def _typed(self, event: Input.Changed) -> None:
        """The reference's message for the id as typed (nothing while the field is empty)."""
        problem = change_name_problem(event.value) if event.value else None
        shown = Text(problem, style="yellow") if problem else Text()
        if not problem and event.value and (self.root / "openspec" / "changes" / event.value).exists():
            shown = Text(f"Change '{event.value}' already exists", style="yellow")
        self.query_one("#new-id-problem", Static).update(shown)
        self.query_one("#new-error", Static).update("")

    @on(Input.Submitted, "#new-id")
    def _id_done(self) -> None:
        self.query_one("#new-description", Input).focus()

    @on(Input.Submitted, "#new-description")
    def _description_done(self) -> None:
        self.create()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.create()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def create(self) -> None:
        """What the CLI does: refuse a bad id in the reference's words, else create, whole or not at all."""
        name = self.query_one("#new-id", Input).value
        description = self.query_one("#new-description", Input).value.strip() or None
        error = self.query_one("#new-error", Static)
        problem = change_name_problem(name)
        if problem:
            error.update(Text(f"✖ Error: {problem}", style="bold red"))
            self.query_one("#new-id", Input).focus()
            return
        try:
            created = create_change(self.root, name, description)
        except NewChangeError as exc:  # an existing change, an unknown schema: the id is the thing to change
            error.update(Text(f"✖ Error: {exc}", style="bold red"))
            self.query_one("#new-id", Input).focus()
            return
        except OSError as exc:
            error.update(Text(f"✖ Error: {exc.strerror or exc}: {exc.filename or self.root}", style="bold red"))
            return
        self.dismiss(created)
