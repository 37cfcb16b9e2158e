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
