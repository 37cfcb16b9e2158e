"""Real temporary git repositories for the hook tests, isolated from the user's git configuration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PYTHON = sys.executable  # this checkout's interpreter: installed hooks run this code

SPEC = """# auth Specification

## Purpose
Authentication of users for the application, covering login and sessions.

## Requirements

### Requirement: Login
The system SHALL let a registered user log in with a password.

#### Scenario: Valid credentials
- **WHEN** the user submits valid credentials
- **THEN** a session is created
"""

PROPOSAL = """# Change: Add two-factor authentication

## Why
Passwords alone are too weak for admin accounts; we need a second factor for safety.

## What Changes
- Add a TOTP second factor to login.
"""

DELTA = """## ADDED Requirements

### Requirement: Two-factor login
The system SHALL ask for a TOTP code after the password.

#### Scenario: Code required
- **WHEN** a user with 2FA logs in
- **THEN** the system asks for a code
"""

# Line 3 holds the requirement that has no scenario.
BAD_DELTA = """## ADDED Requirements

### Requirement: Two-factor login
The system SHALL ask for a TOTP code after the password.
"""
BAD_MESSAGE = 'ERROR ADDED "Two-factor login" must include at least one scenario'

TASKS = "## 1. Implementation\n- [ ] 1.1 Add TOTP\n"


def change_files(cid: str = "add-2fa", cap: str = "auth", delta: str = DELTA, base: str = "") -> dict[str, str]:
    folder = f"{base}openspec/changes/{cid}"
    return {
        f"{folder}/proposal.md": PROPOSAL,
        f"{folder}/tasks.md": TASKS,
        f"{folder}/specs/{cap}/spec.md": delta,
    }


def workspace_files(base: str = "", cap: str = "auth") -> dict[str, str]:
    return {f"{base}openspec/specs/{cap}/spec.md": SPEC.replace("# auth", f"# {cap}")}


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path

    def git(
        self, *args: str, check: bool = True, input: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, **env} if env else None
        proc = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, input=input, env=full_env)
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    def write(self, files: dict[str, str]) -> None:
        for rel, text in files.items():
            p = self.path / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")

    def stage(self, files: dict[str, str]) -> None:
        self.write(files)
        self.git("add", "--", *files)

    def commit(self, message: str = "x", *extra: str) -> subprocess.CompletedProcess[str]:
        return self.git("commit", "-q", "--no-verify", "-m", message, *extra)

    def openspec(self, *args: str, cwd: Path | None = None, input: str | None = None) -> tuple[int, str, str]:
        """`openspec ARGS` as a separate process (what git runs), in the repository."""
        proc = subprocess.run(
            [PYTHON, "-m", "openspec_tool", *args], cwd=cwd or self.path, capture_output=True, text=True, input=input
        )
        return proc.returncode, proc.stdout, proc.stderr

    def hook(self, *args: str, cwd: Path | None = None) -> tuple[int, str]:
        """`openspec hooks run pre-commit ARGS`: exit code and everything printed."""
        code, out, err = self.openspec("hooks", "run", "pre-commit", *args, cwd=cwd)
        return code, out + err

    def hook_json(self, *args: str) -> tuple[int, Any]:
        code, out, _ = self.openspec("hooks", "run", "pre-commit", "--json", *args)
        return code, json.loads(out)

    def head(self) -> str | None:
        proc = self.git("rev-parse", "-q", "--verify", "HEAD", check=False)
        return proc.stdout.strip() or None


@pytest.fixture(autouse=True)
def _git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration; a fixed identity; no signing; colour off."""
    home = tmp_path_factory.mktemp("home")
    config = home / "gitconfig"
    config.write_text(
        "[user]\n\tname = Hook Test\n\temail = hook@example.com\n"
        "[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n[core]\n\tquotePath = true\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "Hook Test")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "hook@example.com")
    monkeypatch.setenv("NO_COLOR", "1")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "OPENSPEC_DEBUG", "PRE_COMMIT"):
        monkeypatch.delenv(var, raising=False)


def make_repo(path: Path) -> Repo:
    path.mkdir(parents=True, exist_ok=True)
    repo = Repo(path)
    repo.git("init", "-q")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repo]:
    """An empty repository (no commit yet)."""
    yield make_repo(tmp_path / "repo")


@pytest.fixture
def based(repo: Repo) -> Repo:
    """A repository whose first commit holds a valid spec and a valid change."""
    repo.stage({**workspace_files(), **change_files()})
    repo.commit("base")
    return repo
