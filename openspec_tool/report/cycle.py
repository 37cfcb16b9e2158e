"""The "since <base>" view of a report (a cycle report): tasks completed, scope added or removed, changes started
and archived between a base and now.

- The base is the history's (`--since` / `since:`: a revision or a date) or, without one, the earliest first
  commit of the report's changes: a base that does not move when the report itself is committed, so a committed
  report stays fresh.
- "Now" is the working tree, counted as `openspec list` counts; "at the base" is each change's last burn-up point
  dated on or before the base's date (its tasks.md as committed then), or nothing when it had no tasks.md yet.
- Changes archived: the folders under changes/archive/ whose `YYYY-MM-DD-` prefix (the reference CLI names them
  so when it archives) is on or after the base's date.
"""

from __future__ import annotations

import re
from typing import Any

from openspec_tool.report.text import natural_key

_ARCHIVE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
TOP = 10


def _at_base(points: list[dict[str, Any]], day: str) -> tuple[int, int]:
    """(done, total) of the last point dated on or before `day`; (0, 0) before the first."""
    found = (0, 0)
    for p in points:
        if p["date"] > day:
            break
        found = (p["done"], p["total"])
    return found


def _base(history: dict[str, Any]) -> tuple[str, str | None, str] | None:
    """(date, commit, how it was chosen) of the base, or None when history knows of no commit."""
    if history.get("base_date"):
        return history["base_date"], history["base_commit"], f"given as `{history['since']}`"
    firsts = [(r["base_date"], r["base_commit"] or "") for r in history["lines"] if r["base_date"]]
    if not firsts:
        return None
    day, commit = min(firsts)
    return day, commit or None, "the earliest first commit among them"


def cycle_context(
    history: dict[str, Any] | None, changes: list[dict[str, Any]], labels: dict[str, str], archived: list[str]
) -> dict[str, Any] | None:
    """What happened to `changes` (and in the archive) since the base; None without history."""
    if not history or not history["from_git"]:
        return None
    base = _base(history)
    if base is None:
        return None
    day, commit, how = base
    burnups = {b["change"]: b for b in history["burnups"]}
    lines = {r["change"]: r for r in history["lines"]}
    rows = []
    for c in changes:
        b = burnups.get(c["id"])
        then = _at_base(b["points"], day) if b else (0, 0)
        line = lines.get(c["id"])
        if line is None:
            new = True
        elif history.get("base_date"):  # an explicit base: the change did not exist there
            new = line["initial"] is None
        else:  # each change's own first commit: later than the earliest one, or none yet
            new = line["base_date"] is None or line["base_date"] > day
        done_delta = c["tasks"]["done"] - then[0]
        total_delta = c["tasks"]["total"] - then[1]
        rows.append(
            {
                "change": c["id"],
                "name": labels.get(c["id"], c["title"]),
                "new": new,
                "completed": max(done_delta, 0),
                "reopened": max(-done_delta, 0),
                "added": max(total_delta, 0),
                "removed": max(-total_delta, 0),
                "done": c["tasks"]["done"],
                "total": c["tasks"]["total"],
            }
        )
    moved = [r for r in rows if r["completed"] or r["reopened"] or r["added"] or r["removed"] or r["new"]]
    moved.sort(key=lambda r: (-(r["completed"] + r["added"] + r["removed"]), natural_key(r["change"])))
    gone = sorted((m.group(2), m.group(1)) for name in archived if (m := _ARCHIVE_DATE.match(name)) and m.group(1) >= day)
    totals = {k: sum(r[k] for r in rows) for k in ("completed", "reopened", "added", "removed")}
    return {
        "base_date": day,
        "base_commit": commit,
        "base_commit_short": commit[:12] if commit else None,
        "base_how": how,
        **totals,
        "new": [{"change": r["change"], "name": r["name"]} for r in rows if r["new"]],
        "archived": [{"id": cid, "date": when} for cid, when in sorted(gone, key=lambda g: (g[1], natural_key(g[0])))],
        "rows": moved[:TOP],
        "more": max(len(moved) - TOP, 0),
        "quiet": not moved and not gone,
    }
