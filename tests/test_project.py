"""The project's own promises: lint and types are clean, the README and CI agree, our workspace is valid."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def test_ruff_is_clean() -> None:
    proc = subprocess.run(
        [_tool("ruff"), "check", "openspec_tool", "tests", "benchmarks"], cwd=REPO, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_is_clean() -> None:
    proc = subprocess.run([_tool("mypy")], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash)\n(.+?)\n```", setup, re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = _readme_commands()
    assert len(commands) == 2, "the set-up section gives two commands: main job, tests"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == commands[1]


def test_modules_stay_small() -> None:
    big = [p for p in (REPO / "openspec_tool").rglob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) > 420]
    assert big == []


def test_our_workspace_is_valid_strictly(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, err = cli("validate", "--all", "--strict", "--root", str(REPO))
    assert code == 0, err
    assert "Totals: 6 passed, 0 failed (6 items)" in out
