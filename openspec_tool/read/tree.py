"""Where file content comes from: the disk, or (for hooks) the git index over the disk.

The readers and rules take a `Tree` and paths relative to the project root (POSIX
separators), never open files themselves: one reader, two sources.
"""

from __future__ import annotations

import os
import stat as stat_mod
from pathlib import Path
from typing import Literal, NamedTuple, Protocol

from openspec_tool.read.jstext import decode

Kind = Literal["dir", "file", "missing", "other"]

# Files larger than this are read but flagged; the tool never loads more than this per file.
MAX_FILE_BYTES = 64 * 1024 * 1024


class Entry(NamedTuple):  # one per directory entry: a NamedTuple is created fastest
    name: str
    is_dir: bool  # a real directory (symlinks not followed)
    is_file: bool  # a regular file (symlinks not followed)
    is_symlink: bool


class Tree(Protocol):
    def __hash__(self) -> int:
        """Trees key per-run caches (schemas, config) by identity."""

    def scandir(self, rel: str) -> list[Entry]:
        """Entries of a directory; raises FileNotFoundError / NotADirectoryError (a folder that cannot be read, or
        that leads outside the workspace, may list as empty)."""

    def read_text(self, rel: str) -> str:
        """A file decoded as the reference decodes it; raises OSError subclasses."""

    def kind(self, rel: str) -> Kind:
        """What is at a path, following symlinks."""

    def mtime(self, rel: str) -> float:
        """Modification time in seconds (0.0 where unknown)."""

    def abspath(self, rel: str) -> str:
        """The path as the reference prints it in messages (absolute on disk)."""

    def realpath(self, rel: str) -> str:
        """The path with symlinks resolved, for confinement checks."""


def join(*parts: str) -> str:
    if len(parts) == 2:  # the common case, on hot paths
        a, b = parts
        if a and b and a != "." and b != "." and a[-1] != "/" and b[0] != "/" and b[-1] != "/":
            return f"{a}/{b}"
    return "/".join(p.strip("/") for p in parts if p and p != ".") or "."


class DiskTree:
    """The working tree under `root`.

    Nothing outside the workspace is read: a file or folder that resolves (symlinks followed) outside `root`
    (or outside `root/openspec`, which may itself be a link) reads as PathOutside, kinds as "other" and lists as
    empty; a folder that cannot be listed lists as empty. Each such path is noted once in `notes` (path → one
    line), which the CLI prints as warnings, so one bad item never hides the rest. Paths given as absolute
    (a user's command-line argument) are not confined.
    """

    def __init__(self, root: Path, confine: bool = True) -> None:
        self.root = root
        self._root = str(root)
        self._recent: dict[str, str] = {}
        self._listings: dict[str, list[Entry]] = {}
        self.notes: dict[str, str] = {}
        self._confine = confine
        self._inside: dict[str, bool] = {"": True, ".": True}  # folder → resolves inside the workspace
        real = os.path.realpath(self._root)
        self._bases = (real, os.path.realpath(os.path.join(real, "openspec")))

    def path(self, rel: str) -> str:
        return self._root if rel in ("", ".") else os.path.join(self._root, rel)

    def note(self, rel: str, message: str) -> None:
        self.notes.setdefault(rel, message)

    def _note_denied(self, rel: str, exc: OSError) -> None:
        """Note the outermost folder that cannot be entered (one line for all it hides), else the path itself."""
        parts = rel.split("/")
        for n in range(1, len(parts)):
            folder = "/".join(parts[:n])
            if not os.access(self.path(folder), os.R_OK | os.X_OK):
                rel = folder
                break
        self.note(rel, f"{rel}: cannot read: {exc.strerror or exc}: left out")

    def _real_inside(self, rel: str) -> bool:
        real = os.path.realpath(self.path(rel))
        if any(real == base or real.startswith(base + os.sep) for base in self._bases):
            return True
        self.note(rel, f"{rel}: leads outside the workspace (to {real}): not read")
        return False

    def _dir_inside(self, rel: str) -> bool:
        known = self._inside.get(rel)
        if known is not None:
            return known
        parent, _, _ = rel.rpartition("/")
        inside = self._dir_inside(parent)
        if inside:
            try:
                link = stat_mod.S_ISLNK(os.lstat(self.path(rel)).st_mode)
            except OSError:
                link = False
            inside = not link or self._real_inside(rel)
        self._inside[rel] = inside
        return inside

    def _lstat_inside(self, rel: str) -> os.stat_result | None:
        """lstat of a confined path; None when it (or a folder above it) leads outside. Raises OSError."""
        if not self._confine or rel.startswith("/"):
            return os.lstat(self.path(rel))
        if ".." in rel.split("/"):
            return os.lstat(self.path(rel)) if self._real_inside(rel) else None
        parent = rel.rpartition("/")[0]
        if not self._dir_inside(parent):
            return None  # the folder that leads out is noted
        st = os.lstat(self.path(rel))
        if stat_mod.S_ISLNK(st.st_mode) and not self._real_inside(rel):
            return None
        return st

    def scandir(self, rel: str) -> list[Entry]:
        # Several rules walk the same folders of a change one after another; a command is a snapshot.
        cached = self._listings.get(rel)
        if cached is not None:
            return cached
        if self._confine and not rel.startswith("/") and ".." not in rel.split("/") and not self._dir_inside(rel):
            out: list[Entry] = []
        else:
            try:
                with os.scandir(self.path(rel)) as it:
                    out = [
                        Entry(e.name, e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False), e.is_symlink())
                        for e in it
                    ]
            except PermissionError as exc:
                self._note_denied(rel, exc)
                out = []
        inside = self._inside.get(rel)
        if inside is not None:
            for e in out:
                if e.is_dir:  # a real folder, not a link: as inside as its parent
                    self._inside[join(rel, e.name)] = inside
        self._listings[rel] = out
        return out

    def read_text(self, rel: str) -> str:
        # A change's main specs are read by several rules in a row; keep the last few.
        cached = self._recent.get(rel)
        if cached is not None:
            return cached
        path = self.path(rel)
        try:
            st = self._lstat_inside(rel)
            if st is None:
                raise PathOutside(path)
            if stat_mod.S_ISLNK(st.st_mode):
                st = os.stat(path)
            if stat_mod.S_ISDIR(st.st_mode):
                raise IsADirectoryError(21, "Is a directory", path)
            if not stat_mod.S_ISREG(st.st_mode):
                # A FIFO or device would block or never end; the reference cannot read one either.
                raise OSError(22, "Not a regular file", path)
            with open(path, "rb") as fh:
                # read(n) allocates n bytes up front: 64 MB for every small file costs more than the read itself
                data = fh.read() if st.st_size < MAX_FILE_BYTES else fh.read(MAX_FILE_BYTES)
        except PermissionError as exc:
            self._note_denied(rel, exc)
            raise
        text = decode(data)
        if len(self._recent) >= 16:
            self._recent.pop(next(iter(self._recent)))
        self._recent[rel] = text
        return text

    def kind(self, rel: str) -> Kind:
        path = self.path(rel)
        try:
            st = self._lstat_inside(rel)
            if st is None:
                return "other"
            if stat_mod.S_ISLNK(st.st_mode):
                st = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return "missing"
        except OSError:
            return "other"
        if stat_mod.S_ISDIR(st.st_mode):
            return "dir"
        if stat_mod.S_ISREG(st.st_mode):
            return "file"
        return "other"

    def abspath(self, rel: str) -> str:
        return self.path(rel)

    def realpath(self, rel: str) -> str:
        return os.path.realpath(self.path(rel))

    def mtime(self, rel: str) -> float:
        try:
            # Whole milliseconds from the nanosecond field, as Node's Date holds them.
            return (os.stat(self.path(rel)).st_mtime_ns // 1_000_000) / 1000
        except OSError:
            return 0.0


class MemoryTree:
    """A tree held in memory: `{"openspec/specs/a/spec.md": "..."}`. Used for staged content and tests."""

    def __init__(self, files: dict[str, str], mtimes: dict[str, float] | None = None) -> None:
        self.files = {k.strip("/"): v for k, v in files.items()}
        self.mtimes = mtimes or {}
        dirs: set[str] = set()
        for name in self.files:
            parts = name.split("/")
            for i in range(1, len(parts)):
                dirs.add("/".join(parts[:i]))
        self.dirs = dirs

    def scandir(self, rel: str) -> list[Entry]:
        rel = "" if rel in ("", ".") else rel.strip("/")
        if rel and rel not in self.dirs:
            if rel in self.files:
                raise NotADirectoryError(rel)
            raise FileNotFoundError(rel)
        prefix = rel + "/" if rel else ""
        names: dict[str, bool] = {}
        for name in list(self.files) + list(self.dirs):
            if name.startswith(prefix):
                rest = name[len(prefix) :]
                if rest and "/" not in rest:
                    names[rest] = name in self.dirs
        return [Entry(n, d, not d, False) for n, d in sorted(names.items())]

    def read_text(self, rel: str) -> str:
        rel = rel.strip("/")
        if rel in self.files:
            return self.files[rel]
        if rel in self.dirs:
            raise IsADirectoryError(rel)
        raise FileNotFoundError(rel)

    def kind(self, rel: str) -> Kind:
        rel = rel.strip("/")
        if rel in ("", ".") or rel in self.dirs:
            return "dir"
        return "file" if rel in self.files else "missing"

    def mtime(self, rel: str) -> float:
        return self.mtimes.get(rel.strip("/"), 0.0)

    def abspath(self, rel: str) -> str:
        return rel.strip("/")

    def realpath(self, rel: str) -> str:
        return rel.strip("/")


class PathOutside(OSError):
    """A symlink that leads out of the folder it belongs to (the reference refuses to follow it)."""

    REASON = "Path is outside the allowed directory"

    def __init__(self, path: str) -> None:
        message = f"{self.REASON}: {path}"  # the reference's words
        super().__init__(message)
        self.strerror = message  # what `cannot read …: {strerror}` messages show
        self.where = path  # absolute

    def __reduce__(self) -> tuple[type[PathOutside], tuple[str]]:
        return PathOutside, (self.where,)


def _is_link(tree: Tree, rel: str) -> bool:
    if isinstance(tree, DiskTree):
        return os.path.islink(tree.path(rel))
    return tree.realpath(rel) != rel.strip("/")


def assert_within(tree: Tree, base: str, rel: str) -> None:
    """Raise PathOutside when `rel`, symlinks resolved, is not inside `base`."""
    if rel.startswith(base.rstrip("/") + "/") and "/" not in rel[len(base.rstrip("/")) + 1 :] and not _is_link(tree, rel):
        return  # a plain file directly in `base` cannot leave it
    real_base = tree.realpath(base).rstrip("/")
    real = tree.realpath(rel)
    if real != real_base and not real.startswith(real_base + "/"):
        raise PathOutside(tree.abspath(rel))


def try_read(tree: Tree, rel: str) -> str | None:
    """Content, or None when the file is absent or unreadable."""
    try:
        return tree.read_text(rel)
    except OSError:
        return None
