"""Decision: the matrix of the decision file — options and paths ranked, normalised scores, weighted totals —
weights changed from the keyboard with the ranking, recommendation, sensitivity and budget-optimal set
updated at once, paths side by side, and the choice recorded as `openspec decide choose` records it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from openspec_tool.decide.engine import DecisionResult, Ranked
from openspec_tool.model.units import hours
from openspec_tool.plan.evaluate import FactMissing
from openspec_tool.read.decision_file import DecisionFileError
from openspec_tool.tui.decision_state import DecisionSession, decision_files
from openspec_tool.tui.gitbranch import branch_name, in_git_repo
from openspec_tool.tui.screens.base import BaseScreen
from openspec_tool.tui.screens.confirm import ChoiceRequest, ConfirmChoiceScreen
from openspec_tool.tui.widgets.decision_states import missing_text, problem_text
from openspec_tool.tui.widgets.filter_bar import FilterBar
from openspec_tool.tui.widgets.key_footer import KeyFooter
from openspec_tool.tui.widgets.matrix import analysis_text, contribution_line, set_text
from openspec_tool.tui.widgets.path_compare import PathCompare
from openspec_tool.tui.widgets.rank_table import RankTable
from openspec_tool.tui.widgets.weight_editor import CriterionRow, WeightEditor

REFINE_DELAY = 0.3


class DecisionScreen(BaseScreen):
    TITLE_TEXT = "Decision"
    AUTO_FOCUS = "#weight-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "choose", "Choose"),
        Binding("p", "tab('paths')", "Paths"),
        Binding("o", "tab('options')", "Options"),
        Binding("v", "tab('compare')", "Compare"),
        Binding("w", "focus_weights", "Weights"),
        Binding("m", "method", "Method"),
        Binding("u", "reset", "Reset weights"),
        Binding("f", "pick", "Decisions"),
    ]
    HELP_NOTES = (
        "Weights (w): ↑/↓ pick a criterion, ←/→ or -/+ change it by 0.05, Enter types a value (Esc cancels).",
        "The ranking, recommendation, sensitivity and budget set update at each change; a full 2,000-sample run follows.",
        "c records the selected path or option (asks first); it writes what `openspec decide choose` writes.",
        "With several decision files, f goes back to the list of them.",
    )
    MATRIX_ACTIONS: ClassVar[set[str]] = {"choose", "tab", "focus_weights", "method", "reset", "filter"}

    def __init__(self, name: str | None = None) -> None:
        super().__init__(id="decision")
        self.name_opt = name
        self.session: DecisionSession | None = None
        self.problem: Exception | None = None
        self.files: list[str] = []
        self.result: DecisionResult | None = None
        self._refine_timer: Timer | None = None
        self._kind = ""
        self._preloaded = False  # compose need not read again (a reload just did)
        self._named = name is not None
        self.pending_focus: tuple[str, str] | None = None

    # -- loading -----------------------------------------------------------------------------------
    def _load(self) -> None:
        data = self.data
        if not self._named:
            self.name_opt, self._named = self.osapp.decision_name, True
        keep = self.session.weights if self.session is not None else None
        method = self.session.method if self.session is not None else "weighted-sum"
        self.files = decision_files(data.tree)
        self.problem, self.session = None, None
        if self.name_opt is None and len(self.files) != 1:
            return  # the picker, or no decision file at all
        session = DecisionSession(data.tree, data.root, self.name_opt, method)
        try:
            session.load(keep)
            session.accept_full(session.weights, session.method, session.full_result())
            self.session = session
        except (DecisionFileError, FactMissing, ValueError) as exc:
            self.problem = exc

    def _state(self) -> str:
        if self.problem:
            return "problem"
        return "matrix" if self.session else "picker" if self.files else "missing"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that would do nothing in this state are not offered."""
        if action in self.MATRIX_ACTIONS:
            return self._kind == "matrix"
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
                editor = WeightEditor(id="weights")
                editor.border_title = "Weights"
                yield editor
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
                self.query_one(WeightEditor).weight_list.focus()
            if self.pending_focus is not None:
                self.call_after_refresh(self.focus_item, *self.pending_focus)
        elif self._kind == "picker":
            self.query_one("#decision-files", OptionList).focus()

    def refresh_data(self) -> None:
        if self.ready:  # a reload: read everything again
            self._load()
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
        title = Text(spec.title or spec.id, style="bold")
        if spec.question:
            title.append(f" — {spec.question}")
        title.append(f"\n{result.method}", style="cyan")
        title.append(f" · {spec.path}", style="dim")
        if result.budget_hours is not None:
            at = " at P80" if result.recommendation.budget_at == "p80" else ""
            title.append(f" · budget {hours(result.budget_hours)}{at}", style="dim")
        if session.overrides() is not None:
            title.append(" · weights changed (u resets)", style="yellow")
        if spec.chosen:
            title.append(f" · chosen: {spec.chosen}", style="bold cyan")
        set_text(self.query_one("#decision-title", Static), title)
        self.query_one(WeightEditor).set_rows(
            [CriterionRow(c.id, c.label, c.direction, result.weights.given[c.id], result.weight(c.id)) for c in result.criteria]
        )
        budget = result.budget_hours is not None
        self.query_one("#paths-table", RankTable).show(result.paths, result.criteria, spec.chosen, self.filter_text, budget)
        self.query_one("#options-table", RankTable).show(result.options, result.criteria, spec.chosen, self.filter_text, budget)
        if self.query_one("#matrix-tabs", TabbedContent).active == "compare":
            self._show_compare()
        set_text(self.query_one("#analysis", Static), analysis_text(result, refining=not session.full))
        self._show_detail()

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

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if self._kind == "matrix" and self.result is not None:
            self._show_detail()
            if event.pane.id == "compare":
                self._show_compare()

    # -- weights -----------------------------------------------------------------------------------
    @on(WeightEditor.Stepped)
    def _stepped(self, event: WeightEditor.Stepped) -> None:
        event.stop()
        self.change_weight(event.criterion, steps=event.steps)

    @on(WeightEditor.Changed)
    def _typed(self, event: WeightEditor.Changed) -> None:
        event.stop()
        self.change_weight(event.criterion, value=event.value)

    def change_weight(self, criterion: str, value: float | None = None, steps: int = 0) -> None:
        """New weight → new ranking now (quick run), the full run shortly after."""
        session = self.session
        if session is None:
            return
        try:
            if value is not None:
                session.set_weight(criterion, value)
            else:
                session.nudge(criterion, steps)
        except ValueError as exc:
            self.notify(str(exc), title="Weight not changed", severity="error")
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
            self._run_full(session, dict(session.weights), session.method)

    @work(thread=True, exclusive=True, group="refine")
    def _run_full(self, session: DecisionSession, weights: dict[str, float], method: str) -> None:
        result = session.full_result(weights, method)
        self.app.call_from_thread(self._refined, session, weights, method, result)

    def _refined(self, session: DecisionSession, weights: dict[str, float], method: str, result: DecisionResult) -> None:
        if session is self.session and session.accept_full(weights, method, result):
            self.show_result()

    def action_focus_weights(self) -> None:
        if self._kind == "matrix":
            self.query_one(WeightEditor).weight_list.focus()

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
        """Back to the list of decision files."""
        self.name_opt, self._named = None, True
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
