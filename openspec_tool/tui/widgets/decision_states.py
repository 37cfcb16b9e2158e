"""What the Decision screen says when there is no matrix to show: no decision file (what one is), or a file
that cannot be evaluated (the message, and the offending line of the file)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from openspec_tool.plan.evaluate import FactMissing
from openspec_tool.read.decision_file import DecisionFileError


def missing_text() -> Text:
    """No decision file: what one is, and where it goes (nothing here would do anything yet)."""
    out = Text("No decision file in openspec/decisions/\n\n", style="bold")
    out.append(
        "A decision file (openspec/decisions/<name>.yaml) names the options (change ids), the criteria to weigh "
        "them by (effort, impact, risk…, each with a weight), the scores the workspace cannot tell, and the paths: "
        "options done together. `openspec decide` ranks them; this screen shows that ranking, lets you try other "
        "weights and records the choice. The README's `openspec decide` section has a complete example."
    )
    return out


def problem_text(exc: Exception, read_line: Any) -> tuple[Text, str | None, int | None]:
    """The one-line message, the offending line of the file when known, and (path, line) for `e`."""
    path: str | None = None
    line: int | None = None
    if isinstance(exc, (DecisionFileError, FactMissing)):
        path, line = exc.path, exc.line
    out = Text("The decision cannot be evaluated:\n\n", style="bold")
    out.append(str(exc), style="bold red")
    source = read_line(path, line) if path and line else None
    if source is not None:
        out.append(f"\n\n{line:>5} │ ", style="dim")
        out.append(source, style="reverse")
    out.append("\n\ne opens the file at that line; the screen reloads when it is saved.", style="dim")
    return out, path, line
