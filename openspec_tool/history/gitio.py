"""The few git queries history needs, each one git process. GitPython (imported lazily: ~140 ms) finds the
repository; the commands run through subprocess, which reads a large output faster than GitPython's execute.

Paths given and returned are relative to the repository's top level (POSIX separators). Every
query raises `GitFailed` on a git error; the caller turns that into a note.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from git import Repo

NULL_SHA = "0" * 40
# We only read: no program the repository configures may run (an fsmonitor hook, gpg for signatures).
READ_ONLY = ("-c", "core.fsmonitor=false", "-c", "log.showSignature=false")
_FILTER_KEYS = ("clean=", "process=", "required=false")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class GitFailed(Exception):
    pass


class NoRepo(Exception):
    """Not inside a git repository, or git itself is missing."""


@dataclass(frozen=True)
class RawEntry:
    path: str
    status: str  # A, M, D, T (renames are reported as D + A)
    mode: str  # the new mode ("000000" when deleted)
    blob: str  # the new blob sha (NULL_SHA when deleted)


@dataclass(frozen=True)
class LogCommit:
    sha: str
    date: str  # committer date, ISO 8601 with offset
    entries: tuple[RawEntry, ...]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True)
class TreeFile:
    path: str
    mode: str
    blob: str


class Git:
    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.exe = str(repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git")
        self.top = Path(os.path.realpath(str(repo.working_tree_dir)))

    def run(self, *args: str) -> str:
        return self.start(*args)()

    def start(self, *args: str) -> Callable[[], str]:
        """Start `git ARGS` now; the function returned waits for its output (so two commands can run at once).
        Raises GitFailed, here or from that function."""
        wait = self._spawn(args)

        def finish() -> str:
            code, out, err = wait()
            if code:
                raise GitFailed(f"git {args[0]} failed: {_last_line(err, code)}")
            return out

        return finish

    def _spawn(self, args: tuple[str, ...]) -> Callable[[], tuple[int, str, str]]:
        # --literal-pathspecs: a change id with `*` or `?` is a name, not a glob. subprocess, not GitPython's
        # execute: its polling reader costs ~80 ms on the megabyte a 1,000-change log prints. As GitPython does:
        # English messages (they end up in notes), no stdin. Undecodable path bytes round-trip as os.scandir
        # gives them (surrogateescape).
        command = [self.exe, *READ_ONLY, "-c", "core.quotepath=off", "--literal-pathspecs", *args]
        try:
            proc = subprocess.Popen(
                command, cwd=self.top, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
            )
        except OSError as exc:
            raise GitFailed(f"git {args[0]} failed: {exc.strerror or exc}") from exc

        def wait() -> tuple[int, str, str]:
            out, err = proc.communicate()
            return proc.returncode, out.decode("utf-8", errors="surrogateescape"), err.decode("utf-8", errors="replace")

        return wait

    def verify(self, rev: str) -> str | None:
        """The commit sha `rev` names, None when it names none; other failures (e.g. dubious ownership) raise."""
        code, out, err = self._spawn(("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"))()
        if code == 1 and not err.strip():  # --quiet: a rev that names nothing exits 1 and says nothing
            return None
        if code:
            raise GitFailed(f"git rev-parse failed: {_last_line(err, code)}")
        return out.strip() or None

    def head(self) -> str | None:
        return self.verify("HEAD")

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == "true"

    def commit_dates(self, *revs: str) -> list[tuple[str, str]]:
        """(sha, ISO committer date) of each rev, without walking history."""
        out = self.run("log", "--no-walk=unsorted", "--format=%H%x09%cI", *revs, "--")
        return [(sha, when) for sha, when in (line.split("\t", 1) for line in out.splitlines() if line)]

    def roots(self) -> list[tuple[str, str]]:
        """Parentless commits reachable from HEAD (in a shallow clone: where its history was cut), oldest first."""
        out = self.run("log", "--max-parents=0", "--format=%H%x09%cI", "HEAD", "--")
        found = [(sha, when) for sha, when in (line.split("\t", 1) for line in out.splitlines() if line)]
        return sorted(found, key=lambda r: (r[1], r[0]))

    def resolve(self, since: str) -> tuple[str, str] | None:
        """A rev, or else an ISO date (the last commit on HEAD's first-parent line dated on or before it).

        A ref wins over a date of the same spelling (a tag named `2025-10-01`).
        """
        sha = self.verify(since)
        if sha:
            return self.commit_dates(sha)[0]
        if not is_date(since):
            return None
        out = self.run("log", "--first-parent", "--format=%H%x09%cI", "HEAD", "--")
        for line in out.splitlines():
            sha, when = line.split("\t", 1)
            # The committer's own calendar date, as the burn-up points show it.
            if when[:10] <= since:
                return sha, when
        return None

    def log(self, pathspecs: list[str]) -> list[LogCommit]:
        """The non-merge commits touching the paths, oldest first, with the blobs they wrote."""
        out = self.run(
            "log", "-z", "--date-order", "--reverse", "--format=%x01%H%x09%cI", "--raw", "--no-abbrev", "--no-renames",
            "HEAD", "--", *pathspecs,
        )  # fmt: skip
        commits: list[LogCommit] = []
        for chunk in out.split("\x01"):
            if not chunk:
                continue
            header, _, rest = chunk.partition("\0")
            sha, when = header.split("\t", 1)
            fields = rest.lstrip("\n").split("\0")
            entries: list[RawEntry] = []
            for meta, path in zip(fields[0::2], fields[1::2]):
                if not meta.startswith(":"):
                    continue
                # ":oldmode newmode oldsha newsha status"
                parts = meta[1:].split(" ")
                if len(parts) == 5:
                    entries.append(RawEntry(path, parts[4][:1], parts[1], parts[3]))
            commits.append(LogCommit(sha, when.strip(), tuple(entries)))
        return commits

    def ls_tree(self, commit: str, paths: list[str]) -> list[TreeFile]:
        out = self.run("ls-tree", "-r", "-z", commit, "--", *paths)
        files: list[TreeFile] = []
        for record in out.split("\0"):
            if not record:
                continue
            meta, _, path = record.partition("\t")
            mode, kind, blob = meta.split(" ")
            if kind == "blob":
                files.append(TreeFile(path, mode, blob))
        return files

    def dirty(self, pathspec: str) -> Callable[[], list[str]]:
        """Paths with uncommitted changes, untracked ones included, sorted: `git status` starts now and the
        function returned waits for it (it stats every file: let it run beside the log)."""
        # A status compares the work tree with the index, which may run the repository's clean filters: switch them off.
        filters_off = [arg for name in self.filter_drivers() for key in _FILTER_KEYS for arg in ("-c", f"filter.{name}.{key}")]
        finish = self.start(
            *filters_off, "--no-optional-locks", "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames",
            "--ignore-submodules=all", "--", pathspec,
        )  # fmt: skip
        return lambda: sorted(record[3:] for record in finish().split("\0") if len(record) > 3)

    def filter_drivers(self) -> list[str]:
        """The names of the filter drivers the repository's configuration defines (`filter.<name>.clean`…)."""
        code, out, _ = self._spawn(("config", "-z", "--name-only", "--get-regexp", r"^filter\."))()
        if code:
            return []
        return sorted({key[len("filter.") :].rsplit(".", 1)[0] for key in out.split("\0") if key.count(".") >= 2})

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """Blob contents through one `git cat-file --batch` process, requests pipelined."""
        wanted = sorted(set(shas) - {NULL_SHA})
        if not wanted:
            return {}
        proc = subprocess.run(
            [self.exe, *READ_ONLY, "cat-file", "--batch"],
            cwd=self.top,
            input="".join(f"{sha}\n" for sha in wanted).encode(),
            capture_output=True,
            check=False,
            env=_env(),
        )
        if proc.returncode:
            raise GitFailed(f"git cat-file --batch failed: {proc.stderr.decode(errors='replace').strip()}")
        data = proc.stdout
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


def is_date(text: str) -> bool:
    """An ISO calendar date, YYYY-MM-DD."""
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def open_repo(path: Path) -> Git:
    """The repository holding `path`; raises NoRepo."""
    try:
        import git
    except ImportError as exc:  # GitPython refuses to import when no git executable is found
        raise NoRepo(f"git is not available ({str(exc).splitlines()[0] if str(exc) else 'import failed'})") from exc
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise NoRepo("not a git repository") from exc
    if repo.bare or repo.working_tree_dir is None:
        raise NoRepo("a bare git repository has no working tree")
    return Git(repo)


def _last_line(stderr: str, code: int) -> str:
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {code}"


def _env() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}
