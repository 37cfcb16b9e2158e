"""Fuzzing every command in-process (shared by tests/cli/test_fuzz_commands.py and benchmarks/fuzz.py).

A workspace is drawn file by file (proposals, tasks, designs, delta and main specs, a decision file, the
config, change metadata) from markdown- and YAML-shaped pieces, hostile ones included (control characters,
1e999, 5,000-digit numbers, duplicate keys, alias bombs, mojibake, binary), and one command runs on it. Whatever
the input, a command ends with 0, 1 or 2, one line per error, no traceback, no control character in human
output, valid JSON where JSON was asked, and within a time limit.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from hypothesis import strategies as st

CHANGE_FILES = ["proposal.md", "tasks.md", "design.md", "specs/cap/spec.md", "specs/other/spec.md", ".openspec.yaml"]
TOP_FILES = ["openspec/specs/cap/spec.md", "openspec/decisions/d.yaml", "openspec/config.yaml", "openspec/project.md"]
CHANGES = ["a", "b", "c d", "x\x1b]52;c;ZXZpbA==\x07"]

MARKDOWN = [
    "# Title", "## Why", "## What Changes", "## Purpose", "## Requirements", "## ADDED Requirements",
    "## MODIFIED Requirements", "## REMOVED Requirements", "## RENAMED Requirements", "### Requirement: A",
    "### Requirement: A", "#### Scenario: s", "- **WHEN** x", "- **THEN** y", "The system SHALL do it.",
    "- FROM: `### Requirement: A`", "- TO: `### Requirement: B`", "```", "~~~~", "- [ ] 1.1 task (2h)",
    "- [x] 1.2 done {est: 1e999h; after: 1.1}", "- [ ] 1.3 loop {after: 1.3}", "  - [ ] 1.3.1 nested",
    "**Effort**: 10-20 hours", "**Effort**: 1e999 hours", "**Timeline**: 1-2 weeks", "**Total Tasks**: 3",
    "**Total Tasks**: " + "9" * 5000, "- Users: 10 → 20 (+100%)", "- x: 1e999 → 5 (+7%)",
    "### Task 1.1: Do **Priority**: High", "**Dependencies**: 1.2, 9.9", "**Estimated Time**: 2 hours",
    "\x1b[2J\x1b[H", "\r", "\ufeff# BOM", "Ã©tÃ© â€” mojibake", "😀 ünïcödé 中文", "TBD", "",
]  # fmt: skip
YAML = [
    "id: d", "title: T", "question: Q?", "options: [a, b]", "options: [a, 'c d', zz]", "criteria:",
    "  - {id: effort, direction: cost, weight: 0.5, source: effort}", "  - {id: impact, weight: 1}",
    "  - {id: impact, weight: 1e999}", "scores:", "  a: {impact: 3}", "  b: {impact: 1e999}", "  b: {impact: nan}",
    "paths:", "  - {id: P, options: [a, b]}", "  - {id: P, options: [a]}", "  - {id: Q, options: [a], effort: 1e999}",
    "constraints: {budget_hours: 60}", "chosen: null", "chosen: P", "chosen: P", "schema: spec-driven",
    "skip_specs: true", "effort: 10-20h", "effort: " + "9" * 5000, "reports:",
    "  - {name: r, template: status.md.j2, output: ../escape.md}", "  - {name: s, template: nope.j2}",
    "planning: {required_sections: [Why]}", "hooks: {strict: true}", "a: &a [x, x, x, x, x, x, x, x]",
    "b: [*a, *a, *a, *a, *a, *a, *a, *a]", "{", "- [", "%TAG ! x", "*evil", "\t", "key: 'unterminated",
]  # fmt: skip

piece_lines = st.lists(st.sampled_from(MARKDOWN + YAML) | st.text(max_size=12), max_size=25).map("\n".join)
content = piece_lines | st.text(max_size=200) | st.binary(max_size=100)
files = st.dictionaries(
    st.sampled_from([f"openspec/changes/{c}/{f}" for c in CHANGES for f in CHANGE_FILES] + TOP_FILES),
    content,
    max_size=10,
)
COMMANDS: list[list[str]] = [
    ["list"], ["list", "--json"], ["list", "--specs", "--json"], ["show", "a"], ["show", "a", "--json"],
    ["show", "cap", "--json", "--type", "spec"], ["validate", "--all"], ["validate", "--all", "--json", "--strict"],
    ["validate", "a"], ["tasks", "a", "--graph"], ["tasks", "a", "--json", "--graph"], ["next"], ["next", "--json"],
    ["check"], ["check", "--json"], ["decide"], ["decide", "--json", "--budget", "40h"],
    ["decide", "--weights", "impact=1e999"], ["decide", "choose", "P", "--yes"], ["decide", "choose", "a", "--yes"],
    ["report", "status", "--no-history"], ["report", "--no-history", "-o", "-"], ["report", "--check", "--no-history"],
    ["report", "--no-history"], ["report", "r", "--no-history"], ["hooks", "status"], ["tui"],
]  # fmt: skip
commands = st.sampled_from(COMMANDS)
TIME_LIMIT_SECONDS = 20


class Hang(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def hung(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _write(root: Path, tree: dict[str, str | bytes]) -> None:
    (root / "openspec" / "changes").mkdir(parents=True)
    for rel, data in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))


def _has_control(text: str) -> bool:
    return any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


def run_one(tree: dict[str, str | bytes], argv: list[str]) -> None:
    """Run `openspec ARGV --root <a workspace holding tree>` and assert every promise about how it ends."""
    from openspec_tool.cli.main import run

    with tempfile.TemporaryDirectory(prefix="openspec-fuzz-") as tmp:
        root = Path(tmp)
        _write(root, tree)
        out, err = io.StringIO(), io.StringIO()
        env_before = os.environ.get("NO_COLOR")
        os.environ["NO_COLOR"] = "1"
        try:
            with _time_limit(TIME_LIMIT_SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = run([*argv, "--root", str(root)] if argv[0] != "hooks" else argv)
        finally:
            if env_before is None:
                os.environ.pop("NO_COLOR", None)
            else:
                os.environ["NO_COLOR"] = env_before
        stdout, stderr = out.getvalue(), err.getvalue()
        where = f"openspec {' '.join(argv)} on {sorted(tree)}"
        assert code in (0, 1, 2), f"{where}: exit {code}\n{stderr}"
        assert "internal error" not in stderr and "Traceback" not in stderr, f"{where}:\n{stderr}"
        errors = [line for line in stderr.splitlines() if line.startswith("openspec: error:")]
        assert len(errors) <= 1, f"{where}: several errors\n{stderr}"
        if "--json" in argv and code != 2 and stdout:
            json.loads(stdout)
        else:
            # Documents (a report, a proposal or spec as `show` prints it) are exact into a pipe, as here.
            document = argv[0] == "report" or (argv[0] == "show" and "--json" not in argv)
            shown = stderr if document else stdout + stderr
            assert not _has_control(shown), f"{where}: control characters\n{stdout!r}\n{stderr!r}"
