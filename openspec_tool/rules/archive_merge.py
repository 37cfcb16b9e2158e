"""Would archive refuse this delta? The refusals of the merge archive runs (`rules.spec_merge.check_merge`, a
dry run that builds no text), as `validate` reports them (INFO issues)."""

from __future__ import annotations

from openspec_tool.read.discover import SPECS, discover_spec_files
from openspec_tool.read.tree import Tree, join
from openspec_tool.rules.spec_merge import MergeRefused, check_merge


def archive_blockers(tree: Tree, change: str, already_reported: set[str]) -> list[tuple[str, str]]:
    """(entry path, message) for every delta archive would refuse, skipping already-reported paths."""
    out: list[tuple[str, str]] = []
    for sf in discover_spec_files(tree, join(change, "specs")):
        entry = f"{sf.id}/spec.md"
        if entry in already_reported:
            continue
        try:
            delta = tree.read_text(sf.path)
        except OSError:
            continue
        target_rel = join(SPECS, sf.id, "spec.md")
        try:
            target: str | None = tree.read_text(target_rel)
        except (FileNotFoundError, NotADirectoryError):
            target = None
        except OSError:
            continue
        try:
            check_merge(sf.id, delta, target)
        except MergeRefused as exc:
            out.append((entry, f"Archive would refuse this delta: {exc}"))
    return out
