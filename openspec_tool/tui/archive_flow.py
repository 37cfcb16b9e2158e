"""Archiving from the TUI (`A` on the change screen or a kanban card): `openspec archive`'s own steps.

First a dry run of the CLI's `Archiver` (`write.archive_preview`: nothing written, not even the archive folder)
gives what will move and, per main spec, what changes — ADDED, MODIFIED, REMOVED, RENAMED, by requirement —
or the refusal in the CLI's words. The question offers what the CLI would do: archive with the spec updates,
without them (`--skip-specs`; the only way when the updates are refused), or nothing. Then the CLI's archive
runs (`--yes`, after this question); all or nothing, as there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from openspec_tool.tui.screens.ask import AskScreen, Choice
from openspec_tool.write.archive_preview import ArchivePreview, SpecChange, preview_archive

if TYPE_CHECKING:
    from textual.app import App

SHOWN_PER_SPEC = 8  # requirement names listed under a spec before "… and N more"
OPERATION = {"ADDED": "+", "MODIFIED": "~", "REMOVED": "-", "RENAMED": "→"}


def counts_text(spec: SpecChange) -> str:
    c = spec.counts
    parts = [(c.added, "+", "added"), (c.modified, "~", "modified"), (c.removed, "-", "removed"), (c.renamed, "→", "renamed")]
    said = ", ".join(f"{sign} {n} {word}" for n, sign, word in parts if n)
    return said or "already in sync: no change"


def preview_text(p: ArchivePreview) -> Text:
    out = Text("Moves ", style="bold")
    out.append(f"{p.source}/", style="cyan")
    out.append("\n   to ")
    out.append(f"{p.target}/", style="cyan")
    if p.tasks is not None:
        done, total = p.tasks
        out.append(f"\n\nTasks: {done}/{total} checkboxes ticked" if total else "\n\nTasks: none (no checkbox in its task files)")
        if p.incomplete:
            out.append(
                f"\n⚠ {p.incomplete} incomplete task(s): `openspec archive` asks whether to go on; archiving here goes on.",
                style="yellow",
            )
    out.append("\n\n")
    if p.specs_refusal:
        out.append("Main specs: its delta specs cannot be applied.", style="bold")
    elif not p.specs:
        out.append("Main specs: unchanged (the change has no delta specs).", style="dim")
    else:
        out.append("Main specs it changes:", style="bold")
        for spec in p.specs:
            out.append(f"\n  {spec.id}", style="bold")
            out.append(f"  {counts_text(spec)}")
            out.append(f"\n    openspec/specs/{spec.id}/spec.md{' (a new spec)' if spec.create else ''}", style="dim")
            for op, name in spec.requirements[:SHOWN_PER_SPEC]:
                out.append(f"\n    {OPERATION[op]} {op} ", style="dim")
                out.append(name)
            if len(spec.requirements) > SHOWN_PER_SPEC:
                out.append(f"\n    … and {len(spec.requirements) - SHOWN_PER_SPEC} more", style="dim")
    if p.specs_refusal:
        out.append("\n\nThe spec updates are refused, as `openspec archive` says:", style="bold red")
        for line in p.specs_refusal:
            out.append(f"\n  {line}", style="red")
        out.append("\nIt can move without them (s), as when its question about spec updates is declined.")
    if p.warnings:
        out.append("\n\nWarnings (`openspec archive` prints them too; they do not stop it):", style="bold")
        for line in p.warnings:
            out.append(f"\n  {line}", style="yellow")
    return out


def choices(p: ArchivePreview) -> list[Choice]:
    cancel = Choice("n", "Cancel", None)
    if p.specs_refusal:
        return [Choice("s", "Archive without spec updates", "skip-specs", "warning"), cancel]
    if p.specs:
        return [
            Choice("y", "Archive, update specs", "archive", "success"),
            Choice("s", "Archive, skip specs", "skip-specs"),
            cancel,
        ]
    return [Choice("y", "Archive", "archive", "success"), cancel]


def refusal_screen(title: str, lines: list[str] | tuple[str, ...]) -> AskScreen:
    body = Text()
    for n, line in enumerate(lines):
        out = f"\n{line}" if n else line
        body.append(out, style="red" if line.lstrip().startswith(("✖", "✗")) else "")
    body.append("\n\nNothing was written.", style="dim")
    return AskScreen(title, body, [Choice("c", "Close", None)], refusal=True)


def start(app: App[None], root: Path, change_id: str, archived: Callable[[str], None]) -> None:
    """Preview, ask, archive; `archived(message)` after a move (the caller reloads and leaves the change)."""
    try:
        p = preview_archive(root, change_id)
    except Exception as exc:  # a reader's bug must not take the TUI down; nothing was written
        app.notify(f"cannot prepare the archive of {change_id}: {exc}", severity="error")
        return
    if p.hand_over:
        lines = [
            f"This archive is one only the official OpenSpec CLI does: {p.hand_over}.",
            f"Run `openspec archive {change_id}` in a terminal (it hands the archive to the official CLI).",
        ]
        app.push_screen(refusal_screen(f"Cannot archive {change_id} here", lines))
        return
    if p.refusal:
        app.push_screen(refusal_screen(f"Cannot archive {change_id}, as `openspec archive` says:", p.refusal))
        return

    def answered(answer: str | None) -> None:
        if answer is None:
            app.notify("Nothing written.", timeout=3)
            return
        run(app, root, change_id, answer == "skip-specs", archived)

    app.push_screen(AskScreen(f"Archive {change_id}?", preview_text(p), choices(p)), answered)


def run(app: App[None], root: Path, change_id: str, skip_specs: bool, archived: Callable[[str], None]) -> None:
    from openspec_tool.write.archive import ArchiveBlocked, HandOver
    from openspec_tool.write.archive_preview import archive

    try:
        result, lines = archive(root, change_id, skip_specs)
    except ArchiveBlocked as exc:
        said = [f"✖ Error: {exc.message}", *([f"Fix: {exc.fix}"] if exc.fix else [])]
        app.push_screen(refusal_screen(f"Cannot archive {change_id}:", said))
        return
    except (HandOver, OSError) as exc:
        app.push_screen(refusal_screen(f"Cannot archive {change_id}:", [f"✖ Error: {exc}"]))
        return
    if result.exit_code or not any(line.startswith(f"Change '{change_id}' archived as") for line in lines):
        app.push_screen(refusal_screen(f"{change_id} was not archived:", [line for line in lines if line]))
        return
    kept = ("Totals:", "Specs updated", "Specs already", "Skipping spec updates", f"Change '{change_id}' archived")
    archived("\n".join(line for line in lines if line.startswith(kept)))
