"""What `openspec decide init` proposes: the options, default criteria, the paths the planning documents define (the
definition most of them agree on), the budget they state — each with where it came from. No I/O: the CLI reads,
`write/decision_init.py` renders and writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openspec_tool.model.decision import OptionDef
from openspec_tool.model.planning import Figure, OptionStatement, PlanningDoc
from openspec_tool.model.tasks import Estimate, priority_value
from openspec_tool.model.workspace import Change, Workspace
from openspec_tool.plan.evaluate import OptionInfo, option_number
from openspec_tool.plan.planning_docs import OptionIndex, agreed, members_text, statements_by_path


@dataclass(frozen=True)
class DraftOption:
    id: str
    name: str  # "Option 2"
    title: str
    change: Change | None
    inline: OptionDef | None = None  # facts written inline (an option a document names without a change folder)
    source: str | None = None  # file:line it came from, for an inline option


@dataclass(frozen=True)
class DraftCriterion:
    id: str
    label: str
    direction: str
    weight: float
    source: str | None = None
    aggregate: str | None = None
    note: str = ""


@dataclass(frozen=True)
class DraftPath:
    id: str
    name: str
    options: tuple[str, ...]
    summary: str
    source: str  # file:line of the definition used
    agreeing: tuple[str, ...]  # other places that say the same
    disagreeing: tuple[str, ...]  # "PHASE_2_PLAN.md:12 says Options 1 + 5"
    name_source: str | None = None
    summary_source: str | None = None


@dataclass(frozen=True)
class Unresolved:
    path: str
    where: str
    why: str


@dataclass(frozen=True)
class Draft:
    id: str
    title: str
    question: str
    options: tuple[DraftOption, ...]
    criteria: tuple[DraftCriterion, ...]
    paths: tuple[DraftPath, ...]
    unresolved: tuple[Unresolved, ...]
    documents: tuple[str, ...]
    budget: Figure | None
    budget_source: str | None
    scored: tuple[str, ...] = field(default=("impact", "risk"))


def decision_id(option_ids: Sequence[str]) -> str:
    """A name from what the options share: `phase2-option1-…`, `phase2-option2-…` → "phase2"; else "decision"."""
    if not option_ids:
        return "decision"
    prefix = option_ids[0]
    for oid in option_ids[1:]:
        while not oid.startswith(prefix):
            prefix = prefix[:-1]
    prefix = re.sub(r"[-_.]?option[-_.]?\d*$", "", prefix, flags=re.IGNORECASE)
    prefix = re.sub(r"[^A-Za-z0-9]+$", "", prefix)
    return prefix if len(prefix) >= 2 else "decision"


def _title(ident: str) -> str:
    """ "phase-2" → "Phase 2", "q3-roadmap" → "Q3 roadmap"."""
    words = re.split(r"[-_.\s]+", ident)
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:] if text else ident


def _criteria(options: Sequence[DraftOption]) -> tuple[DraftCriterion, ...]:
    """Effort, timeline and (when every option states one) priority as facts; impact and risk as scores."""
    changes = [o.change for o in options if o.change is not None]
    prioritised = all(
        priority_value(o.change.priority if o.change else (o.inline.priority if o.inline else None)) is not None for o in options
    )
    out = [
        DraftCriterion("effort", "Effort (hours)", "cost", 0.25, "effort", note="each proposal's **Effort** (hours)"),
        DraftCriterion("timeline", "Timeline (weeks)", "cost", 0.10, "timeline", note="each proposal's **Timeline** (weeks)"),
    ]
    if prioritised and (changes or options):
        out.append(
            DraftCriterion(
                "priority",
                "Priority",
                "benefit",
                0.15,
                "priority",
                note="**Priority**: Critical/P0 4, High/P1 3, Medium/P2 2, Low/P3 1",
            )
        )
    impact = 0.30 if prioritised else 0.40
    risk = 0.20 if prioritised else 0.25
    out.append(
        DraftCriterion(
            "impact", "Impact", "benefit", impact, None, "sum", "a score: 1 (little) … 5 (a lot); a path adds its options' up"
        )
    )
    out.append(
        DraftCriterion(
            "risk", "Risk", "cost", risk, None, "max", "a score: 1 (safe) … 5 (risky); a path is as risky as its riskiest option"
        )
    )
    return tuple(out)


def _inline(statement: OptionStatement, taken: set[str]) -> DraftOption:
    oid = f"option{statement.number}"
    while oid in taken:
        oid += "-inline"
    effort = Estimate(statement.effort.low, statement.effort.high) if statement.effort else None
    timeline = Estimate(statement.timeline.low, statement.timeline.high) if statement.timeline else None
    title = statement.title or f"Option {statement.number}"
    odef = OptionDef(oid, 0, None, statement.number, title, effort, timeline, None, True)
    return DraftOption(oid, f"Option {statement.number}", title, None, odef, statement.where)


def draft(ws: Workspace, option_ids: Sequence[str], docs: Sequence[PlanningDoc], ident: str | None = None) -> Draft:
    """The decision `decide init` writes. `option_ids`: the chosen change ids (in order)."""
    options: list[DraftOption] = []
    for oid in option_ids:
        change = ws.change(oid)
        title = change.title if change is not None else oid
        number = option_number(oid, title)
        options.append(DraftOption(oid, f"Option {number}" if number is not None else title, title, change))
    numbers = {option_number(o.id, o.title) for o in options}
    taken = {o.id for o in options}
    for doc in docs:  # options the documents restate that no chosen change carries: inline, with their figures
        for s in doc.options:
            if s.number not in numbers and (s.effort or s.timeline or s.title):
                extra = _inline(s, taken)
                options.append(extra)
                numbers.add(s.number)
                taken.add(extra.id)
    infos = [
        OptionInfo(o.id, option_number(o.id, o.title, o.inline.number if o.inline else None), o.name, o.title, o.change, o.inline)
        for o in options
    ]
    index = OptionIndex(infos)
    paths: list[DraftPath] = []
    unresolved: list[Unresolved] = []
    for path_id, resolved in statements_by_path(docs, index).items():
        for r in resolved:
            if r.unresolved:
                unresolved.append(Unresolved(path_id, r.statement.defined_at, "; ".join(r.unresolved)))
        chosen = agreed(resolved, None)
        if chosen is None:
            continue
        same = [r for r in resolved if r.members is not None and set(r.members) == set(chosen.members)]
        other = [r for r in resolved if r.members is not None and set(r.members) != set(chosen.members)]
        named = next((r.statement for r in same if r.statement.name), None) or next(
            (r.statement for r in resolved if r.statement.name), None
        )
        # A goal stated under a heading, a bold label or in a table, before the lead-in of an arrow line.
        summed = next((r.statement for r in same if r.statement.summary and r.statement.style != "arrow"), None) or next(
            (r.statement for r in same if r.statement.summary), None
        )
        paths.append(
            DraftPath(
                path_id,
                named.name if named else f"Path {path_id}",
                chosen.members,
                summed.summary if summed else "",
                chosen.where,
                tuple(r.statement.defined_at for r in same if r.statement.defined_at != chosen.where),
                tuple(f"{r.statement.defined_at} says {members_text(r.members or (), index)}" for r in other),
                named.where if named else None,
                summed.where if summed else None,
            )
        )
    budget_doc = next((d for d in docs if d.budget is not None), None)
    ident = ident or decision_id(option_ids)
    return Draft(
        id=ident,
        title=_title(ident),
        question="Which path should we take?" if paths else "Which option should we take?",
        options=tuple(options),
        criteria=_criteria(options),
        paths=tuple(paths),
        unresolved=tuple(unresolved),
        documents=tuple(d.path for d in docs),
        budget=budget_doc.budget if budget_doc else None,
        budget_source=f"{budget_doc.path}:{budget_doc.budget.line}" if budget_doc and budget_doc.budget else None,
    )
