"""One bad item never hides everything (issue 10, item 7): an unreadable folder, an unreadable home, a file or
folder that links out of the workspace. Every command goes on with the rest, never reads outside the workspace,
and says once, on stderr, what it left out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO

Cli = Callable[..., tuple[int, str, str]]
OPENSPEC = str(Path(sys.executable).parent / "openspec")
COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["list", "--specs"],
    ["validate", "--all"],
    ["show", "phase2-option2-improve-testing"],
    ["check"],
    ["report", "status", "--no-history"],
    ["report", "--no-history", "-o", "-"],
    ["decide"],
    ["next"],
]
SECRET = "SECRET-OUTSIDE-THE-WORKSPACE"


def _ours(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "openspec", ws / "openspec")
    return ws


@pytest.fixture
def linked_out(tmp_path: Path) -> Path:
    """Our workspace with a tasks.md, a proposal and the whole specs/ folder linking outside it."""
    ws = _ours(tmp_path)
    outside = tmp_path / "outside"
    (outside / "specs" / "leak").mkdir(parents=True)
    (outside / "specs" / "leak" / "spec.md").write_text(
        f"## Purpose\n{SECRET} is a capability described at length here.\n\n## Requirements\n"
        f"### Requirement: Leak\nThe system SHALL {SECRET}.\n\n#### Scenario: s\n- ok\n"
    )
    (outside / "tasks.md").write_text(f"- [ ] 1.1 {SECRET}\n")
    (outside / "proposal.md").write_text(f"# {SECRET}\n\n## Why\n{SECRET}\n")
    changes = ws / "openspec" / "changes"
    (changes / "phase2-option1-expand-docs" / "tasks.md").unlink()
    (changes / "phase2-option1-expand-docs" / "tasks.md").symlink_to(outside / "tasks.md")
    (changes / "phase2-option5-community-ecosystem" / "proposal.md").unlink()
    (changes / "phase2-option5-community-ecosystem" / "proposal.md").symlink_to(outside / "proposal.md")
    (ws / "openspec" / "specs").symlink_to(outside / "specs")
    return ws


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_links_out_of_the_workspace_are_not_read_and_said_once(cli: Cli, linked_out: Path, args: list[str]) -> None:
    code, out, err = cli(*args, cwd=linked_out)
    assert "internal error" not in err and SECRET not in out + err
    warnings = [line for line in err.splitlines() if line.startswith("openspec: warning:")]
    assert len(warnings) == len(set(warnings)) and all("leads outside the workspace" in w for w in warnings)
    if args[0] in ("decide", "report") and "status" not in args:
        # The decision needs the effort of the option whose proposal links out: that is an error about it.
        assert code == 2 and "phase2-option5-community-ecosystem/proposal.md: cannot read: Path is outside" in err
    else:
        assert code in (0, 1), err


def test_list_names_the_rest_when_one_change_links_its_tasks_out(cli: Cli, linked_out: Path) -> None:
    code, out, err = cli("list", "--json", cwd=linked_out)
    names = [c["name"] for c in json.loads(out)["changes"]]
    assert code == 0 and len(names) == 5 and "phase2-option1-expand-docs" not in names
    assert "openspec/changes/phase2-option1-expand-docs/tasks.md: leads outside the workspace" in err


def test_a_command_about_the_linked_item_fails(cli: Cli, linked_out: Path) -> None:
    code, _, err = cli("tasks", "phase2-option1-expand-docs", cwd=linked_out)
    assert code == 2 and "Path is outside the allowed directory" in err and SECRET not in err


def _without_dac(args: list[str]) -> list[str]:
    """Run as we are, but bound by file permissions (root normally ignores them)."""
    if os.geteuid() != 0:
        return args
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *args]


@pytest.fixture
def locked(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Our workspace with one change folder at mode 000, and a home folder nobody may read."""
    ws = _ours(tmp_path)
    locked_change = ws / "openspec" / "changes" / "locked"
    shutil.copytree(ws / "openspec" / "changes" / "phase2-option1-expand-docs", locked_change)
    locked_change.chmod(0)
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0)
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_DATA_HOME", "OPENSPEC_DEBUG")}
    env.update(HOME=str(home), NO_COLOR="1")
    yield ws, env
    locked_change.chmod(0o755)
    home.chmod(0o755)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_an_unreadable_folder_and_home_hide_nothing_else(locked: tuple[Path, dict[str, str]], args: list[str]) -> None:
    ws, env = locked
    proc = subprocess.run(_without_dac([OPENSPEC, *args]), cwd=ws, env=env, capture_output=True, text=True, timeout=120)
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    if args != ["list", "--specs"] and args[0] != "show":  # those two never look into the changes
        assert "openspec: warning: openspec/changes/locked: cannot read: Permission denied: left out" in proc.stderr
    if args[0] == "list" and "--specs" not in args:
        assert "phase2-option6-monitoring-observability" in proc.stdout


def test_a_command_about_the_unreadable_item_fails(locked: tuple[Path, dict[str, str]]) -> None:
    ws, env = locked
    proc = subprocess.run(_without_dac([OPENSPEC, "tasks", "locked"]), cwd=ws, env=env, capture_output=True, text=True)
    assert proc.returncode == 2 and "Permission denied" in proc.stderr and "internal error" not in proc.stderr
