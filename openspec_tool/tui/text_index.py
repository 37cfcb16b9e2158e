"""What the list filters search besides names: each change's task titles and delta requirements, each spec's
requirements and scenarios (no Textual here). Built once per reload, in a worker thread, from its own tree.

An item matches when every word of the filter is in its name, or all in one of its entries; the entry is what
the list shows as the match (`task 1.4: …snapshot tests…`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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

    def change_match(self, change_id: str, needle: str) -> Entry | None:
        return first_match(self.changes.get(change_id, ()), needle)

    def spec_match(self, key: str, needle: str) -> Entry | None:
        return first_match(self.specs.get(key, ()), needle)


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
    return TextIndex(by_change, by_spec)
