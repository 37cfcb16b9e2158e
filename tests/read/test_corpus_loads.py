"""Every file of the seven corpus workspaces and every seed loads, with every reader, without an exception."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from openspec_tool.read.jstext import decode
from openspec_tool.read.proposal import parse_proposal
from openspec_tool.read.requirement_blocks import parse_delta_spec
from openspec_tool.read.sections import SpecParseError, parse_spec
from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.read.tree import DiskTree
from openspec_tool.read.workspace import load_workspace
from tests.conftest import CORPUS, SEEDS, need_shared

WORKSPACES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", WORKSPACES)
def test_every_markdown_file_loads_with_every_reader(name: str) -> None:
    need_shared()
    files = sorted((CORPUS / name).rglob("*.md"))
    assert files
    for f in files:
        text = decode(f.read_bytes())
        parse_proposal(text, str(f))
        parse_tasks(text, str(f))
        parse_delta_spec(text)
        with contextlib.suppress(SpecParseError):
            parse_spec(text, f.parent.name)


@pytest.mark.parametrize("name", WORKSPACES)
def test_workspace_model_loads_with_archives(name: str) -> None:
    need_shared()
    ws = load_workspace(DiskTree(CORPUS / name), archived=True)
    assert ws.changes or ws.archived or ws.specs
    for change in ws.changes:
        if change.tasks is not None:
            assert change.task_done <= change.task_total


def test_seeds_load_as_proposals() -> None:
    need_shared()
    seeds = sorted(SEEDS.iterdir())
    assert len(seeds) == 5
    titles = [parse_proposal(decode(s.read_bytes()), s.name).title for s in seeds]
    assert all(titles)
    seed003 = parse_proposal(decode((SEEDS / next(p.name for p in seeds if p.name.startswith("003"))).read_bytes()))
    assert seed003.title.startswith("Phase 2 Proposals - Complete & Ready")  # mojibake repaired, emoji stripped
    metrics = {m.name: m for m in seed003.metrics}
    assert metrics["Code examples"].stated_percent == 33 and metrics["Code examples"].before_value == 150
    assert seed003.effort is not None and (seed003.effort.low, seed003.effort.high) == (10, 20)


def test_seed_files_are_real_inputs() -> None:
    need_shared()
    assert any("â" in decode(p.read_bytes()) for p in Path(SEEDS).iterdir())  # mojibake as received
