"""The few git queries history needs, each one git process, run through `gitrepo` (subprocess: a
1,000-change log is a megabyte of output).

Paths given and returned are relative to the repository's top level (POSIX separators). Every
query raises `GitFailed` (a `GitError`) on a git error; the caller turns that into a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openspec_tool.gitrepo import NULL_SHA, NoRepo, fs_path, read_blobs, start, start_status, toplevel
from openspec_tool.gitrepo import GitError as GitFailed

__all__ = ["NULL_SHA", "Git", "GitFailed", "LogCommit", "NoRepo", "RawEntry", "TreeFile", "is_date", "open_repo"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    def __init__(self, top: Path) -> None:
        self.top = top

    def run(self, *args: str) -> str:
        return self.start(*args)()

    def start(self, *args: str) -> Callable[[], str]:
        """Start `git ARGS` now; the function returned waits for its output (so two commands can run at once).
        Raises GitFailed, here or from that function. `--literal-pathspecs`: a change id with `*` or `?` is a
        name, not a glob."""
        finish = start("--literal-pathspecs", *args, cwd=self.top)
        return lambda: fs_path(finish())

    def verify(self, rev: str) -> str | None:
        """The commit sha `rev` names, None when it names none; other failures (e.g. dubious ownership) raise."""
        # --quiet: a rev that names nothing exits 1 and says nothing
        out = start("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", cwd=self.top, ok_codes=(0, 1))
        return fs_path(out()).strip() or None

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
        return start_status(self.top, pathspec)

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """Blob contents through one `git cat-file --batch` process, requests pipelined."""
        return read_blobs(shas, self.top)


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
    return Git(toplevel(path))
