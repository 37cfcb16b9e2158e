"""`openspec archive` on hand-made workspaces: the edge cases of the merge and the move, run beside the reference
(on the same path and date), and what the reference cannot show — that a failure leaves nothing behind."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from openspec_tool.write import archive_apply
from openspec_tool.write.archive import Archiver, HandOver
from tests.conftest import REPO, reference_cli, write_tree

_spec = importlib.util.spec_from_file_location("archive_harness", REPO / "tests" / "fixtures" / "archive" / "harness.py")
assert _spec is not None and _spec.loader is not None
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

PURPOSE = "This capability covers how sign-in behaves for every user and every failure mode."
WHY = "Users keep asking for this, and support sees the same tickets every single week now."


def req(name: str, body: str = "The system SHALL do it.", *scenarios: str) -> str:
    return f"### Requirement: {name}\n{body}\n\n" + "".join(
        f"#### Scenario: {s}\n- **WHEN** x\n- **THEN** y\n\n" for s in scenarios or ("Works",)
    )


def spec(*reqs: str, purpose: str = PURPOSE) -> str:
    return f"# Auth Specification\n\n## Purpose\n{purpose}\n\n## Requirements\n\n" + "".join(reqs)


def change(name: str, deltas: dict[str, str], tasks: str = "- [x] 1.1 done\n", meta: str | None = None) -> dict[str, str]:
    base = f"openspec/changes/{name}/"
    files = {
        base + "proposal.md": f"# {name}\n\n## Why\n{WHY}\n\n## What Changes\n- **auth:** changes sign-in\n",
        base + "tasks.md": tasks,
    }
    files.update({base + f"specs/{cap}/spec.md": text for cap, text in deltas.items()})
    if meta:
        files[base + ".openspec.yaml"] = meta
    return files


MAIN = spec(req("Login", "The system SHALL log in.", "Ok", "Bad password"), req("Logout"), req("Audit"))
FULL_DELTA = (
    "## RENAMED Requirements\n- FROM: `### Requirement: Audit`\n- TO: `### Requirement: Audit Trail`\n\n"
    "## REMOVED Requirements\n- ### Requirement: Logout\n\n"
    "## MODIFIED Requirements\n" + req("Login", "The system SHALL log in with a code.", "Ok", "Bad password", "Code") + "\n"
    "## ADDED Requirements\n" + req("Remember Me")
)
CASES: dict[str, tuple[dict[str, str | bytes], list[str], str]] = {
    "all four operations on a CRLF main spec with a BOM": (
        {"openspec/specs/auth/spec.md": ("\ufeff" + MAIN).replace("\n", "\r\n"), **change("c", {"auth": FULL_DELTA})},
        ["archive", "c", "--yes"],
        "",
    ),
    "a new capability carries the delta's Purpose, a short one is warned about": (
        {
            "openspec/specs/.keep": "",
            **change(
                "c",
                {
                    "new-cap": "## Purpose\nShort.\n\n## ADDED Requirements\n" + req("One"),
                    "other": "## ADDED Requirements\n" + req("Two"),
                },
            ),
        },
        ["archive", "c", "--yes"],
        "",
    ),
    "a dated name keeps its date, already-synced operations write nothing": (
        {"openspec/specs/auth/spec.md": MAIN, **change("2024-01-02-c", {"auth": "## ADDED Requirements\n" + req("Logout")})},
        ["archive", "2024-01-02-c", "--yes"],
        "",
    ),
    "the archive folder is taken": (
        {
            "openspec/specs/auth/spec.md": MAIN,
            f"openspec/changes/archive/{harness.DATE}-c/x.md": "x",
            **change("c", {"auth": FULL_DELTA}),
        },
        ["archive", "c", "--yes"],
        "",
    ),
    "a stale claim": (
        {
            "openspec/specs/auth/spec.md": MAIN,
            "openspec/changes/archive/.openspec-archive.lock": "{}",
            **change("c", {"auth": FULL_DELTA}),
        },
        ["archive", "c", "--yes"],
        "",
    ),
    "a removed requirement already gone, a foreign heading inside a replaced one": (
        {
            "openspec/specs/auth/spec.md": spec(
                req("Login", "The system SHALL log in.\n\n## Not a section\n### Notes\nkeep me", "Ok")
            ),
            **change(
                "c",
                {
                    "auth": "## REMOVED Requirements\n- ### Requirement: Gone\n\n## MODIFIED Requirements\n"
                    + req("Login", "The system SHALL x.", "Ok")
                },
            ),
        },
        ["archive", "c", "--yes"],
        "",
    ),
    "a piped answer answers one question only, as the reference's": (
        {"openspec/specs/auth/spec.md": MAIN, **change("c", {"auth": FULL_DELTA}, tasks="- [ ] 1.1 open\n")},
        ["archive", "c"],
        "y\nn\n",
    ),
    "a merge the reference refuses": (
        {"openspec/specs/auth/spec.md": MAIN, **change("c", {"auth": "## MODIFIED Requirements\n" + req("Nope")})},
        ["archive", "c", "--yes"],
        "",
    ),
    "a bad name": ({"openspec/specs/.keep": ""}, ["archive", "..", "--yes"], ""),
    "an unknown change": ({**change("real", {})}, ["archive", "other", "--yes"], ""),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_archive_edge_cases_as_the_reference(case: str, tmp_path: Path) -> None:
    cli = reference_cli()
    if cli is None:
        pytest.skip("the reference CLI is not installed")
    files, args, stdin = CASES[case]
    ws = write_tree(tmp_path / "ws", files)
    want = harness.run_reference(cli, ws, args, stdin)
    ws.rename(tmp_path / "theirs")
    got = harness.run_ours(write_tree(tmp_path / "ws", files), args, stdin)
    assert got == want


def test_a_symlinked_main_spec_is_written_through(tmp_path: Path) -> None:
    ws = write_tree(tmp_path, {"openspec/specs/real/spec.md": MAIN, **change("c", {"auth": FULL_DELTA})})
    (ws / "openspec/specs/auth").mkdir()
    (ws / "openspec/specs/auth/spec.md").symlink_to("../real/spec.md")
    got = harness.run_ours(ws, ["archive", "c", "--yes"])
    assert got["rc"] == 0
    assert (ws / "openspec/specs/auth/spec.md").is_symlink()
    assert "### Requirement: Audit Trail" in (ws / "openspec/specs/real/spec.md").read_text()


def test_a_failure_while_writing_leaves_the_workspace_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files: dict[str, str | bytes] = {
        "openspec/specs/auth/spec.md": MAIN,
        "openspec/specs/billing/spec.md": spec(req("Pay")),
        "openspec/changes/archive/.keep": "",  # the reference makes this folder before it asks anything; so do we
        **change(
            "c",
            {
                "auth": FULL_DELTA,
                "billing": "## ADDED Requirements\n" + req("Refund"),
                "fresh": "## ADDED Requirements\n" + req("New"),
            },
        ),
    }
    ws = write_tree(tmp_path, files)
    before = harness.digest(ws / "openspec")
    real_replace = os.replace
    calls = []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(archive_apply.os, "replace", failing_replace)
    got = harness.run_ours(ws, ["archive", "c", "--yes"])
    assert got["rc"] == 1 and got["errors"] == ["✖ Error: [Errno 28] No space left on device"]
    assert harness.digest(ws / "openspec") == before  # specs restored, change back in place, no temp files, no new folders


def test_retiring_a_capability_is_the_official_clis(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "openspec/specs/auth/spec.md": spec(req("Login")),
        **change(
            "c",
            {"auth": "## REMOVED Requirements\n- ### Requirement: Login\n"},
            meta="schema: spec-driven\nretire_capabilities: true\n",
        ),
    }
    ws = write_tree(tmp_path, files)

    class Quiet:
        def say(self, line: str = "") -> None:
            pass

        def confirm(self, message: str, default: bool) -> bool | None:
            return True

    with pytest.raises(HandOver):
        Archiver(ws, "c", Quiet(), yes=True).run()
    assert (ws / "openspec/changes/c").is_dir() and (ws / "openspec/specs/auth/spec.md").is_file()
