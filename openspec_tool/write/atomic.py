"""The one way the tool writes a file. What is at the target decides how:

- a regular file, or nothing: a temporary file in the same folder, fsync, rename. A reader (or a crash) sees
  the old file or the new one, never half of either; the file's permissions (and, where allowed, its owner)
  are kept.
- a symbolic link: resolved, and its target written by these same rules; the link itself stays.
- a device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a named pipe): opened and written in place,
  never renamed over (a FIFO waits for its reader, as a shell redirection does).
- a directory: IsADirectoryError.

`write/commit.py` builds on `prepare`/`install` to write several files as one step.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DEFAULT_MODE = 0o644
TMP_SUFFIX = ".tmp"
_NAME_KEEP = 80  # of the target's name in a temporary file's name (names are limited to 255 bytes)


@dataclass(frozen=True)
class Target:
    """Where the bytes for a path really go, and how."""

    path: Path  # symlinks resolved for files; as given for streams (a /proc magic link opens, it does not resolve)
    kind: Literal["file", "missing", "stream"]
    mode: int | None = None  # the existing file's permission bits
    owner: tuple[int, int] | None = None  # the existing file's (uid, gid)


def tmp_stem(target: Path) -> str:
    """How every temporary file for `target` is named: `.<name>.<pid>.<random>.tmp`."""
    return f".{target.name[:_NAME_KEEP]}."


def tmp_prefix(target: Path) -> str:
    return f"{tmp_stem(target)}{os.getpid()}."


def resolve(path: Path) -> Target:
    """What writing `path` means; raises OSError (IsADirectoryError, a dangling link into a missing folder, a loop)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Target(path, "missing")
    if stat.S_ISLNK(st.st_mode):
        return _through_link(path)
    return _of(path, st)


def _of(path: Path, st: os.stat_result) -> Target:
    if stat.S_ISREG(st.st_mode):
        return Target(path, "file", stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid))
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    return Target(path, "stream")


def _through_link(path: Path) -> Target:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        # A dangling link: create its target (in a folder that must exist), keep the link.
        real = Path(os.path.realpath(path))
        if not real.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, f"the link points to {real}, whose folder does not exist", str(path)) from None
        return Target(real, "missing")
    if not stat.S_ISREG(st.st_mode):
        return _of(path, st)
    real = Path(os.path.realpath(path))
    try:
        same = os.stat(real)
    except OSError:
        same = None
    if same is None or (same.st_dev, same.st_ino) != (st.st_dev, st.st_ino):
        # A /proc/self/fd/N link to a deleted or unnamed file: only the link itself reaches it.
        return Target(path, "stream")
    return _of(real, st)


def prepare(target: Target, data: bytes, mode: int | None = None) -> str:
    """Write `data` to a new temporary file beside a file target (fsynced); returns its path.

    Nothing else is touched; the caller installs it with `install` or removes it."""
    folder = target.path.parent
    if target.kind == "missing":
        folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=tmp_prefix(target.path), suffix=TMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode if mode is not None else target.mode if target.mode is not None else DEFAULT_MODE)
        if target.owner is not None and target.owner != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):  # only root (or the owner's group) may; then keep it
                os.chown(tmp, *target.owner)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def install(tmp: str, target: Target) -> None:
    """Rename a prepared temporary file over its target and make the rename durable."""
    try:
        os.replace(tmp, target.path)
    except BaseException:
        discard(tmp)
        raise
    sync_folder(target.path.parent)


def discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_stream(target: Target, data: bytes) -> None:
    """Open a device, FIFO or link-only file and write `data` to it in place."""
    fd = os.open(target.path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.ftruncate(fd, 0)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def atomic_write(path: Path, text: str, mode: int | None = None) -> None:
    """Write `text` as UTF-8, exactly as given (no newline translation)."""
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` by the rules above. `mode` applies to a file (default: the existing file's, else 0644)."""
    target = resolve(Path(path))
    if target.kind == "stream":
        write_stream(target, data)
        return
    install(prepare(target, data, mode), target)
