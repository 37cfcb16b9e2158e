"""The progress bar cell of the tables: `███░░░░░░░  3/45` as one Rich `Text` (no widget per row).

The bar's shape carries the information, so it reads the same under `NO_COLOR`.
"""

from __future__ import annotations

from rich.text import Text


def bar_text(done: int, total: int, width: int = 10) -> Text:
    if total <= 0:
        return Text("·" * width, style="dim")
    filled = round(width * done / total)
    if done and not filled:
        filled = 1  # something done shows
    style = "green" if done == total else "yellow" if done else "dim"
    out = Text("█" * filled, style=style)
    out.append("░" * (width - filled), style="dim")
    return out


def progress_cell(done: int, total: int, width: int = 10) -> Text:
    """Bar and percentage, e.g. `█░░░░░░░░░   7%`."""
    out = bar_text(done, total, width)
    out.append(f" {round(100 * done / total):>3}%" if total else "   –", style="" if total else "dim")
    return out


def count_cell(done: int, total: int) -> Text:
    return Text(f"{done}/{total}", style="green" if total and done == total else "")


STAGE_STYLES = {"no-tasks": "dim", "in-progress": "yellow", "complete": "green", "archived": "blue"}
STAGE_MARKS = {"no-tasks": "○", "in-progress": "◐", "complete": "●", "archived": "▣"}


def stage_cell(stage: str) -> Text:
    return Text(f"{STAGE_MARKS.get(stage, '?')} {stage}", style=STAGE_STYLES.get(stage, ""))
