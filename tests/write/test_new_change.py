"""`openspec new change`: what the reference creates, file for file (run beside it on a pinned date), and
`--from FILE`, which imports a planning document into a proposal and a task list that read back the same."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.write.plan_import import MIN_WHY, import_plan
from tests.conftest import CORPUS, REPO, SEEDS, need_shared, reference_cli, write_tree

Cli = Callable[..., tuple[int, str, str]]

_spec = importlib.util.spec_from_file_location("archive_harness", REPO / "tests" / "fixtures" / "archive" / "harness.py")
assert _spec is not None and _spec.loader is not None
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

CUSTOM_SCHEMA = (
    "name: notes\nversion: 1\nartifacts:\n  - id: proposal\n    generates: proposal.md\n    description: p\n"
    "    template: proposal.md\n"
)
STATES: dict[str, dict[str, str | bytes]] = {
    "specs-only": {"openspec/specs/a/spec.md": "# a\n"},
    "with-config": {"openspec/config.yaml": "schema: spec-driven\ncontext: hi\n", "openspec/changes/.keep": ""},
    "project-schema-without-specs": {
        "openspec/config.yml": "schema: notes\n",
        "openspec/schemas/notes/schema.yaml": CUSTOM_SCHEMA,
    },
    "unknown-schema": {"openspec/config.yaml": "schema: nowhere\n", "openspec/specs/.keep": ""},
    "existing": {"openspec/changes/add-auth/proposal.md": "# x\n"},
    "no-root": {"README.md": "not a workspace\n"},
}
ARGS = [
    ["new", "change", "Add_Auth"],
    ["new", "change", "add-auth", "--description", "Let users sign in.\nWith two lines."],
    ["new", "change", "2024-01-01-dated"],
]


# the name rules on one workspace, and a described change on every workspace state
MATRIX = [("specs-only", a) for a in ARGS if a is not ARGS[1]] + [(s, ARGS[1]) for s in sorted(STATES)]


@pytest.mark.parametrize(("state", "args"), MATRIX, ids=[f"{s}:{' '.join(a[2:3])}" for s, a in MATRIX])
def test_new_change_creates_what_the_reference_creates(state: str, args: list[str], tmp_path: Path) -> None:
    cli = reference_cli()
    if cli is None:
        pytest.skip("the reference CLI is not installed")
    ws = write_tree(tmp_path / "ws", STATES[state])  # both run at the same path: messages name it
    want = harness.run_reference(cli, ws, args)
    ws.rename(tmp_path / "theirs")
    got = harness.run_ours(write_tree(tmp_path / "ws", STATES[state]), args)
    assert got == want


def test_from_a_subfolder_the_path_is_absolute(cli: Cli, tmp_path: Path) -> None:
    ws = write_tree(tmp_path, {"openspec/specs/a/spec.md": "# a\n", "src/x.py": ""})
    code, out, _ = cli("new", "change", "deep", cwd=ws / "src")
    assert code == 0 and out.splitlines()[0] == f"Created change 'deep' at {ws}/openspec/changes/deep/"


# -- --from ------------------------------------------------------------------------------------


def _facts(text: str) -> list[tuple[object, ...]]:
    return [
        (
            t.done,
            t.depth,
            t.priority,
            str(t.estimate) if t.estimate else None,
            t.dependencies,
            t.assignee,
            t.ref,
        )
        for t in parse_tasks(text, "x").tasks
    ]


def _documents() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    docs = (
        sorted(SEEDS.iterdir())
        + sorted(CORPUS.glob("*/openspec/changes/*/tasks.md"))
        + sorted(CORPUS.glob("*/openspec/changes/archive/*/tasks.md"))
        + sorted(CORPUS.glob("*/_root_docs/**/*.md"))
    )
    return [d for d in docs if d.is_file()]


def test_every_planning_document_reads_back_the_same(tmp_path: Path) -> None:
    need_shared()
    checked = 0
    for doc in _documents():
        text = doc.read_text(encoding="utf-8", errors="replace")
        plan = import_plan(text, doc.name, "x")
        source = parse_tasks(text, doc.name)
        back = parse_tasks(plan.tasks, "tasks.md")
        assert _facts(plan.tasks) == _facts(text), doc
        for was, now in zip(source.tasks, back.tasks):
            assert was.title.startswith(now.title), (doc, was.title, now.title)  # a `(2 days)` moves into {est: …}
        checked += 1
    assert checked > 400


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()) if SEEDS.is_dir() else [])
def test_a_seed_becomes_a_checkable_change(seed: str, cli: Cli, tmp_path: Path) -> None:
    ws = write_tree(tmp_path, {"openspec/specs/.keep": ""})
    code, out, err = cli("new", "change", "imported", "--from", str(SEEDS / seed), cwd=ws)
    assert code == 0, err
    change = ws / "openspec/changes/imported"
    assert sorted(p.name for p in change.iterdir()) == [".openspec.yaml", "proposal.md", "tasks.md"]
    proposal = (change / "proposal.md").read_text()
    why = proposal.split("## Why\n\n", 1)[1].split("\n\n## What Changes", 1)[0]
    assert len(why) >= MIN_WHY and "## Impact" in proposal
    assert "Imported" in out
    code, out, _ = cli("tasks", "imported", "--graph", "--json", cwd=ws)
    doc = json.loads(out)
    assert doc["total"] == len(parse_tasks((SEEDS / seed).read_text(encoding="utf-8"), seed).tasks)
    assert not doc["graph"]["cycles"] and code in (0, 1)
    code, out, _ = cli("check", "--json", cwd=ws)
    assert not [f for f in json.loads(out)["findings"] if f["level"] == "error" and f["code"] != "unknown-dependency"]


def test_seed_002_keeps_ids_estimates_dependencies_priorities_and_owners(cli: Cli, tmp_path: Path) -> None:
    need_shared()
    ws = write_tree(tmp_path, {"openspec/specs/.keep": ""})
    seed = next(SEEDS.glob("002_*"))
    assert cli("new", "change", "phase-1", "--from", str(seed), cwd=ws)[0] == 0
    tasks = (ws / "openspec/changes/phase-1/tasks.md").read_text()
    assert "- [ ] 1.0.2 Implement Async Utilities Module {est: 3h; after: 1.0.1; priority: high; owner: Core Team}" in tasks
    assert "  - Acceptance: " in tasks
    code, out, _ = cli("next", "phase-1", "--json", cwd=ws)
    assert code == 0 and "1.0.1" in [r["id"] for r in json.loads(out)["ready"]]


def test_a_bad_plan_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    ws = write_tree(tmp_path, {"openspec/specs/.keep": "", "empty.md": "# Nothing to do\n\nJust prose.\n"})
    code, _, err = cli("new", "change", "x", "--from", str(ws / "missing.md"), cwd=ws)
    assert code == 2 and "cannot read" in err
    code, _, err = cli("new", "change", "x", "--from", str(ws / "empty.md"), cwd=ws)
    assert code == 2 and "no tasks found" in err
    assert not (ws / "openspec/changes").exists()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                ["## Phase 1", "### Task 1.2: Build {x}", "**Priority**: High", "**Estimated Time**: 3h", "- [ ] 1.1 a {est: 2h}"]
            ),
            st.builds(lambda i, t: f"{'  ' * i}- [{'x' if i % 2 else ' '}] {t}", st.integers(0, 3), st.text(max_size=20)),
        ),
        max_size=25,
    )
)
def test_any_document_imports_and_reads_back(lines: list[str]) -> None:
    text = "\n".join(lines)
    plan = import_plan(text, "doc.md", "x")
    assert plan.task_count == len(parse_tasks(plan.tasks, "tasks.md").tasks) or plan.task_count == 0
    assert plan.proposal.startswith("# ") and "## Why" in plan.proposal
