"""Shared test fixtures: paths to the shared corpus and seeds, and an in-process CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus" / "workspaces"
EXPECTED = SHARED / "corpus" / "expected"
SEEDS = SHARED / "seeds"


def need_shared() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available here")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str, str]]:
    """Run `openspec ARGS` in-process in a folder: returns (exit code, stdout, stderr)."""
    from openspec_tool.cli.main import run

    def invoke(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@pytest.fixture
def cli_json(cli: Callable[..., tuple[int, str, str]]) -> Callable[..., tuple[int, Any]]:
    def invoke(*args: str, cwd: Path | None = None) -> tuple[int, Any]:
        code, out, _ = cli(*args, cwd=cwd)
        return code, json.loads(out)

    return invoke


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files under root (`{"openspec/specs/a/spec.md": "..."}`) and return root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def reference_cli() -> str | None:
    """The official OpenSpec CLI 1.13.2 for live comparisons: $OPENSPEC_REFERENCE or ../ref/node_modules/.bin/openspec."""
    import os
    import shutil

    for candidate in (os.environ.get("OPENSPEC_REFERENCE"), str(REPO.parent / "ref" / "node_modules" / ".bin" / "openspec")):
        if candidate and os.access(candidate, os.X_OK) and shutil.which("node"):
            return candidate
    return None


def run_reference(args: list[str], cwd: Path, stdin: str | None = None) -> tuple[int, str, str]:
    """Run the official CLI (skip the test when it is absent) with its global config isolated: (code, out, err)."""
    import os
    import subprocess
    import tempfile

    reference = reference_cli()
    if reference is None:
        pytest.skip("the reference CLI is not installed (../ref/node_modules/.bin/openspec or $OPENSPEC_REFERENCE)")
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENSPEC", "XDG_"))}
        env.update(OPENSPEC_TELEMETRY="0", NO_COLOR="1", CI="1", HOME=home)
        env.update(XDG_CONFIG_HOME=f"{home}/c", XDG_DATA_HOME=f"{home}/d")
        p = subprocess.run([reference, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr
