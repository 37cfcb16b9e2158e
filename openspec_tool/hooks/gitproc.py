"""Plain `git` in a subprocess, and one `git cat-file --batch` process for blob content.

The hook path calls git directly, never GitPython: importing GitPython alone costs ~140 ms, and the
whole hook may add at most 0.25 s to a commit. Commands run in the inherited working directory and
environment on purpose: during `git commit -a` (or `git commit PATHS`) git points the hook at a
temporary index through GIT_INDEX_FILE, which may be a relative path.
"""

from __future__ import annotations

import os
import subprocess

# Each of these would change how our pathspecs (`:(top,literal)…`, `:(glob)…`) are read.
_PATHSPEC_ENV = ("GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS")


# The hook only reads: no program the repository configures (an fsmonitor hook, gpg) may run.
READ_ONLY = ("-c", "core.fsmonitor=false", "-c", "log.showSignature=false")


class GitError(RuntimeError):
    pass


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _PATHSPEC_ENV}


def git(*args: str, cwd: str | None = None, ok_codes: tuple[int, ...] = (0,)) -> bytes:
    """stdout of `git ARGS`; raises GitError with git's first line of complaint."""
    try:
        proc = subprocess.run(["git", *READ_ONLY, *args], capture_output=True, env=_env(), cwd=cwd)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if proc.returncode not in ok_codes:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0] if lines else f"exit status {proc.returncode}"
        raise GitError(f"git {args[0]}: {reason.removeprefix('fatal: ')}")
    return proc.stdout


def git_text(*args: str, cwd: str | None = None) -> str:
    return git(*args, cwd=cwd).decode("utf-8", "surrogateescape").strip()


def fs_path(raw: bytes) -> str:
    """A path as git prints it with -z (raw bytes), as a str that round-trips to the same bytes."""
    return raw.decode("utf-8", "surrogateescape")


class BlobReader:
    """Blob content by object id through a single `git cat-file --batch`, started on the first read."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._cwd = os.getcwd()  # the repository it was made for, even if the process moves on

    def read(self, oid: str) -> bytes:
        if self._proc is None:
            self._proc = subprocess.Popen(
                ["git", *READ_ONLY, "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_env(),
                cwd=self._cwd,
            )
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(oid.encode("ascii") + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline()
        parts = header.split()
        if len(parts) != 3:  # "<oid> missing", or the process died
            raise FileNotFoundError(2, "object not in the repository", oid)
        size = int(parts[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after the content
        return data

    def close(self) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None
