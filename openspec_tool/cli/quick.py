"""The read commands spelt plainly, run without click.

`validate`, `list` and `show` are what CI and agents run over and over, and click with our command tree is
~20 ms of a 0.1 s `validate --all`. When every word of argv is one of the command's own options (a value
option followed by its value, or `--opt=value`) or one of its arguments, this module reads it and calls the
function click would have called (`commands/<name>.py`'s `main`), with the same values. Anything else — help,
an unknown or misspelt option, a value that looks like an option or is empty, `--`, short options run
together, an argument too many or missing — goes to click, which answers it as it always has.

`tests/cli/test_quick.py` keeps the table equal to the click declarations and checks that every argv taken
here is read as click reads it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NamedTuple


class Plain(NamedTuple):
    module: str  # `openspec_tool.cli.commands.<module>.main` runs it
    arguments: tuple[str, ...]  # the positional parameters, in order
    required: int  # how many of them must be given
    flags: dict[str, str | None]  # option → parameter (None: accepted and ignored)
    values: dict[str, str]  # option taking a value → parameter


_ROOT = {"--root": "root"}
COMMANDS = {
    "validate": Plain(
        "validate",
        ("item",),
        0,
        {
            "--all": "all_",
            "--changes": "changes",
            "--specs": "specs",
            "--strict": "strict",
            "--json": "as_json",
            "--no-interactive": None,
        },
        {"--type": "type_", **_ROOT},
    ),
    "list": Plain(
        "list_items",
        (),
        0,
        {"--specs": "specs", "--changes": "changes", "--json": "as_json"},
        {"--sort": "sort", **_ROOT},
    ),
    "show": Plain(
        "show",
        ("item",),
        1,
        {
            "--json": "as_json",
            "--deltas-only": "deltas_only",
            "--requirements-only": "requirements_only",
            "--requirements": "requirements",
            "--no-scenarios": "no_scenarios",
            "--no-interactive": None,
        },
        {"--type": "type_", "-r": "requirement", "--requirement": "requirement", **_ROOT},
    ),
}


def parse(argv: list[str]) -> tuple[str, dict[str, object]] | None:
    """(command, the parameters given), or None when click should read `argv`."""
    if not argv or argv[0] not in COMMANDS:
        return None
    spec = COMMANDS[argv[0]]
    params: dict[str, object] = {}
    positionals: list[str] = []
    words = iter(argv[1:])
    for word in words:
        if not word.startswith("-"):
            positionals.append(word)
            continue
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if name in spec.flags and not equals:
            parameter = spec.flags[name]
            if parameter is not None:
                params[parameter] = True
        elif name in spec.values:
            if not equals:
                value = next(words, "")
            if not value or value.startswith("-"):
                return None
            params[spec.values[name]] = value
        else:
            return None
    if not spec.required <= len(positionals) <= len(spec.arguments):
        return None
    params.update(zip(spec.arguments, positionals))
    return argv[0], params


def plan(argv: list[str]) -> Callable[[], int] | None:
    """The command to run for `argv` without click, or None."""
    parsed = parse(argv)
    if parsed is None:
        return None
    command, params = parsed
    name = f"openspec_tool.cli.commands.{COMMANDS[command].module}"
    __import__(name)
    main: Callable[..., int] = sys.modules[name].main
    return lambda: main(**params)
