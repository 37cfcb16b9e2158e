"""`openspec archive`: the reference's ArchiveCommand, ported step by step, with an all-or-nothing write.

The flow and every message are the reference's: the change must be a real folder directly under changes/ (not
a namespace folder), its delta specs must validate, incomplete tasks and spec updates are confirmed (or
`--yes`), every delta is merged into its main spec in memory (`rules.spec_merge`) and every rebuilt spec is
validated before anything is written, and the change moves to `changes/archive/YYYY-MM-DD-<id>` (a name that
already starts with a date keeps it). Output and questions go through a `Console`, so the CLI and the TUI
share the flow.

Writing (`write.archive_apply`), under the reference's `.openspec-archive.lock` claim: all or nothing.

Not ported: retiring a capability (`retire_capabilities: true` in `.openspec.yaml` and a delta that removes
a spec's last requirement) — such an archive is handed to the official CLI. `--no-validate` and `--json` are
the official CLI's too (the `openspec` command hands them over before this runs).
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from openspec_tool.model.findings import Report
from openspec_tool.read.change_files import task_progress
from openspec_tool.read.discover import (
    CHANGES,
    SpecFile,
    describe_nested,
    discover_spec_files,
    has_any_file_under,
    nested_changes_in,
    unread_delta_files,
)
from openspec_tool.read.jstext import S
from openspec_tool.read.nodeerr import node_fs_error
from openspec_tool.read.schemas import read_marker
from openspec_tool.read.tree import DiskTree, join
from openspec_tool.rules.change_rules import validate_change
from openspec_tool.rules.proposal_rules import validate_proposal
from openspec_tool.rules.spec_merge import BuiltSpec, Counts, MergeRefused, build_updated_spec
from openspec_tool.rules.spec_rules import validate_spec_content
from openspec_tool.write import clock
from openspec_tool.write.archive_apply import apply_all
from openspec_tool.write.archive_text import describe_name, rerun_command, task_status

DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}-")
_DELTA_HEADER = re.compile(rf"^##{S}+(ADDED|MODIFIED|REMOVED|RENAMED){S}+Requirements", re.IGNORECASE | re.MULTILINE)
LOCK_NAME = ".openspec-archive.lock"
_DELTA_REQUIREMENT_PATH = re.compile(r"deltas\.\d+\.requirements?\.")


class Console(Protocol):
    def say(self, line: str = "") -> None:
        """A line of the reference's standard output."""

    def confirm(self, message: str, default: bool) -> bool | None:
        """The answer to a yes/no question; None when none can be read (stdin closed)."""


class ArchiveBlocked(Exception):
    """A refusal the reference reports as `✖ Error: <message>` and `Fix: <fix>`, exit 1."""

    def __init__(self, code: str, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.fix = code, message, fix


class HandOver(Exception):
    """Something only the official CLI does (retiring a capability)."""


@dataclass
class Result:
    exit_code: int = 0
    archived_as: str | None = None
    specs_updated: bool = False
    totals: Counts | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Planned:
    """Everything decided before the first write: where the change goes, and the rebuilt specs."""

    archive_name: str
    archive_path: Path
    writes: list[tuple[SpecUpdate, BuiltSpec]]
    result: Result


@dataclass(frozen=True)
class SpecUpdate:
    id: str
    source: Path  # the delta
    target: Path  # the main spec (a symlinked spec.md: the file it points at)
    exists: bool


def _within(base: Path, path: Path) -> bool:
    real_base, real = os.path.realpath(base), os.path.realpath(path)
    return real == real_base or real.startswith(real_base + os.sep)


def _active_names(changes: Path) -> list[str]:
    try:
        return sorted(e.name for e in os.scandir(changes) if e.is_dir() and e.name != "archive")
    except FileNotFoundError:
        return []


class Archiver:
    """One `openspec archive NAME` in the workspace at `root`."""

    def __init__(
        self, root: Path, name: str, console: Console, yes: bool = False, skip_specs: bool = False, dry_run: bool = False
    ) -> None:
        """`dry_run`: `plan` writes nothing at all (not even the archive folder the reference makes before asking)."""
        self.root, self.name, self.ui, self.yes, self.skip_specs = root, name, console, yes, skip_specs
        self.dry_run = dry_run
        self.task_counts: tuple[int, int] | None = None  # (done, total) checkboxes, once read
        self.failed_at: str | None = None  # "validation" or "specs" when `plan` stops with exit code 1
        self.tree = DiskTree(root)
        self.changes = root / "openspec" / "changes"
        self.archive_dir = self.changes / "archive"
        self.specs = root / "openspec" / "specs"
        self.change_rel = join(CHANGES, name)

    # -- the steps before any write ---------------------------------------------------------

    def _check_change(self) -> None:
        for allowed, managed in ((self.root, self.changes), (self.changes, self.archive_dir), (self.root, self.specs)):
            if not _within(allowed, managed):
                raise ArchiveBlocked(
                    "archive_path_outside_root", f"Refusing to archive through a path outside the OpenSpec root: {managed}"
                )
        problem = (
            "Change name must not be empty"
            if not self.name
            else f"Change name must not be '{self.name}'"
            if self.name in (".", "..")
            else "Change name must not contain path separators"
            if re.search(r"[\\/]", self.name)
            else None
        )
        if problem:
            raise ArchiveBlocked("archive_change_name_invalid", problem)
        change_dir = self.changes / self.name
        if change_dir.is_symlink():
            raise ArchiveBlocked(
                "archive_change_symlink",
                f"Change '{self.name}' is a symbolic link. Replace it with a real directory before archiving.",
            )
        if not change_dir.is_dir():
            available = _active_names(self.changes)
            raise ArchiveBlocked(
                "archive_change_not_found",
                f"Change '{self.name}' not found. Available changes: {', '.join(available)}"
                if available
                else f"Change '{self.name}' not found. No active changes exist in this root.",
            )
        nested = nested_changes_in(self.tree, self.name)
        if nested:
            raise ArchiveBlocked(
                "archive_change_is_namespace_folder",
                f"Cannot archive '{self.name}': {describe_nested(self.name, nested)}",
                f"Rename openspec/changes/{nested[0]}/ to a flat change directory, then archive it.",
            )

    def _has_delta_specs(self) -> bool:
        specs_rel = join(self.change_rel, "specs")
        if self.tree.kind(join(specs_rel, "spec.md")) == "file" or unread_delta_files(self.tree, specs_rel):
            return True
        marker = read_marker(self.tree, self.change_rel)
        if marker.invalid_reason:
            return True
        if marker.declared:
            return self.tree.kind(specs_rel) not in ("missing", "dir") or has_any_file_under(self.tree, specs_rel)
        for sf in self._discover(specs_rel):
            try:
                if _DELTA_HEADER.search(self.tree.read_text(sf.path)):
                    return True
            except OSError:
                continue
        return False

    def _discover(self, specs_rel: str) -> list[SpecFile]:
        """The change's delta specs, failing as the reference's discovery does on a `specs` that is a file."""
        kind = self.tree.kind(specs_rel)
        if kind not in ("missing", "dir"):
            raise ArchiveBlocked(
                "archive_error", node_fs_error(NotADirectoryError(20, "x"), "scandir", self.tree.abspath(specs_rel))
            )
        return list(discover_spec_files(self.tree, specs_rel, confine=True))

    def _proposal_warnings(self) -> None:
        report = validate_proposal(self.tree, self.change_rel)
        if report is None or report.valid:
            return
        shown = [i for i in report.issues if not _DELTA_REQUIREMENT_PATH.match(i.path)]
        if shown:
            self.ui.say()
            self.ui.say("Proposal warnings in proposal.md (non-blocking):")
            for issue in shown:
                self.ui.say(f"  {'⚠' if issue.level in ('ERROR', 'WARNING') else 'ℹ'} {issue.message}")

    def _validate(self) -> bool:
        """The reference's pre-archive validation (delta specs only); False after printing why it failed."""
        self._proposal_warnings()
        if not self._has_delta_specs():
            return True
        report = Report.of(validate_change(self.tree, self.change_rel, with_main_specs=False), strict=False)
        if report.valid:
            return True
        self.ui.say()
        self.ui.say("Validation errors in change delta specs:")
        for issue in report.issues:
            if issue.level in ("ERROR", "WARNING"):
                self.ui.say(f"  {'✗' if issue.level == 'ERROR' else '⚠'} {issue.message}")
        self.ui.say()
        self.ui.say("Validation failed. Please fix the errors before archiving.")
        self.ui.say("To skip validation (not recommended), use --no-validate flag.")
        return False

    def _tasks_ok(self) -> bool:
        done, total = task_progress(self.tree, self.change_rel)
        self.task_counts = (done, total)
        self.ui.say(f"Task status: {task_status(done, total)}")
        incomplete = max(total - done, 0)
        if incomplete == 0:
            return True
        if self.yes:
            self.ui.say(f"Warning: {incomplete} incomplete task(s) found. Continuing due to --yes flag.")
            return True
        answer = self.ui.confirm(f"Warning: {incomplete} incomplete task(s) found. Continue?", False)
        if answer is None:
            raise ArchiveBlocked(
                "archive_tasks_incomplete",
                f"{incomplete} incomplete task(s) found for change '{describe_name(self.name)}', and no answer could be read "
                "from stdin.",
                f"Complete the tasks or rerun with {rerun_command(self.name, self.skip_specs)}",
            )
        if not answer:
            self.ui.say("Archive cancelled.")
        return answer

    def _updates(self) -> list[SpecUpdate]:
        out: list[SpecUpdate] = []
        for sf in self._discover(join(self.change_rel, "specs")):
            target = self.specs.joinpath(*sf.id.split("/"), "spec.md")
            real = Path(os.path.realpath(target))
            out.append(SpecUpdate(sf.id, self.root / sf.path, real, real.is_file() or real.exists()))
        return out

    def _build(self, update: SpecUpdate) -> BuiltSpec:
        delta = self.tree.read_text(os.path.relpath(update.source, self.root))
        target: str | None
        try:
            target = DiskTree(update.target.parent).read_text(update.target.name)
        except (FileNotFoundError, NotADirectoryError):
            target = None
        except OSError as exc:
            raise MergeRefused(node_fs_error(exc, "open", str(update.target))) from None
        target_shown = os.path.join(os.path.realpath(self.specs), *update.id.split("/"), "spec.md")
        return build_updated_spec(update.id, self.name, delta, target, target_shown)

    def _rebuilt_valid(self, update: SpecUpdate, built: BuiltSpec) -> bool:
        report = Report.of(validate_spec_content(built.rebuilt, update.id), strict=False)
        if report.valid:
            return True
        if update.exists and built.counts.removed > 0 and built.no_requirement_blocks:
            raise HandOver("a delta removes the last requirement of a main spec (capability retirement)")
        self.ui.say()
        self.ui.say(f"Validation errors in rebuilt spec for {update.id} (will not write changes):")
        for issue in report.issues:
            if issue.level in ("ERROR", "WARNING"):
                self.ui.say(f"  {'✗' if issue.level == 'ERROR' else '⚠'} {issue.message}")
        self.ui.say("Aborted. No files were changed.")
        return False

    # -- the run ------------------------------------------------------------------------------

    def run(self) -> Result:
        """Archive, asking and reporting through the console; ArchiveBlocked / HandOver for what stops it."""
        planned = self.plan()
        if isinstance(planned, Result):
            return planned
        self._commit(planned.writes, planned.archive_path, planned.archive_name, planned.result)
        return planned.result

    def plan(self) -> Planned | Result:
        """Every step before the first write — checks, validation, questions, each delta merged and the result
        validated — or the Result it stops with; ArchiveBlocked / HandOver for what stops it."""
        self._check_change()
        if not self._validate():
            self.failed_at = "validation"
            return Result(exit_code=1)
        if not self._tasks_ok():
            return Result()
        archive_name = self.name if DATE_PREFIX.match(self.name) else f"{clock.today()}-{self.name}"
        archive_path = self.archive_dir / archive_name
        retire = read_marker(self.tree, self.change_rel, "retire_capabilities").declared
        self._destination_free(archive_path, archive_name)
        if not self.dry_run:
            self.archive_dir.mkdir(parents=True, exist_ok=True)  # as the reference, before it asks about specs
        result = Result(archived_as=archive_name)
        writes: list[tuple[SpecUpdate, BuiltSpec]] = []
        if self.skip_specs:
            self.ui.say("Skipping spec updates (--skip-specs flag provided).")
        else:
            updates = self._updates()
            if updates:
                prepared = self._prepare(updates, retire, result)
                if prepared is None:
                    self.failed_at = "specs"
                    return result
                writes = prepared
        return Planned(archive_name, archive_path, writes, result)

    def _prepare(self, updates: list[SpecUpdate], retire: bool, result: Result) -> list[tuple[SpecUpdate, BuiltSpec]] | None:
        self.ui.say()
        self.ui.say("Specs to update:")
        for u in updates:
            self.ui.say(f"  {u.id}: {'update' if u.exists else 'create'}")
        built: list[tuple[SpecUpdate, BuiltSpec]] = []
        error: str | None = None
        try:
            for u in updates:
                b = self._build(u)
                if retire and b.no_requirement_blocks:
                    raise HandOver("the change declares retire_capabilities and a rebuilt spec has no requirements left")
                built.append((u, b))
                result.warnings.extend(b.warnings)
        except MergeRefused as exc:
            error = str(exc)
        if error is None:
            for warning in result.warnings:
                self.ui.say(f"⚠️  Warning: {warning}")
        if not self.yes:
            answer = self.ui.confirm("Proceed with spec updates?", True)
            if answer is None:
                raise ArchiveBlocked(
                    "archive_confirmation_required",
                    f"Updating {len(updates)} spec(s) requires confirmation, and no answer could be read from stdin.",
                    rerun_command(self.name, self.skip_specs),
                )
            if not answer:
                self.ui.say("Skipping spec updates. Proceeding with archive.")
                return []
        if error is not None:
            self.ui.say(error)
            self.ui.say("Aborted. No files were changed.")
            result.exit_code = 1
            return None
        for u, b in built:
            if not self._rebuilt_valid(u, b):
                result.exit_code = 1
                return None
        return built

    def _destination_free(self, archive_path: Path, archive_name: str) -> None:
        if archive_path.exists() or archive_path.is_symlink():
            raise ArchiveBlocked("archive_target_exists", f"Archive '{archive_name}' already exists.")

    def _commit(self, writes: list[tuple[SpecUpdate, BuiltSpec]], archive_path: Path, archive_name: str, result: Result) -> None:
        """Specs and the move, all or nothing, under the reference's archive claim."""
        changed = [(u, b) for u, b in writes if b.counts.total > 0]
        lock = self.archive_dir / LOCK_NAME
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise ArchiveBlocked(
                "archive_target_exists",
                f"Archive '{archive_name}' is already being created. If no archive process is running, remove the stale "
                f"claim at {lock} and rerun.",
            ) from None
        try:
            os.write(fd, f'{{"pid":{os.getpid()}}}'.encode())
            os.close(fd)
            self._destination_free(archive_path, archive_name)
            apply_all(self.changes / self.name, archive_path, [(u.target, b.rebuilt) for u, b in changed])
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(lock)
        totals = Counts()
        for u, b in changed:
            self.ui.say(f"Applying changes to openspec/specs/{u.id}/spec.md:")
            c = b.counts
            for n, sign, word in (
                (c.added, "+", "added"),
                (c.modified, "~", "modified"),
                (c.removed, "-", "removed"),
                (c.renamed, "→", "renamed"),
            ):
                if n:
                    self.ui.say(f"  {sign} {n} {word}")
            totals = Counts(
                totals.added + c.added, totals.modified + c.modified, totals.removed + c.removed, totals.renamed + c.renamed
            )
        if writes:
            self.ui.say(f"Totals: + {totals.added}, ~ {totals.modified}, - {totals.removed}, → {totals.renamed}")
            self.ui.say("Specs updated successfully." if changed else "Specs already in sync; no files changed.")
            result.totals, result.specs_updated = totals, bool(changed)
        self.ui.say(f"Change '{self.name}' archived as '{archive_name}'.")
