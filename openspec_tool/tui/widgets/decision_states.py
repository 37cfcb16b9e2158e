"""What the Decision screen says when there is no matrix to show: no decision file (what one is), or a file
that cannot be evaluated (the message, and the offending line of the file); and the question asked before weights
and scores changed and not saved would be dropped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from openspec_tool.plan.evaluate import FactMissing, MissingValues
from openspec_tool.read.decision_file import DecisionFileError
from openspec_tool.write.decision_values import ValueEdit

SHOWN_EDITS = 6  # values listed in the question before "… and N more"


def missing_text() -> Text:
    """No decision file: what one is, where it goes, and how to start one (`i` here, or the command)."""
    out = Text("No decision file in openspec/decisions/\n\n", style="bold")
    out.append(
        "A decision file (openspec/decisions/<name>.yaml) names the options (change ids), the criteria to weigh "
        "them by (effort, impact, risk…, each with a weight), the scores the workspace cannot tell, and the paths: "
        "options done together. `openspec decide` ranks them; this screen shows that ranking, lets you try other "
        "weights and scores, saves them and records the choice.\n\n"
    )
    out.append("Start one here: press i. ", style="bold")
    out.append(
        "It shows what `openspec decide init` would write — the options, default criteria, a score to fill in per "
        "option and the paths your planning documents define — and writes it only when you confirm. "
        "The same from a shell: "
    )
    out.append("openspec decide init", style="cyan")
    out.append(" (every active change; ")
    out.append("--match 'GLOB'", style="cyan")
    out.append(" or ")
    out.append("--options A,B", style="cyan")
    out.append(" picks the options, ")
    out.append("--from 'DOC'", style="cyan")
    out.append(" reads their paths from planning documents).")
    return out


def problem_text(exc: Exception, read_line: Any) -> tuple[Text, str | None, int | None]:
    """The one-line message, the offending line of the file when known, and (path, line) for `e`."""
    path: str | None = None
    line: int | None = None
    messages = list(getattr(exc, "messages", ())) or [str(exc)]
    if isinstance(exc, (DecisionFileError, FactMissing)):
        path, line = exc.path, exc.line
    elif isinstance(exc, MissingValues) and exc.problems:
        path, line = exc.problems[0].path, exc.problems[0].line
    out = Text("The decision cannot be evaluated:\n\n", style="bold")
    out.append("\n".join(messages), style="bold red")
    if len(messages) > 1:
        out.append("\n\nFill them in, or rank on what is known: openspec decide --partial.", style="dim")
    source = read_line(path, line) if path and line else None
    if source is not None:
        out.append(f"\n\n{line:>5} │ ", style="dim")
        out.append(source, style="reverse")
    out.append("\n\ne opens the file at that line; the screen reloads when it is saved.", style="dim")
    return out, path, line


def unsaved_question(path: str, edits: Sequence[ValueEdit], doing: str) -> tuple[str, Text]:
    """The title and text of the question asked before `doing` ("Quitting.") would drop the values changed here."""
    weights = sum(1 for e in edits if e.option is None)
    counts = zip((weights, len(edits) - weights), ("weight", "score"), strict=True)
    said = " and ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n)
    out = Text(f"{doing}\n\n", style="bold")
    out.append(path, style="cyan")
    out.append(f": {said} changed here and not saved —")
    for edit in edits[:SHOWN_EDITS]:
        out.append(f"\n  {edit}")
    if len(edits) > SHOWN_EDITS:
        out.append(f"\n  … and {len(edits) - SHOWN_EDITS} more")
    out.append("\n\nSave writes them into the file as s does, then goes on; Discard drops them and goes on; ")
    out.append("Cancel stays here with them.", style="bold")
    return "Save the weights and scores changed here?", out
