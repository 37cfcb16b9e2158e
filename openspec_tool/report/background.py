"""Running one piece of a report in a forked child while the parent builds the rest.

History (GitPython's import, git's processes, reading every change's files again) is independent of the
model the parent loads, so it runs alongside; on a large workspace half the changes are read and parsed by a
child too. Where fork is unavailable, or the child fails, the work is simply done in the parent: the result
is the same either way (the tests compare both).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Job(Generic[T]):
    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.pid: int | None = None
        self.fd: int | None = None
        if not hasattr(os, "fork"):
            return
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
            os.close(read_fd)
            code = 0
            try:
                payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as fh:
                    fh.write(payload)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        self.pid, self.fd = pid, read_fd

    def result(self) -> T:
        if self.pid is None or self.fd is None:
            return self.work()
        with os.fdopen(self.fd, "rb") as fh:
            payload = fh.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = self.fd = None
        if status != 0 or not payload:
            return self.work()
        value: T = pickle.loads(payload)
        return value

    def cancel(self) -> None:
        if self.pid is None or self.fd is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self.fd)
        os.waitpid(self.pid, 0)
        self.pid = self.fd = None
