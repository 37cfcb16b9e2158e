"""`i` on the Decision screen without a decision file: what `openspec decide init` would write, shown before anything
is written — the command line, the file's path, what it holds and its text — and written (`write.decision_init.create`,
the CLI's own function: created whole, never over a file) only when Write is pressed.

The fields are the command's arguments: which changes (ids, or a glob as `--match` takes it; blank: every active
change), which planning documents (`--from`; prefilled with those openspec/config.yaml lists) and the decision's id.
Enter in a field plans again. When there is nothing to decide between, the dialog says so and offers no Write.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from openspec_tool.write.decision_init import InitError, InitPlan, create, plan_init

_GLOB = re.compile(r"[*?\[]")
_WORDS = re.compile(r"[\s,]+")

Fields = tuple[str, str, str]  # (options, documents, id) as typed


def arguments(fields: Fields) -> tuple[str | None, list[str], str | None, list[str]]:
    """(id, --options, --match, --from) from the fields: a glob in the options field is `--match`."""
    options, documents, ident = (f.strip() for f in fields)
    words = [w for w in _WORDS.split(options) if w]
    match = options if _GLOB.search(options) else None
    return ident or None, [] if match else words, match, [w for w in _WORDS.split(documents) if w]


def command_line(fields: Fields) -> str:
    """The `openspec decide init …` that writes the same file."""
    ident, options, match, sources = arguments(fields)
    out = ["openspec", "decide", "init"] + ([ident] if ident else [])
    if options:
        out += ["--options", ",".join(options)]
    if match:
        out += ["--match", match]
    for source in sources:
        out += ["--from", source]
    return shlex.join(out)


class InitDecisionScreen(ModalScreen[Path | None]):
    """Dismissed with the path of the file written, or None (nothing written)."""

    DEFAULT_CSS = """
    InitDecisionScreen {
        align: center middle;
        background: $background 60%;
    }
    #init-box {
        width: 100;
        max-width: 98%;
        height: 96%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    #init-title { text-style: bold; margin-bottom: 1; }
    .init-field { height: 1; }
    .init-field Label { width: 11; }
    .init-field Input { border: none; height: 1; padding: 0 1; width: 1fr; background: $boost; }
    .init-field Input:focus { background: $accent 30%; }
    #init-command { margin-top: 1; height: auto; }
    #init-summary { height: auto; }
    #init-preview { height: 1fr; border: round $primary-darken-1; }
    #init-text { width: auto; }
    #init-buttons { height: 1; margin-top: 1; align-horizontal: right; }
    #init-buttons Button { margin-left: 2; min-width: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "write", "Write"),
        Binding("n,escape", "cancel", "Cancel"),
        Binding("down", "scroll('down')", "Scroll", show=False),
        Binding("up", "scroll('up')", "Scroll", show=False),
        Binding("pagedown", "scroll('page_down')", "Scroll", show=False),
        Binding("pageup", "scroll('page_up')", "Scroll", show=False),
        Binding("right", "scroll('right')", "Scroll", show=False),
        Binding("left", "scroll('left')", "Scroll", show=False),
    ]

    def __init__(self, root: Path, documents: tuple[str, ...] = ()) -> None:
        super().__init__(id="init-decision")
        self.root = root
        self.documents = documents
        self.plan: InitPlan | None = None
        self.planned: Fields | None = None  # the fields `plan` was made from
        self._focus_write = False

    def compose(self) -> ComposeResult:
        with Vertical(id="init-box"):
            yield Static(Text("Start a decision file — nothing is written before Write"), id="init-title")
            with Horizontal(classes="init-field"):
                yield Label("Options")
                yield Input(placeholder="change ids, or a glob: phase2-option*  (blank: every active change)", id="init-options")
            with Horizontal(classes="init-field"):
                yield Label("From")
                documents = " ".join(self.documents)
                yield Input(documents, placeholder="planning documents, e.g. PHASE_2_*.md (blank: none)", id="init-from")
            with Horizontal(classes="init-field"):
                yield Label("Id")
                yield Input(placeholder="the decision's name (blank: from the options' ids)", id="init-id")
            yield Static(id="init-command")
            yield Static(id="init-summary")
            with ScrollableContainer(id="init-preview"):
                yield Static(id="init-text")
            with Horizontal(id="init-buttons"):
                yield Button("Write (y)", id="write", variant="success", disabled=True, compact=True)
                yield Button("Cancel (n)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.app.clear_notifications()
        self.query_one("#cancel", Button).focus()
        self.replan()

    def fields(self) -> Fields:
        return (
            self.query_one("#init-options", Input).value,
            self.query_one("#init-from", Input).value,
            self.query_one("#init-id", Input).value,
        )

    # -- planning ----------------------------------------------------------------------------------
    def replan(self) -> None:
        fields = self.fields()
        self.query_one("#init-command", Static).update(Text(command_line(fields), style="cyan"))
        self.query_one("#init-summary", Static).update(Text("Reading the changes and documents…", style="dim"))
        self.query_one("#write", Button).disabled = True
        self._plan(fields)

    @work(thread=True, exclusive=True, group="init-plan")
    def _plan(self, fields: Fields) -> None:
        from openspec_tool.read.tree import DiskTree

        ident, options, match, sources = arguments(fields)
        try:
            plan: InitPlan | str = plan_init(DiskTree(self.root), str(self.root), ident, options, match, sources)
        except InitError as exc:
            plan = str(exc)
        self.app.call_from_thread(self._planned, fields, plan)

    def _planned(self, fields: Fields, plan: InitPlan | str) -> None:
        if not self.is_attached or fields != self.fields():
            return  # typed on meanwhile: a newer plan follows
        summary = self.query_one("#init-summary", Static)
        text = self.query_one("#init-text", Static)
        self.planned = fields
        if isinstance(plan, str):
            self.plan, self._focus_write = None, False
            summary.update(Text(f"Nothing to write: {plan}", style="bold red"))
            text.update("")
            return
        self.plan = plan
        exists = (self.root / plan.rel).exists()
        out = Text("Writes ", style="bold")
        out.append(plan.rel, style="bold cyan")
        out.append(f": {plan.summary()}.")
        if exists:
            out.append(f"\n{plan.rel} exists: decide init never overwrites; give another id.", style="bold red")
        else:
            out.append(
                f"\nThen fill in its {plan.score_count} scores ({', '.join(plan.scored)}): here with g (s saves them), or "
                "under scores: in the file.",
                style="dim",
            )
        for note in (plan.unstated(), plan.problems()):
            if note is not None:
                out.append(f"\n{note}", style="yellow")
        summary.update(out)
        text.update(Text(plan.text, no_wrap=True))  # lines as in the file; the preview scrolls both ways
        write = self.query_one("#write", Button)
        write.disabled = exists
        if self._focus_write and not exists:
            write.focus()
        self._focus_write = False

    @on(Input.Submitted)
    def _field_done(self, event: Input.Submitted) -> None:
        """Enter in a field: plan again; the focus leaves the field (to Write once the new preview is there)."""
        event.stop()
        self._focus_write = True
        self.query_one("#cancel", Button).focus()
        self.replan()

    # -- answers -----------------------------------------------------------------------------------
    def action_write(self) -> None:
        if self.plan is None or self.query_one("#write", Button).disabled:
            self.notify("Nothing to write (see the dialog).", severity="warning", timeout=3)
            return
        if self.planned != self.fields():  # typed after the preview: show what would be written first
            self.replan()
            self.notify("The preview was out of date: check it, then Write.", severity="warning", timeout=4)
            return
        plan = self.plan
        try:
            path = create(self.root, plan.rel, plan.text, set(plan.known))
        except InitError as exc:
            self.notify(str(exc), title="Nothing written", severity="error", timeout=8)
            return
        except OSError as exc:
            self.notify(f"{plan.rel}: cannot write: {exc.strerror or exc}", title="Nothing written", severity="error")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        if isinstance(self.focused, Input):  # Esc in a field leaves the field, not the dialog
            self.query_one("#cancel", Button).focus()
            return
        self.dismiss(None)

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#init-preview", ScrollableContainer), f"scroll_{how}")()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "write":
            self.action_write()
        else:
            self.dismiss(None)
