"""Fixtures for the TUI tests: a frozen copy of our own workspace with fixed times, and a way to drive the app.

Every app runs on a copy under tmp_path of tests/fixtures/tui-workspace/ (our openspec/ as it was when the
snapshots were drawn), so neither edits to the live openspec/ nor the tests themselves touch one another.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tui-workspace"
# 2026-01-15 12:00 UTC: every file of the copy carries it, so "last modified" reads the same on every run.
FIXED_MTIME = 1768478400


def copy_workspace(dest: Path) -> Path:
    shutil.copytree(FIXTURE / "openspec", dest / "openspec")
    for path in [dest / "openspec", *(dest / "openspec").rglob("*")]:
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    return dest


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates render in UTC; no editor or colour setting leaks in from the environment."""
    monkeypatch.setenv("TZ", "UTC")
    for name in ("EDITOR", "VISUAL", "OPENSPEC_EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The fixture workspace, copied to <tmp>/workspace (the folder name shows in the header)."""
    return copy_workspace(tmp_path / "workspace")


Scenario = Callable[[Any, Any], Awaitable[None]]


def drive(app: Any, scenario: Scenario, size: tuple[int, int] = (100, 30)) -> None:
    """Run the app headless and play `scenario(app, pilot)` against it."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


async def settle(pilot: Any, seconds: float = 0.0) -> None:
    """Let timers fire, workers finish and the screen catch up."""
    if seconds:
        await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def quiet(app: Any) -> None:
    """Until every message queue of the app and its screen is empty twice in a row (no fixed sleep)."""
    calm = 0
    for _ in range(10_000):
        await asyncio.sleep(0)
        nodes = (app, *app.screen.walk_children(with_self=True))
        calm = calm + 1 if all(node._message_queue.empty() for node in nodes) else 0
        if calm >= 3:
            return


async def type_keys(app: Any, keys: dict[str, str]) -> None:
    """Press keys (name → character) one after the other as a fast typist does: each is handled, with what it
    sets off, before the next (quicker than Pilot.press, which sleeps at least 40 ms a key)."""
    from textual import events

    for key, char in keys.items():
        event = events.Key(key, char)
        event.set_sender(app)
        await app._post_message(event)
        await quiet(app)


async def type_text(app: Any, text: str) -> None:
    """Type `text` into whatever has the focus, fast (see type_keys)."""
    from textual.keys import _character_to_key

    for char in text:
        await type_keys(app, {_character_to_key(char): char})


def screen_text(app: Any) -> str:
    """What the terminal shows, as plain text."""
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())
