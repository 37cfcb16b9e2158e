"""The pre-commit framework runs our hook from a local repository holding this checkout, as a user's
`.pre-commit-config.yaml` would name it (`repo:` and `rev:`).

The framework pip-installs the package once into its environment (kept in PRE_COMMIT_HOME, so the second
commit reuses it): that takes seconds and a package index. Skipped only when the framework is not installed.
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

# What the package needs to install: the rest of the checkout (tests and their fixtures) is left out.
_PACKAGE = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "openspec_tool", "templates")
_SKIP_DIRS = {"__pycache__", ".mypy_cache"}


def _pre_commit() -> str | None:
    beside = Path(sys.executable).parent / "pre-commit"
    return str(beside) if beside.exists() else shutil.which("pre-commit")


def _hook_repo(dest: Path) -> tuple[Path, str]:
    """The package from this checkout, committed in a repository of its own; (path, commit)."""
    dest.mkdir()
    for name in _PACKAGE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, symlinks=True, ignore=shutil.ignore_patterns(*_SKIP_DIRS, "*.egg-info"))
        else:
            shutil.copy2(source, dest / name)
    hook_repo = Repo(dest)
    hook_repo.git("init", "-q")
    hook_repo.git("add", "-A")
    hook_repo.commit("hook repository")
    return dest, hook_repo.git("rev-parse", "HEAD").stdout.strip()


def test_pre_commit_runs_openspec_validate_from_a_repository_url(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("the pre-commit framework is not installed")
    hook_repo, rev = _hook_repo(tmp_path / "hook-repo")
    target = make_repo(tmp_path / "target")
    config = f"repos:\n  - repo: {hook_repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: openspec-validate\n"
    target.stage({".pre-commit-config.yaml": config, **workspace_files(), **change_files(delta=BAD_DELTA)})
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "run", "--verbose"], cwd=target.path, capture_output=True, text=True, env=env, timeout=900
        )

    proc = run()
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert f"openspec/changes/add-2fa/specs/auth/spec.md:3: {BAD_MESSAGE}" in output.splitlines()
    assert "openspec: commit blocked" in output
    target.stage(change_files())
    proc = run()
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "openspec: 1 change and 1 spec checked: valid" in output
