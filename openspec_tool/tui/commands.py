"""Ctrl+P: jump to any screen, change, spec, decision option or path (fuzzy matched)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from openspec_tool.tui.screens import SCREENS

if TYPE_CHECKING:
    from openspec_tool.tui.app import OpenSpecApp

Entry = tuple[str, str, Callable[[], object]]  # (text matched, help, what it does)


def entries(app: OpenSpecApp) -> list[Entry]:
    """Screens, changes (active and archived), main and delta specs, and the decision's paths and options."""
    data = app.data
    if data is None:
        return []
    out: list[Entry] = [(f"Go to {s.title}", f"the {s.title.lower()} screen", partial(app.go, s.mode)) for s in SCREENS]
    for row in (*data.changes, *data.archived()):
        out.append((f"change {row.id}", f"{row.stage}, {row.done}/{row.total} checkboxes", partial(app.open_change, row.id)))
    for ref in data.spec_refs():
        text = f"spec {ref.id}" + (f" ({ref.change})" if ref.change else "")
        where = f"delta spec of {ref.change}" if ref.change else f"spec, {ref.requirement_count} requirements"
        out.append((text, where, partial(app.open_spec, ref.key)))
    spec = app.decision_spec()
    if spec is not None:
        for path in spec.paths:
            jump = partial(app.open_decision_item, "path", path.id)
            out.append((f"path {path.id} {path.name}", f"{spec.id}: {', '.join(path.options)}", jump))
        for option in spec.options:
            out.append((f"option {option}", f"{spec.id}: an option", partial(app.open_decision_item, "option", option)))
    return out


class WorkspaceCommands(Provider):
    async def startup(self) -> None:
        self.entries = entries(cast("OpenSpecApp", self.app))

    async def discover(self) -> Hits:
        for text, help_text, action in self.entries[: len(SCREENS)]:
            yield DiscoveryHit(text, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, action in self.entries:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, text=text, help=help_text)
