"""Change detail: one tab per artifact (proposal, design, each delta spec as markdown with a table of
contents) and the tasks as a tree with done counts, dependencies and the next-ready tasks marked."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, MarkdownViewer, Static, TabbedContent, TabPane

from openspec_tool.model.workspace import Change
from openspec_tool.tui.data import Artifact
from openspec_tool.tui.screens.base import BaseScreen
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
    for label, value in (("effort", change.effort), ("timeline", change.timeline_weeks), ("priority", change.priority)):
        if value is not None:
            shown = f"{value.low:g}-{value.high:g} weeks" if label == "timeline" and not isinstance(value, str) else str(value)
            out.append(f"  {label} ", style="dim")
            out.append(shown)
    for problem in change.problems:
        out.append(f"\n⚠ {problem}", style="red")
    return out


class ChangeScreen(BaseScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("backspace", "app.pop_screen", "Back", show=False),
        Binding("right_square_bracket", "tab(1)", "Next tab"),
        Binding("left_square_bracket", "tab(-1)", "Prev tab"),
        Binding("t", "toc", "Contents"),
        Binding("n", "next_ready", "Next ready"),
    ]
    HELP_NOTES = (
        "Tabs: Proposal, Design, one per delta spec (Δ), Tasks. ] and [ switch tabs; t shows or hides the contents.",
        "In the tasks tree: ▶ marks a task ready to start now, n jumps to the next one, Enter folds a branch.",
    )

    def __init__(self, change_id: str, tab: str | None = None) -> None:
        super().__init__(classes="change-screen")
        self.change_id = change_id
        self.initial_tab = tab
        self.artifacts: list[Artifact] = []

    def title_text(self) -> str:
        return f"Change {self.change_id}"

    def compose(self) -> ComposeResult:
        change = self.data.change(self.change_id)
        self.artifacts = self.data.artifacts(change)
        yield Header(show_clock=False)
        yield Static(change_headline(change), id="change-head")
        with TabbedContent(id="artifacts"):
            for n, art in enumerate(self.artifacts):
                with TabPane(art.title, id=f"tab-{n}"):
                    if art.kind == "tasks":
                        if change.tasks is None and (problem := self.data.read(art.path)[1]):
                            yield Static(Text(problem, style="red"), classes="problem")
                        yield TaskTree(change.tasks, id="tasks")
                        continue
                    text, problem = self.data.read(art.path)
                    if text is None:
                        yield Static(Text(problem or "", style="red"), classes="problem")
                    else:
                        viewer = MarkdownViewer(text, show_table_of_contents=True, open_links=False, classes="doc")
                        yield viewer
        yield Footer()

    def after_mount(self) -> None:
        if self.initial_tab:
            self.show_tab(self.initial_tab)
        if self.data.change(self.change_id).problems:
            problems = "\n".join(self.data.change(self.change_id).problems)
            self.notify(problems, title="Could not read everything", severity="warning")

    def refresh_data(self) -> None:
        if self.ready:  # the first fill is compose itself; a reload composes again
            self.rebuild()

    def before_rebuild(self) -> None:
        active = self.active_artifact()
        self.initial_tab = active.title if active else self.initial_tab

    def after_rebuild(self) -> None:
        if self.initial_tab:
            self.show_tab(self.initial_tab)

    def show_tab(self, title: str) -> None:
        for n, art in enumerate(self.artifacts):
            if art.title.lower() == title.lower() or (title.lower() == "tasks" and art.kind == "tasks"):
                self.query_one(TabbedContent).active = f"tab-{n}"
                return

    def active_artifact(self) -> Artifact | None:
        active = self.query_one(TabbedContent).active
        if not active:
            return None
        return self.artifacts[int(active.removeprefix("tab-"))]

    def current_file(self) -> tuple[str, int | None] | None:
        art = self.active_artifact()
        if art is None:
            return None
        line = None
        if art.kind == "tasks":
            tree = self.query_one(TaskTree)
            node = tree.cursor_node
            line = node.data.line if node is not None and node.data is not None else None
        return art.path, line

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        n = int((tabs.active or "tab-0").removeprefix("tab-"))
        tabs.active = f"tab-{(n + step) % len(self.artifacts)}"

    def action_next_ready(self) -> None:
        """To the Tasks tab and the next task ready to start."""
        self.show_tab("tasks")
        tree = self.query_one(TaskTree)
        tree.focus()
        tree.action_next_ready()

    def action_toc(self) -> None:
        for viewer in self.query(MarkdownViewer):
            viewer.show_table_of_contents = not viewer.show_table_of_contents
