"""Work done in a forked child while the parent does the rest: the one way the tool uses a second core.

Bulk validation, the report (git's side of history; a share of the changes) and the TUI's first listings use it. Where fork is
unavailable, or the child fails, `result()` does the work in the parent: the answer is the same either way
(the tests compare both); `result_or_none()` lets a caller choose what to do instead.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Job(Generic[T]):
    def __init__(self, work: Callable[[], T], nice: int = 0) -> None:
        """Start `work` in a child; `nice` lowers its priority so it only uses what others leave."""
        self.work = work
        self.pid: int | None = None
        self.fd: int | None = None
        if not hasattr(os, "fork"):
            return
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
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self.fd)
        os.waitpid(self.pid, 0)
        self.pid = self.fd = None
