"""Non-finite and out-of-range numbers are one line with file and line, in every command (issue 10, item 8)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO

Cli = Callable[..., tuple[int, str, str]]
DECISION = "openspec/decisions/phase-2.yaml"
OPTION = "openspec/changes/phase2-option1-expand-docs"
PROPOSAL = f"{OPTION}/proposal.md"
EFFORT = "**Effort**: 10-20 hours"
BIG = "9" * 400
HUGE = "9" * 5000  # beyond Python's int-from-text limit
COMMANDS = [
    ["decide"],
    ["decide", "--json"],
    ["check"],
    ["report", "--no-history", "-o", "-"],
    ["decide", "choose", "A", "--yes"],
    ["next"],
    ["list"],
    ["validate", "--all"],
    ["tasks", "phase2-option1-expand-docs", "--graph"],
]


def _edit(ws: Path, rel: str, old: str, new: str) -> None:
    path = ws / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(ws: Path, rel: str, text: str) -> None:
    path = ws / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "score 1e999": lambda ws: _edit(ws, DECISION, "{impact: 3, risk: 1, roi: 4}", "{impact: 1e999, risk: 1, roi: 4}"),
    "score 400 digits": lambda ws: _edit(ws, DECISION, "{impact: 3, risk: 1, roi: 4}", f"{{impact: {BIG}, risk: 1, roi: 4}}"),
    "score 5000 digits": lambda ws: _edit(ws, DECISION, "{impact: 3, risk: 1, roi: 4}", f"{{impact: {HUGE}, risk: 1, roi: 4}}"),
    "score nan": lambda ws: _edit(ws, DECISION, "{impact: 3, risk: 1, roi: 4}", "{impact: .nan, risk: 1, roi: 4}"),
    "weight -inf": lambda ws: _edit(ws, DECISION, "weight: 0.25", "weight: -.inf"),
    "budget 1e999": lambda ws: _edit(ws, DECISION, "budget_hours: 60", "budget_hours: 1e999"),
    "path effort 400 digits": lambda ws: _edit(ws, DECISION, "name: Quick Win\n", f"name: Quick Win\n    effort: {BIG}\n"),
    "proposal effort 1e999": lambda ws: _edit(ws, PROPOSAL, EFFORT, "**Effort**: 1e999 hours"),
    "proposal effort 1e300": lambda ws: _edit(ws, PROPOSAL, EFFORT, "**Effort**: 1e300 hours"),
    "proposal effort 400 digits": lambda ws: _edit(ws, PROPOSAL, EFFORT, f"**Effort**: {BIG} hours"),
    "timeline 5000 digits": lambda ws: _edit(ws, PROPOSAL, "**Timeline**: 1-2 weeks", f"**Timeline**: {HUGE} weeks"),
    "metadata 5000 digits": lambda ws: (ws / OPTION / ".openspec.yaml").write_text(f"schema: spec-driven\neffort: {HUGE}\n"),
    "task estimates": lambda ws: _append(ws, f"{OPTION}/tasks.md", f"- [ ] 9.1 big ({BIG}h)\n- [ ] 9.2 inf {{est: 1e999h}}\n"),
    "stated total 5000 digits": lambda ws: _append(ws, f"{OPTION}/tasks.md", f"\n**Total Tasks**: {HUGE}\n"),
    "metric": lambda ws: _append(ws, f"{OPTION}/proposal.md", f"\n- Users: 1e999 → {BIG} (+{HUGE}%)\n"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("numbers")
    shutil.copytree(REPO / "openspec", root / "openspec")
    return root


@pytest.mark.parametrize("edit", list(EDITS))
def test_numbers_never_crash_any_command(cli: Cli, base: Path, tmp_path: Path, edit: str) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(base, ws)
    EDITS[edit](ws)
    for args in COMMANDS:
        code, _, err = cli(*args, cwd=ws)
        assert "internal error" not in err and "Traceback" not in err, (args, err)
        assert code in (0, 1, 2), (args, code, err)
        errors = [line for line in err.splitlines() if line.startswith("openspec: error:")]
        assert len(errors) <= 1 and all(len(line) < 400 for line in errors), (args, errors)
        if code == 2 and args[0] == "decide":
            # one line naming the file (and the line where there is one)
            assert re.match(r"openspec: error: openspec/\S+(:\d+)?: ", errors[0]), errors


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("score 1e999", f"{DECISION}:40: score phase2-option1-expand-docs.impact must be a number from -1e+12 to 1e+12"),
        ("weight -inf", f"{DECISION}:18: criterion effort: weight must be a number, not '-.inf'"),
        ("budget 1e999", f"{DECISION}:73: constraints: budget_hours must be hours such as 40, 40h or 30-50 hours"),
        ("proposal effort 1e999", f"{PROPOSAL}:6: phase2-option1-expand-docs: **Effort**: '1e999 hours' is not a range"),
        ("proposal effort 1e300", f"{PROPOSAL}:6: phase2-option1-expand-docs: **Effort**: '1e300 hours' is not a range"),
    ],
)
def test_the_line_names_file_line_and_value(cli: Cli, base: Path, tmp_path: Path, edit: str, message: str) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(base, ws)
    EDITS[edit](ws)
    code, out, err = cli("decide", cwd=ws)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"openspec: error: {message}"), err


@pytest.mark.parametrize("args", [["--weights", "effort=1e999"], ["--weights", "effort=nan"], ["--budget", "1e999"]])
def test_command_line_numbers(cli: Cli, base: Path, args: list[str]) -> None:
    code, out, err = cli("decide", *args, cwd=base)
    assert code == 2 and out == "" and err.count("\n") == 1 and "internal error" not in err
