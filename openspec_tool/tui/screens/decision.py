"""Decision: the matrix of the decision file — options and paths ranked, normalised scores, weighted totals —
weights and scores changed from the keyboard with the ranking, recommendation, sensitivity and budget-optimal set
updated at once (decision_editing.py; saved into the file with `s`), paths side by side, and the choice recorded as
`openspec decide choose` records it. Without a decision file it explains one and offers to start it (`i`: what
`openspec decide init` writes, previewed first)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from openspec_tool.decide.engine import DecisionResult, Ranked
from openspec_tool.plan.evaluate import FactMissing
from openspec_tool.read.decision_file import DecisionFileError
from openspec_tool.tui.decision_state import DecisionSession, decision_files
from openspec_tool.tui.gitbranch import branch_name, in_git_repo
from openspec_tool.tui.screens.confirm import ChoiceRequest, ConfirmChoiceScreen
from openspec_tool.tui.screens.decision_editing import DecisionEditing
from openspec_tool.tui.widgets.decision_states import missing_text, problem_text
from openspec_tool.tui.widgets.filter_bar import FilterBar
from openspec_tool.tui.widgets.key_footer import KeyFooter
from openspec_tool.tui.widgets.matrix import analysis_text, contribution_line, set_text, title_text
from openspec_tool.tui.widgets.path_compare import PathCompare
from openspec_tool.tui.widgets.rank_table import RankTable
from openspec_tool.tui.widgets.value_editor import ScoreEditor, WeightEditor


class DecisionScreen(DecisionEditing):
    TITLE_TEXT = "Decision"
    AUTO_FOCUS = "#weight-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "save", "Save"),  # first: shown only while there is something to save
        Binding("i", "init", "Start a decision"),
        Binding("c", "choose", "Choose"),
        Binding("p", "tab('paths')", "Paths"),
        Binding("o", "tab('options')", "Options"),
        Binding("v", "tab('compare')", "Compare"),
        Binding("w", "focus_weights", "Weights"),
        Binding("g", "focus_scores", "Scores"),
        Binding("m", "method", "Method"),
        Binding("u", "reset", "Reset"),
        Binding("f", "pick", "Decisions"),
    ]
    HELP_NOTES = (
        "Weights (w): ↑/↓ pick a criterion, ←/→ or -/+ change it by 0.05, Enter types a value (Esc cancels).",
        "Scores (g, or Enter on an option): the selected option's scores; ←/→ or -/+ change one by 1, Enter types it;"
        " ]/[ (or PgDn/PgUp) the next and previous option.",
        "The ranking, recommendation, sensitivity and budget set update at each change; a full 2,000-sample run follows.",
        "Changed values are marked *; s saves them into the decision file (each value edited where it is, comments"
        " kept), u goes back to the file's.",
        "c records the selected path or option (asks first); it writes what `openspec decide choose` writes.",
        "With several decision files, f goes back to the list of them. With none, i starts one (previewed first).",
    )
    MATRIX_ACTIONS: ClassVar[set[str]] = {"choose", "tab", "focus_weights", "focus_scores", "method", "reset", "filter"}

    def __init__(self, name: str | None = None) -> None:
        super().__init__(id="decision")
        self.name_opt = name
        self.problem: Exception | None = None
        self.files: list[str] = []
        self.result: DecisionResult | None = None
        self._preloaded = False  # compose need not read again (a reload just did)
        self._named = name is not None
        self.pending_focus: tuple[str, str] | None = None

    # -- loading -----------------------------------------------------------------------------------
    def _load(self) -> None:
        self.files, self.problem, self.session = self._read()

    def _read(self) -> tuple[list[str], Exception | None, DecisionSession | None]:
        """The decision files, and the one shown read again — or why it cannot be (nothing on screen changes yet)."""
        data = self.data
        if not self._named:
            self.name_opt, self._named = self.osapp.decision_name, True
        old = self.session
        method = old.method if old is not None else "weighted-sum"
        files = decision_files(data.tree)
        if self.name_opt is None and len(files) != 1:
            return files, None, None  # the picker, or no decision file at all
        session = DecisionSession(data.tree, data.root, self.name_opt, method)
        try:
            session.load(old)
            session.accept_full(session.weights, session.method, session.full_result())
        except (DecisionFileError, FactMissing, ValueError) as exc:
            return files, exc, None
        return files, None, session

    def _dropped(self, files: list[str], problem: Exception | None, session: DecisionSession | None) -> str | None:
        """Why a reload would drop weights or scores not saved (the same file read again keeps them); else None."""
        held = self.session
        if held is None or held.kept_in(session):
            return None
        path = held.spec.path
        if session is not None and session.spec.path == path:
            return f"Reloading: {path} changed on disk, and not every value changed here still applies."
        if session is not None:
            return f"Reloading: the decision file is now {session.spec.path}, not {path}."
        if problem is not None:
            said = (str(problem).splitlines() or [type(problem).__name__])[0]
            return f"Reloading: {path} cannot be evaluated now ({said})."
        if files:
            return f"Reloading: there are {len(files)} decision files now; the screen would list them."
        return f"Reloading: {path} is gone."

    def _state(self) -> str:
        if self.problem:
            return "problem"
        return "matrix" if self.session else "picker" if self.files else "missing"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that would do nothing in this state are not offered."""
        if action in self.MATRIX_ACTIONS:
            return self._kind == "matrix" and (action != "focus_scores" or bool(self.session and self.session.scored_criteria))
        if action == "save":
            return self._kind == "matrix" and self.session is not None and bool(self.session.unsaved())
        if action == "init":
            return self._kind == "missing"
        if action == "pick":
            return len(self.files) > 1 and self._kind != "picker"
        return super().check_action(action, parameters)

    def compose(self) -> ComposeResult:
        if not self._preloaded:
            self._load()
        self._preloaded = False
        self._kind = self._state()
        yield Header(show_clock=False)
        if self._kind == "problem":
            assert self.problem is not None
            text, _, _ = problem_text(self.problem, self._source_line)
            with VerticalScroll(id="decision-problem-box"):  # a long list of missing values scrolls
                yield Static(text, id="decision-problem")
        elif self._kind == "missing":
            yield Static(missing_text(), id="decision-problem")
        elif self._kind == "picker":
            yield Static(Text("Several decision files: pick one (Enter).", style="bold"), id="decision-title")
            yield OptionList(*[Option(p, id=p) for p in self.files], id="decision-files")
        else:
            yield Static(id="decision-title")
            yield FilterBar("filter options and paths…", id="filter")
            with Horizontal(id="decision-body"):
                with VerticalScroll(id="editors") as editors:
                    editors.border_title = "Weights"
                    yield WeightEditor(id="weights")
                    yield Static(id="scores-title")
                    yield ScoreEditor(id="scores")
                with TabbedContent(id="matrix-tabs"):
                    with TabPane("Paths", id="paths"):
                        yield RankTable("path", id="paths-table")
                    with TabPane("Options", id="options"):
                        yield RankTable("option", id="options-table")
                    with TabPane("Compare", id="compare"):
                        yield PathCompare(id="path-compare")
            yield Static(id="row-detail")
            with VerticalScroll(id="analysis-box"):
                yield Static(id="analysis")
        yield KeyFooter()

    def _source_line(self, path: str, line: int) -> str | None:
        text, _ = self.data.read(path)
        lines = text.split("\n") if text is not None else []
        return lines[line - 1].rstrip() if 0 < line <= len(lines) else None

    def after_mount(self) -> None:
        if self._kind == "matrix":
            assert self.session is not None
            if not self.session.spec.paths:
                self.query_one("#matrix-tabs", TabbedContent).active = "options"
            if self.focused is None:  # a key typed while the screen was built (v, p…) has placed it already
                self.query_one(WeightEditor).value_list.focus()
            if self.pending_focus is not None:
                self.call_after_refresh(self.focus_item, *self.pending_focus)
        elif self._kind == "picker":
            self.query_one("#decision-files", OptionList).focus()
        elif self._kind == "problem":
            self.query_one("#decision-problem-box").focus()  # ↓/PgDn scroll a long list of what is missing

    def refresh_data(self) -> None:
        if self.ready:  # a reload: read everything again
            files, problem, session = self._read()
            if (why := self._dropped(files, problem, session)) is not None:
                # Saved: read the workspace again (the file just written); dropped: read the decision again.
                self.settle_unsaved(why, lambda saved: self.osapp.reload_now() if saved else self.refresh_data())
                return
            self.files, self.problem, self.session = files, problem, session
            if self._state() != self._kind or self._kind != "matrix":
                self._preloaded = True
                self.rebuild()
                return
        if self._kind == "matrix":
            self.show_result()

    def after_rebuild(self) -> None:
        if self._kind == "matrix":
            self.show_result()
        self.after_mount()
        self.refresh_bindings()

    # -- showing -----------------------------------------------------------------------------------
    def show_result(self) -> None:
        session = self.session
        if session is None:
            return
        result = self.result = session.result
        spec = session.spec
        labels = {c.id: c.label for c in spec.criteria}
        missing = len(spec.with_scores(session.scores).missing_scores)
        edits = session.unsaved()
        unsaved = (sum(1 for e in edits if e.option is None), sum(1 for e in edits if e.option is not None))
        left_out = [labels[c] for c in session.left_out]
        set_text(self.query_one("#decision-title", Static), title_text(spec, result, unsaved, left_out, missing))
        self.query_one(WeightEditor).set_rows(self.weight_rows(result))
        budget = result.budget_hours is not None
        self.query_one("#paths-table", RankTable).show(result.paths, result.criteria, spec.chosen, self.filter_text, budget)
        self.query_one("#options-table", RankTable).show(result.options, result.criteria, spec.chosen, self.filter_text, budget)
        if self.query_one("#matrix-tabs", TabbedContent).active == "compare":
            self._show_compare()
        set_text(self.query_one("#analysis", Static), analysis_text(result, refining=not session.full))
        self._show_detail()
        self.show_scores()
        self.refresh_bindings()  # `s` is offered while something is unsaved

    def active_table(self) -> RankTable:
        active = self.query_one("#matrix-tabs", TabbedContent).active
        return self.query_one("#options-table" if active == "options" else "#paths-table", RankTable)

    def _row(self, kind: str, item: str | None) -> Ranked | None:
        if self.result is None or item is None:
            return None
        return self.result.row("path" if kind == "path" else "option", item)

    def _show_detail(self) -> None:
        table = self.active_table()
        row = self._row(table.kind, table.selected_id())
        if self.result is not None:
            set_text(self.query_one("#row-detail", Static), contribution_line(row, self.result, table.kind))

    def _show_compare(self) -> None:
        """The comparison is drawn only while its tab shows (it is the costliest to lay out)."""
        if self.session is not None and self.result is not None:
            spec = self.session.spec
            self.query_one(PathCompare).show(self.result, {p.id: p.summary for p in spec.paths}, spec.chosen)

    @on(RankTable.Highlighted)
    def _highlighted(self, event: RankTable.Highlighted) -> None:
        event.stop()
        if self._kind == "matrix" and self.result is not None:
            self._show_detail()
            if event.table.id == "options-table":
                self.show_scores()

    @on(RankTable.Selected, "#options-table")
    def _option_entered(self, event: RankTable.Selected) -> None:
        """Enter on an option: its scores, to change."""
        event.stop()
        self.action_focus_scores()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if self._kind == "matrix" and self.result is not None:
            self._show_detail()
            if event.pane.id == "compare":
                self._show_compare()

    def action_tab(self, tab: str) -> None:
        if self._kind == "matrix":
            self.query_one("#matrix-tabs", TabbedContent).active = tab
            if tab != "compare":
                self.active_table().focus()
            else:
                self.query_one(PathCompare).focus()

    def apply_filter(self, text: str) -> None:
        if self._kind == "matrix":
            self.show_result()

    def filter_target(self) -> RankTable | None:
        return self.active_table() if self._kind == "matrix" else None

    def focus_item(self, kind: str, item: str) -> None:
        """Show a path or an option (from the command palette)."""
        self.pending_focus = None
        if not self.is_mounted:
            self.pending_focus = (kind, item)
            return
        if self._kind != "matrix":
            return
        if self.filter_text:
            bar = self.query_one(FilterBar)
            bar.value, self.filter_text = "", ""
            bar.hide()
            self.show_result()
        self.action_tab("paths" if kind == "path" else "options")
        table = self.active_table()
        if item in table.ids:
            table.move_cursor(row=table.ids.index(item))
        self._show_detail()

    # -- picking a file, editing it, choosing ------------------------------------------------------
    @on(OptionList.OptionSelected, "#decision-files")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.name_opt = event.option.id
        self.rebuild()

    def action_pick(self) -> None:
        """Back to the list of decision files (asked first when weights or scores are not saved)."""
        self.settle_unsaved("Going to the list of decision files.", self._to_list)

    def _to_list(self, saved: bool) -> None:
        self.name_opt, self._named = None, True
        if saved:
            self.osapp.reload_now()  # the file just written is read again when it is picked
        else:
            self.rebuild()

    def current_file(self) -> tuple[str, int | None] | None:
        if self.problem is not None:
            _, path, line = problem_text(self.problem, lambda p, n: None)
            return (path, line) if path and self.data.tree.kind(path) == "file" else None
        if self.session is None:
            return None
        spec = self.session.spec
        item = self.active_table().selected_id()
        return spec.path, spec.score_lines.get(item or "") or next((p.line for p in spec.paths if p.id == item), None)

    def action_choose(self) -> None:
        session = self.session
        if session is None:
            self.notify("There is no decision to record.", severity="warning")
            return
        if (why := session.cannot_choose()) is not None:
            self.notify(why, title="Nothing to record yet", severity="warning", timeout=8)
            return
        table = self.active_table()
        item = table.selected_id()
        row = self._row(table.kind, item)
        if item is None or row is None:
            return
        assert self.result is not None
        rec = self.result.recommendation.of("path" if table.kind == "path" else "option")
        spec = session.spec
        request = ChoiceRequest(
            decision_id=spec.id,
            decision_path=spec.path,
            record_path=spec.path.rsplit(".", 1)[0] + ".record.md",
            kind=table.kind,
            target=item,
            label=row.label,
            recommended=None if rec is None or rec.tie else rec.id,
            previous=spec.chosen,
            weights=", ".join(f"{c.id} {self.result.weight(c.id):.2f}" for c in self.result.criteria),
            branch=branch_name(spec.id, item) if in_git_repo(session.root) else None,
            over_budget=row.fits_budget is False,
            tie=() if rec is None or not rec.tie else (rec.id, *rec.tied_with),
        )

        def answered(answer: tuple[bool, bool, str | None] | None) -> None:
            if not answer or not answer[0]:
                self.notify("Nothing written.", timeout=3)
                return
            self.record(item, answer[1], answer[2])

        self.app.push_screen(ConfirmChoiceScreen(request), answered)

    def record(self, item: str, branch: bool, reason: str | None = None) -> None:
        assert self.session is not None
        try:
            choice = self.session.choose(item, branch, reason=reason)
        except (DecisionFileError, FactMissing, ValueError, OSError) as exc:
            self.notify(str(exc), title="Nothing recorded", severity="error", timeout=10)
            return
        root = self.session.root
        message = f"{choice.record.relative_to(root)} and chosen: {choice.id} in {choice.decision_file.relative_to(root)}"
        if choice.branch:
            message += f"\n{choice.branch}"
        self.notify(message, title=f"Recorded {choice.kind} {choice.id}", timeout=8)
        self.osapp.reload_now()

    def reload_decision(self) -> None:
        self.osapp.reload_now()

    # -- no decision file: start one ---------------------------------------------------------------
    def action_init(self) -> None:
        """What `openspec decide init` would write, previewed; written only on Write; then the screen shows it."""
        from openspec_tool.read.planning_files import config_documents
        from openspec_tool.tui.screens.init_decision import InitDecisionScreen

        def done(path: Path | None) -> None:
            if path is None:
                self.notify("Nothing written.", timeout=3)
                return
            self.osapp.reload_now()  # the screen reads it: a matrix, or what it still lacks
            rel = path.relative_to(self.data.root)
            then = "fill in its scores (g), then save them (s)" if self._state() == "matrix" else "see what it still lacks"
            self.notify(f"{rel}: {then}.", title="Decision file written", timeout=8)

        if self._kind == "missing":
            self.app.push_screen(InitDecisionScreen(self.data.root, config_documents(self.data.tree)), done)
