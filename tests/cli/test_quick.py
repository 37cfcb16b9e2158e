"""The read commands spelt plainly run without click: the table is what click declares, and every argv the quick
parser takes it reads exactly as click does (anything else is left to click)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.cli import quick
from openspec_tool.cli.main import cli
from tests.conftest import REPO


@pytest.mark.parametrize("name", sorted(quick.COMMANDS))
def test_the_table_is_what_click_declares(name: str) -> None:
    command = cli.commands[name]
    spec = quick.COMMANDS[name]
    flags: dict[str, str | None] = {}
    values: dict[str, str] = {}
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts:
                if param.is_flag:
                    flags[opt] = None if param.name == "no_interactive" else param.name
                else:
                    values[opt] = str(param.name)
    assert (flags, values) == (spec.flags, spec.values)
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    assert tuple(str(p.name) for p in arguments) == spec.arguments
    assert sum(1 for p in arguments if p.required) == spec.required


def _click_params(argv: list[str]) -> dict[str, object]:
    command = cli.commands[argv[0]]
    with command.make_context(argv[0], list(argv[1:])) as ctx:
        params = dict(ctx.params)
    params.pop("no_interactive", None)
    return params


def _with_defaults(name: str, given: dict[str, object]) -> dict[str, object]:
    import importlib
    import inspect

    main = importlib.import_module(f"openspec_tool.cli.commands.{quick.COMMANDS[name].module}").main
    params = {k: p.default for k, p in inspect.signature(main).parameters.items() if p.default is not inspect.Parameter.empty}
    return {**params, **given}


WORDS = [
    "--all", "--changes", "--specs", "--strict", "--json", "--no-interactive", "--type", "--root", "--sort",
    "--deltas-only", "--requirements-only", "--requirements", "--no-scenarios", "-r", "--requirement",
    "--type=spec", "--root=x", "--all=1", "--json=", "--sort=name", "--type=", "-r2", "--", "-", "-h", "--help",
    "--strictt", "--al", "change", "spec", "x", "a-b", "", "-1", "2",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(quick.COMMANDS)), st.lists(st.sampled_from(WORDS), max_size=6))
def test_what_the_quick_parser_takes_click_reads_the_same(name: str, rest: list[str]) -> None:
    argv = [name, *rest]
    parsed = quick.parse(argv)
    if parsed is None:
        return  # click's to answer
    command, given = parsed
    assert command == name
    assert _with_defaults(name, given) == _click_params(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--all", "--json"],
        ["validate", "x", "--type", "change", "--strict"],
        ["list", "--specs", "--json", "--sort=name"],
        ["show", "x", "-r", "2", "--json", "--root", "."],
    ],
)
def test_the_usual_spellings_are_taken(argv: list[str]) -> None:
    assert quick.parse(argv) is not None


@pytest.mark.parametrize(
    "argv",
    [["validate", "--help"], ["validate", "--al"], ["validate", "a", "b"], ["show"], ["show", "x", "-r2"], ["list", "--", "x"]],
)
def test_anything_unusual_is_left_to_click(argv: list[str]) -> None:
    assert quick.parse(argv) is None


def test_validate_runs_without_importing_click() -> None:
    code = (
        "import sys\n"
        "from openspec_tool.cli.runner import run\n"
        "code = run(['validate', '--all', '--json', '--root', sys.argv[1]])\n"
        "assert 'click' not in sys.modules, 'click was imported'\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert '"valid": true' in proc.stdout
