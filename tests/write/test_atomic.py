"""The one write rule (issue 10, item 1): temp + rename only onto a regular file or nothing; a symlink's target
is written and the link kept; a device or FIFO is opened and written, never renamed over."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from openspec_tool.write.atomic import atomic_write, atomic_write_bytes


def _temps(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if n.endswith(".tmp")]


def test_regular_file_is_replaced_whole_keeping_mode(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("old")
    f.chmod(0o640)
    atomic_write(f, "new\r\n")
    assert f.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert _temps(tmp_path) == []


def test_missing_file_and_folders_are_created(tmp_path: Path) -> None:
    atomic_write(tmp_path / "x" / "y" / "z.md", "hi")
    assert (tmp_path / "x/y/z.md").read_text() == "hi"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_owner_is_kept(tmp_path: Path) -> None:
    f = tmp_path / "owned.md"
    f.write_text("old")
    os.chown(f, 65534, 65534)
    atomic_write(f, "new")
    assert (f.stat().st_uid, f.stat().st_gid) == (65534, 65534)


def test_symlink_to_a_file_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old")
    link = tmp_path / "link.yaml"
    link.symlink_to("real.yaml")
    atomic_write(link, "new")
    assert link.is_symlink() and os.readlink(link) == "real.yaml"
    assert real.read_text() == "new"


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to("made.md")
    atomic_write(link, "x")
    assert link.is_symlink() and (tmp_path / "made.md").read_text() == "x"


def test_symlink_loop_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to("b")
    b.symlink_to("a")
    with pytest.raises(OSError):
        atomic_write(a, "x")
    assert a.is_symlink() and b.is_symlink() and _temps(tmp_path) == []


def test_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic_write(tmp_path / "d", "x")
    assert (tmp_path / "d").is_dir() and _temps(tmp_path) == []


def test_fifo_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there: the write cannot block
    try:
        atomic_write(fifo, "through the pipe")
        try:
            got = os.read(reader, 100)
        except BlockingIOError:
            got = b""
    finally:
        os.close(reader)
    assert got == b"through the pipe"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _temps(tmp_path) == []


def test_symlink_to_a_device_writes_the_device_and_keeps_the_link(tmp_path: Path) -> None:
    link = tmp_path / "report.md"
    link.symlink_to("/dev/null")
    atomic_write(link, "gone")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_device_node_stays_a_device(tmp_path: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null, so the real one is never at risk
    atomic_write(node, "x" * 10_000)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_proc_fd_link_to_a_pipe_reaches_the_pipe(tmp_path: Path) -> None:
    r, w = os.pipe()
    try:
        atomic_write_bytes(Path(f"/proc/self/fd/{w}"), b"to fd")
        os.close(w)
        w = -1
        assert os.read(r, 100) == b"to fd"
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "keep.md"
    f.write_text("old")

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        atomic_write(f, "new")
    assert f.read_text() == "old" and _temps(tmp_path) == []
