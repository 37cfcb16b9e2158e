"""History of a workspace's changes from git: lines of content since a base, and task burn-ups.

- Lines of content of a change: the lines of proposal.md, tasks.md, design.md and every `*.md` under
  specs/ (regular files; dot entries and symlinks skipped). "current" is the working tree, so
  uncommitted edits count; "initial" is the base revision's tree. The base is `since` (a rev, or an ISO
  date: the last commit on HEAD's first-parent line dated on or before it, in the committer's own time
  zone), or by default each change's first commit (the oldest commit adding files to its folder).
- Burn-up: (total, done) of tasks.md, counted as `openspec list` counts, at every non-merge commit
  that touched it (oldest first, `git log --date-order` over HEAD), then the working tree's when its
  counts differ, dated by tasks.md's modification time (UTC date), never before the last commit's date.
  A change folder is followed under its current name only: commits made under an older
  name (a renamed folder) are not part of its history.
- Never raises for want of history: not a repository, no commits, a shallow clone, a change never
  committed or a failing git command each leave what can be computed and add a note.
- Deterministic: no "now"; the forecast counts from the last point's date.

Cost: five git processes for the whole workspace (rev-parse ×2, status, log, cat-file --batch), plus
two or three with `since` (rev-parse, a first-parent log for a date, ls-tree), whatever the number of commits.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from openspec_tool.history.burnup import burnup
from openspec_tool.history.gitio import Git, GitFailed, LogCommit, NoRepo, RawEntry, is_date, open_repo
from openspec_tool.history.lines import WorkingChange, counts_as_content, line_count, working_change
from openspec_tool.model.history import BurnPoint, BurnUp, ContentLines, History, growth_pct
from openspec_tool.read.discover import CHANGES
from openspec_tool.read.jstext import decode
from openspec_tool.read.task_lines import count_tasks
from openspec_tool.read.tree import DiskTree, Tree, join

_FILES = "lines of proposal.md, tasks.md, design.md and specs/**/*.md"
_REGULAR = ("100644", "100755")
_SHOW_DIRTY = 5


@dataclass
class GitFacts:
    """What git told: filled as far as it could go."""

    base: tuple[str, str] | None = None  # (sha, ISO date) of a `since` base
    base_label: str | None = None
    history: bool = False  # the log of the changes was read
    initial: dict[str, int | None] = field(default_factory=dict)
    initial_at: dict[str, tuple[str, str]] = field(default_factory=dict)
    points: dict[str, list[BurnPoint]] = field(default_factory=dict)
    committed: set[str] = field(default_factory=set)  # changes with at least one commit
    notes: list[str] = field(default_factory=list)
    change_notes: dict[str, list[str]] = field(default_factory=dict)


def collect_history(
    repo_root: Path, workspace_root: Path, change_ids: list[str], since: str | None, *, tree: Tree | None = None
) -> History:
    """Lines of content and burn-ups of `change_ids` (active changes under `workspace_root`/openspec/changes)."""
    ids = sorted(set(change_ids))
    tree = tree if tree is not None else DiskTree(workspace_root)
    working = {cid: working_change(tree, join(CHANGES, cid)) for cid in ids}
    return assemble(ids, since, working, git_facts(repo_root, workspace_root, ids, since))


def git_facts(repo_root: Path, workspace_root: Path, change_ids: list[str], since: str | None) -> GitFacts:
    """The committed side of the history of `change_ids`; never raises for want of git (a note says what is missing).

    The working tree's side (`working_change`) is independent of it: a caller may read it elsewhere meanwhile."""
    ids = sorted(set(change_ids))
    facts = GitFacts()
    try:
        git = open_repo(repo_root)
        prefix = _prefix(git, workspace_root)
        _from_git(git, prefix, ids, since, facts)
    except NoRepo as exc:
        facts.notes.append(f"{exc}: no history (initial lines and burn-ups need git); current lines read the working tree")
    except GitFailed as exc:
        facts.notes.append(f"{exc}; history is incomplete")
    return facts


def _prefix(git: Git, workspace_root: Path) -> str:
    rel = os.path.relpath(os.path.realpath(workspace_root), git.top).replace(os.sep, "/")
    if rel == ".." or rel.startswith("../"):
        raise NoRepo(f"the workspace {workspace_root} is outside the git repository at {git.top}")
    return "" if rel == "." else rel + "/"


def _from_git(git: Git, prefix: str, ids: list[str], since: str | None, facts: GitFacts) -> None:
    if git.head() is None:
        facts.notes.append("the git repository has no commits yet: no history; current lines read the working tree")
        return
    if git.is_shallow():
        roots = git.roots()
        where = ", ".join(f"{sha[:12]} ({when[:10]})" for sha, when in roots) or "an unknown commit"
        facts.notes.append(
            f"shallow clone: history starts at {where}; changes older than that have their initial lines read there "
            "(added lines may be too low) and their burn-ups start there"
        )
    dirty_later = git.dirty(f"{prefix}openspec")  # runs beside the log
    changes = f"{prefix}{CHANGES}/"
    try:
        log = git.log([f"{changes}{cid}" for cid in ids]) if ids else []
    finally:  # wait for `git status` whatever happens to the log, and keep its note
        _note_dirty(dirty_later, prefix, facts)

    first: dict[str, LogCommit] = {}
    first_entries: dict[str, list[tuple[str, RawEntry]]] = {}  # (rel path, entry) of each change's first commit
    tasks: dict[str, list[tuple[LogCommit, str, str]]] = {cid: [] for cid in ids}  # (commit, status, blob)
    wanted = set(ids)
    for commit in log:
        for entry in commit.entries:
            cid, _, rel = entry.path[len(changes) :].partition("/")
            if cid not in wanted:
                continue
            if first.setdefault(cid, commit) is commit:
                first_entries.setdefault(cid, []).append((rel, entry))
            if rel == "tasks.md":
                tasks[cid].append((commit, entry.status, entry.blob))
    facts.committed = set(first)
    facts.history = True

    # Initial files per change: (rel path, blob sha).
    initial_files: dict[str, list[tuple[str, str]]] = {}
    if since is not None:
        resolved = git.resolve(since)
        if resolved is None:
            if is_date(since):
                problem = f"no commit on HEAD's first-parent line is dated on or before {since}"
            else:
                problem = f"--since {since!r} is neither a revision nor an ISO date (YYYY-MM-DD)"
            facts.notes.append(f"{problem}: no initial lines")
        else:
            sha, when = resolved
            facts.base = resolved
            facts.base_label = f"{since} = {sha[:12]} ({when[:10]})"
            for f in git.ls_tree(sha, [f"{changes}{cid}" for cid in ids]) if ids else []:
                cid, _, rel = f.path[len(changes) :].partition("/")
                if cid in wanted and f.mode in _REGULAR and counts_as_content(rel):
                    initial_files.setdefault(cid, []).append((rel, f.blob))
                elif cid in wanted:
                    initial_files.setdefault(cid, [])
    else:
        for cid in first:
            initial_files[cid] = [
                (rel, e.blob)
                for rel, e in first_entries[cid]
                if e.status != "D" and e.mode in _REGULAR and counts_as_content(rel)
            ]

    blobs = git.blobs(
        [blob for files in initial_files.values() for _, blob in files] + [b for ts in tasks.values() for _, _, b in ts]
    )
    for cid, files in initial_files.items():
        facts.initial[cid] = sum(line_count(blobs.get(blob, b"")) for _, blob in files)
        if since is None:
            facts.initial_at[cid] = (first[cid].sha, first[cid].day)
        elif facts.base is not None:
            facts.initial_at[cid] = (facts.base[0], facts.base[1][:10])

    counted: dict[str, tuple[int, int]] = {}
    for cid, touches in tasks.items():
        points: list[BurnPoint] = []
        for commit, status, blob in touches:
            if status == "D":
                points.append(BurnPoint(commit.sha, commit.day, 0, 0))
                continue
            content = blobs.get(blob)
            if content is None:
                facts.change_notes.setdefault(cid, []).append(f"{cid}: tasks.md at {commit.sha[:12]} could not be read")
                continue
            if blob not in counted:  # a reverted or re-applied edit brings back a blob already counted
                counted[blob] = count_tasks(decode(content))
            total, done = counted[blob]
            points.append(BurnPoint(commit.sha, commit.day, done, total))
        facts.points[cid] = points


def _note_dirty(dirty_later: Callable[[], list[str]], prefix: str, facts: GitFacts) -> None:
    try:
        dirty = dirty_later()
    except GitFailed as exc:
        facts.notes.append(f"{exc}; uncommitted edits under openspec/ are not reported")
        return
    if dirty:
        shown = ", ".join(p[len(prefix) :] for p in dirty[:_SHOW_DIRTY]) + (", …" if len(dirty) > _SHOW_DIRTY else "")
        facts.notes.append(
            f"uncommitted changes under openspec/ ({len(dirty)} path{'s' if len(dirty) != 1 else ''}: {shown}): "
            "current lines and the last burn-up points read the working tree"
        )


def _now_point(now: WorkingChange, points: list[BurnPoint]) -> BurnPoint | None:
    if now.tasks is None:
        return None
    total, done = now.tasks
    if points and (points[-1].total, points[-1].done) == (total, done):
        return None
    day = datetime.fromtimestamp(now.tasks_mtime, UTC).date().isoformat() if now.tasks_mtime else None
    if points:
        day = max(points[-1].date, day or "")
    return BurnPoint(None, day or "1970-01-01", done, total)


def assemble(ids: list[str], since: str | None, working: Mapping[str, WorkingChange], facts: GitFacts) -> History:
    """The history of `ids` (sorted, no repeats) from both sides: the working tree's and git's."""
    current = {cid: working[cid].lines for cid in ids}
    lines: list[ContentLines] = []
    burnups: list[BurnUp] = []
    for cid in ids:
        notes = facts.change_notes.setdefault(cid, [])
        initial = facts.initial.get(cid)
        at = facts.initial_at.get(cid)
        added: int | None = None
        if facts.history and cid not in facts.committed:
            notes.append(f"change {cid} has no commits yet: no {'initial lines or ' if since is None else ''}burn-up history")
        if facts.base is not None and initial is None:
            notes.append(f"change {cid} did not exist at {facts.base_label}: all its {current[cid]} lines are added")
            added = current[cid]
            at = (facts.base[0], facts.base[1][:10])
        elif initial is not None:
            added = current[cid] - initial
        lines.append(ContentLines(cid, initial, current[cid], added, growth_pct(initial, added), *(at or (None, None))))

        points = list(facts.points.get(cid, []))
        committed_points = bool(points)
        now = _now_point(working[cid], points)
        if now is not None:
            points.append(now)
            if committed_points:
                notes.append(
                    f"{cid}: the last burn-up point ({now.date}) is the working tree's tasks.md: includes uncommitted edits"
                )
            elif cid in facts.committed:
                notes.append(f"{cid}: tasks.md has no commits yet: its burn-up is the working tree's only")
        bu, note = burnup(cid, points)
        if note:
            notes.append(note)
        burnups.append(bu)

    known = [row for row in lines if row.added is not None]
    if known:
        t_initial = sum(row.initial or 0 for row in known)
        t_added = sum(row.added or 0 for row in known)
        total = ContentLines("TOTAL", t_initial, sum(row.current for row in known), t_added, growth_pct(t_initial, t_added))
        left_out = [row.change for row in lines if row.added is None]
        if left_out:
            facts.notes.append(f"the TOTAL row leaves out changes whose initial lines are unknown: {', '.join(left_out)}")
    else:
        total = ContentLines("TOTAL", None, sum(row.current for row in lines), None, None)

    if facts.base is not None:
        lines_method = f"initial = {_FILES} at {facts.base_label}; current = the same in the working tree"
    else:
        lines_method = (
            f"initial = {_FILES} at each change's first commit (the oldest commit adding files to its folder); "
            "current = the same in the working tree"
        )
    notes = facts.notes + [n for cid in ids for n in facts.change_notes.get(cid, [])]
    return History(
        since=since,
        base=facts.base_label,
        base_commit=facts.base[0] if facts.base else None,
        base_date=facts.base[1][:10] if facts.base else None,
        lines_method=lines_method,
        lines=lines,
        total=total,
        burnups=burnups,
        notes=notes,
    )
