"""Every text field owns its keys until Enter or Escape: typing a word made of every single-key binding of the
app never runs one of them (no quit, no $EDITOR, no screen switch, no focus taken away)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.keys import key_to_character
from textual.widgets import Input

from openspec_tool.tui.app import create_app
from tests.tui.conftest import drive, settle, type_keys

NAMED = {"slash": "/", "plus": "+", "minus": "-", "full_stop": ".", "asterisk": "*"}  # names unicodedata does not know


def single_keys(app: Any) -> dict[str, str]:
    """key name → character, for every binding anywhere on the screen (the app's, the screen's, each widget's)."""
    out: dict[str, str] = {}
    for node in (app, app.screen, *app.screen.query("*")):
        for key in node._bindings.key_to_bindings:
            char = NAMED.get(key) or key_to_character(key)
            if char is not None and len(char) == 1 and char.isprintable():
                out[key] = char
    return out


async def type_everything(app: Any, pilot: Any, opener: tuple[str, ...], expected: str | None = None) -> None:
    screen = app.screen
    keys = single_keys(app)
    assert {"q", "e", "1", "2", "slash", "question_mark"} <= set(keys), (type(screen).__name__, sorted(keys))
    await pilot.press(*opener)
    await settle(pilot)
    field = app.focused
    assert isinstance(field, Input), (type(screen).__name__, field)
    field.value = ""
    await type_keys(app, keys)  # a key that escaped the field would act (quit, switch, edit) and show below
    await settle(pilot)
    assert app.focused is field, type(screen).__name__
    typed = "".join(keys.values())
    assert field.value == (typed if expected is None else expected(typed) if callable(expected) else expected)
    assert app.screen is screen and not app._exit
    await pilot.press("escape")
    await settle(pilot)


def test_a_word_of_every_key_typed_into_every_field_stays_text(workspace: Path) -> None:
    edited: list[Path] = []

    async def scenario(app: Any, pilot: Any) -> None:
        for screen_key in ("1", "2", "3", "4"):
            await pilot.press(screen_key)
            await settle(pilot)
            await type_everything(app, pilot, ("slash",))
        await pilot.press("4")
        await type_everything(app, pilot, ("w", "enter"), lambda typed: "".join(c for c in typed if c in "0123456789."))
        app.open_change("phase2-option2-improve-testing")
        await settle(pilot)
        await type_everything(app, pilot, ("slash",))
        assert edited == []

    drive(create_app(workspace, watch=False, editor=lambda path, line: edited.append(path)), scenario)


def test_keys_typed_while_the_field_opens_land_in_it(workspace: Path) -> None:
    """A fast typist: `/` and the word arrive before the screen has moved the focus to the field."""
    from textual import events

    async def scenario(app: Any, pilot: Any) -> None:
        app.open_change("phase2-option3-feature-development")
        await settle(pilot)
        for key, char in (("slash", "/"), ("p", "p"), ("a", "a"), ("l", "l")):  # queued together, as tmux sends them
            await app._post_message(events.Key(key, char))
        await settle(pilot)
        assert app.focused.value == "pal" and app.screen.hits

    drive(create_app(workspace, watch=False), scenario)
