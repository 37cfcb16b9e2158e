"""The one module that talks to git.

Reading is plain `git` in a subprocess: the hook may add at most 0.25 s to a commit and the report's history
reads a megabyte of log, while importing GitPython alone costs ~140 ms and its `execute` reads output through
a polling loop (~80 ms on that log). Every command runs with the same environment and options:

- no program the repository configures may run: `core.fsmonitor` and signature display are switched off on
  every command, and `status` (which compares files with the index) also runs with the repository's clean
  filters switched off and without taking optional locks;
- the inherited environment is kept (during `git commit -a` git points the hook at a temporary index through
  GIT_INDEX_FILE, perhaps a relative path), except the variables that would change how our pathspecs read;
- messages in English (`LC_ALL=C`: they end up in our notes); paths as raw bytes, decoded so that they
  round-trip as `os.scandir` gives them (surrogateescape).

GitPython (imported only here, and only inside `create_branch`) does what it does best: it moves refs without
touching the index or the work tree, for the TUI's decision branch, off every hot path.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# We only read: no program the repository configures (an fsmonitor hook, gpg for signatures) may run.
READ_ONLY = ("-c", "core.fsmonitor=false", "-c", "log.showSignature=false", "-c", "core.quotepath=off")
# Each of these would change how our pathspecs (`:(top,literal)…`, `--literal-pathspecs`) are read.
_PATHSPEC_ENV = ("GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS")
_FILTER_KEYS = ("clean=", "process=", "required=false")
NULL_SHA = "0" * 40


class GitError(RuntimeError):
    """git failed, or is missing; `str()` is one line: `git <command>: <git's complaint>`."""


class NoRepo(GitError):
    """Not inside a git work tree (or git itself is missing)."""


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _PATHSPEC_ENV}
    env.update(LC_ALL="C", LANGUAGE="C")
    return env


def _name(args: tuple[str, ...]) -> str:
    """The git command among `args` (after options such as `-c key=value` or `--literal-pathspecs`)."""
    it = iter(args)
    for arg in it:
        if arg == "-c":
            next(it, None)
        elif not arg.startswith("-"):
            return arg
    return "git"


def _complaint(stderr: bytes, code: int) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else f"exit status {code}"


def _spawn(
    args: tuple[str, ...], cwd: str | Path | None, stdin: int = subprocess.DEVNULL, stderr: int = subprocess.PIPE
) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            ["git", *READ_ONLY, *args], cwd=cwd, stdin=stdin, stdout=subprocess.PIPE, stderr=stderr, env=environment()
        )
    except FileNotFoundError as exc:
        if exc.filename == "git":
            raise NoRepo("git is not installed (or not on PATH)") from None
        raise NoRepo(f"{exc.filename}: no such folder") from None
    except OSError as exc:
        raise GitError(f"git {_name(args)}: {exc.strerror or exc}") from None


def start(*args: str, cwd: str | Path | None = None, ok_codes: tuple[int, ...] = (0,)) -> Callable[[], bytes]:
    """Start `git ARGS` now; the function returned waits for its stdout (so two commands can run at once).
    Raises GitError, here or from that function, when the exit status is not in `ok_codes`."""
    proc = _spawn(args, cwd)

    def finish() -> bytes:
        out, err = proc.communicate()
        if proc.returncode not in ok_codes:
            raise GitError(f"git {_name(args)}: {_complaint(err, proc.returncode)}")
        return out

    return finish


def git(*args: str, cwd: str | Path | None = None, ok_codes: tuple[int, ...] = (0,)) -> bytes:
    """stdout of `git ARGS`; raises GitError with git's first line of complaint."""
    return start(*args, cwd=cwd, ok_codes=ok_codes)()


def git_text(*args: str, cwd: str | Path | None = None, ok_codes: tuple[int, ...] = (0,)) -> str:
    return fs_path(git(*args, cwd=cwd, ok_codes=ok_codes)).strip()


def fs_path(raw: bytes) -> str:
    """A path as git prints it (raw bytes), as a str that round-trips to the same bytes."""
    return raw.decode("utf-8", "surrogateescape")


# -- the repository ------------------------------------------------------------------------------


def toplevel(path: str | Path) -> Path:
    """The real path of the work tree holding `path`; raises NoRepo outside one (a bare repository has none)."""
    proc = _spawn(("rev-parse", "--is-bare-repository", "--show-toplevel"), path)
    out, err = proc.communicate()
    lines = fs_path(out).splitlines()
    if proc.returncode == 0 and len(lines) == 2:
        return Path(os.path.realpath(lines[1]))
    if lines[:1] == ["true"]:
        raise NoRepo("a bare git repository has no working tree")
    complaint = _complaint(err, proc.returncode)
    if complaint.startswith("not a git repository"):
        raise NoRepo("not a git repository")
    raise NoRepo(complaint)


def filter_drivers(cwd: str | Path | None = None) -> list[str]:
    """The names of the filter drivers the repository's configuration defines (`filter.<name>.clean`…)."""
    try:
        out = fs_path(git("config", "-z", "--name-only", "--get-regexp", r"^filter\.", cwd=cwd, ok_codes=(0, 1)))
    except GitError:
        return []
    return sorted({key[len("filter.") :].rsplit(".", 1)[0] for key in out.split("\0") if key.count(".") >= 2})


def start_status(cwd: str | Path, pathspec: str | None = None, submodules: bool = False) -> Callable[[], list[str]]:
    """Paths with uncommitted changes (staged, unstaged, untracked; under `pathspec`, a literal path relative to
    `cwd`), sorted, relative to the top level. `git status` starts now and the
    function returned waits for it (it stats every file: let it run beside other work). The repository's clean
    filters are switched off (comparing files with the index would run them) and no optional lock is taken."""
    filters_off = [arg for name in filter_drivers(cwd) for key in _FILTER_KEYS for arg in ("-c", f"filter.{name}.{key}")]
    finish = start(
        *filters_off, "--no-optional-locks", "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames",
        *(() if submodules else ("--ignore-submodules=all",)), "--", *((f":(literal){pathspec}",) if pathspec else ()),
        cwd=cwd,
    )  # fmt: skip
    return lambda: sorted(fs_path(record[3:]) for record in finish().split(b"\0") if len(record) > 3)


def config_value(key: str, cwd: str | Path) -> str:
    """A configuration value as git resolves it (every level, includes, GIT_CONFIG_* overrides); "" when unset."""
    try:
        return git_text("config", "--get", key, cwd=cwd, ok_codes=(0, 1))
    except GitError:
        return ""


def author(cwd: str | Path) -> str:
    """`Name <email>` from git's configuration, or "unknown" (outside git, or nothing configured)."""
    name, email = config_value("user.name", cwd), config_value("user.email", cwd)
    if name and email:
        return f"{name} <{email}>"
    return name or email or "unknown"


# -- blobs ---------------------------------------------------------------------------------------


def read_blobs(shas: list[str], cwd: str | Path) -> dict[str, bytes]:
    """The contents of many blobs through one `git cat-file --batch`, every request written at once."""
    wanted = sorted(set(shas) - {NULL_SHA})
    if not wanted:
        return {}
    proc = _spawn(("cat-file", "--batch"), cwd, stdin=subprocess.PIPE)
    data, err = proc.communicate("".join(f"{sha}\n" for sha in wanted).encode())
    if proc.returncode:
        raise GitError(f"git cat-file: {_complaint(err, proc.returncode)}")
    found: dict[str, bytes] = {}
    pos = 0
    for sha in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3:  # "<sha> missing"
            continue
        size = int(header[2])
        found[sha] = data[pos : pos + size]
        pos += size + 1
    return found


class BlobReader:
    """Blob contents one at a time, as they are asked for, through a single `git cat-file --batch` started on
    the first read (in the directory current when the reader was made)."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._cwd = os.getcwd()  # the repository it was made for, even if the process moves on

    def read(self, oid: str) -> bytes:
        if self._proc is None:
            # stderr is not read while the process lives: a full pipe must not stall it
            self._proc = _spawn(("cat-file", "--batch"), self._cwd, stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(oid.encode("ascii") + b"\n")
        proc.stdin.flush()
        parts = proc.stdout.readline().split()
        if len(parts) != 3:  # "<oid> missing", or the process died
            raise FileNotFoundError(2, "object not in the repository", oid)
        data = proc.stdout.read(int(parts[2]))
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


# -- writing refs (GitPython) --------------------------------------------------------------------


@dataclass(frozen=True)
class BranchOutcome:
    state: Literal["refused", "exists", "created", "checked out"]
    reason: str = ""  # why it was refused, or created but not checked out


def create_branch(path: str | Path, name: str) -> BranchOutcome:
    """Create branch `name` at HEAD; check it out only on a clean work tree, by pointing HEAD at it (the same
    commit: neither the index nor any file changes). An existing branch is left as it is. Never raises for
    git trouble: the outcome says what happened."""
    try:
        top = toplevel(path)
    except NoRepo as exc:
        return BranchOutcome("refused", f"{path} is not in a git repository" if "not a git" in str(exc) else str(exc))
    try:
        import git as gitpython
    except ImportError:  # pragma: no cover - GitPython is a dependency (it refuses to import without git)
        return BranchOutcome("refused", "GitPython is not installed")
    try:
        repo = gitpython.Repo(top)
        if not repo.head.is_valid():
            return BranchOutcome("refused", "the repository has no commit yet")
        if name in [h.name for h in repo.heads]:
            return BranchOutcome("exists")
        dirty = bool(start_status(top, submodules=True)())  # ours: GitPython's is_dirty would run the fsmonitor
        detached = repo.head.is_detached
        head = repo.create_head(name, repo.head.commit)
        if dirty:
            return BranchOutcome("created", "the work tree has uncommitted changes")
        if detached:
            return BranchOutcome("created", "HEAD is detached")
        repo.head.reference = head  # same commit: index and files stay exactly as they are
        return BranchOutcome("checked out")
    except (gitpython.GitCommandError, GitError, OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return BranchOutcome("refused", f"{type(exc).__name__}: {first}")
