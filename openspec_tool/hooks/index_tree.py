"""A `Tree` over the git index (or over a commit), so the hook judges exactly what is staged.

Paths are relative to the workspace root (the folder holding `openspec/`), which may be a
subdirectory of the repository: `prefix` ("" or "sub/project/") maps them to repository paths.
Only `openspec/` is listed (the whole folder when the planning documents are checked), in one `git ls-files`;
blobs are read lazily, on `read_text`, through the shared `cat-file --batch` process.
"""

from __future__ import annotations

import posixpath
from bisect import bisect_left

from openspec_tool.gitrepo import BlobReader, fs_path, git
from openspec_tool.read.jstext import decode
from openspec_tool.read.tree import MAX_FILE_BYTES, Entry, Kind

_LINK = "120000"
_GITLINK = "160000"
_MAX_LINK_HOPS = 40


def _norm(rel: str) -> str:
    rel = rel.strip("/")
    return "" if rel in ("", ".") else rel


class GitTree:
    """Files recorded in the index or a commit: `{workspace-relative path: "<mode> <object id>"}`.

    Modes are always six digits, so `entry[:6]` is the mode and `entry[7:]` the object id.
    """

    def __init__(
        self,
        files: dict[str, str],
        prefix: str,
        blobs: BlobReader,
        unmerged: tuple[str, ...] = (),
    ) -> None:
        self.prefix = prefix
        self.files = files
        self.unmerged = unmerged  # paths with conflict stages (1–3) and no stage 0
        self._paths = sorted(files)
        self._blobs = blobs
        self._text: dict[str, str] = {}
        self._has_links = any(entry.startswith(_LINK) for entry in files.values())

    def repo_path(self, rel: str) -> str:
        """The path relative to the repository root (what git and editors print)."""
        return self.prefix + _norm(rel)

    # -- structure ---------------------------------------------------------------------

    def _first_under(self, dir_rel: str, lo: int = 0) -> int:
        return bisect_left(self._paths, dir_rel + "/" if dir_rel else "", lo)

    def _is_dir(self, rel: str) -> bool:
        if not rel:
            return True
        i = self._first_under(rel)
        return i < len(self._paths) and self._paths[i].startswith(rel + "/")

    def _link_target(self, rel: str) -> str:
        return decode(self._blobs.read(self.files[rel][7:]))

    def _resolve(self, rel: str) -> str | None:
        """`rel` with symlinks resolved inside the tree; it may start with "../" (outside); None for a loop."""
        rel = _norm(rel)
        if not self._has_links:
            return rel
        hops = 0
        parts = rel.split("/") if rel else []
        done: list[str] = []
        while parts:
            done.append(parts.pop(0))
            current = "/".join(done)
            entry = self.files.get(current)
            if entry is None or not entry.startswith(_LINK):
                continue
            hops += 1
            if hops > _MAX_LINK_HOPS:
                return None
            target = self._link_target(current)
            if target.startswith("/"):
                return posixpath.normpath(target)
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(current), target))
            if joined == ".." or joined.startswith("../"):
                return "/".join([joined, *parts])
            # The target may itself pass through links: walk it again from the top.
            parts = [*(joined.split("/") if joined != "." else []), *parts]
            done = []
        return "/".join(done)

    def _inside(self, real: str | None) -> bool:
        return real is not None and not real.startswith("/") and real != ".." and not real.startswith("../")

    # -- the Tree protocol ---------------------------------------------------------------

    def scandir(self, rel: str) -> list[Entry]:
        real = self._resolve(rel)
        if not self._inside(real):
            raise FileNotFoundError(2, "No such file or directory", self.repo_path(rel))
        assert real is not None
        if real in self.files:
            raise NotADirectoryError(20, "Not a directory", self.repo_path(rel))
        if not self._is_dir(real):
            raise FileNotFoundError(2, "No such file or directory", self.repo_path(rel))
        prefix = real + "/" if real else ""
        paths, out = self._paths, []
        i, n = self._first_under(real), len(self._paths)
        while i < n and paths[i].startswith(prefix):
            rest = paths[i][len(prefix) :]
            slash = rest.find("/")
            if slash < 0:
                mode = self.files[paths[i]][:6]
                out.append(Entry(rest, False, mode not in (_LINK, _GITLINK), mode == _LINK))
                i += 1
            else:
                name = rest[:slash]
                out.append(Entry(name, True, False, False))
                # "0" follows "/": skip everything under this child in one step.
                i = bisect_left(paths, prefix + name + "0", i)
        out.sort(key=lambda e: e.name)  # path order puts "a-b/…" before "a/…"
        return out

    def kind(self, rel: str) -> Kind:
        real = self._resolve(rel)
        if not self._inside(real):
            return "missing"
        assert real is not None
        entry = self.files.get(real)
        if entry is not None:
            return "other" if entry.startswith(_GITLINK) else "file"
        return "dir" if self._is_dir(real) else "missing"

    def read_text(self, rel: str) -> str:
        rel = _norm(rel)
        cached = self._text.get(rel)
        if cached is not None:
            return cached
        real = self._resolve(rel)
        entry = self.files.get(real) if real is not None and self._inside(real) else None
        if entry is None:
            if real is not None and self._inside(real) and self._is_dir(real):
                raise IsADirectoryError(21, "Is a directory", self.repo_path(rel))
            raise FileNotFoundError(2, "No such file or directory", self.repo_path(rel))
        if entry.startswith(_GITLINK):
            raise OSError(22, "Not a regular file", self.repo_path(rel))
        text = decode(self._blobs.read(entry[7:])[:MAX_FILE_BYTES])
        self._text[rel] = text
        return text

    def mtime(self, rel: str) -> float:
        return 0.0  # the index keeps no modification time worth showing

    def abspath(self, rel: str) -> str:
        return self.repo_path(rel)

    def realpath(self, rel: str) -> str:
        real = self._resolve(rel)
        return real if real is not None else _norm(rel)

    # -- helpers for the hook ------------------------------------------------------------

    def paths_under(self, rel: str) -> list[str]:
        """Every file path below a folder, in order."""
        rel = _norm(rel)
        prefix = rel + "/" if rel else ""
        i, out = self._first_under(rel), []
        while i < len(self._paths) and self._paths[i].startswith(prefix):
            out.append(self._paths[i])
            i += 1
        return out


def _parse_ls_files(raw: bytes, cut: int) -> tuple[dict[str, str], tuple[str, ...]]:
    """Records "<mode> <oid> <stage>\t<path>": sliced at fixed offsets, the listing can be ~10,000 long."""
    records = fs_path(raw).split("\0")
    records.pop()  # after the last NUL
    if not records:
        return {}, ()
    oid_len = records[0].index(" ", 7) - 7  # 40 (SHA-1) or 64 (SHA-256)
    stage, path = 8 + oid_len, 10 + oid_len + cut
    files = {r[path:]: r[: stage - 1] for r in records if r[stage] == "0"}
    if len(files) == len(records):
        return files, ()
    unmerged = dict.fromkeys(r[path:] for r in records if r[stage] != "0")
    return files, tuple(unmerged)


def load_index(prefix: str, blobs: BlobReader, whole: bool = False) -> GitTree:
    """The index's `<prefix>openspec/` (the index git is using: GIT_INDEX_FILE during `commit -a`); with `whole`,
    every file of the workspace folder (where its planning documents are)."""
    raw = git("ls-files", "-s", "-z", "--full-name", "--", f":(top,literal){prefix}{'' if whole else 'openspec/'}")
    files, unmerged = _parse_ls_files(raw, len(prefix))
    return GitTree(files, prefix, blobs, unmerged)


def load_commit(rev: str, prefix: str, blobs: BlobReader, whole: bool = False) -> GitTree:
    """A commit's `<prefix>openspec/` (what a push sends); with `whole`, every file of the workspace folder."""
    raw = git("ls-tree", "-r", "-z", "--full-tree", rev, "--", f":(top,literal){prefix}{'' if whole else 'openspec/'}")
    files: dict[str, str] = {}
    cut = len(prefix)
    for record in fs_path(raw).split("\0"):
        if record:
            meta, _, path = record.partition("\t")
            mode, _type, oid = meta.split(" ")
            files[path[cut:]] = f"{mode} {oid}"
    return GitTree(files, prefix, blobs)


def _config_name(path: str, names: tuple[str, ...]) -> str | None:
    return next((n for n in names if path == n or path.endswith("/" + n)), None)


def config_trees(rev: str | None, blobs: BlobReader) -> dict[str, GitTree]:
    """Every workspace's config file (`hooks.config.CONFIG_FILES`) in the index (`rev` None) or a commit, as a tree of
    that file alone per workspace prefix."""
    from openspec_tool.hooks.config import CONFIG_FILES

    if rev is None:
        raw = git("ls-files", "-s", "-z", "--full-name", "--", *(f":(top,glob)**/{name}" for name in CONFIG_FILES))
        entries, _ = _parse_ls_files(raw, 0)
    else:  # ls-tree takes no wildcard: the tree's names, filtered here (a push, not every commit)
        entries = {}
        for record in fs_path(git("ls-tree", "-r", "-z", "--full-tree", rev)).split("\0"):
            meta, _, path = record.partition("\t")
            if _config_name(path, CONFIG_FILES):
                mode, _type, oid = meta.split(" ")
                entries[path] = f"{mode} {oid}"
    files: dict[str, dict[str, str]] = {}
    for path, entry in entries.items():
        name = _config_name(path, CONFIG_FILES)
        if name:
            files.setdefault(path[: -len(name)], {})[name] = entry
    return {prefix: GitTree(found, prefix, blobs) for prefix, found in files.items()}
