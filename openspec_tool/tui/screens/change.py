"""Change detail: one tab per file of the change (proposal, design, each delta spec, any other notes, as
markdown with a table of contents) and the tasks as a tree with done counts, dependencies and the
next-ready tasks marked. A tab is built when it is first shown; `/` searches every file of the change."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Header, Static, TabbedContent, TabPane

from openspec_tool.model.units import hours_range, weeks_range
from openspec_tool.model.workspace import Change
from openspec_tool.tui.data import Artifact
from openspec_tool.tui.screens.ask import AskScreen, Choice
from openspec_tool.tui.screens.base import BaseScreen
from openspec_tool.tui.search import Hit, find_hits, snippet
from openspec_tool.tui.widgets.doc_view import DocView
from openspec_tool.tui.widgets.filter_bar import FilterBar
from openspec_tool.tui.widgets.key_footer import KeyFooter
from openspec_tool.tui.widgets.progress import progress_cell, stage_cell
from openspec_tool.tui.widgets.task_tree import TaskTree


def change_headline(change: Change) -> Text:
    out = Text(change.title, style="bold")
    if change.title != change.id:
        out.append(f"  {change.id}", style="dim")
    out.append("\n")
    out.append_text(stage_cell(change.stage))
    out.append("  ")
    out.append_text(progress_cell(change.task_done, change.task_total))
    out.append(f" {change.task_done}/{change.task_total} tasks")
    if change.checkbox_total != change.task_total:
        out.append(f" · {change.checkbox_done}/{change.checkbox_total} checkboxes", style="dim")
    shown = [
        ("effort", hours_range(change.effort.low, change.effort.high) if change.effort else None),
        ("timeline", weeks_range(change.timeline_weeks.low, change.timeline_weeks.high) if change.timeline_weeks else None),
        ("priority", change.priority),
    ]
    for label, value in shown:
        if value is not None:
            out.append(f"  {label} ", style="dim")
            out.append(value)
    for problem in change.problems:
        out.append(f"\n⚠ {problem}", style="red")
    return out


class ChangeScreen(BaseScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Search"),
        Binding("escape", "back", "Back"),
        Binding("backspace", "app.pop_screen", "Back", show=False),
        Binding("right_square_bracket", "tab(1)", "Next tab"),
        Binding("left_square_bracket", "tab(-1)", "Prev tab"),
        Binding("t", "toc", "Contents"),
        Binding("n", "next_hit(1)", "Next hit"),
        Binding("N", "next_hit(-1)", "Prev hit"),
        Binding("n", "next_ready", "Next ready"),
        Binding("A", "archive", "Archive"),
    ]
    HELP_NOTES = (
        "Tabs: Proposal, Design, one per delta spec (Δ), Tasks, then the change's other files. ] and [ switch tabs;",
        "↓/PgDn scroll the tab at once; t shows or hides the contents.",
        "/ searches every file of the change: Enter jumps to the first hit, n/N to the next/previous, Esc clears it.",
        "In the tasks tree: ▶ marks a task ready to start now, n jumps to the next one, Enter folds a branch.",
        "Space ticks or unticks the task under the cursor in tasks.md, as `openspec tasks done|undo` (a parent with its",
        "subtasks, after asking). A (shift+a) archives the change as `openspec archive`, after showing what it changes.",
    )

    def __init__(self, change_id: str, tab: str | None = None) -> None:
        super().__init__(classes="change-screen")
        self.change_id = change_id
        self.initial_tab = tab
        self.artifacts: list[Artifact] = []
        self.change: Change | None = None
        self.hits: list[Hit] = []
        self.hit_index = -1
        self._texts: list[str | None] | None = None
        self._keep: tuple[str | None, str | None, bool] = (None, None, False)  # tab, task id, tree focused

    def title_text(self) -> str:
        return f"Change {self.change_id}"

    # -- building ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.change = change = self.data.change(self.change_id)
        self.artifacts = self.data.artifacts(change)
        self._texts = None
        yield Header(show_clock=False)
        yield Static(change_headline(change), id="change-head")
        yield FilterBar("search the proposal, design, specs and tasks…", id="filter")
        first = self.tab_index(self.initial_tab) if self.initial_tab else 0
        with TabbedContent(id="artifacts", initial=f"tab-{first}"):
            for n, art in enumerate(self.artifacts):
                yield TabPane(art.title, id=f"tab-{n}")  # built when first shown (_fill)
        yield KeyFooter()

    def _content(self, n: int) -> Widget:
        art = self.artifacts[n]
        change = self.change
        assert change is not None
        if art.kind == "tasks":
            problem = self.data.read(art.path)[1] if change.tasks is None else None
            tree = TaskTree(change.tasks, id="tasks", problem=problem)
            return tree
        text, problem = self.data.read(art.path)
        if text is None and self.data.tree.kind(art.path) == "missing":  # a new change: nothing written yet
            name = art.path.rsplit("/", 1)[-1]
            return Static(Text(f"No {name} yet: e opens the editor on it.", style="dim"), classes="problem")
        if text is None:
            return Static(Text(problem or "", style="red"), classes="problem")
        if art.kind == "text":  # shown as written: a fence longer than any run of backticks inside
            fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
            text = f"{fence}\n{text}\n{fence}\n"
        return DocView(text, art.path)

    def _fill(self, n: int) -> Widget | None:
        """The pane's content, built now if this is the first time it shows."""
        pane = self.query_one(f"#tab-{n}", TabPane)
        if not pane.children:
            pane.mount(self._content(n))
        return pane.children[0] if pane.children else None

    def after_mount(self) -> None:
        self._show_active()
        if self.change is not None and self.change.problems:
            self.notify("\n".join(map(str, self.change.problems)), title="Could not read everything", severity="warning")

    @on(TabbedContent.TabActivated)
    def _activated(self, event: TabbedContent.TabActivated) -> None:
        self._show_active()

    def _show_active(self) -> None:
        """Build the shown tab and give it focus, so ↓ and PgDn scroll it straight away."""
        n = self.active_index()
        if n is None:
            return
        content = self._fill(n)
        if content is not None and content.focusable and not isinstance(self.focused, FilterBar):
            content.focus()
        self.refresh_bindings()

    # -- reloading (an edit, the watcher) ----------------------------------------------------------
    def refresh_data(self) -> None:
        if not self.ready:  # the first fill is compose itself
            return
        change = self.data.change(self.change_id)
        if self.data.artifacts(change) != self.artifacts:
            self.rebuild()  # a file came or went: build the tabs again
            return
        self.change, self._texts = change, None
        self.query_one("#change-head", Static).update(change_headline(change))
        for n, art in enumerate(self.artifacts):
            pane = self.query_one(f"#tab-{n}", TabPane)
            if pane.children:
                self._refill(n, art, pane.children[0])
        if self.filter_text:
            self.apply_filter(self.filter_text)

    def _refill(self, n: int, art: Artifact, old: Widget) -> None:
        if isinstance(old, TaskTree) and self.change is not None:
            old.reload(self.change.tasks)  # the cursor stays on the same task, the focus where it was
            return
        text, _ = self.data.read(art.path)
        if isinstance(old, DocView) and text is not None and art.kind == "markdown":
            if text != old.text:
                old.replace_text(text)
            return
        pane = self.query_one(f"#tab-{n}", TabPane)
        focused = self.focused is old
        old.remove()
        fresh = self._content(n)
        pane.mount(fresh)
        if focused and fresh.focusable:
            fresh.focus()

    def before_rebuild(self) -> None:
        active = self.active_artifact()
        tree = self._tree()
        task = tree.selected_task_id() if tree is not None else None
        self._keep = (active.title if active else self.initial_tab, task, tree is not None and self.focused is tree)
        self.initial_tab = self._keep[0]  # compose builds that tab first

    def after_rebuild(self) -> None:
        tab, task, tree_focused = self._keep
        if tab:
            self.show_tab(tab)
        self._show_active()
        tree = self._tree()
        if tree is not None and task is not None:
            tree.select_task(task)
            if tree_focused:
                tree.focus()

    # -- tabs --------------------------------------------------------------------------------------
    def tab_index(self, title: str) -> int:
        """The tab of that title (any case; "tasks" finds the task tree), else the first."""
        for n, art in enumerate(self.artifacts):
            if art.title.lower() == title.lower() or (title.lower() == "tasks" and art.kind == "tasks"):
                return n
        return 0

    def show_tab(self, title: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{self.tab_index(title)}"

    def active_index(self) -> int | None:
        active = self.query_one(TabbedContent).active
        return int(active.removeprefix("tab-")) if active else None

    def active_artifact(self) -> Artifact | None:
        n = self.active_index()
        return None if n is None else self.artifacts[n]

    def _tree(self) -> TaskTree | None:
        trees = self.query(TaskTree)
        return trees.first() if trees else None

    def current_file(self) -> tuple[str, int | None] | None:
        art = self.active_artifact()
        if art is None:
            return None
        line = None
        tree = self._tree()
        if art.kind == "tasks" and tree is not None:
            node = tree.cursor_node
            line = node.data.line if node is not None and node.data is not None else None
        elif 0 <= self.hit_index < len(self.hits) and self.hits[self.hit_index].tab == self.active_index():
            line = self.hits[self.hit_index].line
        return art.path, line

    def action_tab(self, step: int) -> None:
        n = self.active_index() or 0
        self.query_one(TabbedContent).active = f"tab-{(n + step) % len(self.artifacts)}"

    def action_next_ready(self) -> None:
        """To the Tasks tab and the next task ready to start."""
        self.show_tab("tasks")
        self._show_active()
        tree = self._tree()
        if tree is not None:
            tree.focus()
            tree.action_next_ready()

    def action_toc(self) -> None:
        for viewer in self.query(DocView):
            viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_back(self) -> None:
        if self.filter_text or self.hits:
            self.clear_filter()
            return
        self.app.pop_screen()

    # -- writes: Space ticks, A archives (the CLI's functions) -------------------------------------
    @on(TaskTree.TickRequested)
    def _tick(self, event: TaskTree.TickRequested) -> None:
        from openspec_tool.tui import tick

        event.stop()
        tasks = self.change.tasks if self.change is not None else None
        art = self.active_artifact()
        if tasks is None or art is None or art.kind != "tasks":
            return
        request = tick.request_for(self.data.root, art.path, event.task)
        tick.run(request, tasks, self._ask, self._say, lambda: self.osapp.reload_now({art.path}))

    def _ask(self, title: str, body: Text, answered: Callable[[bool], None]) -> None:
        choices = [Choice("y", "Yes", "yes", "success"), Choice("n", "Cancel", None)]
        self.app.push_screen(AskScreen(title, body, choices), lambda answer: answered(answer == "yes"))

    def _say(self, message: str, severity: str) -> None:
        self.notify(message, severity=severity, timeout=8 if severity == "error" else 3)  # type: ignore[arg-type]

    def action_archive(self) -> None:
        from openspec_tool.tui import archive_flow

        def archived(message: str) -> None:
            self.app.pop_screen()  # its folder has moved
            self.osapp.reload_now()
            self.app.notify(message, title="Archived", timeout=8)

        archive_flow.start(self.app, self.data.root, self.change_id, archived)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "archive":
            return self.change is not None and not self.change.archived
        if action == "next_hit":
            return bool(self.hits)
        if action == "next_ready":
            return not self.hits
        if action == "toc":
            art = self.active_artifact()
            return art is not None and art.kind != "tasks"
        return super().check_action(action, parameters)

    # -- search ------------------------------------------------------------------------------------
    def texts(self) -> list[str | None]:
        if self._texts is None:
            self._texts = [self.data.read(a.path)[0] for a in self.artifacts]
        return self._texts

    def apply_filter(self, text: str) -> None:
        self.hits = find_hits(self.texts(), text) if text.strip() else []
        self.hit_index = -1
        bar = self.query_one(FilterBar)
        if not text.strip():
            bar.border_subtitle = ""
        elif not self.hits:
            bar.border_subtitle = "no match"
        else:
            tabs = dict.fromkeys(h.tab for h in self.hits)
            where = ", ".join(f"{self.artifacts[t].title} {sum(h.tab == t for h in self.hits)}" for t in tabs)
            bar.border_subtitle = f"{len(self.hits)} hits: {where} · Enter jumps"
        self.refresh_bindings()

    def filter_done(self, text: str) -> None:
        if self.hits:
            here = self.active_index() or 0
            self.hit_index = next((i for i, h in enumerate(self.hits) if h.tab >= here), 0) - 1
            self.action_next_hit(1)
        else:
            self._show_active()

    def action_next_hit(self, step: int) -> None:
        if not self.hits:
            return
        self.hit_index = (self.hit_index + step) % len(self.hits)
        hit = self.hits[self.hit_index]
        self.query_one(TabbedContent).active = f"tab-{hit.tab}"
        content = self._fill(hit.tab)
        if isinstance(content, DocView):
            content.goto_line(hit.line)
        elif isinstance(content, TaskTree):
            content.goto_line(hit.line, heading=hit.text.startswith("#"))
        if content is not None and content.focusable:
            content.focus()
        art = self.artifacts[hit.tab]
        where = f"{art.title} line {hit.line}: {snippet(hit.text, self.filter_text, 40)}"
        self.query_one(FilterBar).border_subtitle = f"hit {self.hit_index + 1} of {len(self.hits)} · {where} · n/N"
