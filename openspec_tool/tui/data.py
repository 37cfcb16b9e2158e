"""What the TUI shows, read with the same readers and model as the CLI (no Textual here).

The dashboard needs only `list_changes` / `list_specs` (counts exactly as `openspec list`); a change's
proposal, tasks and deltas and a spec's requirements are read when opened, then cached until the next
reload. A reload builds a new `WorkspaceData` over a fresh tree, so no stale read survives.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

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


class WorkspaceData:
    """One workspace, read lazily. Not thread-safe: build one in a worker, hand it over whole."""

    def __init__(
        self,
        root: Path,
        changes: list[ChangeSummary] | None = None,
        specs: list[SpecSummary] | None = None,
        changes_future: Callable[[], list[ChangeSummary] | None] | None = None,
        specs_future: Callable[[], list[SpecSummary] | None] | None = None,
    ) -> None:
        self.root = root
        self._changes_future = changes_future
        self._specs_future = specs_future
        self.tree = DiskTree(root)
        self._changes = changes
        self._specs = specs
        self._rows: list[ChangeRow] | None = None
        self._archived: list[ChangeRow] | None = None
        self._loaded: dict[str, Change] = {}
        self._spec_details: dict[str, SpecDetail] = {}
        self._spec_refs: list[SpecRef] | None = None
        self._specs_lock = threading.Lock()
        self._changes_lock = threading.Lock()
        self._spec_ids: list[str] | None = None
        self._counts: dict[str, int] = {}
        self.text_index: TextIndex | None = None  # requirement and task texts for the filters, built in a worker
        self.indexing = False
        self.error: str | None = None  # a listing that failed as a whole (e.g. a symlink leaving its folder)

    # -- listing (the dashboard) -------------------------------------------------------------------
    @property
    def changes(self) -> list[ChangeRow]:
        """The active changes as `openspec list` counts them, most recently modified first (may wait for the child)."""
        with self._changes_lock:  # the dashboard may be collecting them in a worker thread
            if self._rows is None:
                if self._changes is None and self._changes_future is not None:
                    future, self._changes_future = self._changes_future, None
                    self._changes = future()
                    if isinstance(future, _Listing) and future.spec_ids is not None and self._spec_ids is None:
                        self._spec_ids = future.spec_ids
                if self._changes is None:
                    try:
                        self._changes = list_changes(self.tree)
                    except OSError as exc:
                        self.error = str(exc)
                        self._changes = []
                self._rows = [ChangeRow.of(s) for s in self._changes]
            return self._rows

    @property
    def changes_pending(self) -> bool:
        """Is a forked child still listing the changes (a big workspace)?"""
        return self._rows is None and self._changes_future is not None

    @property
    def specs(self) -> list[SpecSummary]:
        """Every main spec with its requirement count, as `openspec list --specs` (may wait for the child)."""
        with self._specs_lock:  # a worker thread may be collecting the forked child's list
            if self._specs is None and self._specs_future is not None:
                self._specs, self._specs_future = self._specs_future(), None
            if self._specs is None:
                self._specs = list_specs(self.tree)
            return self._specs

    @property
    def specs_known(self) -> bool:
        return self._specs is not None

    @property
    def specs_pending(self) -> bool:
        """Is a forked child counting the specs' requirements (a big workspace)?"""
        return self._specs is None and self._specs_future is not None

    def spec_ids(self) -> list[str]:
        """The main specs' ids in `openspec list --specs` order, without counting anything."""
        if self._specs is not None:
            return [s.id for s in self._specs]
        if self._spec_ids is None:
            self._spec_ids = main_spec_ids(self.tree)
        return self._spec_ids

    def spec_count(self, spec_id: str) -> int:
        """One spec's requirement count: from the full list once known, else counted now (the same reader)."""
        if self._specs is not None and not self._counts:
            self._counts = {s.id: s.requirement_count for s in self._specs}
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
        """A new view after files changed on disk: listings recomputed only where something changed."""
        specs_changed = any(p.startswith(SPECS + "/") or p == SPECS for p in changed)
        changes_changed = any(p.startswith(CHANGES + "/") or p == CHANGES for p in changed)
        fresh = WorkspaceData(
            self.root,
            None if changes_changed or self._changes is None else self._changes,
            None if specs_changed or self._specs is None else self._specs,
        )
        fresh.changes  # noqa: B018 - compute in the caller's (worker) thread
        fresh.specs  # noqa: B018
        return fresh


# -- a head start for big workspaces ---------------------------------------------------------------

T = TypeVar("T")


def _forked(compute: Callable[[], T], nice: int = 0) -> Callable[[], T | None]:
    """Run `compute` in a forked child; the returned function waits for its result (None if it failed)."""
    from openspec_tool.forked import Job

    return Job(compute, nice=nice).result_or_none


def main_spec_ids(tree: DiskTree) -> list[str]:
    """The main specs' ids in `openspec list --specs` order (a folder walk; nothing is read)."""
    return sorted((sf.id for sf in discover_spec_files(tree, SPECS)), key=str.lower)


def _listing(root: Path) -> tuple[list[ChangeSummary], list[str]]:
    tree = DiskTree(root)
    return list_changes(tree), main_spec_ids(tree)


class _Listing:
    """What the changes child sends: `list_changes`, and the specs' ids it walked on the way."""

    def __init__(self, collect: Callable[[], tuple[list[ChangeSummary], list[str]] | None]) -> None:
        self.collect = collect
        self.spec_ids: list[str] | None = None

    def __call__(self) -> list[ChangeSummary] | None:
        result = self.collect()
        if result is None:
            return None
        changes, self.spec_ids = result
        return changes


def prefetch(root: Path) -> tuple[Callable[[], list[ChangeSummary] | None], Callable[[], list[SpecSummary] | None]] | None:
    """List the changes and count spec requirements in two forked children while this process starts the UI.

    Call before Textual is imported (a fork copies no threads then). None where there is no fork. (Splitting
    the changes over two children was measured: no faster on two cores, where this process is the other half.)
    """
    if not hasattr(os, "fork"):
        return None
    import yaml  # noqa: F401 - the listing reads `.openspec.yaml` files: import it once, before forking

    # The changes (and the specs' ids, a folder walk) are on the first screen's path. The spec totals can
    # come a moment later, so that child takes only what the others leave (visible rows are counted as drawn).
    listing = _Listing(_forked(lambda: _listing(root)))
    specs = _forked(lambda: list_specs(DiskTree(root)), nice=10)
    return listing, specs
