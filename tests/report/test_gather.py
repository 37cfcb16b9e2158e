"""The report's per-change reading: the same results however the changes are shared between processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openspec_tool import forked
from openspec_tool.read.tree import DiskTree
from openspec_tool.report import gather as report_gather
from openspec_tool.report.gather import Gathered, Needs, gather


def _needs(root: Path) -> Needs:
    ids = frozenset(p.name for p in (root / "openspec" / "changes").iterdir() if p.is_dir() and p.name != "archive")
    return Needs(keep=ids, aspects=("Why", "Scope", "Impact"), history=ids)


def _same(a: Gathered, b: Gathered) -> None:
    assert list(a.contexts) == list(b.contexts)
    assert a.contexts == b.contexts and a.findings == b.findings and a.present == b.present
    assert a.working == b.working and list(a.kept) == list(b.kept)


def test_changes_shared_one_at_a_time_give_what_one_process_gives(ours: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    needs = _needs(ours)
    alone = gather(DiskTree(ours), needs)
    assert len(alone.contexts) == 6 and alone.contexts["phase2-option1-expand-docs"]["tasks"]["total"] > 0
    monkeypatch.setattr(report_gather, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(forked, "CHUNK", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    _same(gather(DiskTree(ours), needs), alone)
