"""A change's tasks as a tree: sections with done counts, tasks nested as written, dependencies, and the
tasks ready to start now (`plan.graph.ready`: open, every dependency done) marked ▶."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from openspec_tool.model.tasks import Task, TaskList
from openspec_tool.plan.graph import find_cycles, format_cycle, ready

READY_MARK = "▶"


def task_label(task: Task, is_ready: bool, in_cycle: bool = False) -> Text:
    if task.done:
        out = Text("✓ ", style="green")
    elif is_ready:
        out = Text(f"{READY_MARK} ", style="bold cyan")
    else:
        out = Text("☐ ")
    out.append(task.id, style="dim" if task.generated_id else "bold")
    out.append(" ")
    out.append(task.title, style="dim" if task.done else "")
    if task.estimate:
        out.append(f"  {task.estimate}", style="cyan")
    if task.priority:
        out.append(f"  [{task.priority}]", style="yellow")
    if task.dependencies:
        out.append("  after " + ", ".join(task.dependencies), style="dim")
    if is_ready:
        out.append("  ready", style="bold cyan")
    if in_cycle:
        out.append("  in a dependency cycle", style="bold red")
    return out


def tasks_headline(tasks: TaskList, ready_count: int, cycles: list[list[str]]) -> Text:
    """The tree's root: the model's one count (`tasks`: work items, as `openspec tasks`), what is ready, the
    estimate, the acceptance checks counted apart, and each dependency cycle by its task ids."""
    head = Text(f"{tasks.title or 'Tasks'}  ", style="bold")
    head.append(f"{tasks.done}/{tasks.total} tasks done", style="green" if tasks.done == tasks.total else "")
    head.append(f" · {ready_count} ready", style="cyan")
    estimate = tasks.estimate_total()
    if estimate:
        head.append(f" · {estimate} estimated", style="dim")
    if tasks.checks:
        head.append(f" · {tasks.checks_done}/{len(tasks.checks)} acceptance checks", style="dim")
    for cycle in cycles:
        head.append(f" · ⚠ {format_cycle(cycle)}", style="red")
    return head


class TaskTree(Tree[Task | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick/untick"),
        Binding("n", "next_ready", "Next ready", show=False),
    ]

    class TickRequested(Message):
        """Space on a task: the screen ticks or unticks it (on a section, Space folds it)."""

        def __init__(self, task: Task) -> None:
            super().__init__()
            self.task = task

    def __init__(self, tasks: TaskList | None, id: str | None = None, problem: str | None = None) -> None:
        super().__init__("Tasks", id=id)
        self.show_root = True
        self.guide_depth = 3
        self.ready_ids: list[str] = []
        self.cycles: list[list[str]] = []
        self.problem = problem
        self.nodes: dict[str, TreeNode[Task | None]] = {}
        self.load(tasks)

    def load(self, tasks: TaskList | None) -> None:
        self.clear()
        self.nodes = {}
        if tasks is None or not tasks.tasks:
            if self.problem:
                self.root.set_label(Text(self.problem, style="red"))
            else:
                self.root.set_label(Text("No tasks found (tasks.md is missing or lists none).", style="dim"))
            return
        self.cycles = find_cycles(tasks.tasks)
        self.ready_ids = [t.id for t in ready(tasks.tasks)]
        ready_set = set(self.ready_ids)
        self.root.set_label(tasks_headline(tasks, len(self.ready_ids), self.cycles))
        looped = {task_id for cycle in self.cycles for task_id in cycle}
        nodes: dict[str, TreeNode[Task | None]] = {}
        sections: dict[str | None, TreeNode[Task | None]] = {}
        for section in dict.fromkeys(t.section for t in tasks.tasks):
            items = [t for t in tasks.tasks if t.section == section]
            label = Text(section or "(no section)", style="bold")
            label.append(f"  {sum(t.done for t in items)}/{len(items)}", style="dim")
            sections[section] = self.root.add(label, None, expand=True)
        for t in tasks.tasks:
            parent = nodes.get(t.parent) if t.parent else None
            where = parent if parent is not None else sections[t.section]
            label = task_label(t, t.id in ready_set, t.id in looped)
            nodes[t.id] = where.add(label, t, expand=True, allow_expand=False)
        for node in nodes.values():
            node.allow_expand = bool(node.children)
        self.nodes = nodes
        self.root.expand()

    def reload(self, tasks: TaskList | None) -> None:
        """The tasks read again: the cursor stays on the task it was on (by id), or on the same line."""
        keep, line = self.selected_task_id(), self.cursor_line
        self.load(tasks)
        if keep is None or not self.select_task(keep):
            self.call_after_refresh(self._to_line, line)

    def _to_line(self, line: int) -> None:
        if line >= 0 and self.last_line >= 0:
            self.move_cursor_to_line(min(line, self.last_line))

    def selected_task_id(self) -> str | None:
        node = self.cursor_node
        return node.data.id if node is not None and node.data is not None else None

    def select_task(self, task_id: str) -> bool:
        node = self.nodes.get(task_id)
        if node is None:
            return False
        self.call_after_refresh(self.move_cursor, node)  # the lines exist after the next refresh
        return True

    def goto_line(self, line: int, heading: bool = False) -> None:
        """The cursor to the task written on `line` of tasks.md: the task on that line, the first task under
        it when it is a heading, else the task it belongs to (the last one above it)."""
        tasks = sorted((node.data.line, task_id) for task_id, node in self.nodes.items() if node.data is not None)
        after = [task_id for at, task_id in tasks if at >= line]
        before = [task_id for at, task_id in tasks if at <= line]
        exact = [task_id for at, task_id in tasks if at == line]
        pick = exact or (after[:1] if heading else before[-1:]) or after[:1] or before[-1:]
        if pick:
            self.select_task(pick[0])

    def action_tick(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None:
            self.post_message(self.TickRequested(node.data))
        else:
            self.action_toggle_node()

    def action_next_ready(self) -> None:
        """Move the cursor to the next task marked ready (wrapping round)."""
        if not self.ready_ids:
            return
        here = self.cursor_node.data if self.cursor_node else None
        order = [n for n in self._walk() if n.data is not None and n.data.id in self.ready_ids]
        if not order:
            return
        ids = [n.data.id for n in order if n.data is not None]
        start = ids.index(here.id) + 1 if here is not None and here.id in ids else 0
        self.move_cursor(order[start % len(order)])

    def _walk(self) -> list[TreeNode[Task | None]]:
        out: list[TreeNode[Task | None]] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out
