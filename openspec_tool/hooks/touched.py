"""Which changes and specs a commit touches, from `git diff --name-status -z -M`.

- a path under `openspec/changes/<id>/` touches change `<id>`; `openspec/changes/archive/` touches nothing;
- `openspec/specs/<cap…>/spec.md` touches spec `<cap…>` and every active change with a delta for
  `<cap…>` (their MODIFIED scenario-loss checks read the main spec);
- a rename touches its old and its new item; an item no longer in the tree (deleted) is not judged.

`openspec/` may sit in a subdirectory, and a repository may hold several workspaces: each touched
path is split into the workspace prefix ("" or "sub/project/") and the path inside the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass

from openspec_tool.gitrepo import GitError, fs_path, git
from openspec_tool.hooks.index_tree import GitTree

# Limits the diff (and its rename detection) to OpenSpec folders at any depth.
OPENSPEC_PATHSPEC = ":(glob)**/openspec/**"
DECISIONS = "openspec/decisions/"


@dataclass(frozen=True)
class Status:
    """One `--name-status` record: A, M, D, T, U, or R/C with (old, new) paths."""

    code: str
    paths: tuple[str, ...]


def parse_name_status(raw: bytes) -> list[Status]:
    fields = raw.split(b"\0")
    out: list[Status] = []
    i = 0
    while i < len(fields) and fields[i]:
        code = fields[i].decode("ascii")
        count = 2 if code[0] in "RC" else 1
        out.append(Status(code[0], tuple(fs_path(f) for f in fields[i + 1 : i + 1 + count])))
        i += 1 + count
    return out


def staged() -> list[Status]:
    """What the commit being made changes: the index against HEAD (everything, before the first commit)."""
    # Without a commit argument `--cached` compares with HEAD, or with nothing at all on an unborn branch.
    try:
        raw = git("diff", "--cached", "--name-status", "-z", "-M", "--no-relative", "--no-color", "--", OPENSPEC_PATHSPEC)
    except GitError:
        git("rev-parse", "--git-dir")  # outside a repository `git diff` complains about options: say what is wrong
        raise
    return parse_name_status(raw)


def between(base: str, head: str) -> list[Status]:
    raw = git("diff", "--name-status", "-z", "-M", "--no-relative", "--no-color", base, head, "--", OPENSPEC_PATHSPEC)
    return parse_name_status(raw)


def changed_among(paths: list[str], base: str | None = None, head: str | None = None) -> set[str]:
    """Which of these repository paths the commit being made (or `base..head`) changes."""
    if not paths:
        return set()
    revs = ["--cached"] if base is None or head is None else [base, head]
    raw = git("diff", "--name-only", "-z", "--no-relative", "--no-color", *revs, "--", *(f":(top,literal){p}" for p in paths))
    return {fs_path(name) for name in raw.split(b"\0") if name}


def split_workspace(path: str) -> tuple[str, str] | None:
    """("sub/project/", "changes/x/proposal.md") for "sub/project/openspec/changes/x/proposal.md"."""
    parts = path.split("/")
    for i, segment in enumerate(parts[:-1]):
        if segment == "openspec":
            return ("/".join(parts[:i]) + "/" if i else ""), "/".join(parts[i + 1 :])
    return None


class Touched:
    """What one workspace's part of the commit touches (paths relative to the workspace root)."""

    def __init__(self, paths: set[str] | None = None) -> None:
        self.paths: set[str] = paths if paths is not None else set()
        self.unmerged: set[str] = set()
        self.changes: set[str] = set()
        self.specs: set[str] = set()
        self.decision_files: set[str] = set()


def group_by_workspace(records: list[Status], prefixes: set[str] | None = None) -> dict[str, Touched]:
    """Touched paths per workspace prefix; `prefixes` limits the result to those workspaces."""
    out: dict[str, Touched] = {}
    for record in records:
        for path in record.paths:
            split = split_workspace(path)
            if split is None or (prefixes is not None and split[0] not in prefixes):
                continue
            touched = out.setdefault(split[0], Touched())
            rel = "openspec/" + split[1]
            touched.paths.add(rel)
            if record.code == "U":
                touched.unmerged.add(rel)
    return out


def _item(rel: str) -> tuple[str, str] | None:
    """("change", id) or ("spec", capability) for a workspace-relative path, or None."""
    parts = rel.split("/")
    if len(parts) >= 4 and parts[1] == "changes":
        cid = parts[2]
        if cid == "archive" or cid.startswith("."):
            return None
        return "change", cid
    if len(parts) >= 4 and parts[1] == "specs" and parts[-1] == "spec.md":
        caps = parts[2:-1]
        if any(c.startswith(".") for c in caps):
            return None
        return "spec", "/".join(caps)
    return None


def changes_with_deltas(tree: GitTree, capabilities: set[str]) -> set[str]:
    """Active changes holding `specs/<cap>/spec.md` for any of the capabilities."""
    found: set[str] = set()
    for path in tree.paths_under("openspec/changes"):
        if not path.endswith("/spec.md"):
            continue
        parts = path.split("/")
        # openspec/changes/<id>/specs/<cap…>/spec.md
        if len(parts) < 6 or parts[3] != "specs" or parts[2] == "archive" or parts[2].startswith("."):
            continue
        if "/".join(parts[4:-1]) in capabilities:
            found.add(parts[2])
    return found


def resolve_items(tree: GitTree, touched: Touched) -> None:
    """Fill `changes` and `specs` with the touched items that still exist in the tree."""
    changes: set[str] = set()
    specs: set[str] = set()
    for rel in touched.paths:
        item = _item(rel)
        if item is None:
            if rel.startswith(DECISIONS):
                touched.decision_files.add(rel)
            continue
        (changes if item[0] == "change" else specs).add(item[1])
    if specs:
        changes |= changes_with_deltas(tree, specs)
    touched.changes = {c for c in changes if tree.kind(f"openspec/changes/{c}") == "dir"}
    touched.specs = {s for s in specs if tree.kind(f"openspec/specs/{s}/spec.md") == "file"}
