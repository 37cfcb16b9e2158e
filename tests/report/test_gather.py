"""The report's per-change reading: the same results however the changes are shared between processes."""

from __future__ import annotations

import fcntl
import os
import struct
import termios
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

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


def test_changes_shared_one_chunk_at_a_time_give_what_one_process_gives(ours: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    needs = _needs(ours)
    alone = gather(DiskTree(ours), needs)
    assert len(alone.contexts) == 6 and alone.contexts["phase2-option1-expand-docs"]["tasks"]["total"] > 0
    monkeypatch.setattr(report_gather, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(report_gather, "CHUNK", 1)
    _same(gather(DiskTree(ours), needs), alone)


def test_changes_a_failed_child_had_claimed_are_read_again(ours: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child claims chunks from the shared queue and dies before sending them: the parent reads them itself."""
    needs = _needs(ours)
    alone = gather(DiskTree(ours), needs)
    parent = os.getpid()
    real_part, real_claimed = report_gather._part, report_gather._claimed
    read_again: list[list[str]] = []

    def claimed(fd: int, chunks: list[list[str]]) -> Iterator[str]:
        if os.getpid() == parent:  # let the child claim every chunk first
            deadline = time.monotonic() + 30
            while _queued(fd) and time.monotonic() < deadline:
                time.sleep(0.01)
        yield from real_claimed(fd, chunks)

    def part(tree: DiskTree, ids: Iterable[str], needs: Needs) -> Gathered:
        if os.getpid() != parent:
            list(ids)  # claims every chunk of the queue
            raise RuntimeError("the child dies before sending its results")
        if isinstance(ids, list):  # what nobody delivered
            read_again.append(ids)
        return real_part(tree, ids, needs)

    monkeypatch.setattr(report_gather, "_part", part)
    monkeypatch.setattr(report_gather, "_claimed", claimed)
    monkeypatch.setattr(report_gather, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(report_gather, "CHUNK", 1)
    _same(gather(DiskTree(ours), needs), alone)
    assert read_again == [sorted(alone.contexts)]


def _queued(fd: int) -> int:
    """Bytes waiting in the pipe."""
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]  # type: ignore[no-any-return]
