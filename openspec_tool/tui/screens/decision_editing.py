"""What the keyboard changes on the Decision screen: weights and the selected option's scores (a new ranking at once, the
full run shortly after), the method, resetting them, and saving the changed weights and scores into the decision file
(`s`: each value edited where it is, comments and layout kept; then the file is read again). Whatever would drop
values not saved (quitting, another decision file, a reload that lands elsewhere) asks first: Save, Discard, Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.timer import Timer
from textual.widgets import Static

from openspec_tool.decide.engine import DecisionResult
from openspec_tool.decide.model import DecisionInput
from openspec_tool.tui.decision_state import DecisionSession
from openspec_tool.tui.screens.ask import AskScreen, Choice
from openspec_tool.tui.screens.base import BaseScreen
from openspec_tool.tui.widgets.decision_states import unsaved_question
from openspec_tool.tui.widgets.rank_table import RankTable
from openspec_tool.tui.widgets.value_editor import ScoreEditor, ValueEditor, ValueRow, WeightEditor

REFINE_DELAY = 0.3


class DecisionEditing(BaseScreen):
    """The Decision screen's editing half; `DecisionScreen` loads and shows."""

    EDIT_ACTIONS: ClassVar[set[str]] = {"focus_scores", "save"}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.session: DecisionSession | None = None
        self._refine_timer: Timer | None = None
        self._kind = ""
        self._asking = False  # the question about values not saved is showing

    def show_result(self) -> None:
        """Draw the session's result (the screen defines it)."""

    def reload_decision(self) -> None:
        """Read the decision file again (the screen defines it)."""

    # -- the numbers -------------------------------------------------------------------------------
    def score_option(self) -> str | None:
        """The option whose scores the score list shows: the one selected in the options table."""
        if self.session is None:
            return None
        selected = self.query_one("#options-table", RankTable).selected_id()
        return selected if selected in self.session.spec.options else self.session.spec.options[0]

    def show_scores(self) -> None:
        session, option = self.session, self.score_option()
        if session is None or option is None:
            return
        row = session.result.row("option", option)
        title = Text("Scores · ", style="bold")
        title.append(row.name if row is not None else option, style="bold cyan")
        self.query_one("#scores-title", Static).update(title)
        rows = [
            ValueRow(c.id, c.label, c.direction, session.score(option, c.id), None, (option, c.id) in session.scores)
            for c in session.scored_criteria
        ]
        self.query_one(ScoreEditor).set_rows(rows, "no criterion is scored by hand: every value is a fact of the changes")

    def weight_rows(self, result: DecisionResult) -> list[ValueRow]:
        assert self.session is not None
        file, given = self.session.file_weights, result.weights.given
        return [
            ValueRow(c.id, c.label, c.direction, given[c.id], result.weight(c.id), given[c.id] != file[c.id])
            for c in result.criteria
        ]

    @on(ValueEditor.Stepped)
    def _stepped(self, event: ValueEditor.Stepped) -> None:
        event.stop()
        self.change_value(event.kind, event.criterion, steps=event.steps)

    @on(ValueEditor.Changed)
    def _typed(self, event: ValueEditor.Changed) -> None:
        event.stop()
        self.change_value(event.kind, event.criterion, value=event.value)

    @on(ValueEditor.OptionStepped)
    def _next_option(self, event: ValueEditor.OptionStepped) -> None:
        event.stop()
        table = self.query_one("#options-table", RankTable)
        table.action_cursor(event.steps)  # the table says Highlighted: the scores follow
        self.show_scores()

    @on(ValueEditor.TypeRequested)
    def _type_score(self, event: ValueEditor.TypeRequested) -> None:
        event.stop()
        option = self.score_option()
        if option is not None and self.session is not None:
            row = self.session.result.row("option", option)
            self.query_one(ScoreEditor).open_field(event.criterion, f"{event.criterion} of {row.name if row else option}")

    def change_value(self, kind: str, criterion: str, value: float | None = None, steps: int = 0) -> None:
        """A new weight or score → a new ranking now (quick run), the full run shortly after."""
        session, option = self.session, self.score_option()
        if session is None or option is None:
            return
        try:
            if kind == "weight":
                session.set_weight(criterion, value) if value is not None else session.nudge(criterion, steps)
            elif value is not None:
                session.set_score(option, criterion, value)
            elif not session.step_score(option, criterion, steps):  # nothing to step from: type it
                self.post_message(ValueEditor.TypeRequested("score", criterion))
                return
        except ValueError as exc:
            self.notify(str(exc), title=f"{kind.title()} not changed", severity="error")
            return
        self.show_result()
        self._schedule_refine()

    def _schedule_refine(self) -> None:
        if self._refine_timer is not None:
            self._refine_timer.stop()
        self._refine_timer = self.set_timer(REFINE_DELAY, self._refine)

    def _refine(self) -> None:
        session = self.session
        if session is not None and not session.full:
            self._run_full(session, dict(session.weights), session.method, session.facts)

    @work(thread=True, exclusive=True, group="refine")
    def _run_full(self, session: DecisionSession, weights: dict[str, float], method: str, facts: DecisionInput) -> None:
        result = session.full_result(weights, method, facts)
        self.app.call_from_thread(self._refined, session, weights, method, result, facts)

    def _refined(
        self, session: DecisionSession, weights: dict[str, float], method: str, result: DecisionResult, facts: DecisionInput
    ) -> None:
        """Shown unless the weights, scores or method moved on while it ran (a newer run follows then)."""
        if session is self.session and session.accept_full(weights, method, result, facts):
            self.show_result()

    # -- keys --------------------------------------------------------------------------------------
    def action_focus_weights(self) -> None:
        if self._kind == "matrix":
            self.query_one(WeightEditor).value_list.focus()

    def action_focus_scores(self) -> None:
        """The scores of the option selected in the options table (shown, so that one sees which)."""
        if self._kind == "matrix":
            self.query_one("#matrix-tabs").active = "options"  # type: ignore[attr-defined]
            self.show_scores()
            self.query_one(ScoreEditor).value_list.focus()

    def action_method(self) -> None:
        if self.session is not None:
            self.session.next_method()
            self.show_result()
            self._schedule_refine()

    def action_reset(self) -> None:
        if self.session is not None:
            self.session.reset()
            self.show_result()
            self._schedule_refine()

    def action_save(self) -> None:
        """Write the changed weights and scores into the decision file, then read it again."""
        if self.save_edits():
            self.reload_decision()

    def save_edits(self) -> bool:
        """`s`, and Save in the question: the changed weights and scores written into the decision file (each value
        where it is), said in a notification; False when nothing was written (said why, the values stay changed).
        The caller reads the file again."""
        session = self.session
        if session is None or not session.unsaved():
            self.notify("Nothing to save: the weights and scores are the file's.", timeout=3)
            return False
        edits = session.unsaved()
        try:
            lines = session.save()
        except (ValueError, OSError) as exc:
            self.notify(str(exc), title="Nothing saved", severity="error", timeout=10)
            return False
        said = ", ".join(str(e) for e in edits[:4]) + (f" and {len(edits) - 4} more" if len(edits) > 4 else "")
        self.notify(f"{said} ({lines} line{'s' if lines != 1 else ''} changed)", title=f"Saved {session.spec.path}", timeout=6)
        return True

    # -- before values not saved would be dropped ------------------------------------------------------------------
    def has_unsaved(self) -> bool:
        return self.session is not None and bool(self.session.unsaved())

    def settle_unsaved(self, doing: str, go_on: Callable[[bool], None]) -> None:
        """Ask before `doing` drops the weights and scores not saved: Save (as `s`; a save that fails stays here),
        Discard, or Cancel (Esc, and Enter: nothing lost). `go_on(saved)` follows Save and Discard, with the session's
        values settled (those of the file), so that what goes on does not ask again."""
        session = self.session
        if session is None or not session.unsaved():
            go_on(False)
            return
        if self._asking:  # `q` again while the question shows
            return

        def answered(answer: str | None) -> None:
            self._asking = False
            if answer is None or (answer == "save" and not self.save_edits()):
                return
            session.reset()  # saved or dropped: nothing is held any more
            go_on(answer == "save")

        self._asking = True
        title, text = unsaved_question(session.spec.path, session.unsaved(), doing)
        choices = [Choice("s", "Save", "save", "success"), Choice("d", "Discard", "discard", "error")]
        choices.append(Choice("c", "Cancel", None))
        self.app.push_screen(AskScreen(title, text, choices), answered)
