"""The pre-commit framework runs our hook from a clone of this repository (`pre-commit try-repo`).

try-repo pip-installs the package from the clone into a fresh environment: it needs PyPI and takes
tens of seconds. It is skipped only when the framework itself is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.hooks.conftest import BAD_DELTA, BAD_MESSAGE, Repo, change_files, make_repo, workspace_files

_SKIP_DIRS = {".venv", ".git", "build", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def _pre_commit() -> str | None:
    beside = Path(sys.executable).parent / "pre-commit"
    return str(beside) if beside.exists() else shutil.which("pre-commit")


def _hook_repo(dest: Path) -> Path:
    """This checkout's working tree, committed in a repository of its own."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n in _SKIP_DIRS or n.endswith(".egg-info")}
        if Path(folder) == REPO / "benchmarks":
            skipped.add(".work")
        return skipped

    shutil.copytree(REPO, dest, ignore=ignore, symlinks=True)
    hook_repo = Repo(dest)
    hook_repo.git("init", "-q")
    hook_repo.git("add", "-A")
    hook_repo.commit("hook repository")
    return dest


def test_pre_commit_try_repo_runs_openspec_validate(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("the pre-commit framework is not installed")
    hook_repo = _hook_repo(tmp_path / "hook-repo")
    target = make_repo(tmp_path / "target")
    target.stage({**workspace_files(), **change_files(delta=BAD_DELTA)})
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(hook_repo), "openspec-validate", "--verbose"],
            cwd=target.path,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )

    proc = try_repo()
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert f"openspec/changes/add-2fa/specs/auth/spec.md:3: {BAD_MESSAGE}" in output.splitlines()
    assert "openspec: commit blocked" in output
    target.stage(change_files())
    proc = try_repo()
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "openspec: 1 change and 1 spec checked: valid" in output
