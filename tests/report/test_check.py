"""`openspec report` writes files atomically and `--check` catches a stale one with a short diff."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from openspec_tool.cli.commands.report import stale_diff
from tests.report.conftest import edit

Cli = Callable[..., tuple[int, str, str]]


def test_write_then_check_then_edit_effort(ours: Path, cli: Cli) -> None:
    code, out, err = cli("report", "--root", str(ours))
    assert code == 0, err
    target = ours / "PHASE_2_STARTER.md"
    assert out.strip().endswith("PHASE_2_STARTER.md") and target.is_file()
    before = target.read_text(encoding="utf-8")
    code, out, _ = cli("report", "--check", "--root", str(ours))
    assert code == 0 and "is up to date" in out
    # A second run leaves the file alone (no rewrite, same bytes).
    code, out, _ = cli("report", "--root", str(ours))
    assert code == 0 and "is up to date" in out and target.read_text(encoding="utf-8") == before

    edit(
        ours / "openspec/changes/phase2-option6-monitoring-observability/proposal.md",
        "**Effort**: 12-18 hours",
        "**Effort**: 14-18 hours",
    )
    code, out, err = cli("report", "--check", "--root", str(ours))
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith("-") and "12–18 h" in line for line in lines)  # the old figure, where it first shows
    assert any(line.startswith("+") and "14–18 h" in line for line in lines)
    assert len(out.splitlines()) <= 42  # the first 40 lines of the diff, and a count of the rest
    assert "PHASE_2_STARTER.md is stale: regenerate it with `openspec report phase-2-starter`" in err
    assert target.read_text(encoding="utf-8") == before  # --check never writes

    code, _, _ = cli("report", "--root", str(ours))
    assert code == 0
    assert "29–43 h" in target.read_text(encoding="utf-8")
    code, _, _ = cli("report", "--check", "--root", str(ours))
    assert code == 0


def test_check_missing_file_and_line_endings(tiny: Path, cli: Cli) -> None:
    code, _, err = cli("report", "--check", "--root", str(tiny))
    assert code == 1 and "CHOICE.md does not exist" in err  # named after the decision file, choice.yaml
    cli("report", "--root", str(tiny))
    target = tiny / "CHOICE.md"
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))  # a checkout with autocrlf
    code, _, _ = cli("report", "--check", "--root", str(tiny))
    assert code == 0


def test_check_html_and_explicit_output(tiny: Path, cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("report", "--format", "html", "--root", str(tiny))
    assert code == 0, err
    assert (tiny / "CHOICE.html").is_file()
    code, _, _ = cli("report", "--format", "html", "--check", "--root", str(tiny))
    assert code == 0
    elsewhere = tmp_path / "x.md"
    code, _, _ = cli("report", "choice", "-o", str(elsewhere), "--root", str(tiny))
    assert code == 0 and elsewhere.is_file()
    code, _, _ = cli("report", "decision", "-o", str(elsewhere), "--check", "--root", str(tiny))  # the only one
    assert code == 0


def test_usage_errors(tiny: Path, cli: Cli) -> None:
    code, _, err = cli("report", "status", "--check", "--root", str(tiny))
    assert code == 2 and "printed, not written to a file" in err
    code, _, err = cli("report", "--check", "--timestamp", "--root", str(tiny))
    assert code == 2 and "--timestamp" in err
    code, _, err = cli("report", "nope", "--root", str(tiny))
    assert code == 2 and "no report named 'nope' (known: choice, decision, status)" in err


def test_timestamp_only_when_asked(tiny: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code, out, _ = cli("report", "-o", "-", "--timestamp", "--root", str(tiny))
    assert code == 0 and "> Generated at 2023-11-14T22:13:20Z." in out
    code, out, _ = cli("report", "-o", "-", "--root", str(tiny))
    assert "Generated at" not in out


def test_diff_is_cut_to_40_lines() -> None:
    old = "\n".join(f"line {n}" for n in range(100))
    new = "\n".join(f"line {n}" if n % 2 else f"LINE {n}" for n in range(100))
    lines = stale_diff(old, new, "X.md")
    assert len(lines) == 41 and lines[0] == "--- X.md (on disk)" and lines[-1].endswith("more diff lines")
