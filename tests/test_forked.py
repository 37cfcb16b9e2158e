"""The one way the tool uses a second core: the same answers with or without a forked child."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from openspec_tool import forked
from openspec_tool.forked import Job, forked_map

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


def test_a_map_is_shared_with_a_child_and_comes_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    def square(x: int) -> tuple[int, int]:
        time.sleep(0.002)  # long enough for the child to claim its share
        return x * x, os.getpid()

    got = forked_map(square, range(200), fork_from=1, chunk=4)
    assert [value for value, _ in got] == [x * x for x in range(200)]
    assert len({pid for _, pid in got}) == 2  # both processes took some


def test_below_the_threshold_or_without_fork_everything_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def pid(_: int) -> int:
        return os.getpid()

    assert set(forked_map(pid, range(50), fork_from=51)) == {os.getpid()}
    monkeypatch.delattr(os, "fork")
    assert set(forked_map(pid, range(50), fork_from=1, chunk=1)) == {os.getpid()}


def test_what_a_failed_child_had_claimed_is_computed_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    parent = os.getpid()

    def fn(x: int) -> int:
        if os.getpid() != parent:
            (tmp_path / f"claimed-{x}").touch()
            raise RuntimeError("the child dies before sending its results")
        time.sleep(0.005)
        return x + 1

    assert forked_map(fn, range(40), fork_from=1, chunk=1) == [x + 1 for x in range(40)]
    assert list(tmp_path.iterdir())  # the child did claim (and lose) a chunk


def test_the_chunk_size_grows_so_that_every_claim_fits_the_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forked, "MAX_CHUNKS", 3)
    assert forked_map(str, range(100), fork_from=1, chunk=1) == [str(x) for x in range(100)]


def test_a_job_falls_back_to_the_parent() -> None:
    def boom() -> int:
        if os.getpid() != parent:
            os._exit(3)
        return 7

    parent = os.getpid()
    assert Job(boom).result() == 7
    assert Job(boom).result_or_none() is None
