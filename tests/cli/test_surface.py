"""The handover decision: what `openspec` answers itself and what goes to the official CLI, from argv alone."""

from __future__ import annotations

import click
import pytest

from openspec_tool.cli import surface
from openspec_tool.cli.main import cli


def _click_flags(command: click.Command) -> dict[str, bool]:
    flags: dict[str, bool] = {}
    for param in command.params:
        if isinstance(param, click.Option):
            for name in [*param.opts, *param.secondary_opts]:
                flags[name] = not param.is_flag
    return flags


def _command(path: str) -> click.Command:
    command: click.Command = cli
    for part in path.split():
        assert isinstance(command, click.Group)
        command = command.commands[part]
    return command


@pytest.mark.parametrize("path", sorted(surface.SHARED))
def test_the_table_is_what_click_declares(path: str) -> None:
    declared = _click_flags(_command(path))
    ours = {k: v for k, v in declared.items() if k not in surface.OWN_FLAGS}
    assert ours == surface.SHARED[path]
    assert all(surface.OWN_FLAGS[k] == v for k, v in declared.items() if k in surface.OWN_FLAGS)


def test_every_command_is_in_the_table() -> None:
    top = set(cli.commands) - surface.OURS_ONLY
    assert top == {p.split()[0] for p in surface.SHARED}


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        ([], None),
        (["--help"], None),
        (["list", "--json"], None),
        (["--no-color", "list", "--sort=name", "--root", "x"], None),
        (["show", "x", "-r", "2", "--json"], None),
        (["show", "x", "-r2", "--type=spec"], None),
        (["validate", "--all", "--strict", "--json"], None),
        (["tasks", "x", "--anything"], None),
        (["decide", "choose", "B", "--yes"], None),
        (["validate", "--", "--weird-name"], None),
        (["--version"], "--version"),
        (["-V"], "--version"),
        (["init"], "init"),
        (["status", "--change", "x"], "status"),
        (["instructions", "apply"], "instructions"),
        (["show", "x", "--diff"], "show --diff"),
        (["list", "--store", "team"], "list --store"),
        (["validate", "--archived"], "validate --archived"),
        (["validate", "--all", "--concurrency=2"], "validate --concurrency"),
        (["new", "initiative"], "new initiative"),
        (["--weird"], "--weird"),
        (["help", "list"], "help"),
    ],
)
def test_handover(argv: list[str], what: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "1")
    assert surface.handover(argv) == what


def test_a_missing_item_goes_to_the_official_prompt_only_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("OPEN_SPEC_INTERACTIVE", raising=False)
    monkeypatch.setattr(surface, "interactive", lambda argv: "--no-interactive" not in argv)
    assert surface.handover(["validate"]) == "validate (choosing the item in a prompt)"
    assert surface.handover(["show", "--json"]) == "show (choosing the item in a prompt)"
    assert surface.handover(["validate", "--no-interactive"]) is None
    assert surface.handover(["validate", "--all"]) is None
    assert surface.handover(["show", "x"]) is None
