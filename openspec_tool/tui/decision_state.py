"""The decision as the TUI holds it: the file, the options' facts, the weights being tried (no Textual here).

Scores come from the same functions as `openspec decide`: `build_input` + the engine's `decide` while
weights move (with fewer sensitivity samples, so a new ranking shows at once), then the full run, which
is `evaluate` exactly as the CLI calls it. Choosing writes what `openspec decide choose` writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openspec_tool.decide.engine import DecisionResult, decide
from openspec_tool.decide.model import DecisionInput
from openspec_tool.model.decision import DecisionSpec
from openspec_tool.model.workspace import Workspace
from openspec_tool.plan.evaluate import build_input, evaluate, find_decision
from openspec_tool.read.decisions import decision_paths, load_decision
from openspec_tool.read.discover import CHANGES
from openspec_tool.read.tree import Tree, join
from openspec_tool.read.workspace import load_change

# While weights move: enough samples for a stable verdict, few enough for a new ranking within 50 ms on
# 50 options. The full run (the CLI's 2,000 samples and 10,000 draws) follows and replaces it.
QUICK_SAMPLES = 100
QUICK_DRAWS = 500
STEP = 0.05
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
    """A loaded decision and the weights being tried. `load` raises DecisionFileError / FactMissing / ValueError."""

    tree: Tree
    root: Path
    name: str | None = None
    method: str = "weighted-sum"
    spec: DecisionSpec = field(init=False)
    workspace: Workspace = field(init=False)
    facts: DecisionInput = field(init=False)
    weights: dict[str, float] = field(init=False)
    result: DecisionResult = field(init=False)
    full: bool = field(init=False, default=False)  # is `result` the full (CLI) run for the current weights?

    def load(self, keep_weights: Mapping[str, float] | None = None) -> None:
        self.spec = load_decision(self.tree, find_decision(self.tree, self.name))
        self.workspace = option_workspace(self.tree, self.spec)
        self.facts = build_input(self.spec, self.workspace)
        self.weights = {c.id: c.weight for c in self.spec.criteria}
        if keep_weights and set(keep_weights) == set(self.weights):
            self.weights = dict(keep_weights)
        self.quick()

    @property
    def file_weights(self) -> dict[str, float]:
        return {c.id: c.weight for c in self.spec.criteria}

    def overrides(self) -> dict[str, float] | None:
        """What `--weights` would say: None while the weights are the file's."""
        return None if self.weights == self.file_weights else dict(self.weights)

    def quick(self) -> DecisionResult:
        """The ranking for the current weights at once (fewer sensitivity samples and schedule draws)."""
        self.result = decide(self.facts, self.method, self.overrides(), samples=QUICK_SAMPLES, draws=QUICK_DRAWS)  # type: ignore[arg-type]
        self.full = False
        return self.result

    def full_result(self, weights: Mapping[str, float] | None = None, method: str | None = None) -> DecisionResult:
        """The full run for these weights, with the engine's own samples and draws — the numbers `openspec
        decide --weights … --method …` prints (callable from a worker thread: it reads no file)."""
        trial = dict(self.weights if weights is None else weights)
        overrides = None if trial == self.file_weights else trial
        return decide(self.facts, method or self.method, overrides)  # type: ignore[arg-type]

    def accept_full(self, weights: Mapping[str, float], method: str, result: DecisionResult) -> bool:
        """Keep a finished full run unless the weights or method moved on meanwhile."""
        if dict(weights) != self.weights or method != self.method:
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

    def reset(self) -> None:
        self.weights = self.file_weights
        self.quick()

    def next_method(self) -> None:
        self.method = METHOD_CYCLE[(METHOD_CYCLE.index(self.method) + 1) % len(METHOD_CYCLE)]
        self.quick()

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
