"""Finding the workspace root and its items: changes, specs, delta files (reference discovery rules)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openspec_tool.read.requirement_blocks import has_delta_sections
from openspec_tool.read.tree import PathOutside, Tree, assert_within, join, try_read

CHANGES = "openspec/changes"
SPECS = "openspec/specs"
ARCHIVE = "openspec/changes/archive"
LEGACY_ARCHIVE = "openspec/archive"


class NoWorkspace(LookupError):
    pass


def is_readable_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:
        return False


def _exists(p: Path) -> bool:
    try:
        return p.exists()
    except OSError:  # an unreadable folder on the way up
        return False


def _qualifies(root: Path) -> bool:
    os_dir = root / "openspec"
    if not is_readable_dir(os_dir):
        return False
    if is_readable_dir(os_dir / "specs") or is_readable_dir(os_dir / "changes"):
        return True
    return _exists(os_dir / "config.yaml") or _exists(os_dir / "config.yml")


def find_root(start: Path) -> Path:
    """The nearest ancestor of `start` whose `openspec/` has specs/, changes/ or a config file."""
    current = start.resolve()
    while True:
        if _qualifies(current):
            return current
        if current.parent == current:
            raise NoWorkspace(f"No OpenSpec root found from {start} (no openspec/ folder with specs/, changes/ or config.yaml)")
        current = current.parent


def _entries(tree: Tree, rel: str) -> list:  # type: ignore[type-arg]
    try:
        return tree.scandir(rel)
    except (FileNotFoundError, NotADirectoryError):
        return []


def change_ids(tree: Tree, include_hidden: bool = False) -> list[str]:
    """Active change folders: directories under changes/ except archive (and dot-folders for validate)."""
    ids = [
        e.name
        for e in _entries(tree, CHANGES)
        if e.is_dir and e.name != "archive" and (include_hidden or not e.name.startswith("."))
    ]
    return sorted(ids)


def archived_ids(tree: Tree) -> list[tuple[str, str]]:
    """(folder, id) of archived changes, in changes/archive/ and the older openspec/archive/."""
    out: list[tuple[str, str]] = []
    for base in (ARCHIVE, LEGACY_ARCHIVE):
        out.extend((join(base, e.name), e.name) for e in _entries(tree, base) if e.is_dir and not e.name.startswith("."))
    return sorted(out)


@dataclass(frozen=True)
class SpecFile:
    id: str
    path: str  # relative to the tree root


def discover_spec_files(tree: Tree, specs_root: str, confine: bool = False) -> list[SpecFile]:
    """Every `spec.md` below a specs root at any depth (not at the root itself); dot-entries skipped.

    With `confine`, a symlinked spec.md that leads out of both the specs root and its capability
    folder raises PathOutside, as the reference's discovery does for change deltas.
    """
    results: list[SpecFile] = []

    def walk(rel: str, segments: list[str]) -> None:
        for e in _entries(tree, rel):
            if e.name.startswith("."):
                continue
            if e.is_dir:
                walk(join(rel, e.name), [*segments, e.name])
            elif e.name == "spec.md" and segments:
                child = join(rel, e.name)
                if e.is_file or (e.is_symlink and tree.kind(child) == "file"):
                    if confine and e.is_symlink:
                        try:
                            assert_within(tree, specs_root, child)
                        except PathOutside:
                            assert_within(tree, rel, child)
                    results.append(SpecFile("/".join(segments), child))

    walk(specs_root, [])
    results.sort(key=lambda s: s.id)
    return results


def spec_ids(tree: Tree) -> list[str]:
    return [s.id for s in discover_spec_files(tree, SPECS)]


@dataclass(frozen=True)
class UnreadDelta:
    path: str  # relative to the change's specs/
    expected: str


def unread_delta_files(tree: Tree, specs_root: str) -> list[UnreadDelta]:
    results: list[UnreadDelta] = []

    def walk(rel: str, segments: list[str]) -> None:
        for e in _entries(tree, rel):
            if e.name.startswith("."):
                continue
            child = join(rel, e.name)
            if e.is_dir:
                walk(child, [*segments, e.name])
                continue
            if not (e.is_file or e.is_symlink) or e.name == "spec.md" or not e.name.lower().endswith(".md"):
                continue
            if e.is_symlink and tree.kind(child) != "file":
                continue
            content = try_read(tree, child)
            if content is None or not has_delta_sections(content):
                continue
            capability = "/".join(segments) if segments else e.name[:-3]
            results.append(UnreadDelta("/".join([*segments, e.name]), f"{capability}/spec.md"))

    walk(specs_root, [])
    results.sort(key=lambda u: u.path)
    return results


def has_any_file_under(tree: Tree, rel: str) -> bool:
    for e in _entries(tree, rel):
        if e.name.startswith("."):
            continue
        if e.is_file or e.is_symlink:
            return True
        if e.is_dir and has_any_file_under(tree, join(rel, e.name)):
            return True
    return False


# -- changes laid out in namespace folders ---------------------------------------------

_ROOT_MARKERS = (".openspec.yaml", "proposal.md", "tasks.md", "design.md")
NESTED_MARKER = "is not a change: it is a folder wrapping"


def _looks_like_change(tree: Tree, rel: str) -> bool:
    if any(tree.kind(join(rel, m)) == "file" for m in _ROOT_MARKERS):
        return True
    return has_any_file_under(tree, join(rel, "specs"))


def nested_changes_in(tree: Tree, name: str) -> list[str] | None:
    if name == "archive" or name.startswith("."):
        return None
    rel = join(CHANGES, name)
    if _looks_like_change(tree, rel):
        return None
    entries = _entries(tree, rel)
    if any(not e.name.startswith(".") and not e.is_dir for e in entries):
        return None
    found: list[str] = []

    def collect(dir_rel: str, prefix: str, depth: int) -> None:
        if depth > 3:
            return
        for e in _entries(tree, dir_rel):
            if not e.is_dir or e.name.startswith("."):
                continue
            child = join(dir_rel, e.name)
            cid = f"{prefix}/{e.name}"
            if _looks_like_change(tree, child):
                found.append(cid)
                continue
            collect(child, cid, depth + 1)

    collect(rel, name, 1)
    return sorted(found) if found else None


def describe_nested(name: str, nested: list[str]) -> str:
    listing = ", ".join(f"openspec/changes/{n}/" for n in nested)
    example = nested[0].replace("/", "-")
    return (
        f'"{name}" {NESTED_MARKER} {listing}. A change must be a directory directly under openspec/changes/, '
        "so those nested directories are invisible to OpenSpec while the folder around them is reported as a "
        "change. Nested paths are supported under openspec/specs/ only. Rename each nested change to a flat "
        f'name (for example "{example}").'
    )
