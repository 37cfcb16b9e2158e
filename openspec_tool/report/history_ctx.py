"""The `history` part of a report's context: lines of content per change and burn-ups, from git.

`openspec_tool.history` (git through `gitrepo`, in subprocesses) is imported only here, only when a report
asks for history. Notes that describe the working tree rather than the commits (uncommitted edits,
changes not committed yet) are kept apart in `working_tree_notes`: the Markdown reports leave them out,
so a committed report stays fresh in a clean clone of the same commits. A change's notes about its burn-up,
velocity or forecast (`<change id>: ...`) are in `burnup_notes`; the rest (about lines of content, or git
itself) in `notes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openspec_tool.report.text import num

if TYPE_CHECKING:
    from openspec_tool.history.git_history import GitFacts
    from openspec_tool.history.lines import WorkingChange

_WORKING_TREE_MARKS = ("uncommitted", "no commits yet")
_BURNUP_MARKS = ("burn-up", "velocity", "forecast", "tasks.md")


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _added(value: int | None) -> str:
    return "–" if value is None else f"{value:+,}"


def _growth(value: float | None) -> str:
    return "–" if value is None else f"{value:+.0f}%"


def _row(row: dict[str, Any]) -> dict[str, Any]:
    commit = row.get("base_commit")
    return {
        "change": row["change"],
        "name": row["change"],
        "initial": row["initial"],
        "current": row["current"],
        "added": row["added"],
        "growth_pct": row["growth_pct"],
        "initial_text": _count(row["initial"]),
        "current_text": _count(row["current"]),
        "added_text": _added(row["added"]),
        "growth_text": _growth(row["growth_pct"]),
        "base_commit": commit,
        "base_commit_short": commit[:12] if commit else None,
        "base_date": row.get("base_date"),
    }


def combined_burnup(burnups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One burn-up for all changes: at each date, the sum of every change's last point on or before it."""
    dates = sorted({p["date"] for b in burnups for p in b["points"]})
    out = []
    for day in dates:
        done = total = 0
        for b in burnups:
            last = None
            for p in b["points"]:
                if p["date"] <= day:
                    last = p
            if last is not None:
                done += last["done"]
                total += last["total"]
        out.append({"date": day, "done": done, "total": total})
    return out


def _empty(notes: list[str]) -> dict[str, Any]:
    return {
        "available": False,
        "from_git": False,
        "since": None,
        "base": None,
        "base_commit": None,
        "base_date": None,
        "lines_method": "",
        "lines": [],
        "total": None,
        "burnups": [],
        "by_change": {},
        "any_velocity": False,
        "combined": [],
        "notes": notes,
        "burnup_notes": [],
        "working_tree_notes": [],
        "as_of": None,
    }


def git_side(root: Path, change_ids: list[str], since: str | None) -> GitFacts | str:
    """What git knows of `change_ids` (the slow side: run it alongside the rest); a string says why nothing."""
    try:
        from openspec_tool.history.git_history import git_facts
    except ImportError as exc:  # a build without the history module
        return f"history is not available: {exc}"
    try:
        return git_facts(root, root, change_ids, since)
    except Exception as exc:  # history must never take the report down with it
        return f"history could not be computed: {type(exc).__name__}: {exc}"


def head_commit(root: Path) -> dict[str, str] | None:
    """The commit the report is generated at: {commit, commit_short, date}; None outside git or before any commit.
    One plain `git log -1` (in the forked job, beside the history's own git commands)."""
    from openspec_tool.gitrepo import GitError, git_text

    try:
        sha, _, when = git_text("log", "-1", "--format=%H%x09%cI", "HEAD", "--", cwd=root).partition("\t")
    except GitError:  # no git, no commit: the report just has no "as of" line
        return None
    if len(sha) < 40 or not when:
        return None
    return {"commit": sha, "commit_short": sha[:12], "date": when[:10]}


def git_and_head(root: Path, change_ids: list[str], since: str | None) -> tuple[GitFacts | str, dict[str, str] | None]:
    """`git_side` and `head_commit`, for one forked job."""
    facts = git_side(root, change_ids, since)
    return facts, (head_commit(root) if not isinstance(facts, str) else None)


def _about_change(note: str, ids: set[str]) -> bool:
    """The note starts with `<change id>: `."""
    at = note.find(": ")
    while at != -1:
        if note[:at] in ids:
            return True
        at = note.find(": ", at + 1)
    return False


def collect(
    root: Path,
    change_ids: list[str],
    since: str | None,
    working: Mapping[str, WorkingChange] | None = None,
    git: GitFacts | str | None = None,
) -> dict[str, Any]:
    """The history of `change_ids` (rows in that order, named by id). Never raises: what cannot be computed
    becomes a note. `working` (each change's working-tree side, read where the report read the change) and
    `git` (from `git_side`) are read or asked here when not given."""
    git = git if git is not None else git_side(root, change_ids, since)
    if isinstance(git, str):
        return _empty([git])
    try:
        from openspec_tool.history.git_history import assemble
        from openspec_tool.history.lines import working_change
        from openspec_tool.read.discover import CHANGES
        from openspec_tool.read.tree import DiskTree, join

        tree = DiskTree(root)
        ids = sorted(set(change_ids))
        known = working or {}
        sides = {cid: known[cid] if cid in known else working_change(tree, join(CHANGES, cid)) for cid in ids}
        history = assemble(ids, since, sides, git)
    except Exception as exc:  # history must never take the report down with it
        return _empty([f"history could not be computed: {type(exc).__name__}: {exc}"])
    j = history.to_json()
    order = {cid: n for n, cid in enumerate(change_ids)}
    j["lines"].sort(key=lambda r: (order.get(r["change"], len(order)), r["change"]))
    j["burnups"].sort(key=lambda b: (order.get(b["change"], len(order)), b["change"]))
    burnups = []
    for b in j["burnups"]:
        velocity = b["velocity_per_week"]
        burnups.append(
            {
                "change": b["change"],
                "name": b["change"],
                "points": b["points"],
                "done": b["done"],
                "total": b["total"],
                "velocity_per_week": velocity,
                "velocity_text": "–" if velocity is None else f"{num(velocity)} task{'' if num(velocity) == '1' else 's'}/week",
                "forecast": b["forecast"],
                "method": b["method"],
            }
        )
    tree_notes = [n for n in j["notes"] if any(mark in n for mark in _WORKING_TREE_MARKS)]
    named, kept = set(change_ids), set(tree_notes)
    burnup_notes = [
        n for n in j["notes"] if n not in kept and _about_change(n, named) and any(mark in n for mark in _BURNUP_MARKS)
    ]
    kept.update(burnup_notes)
    notes = [n for n in j["notes"] if n not in kept]
    lines = [_row(r) for r in j["lines"]]
    by_change = {b["change"]: b for b in burnups}
    for row in lines:
        row["burnup"] = by_change.get(row["change"])
    return {
        "available": True,
        "from_git": git.history,
        "since": j["since"],
        "base": j["base"],
        "base_commit": j["base_commit"],
        "base_date": j["base_date"],
        "lines_method": j["lines_method"],
        "lines": lines,
        "total": _row(j["total"]),
        "burnups": burnups,
        "by_change": by_change,
        "any_velocity": any(b["velocity_per_week"] is not None for b in burnups),
        "combined": combined_burnup(j["burnups"]),
        "notes": notes,
        "burnup_notes": burnup_notes,
        "working_tree_notes": tree_notes,
        "as_of": None,
    }


def label(history: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """Rows and burn-ups named as the report names their changes ("Option 2", or the change's title)."""
    for row in [*history["lines"], *history["burnups"]]:
        row["name"] = labels.get(row["change"], row["change"])
    return history
