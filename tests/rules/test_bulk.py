"""Bulk validation gives the same items, in the same order, whether or not a forked child shares the work."""

from __future__ import annotations

import os

import pytest

from openspec_tool.read.tree import DiskTree
from openspec_tool.rules import bulk
from tests.conftest import CORPUS, need_shared


def _plain(results: list[bulk.ItemResult]) -> list[dict[str, object]]:
    return [{k: v for k, v in r.to_json().items() if k != "durationMs"} for r in results]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_child_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    need_shared()
    tree = DiskTree(CORPUS / "clkent__open-d3vsh0p")  # changes and specs sharing ids: the order is modelled
    alone = _plain(bulk.validate_many(tree, True, True, False, jobs=1))
    monkeypatch.setattr(bulk, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert _plain(bulk.validate_many(DiskTree(CORPUS / "clkent__open-d3vsh0p"), True, True, False)) == alone
    assert len(alone) > 20
