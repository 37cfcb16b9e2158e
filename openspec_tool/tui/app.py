"""The Textual application: screens as modes, global keys, live reload, $EDITOR, the command palette.

`create_app` is the one way to build it — the CLI and the tests both call it.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input

from openspec_tool.tui.data import WorkspaceData
from openspec_tool.tui.screens import SCREENS
from openspec_tool.tui.screens.base import BaseScreen
from openspec_tool.tui.watch import Stamp, changed, scan

if TYPE_CHECKING:
    from textual.command import Provider

    from openspec_tool.model.decision import DecisionSpec
    from openspec_tool.tui.data import HeadStart

# Each screen (and the markdown, the decision engine and the readers behind it) loads when first shown,
# so the first screen comes sooner.


def _workspace_commands() -> type[Provider]:
    from openspec_tool.tui.commands import WorkspaceCommands

    return WorkspaceCommands


def _ours(node: object, action: str) -> bool:
    """Is the action implemented by this project (not inherited from a Textual widget)?"""
    namespace, _, name = action.rpartition(".")
    target = {"app": getattr(node, "app", node), "screen": getattr(node, "screen", node)}.get(namespace, node)
    method = getattr(type(target), f"action_{name.split('(')[0]}", None)
    return bool(method) and getattr(method, "__module__", "").startswith("openspec_tool")


# Imported in a thread once the first screen shows (see _warm_up): what the first Enter would wait for.
WARM_UP = ("openspec_tool.tui.screens.change", "openspec_tool.read.workspace", "markdown_it.main")
WARM_UP_AFTER = 0.5

Editor = Callable[[Path, "int | None"], None]


class OpenSpecApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "openspec"
    COMMANDS = App.COMMANDS | {_workspace_commands}
    DEFAULT_MODE = SCREENS[0].mode
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 - Textual types it as an instance attribute
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(s.key, f"go('{s.mode}')", s.title) for s in SCREENS),
        Binding("question_mark", "help", "Keys"),
        Binding("r", "reload", "Reload", show=False),
        Binding("q", "quit", "Quit"),
        Binding("N", "new_change", "New change"),  # after q: a narrow footer keeps q
    ]

    def __init__(
        self,
        data: WorkspaceData | None,
        problem: str | None = None,
        decision: str | None = None,
        watch: bool = True,
        poll_interval: float = 1.0,
        editor: Editor | None = None,
    ) -> None:
        super().__init__()
        self.data = data
        self.problem = problem
        self.decision_name = decision
        self.watching = watch and data is not None
        self.poll_interval = poll_interval
        self.editor = editor or self._run_editor
        self.generation = 0
        self._stamps: dict[str, Stamp] | None = None
        self._next_scan = 0.0
        self._scanning = False
        self.first_screen_at: float | None = None  # perf_counter() when the dashboard first showed its rows
        self.counted_at: float | None = None  # … and when every spec's requirements were counted
        if data is None:
            from openspec_tool.tui.screens.problem import NoWorkspaceScreen

            message = problem or "no workspace"
            self.add_mode(self.DEFAULT_MODE, lambda: NoWorkspaceScreen(message))
            return
        self.sub_title = str(data.root.name)
        for screen in SCREENS:
            self.add_mode(screen.mode, screen.make)

    def on_mount(self) -> None:
        if self.watching:
            self.set_interval(self.poll_interval, self._tick)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        blocked = self.data is None or isinstance(self.screen, ModalScreen)
        if action in ("go", "help", "reload", "edit", "new_change") and blocked:
            return False
        if action == "edit":  # shown only where there is a file to open
            screen = self.screen
            return isinstance(screen, BaseScreen) and screen.current_file() is not None
        return True

    async def action_quit(self) -> None:
        """Quit (`q`, `ctrl+q`, the palette's Quit) — after asking, when a screen holds values changed and not saved
        (the Decision screen's weights and scores, even from another screen); without a workspace the exit status is
        2, as the CLI's for a missing workspace."""
        code = 2 if self.data is None else 0
        holder = next((s for s in self.workspace_screens() if s.has_unsaved()), None)
        if holder is None:
            self.exit(return_code=code)
        else:
            holder.settle_unsaved("Quitting.", lambda saved: self.exit(return_code=code))

    def workspace_screens(self) -> list[BaseScreen]:
        """Every top-level screen made so far (each mode keeps its own while another shows)."""
        out: list[BaseScreen] = []
        for top in SCREENS:
            try:
                stack = self.get_screen_stack(top.mode)
            except KeyError:  # not shown yet
                continue
            out.extend(s for s in stack if isinstance(s, BaseScreen))
        return out

    def on_key(self, event: events.Key) -> None:
        """A character that reaches the app while a text field has the focus was typed as the focus moved to it
        (each key goes to the widget focused when it arrives: keys typed fast after `/` went to the list). It is
        text for the field, never a binding of the screen (`e`, `q`, `1`…)."""
        field = self.focused
        if isinstance(field, Input) and event.is_printable and event.character:
            event.stop()
            event.prevent_default()  # not App's own key handling, which runs the bindings
            field.insert_text_at_cursor(event.character)

    def mark_first_screen(self) -> None:
        if self.first_screen_at is None:
            self.first_screen_at = time.perf_counter()
            self.set_timer(WARM_UP_AFTER, self._warm_up)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """While the dashboard is read, import what opening a change needs (the markdown widget and parser, the
        full readers: a quarter of a second), so the first change opens as fast as the next."""
        import importlib

        for module in WARM_UP:
            importlib.import_module(module)

    def mark_counted(self) -> None:
        if self.counted_at is None:
            self.counted_at = time.perf_counter()

    # -- navigation --------------------------------------------------------------------------------
    def action_go(self, mode: str) -> None:
        self.go(mode)

    def go(self, mode: str) -> None:
        if self.current_mode == mode:
            while len(self.screen_stack) > 1:  # from a change back to the list
                self.pop_screen()
            return
        self.switch_mode(mode)

    def open_change(self, change_id: str, tab: str | None = None) -> None:
        from openspec_tool.tui.screens.change import ChangeScreen

        self.push_screen(ChangeScreen(change_id, tab))

    def action_new_change(self) -> None:
        """`N`: the form, then `openspec new change`'s own function; the new change opens."""
        from openspec_tool.tui.screens.new_change import NewChangeScreen

        if self.data is not None:
            self.push_screen(NewChangeScreen(self.data.root), self._created)

    def _created(self, created: object) -> None:
        from openspec_tool.write.new_change import Created

        if not isinstance(created, Created):
            self.notify("Nothing written.", timeout=3)
            return
        self.reload_now()
        self.notify(f"Created change '{created.id}' at openspec/changes/{created.id}/\nSchema: {created.schema}", timeout=6)
        readme = (created.path / "README.md").is_file()
        self.open_change(created.id, "README.md" if readme else None)

    def open_spec(self, key: str) -> None:
        from openspec_tool.tui.screens.spec_browser import SpecBrowserScreen

        self.go("specs")
        screen = self.screen
        if isinstance(screen, SpecBrowserScreen):
            screen.select(key)

    def open_decision_item(self, kind: str, item: str) -> None:
        from openspec_tool.tui.screens.decision import DecisionScreen

        self.go("decision")
        screen = self.screen
        if isinstance(screen, DecisionScreen):
            screen.focus_item(kind, item)

    def decision_spec(self) -> DecisionSpec | None:
        """The decision file as read now (for the palette), None when it cannot be read."""
        from openspec_tool.plan.evaluate import find_decision
        from openspec_tool.read.decision_file import DecisionFileError
        from openspec_tool.read.decisions import load_decision

        if self.data is None:
            return None
        try:
            return load_decision(self.data.tree, find_decision(self.data.tree, self.decision_name))
        except DecisionFileError:
            return None

    def action_help(self) -> None:
        from openspec_tool.tui.screens.help import HelpScreen

        screen = self.screen
        keys: list[tuple[str, str]] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            if not (binding.show or _ours(active.node, binding.action)):
                continue  # Textual's own scrolling and focus keys
            seen.add(binding.action)
            keys.append((self.get_key_display(binding) if key == binding.key.split(",")[0] else key, binding.description))
        keys.append(("Ctrl+P", "Command palette: jump to a change, spec, option or path"))
        notes = screen.HELP_NOTES if isinstance(screen, BaseScreen) else ()
        title = screen.title_text() if isinstance(screen, BaseScreen) else "OpenSpec"
        self.push_screen(HelpScreen(title, keys, notes))

    # -- reloading ---------------------------------------------------------------------------------
    def replace_data(self, data: WorkspaceData) -> None:
        self.data = data
        self.generation += 1  # other screens catch up when they are shown again
        if isinstance(self.screen, BaseScreen):
            self.screen.reload()

    def reload_now(self, changed_paths: set[str] | None = None) -> None:
        if self.data is None:
            return
        self._stamps = None  # the watcher takes a new baseline instead of reloading this change again
        everything = {"openspec/changes/", "openspec/specs/"}
        self.replace_data(self.data.refreshed(changed_paths if changed_paths is not None else everything))

    def action_reload(self) -> None:
        self.reload_now()
        self.notify("Reloaded from disk.", timeout=2)

    def _tick(self) -> None:
        if self._scanning or time.monotonic() < self._next_scan or self.data is None:
            return
        self._scanning = True
        self._scan(self.data)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _scan(self, data: WorkspaceData) -> None:
        try:
            start = time.monotonic()
            stamps = scan(data.root)
            took = time.monotonic() - start
            # Back off where one scan is slow (a huge tree): never more than ~10% of the time scanning.
            self._next_scan = time.monotonic() + max(0.0, 10 * took - self.poll_interval)
            previous, self._stamps = self._stamps, stamps
            if previous is None:
                return
            paths = changed(previous, stamps)
            if paths:
                fresh = data.refreshed(paths)
                self.call_from_thread(self._swap, data, fresh, paths)
        finally:
            self._scanning = False

    def _swap(self, old: WorkspaceData, fresh: WorkspaceData, paths: set[str]) -> None:
        if self.data is old:
            self.replace_data(fresh)

    # -- $EDITOR -----------------------------------------------------------------------------------
    def action_edit(self) -> None:
        screen = self.screen
        target = screen.current_file() if isinstance(screen, BaseScreen) else None
        if target is None or self.data is None:
            self.notify("Nothing to edit here.", severity="warning", timeout=3)
            return
        rel, line = target
        if (self.data.root / rel).is_dir():  # never hand a folder to an editor (saving would replace it)
            self.notify(f"{rel} is a folder, not a file.", severity="warning", timeout=3)
            return
        self.editor(self.data.root / rel, line)
        self.reload_now()

    def _run_editor(self, path: Path, line: int | None) -> None:
        from openspec_tool.tui.editor import editor_command, editor_setting

        command = editor_command(editor_setting(os.environ), str(path), line)
        try:
            with self.suspend():
                subprocess.call(command)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor.", severity="error")
        except OSError as exc:
            self.notify(f"cannot run {command[0]}: {exc.strerror or exc}", severity="error")


def create_app(
    root: Path | None,
    *,
    decision: str | None = None,
    watch: bool = True,
    poll_interval: float = 1.0,
    editor: Editor | None = None,
    head_start: HeadStart | None = None,
) -> OpenSpecApp:
    """The TUI for the workspace at `root` (or the nearest one above the current directory).

    Without a workspace the app still starts and says why. `watch=False` turns live reload off (tests);
    `editor(path, line)` replaces $EDITOR (tests).
    """
    from openspec_tool.read.discover import NoWorkspace
    from openspec_tool.read.root import open_workspace

    try:
        ws = open_workspace(str(root) if root is not None else None)
    except NoWorkspace as exc:
        return OpenSpecApp(None, str(exc), decision, watch, poll_interval, editor)
    data = WorkspaceData(ws.root, head_start=head_start)
    return OpenSpecApp(data, None, decision, watch, poll_interval, editor)
