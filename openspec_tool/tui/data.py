"""What the TUI shows, read with the same readers and model as the CLI (no Textual here).

The dashboard needs only `list_changes` / `list_specs` (counts exactly as `openspec list`); a change's
proposal, tasks and deltas and a spec's requirements are read when opened, then cached until the next
reload. A reload builds a new `WorkspaceData` over a fresh tree, so no stale read survives. On a big
workspace the two listings are started in forked children (`HeadStart`) before Textual is imported.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from openspec_tool.forked import Job
from openspec_tool.model.stage import STAGES as STAGES
from openspec_tool.model.workspace import Change
from openspec_tool.read.change_files import last_modified, task_progress
from openspec_tool.read.discover import CHANGES, SPECS, archived_ids, discover_spec_files
from openspec_tool.read.tree import DiskTree, Tree, join
from openspec_tool.rules.listing import ChangeSummary, SpecSummary, list_changes, list_specs
from openspec_tool.tui.spec_data import SpecDetail, SpecRef, read, read_spec, spec_path

if TYPE_CHECKING:
    from openspec_tool.tui.text_index import TextIndex

STAGE_TITLES = {"no-tasks": "No tasks", "in-progress": "In progress", "complete": "Complete", "archived": "Archived"}


def when(ts: float) -> str:
    """A modification time as a local date and minute (never "x minutes ago": screens stay reproducible)."""
    if ts <= 0:
        return "–"
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class ChangeRow:
    id: str
    folder: str  # relative to the root
    done: int
    total: int
    modified: float
    stage: str

    @staticmethod
    def of(summary: ChangeSummary) -> ChangeRow:
        return ChangeRow(
            summary.name,
            join(CHANGES, summary.name),
            summary.completed,
            summary.total,
            summary.last_modified,
            summary.status,  # the model's stage, as `openspec list --json` says it
        )


@dataclass(frozen=True)
class Artifact:
    """One tab of a change: a markdown file, or its tasks."""

    title: str
    path: str  # relative to the root
    kind: str  # "markdown", "tasks", or "text" (a plain file shown as written)


# Files of a change that get a tab besides proposal, design, tasks and the delta specs (notes, plans, logs).
MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt", ".yaml", ".yml")
_OWN_FILES = {"proposal.md", "design.md", "tasks.md"}


def other_files(tree: Tree, folder: str) -> list[Artifact]:
    """The change's other readable files: markdown at any depth, plain text at the top (dot-entries and specs/
    skipped), top-level files first, by path."""
    found: list[Artifact] = []

    def walk(rel: str, prefix: str) -> None:
        try:
            entries = tree.scandir(rel)
        except OSError:
            return
        for e in sorted(entries, key=lambda e: (e.is_dir, e.name)):
            name = e.name
            if name.startswith(".") or (not prefix and (name in _OWN_FILES or name == "specs")):
                continue
            path = join(rel, name)
            if e.is_dir:
                walk(path, f"{prefix}{name}/")
            elif tree.kind(path) == "file" and name.lower().endswith(MARKDOWN_SUFFIXES):
                found.append(Artifact(prefix + name, path, "markdown"))
            elif not prefix and tree.kind(path) == "file" and name.lower().endswith(TEXT_SUFFIXES):
                found.append(Artifact(name, path, "text"))

    walk(folder, "")
    return found


T = TypeVar("T")


class Once(Generic[T]):
    """A value computed on first ask, by whichever thread asks first; a thread asking meanwhile waits for it
    (the dashboard collects a forked child's listing in a worker while the palette may ask for it too)."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute
        self._lock = threading.Lock()
        self._value: T | None = None
        self.ready = False

    @staticmethod
    def of(value: T) -> Once[T]:
        done = Once(lambda: value)
        done._value, done.ready = value, True
        return done

    def get(self) -> T:
        with self._lock:
            if not self.ready:
                self._value, self.ready = self._compute(), True
            return self._value  # type: ignore[return-value]


@dataclass(frozen=True)
class Listing:
    """`openspec list`'s changes, the main specs' ids when they were walked on the way, and why the listing
    failed as a whole (a symlink leaving its folder)."""

    changes: list[ChangeSummary]
    spec_ids: list[str] | None = None
    error: str | None = None


def read_listing(tree: DiskTree, with_spec_ids: bool = False) -> Listing:
    try:
        changes = list_changes(tree)
    except OSError as exc:
        return Listing([], None, str(exc))
    return Listing(changes, main_spec_ids(tree) if with_spec_ids else None)


def main_spec_ids(tree: DiskTree) -> list[str]:
    """The main specs' ids in `openspec list --specs` order (a folder walk; nothing is read)."""
    return sorted((sf.id for sf in discover_spec_files(tree, SPECS)), key=str.lower)


class HeadStart:
    """A big workspace's two listings, computed in forked children while this process starts the UI.

    Start it before Textual is imported (a fork copies no threads then). The changes (and the specs' ids, a
    folder walk) are on the first screen's path; the spec totals can come a moment later, so that child takes
    only what the others leave (visible rows are counted as drawn). A child that fails is done again here.
    (Splitting the changes over two children was measured: no faster on two cores, where this process is the
    other half.)
    """

    def __init__(self, root: Path) -> None:
        import yaml  # noqa: F401 - the listing reads `.openspec.yaml` files: import it once, before forking

        self.listing = Job(lambda: read_listing(DiskTree(root), with_spec_ids=True))
        self.specs = Job(lambda: list_specs(DiskTree(root)), nice=10)

    @staticmethod
    def start(root: Path) -> HeadStart | None:
        """None where there is no fork."""
        return HeadStart(root) if hasattr(os, "fork") else None


class WorkspaceData:
    """One workspace, read lazily. Build one in a worker and hand it over whole; only the two listings may be
    asked for from several threads."""

    def __init__(
        self,
        root: Path,
        listing: Listing | None = None,
        specs: list[SpecSummary] | None = None,
        head_start: HeadStart | None = None,
    ) -> None:
        self.root = root
        self.tree = DiskTree(root)
        self._head_start = head_start
        self._listing = Once.of(listing) if listing is not None else Once(self._read_listing)
        self._rows = Once(lambda: [ChangeRow.of(s) for s in self._listing.get().changes])
        self._specs = Once.of(specs) if specs is not None else Once(self._read_specs)
        self._archived: list[ChangeRow] | None = None
        self._loaded: dict[str, Change] = {}
        self._spec_details: dict[str, SpecDetail] = {}
        self._spec_refs: list[SpecRef] | None = None
        self._spec_ids: list[str] | None = None
        self._counts: dict[str, int] = {}
        self.text_index: TextIndex | None = None  # requirement and task texts for the filters, built in a worker
        self.indexing = False

    def _read_listing(self) -> Listing:
        if self._head_start is not None:
            got = self._head_start.listing.result_or_none()
            if got is not None:
                return got
        return read_listing(self.tree)

    def _read_specs(self) -> list[SpecSummary]:
        if self._head_start is not None:
            got = self._head_start.specs.result_or_none()
            if got is not None:
                return got
        return list_specs(self.tree)

    def load(self) -> None:
        """Both listings, now, in the caller's thread (which may wait for the forked children)."""
        self._rows.get()
        self._specs.get()

    # -- listing (the dashboard) -------------------------------------------------------------------
    @property
    def changes(self) -> list[ChangeRow]:
        """The active changes as `openspec list` counts them, most recently modified first (may wait for the child)."""
        return self._rows.get()

    @property
    def error(self) -> str | None:
        """Why the listing failed as a whole, once it has been read."""
        return self._listing.get().error if self._listing.ready else None

    @property
    def changes_pending(self) -> bool:
        """Is a forked child still listing the changes (a big workspace)?"""
        return self._head_start is not None and not self._listing.ready

    @property
    def specs(self) -> list[SpecSummary]:
        """Every main spec with its requirement count, as `openspec list --specs` (may wait for the child)."""
        return self._specs.get()

    @property
    def specs_known(self) -> bool:
        return self._specs.ready

    @property
    def specs_pending(self) -> bool:
        """Is a forked child counting the specs' requirements (a big workspace)?"""
        return self._head_start is not None and not self._specs.ready

    def spec_ids(self) -> list[str]:
        """The main specs' ids in `openspec list --specs` order, without counting anything."""
        if self._specs.ready:
            return [s.id for s in self._specs.get()]
        if self._spec_ids is None:
            walked = self._listing.get().spec_ids if self._listing.ready else None
            self._spec_ids = walked if walked is not None else main_spec_ids(self.tree)
        return self._spec_ids

    def spec_count(self, spec_id: str) -> int:
        """One spec's requirement count: from the full list once known, else counted now (the same reader)."""
        if self._specs.ready and not self._counts:
            self._counts = {s.id: s.requirement_count for s in self._specs.get()}
        if spec_id not in self._counts:
            from openspec_tool.rules.spec_rules import spec_requirement_count

            try:
                self._counts[spec_id] = spec_requirement_count(self.tree.read_text(spec_path(spec_id)), spec_id)
            except OSError:
                self._counts[spec_id] = 0
        return self._counts[spec_id]

    def archived(self) -> list[ChangeRow]:
        if self._archived is None:
            rows = []
            for folder, cid in archived_ids(self.tree):
                try:
                    done, total = task_progress(self.tree, folder)
                except OSError:
                    done, total = 0, 0
                rows.append(ChangeRow(cid, folder, done, total, last_modified(self.tree, folder), "archived"))
            self._archived = rows
        return self._archived

    def row(self, change_id: str) -> ChangeRow | None:
        return next((r for r in (*self.changes, *self.archived()) if r.id == change_id), None)

    # -- details, on demand ------------------------------------------------------------------------
    def change(self, change_id: str) -> Change:
        if change_id not in self._loaded:
            from openspec_tool.read.workspace import load_change  # the full readers: only when a change is opened

            row = self.row(change_id)
            folder = row.folder if row else join(CHANGES, change_id)
            self._loaded[change_id] = load_change(self.tree, folder, change_id, archived=bool(row and row.stage == "archived"))
        return self._loaded[change_id]

    def artifacts(self, change: Change) -> list[Artifact]:
        out = [Artifact("Proposal", join(change.path, "proposal.md"), "markdown")]
        if change.has_design:
            out.append(Artifact("Design", join(change.path, "design.md"), "markdown"))
        out.extend(
            Artifact(f"Δ {sf.id}", sf.path, "markdown") for sf in discover_spec_files(self.tree, join(change.path, "specs"))
        )
        out.append(Artifact("Tasks", join(change.path, "tasks.md"), "tasks"))
        out.extend(other_files(self.tree, change.path))
        return out

    def read(self, rel: str) -> tuple[str | None, str | None]:
        """(text, None), or (None, the reason it cannot be read)."""
        return read(self.tree, rel)

    def spec_refs(self) -> list[SpecRef]:
        """Main specs (with counts), then every active change's delta specs."""
        if self._spec_refs is None:
            refs = [SpecRef(s.id, spec_path(s.id), None, s.requirement_count) for s in self.specs]
            for row in sorted(self.changes, key=lambda r: r.id):
                deltas = discover_spec_files(self.tree, join(row.folder, "specs"))
                refs.extend(SpecRef(sf.id, sf.path, row.id) for sf in deltas)
            self._spec_refs = refs
        return self._spec_refs

    def spec(self, ref: SpecRef) -> SpecDetail:
        if ref.key not in self._spec_details:
            self._spec_details[ref.key] = read_spec(self.tree, ref)
        return self._spec_details[ref.key]

    def refreshed(self, changed: set[str]) -> WorkspaceData:
        """A new view after files changed on disk, its listings read now: recomputed only where something changed."""
        specs_changed = any(p.startswith(SPECS + "/") or p == SPECS for p in changed)
        changes_changed = any(p.startswith(CHANGES + "/") or p == CHANGES for p in changed)
        fresh = WorkspaceData(
            self.root,
            self._listing.get() if self._listing.ready and not changes_changed else None,
            self._specs.get() if self._specs.ready and not specs_changed else None,
        )
        fresh.load()  # in the caller's (worker) thread
        return fresh
