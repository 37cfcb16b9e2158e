"""The Decision screen's problem state points at the file and line the error names — taken from the error, never
parsed back out of its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from openspec_tool.plan.evaluate import MissingValues, evaluate
from openspec_tool.read.tree import DiskTree
from openspec_tool.tui.widgets.decision_states import problem_text
from tests.conftest import write_tree

DECISION = """id: d
options: [{option}]
criteria:
  - id: effort
    direction: cost
    weight: 1
    source: effort
"""


def _missing(tmp_path: Path, proposal: str, option: str = "a") -> MissingValues:
    write_tree(
        tmp_path,
        {"openspec/changes/a/proposal.md": proposal, "openspec/decisions/d.yaml": DECISION.format(option=option)},
    )
    with pytest.raises(MissingValues) as caught:
        evaluate(DiskTree(tmp_path), "d")
    return caught.value


def test_a_figure_that_is_no_range_points_at_its_line(tmp_path: Path) -> None:
    exc = _missing(tmp_path, "# A\n\n**Effort**: lots\n")
    assert (exc.problems[0].path, exc.problems[0].line) == ("openspec/changes/a/proposal.md", 3)
    assert str(exc).startswith("openspec/changes/a/proposal.md:3: a: **Effort**: 'lots' is not a range we can use")
    text, path, line = problem_text(exc, lambda p, n: f"<line {n} of {p}>")
    assert (path, line) == ("openspec/changes/a/proposal.md", 3)
    assert "<line 3 of openspec/changes/a/proposal.md>" in text.plain


def test_a_missing_figure_names_the_file_without_a_line(tmp_path: Path) -> None:
    exc = _missing(tmp_path, "# A\n")
    assert exc.problems[0].fillable and not _missing(tmp_path, "# A\n\n**Effort**: lots\n").problems[0].fillable
    assert str(exc).startswith("openspec/changes/a/proposal.md: a states no effort for criterion 'effort'")
    _, path, line = problem_text(exc, lambda p, n: pytest.fail("no line to show"))
    assert (path, line) == ("openspec/changes/a/proposal.md", None)
