"""Bad input never ends in a traceback: one clear line naming the file, and the documented exit code."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import write_tree

Cli = Callable[..., tuple[int, str, str]]

SPEC = (
    "## Purpose\nThis capability exists to be read by the tests, at length.\n\n## Requirements\n"
    "### Requirement: R\nThe system SHALL r.\n\n#### Scenario: s\n- ok\n"
)
DELTA = "## ADDED Requirements\n### Requirement: R2\nThe system SHALL r2.\n\n#### Scenario: s\n- ok\n"


def _ws(tmp_path: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "openspec/specs/good/spec.md": SPEC,
        "openspec/changes/ok/proposal.md": "# ok\n## Why\nBecause.\n## What Changes\n- x\n",
        "openspec/changes/ok/specs/good/spec.md": DELTA,
        "openspec/changes/ok/tasks.md": "- [x] 1.1 done\n- [ ] 1.2 open\n",
    }
    files.update(extra or {})
    return write_tree(tmp_path, files)


def test_no_workspace_is_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli("check", cwd=tmp_path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("openspec: error: No OpenSpec root found")


def test_no_workspace_for_a_reference_command_is_the_reference_answer(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli("validate", "--all", cwd=tmp_path)
    assert (code, out) == (1, "")
    assert err == "✖ Error: No OpenSpec root found from the current directory.\nFix: Run openspec init to create a root here.\n"
    code, out, _ = cli("list", "--specs", "--json", cwd=tmp_path)
    assert code == 1
    assert json.loads(out) == {
        "specs": [],
        "root": None,
        "status": [
            {
                "severity": "error",
                "code": "no_openspec_root",
                "message": "No OpenSpec root found from the current directory.",
                "target": "openspec.root",
                "fix": "Run openspec init to create a root here.",
            }
        ],
    }


def test_unknown_item_is_exit_1_with_suggestion(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("validate", "god", cwd=_ws(tmp_path))
    assert code == 1
    assert err.strip() == "Unknown item 'god'. Did you mean: good, ok?"


def test_bom_crlf_and_mojibake_validate_like_clean_files(cli: Cli, tmp_path: Path) -> None:
    crlf = ("\ufeff" + SPEC.replace("SHALL r.", "SHALL r â€” Ã©tÃ©.")).replace("\n", "\r\n").encode()
    code, out, err = cli("validate", "--all", cwd=_ws(tmp_path, {"openspec/specs/win/spec.md": crlf}))
    assert code == 0, err
    assert "✓ spec/win" in out


def test_invalid_utf8_and_binary_tasks_do_not_crash_and_good_items_still_pass(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(
        tmp_path,
        {
            "openspec/changes/bin/tasks.md": bytes(range(256)) * 40,
            "openspec/changes/bin/specs/good/spec.md": DELTA.encode() + b"\xff\xfe\x80 broken",
        },
    )
    code, out, err = cli("list", "--json", cwd=ws)
    assert code == 0 and '"name": "bin"' in out
    code, out, err = cli("validate", "--all", cwd=ws)
    assert "Traceback" not in err
    assert "✓ change/ok" in out and "✓ spec/good" in out


def test_ten_megabyte_tasks_file(cli: Cli, tmp_path: Path) -> None:
    big = "- [x] 1.1 done thing\n- [ ] 1.2 open thing\n" * 250_000
    ws = _ws(tmp_path, {"openspec/changes/ok/tasks.md": big})
    code, out, _ = cli("list", "--json", cwd=ws)
    assert code == 0 and '"totalTasks": 500000' in out and '"completedTasks": 250000' in out


def test_symlink_loop_and_fifo_are_skipped_not_followed(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    os.symlink(ws / "openspec" / "changes", ws / "openspec" / "changes" / "ok" / "specs" / "loop")
    os.symlink("self-loop", ws / "openspec" / "specs" / "self-loop")
    os.mkfifo(ws / "openspec" / "changes" / "ok" / "design.md")
    code, out, err = cli("validate", "--all", cwd=ws)
    assert code == 0, err
    assert "Totals: 2 passed, 0 failed (2 items)" in out


def test_spec_that_is_a_directory_is_an_error_naming_the_file(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path, {"openspec/specs/dir/spec.md/inner.md": "x"})
    code, out, _ = cli("validate", "--all", cwd=ws)
    # A directory named spec.md is a capability folder, not a spec: nothing to validate, nothing breaks.
    assert code == 0 and "spec/dir" not in out
    code, _, _ = cli("show", "good", "--type", "spec", "--root", str(ws))
    assert code == 0


def test_show_change_without_why_is_one_error_line(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path, {"openspec/changes/ok/proposal.md": "# ok\n\nno sections\n"})
    code, out, _ = cli("show", "ok", "--json", cwd=ws)
    assert code == 1
    assert '"code": "show_error"' in out and "Change must have a Why section" in out


def test_root_option_pointing_nowhere(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("list", "--root", str(tmp_path / "missing"))
    assert code == 2 and "not a directory" in err and err.count("\n") == 1


def test_check_names_an_unreadable_file_once_with_its_line(cli: Cli, tmp_path: Path) -> None:
    """A tasks.md that is a FIFO and metadata that is not YAML: one line each, the path said once, the line kept."""
    root = _ws(tmp_path, {"openspec/changes/ok/.openspec.yaml": "schema: a: b\n"})
    (root / "openspec/changes/ok/tasks.md").unlink()
    os.mkfifo(root / "openspec/changes/ok/tasks.md")
    _, out, err = cli("check", cwd=root)
    lines = [line for line in (out + err).splitlines() if "[unreadable]" in line]
    assert sorted(line.split(" warning ")[0] for line in lines) == [
        "openspec/changes/ok/.openspec.yaml:1:",
        "openspec/changes/ok/tasks.md:",
    ]
    assert all(line.count("openspec/changes/ok/") == 1 for line in lines), lines
    _, out, _ = cli("check", "--json", cwd=root)
    found = {f["path"]: (f["line"], f["message"]) for f in json.loads(out)["findings"] if f["code"] == "unreadable"}
    assert found["openspec/changes/ok/tasks.md"] == (None, "cannot read: Not a regular file")
    assert found["openspec/changes/ok/.openspec.yaml"][0] == 1
