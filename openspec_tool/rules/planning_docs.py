"""Planning checks across the team's planning documents (`openspec check`): where they contradict each other, the
decision file, or the options' own figures. Every finding names both places.

- `path-definition-conflict`: a path's options differ between two documents, or between a document and the decision
  file (the decision file is the reference when it defines the path, else what most documents say);
- `path-figure-mismatch`: a stated effort or duration of a path that its options' computed range contradicts (a
  stated figure must lie within it; "~15 h" is read as ±10%), or — when that cannot be computed or both lie within
  it — that another document states differently;
- `option-figure-mismatch`: a document restating an option's effort or timeline differently from its proposal (or its
  inline entry);
- `path-definition-unresolved` (info): a definition whose words or numbers name no option, or several.
"""

from __future__ import annotations

from collections.abc import Sequence

from openspec_tool.model.decision import DecisionSpec
from openspec_tool.model.findings import UNREADABLE, Finding, Item
from openspec_tool.model.planning import Figure, OptionStatement, PlanningDoc
from openspec_tool.model.tasks import Estimate
from openspec_tool.model.units import range_text
from openspec_tool.model.workspace import Workspace
from openspec_tool.plan.planning_docs import (
    Definition,
    OptionIndex,
    Resolved,
    agreed,
    decision_definitions,
    index_for,
    members_text,
    option_effort,
    option_weeks,
    path_effort,
    path_weeks,
    schedule_of,
    statements_by_path,
)
from openspec_tool.read.planning_files import config_documents, expand, load_documents
from openspec_tool.read.tree import Tree


def _range(e: Estimate, unit: str) -> str:
    return range_text(e.low, e.high, unit)


def _others(items: Sequence[str]) -> str:
    return "" if not items else f" (and {', '.join(items)})"


def definition_conflicts(
    path_id: str, resolved: Sequence[Resolved], decision: Definition | None, index: OptionIndex
) -> list[Finding]:
    out: list[Finding] = []
    reference = agreed(resolved, decision)
    for r in resolved:
        s = r.statement
        if r.unresolved:
            out.append(
                Finding(
                    "INFO",
                    s.doc,
                    f"Path {path_id} is {s.members.text if s.members else ''!r} here, but {', '.join(r.unresolved)}; "
                    "name the options by number (Option 1 + Option 5)",
                    s.members.line if s.members else s.line,
                    code="path-definition-unresolved",
                )
            )
            continue
        if reference is None or r.members is None or set(r.members) == set(reference.members):
            continue
        same = [
            o.statement.defined_at
            for o in resolved
            if o is not r and o.members is not None and set(o.members) == set(reference.members)
        ]
        same = [w for w in same if w != reference.where]
        out.append(
            Finding(
                "WARNING",
                s.doc,
                f"Path {path_id} is {members_text(r.members, index)} here, but {members_text(reference.members, index)} "
                f"at {reference.where}{_others(same)}; make them agree",
                s.members.line if s.members else s.line,
                code="path-definition-conflict",
            )
        )
    return out


def _computed(
    r: Resolved, reference: Definition | None, index: OptionIndex, decision: DecisionSpec | None, path_id: str
) -> tuple[Estimate | None, Estimate | None, str | None, tuple[str, ...] | None]:
    """(effort, weeks, where the options are defined, the options) a statement's figures are held against."""
    members, where = (
        (r.members, r.statement.defined_at)
        if r.members is not None
        else ((reference.members, reference.where) if reference is not None else (None, None))
    )
    if members is None or r.unresolved:
        return None, None, None, None
    schedule = schedule_of(decision, path_id)
    return path_effort(index, members), path_weeks(index, members, schedule), where, members


def _figure_finding(path_id: str, fig: Figure, what: str, computed: Estimate, where: str, doc: str, names: str) -> Finding:
    unit = "h" if fig.unit == "h" else "weeks"
    return Finding(
        "WARNING",
        doc,
        f"Path {path_id} is stated as {fig.text} of {what} here, but its options ({names}, at {where}) add up to "
        f"{_range(computed, unit)}; state {_range(computed, unit)} or drop the figure",
        fig.line,
        code="path-figure-mismatch",
    )


def figure_mismatches(
    path_id: str, resolved: Sequence[Resolved], reference: Definition | None, index: OptionIndex, decision: DecisionSpec | None
) -> list[Finding]:
    out: list[Finding] = []
    reported: set[tuple[str, int, str]] = set()
    for r in resolved:
        effort, duration, where, members = _computed(r, reference, index, decision, path_id)
        if where is None or members is None:
            continue
        names = members_text(members, index)
        s = r.statement
        if s.effort is not None and effort is not None and not s.effort.within(effort.low, effort.high):
            out.append(_figure_finding(path_id, s.effort, "effort", effort, where, s.doc, names))
            reported.add((s.doc, s.effort.line, "effort"))
        if s.duration is not None and duration is not None and not s.duration.within(duration.low, duration.high):
            what = "duration" + ("" if schedule_of(decision, path_id) else " (done one after another or side by side)")
            out.append(_figure_finding(path_id, s.duration, what, duration, where, s.doc, names))
            reported.add((s.doc, s.duration.line, "duration"))
    for kind in ("effort", "duration"):
        stated = [(r, f) for r in resolved if (f := getattr(r.statement, kind)) is not None]
        for k, (r, fig) in enumerate(stated):
            if (r.statement.doc, fig.line, kind) in reported:
                continue
            for earlier, other in stated[:k]:
                if (earlier.statement.doc, other.line, kind) in reported:
                    continue
                if r.members is not None and earlier.members is not None and set(r.members) != set(earlier.members):
                    continue  # two definitions: each figure is its own path's (the conflict is reported)
                if not fig.agrees(other):
                    out.append(
                        Finding(
                            "WARNING",
                            r.statement.doc,
                            f"Path {path_id} is stated as {fig.text} of {kind} here, but {other.text} at "
                            f"{earlier.statement.doc}:{other.line}; make them agree",
                            fig.line,
                            code="path-figure-mismatch",
                        )
                    )
                    break
    return out


def option_mismatches(statements: Sequence[OptionStatement], index: OptionIndex) -> list[Finding]:
    out: list[Finding] = []
    for s in statements:
        oid = index.by_number.get(s.number)
        info = index.info(oid) if oid else None
        if info is None:
            continue
        where = info.change.proposal.path if info.change is not None and info.change.proposal else None
        for fig, own, what, unit, meta in (
            (s.effort, option_effort(info), "effort", "h", "effort"),
            (s.timeline, option_weeks(info), "timeline", "weeks", "timeline"),
        ):
            if fig is None or own is None or fig.same_as(own.low, own.high):
                continue
            line = info.change.proposal.meta(meta) if info.change is not None and info.change.proposal else None
            source = f"{where}:{line.line}" if where and line else where or "the decision file's inline entry"
            out.append(
                Finding(
                    "WARNING",
                    s.doc,
                    f"Option {s.number} ({info.title}) is restated with {fig.text} of {what} here, but states "
                    f"{_range(own, unit)} at {source}; restate {_range(own, unit)} or drop the figure",
                    fig.line,
                    code="option-figure-mismatch",
                    item=Item("change", info.id),
                )
            )
    return out


def document_findings(docs: Sequence[PlanningDoc], decision: DecisionSpec | None, ws: Workspace) -> list[Finding]:
    """Every finding of `docs`, held against `decision` (or, without one, the changes that carry option numbers)."""
    index = index_for(decision, ws)
    out: list[Finding] = []
    for doc in docs:
        if doc.problem:
            out.append(
                Finding(
                    "WARNING",
                    doc.path,
                    doc.problem,
                    None,
                    code=UNREADABLE,
                )
            )
    defined = decision_definitions(decision)
    for path_id, resolved in statements_by_path(docs, index).items():
        reference = agreed(resolved, defined.get(path_id))
        out.extend(definition_conflicts(path_id, resolved, defined.get(path_id), index))
        out.extend(figure_mismatches(path_id, resolved, reference, index, decision))
    out.extend(option_mismatches([o for d in docs for o in d.options], index))
    return out


def check_documents(tree: Tree, ws: Workspace, decisions: Sequence[DecisionSpec]) -> list[Finding]:
    """The findings of the workspace's planning documents: a decision file's `documents:` against that decision;
    those `openspec/config.yaml` lists against the decision when there is one, else against the changes that carry
    option numbers. Each finding once."""
    jobs: list[tuple[list[str], DecisionSpec | None]] = [(expand(tree, d.documents), d) for d in decisions if d.documents]
    configured = expand(tree, config_documents(tree))
    if configured:
        jobs.append((configured, decisions[0] if len(decisions) == 1 else None))
    out: list[Finding] = []
    seen: set[tuple[str, str, int | None, str]] = set()
    cache = {}
    for paths, decision in jobs:
        docs = []
        for path in paths:
            if path not in cache:
                cache[path] = load_documents(tree, [path])[0]
            docs.append(cache[path])
        for f in document_findings(docs, decision, ws):
            key = (f.code, f.path, f.line, f.message)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out
