"""Whole answers of the reference CLI beside ours: `show` with its flags, `validate ITEM` in text mode (with its
"Next steps"), answers outside any workspace, `--no-color`; and the pieces that make `list` and `validate --all`
come out in the reference's order (Node's millisecond rounding, localeCompare, the order of equal ids).

The live comparisons run the official CLI (skipped when it is not installed) on our own fixture workspaces.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from openspec_tool.read.collate import locale_key
from openspec_tool.read.listing import iso_ms, node_ms
from openspec_tool.rules.bulk_order import finished_first
from tests.conftest import REPO, run_reference, write_tree

Cli = Callable[..., tuple[int, str, str]]
CASES = REPO / "tests" / "fixtures" / "reference"


def _both(cli: Cli, args: list[str], cwd: Path) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    want = run_reference(args, cwd)
    got = cli(*args, cwd=cwd)
    return want, got


SHOW_CASES = [
    ("show-proposal-shapes", ["show", "delta-show-rich", "--json", "--deltas-only"]),
    ("show-proposal-shapes", ["show", "delta-show-rich", "--json", "--requirements-only"]),
    ("show-proposal-shapes", ["show", "delta-show-rich", "--deltas-only"]),
    ("show-proposal-shapes", ["show", "delta-show-rich", "--json", "--requirements", "--no-scenarios", "-r", "2"]),
    ("show-proposal-shapes", ["show", "no-why", "--type", "CHANGE", "--json"]),
    ("show-proposal-shapes", ["show", "missing", "--type", "change"]),
    ("show-proposal-shapes", ["show", "missing", "--type", "change", "--json"]),
    ("specs-only", ["show", "only", "--json", "--requirements"]),
    ("specs-only", ["show", "only", "--json", "--no-scenarios"]),
    ("specs-only", ["show", "only", "--json", "-r", "1"]),
    ("specs-only", ["show", "only", "--json", "--requirement", "1abc"]),
    ("specs-only", ["show", "only", "--json", "-r", "99"]),
    ("specs-only", ["show", "only", "--json", "-r", "0"]),
    ("specs-only", ["show", "only", "--json", "--requirements", "-r", "1"]),
    ("specs-only", ["show", "only", "-r", "1"]),
    ("specs-only", ["show", "only", "--json", "--deltas-only"]),
    ("specs-only", ["show", "nope", "--type", "spec"]),
    ("specs-only", ["show", "../x", "--type", "spec", "--json"]),
    ("same-id-change-and-spec", ["show", "auth"]),
]


@pytest.mark.parametrize(("case", "args"), SHOW_CASES, ids=[" ".join(a[1:]) for _, a in SHOW_CASES])
def test_show_flags_answer_as_the_reference(case: str, args: list[str], cli: Cli) -> None:
    want, got = _both(cli, args, CASES / case)
    assert got == want


VALIDATE_CASES = [
    ("namespace-folder", ["validate", "platform"]),
    ("skip-specs", ["validate", "skip-with-specs"]),
    ("skip-specs-invalid", ["validate", "skip-bad-yaml"]),
    ("modified-scenario-loss", ["validate", "loss"]),
    ("main-spec-structure", ["validate", "duplicates"]),
    ("specs-only", ["validate", "only"]),
    ("specs-only", ["validate", "nope", "--type", "spec"]),
    ("specs-only", ["validate", "a//b", "--type", "spec"]),
    ("specs-only", ["validate", ".", "--type", "spec", "--json"]),
    ("same-id-change-and-spec", ["validate", "auth"]),
    ("specs-only", ["validate"]),
]


@pytest.mark.parametrize(("case", "args"), VALIDATE_CASES, ids=[" ".join(a[1:]) or "none" for _, a in VALIDATE_CASES])
def test_validate_item_text_answers_as_the_reference(case: str, args: list[str], cli: Cli) -> None:
    if not (CASES / case).is_dir():
        pytest.fail(f"fixture {case} is gone")
    want, got = _both(cli, [*args, "--no-interactive"], CASES / case)
    assert got == want


def test_the_next_steps_point_at_a_command_we_have(cli: Cli) -> None:
    code, _out, err = cli("validate", "conflicts", cwd=CASES / "cross-section-conflicts")
    assert code == 1 and "Next steps:" in err
    command = err.split("Debug parsed deltas: openspec ", 1)[1].split("\n")[0].split()
    assert cli(*command, cwd=CASES / "cross-section-conflicts")[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["list"],
        ["list", "--specs", "--json"],
        ["validate", "--all", "--json"],
        ["validate", "--specs"],
        ["show", "x", "--json"],
        ["validate", "x"],
    ],
)
def test_outside_any_workspace_as_the_reference(args: list[str], cli: Cli, tmp_path: Path) -> None:
    want, got = _both(cli, args, tmp_path)
    assert got == want


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
