"""Properties of the planning readers on every document we did not write (the shared corpus, the seeds,
tests/fixtures/real/) and on generated ones: the reference CLI's checkbox count, no written id lost, no false
dependency error, never a crash, and linear time on the inputs that once were quadratic."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.model.tasks import TaskList
from openspec_tool.model.workspace import Change
from openspec_tool.plan.graph import TaskGraph, unknown_dependencies
from openspec_tool.read.fence import fence_mask
from openspec_tool.read.jstext import decode
from openspec_tool.read.plan_lines import document_lines, front_matter_end
from openspec_tool.read.proposal import parse_proposal
from openspec_tool.read.task_lines import TASK_LINE, count_tasks
from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.rules.planning import change_findings
from tests.conftest import CORPUS, REPO, SEEDS

REAL = REPO / "tests" / "fixtures" / "real"
REFERENCE = Path(os.environ.get("OPENSPEC_REFERENCE", REPO / ".." / "ref" / "node_modules" / ".bin" / "openspec"))

# Dependency problems that are truly in a file (read by hand; listed in the README): none so far.
TRUE_DEPENDENCY_ERRORS: set[tuple[str, str]] = set()


def corpus_files() -> list[Path]:
    files = sorted(REAL.glob("*.md"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*/openspec/**/tasks.md")) + sorted(CORPUS.glob("*/_root_docs/**/*.md"))
        files += sorted(SEEDS.glob("*.txt"))
    return files


@cache
def _parsed(path: Path) -> tuple[str, TaskList]:
    text = decode(path.read_bytes())
    return text, parse_tasks(text, str(path))


def _name(path: Path) -> str:
    for base in (REAL, CORPUS, SEEDS):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def test_the_corpus_is_there() -> None:
    files = corpus_files()
    assert len(files) >= 26
    if CORPUS.is_dir():
        assert len(files) >= 600


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference CLI is not installed (../ref)")
def test_checkboxes_equal_the_reference_cli_count(tmp_path: Path) -> None:
    """Every file as the tasks.md of a change of one workspace: the reference's `list --json` counts them all."""
    files = corpus_files()
    names = {f"c{n:04d}": path for n, path in enumerate(files)}
    for name, path in names.items():
        folder = tmp_path / "openspec" / "changes" / name
        folder.mkdir(parents=True)
        shutil.copyfile(path, folder / "tasks.md")
    (tmp_path / "openspec" / "specs").mkdir()
    done = subprocess.run(
        [str(REFERENCE), "list", "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "OPENSPEC_TELEMETRY": "0"}, check=True,
    )  # fmt: skip
    counted = {c["name"]: (c["totalTasks"], c["completedTasks"]) for c in json.loads(done.stdout)["changes"]}
    mismatches = []
    for name, path in names.items():
        tl = _parsed(path)[1]
        if counted.get(name, (0, 0)) != (tl.checkbox_count, tl.checkbox_done):
            mismatches.append((_name(path), counted.get(name), (tl.checkbox_count, tl.checkbox_done)))
    assert mismatches == []


_BOLD_ID = re.compile(r"\*\*(?:Task\s+)?([A-Z][A-Z0-9_]*-?[A-Z]{0,4}\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)*[a-z]?)[.:]?\*\*")
_NUMBERED_ID = re.compile(r"(\d+(?:\.\d+)+[a-z]?)\s")


def written_ids(text: str) -> list[tuple[int, str]]:
    """(line, id) of every checkbox line of the document body that starts with a bold or a numbered id."""
    raw, lines, _ = document_lines(text)
    mask = fence_mask(lines)
    skip = front_matter_end(lines)
    found: list[tuple[int, str]] = []
    for i, line in enumerate(raw):
        m = TASK_LINE.match(line) if "[" in line and not mask[i] and i >= skip else None
        if m is None:
            continue
        body = m.group(2).strip()
        ident = _BOLD_ID.match(body) or _NUMBERED_ID.match(body)
        if ident is not None:
            found.append((i + 1, ident.group(1)))
    return found


@pytest.mark.parametrize("path", corpus_files(), ids=_name)
def test_no_written_task_id_is_lost(path: Path) -> None:
    """Every bold or numbered id of a checkbox line is a task's (or an acceptance check's) id, on its line."""
    text, tl = _parsed(path)
    kept = {(t.line, t.ref) for t in tl.tasks} | {(c.line, c.ref) for c in tl.checks}
    lost = [(line, ref) for line, ref in written_ids(text) if (line, ref) not in kept]
    assert lost == []


@pytest.mark.parametrize("path", corpus_files(), ids=_name)
def test_no_dependency_error_that_is_not_in_the_file(path: Path) -> None:
    tl = _parsed(path)[1]
    errors = [f for f in change_findings(Change("c", "c", tasks=tl), {}) if f.level == "ERROR"]
    assert {(_name(path), f.code) for f in errors} <= TRUE_DEPENDENCY_ERRORS
    if not unknown_dependencies(tl.tasks):  # every dependency resolves: no error at all
        assert [f for f in errors if f.code != "dependency-cycle" or (_name(path), f.code) not in TRUE_DEPENDENCY_ERRORS] == []


# -- generated documents -----------------------------------------------------------------------------------

RICH = [
    "# Plan", "## 1. Build", "### Task 1.2: Block", "#### Sprint 2.1: Build (3 days)", "## Task Summary", "## Risk Register",
    "### Section 1: Docker (4-5 hours)", "**1.1 Docker Configuration**", "```", "", "---",
    "- [ ] **STO-1**: Add the cache table ✅", "- [x] **STO-2**: Evict by age", "    - **Priority**: P0",
    "    - **Effort**: S (2 hours)", "    - **Effort**: M", "    - **Owner**: @ana", "    - **Dependencies**: None",
    "    - **Dependencies**: STO-1", "    - **Dependencies**: STO-9, Phase 1", "    - **Acceptance Criteria**:",
    "        - Migration runs ✅", "        - [x] index on (key, ts)", "  **Dependencies**: 1.1", "  - Dependencies: 1.2",
    "- [ ] 1.1 a {est: 2h; after: 1.2}", "- [x] 1.2 b {after: 1.1}", "  - [ ] 1.2.1 c", "1. [ ] d (~3h)",
    "**Priority**: HIGH", "**Estimated Time**: 4 hours", "**Dependencies**: Task 1.2", "**Dependencies**: All tasks complete",
    "**Dependencies**: Tasks 1-3", "**Status**: ✅ COMPLETED", "**Acceptance Criteria:**", "**Definition of Done:**",
    "**Total Tasks**: 3", "| **Total Tasks** | 48 |", "| Phase | Hours |", "|---|---|", "| **Total** | 20-27 |",
    "- **S**: 1-4 hours", "**Blocks**: 1.1", "- [ ] 3.3 dup", "- [ ] 3.3 dup again", "plain paragraph", "\ufeff", "\r",
]  # fmt: skip


def _invariants(tl: TaskList, text: str) -> None:
    assert (tl.checkbox_count, tl.checkbox_done) == count_tasks(text)
    assert sum(1 for t in tl.tasks if t.source == "checkbox") + len(tl.checks) + tl.fenced == tl.checkbox_count
    by_id = {t.id: t for t in tl.tasks}
    assert len(by_id) == len(tl.tasks)
    kids: dict[str, list[bool]] = {}
    for t in tl.tasks:
        if t.parent is not None:
            assert t.parent in by_id and by_id[t.parent].line < t.line and t.depth == by_id[t.parent].depth + 1
            kids.setdefault(t.parent, []).append(t.done)
    for parent, marks in kids.items():
        assert by_id[parent].done == all(marks)  # a container is done when its subtasks are
    graph = TaskGraph(tl.tasks)
    cycles = graph.cycles()
    ready = graph.ready()
    assert all(not t.done and t.id not in kids for t in ready)
    if not cycles:
        graph.waves()
        graph.critical_path()
    findings = change_findings(Change("c", "c", tasks=tl), {})
    assert all(f.path == tl.path for f in findings)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(RICH), st.text(max_size=30)), max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_rich_documents_never_raise_and_keep_their_invariants(lines: list[str], eol: str) -> None:
    text = eol.join(lines)
    _invariants(parse_tasks(text, "t.md"), text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(RICH), st.text(max_size=30)), max_size=30))
def test_proposals_never_raise(lines: list[str]) -> None:
    text = "\n".join(lines)
    p = parse_proposal(text, "p.md")
    assert all(e.line >= 1 for e in p.estimates) and all(s.line >= 1 for s in p.sections)


_OLD_ARROW = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*(?:\*\*)?([^:→\n]{1,80}?)(?:\*\*)?:\s*(.+?)\s*(?:→|->|⇒)\s*(.+?)\s*$")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="- *ab1:→>=⇒(+%)2 \t", max_size=24))
def test_metric_lines_split_as_the_old_expression_did(line: str) -> None:
    """The hand-split metric reader agrees with the regular expression it replaced (which was quadratic)."""
    from openspec_tool.read.proposal import _metric

    old = _OLD_ARROW.match(line)
    new = _metric(line, 1)
    assert (new is None) == (old is None)
    if old is not None and new is not None:
        assert (new.name, new.before) == (old.group(1).strip().strip("*"), old.group(2).strip())


LINEAR = {
    "tasks.md of 100,000 lines": lambda: "".join(
        f"- [ ] {i}.1 Task {i} {{est: 1h; after: {i - 1}.1}}\n" for i in range(1, 100_001)
    ),
    "proposal with 100,000 headings": lambda: "".join(f"{'#' * (1 + i % 6)} Heading {i}\ntext\n" for i in range(100_000)),
    "a metric line with 20,000 spaces": lambda: "- x: y" + " " * 20_000 + "z->",
    "a label with 100,000 spaces": lambda: "**Total Tasks**:" + " " * 100_000 + "\n- [ ] a\n",
    "a heading with 50,000 spaces": lambda: "# a" + " " * 50_000 + "b\n## c" + " " * 50_000 + "(2h)\n",
}


@pytest.mark.parametrize("name", list(LINEAR))
def test_inputs_that_were_quadratic_are_read_in_linear_time(name: str) -> None:
    """Not a benchmark (benchmarks/tasks.py measures): a guard that catches a quadratic reader (these took 6-40 s)."""
    text = LINEAR[name]()
    started = time.process_time()
    parse_proposal(text, "p.md")
    tl = parse_tasks(text, "t.md")
    assert time.process_time() - started < 8.0
    assert tl.checkbox_count == count_tasks(text)[0]
