"""Work done in a forked child while the parent does the rest: the one way the tool uses a second core.

Two shapes. `forked_map(fn, items)` is `[fn(item) for item in items]` shared by this process and a child (bulk
validation, the report's changes). `Job(work)` starts one piece of work in a child and collects it later (the
report's git history beside the reading; the TUI's first listings while Textual loads). Where fork is
unavailable, or the child fails, the parent does the work itself: the answer is the same either way (the tests
compare both).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Job(Generic[T]):
    def __init__(self, work: Callable[[], T], nice: int = 0) -> None:
        """Start `work` in a child; `nice` lowers its priority so it only uses what others leave."""
        self.work = work
        self.pid: int | None = None
        self.fd: int | None = None
        if not hasattr(os, "fork"):
            return
        import pickle  # here: a command that never forks pays nothing for it

        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
            os.close(read_fd)
            gc.disable()  # a short-lived child: no collection pauses
            code = 0
            try:
                if nice:
                    os.nice(nice)
                payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as fh:
                    fh.write(payload)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        self.pid, self.fd = pid, read_fd

    def _collect(self) -> tuple[bool, T | None]:
        """(whether the child delivered, its value)."""
        if self.pid is None or self.fd is None:
            return False, None
        with os.fdopen(self.fd, "rb") as fh:
            payload = fh.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = self.fd = None
        if status != 0 or not payload:
            return False, None
        import pickle

        value: T = pickle.loads(payload)  # our own child wrote it
        return True, value

    def result_or_none(self) -> T | None:
        """The child's result; None when there was no child or it failed."""
        return self._collect()[1]

    def result(self) -> T:
        """The child's result, or the work done here when there was no child or it failed."""
        delivered, value = self._collect()
        return value if delivered else self.work()  # type: ignore[return-value]

    def cancel(self) -> None:
        if self.pid is None or self.fd is None:
            return
        import contextlib
        import signal

        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self.fd)
        os.waitpid(self.pid, 0)
        self.pid = self.fd = None


CHUNK = 16  # items claimed at a time
MAX_CHUNKS = 2048  # 4 KiB of claims: even a one-page pipe holds them all before anyone reads


def two_cpus() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


def forked_map(fn: Callable[[T], R], items: Sequence[T], *, fork_from: int, chunk: int | None = None) -> list[R]:
    """`[fn(item) for item in items]`; from `fork_from` items on, with a second CPU, a forked child shares the work.

    Both processes claim chunks of `chunk` items from one queue — a pipe holding two bytes per chunk number,
    written whole before the fork: a two-byte read is atomic, so each chunk goes to exactly one process, and
    whichever is faster (the parent starts first, the child pays for sending its results back) takes more.
    Only the results travel back, pickled: keep them plain. Items the child claimed but never delivered (it
    failed) are computed here. Each process keeps its own side effects (caches, notes).
    """
    if len(items) < max(fork_from, 1) or not two_cpus():
        return [fn(item) for item in items]
    size = max(chunk or CHUNK, -(-len(items) // MAX_CHUNKS))
    chunks = -(-len(items) // size)
    read_fd, write_fd = os.pipe()

    def claimed() -> dict[int, R]:
        done: dict[int, R] = {}
        while len(claim := os.read(read_fd, 2)) == 2:
            first = int.from_bytes(claim, "big") * size
            for i in range(first, min(first + size, len(items))):
                done[i] = fn(items[i])
        return done

    try:
        try:
            os.write(write_fd, b"".join(n.to_bytes(2, "big") for n in range(chunks)))  # within the pipe's buffer
        finally:
            os.close(write_fd)
        job = Job(claimed)
        try:
            mine = claimed()
        except BaseException:
            job.cancel()
            raise
        theirs = job.result_or_none() or {}
    finally:
        os.close(read_fd)
    return [mine[i] if i in mine else theirs[i] if i in theirs else fn(items[i]) for i in range(len(items))]
