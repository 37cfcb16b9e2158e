"""What `openspec archive NAME` would do, without writing anything: the same `Archiver` steps (checks,
validation, each delta merged into its main spec in memory, every rebuilt spec validated) run as a dry run, the
questions answered yes and the output kept. The TUI shows it before it archives, and shows a refusal in the
very words the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openspec_tool.read.requirement_blocks import parse_delta_spec
from openspec_tool.read.tree import PathOutside
from openspec_tool.rules.spec_merge import Counts
from openspec_tool.write.archive import ArchiveBlocked, Archiver, HandOver, Planned, Result


class Recorder:
    """A console that keeps every line and answers every question yes (the TUI asks its own question first)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def say(self, line: str = "") -> None:
        self.lines.append(line)

    def confirm(self, message: str, default: bool) -> bool | None:
        self.lines.append(f"{message} yes")
        return True


@dataclass(frozen=True)
class SpecChange:
    id: str
    create: bool  # a new main spec
    counts: Counts  # what the merge does, as the CLI reports it after writing (`+ 2 added`, `~ 1 modified`…)
    requirements: tuple[tuple[str, str], ...]  # (operation, requirement) as the delta writes them; RENAMED "a → b"


@dataclass(frozen=True)
class ArchivePreview:
    name: str
    source: str  # the change folder, relative to the root
    target: str | None  # where it would move, relative to the root
    tasks: tuple[int, int] | None  # (done, total) checkboxes, as archive counts them
    specs: tuple[SpecChange, ...]
    warnings: tuple[str, ...]  # lines the CLI prints that do not stop it (proposal warnings, merge warnings)
    refusal: tuple[str, ...]  # the CLI's last lines when it refuses (nothing can be archived); empty when it can
    specs_refusal: tuple[str, ...]  # the spec updates are refused: the change can move only without them
    hand_over: str | None  # only the official CLI does this one (retiring a capability)

    @property
    def incomplete(self) -> int:
        return max(self.tasks[1] - self.tasks[0], 0) if self.tasks else 0


def _requirements(delta: str) -> tuple[tuple[str, str], ...]:
    plan = parse_delta_spec(delta)
    out = [("ADDED", b.name) for b in plan.added]
    out += [("MODIFIED", b.name) for b in plan.modified]
    out += [("REMOVED", name) for name in plan.removed]
    out += [("RENAMED", f"{r.from_name} → {r.to_name}") for r in plan.renamed]
    return tuple(out)


def _warnings(lines: list[str]) -> tuple[str, ...]:
    keep = [line.strip() for line in lines if line.strip().startswith(("⚠", "ℹ"))]
    return tuple(dict.fromkeys(keep))


Outcome = Planned | Result | ArchiveBlocked | HandOver | OSError


def _run(root: Path, name: str, skip_specs: bool) -> tuple[Archiver, Recorder, Outcome]:
    console = Recorder()
    archiver = Archiver(root, name, console, skip_specs=skip_specs, dry_run=True)
    try:
        return archiver, console, archiver.plan()
    except (ArchiveBlocked, HandOver, PathOutside, OSError) as exc:  # PathOutside is an OSError, as the CLI has it
        return archiver, console, exc


def preview_archive(root: Path, name: str) -> ArchivePreview:
    archiver, console, planned = _run(root, name, skip_specs=False)
    source = f"openspec/changes/{name}"
    refusal: tuple[str, ...] = ()
    specs_refusal: tuple[str, ...] = ()
    hand_over = None
    if isinstance(planned, ArchiveBlocked):
        refusal = (f"✖ Error: {planned.message}", *((f"Fix: {planned.fix}",) if planned.fix else ()))
    elif isinstance(planned, HandOver):
        hand_over = str(planned)
    elif isinstance(planned, OSError):
        refusal = (f"✖ Error: {planned}",)
    elif isinstance(planned, Result):
        if archiver.failed_at == "specs":  # what the CLI prints once the spec updates are confirmed
            asked = next((n for n, line in enumerate(console.lines) if line.startswith("Proceed with spec updates?")), -1)
            specs_refusal = tuple(line for line in console.lines[asked + 1 :] if line)
            archiver, console, planned = _run(root, name, skip_specs=True)  # can it move without them?
            if not isinstance(planned, Planned):
                refusal = specs_refusal
        else:
            refusal = tuple(line for line in console.lines if line)
    target = None
    specs: list[SpecChange] = []
    if isinstance(planned, Planned):
        target = f"openspec/changes/archive/{planned.archive_name}"
        for update, built in planned.writes:
            delta = update.source.read_text(encoding="utf-8", errors="replace")
            specs.append(SpecChange(update.id, not update.exists, built.counts, _requirements(delta)))
    return ArchivePreview(
        name=name,
        source=source,
        target=target,
        tasks=archiver.task_counts,
        specs=tuple(specs),
        warnings=_warnings(console.lines),
        refusal=refusal,
        specs_refusal=specs_refusal,
        hand_over=hand_over,
    )


def archive(root: Path, name: str, skip_specs: bool) -> tuple[Result, list[str]]:
    """Archive for real — `openspec archive NAME --yes [--skip-specs]`, once the TUI has asked — and the lines the
    CLI would print. ArchiveBlocked / HandOver / OSError / PathOutside as the CLI gets them; nothing written then."""
    console = Recorder()
    result = Archiver(root, name, console, skip_specs=skip_specs).run()
    return result, console.lines
