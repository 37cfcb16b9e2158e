"""Reading a repository never runs a program the repository configures (issue 10, item 11): `report` (history)
and the hook call git with `-c core.fsmonitor=false`, clean filters switched off and no optional locks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import write_tree

Cli = Callable[..., tuple[int, str, str]]
PROPOSAL = "# a\n\n## Why\nBecause it matters to everyone here today.\n\n## What Changes\n- x\n"


def _git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    cmd = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args]
    subprocess.run(cmd, cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def trapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A repository whose configuration runs a program (leaving a mark) whenever git consults it."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo, marks = tmp_path / "repo", tmp_path / "marks"
    marks.mkdir()
    write_tree(
        repo,
        {
            "openspec/changes/a/proposal.md": PROPOSAL,
            "openspec/changes/a/tasks.md": "- [ ] 1.1 one\n",
            "openspec/specs/.keep": "",
            ".gitattributes": "* filter=trap\n",
        },
    )
    trap = tmp_path / "trap.sh"
    trap.write_text(f'#!/bin/sh\ntouch "{marks}/$(basename "$0")-$$"\ncat\n')
    trap.chmod(0o755)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "c")
    _git(repo, "config", "core.fsmonitor", str(trap))
    _git(repo, "config", "filter.trap.clean", str(trap))
    _git(repo, "config", "filter.trap.smudge", "cat")
    later = time.time() + 5  # stat-dirty: git must look at the content again (through the clean filter)
    for f in (repo / "openspec/changes/a").iterdir():
        os.utime(f, (later, later))
    return repo, marks


def test_report_history_runs_no_repository_program(trapped: tuple[Path, Path], cli: Cli) -> None:
    repo, marks = trapped
    code, out, err = cli("report", "status", "--history", "--root", str(repo))
    assert code == 0, err
    assert "## " in out
    assert sorted(os.listdir(marks)) == []


def test_the_hook_runs_no_repository_program(trapped: tuple[Path, Path]) -> None:
    repo, marks = trapped
    (repo / "openspec/changes/a/tasks.md").write_text("- [x] 1.1 one\n")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, capture_output=True)
    for f in os.listdir(marks):  # `git add` itself runs the filter: only what the hook does counts
        os.unlink(marks / f)
    proc = subprocess.run([sys.executable, "-m", "openspec_tool.hooks", "run", "pre-commit"], cwd=repo, capture_output=True)
    assert proc.returncode in (0, 1), proc.stderr
    assert sorted(os.listdir(marks)) == []


def test_the_decision_branch_runs_no_repository_program(trapped: tuple[Path, Path]) -> None:
    """GitPython's `is_dirty` would run the fsmonitor: the TUI's branch asks our read-only `git status`."""
    from openspec_tool.tui.gitbranch import create_branch

    repo, marks = trapped
    said = create_branch(repo, "phase-2", "B")
    assert said == "created and checked out branch decision/phase-2-B (the record is written on it, uncommitted)"
    assert sorted(os.listdir(marks)) == []
    (repo / "openspec/changes/a/notes.md").write_text("work in progress\n")
    said = create_branch(repo, "phase-2", "C")
    assert said.endswith("not checked out: the work tree has uncommitted changes")
    assert sorted(os.listdir(marks)) == []
