"""Whole answers of the reference CLI beside ours: `show` with its flags, `validate ITEM` in text mode (with its
"Next steps"), answers outside any workspace, `--no-color`; and the pieces that make `list` and `validate --all`
come out in the reference's order (Node's millisecond rounding, localeCompare, the order of equal ids).

The answers were recorded from the official CLI on our own fixture workspaces; two are run live when it is
installed, so the recordings cannot go stale unnoticed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.read.change_files import node_ms
from openspec_tool.read.collate import locale_key
from openspec_tool.rules.bulk_order import finished_first
from openspec_tool.rules.listing import iso_ms
from tests.conftest import REPO, run_reference, write_tree

Cli = Callable[..., tuple[int, str, str]]
CASES = REPO / "tests" / "fixtures" / "reference"

DOCUMENTS = REPO / "tests" / "fixtures" / "reference_documents"
_spec = importlib.util.spec_from_file_location("documents_record", DOCUMENTS / "record.py")
assert _spec is not None and _spec.loader is not None
record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record)
RECORDED: dict[str, list[Any]] = json.loads((DOCUMENTS / "expected.json").read_text())
COMMANDS = record.all_commands()


def _ours(cli: Cli, case: str | None, args: list[str], outside: Path) -> list[Any]:
    code, out, err = cli(*args, cwd=CASES / case if case else outside)
    return [int(code), record.scrub(out), record.scrub(err)]


@pytest.mark.parametrize(("case", "args"), COMMANDS, ids=[record.key(c, a) for c, a in COMMANDS])
def test_answers_as_the_reference(
    case: str | None, args: list[str], cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit code, stdout and stderr, whole: `show`'s flags, `validate ITEM`'s text with its "Next steps",
    and the answers outside any workspace (recorded by tests/fixtures/reference_documents/record.py)."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert _ours(cli, case, args, tmp_path) == RECORDED[record.key(case, args)]


@pytest.mark.parametrize(("case", "args"), [COMMANDS[3], COMMANDS[len(record.SHOW) + 3]])
def test_the_recordings_are_the_reference_today(case: str | None, args: list[str], tmp_path: Path) -> None:
    code, out, err = run_reference(args, CASES / case if case else tmp_path)
    assert [code, record.scrub(out), record.scrub(err)] == RECORDED[record.key(case, args)]


def test_the_next_steps_point_at_a_command_we_have(cli: Cli) -> None:
    code, _out, err = cli("validate", "conflicts", cwd=CASES / "cross-section-conflicts")
    assert code == 1 and "Next steps:" in err
    command = err.split("Debug parsed deltas: openspec ", 1)[1].split("\n")[0].split()
    assert cli(*command, cwd=CASES / "cross-section-conflicts")[0] == 0


def test_root_is_the_real_absolute_path_even_through_a_symlink(cli: Cli, tmp_path: Path) -> None:
    real = write_tree(tmp_path / "real", {"openspec/specs/a/spec.md": "# a\n"})
    (tmp_path / "link").symlink_to(real)
    _code, out, _ = cli("list", "--specs", "--json", cwd=tmp_path / "link" / "openspec")
    assert json.loads(out)["root"] == {"path": str(real), "source": "nearest"}


def test_no_color_anywhere_on_the_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ws = write_tree(tmp_path, {"openspec/changes/c/tasks.md": "- [ ] 1.1 a\n"})
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"FORCE_COLOR": "1"}
    exe = str(REPO / ".venv" / "bin" / "openspec")
    if not os.access(exe, os.X_OK):
        exe = shutil.which("openspec-tool") or pytest.skip("no installed console script")
    coloured = subprocess.run([exe, "list"], cwd=ws, env=env, capture_output=True, text=True).stdout
    assert "\x1b[" in coloured
    for args in (["--no-color", "list"], ["list", "--no-color"]):
        plain = subprocess.run([exe, *args], cwd=ws, env=env, capture_output=True, text=True)
        assert plain.returncode == 0 and "\x1b[" not in plain.stdout, args


# -- the pieces of the order ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ns", "iso"),
    [
        (1_750_000_000_000_499_000, "2025-06-15T15:06:40.000Z"),
        (1_750_000_000_000_499_999, "2025-06-15T15:06:40.001Z"),  # 0.499999 ms is 0.5 in a double at this size
        (1_750_000_000_000_500_000, "2025-06-15T15:06:40.001Z"),  # a half millisecond rounds up, as Math.round
        (1_750_000_000_999_500_000, "2025-06-15T15:06:41.000Z"),  # ... into the next second
        (1_750_000_000_123_456_789, "2025-06-15T15:06:40.123Z"),
        (0, "1970-01-01T00:00:00.000Z"),
    ],
)
def test_node_rounds_the_millisecond(ns: int, iso: str) -> None:
    assert iso_ms(node_ms(ns)) == iso


def test_list_orders_by_rounded_time_then_by_name(cli: Cli, tmp_path: Path) -> None:
    ws = write_tree(tmp_path, {f"openspec/changes/{n}/tasks.md": "- [ ] a\n" for n in ("b", "a", "c")})
    base = 1_750_000_000_000_000_000
    # b and c round to the same millisecond (a tie keeps folder order: b before c); a is newer by a rounding
    for name, ns in (("a", base + 1_500_000), ("b", base + 500_000), ("c", base + 1_400_000)):
        for p in (ws / "openspec/changes" / name).rglob("*"):
            os.utime(p, ns=(ns, ns))
    _code, out, _ = cli("list", "--json", cwd=ws)
    doc = json.loads(out)
    assert [(c["name"], c["lastModified"][-7:]) for c in doc["changes"]] == [
        ("a", "40.002Z"),
        ("b", "40.001Z"),
        ("c", "40.001Z"),
    ]


def test_locale_order_matches_javascript() -> None:
    words = ["cli_init", "cli-init", "cli/init", "cli2", "Cli-init", "cliinit", "a", "B", "b", "A", "étude", "etude", "zz", "_x"]
    # as node prints `words.sort((a, b) => a.localeCompare(b))`
    js = ["_x", "a", "A", "b", "B", "cli_init", "cli-init", "Cli-init", "cli/init", "cli2", "cliinit", "etude", "étude", "zz"]
    assert sorted(words, key=locale_key) == js


def test_changes_that_finish_before_the_specs() -> None:
    assert finished_first([5, 5, 5]) == []  # fewer changes than the pool: the specs finish first
    # six start; the cheapest finishes first and lets the seventh in, which is cheap and overtakes the rest
    assert finished_first([10, 50, 50, 50, 50, 50, 1]) == [0, 6]
