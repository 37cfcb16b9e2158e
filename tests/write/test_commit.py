"""Several files as one step (issue 10, item 5): prepare all, then commit; under a lock with a journal a killed
writer is finished by the next one; no temporary file is left behind."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from openspec_tool.write import commit as commit_mod
from openspec_tool.write.commit import FileLock, LockTimeout, PendingWrite, commit_files


def _leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith((".tmp", ".lock", ".journal")))


def test_a_failure_while_preparing_changes_nothing(tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    a.write_text("old a")
    (tmp_path / "file").write_text("a file, not a folder")
    with pytest.raises(OSError):
        commit_files([PendingWrite(a, b"new a"), PendingWrite(tmp_path / "file" / "b.md", b"new b")])
    assert a.read_text() == "old a" and _leftovers(tmp_path) == []


def test_commit_writes_every_file(tmp_path: Path) -> None:
    commit_files([PendingWrite(tmp_path / "a", b"1"), PendingWrite(tmp_path / "b", b"2")])
    assert (tmp_path / "a").read_bytes() == b"1" and (tmp_path / "b").read_bytes() == b"2"


def test_the_lock_is_exclusive_and_leaves_no_file(tmp_path: Path) -> None:
    lock = tmp_path / ".x.lock"
    with FileLock(lock):
        assert lock.exists()
        with pytest.raises(LockTimeout), FileLock(lock, wait=0.1):
            pass
    assert not lock.exists()
    with FileLock(lock, wait=0.1):  # free again
        pass


def test_a_symlinked_lock_file_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep")
    (tmp_path / ".x.lock").symlink_to(victim)
    with pytest.raises(OSError), FileLock(tmp_path / ".x.lock"):
        pass
    assert victim.read_text() == "keep"


def _killed_at(call: int, tmp_path: Path, writes: list[PendingWrite]) -> None:
    """Run a locked commit in a child that SIGKILLs itself at its `call`-th os.replace."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        calls = [0]
        real: Callable[..., None] = os.replace

        def dying(src: str, dst: str) -> None:
            calls[0] += 1
            if calls[0] == call:
                os.kill(os.getpid(), signal.SIGKILL)
            real(src, dst)

        commit_mod.os.replace = dying  # type: ignore[assignment]
        try:
            with FileLock(tmp_path / ".d.lock") as lock:
                lock.commit(writes)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def test_kill_after_the_journal_is_finished_by_the_next_writer(tmp_path: Path) -> None:
    record, yaml = tmp_path / "d.record.md", tmp_path / "d.yaml"
    record.write_text("record A")
    yaml.write_text("chosen: A")
    # os.replace calls: 1 = the journal, 2 = the record, 3 = the YAML: die between the two files.
    _killed_at(3, tmp_path, [PendingWrite(record, b"record B"), PendingWrite(yaml, b"chosen: B")])
    assert record.read_text() == "record B" and yaml.read_text() == "chosen: A"  # the torn state a kill leaves
    with FileLock(tmp_path / ".d.lock"):
        pass
    assert record.read_text() == "record B" and yaml.read_text() == "chosen: B"
    assert _leftovers(tmp_path) == []


def test_kill_before_the_journal_leaves_the_old_files_and_the_next_writer_sweeps(tmp_path: Path) -> None:
    record, yaml = tmp_path / "d.record.md", tmp_path / "d.yaml"
    record.write_text("record A")
    yaml.write_text("chosen: A")
    _killed_at(1, tmp_path, [PendingWrite(record, b"record B"), PendingWrite(yaml, b"chosen: B")])
    assert record.read_text() == "record A" and yaml.read_text() == "chosen: A"
    assert any(n.endswith(".tmp") for n in os.listdir(tmp_path))  # what the dead writer left
    with FileLock(tmp_path / ".d.lock") as lock:
        lock.commit([PendingWrite(record, b"record C"), PendingWrite(yaml, b"chosen: C")])
    assert record.read_text() == "record C" and yaml.read_text() == "chosen: C"
    assert _leftovers(tmp_path) == []
