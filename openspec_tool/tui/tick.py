"""`Space` in a task tree: tick or untick the task under the cursor with `write.task_marks.mark_file` — what
`openspec tasks done|undo` runs — so the CLI's rules hold: only the checkbox's characters change, a heading task
is refused, a parent is ticked only with its subtasks (asked for first, as `--with-children`), ticking a last
open subtask ticks its parent, unticking a subtask unticks its done parents. The file is written atomically,
or not at all; then it is read again and the tree keeps its cursor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from openspec_tool.model.tasks import Task, TaskList
from openspec_tool.write.task_marks import REASON_NOTES, MarkError, MarkFileError, MarkPlan, NeedsChildren, mark_file

SHOWN = 4  # lines of a notification about ticked tasks before "… and N more"


@dataclass(frozen=True)
class TickRequest:
    root: Path
    rel: str  # the task file, relative to the root (how messages name it, as the CLI's)
    task: Task
    done: bool  # tick (True) or untick


def request_for(root: Path, rel: str, task: Task) -> TickRequest:
    """Space toggles: an open task is ticked, a done one unticked."""
    return TickRequest(root, rel, task, not task.done)


def checkbox_children(tasks: TaskList, task: Task) -> list[Task]:
    return [t for t in tasks.children(task.id) if t.source == "checkbox"]


def tick_question(task: Task, open_ids: list[str]) -> tuple[str, Text]:
    """Ticking a parent whose subtasks are open (the CLI refuses it without `--with-children`)."""
    body = Text(f"{task.id} {task.title}\n\n", style="bold")
    body.append(f"It has {len(open_ids)} open subtask(s): {', '.join(open_ids)}. ")
    body.append("A parent is done when its subtasks are: tick them with it (`openspec tasks done … --with-children`)?")
    return f"Tick {task.id} and its open subtasks?", body


def untick_question(task: Task, kids: list[Task]) -> tuple[str, Text]:
    """Unticking a parent: alone, its mark would change and the tree still show it done through its subtasks."""
    body = Text(f"{task.id} {task.title}\n\n", style="bold")
    body.append(f"It is done through its {len(kids)} subtask(s): {', '.join(k.id for k in kids)}. ")
    body.append("Untick them with it (`openspec tasks undo … --with-children`)?")
    return f"Untick {task.id} and its subtasks?", body


def apply(request: TickRequest, with_children: bool) -> MarkPlan:
    """The write; MarkError (NeedsChildren) / MarkFileError as the CLI gets them: nothing written then."""
    return mark_file(request.root / request.rel, request.rel, [request.task.id], request.done, with_children)


def outcome(request: TickRequest, plan: MarkPlan) -> str:
    """What changed, one line a task, as `openspec tasks done|undo` prints it."""
    if not plan.changed:
        t = request.task
        return f"{t.id} {t.title}: already {'done' if request.done else 'open'}"
    mark = "✓" if request.done else "☐"
    lines = [f"{mark} {m.id} {m.title}{REASON_NOTES.get(m.reason, '')}  (line {m.line})" for m in plan.changed]
    if len(lines) > SHOWN:
        lines[SHOWN - 1 :] = [f"… and {len(lines) - SHOWN + 1} more"]
    return "\n".join(lines)


Ask = Callable[[str, Text, Callable[[bool], None]], None]  # (title, body, answered(yes))
Notify = Callable[[str, str], None]  # (message, severity)


def run(request: TickRequest, tasks: TaskList, ask: Ask, notify: Notify, written: Callable[[], None]) -> None:
    """Tick or untick; where the CLI would need `--with-children`, ask first. `written()` after a write."""

    def answered(yes: bool) -> None:
        if yes:
            write(True)
        else:
            notify("Nothing written.", "information")

    def write(with_children: bool) -> None:
        try:
            plan = apply(request, with_children)
        except NeedsChildren as exc:
            ask(*tick_question(request.task, exc.open_ids), answered)
            return
        except MarkError as exc:
            hint = " (e opens the file at its line)" if "is a heading" in str(exc) else ""
            notify(f"{exc}{hint}", "error")
            return
        except MarkFileError as exc:
            notify(str(exc), "error")
            return
        notify(outcome(request, plan), "information")
        if plan.changed:
            written()

    kids = checkbox_children(tasks, request.task)
    if not request.done and kids:
        ask(*untick_question(request.task, kids), answered)
    else:
        write(False)
