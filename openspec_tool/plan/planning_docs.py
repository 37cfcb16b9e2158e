"""The team's planning documents against a decision's options: which options each path definition names, what its
options add up to, and which definition the documents (and the decision file) agree on.

Numbers name options by their own number ("Option 4" is the option whose id or title says 4, never the fourth in a
list); words ("Docs + Community") are matched against the options' titles and ids, a word naming one option only.
`decide init` writes what this finds; `openspec check` reports where the documents disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openspec_tool.model.decision import DecisionSpec, PathDef
from openspec_tool.model.planning import MemberRef, PathStatement, PlanningDoc
from openspec_tool.model.tasks import Estimate
from openspec_tool.model.workspace import Workspace
from openspec_tool.plan.evaluate import OptionInfo, option_infos, option_number

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"and", "the", "of", "a", "an", "for", "to", "in", "on", "with", "option", "options", "phase"})


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP and not t.isdigit()]


def _stem(token: str) -> str:
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


def _matches(word: str, title_token: str) -> bool:
    w, t = _stem(word), _stem(title_token)
    if len(w) < 3 or len(t) < 3:
        return w == t
    return t.startswith(w) or w.startswith(t)


@dataclass(frozen=True)
class Resolved:
    """A path definition resolved to option ids (None: the document names no options for it, or some do not resolve)."""

    statement: PathStatement
    members: tuple[str, ...] | None
    unresolved: tuple[str, ...]  # what names no option ("Option 9", "Growth": matches none, "Ops": matches two)


class OptionIndex:
    """The decision's options by number and by the words of their titles and ids."""

    def __init__(self, infos: Sequence[OptionInfo]) -> None:
        self.infos = list(infos)
        self.by_number: dict[int, str] = {}
        for info in self.infos:
            if info.number is not None:
                self.by_number.setdefault(info.number, info.id)
        self.words = {info.id: set(_tokens(info.title)) | set(_tokens(info.id)) for info in self.infos}

    @staticmethod
    def of_workspace(ws: Workspace) -> OptionIndex:
        """Without a decision file: the active changes that carry an option number (`phase2-option4-…`)."""
        infos = []
        for change in ws.changes:
            number = option_number(change.id, change.title)
            if number is not None:
                infos.append(OptionInfo(change.id, number, f"Option {number}", change.title, change, None))
        return OptionIndex(infos)

    def word(self, piece: str) -> list[str]:
        """The options every word of `piece` matches (a title or id word it is a prefix of, or that is its prefix)."""
        tokens = _tokens(piece)
        if not tokens:
            return []
        return [oid for oid, words in self.words.items() if all(any(_matches(t, w) for w in words) for t in tokens)]

    def resolve(self, ref: MemberRef) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
        ids: list[str] = []
        unresolved: list[str] = []
        if ref.all_options:
            if ref.all_count is not None and ref.all_count != len(self.infos):
                unresolved.append(f"all {ref.all_count} (there are {len(self.infos)} options)")
            ids = [i.id for i in self.infos]
        for n in ref.numbers:
            if n in self.by_number:
                ids.append(self.by_number[n])
            else:
                unresolved.append(f"Option {n}")
        for piece in ref.words:
            found = self.word(piece)
            if len(found) == 1:
                ids.append(found[0])
            else:
                unresolved.append(f"{piece!r} ({'names no option' if not found else 'could be ' + ' or '.join(found)})")
        if unresolved:
            return None, tuple(unresolved)
        return tuple(dict.fromkeys(ids)), ()

    def resolve_statement(self, s: PathStatement) -> Resolved:
        if s.members is None:
            return Resolved(s, None, ())
        ids, unresolved = self.resolve(s.members)
        return Resolved(s, ids, unresolved)

    def info(self, option_id: str) -> OptionInfo | None:
        return next((i for i in self.infos if i.id == option_id), None)


def index_for(decision: DecisionSpec | None, ws: Workspace) -> OptionIndex:
    return OptionIndex(option_infos(decision, ws)) if decision is not None else OptionIndex.of_workspace(ws)


def option_effort(info: OptionInfo) -> Estimate | None:
    if info.change is not None:
        return info.change.effort
    return info.definition.effort if info.definition else None


def option_weeks(info: OptionInfo) -> Estimate | None:
    if info.change is not None:
        return info.change.timeline_weeks
    return info.definition.timeline if info.definition else None


def path_effort(index: OptionIndex, members: Iterable[str]) -> Estimate | None:
    """The options' summed effort, or None when one of them states none."""
    low = high = 0.0
    for m in members:
        info = index.info(m)
        e = option_effort(info) if info else None
        if e is None:
            return None
        low, high = low + e.low, high + e.high
    return Estimate(low, high)


def path_weeks(index: OptionIndex, members: Sequence[str], schedule: str | None) -> Estimate | None:
    """The duration the options give: their sum (sequential), the longest (parallel) or, when no schedule is stated,
    anything from the longest option's low to the sum of their highs."""
    spans = []
    for m in members:
        info = index.info(m)
        w = option_weeks(info) if info else None
        if w is None:
            return None
        spans.append(w)
    if not spans:
        return None
    if schedule == "sequential":
        return Estimate(sum(s.low for s in spans), sum(s.high for s in spans))
    if schedule == "parallel":
        return Estimate(max(s.low for s in spans), max(s.high for s in spans))
    return Estimate(max(s.low for s in spans), sum(s.high for s in spans))


@dataclass(frozen=True)
class Definition:
    """Where a path's options are stated: a document's line, or the decision file's."""

    members: tuple[str, ...]
    where: str  # file:line


def decision_definitions(decision: DecisionSpec | None) -> dict[str, Definition]:
    if decision is None:
        return {}
    return {p.id.upper(): Definition(p.options, f"{decision.path}:{p.line}") for p in decision.paths}


def agreed(resolved: Sequence[Resolved], decision: Definition | None) -> Definition | None:
    """The definition to hold a path's documents against: the decision file's, else the one most documents state
    (the first of them on a tie)."""
    if decision is not None:
        return decision
    defined = [r for r in resolved if r.members is not None]
    if not defined:
        return None
    counts = Counter(frozenset(r.members or ()) for r in defined)
    best = max(counts.values())
    first = next(r for r in defined if counts[frozenset(r.members or ())] == best)
    assert first.members is not None
    return Definition(first.members, first.statement.defined_at)


def statements_by_path(docs: Sequence[PlanningDoc], index: OptionIndex) -> dict[str, list[Resolved]]:
    """Every path statement of the documents, resolved, grouped by path id (in document order)."""
    out: dict[str, list[Resolved]] = {}
    for doc in docs:
        for s in doc.paths:
            out.setdefault(s.id.upper(), []).append(index.resolve_statement(s))
    return out


def schedule_of(decision: DecisionSpec | None, path_id: str) -> str | None:
    p: PathDef | None = decision.path_by_id(path_id) if decision is not None else None
    return p.schedule if p is not None and p.schedule_stated else None


def members_text(members: Sequence[str], index: OptionIndex) -> str:
    """ "Option 2", "Options 1 + 5": how the documents name them."""
    infos = [index.info(m) for m in members]
    numbers = [i.number for i in infos if i is not None and i.number is not None]
    if len(numbers) == len(members) and numbers:
        return ("Option " if len(numbers) == 1 else "Options ") + " + ".join(str(n) for n in numbers)
    return " + ".join(i.name if i is not None else m for i, m in zip(infos, members))
