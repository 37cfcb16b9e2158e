"""What the list filters search besides names: each change's task titles and delta requirements, each spec's
requirements and scenarios (no Textual here). Built once per reload, in a worker thread, from its own tree.

An item matches when every word of the filter is in its name, or all in one of its entries; the entry is what
the list shows as the match (`task 1.4: …snapshot tests…`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openspec_tool.read.discover import discover_spec_files
from openspec_tool.read.tree import DiskTree, Tree, join
from openspec_tool.tui.search import elide_middle, matches, snippet
from openspec_tool.tui.spec_data import Requirement, SpecRef, read, read_spec, spec_path


@dataclass(frozen=True)
class Entry:
    where: str  # "task 1.4", "requirement", "scenario", "Δ cli-config" (a change's delta spec)
    text: str  # the task's title; a requirement's or scenario's title and text

    def shown(self, needle: str, width: int) -> str:
        """`task 1.4: …the matching words…` in `width` cells (a long `where` cut in the middle)."""
        where = elide_middle(self.where, max(width // 3, 8))
        return f"{where}: " + snippet(self.text, needle, max(width - len(where) - 2, 12))


def requirement_entries(requirements: Iterable[Requirement]) -> list[Entry]:
    out: list[Entry] = []
    for req in requirements:
        out.append(Entry("requirement", f"{req.title}: {req.text}" if req.text else req.title))
        out.extend(Entry("scenario", f"{sc.title}: {' '.join(sc.lines)}") for sc in req.scenarios)
    return out


def task_entries(tree: Tree, folder: str) -> list[Entry]:
    from openspec_tool.read.tasks_doc import parse_tasks

    text, _ = read(tree, join(folder, "tasks.md"))
    if text is None:
        return []
    return [Entry(f"task {t.id}", t.title) for t in parse_tasks(text, join(folder, "tasks.md")).tasks]


@dataclass(frozen=True)
class TextIndex:
    changes: dict[str, list[Entry]]  # change id → entries
    specs: dict[str, list[Entry]]  # SpecRef.key → entries
    # Each item's entries in one lower-case text: a filter looks there first, so a keystroke costs one substring
    # search per item (a few milliseconds for 2,900 items), not one per entry.
    _folded: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)

    def fold(self) -> TextIndex:
        """Build the lower-case texts now (in the worker), not at the first keystroke."""
        for kind, entries in (("c", self.changes), ("s", self.specs)):
            for key, found in entries.items():
                self._folded[kind, key] = "\n".join(e.text for e in found).lower()
        return self

    def change_match(self, change_id: str, needle: str) -> Entry | None:
        return self._match("c", change_id, self.changes, needle)

    def spec_match(self, key: str, needle: str) -> Entry | None:
        return self._match("s", key, self.specs, needle)

    def _match(self, kind: str, key: str, entries: dict[str, list[Entry]], needle: str) -> Entry | None:
        found = entries.get(key)
        if not found:
            return None
        folded = self._folded.get((kind, key))
        if folded is None:
            folded = self._folded[kind, key] = "\n".join(e.text for e in found).lower()
        if not all(word in folded for word in needle.lower().split()):
            return None
        return first_match(found, needle)


def first_match(entries: Iterable[Entry], needle: str) -> Entry | None:
    return next((e for e in entries if matches(e.text, needle)), None)


def build_index(root: Path, changes: Sequence[tuple[str, str, bool]], spec_ids: Sequence[str]) -> TextIndex:
    """`changes`: (id, folder, active) of every change listed; `spec_ids`: the main specs. Reads with a tree of
    its own (a worker thread must not share the screens' tree)."""
    tree = DiskTree(root)
    by_change: dict[str, list[Entry]] = {cid: task_entries(tree, folder) for cid, folder, _ in changes}
    refs = [SpecRef(sid, spec_path(sid)) for sid in spec_ids]
    for cid, folder, active in changes:
        if active:  # the spec browser lists the active changes' delta specs
            refs.extend(SpecRef(sf.id, sf.path, cid) for sf in discover_spec_files(tree, join(folder, "specs")))
    by_spec: dict[str, list[Entry]] = {}
    for ref in refs:
        entries = requirement_entries(read_spec(tree, ref).requirements)
        by_spec[ref.key] = entries
        if ref.change is not None and ref.change in by_change:
            by_change[ref.change].extend(Entry(f"Δ {ref.id}", e.text) for e in entries)
    return TextIndex(by_change, by_spec).fold()
