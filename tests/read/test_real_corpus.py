"""Planning documents nobody here wrote (tests/fixtures/real/, sources in MANIFEST.json), each read against what a
planner concluded by reading it (`<file>.expect.json`, written by hand beside it): counts, ids, estimates,
dependencies, the ready set and the findings of `openspec check`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.model.tasks import Estimate, TaskList
from openspec_tool.model.workspace import Change
from openspec_tool.plan.graph import TaskGraph
from openspec_tool.read.jstext import decode
from openspec_tool.read.proposal import parse_proposal
from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.rules.planning import estimate_exceeds_effort, task_graph, task_total_mismatch

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
MANIFEST: list[dict[str, str]] = json.loads((REAL / "MANIFEST.json").read_text(encoding="utf-8"))
EXPECTED = sorted(p.name.removesuffix(".expect.json") for p in REAL.glob("*.expect.json"))
TASK_FILES = [name for name in EXPECTED if not name.endswith("proposal.md")]


def _text(name: str) -> str:
    return decode((REAL / name).read_bytes())


def _expect(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REAL / f"{name}.expect.json").read_text(encoding="utf-8"))
    return data


def _tasks(name: str) -> TaskList:
    return parse_tasks(_text(name), name)


def test_the_manifest_names_every_file_its_source_and_license() -> None:
    files = {p.name for p in REAL.iterdir() if p.suffix == ".md"}
    assert files == {m["file"] for m in MANIFEST}
    assert len(files) >= 25 and len({m["repository"] for m in MANIFEST}) >= 12
    for m in MANIFEST:
        assert m["repository"].count("/") == 1 and len(m["commit"]) >= 12 and m["path"].endswith(".md")
        assert m["license"].split(" ")[0] in ("MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause"), m
        assert hashlib.sha256((REAL / m["file"]).read_bytes()).hexdigest() == m["sha256"], m["file"]
    assert set(EXPECTED) == files  # every file has its hand-written expectations


def _est(text: str) -> Estimate:
    low, _, high = text.removesuffix("h").partition("-")
    return Estimate(float(low), float(high or low))


def _refs(tl: TaskList) -> list[str]:
    return [t.ref or t.id for t in tl.tasks]


@pytest.mark.parametrize("name", TASK_FILES)
def test_counts_ids_and_sections(name: str) -> None:
    exp, tl = _expect(name), _tasks(name)
    assert [tl.checkbox_count, tl.checkbox_done] == exp["checkboxes"]
    assert [tl.total, tl.done] == exp["tasks"]
    assert [len(tl.checks), tl.checks_done] == exp["checks"]
    if "refs" in exp:
        assert [t.ref for t in tl.tasks if t.ref is not None] == exp["refs"]
    if "refsInclude" in exp:
        assert set(exp["refsInclude"]) <= set(_refs(tl))
    for ref, title in exp.get("titles", {}).items():
        assert next(t.title for t in tl.tasks if t.ref == ref) == title
    for ref, section in exp.get("sections", {}).items():
        assert next(t.section for t in tl.tasks if t.ref == ref) == section
    for section, count in exp.get("checkSections", {}).items():
        assert sum(1 for c in tl.checks if c.section == section) == count, section
    for ref, lines in exp.get("duplicates", {}).items():
        assert [t.line for t in tl.tasks if t.ref == ref] == lines


@pytest.mark.parametrize("name", TASK_FILES)
def test_estimates_and_stated_figures(name: str) -> None:
    exp, tl = _expect(name), _tasks(name)
    by_ref = {t.ref or t.id: t for t in tl.tasks}
    for ref, text in exp.get("estimates", {}).items():
        assert by_ref[ref].estimate == _est(text), ref
    if "estimateTotal" in exp:
        assert tl.estimate_total() == _est(exp["estimateTotal"])
    if "statedTotals" in exp:
        assert [list(s) for s in tl.stated_totals] == exp["statedTotals"]
    if "statedEstimates" in exp:
        assert [[e.kind, str(e.estimate), e.line] for e in tl.estimates] == exp["statedEstimates"]
    if "sectionEstimateSum" in exp:
        total = Estimate(0, 0)
        for e in tl.section_estimates():
            total = total + e.estimate
        assert total == _est(exp["sectionEstimateSum"])
    if "notes" in exp:
        assert [n for n in tl.notes if "mojibake" not in n] == exp["notes"]
    for ref in exp.get("containersMarkedDoneButOpen", []):
        assert by_ref[ref].marked and not by_ref[ref].done, ref


@pytest.mark.parametrize("name", TASK_FILES)
def test_dependencies_and_ready_set(name: str) -> None:
    exp, tl = _expect(name), _tasks(name)
    by_ref = {t.ref or t.id: t for t in tl.tasks}
    graph = TaskGraph(tl.tasks)
    for ref, deps in exp.get("dependencies", {}).items():
        assert list(by_ref[ref].dependencies) == deps, ref
    for ref, prose in exp.get("prose", {}).items():
        assert list(by_ref[ref].prose_dependencies) == prose, ref
    if "unresolved" in exp:
        unresolved = {t.ref or t.id: list(t.unresolved_dependencies) for t in tl.tasks if t.unresolved_dependencies}
        assert unresolved == exp["unresolved"]
    if "declared" in exp:
        assert graph.declared is exp["declared"]
    if "estimated" in exp:
        assert any(t.estimate for t in tl.tasks) is exp["estimated"]
    if "cycles" in exp:
        assert graph.cycles() == exp["cycles"]
    ready = [t.ref or t.id for t in graph.ready()]
    if "ready" in exp:
        assert sorted(ready) == sorted(exp["ready"])
    if "readyCount" in exp:
        assert len(ready) == exp["readyCount"]
    if "criticalPath" in exp:
        assert [t.ref or t.id for t in graph.critical_path()[0]] == exp["criticalPath"]


def _findings(change: Change, tl: TaskList) -> list[list[Any]]:
    found = [*task_total_mismatch(change, tl), *task_graph(change, tl), *estimate_exceeds_effort(change)]
    return sorted([f.code, f.line] for f in found if f.level != "INFO")


@pytest.mark.parametrize("name", TASK_FILES)
def test_findings_of_openspec_check(name: str) -> None:
    exp, tl = _expect(name), _tasks(name)
    assert _findings(Change("c", "c", tasks=tl), tl) == sorted(exp["findings"])
    pair = exp.get("change")
    if pair:
        proposal = parse_proposal(_text(pair["proposal"]), pair["proposal"])
        change = Change("c", "c", proposal=proposal, tasks=tl)
        found = estimate_exceeds_effort(change)
        assert sorted([f.code, f.line] for f in found) == sorted(pair["findings"])
        for part in pair.get("messagesInclude", []):
            assert any(part in f.message for f in found), part


@pytest.mark.parametrize("name", [n for n in EXPECTED if n.endswith("proposal.md")])
def test_proposal_scope_and_effort(name: str) -> None:
    exp = _expect(name)["proposal"]
    p = parse_proposal(_text(name), name)
    assert p.effort == (_est(exp["effort"]) if exp["effort"] else None)
    if "sections" in exp:
        assert [s.title for s in p.sections if s.level == 2] == exp["sections"]
    scope = [e for e in p.estimates if e.kind == "scope"]
    if "scope" in exp:
        assert [[e.text, str(e.estimate), e.line] for e in scope] == exp["scope"]
    if "scopeCount" in exp:
        assert len(scope) == exp["scopeCount"]
    total = Estimate(0, 0)
    for e in scope:
        total = total + e.estimate
    assert total == _est(exp.get("scopeSum", "0h"))
