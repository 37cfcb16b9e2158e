"""Fixtures of the report tests: copies of our workspace and of the small report fixtures, and a renderer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "report"


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    """A copy of our own workspace (outside git: history says so in a note, the rest is as in the repo)."""
    shutil.copytree(REPO / "openspec", tmp_path / "ours" / "openspec")
    return tmp_path / "ours"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "tiny", tmp_path / "tiny")
    return tmp_path / "tiny"


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "plain", tmp_path / "plain")
    return tmp_path / "plain"


@pytest.fixture
def context() -> Callable[..., dict[str, Any]]:
    """The context of report NAME on the workspace at ROOT, as templates receive it."""
    from openspec_tool.read.tree import DiskTree
    from openspec_tool.report.config import find_report, with_overrides
    from openspec_tool.report.context import ReportRequest, build_context

    def build(root: Path, name: str = "decision", fmt: str = "md", history: bool | None = False) -> dict[str, Any]:
        tree = DiskTree(root.resolve())
        spec = with_overrides(find_report(tree, name), None, history)
        return build_context(ReportRequest(root.resolve(), tree, spec, fmt))

    return build


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
