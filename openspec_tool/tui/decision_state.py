"""The decision as the TUI holds it: the file, the options' facts, the weights and scores being tried (no Textual here).

Scores come from the same functions as `openspec decide`: `build_input` + the engine's `decide` while
weights and scores move (with fewer sensitivity samples, so a new ranking shows at once), then the full run, which
is `evaluate` exactly as the CLI calls it. Choosing writes what `openspec decide choose` writes; saving writes the
changed weights and scores into the decision file (`write.decision_values`), each where it is.

A decision whose only missing values are scores of the file (a file `decide init` just wrote) is ranked on the rest,
as `openspec decide --partial` ranks it, and `left_out` names the criteria waiting for scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openspec_tool.decide.engine import DecisionResult, decide
from openspec_tool.decide.model import DecisionInput
from openspec_tool.model.decision import CriterionSpec, DecisionSpec
from openspec_tool.model.workspace import Workspace
from openspec_tool.plan.evaluate import MissingValues, build_input, evaluate, find_decision
from openspec_tool.read.decision_file import MAX_NUMBER
from openspec_tool.read.decisions import decision_paths, load_decision
from openspec_tool.read.discover import CHANGES
from openspec_tool.read.tree import Tree, join
from openspec_tool.read.workspace import load_change
from openspec_tool.write.decision_values import ValueEdit

# While weights move: enough samples for a stable verdict, few enough for a new ranking within 50 ms on
# 50 options. The full run (the CLI's 2,000 samples and 10,000 draws) follows and replaces it.
QUICK_SAMPLES = 100
QUICK_DRAWS = 500
STEP = 0.05
SCORE_STEP = 1.0
METHOD_CYCLE = ("weighted-sum", "topsis")


def option_workspace(tree: Tree, spec: DecisionSpec) -> Workspace:
    """Only the changes the decision names: all `build_input` reads (a big workspace is not loaded whole)."""
    changes = tuple(load_change(tree, join(CHANGES, oid), oid) for oid in spec.options if tree.kind(join(CHANGES, oid)) == "dir")
    return Workspace(root=".", changes=changes, problems=tuple(p for c in changes for p in c.problems))


@dataclass
class Choice:
    kind: str  # "path" or "option"
    id: str
    label: str
    record: Path
    decision_file: Path
    branch: str | None = None  # what happened to the git branch, one line


@dataclass
class DecisionSession:
    """A loaded decision and the weights and scores being tried. `load` raises DecisionFileError / FactMissing /
    MissingValues / ValueError."""

    tree: Tree
    root: Path
    name: str | None = None
    method: str = "weighted-sum"
    spec: DecisionSpec = field(init=False)
    workspace: Workspace = field(init=False)
    facts: DecisionInput = field(init=False)
    weights: dict[str, float] = field(init=False)
    scores: dict[tuple[str, str], float] = field(init=False, default_factory=dict)  # (option, criterion) typed in
    left_out: tuple[str, ...] = field(init=False, default=())  # criteria ranked without: scores missing
    result: DecisionResult = field(init=False)
    full: bool = field(init=False, default=False)  # is `result` the full (CLI) run for the current weights?

    def load(self, previous: DecisionSession | None = None) -> None:
        """Read the file. Reading the same file again (a reload), the weights and scores `previous` was trying are kept
        where the file still has them and says otherwise; another decision file starts from its own."""
        self.spec = load_decision(self.tree, find_decision(self.tree, self.name))
        self.workspace = option_workspace(self.tree, self.spec)
        self.weights = self.file_weights
        same = previous is not None and previous.spec.path == self.spec.path
        if previous is not None and same and set(previous.weights) == set(self.weights):
            self.weights = dict(previous.weights)
        scored = {c.id for c in self.scored_criteria}
        kept = previous.scores if previous is not None and same else {}
        self.scores = {
            (o, c): v for (o, c), v in kept.items() if o in self.spec.options and c in scored and self.file_score(o, c) != v
        }
        self._build()
        self.quick()

    def _build(self) -> None:
        """The engine's input for the scores being tried; ranked without the criteria whose scores are missing."""
        spec = self.spec.with_scores(self.scores)
        try:
            self.facts, self.left_out = build_input(spec, self.workspace), ()
        except MissingValues as exc:
            if not exc.only_scores:
                raise
            self.facts = build_input(spec, self.workspace, partial=True)
            ranked = {c.id for c in self.facts.criteria}
            self.left_out = tuple(c.id for c in spec.criteria if c.id not in ranked)

    @property
    def file_weights(self) -> dict[str, float]:
        return {c.id: c.weight for c in self.spec.criteria}

    @property
    def scored_criteria(self) -> list[CriterionSpec]:
        """The criteria whose values are scores written in the file (the others are facts of the changes)."""
        return [c for c in self.spec.criteria if c.source is None]

    def file_score(self, option: str, criterion: str) -> float | None:
        return self.spec.scores.get(option, {}).get(criterion)

    def score(self, option: str, criterion: str) -> float | None:
        """The score being tried, else the file's; None when neither gives one."""
        return self.scores.get((option, criterion), self.file_score(option, criterion))

    def overrides(self) -> dict[str, float] | None:
        """What `--weights` would say: None while the weights are the file's (only criteria that are ranked)."""
        ranked = {c.id for c in self.facts.criteria}
        trial = {k: v for k, v in self.weights.items() if k in ranked}
        return None if trial == {k: v for k, v in self.file_weights.items() if k in ranked} else trial

    def unsaved(self) -> list[ValueEdit]:
        """The weights and scores that differ from the file's, as saving would write them."""
        edits = [ValueEdit(c, w) for c, w in self.weights.items() if w != self.file_weights.get(c)]
        return edits + [ValueEdit(c, v, o) for (o, c), v in self.scores.items()]

    def kept_in(self, other: DecisionSession | None) -> bool:
        """Does `other` (the decision read again, None when it cannot be) still hold every value changed here and not
        saved? True when nothing is unsaved."""
        edits = self.unsaved()
        if not edits:
            return True
        if other is None or other.spec.path != self.spec.path:
            return False
        return all(
            (other.weights.get(e.criterion) if e.option is None else other.score(e.option, e.criterion)) == e.value for e in edits
        )

    def quick(self) -> DecisionResult:
        """The ranking for the current weights at once (fewer sensitivity samples and schedule draws)."""
        self.result = decide(self.facts, self.method, self.overrides(), samples=QUICK_SAMPLES, draws=QUICK_DRAWS)  # type: ignore[arg-type]
        self.full = False
        return self.result

    def full_result(
        self, weights: Mapping[str, float] | None = None, method: str | None = None, facts: DecisionInput | None = None
    ) -> DecisionResult:
        """The full run for these weights (and scores: `facts`), with the engine's own samples and draws — the numbers
        `openspec decide --weights … --method …` prints (callable from a worker thread: it reads no file)."""
        facts = facts or self.facts
        ranked = {c.id for c in facts.criteria}
        trial = {k: v for k, v in (self.weights if weights is None else weights).items() if k in ranked}
        overrides = None if trial == {k: v for k, v in self.file_weights.items() if k in ranked} else trial
        return decide(facts, method or self.method, overrides)  # type: ignore[arg-type]

    def accept_full(
        self, weights: Mapping[str, float], method: str, result: DecisionResult, facts: DecisionInput | None = None
    ) -> bool:
        """Keep a finished full run unless the weights, the scores (`facts`) or the method moved on meanwhile."""
        if dict(weights) != self.weights or method != self.method or (facts is not None and facts is not self.facts):
            return False
        self.result, self.full = result, True
        return True

    def set_weight(self, criterion: str, value: float) -> None:
        """Raises ValueError (the engine's words) for a weight it refuses; the old weights stay."""
        trial = dict(self.weights)
        trial[criterion] = round(max(0.0, value), 4)
        old = self.weights
        self.weights = trial
        try:
            self.quick()
        except ValueError:
            self.weights = old
            raise

    def nudge(self, criterion: str, steps: int) -> None:
        self.set_weight(criterion, self.weights[criterion] + steps * STEP)

    def set_score(self, option: str, criterion: str, value: float) -> None:
        """Try a score; raises ValueError (the reader's or the engine's words) and keeps the old scores."""
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise ValueError(f"a score must be a number from {-MAX_NUMBER:g} to {MAX_NUMBER:g}")
        old = dict(self.scores)
        value = round(value, 4)
        if self.file_score(option, criterion) == value:
            self.scores.pop((option, criterion), None)
        else:
            self.scores[(option, criterion)] = value
        try:
            self._build()
            self.quick()
        except ValueError:
            self.scores = old
            self._build()
            raise

    def step_score(self, option: str, criterion: str, steps: int) -> bool:
        """Move a score by whole steps; False when there is none yet to move (it has to be typed)."""
        current = self.score(option, criterion)
        if current is None:
            return False
        self.set_score(option, criterion, current + steps * SCORE_STEP)
        return True

    def reset(self) -> None:
        """Back to the file's weights and scores."""
        self.weights = self.file_weights
        if self.scores:
            self.scores = {}
            self._build()
        self.quick()

    def next_method(self) -> None:
        self.method = METHOD_CYCLE[(METHOD_CYCLE.index(self.method) + 1) % len(METHOD_CYCLE)]
        self.quick()

    def cannot_choose(self) -> str | None:
        """Why the choice cannot be recorded as the screen shows it, or None."""
        if self.left_out:
            return (
                f"scores are missing for {', '.join(self.left_out)}: fill them in (g) and save them (s) first "
                "(`openspec decide choose` needs every score)"
            )
        if self.scores:
            return "the scores changed here are not saved: save them (s) or reset them (u) first (the record states the file's)"
        return None

    def save(self) -> int:
        """Write the changed weights and scores into the decision file (each where it is); returns the lines changed.
        Raises ValuesError or OSError (nothing written). The caller reads the file again."""
        from openspec_tool.write.decision_values import save_values

        return save_values(self.root, self.spec.path, self.unsaved())

    def choose(self, target_id: str, branch: bool, when: dt.datetime | None = None, reason: str | None = None) -> Choice:
        """Record the choice as `openspec decide choose TARGET --yes [--weights …] [--method …] [--reason …]` does.

        With `branch`, first create `decision/<decision>-<target>` from HEAD (see gitbranch): checked out
        only when the work tree is clean, so the record lands on it; uncommitted work is never touched.
        """
        from openspec_tool.read.tree import DiskTree
        from openspec_tool.write.decision_record import resolve_target, write_choice

        fresh = DiskTree(self.root)  # what is on disk now, not what an earlier read cached
        spec = load_decision(fresh, find_decision(fresh, self.spec.path))
        ev = evaluate(fresh, spec.path, self.overrides(), self.method, workspace=option_workspace(fresh, spec))
        target = resolve_target(ev.spec, target_id, ev.result)
        if target is None:
            raise ValueError(f"{target_id!r} is neither a path nor an option of {ev.spec.path}")
        note = None
        if branch:
            from openspec_tool.tui.gitbranch import create_branch

            note = create_branch(self.root, ev.spec.id, target.id)
        record = write_choice(self.root, ev.spec, target, ev.result, when, reason)
        return Choice(target.kind, target.id, target.label, record, self.root / ev.spec.path, note)


def decision_files(tree: Tree) -> list[str]:
    return decision_paths(tree)
