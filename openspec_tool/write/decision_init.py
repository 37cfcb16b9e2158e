"""Writing a new decision file (`openspec decide init`): rendered from a `Draft`, every line that came from a planning
document commented with its `file:line`, and created — never overwritten.

The file appears whole or not at all: a temporary file beside it is written and fsynced, then hard-linked to the
name (which fails if anything is there, even a file created a moment ago by someone else) and removed; under the lock
`decide choose` takes for the same file. The text is read back with the decision reader before anything is written.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openspec_tool.model.units import estimate_syntax, num
from openspec_tool.plan.decision_draft import Draft, DraftCriterion
from openspec_tool.read.decision_file import DECISIONS_DIR
from openspec_tool.read.tree import Tree
from openspec_tool.write.atomic import Target, discard, prepare, sync_folder
from openspec_tool.write.commit import FileLock
from openspec_tool.write.decision_record import lock_path
from openspec_tool.write.yaml_edit import yaml_scalar

COMMENT_AT = 60  # comments start at this column where the line is shorter


class InitError(ValueError):
    """The decision file cannot be written; `str()` is one line. Nothing was written."""


@dataclass(frozen=True)
class InitPlan:
    """What `decide init` would write: the file (`rel`, `text`) and what it holds. Nothing is written yet."""

    rel: str
    text: str
    draft: Draft
    known: frozenset[str]  # the active changes (the file is read back against them)
    documents: int  # planning documents read

    @property
    def scored(self) -> list[str]:
        """The criteria whose values are scores to fill in (the others are facts of the changes)."""
        return [c.id for c in self.draft.criteria if c.source is None]

    def summary(self) -> str:
        """`6 options, 5 criteria, 5 paths from 4 document(s)`."""
        d = self.draft
        inline = sum(1 for o in d.options if o.inline is not None)
        return (
            f"{len(d.options)} options{f' ({inline} inline)' if inline else ''}, {len(d.criteria)} criteria, "
            f"{len(d.paths)} paths from {self.documents} document(s)"
        )

    @property
    def score_count(self) -> int:
        """How many scores the file leaves to fill in (one per option and scored criterion)."""
        return len(self.draft.options) * len(self.scored)

    def next_step(self) -> str:
        return (
            f"fill in the {self.score_count} scores ({', '.join(self.scored)}) under scores:, "
            f"then `openspec decide {self.draft.id}`"
        )

    def unstated(self) -> str | None:
        """The facts the criteria need that options do not state (the decision is not ranked until they do), or None."""
        from openspec_tool.plan.evaluate import fact, inline_fact

        said = []
        options = self.draft.options
        for c in self.draft.criteria:
            if c.source is None:
                continue
            lacking = sum(
                1
                for o in options
                if (fact(o.change, c.source) if o.change is not None else inline_fact(o.inline, c.source) if o.inline else None)
                is None
            )
            if lacking:
                said.append(f"{lacking} of {len(options)} options state no {c.source}")
        if not said:
            return None
        return (
            f"{', '.join(said)}: `openspec decide` names each until its proposal.md states it "
            "(**Effort**: 10-20 hours, **Timeline**: 1-2 weeks), or drop that criterion from the file."
        )

    def problems(self) -> str | None:
        """What the documents disagree on or name unclearly, or None."""
        said = []
        if disagree := sum(1 for p in self.draft.paths if p.disagreeing):
            said.append(f"disagree on {disagree} path(s)")
        if self.draft.unresolved:
            said.append(f"name {len(self.draft.unresolved)} path(s) by words no option matches")
        return f"The documents {' and '.join(said)}: `openspec check` lists each place." if said else None


def plan_init(
    tree: Tree,
    root: str,
    ident: str | None = None,
    options: Sequence[str] = (),
    match: str | None = None,
    sources: Sequence[str] = (),
) -> InitPlan:
    """The decision file `openspec decide init [ID] [--options …] [--match GLOB] [--from DOC…]` writes: the changes named
    (or matched; by default every active change), the planning documents named (by default those openspec/config.yaml
    lists). Raises InitError for a change or document that is not there, or when there is no option at all."""
    from openspec_tool.plan.decision_draft import draft
    from openspec_tool.read.discover import change_ids
    from openspec_tool.read.planning_files import config_documents, expand, load_documents
    from openspec_tool.read.workspace import load_workspace

    known = sorted(change_ids(tree))
    chosen = list(options)
    unknown = [o for o in chosen if o not in known]
    if unknown:
        verb = "is" if len(unknown) == 1 else "are"
        raise InitError(f"--options: {', '.join(unknown)} {verb} not an active change (known: {', '.join(known[:8]) or 'none'})")
    if match:
        matched = [c for c in known if fnmatch.fnmatchcase(c, match)]
        if not matched:
            raise InitError(f"--match {match!r} matches no active change (known: {', '.join(known[:8]) or 'none'})")
        chosen += [c for c in matched if c not in chosen]
    paths = expand(tree, list(sources) or list(config_documents(tree)))
    missing = [p for p in sources if not expand(tree, [p])]
    if missing:
        raise InitError(f"--from: {', '.join(missing)} names no file in the workspace")
    docs = load_documents(tree, paths)
    for d in docs:
        if d.problem:
            raise InitError(d.problem)
    if not chosen:
        chosen = known
    if not chosen and not any(d.options for d in docs):
        raise InitError(
            "no options: there is no active change; name them with --options or --match, or list options in a --from document"
        )
    plan = draft(load_workspace(tree, root), chosen, docs, ident)
    return InitPlan(f"{DECISIONS_DIR}/{plan.id}.yaml", render(plan), plan, frozenset(known), len(docs))


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.,&()'/+?-]*[A-Za-z0-9.)?]|[A-Za-z0-9]")


def _scalar(value: str) -> str:
    """A value as readable YAML: plain when it reads back as itself ("Phase 2", "Quick Win"), else quoted."""
    if _PLAIN.fullmatch(value) and ": " not in value and " #" not in value:
        from openspec_tool.read.yaml12 import YamlError, load

        try:
            if load(f"k: {value}\n") == {"k": value} and load(f"k: [{value}]\n") == {"k": [value]}:
                return value
        except YamlError:
            pass
    return yaml_scalar(value)


def _line(text: str, comment: str = "") -> str:
    if not comment:
        return text
    return f"{text.ljust(COMMENT_AT - 1)} # {comment}" if len(text) < COMMENT_AT - 1 else f"{text}  # {comment}"


def _flow(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def _criterion(c: DraftCriterion) -> str:
    pairs = [("id", c.id), ("label", _scalar(c.label)), ("direction", c.direction), ("weight", num(c.weight))]
    if c.source:
        pairs.append(("source", c.source))
    if c.aggregate:
        pairs.append(("aggregate", c.aggregate))
    return _line(f"  - {_flow(pairs)}", c.note)


def render(d: Draft) -> str:
    """The decision file's text (see the README's `decide init`)."""
    out = [
        f"# Decision file written by `openspec decide init`{' from ' + ', '.join(d.documents) if d.documents else ''}.",
        "# Fill in the scores (null: not scored yet; `openspec decide --partial` ranks on the facts meanwhile).",
        "# Efforts, timelines and priorities are read from each change's proposal.md: they are not restated here.",
        f"id: {_scalar(d.id)}",
        f"title: {_scalar(d.title)}",
        f"question: {_scalar(d.question)}",
        "options:",
    ]
    for o in d.options:
        if o.inline is None:
            out.append(_line(f"  - {_scalar(o.id)}", f"{o.name}: {o.title}" if o.name != o.title else o.title))
            continue
        i = o.inline
        pairs = [("id", _scalar(o.id)), ("number", str(i.number)), ("title", _scalar(o.title))]
        if i.effort:
            pairs.append(("effort", estimate_syntax(i.effort.low, i.effort.high)))
        if i.timeline:
            low, high = i.timeline.low, i.timeline.high
            pairs.append(("timeline", _scalar(f"{num(low)}-{num(high)} weeks" if low != high else f"{num(low)} weeks")))
        out.append(_line(f"  - {_flow(pairs)}", f"{o.source}: no change folder, facts as the document states them"))
    out.append("criteria:  # weights need not sum to 1; facts come from the changes, scores from `scores:` below")
    out += [_criterion(c) for c in d.criteria]
    scored = [c for c in d.criteria if c.source is None]
    out.append(_line("scores:", "; ".join(f"{c.id}: {c.note.split(';')[0].removeprefix('a score: ')}" for c in scored)))
    for o in d.options:
        out.append(_line(f"  {_scalar(o.id)}: {_flow([(c.id, 'null') for c in scored])}", o.name))
    if d.paths or d.unresolved:
        out.append("paths:")
    for p in d.paths:
        out.append(_line(f"  - id: {_scalar(p.id)}", ", ".join([p.source, *p.agreeing])))
        out.append(_line(f"    name: {_scalar(p.name)}", p.name_source or ""))
        members = ", ".join(_scalar(m) for m in p.options)
        note = "; ".join(p.disagreeing)
        out.append(_line(f"    options: [{members}]", f"{note}: see `openspec check`" if note else p.source))
        if p.summary:
            out.append(_line(f"    summary: {_scalar(p.summary)}", p.summary_source or ""))
    for u in d.unresolved:
        out.append(f"  # Path {u.path} at {u.where}: {u.why}; name its options by number to include it")
    if d.documents:
        out.append(_line(f"documents: [{', '.join(_scalar(x) for x in d.documents)}]", "read by `openspec check`"))
    out.append("constraints:")
    if d.budget is not None:
        out.append(_line(f"  budget_hours: {num(d.budget.high)}", f"{d.budget_source}: {d.budget.text}"))
    else:
        out.append("  budget_hours: null   # hours, e.g. 60: what is over it is not recommended")
    out.append("  budget_at: high      # or p80: judge the budget at the simulated P80 instead of the high estimate")
    out.append("chosen: null  # set by `openspec decide choose ID --reason TEXT`")
    return "\n".join(out) + "\n"


def _inside(path: Path, root: Path) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def create(root: Path, rel: str, text: str, known_options: set[str]) -> Path:
    """Create `rel` (under `root`) with `text`; raises InitError (it exists, leads outside, or would not read back)."""
    from openspec_tool.read.decision_file import DecisionFileError, parse_decision

    try:
        parse_decision(text, rel, known_options)
    except DecisionFileError as exc:  # a bug of ours, never a half-usable file
        raise InitError(f"the decision file would not read back ({exc}); nothing written") from None
    path = root / rel
    if os.path.lexists(path):
        raise InitError(f"{rel} exists: decide init never overwrites (edit it, or name another decision)")
    if not _inside(path.parent, root) and path.parent.exists():
        raise InitError(f"{rel} leads outside the workspace: nothing written")
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(lock_path(path)):
        tmp = prepare(Target(path, "missing"), text.encode("utf-8"))
        try:
            try:
                os.link(tmp, path)
            except OSError as exc:
                if exc.errno == errno.EEXIST:
                    raise InitError(f"{rel} exists: decide init never overwrites (edit it, or name another decision)") from None
                if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                    raise
                # A file system without hard links: under the lock, check once more and rename.
                if os.path.lexists(path):
                    raise InitError(f"{rel} exists: decide init never overwrites (edit it, or name another decision)") from None
                os.replace(tmp, path)
        finally:
            discard(tmp)
        sync_folder(path.parent)
    return path
