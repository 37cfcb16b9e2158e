"""A change's stage: one definition for `openspec list`, the reports and the TUI. No I/O.

The words are the reference CLI's (`openspec list --json` `status`), from its count of checkbox lines:
`no-tasks` (no checkbox in its task files), `in-progress` (some open), `complete` (every one ticked); an
archived change is `archived` whatever its boxes say.
"""

from __future__ import annotations

STAGES = ("no-tasks", "in-progress", "complete", "archived")


def change_stage(done: int, total: int, archived: bool = False) -> str:
    """The stage of a change whose task files hold `total` checkboxes, `done` of them ticked."""
    if archived:
        return "archived"
    if total <= 0:
        return "no-tasks"
    return "complete" if done >= total else "in-progress"
