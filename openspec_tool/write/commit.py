"""Writing several files as one step, optionally under an advisory lock with a journal.

`commit_files(writes)`: every file is prepared first (a temporary file beside each target, written and
fsynced); only then are the targets replaced, in the order given. A failure while preparing leaves every
target as it was and no temporary file behind.

`FileLock(path)`: `fcntl.flock` on a lock file (created on entry, removed on exit), so that writers of the
same files take turns. Its `commit(writes)` also journals: once every temporary file is ready, the list of
renames is written beside the lock, then the renames are done, then the journal is removed. A process killed
half-way leaves the journal; whoever takes the lock next finishes those renames first (and removes temporary
files of dead writers), so the files end up all old or all new. Put the file a reader trusts most last.

Used by `decide choose` (the record, then the decision file); made to be reused by any multi-file writer.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from openspec_tool.write.atomic import (
    TMP_SUFFIX,
    Target,
    discard,
    install,
    prepare,
    resolve,
    sync_folder,
    tmp_stem,
    write_stream,
)

LOCK_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class PendingWrite:
    path: Path
    data: bytes
    mode: int | None = None


class LockTimeout(OSError):
    """Another process held the lock for longer than we wait."""


def _prepare_all(writes: Sequence[PendingWrite]) -> list[tuple[Target, str | None, PendingWrite]]:
    prepared: list[tuple[Target, str | None, PendingWrite]] = []
    try:
        for w in writes:
            target = resolve(w.path)
            prepared.append((target, None if target.kind == "stream" else prepare(target, w.data, w.mode), w))
    except BaseException:
        for _, tmp, _ in prepared:
            if tmp is not None:
                discard(tmp)
        raise
    return prepared


def _install_all(prepared: list[tuple[Target, str | None, PendingWrite]]) -> None:
    try:
        for n, (target, tmp, w) in enumerate(prepared):
            if tmp is None:
                write_stream(target, w.data)
            else:
                install(tmp, target)
            prepared[n] = (target, None, w)
    finally:
        for _, tmp, _ in prepared:
            if tmp is not None:
                discard(tmp)


def commit_files(writes: Sequence[PendingWrite]) -> None:
    """Prepare every file, then replace the targets in order (no lock, no journal)."""
    _install_all(_prepare_all(writes))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FileLock:
    """An exclusive advisory lock on `path` (a lock file, never a file being replaced)."""

    def __init__(self, path: Path, wait: float = LOCK_WAIT_SECONDS) -> None:
        self.path = Path(path)
        self.journal = self.path.with_name(self.path.name + ".journal")
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        deadline = time.monotonic() + self.wait
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            try:
                self._acquire(fd, deadline)
                try:
                    current = os.stat(self.path, follow_symlinks=False)
                except FileNotFoundError:
                    current = None
                held = os.fstat(fd)
            except BaseException:
                os.close(fd)
                raise
            # The previous holder removes the file as it leaves: a lock on a removed file guards nothing.
            if current is not None and (current.st_dev, current.st_ino) == (held.st_dev, held.st_ino):
                self._fd = fd
                break
            os.close(fd)
        try:
            self.recover()
        except BaseException:
            self._release()
            raise
        return self

    def _acquire(self, fd: int, deadline: float) -> None:
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                raise LockTimeout(errno.EAGAIN, "another openspec process is writing these files", str(self.path))
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._release()

    def _release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        os.close(self._fd)  # closing releases the flock
        self._fd = None

    def recover(self) -> None:
        """Finish the renames of a commit that was interrupted after its journal was written."""
        self._sweep_names(self.journal.parent, f"{self.journal.name}.")
        try:
            text = self.journal.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        try:
            renames = [(str(tmp), str(dest)) for tmp, dest in json.loads(text)]
        except (ValueError, TypeError):
            renames = []  # a journal is written by rename: a damaged one is not ours to trust
        for tmp, dest in renames:
            if not os.path.lexists(tmp):
                continue  # renamed before the interruption
            try:
                os.replace(tmp, dest)
            except OSError:
                discard(tmp)  # the target cannot take it any more (it became a folder…): leave it as it is
            sync_folder(Path(dest).parent)
        os.unlink(self.journal)
        sync_folder(self.journal.parent)

    def _sweep(self, targets: Sequence[Target]) -> None:
        """Remove temporary files that dead writers left beside these targets."""
        for target in targets:
            self._sweep_names(target.path.parent, tmp_stem(target.path))

    @staticmethod
    def _sweep_names(folder: Path, stem: str) -> None:
        try:
            names = os.listdir(folder)
        except OSError:
            return
        for name in names:
            if not (name.startswith(stem) and name.endswith(TMP_SUFFIX)):
                continue
            pid = name[len(stem) :].split(".", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                discard(str(folder / name))

    def commit(self, writes: Sequence[PendingWrite]) -> None:
        """Prepare every file, journal the renames, do them, drop the journal. Needs the lock held."""
        if self._fd is None:
            raise RuntimeError("FileLock.commit needs the lock: use it inside `with FileLock(...)`")
        prepared = _prepare_all(writes)
        journal_tmp = self.journal.with_name(f"{self.journal.name}.{os.getpid()}{TMP_SUFFIX}")
        try:
            self._sweep([t for t, _, _ in prepared])
            renames = [(tmp, str(t.path)) for t, tmp, _ in prepared if tmp is not None]
            with open(journal_tmp, "w", encoding="utf-8") as fh:
                json.dump(renames, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(journal_tmp, self.journal)
            sync_folder(self.journal.parent)
        except BaseException:
            for _, tmp, _ in prepared:
                if tmp is not None:
                    discard(tmp)
            discard(str(journal_tmp))
            raise
        _install_all(prepared)
        os.unlink(self.journal)
        sync_folder(self.journal.parent)
