"""`openspec hooks run pre-commit` in real repositories: what is staged is judged, and only what is touched."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hooks.conftest import BAD_DELTA, BAD_MESSAGE, DELTA, PROPOSAL, PYTHON, SPEC, TASKS, Repo, change_files, workspace_files

DELTA_PATH = "openspec/changes/add-2fa/specs/auth/spec.md"
BAD_LINE = f"{DELTA_PATH}:3: {BAD_MESSAGE}"
CLI = Callable[..., tuple[int, str, str]]


def test_valid_staged_delta_passes(repo: Repo) -> None:
    repo.stage({**workspace_files(), **change_files()})
    code, output = repo.hook()
    assert code == 0, output
    assert "ERROR" not in output
    assert "openspec: 1 change and 1 spec checked: valid" in output


def test_invalid_staged_delta_blocks_with_file_and_line(repo: Repo) -> None:
    repo.stage({**workspace_files(), **change_files(delta=BAD_DELTA)})
    code, output = repo.hook()
    assert code == 1
    assert BAD_LINE in output.splitlines()
    assert "openspec: commit blocked: 1 error, 0 warnings" in output


def test_invalid_index_with_fixed_work_tree_still_blocks(based: Repo) -> None:
    based.stage({DELTA_PATH: BAD_DELTA})
    based.write({DELTA_PATH: DELTA})  # fixed on disk, not staged
    code, output = based.hook()
    assert code == 1
    assert BAD_LINE in output.splitlines()


def test_valid_index_with_broken_work_tree_passes(based: Repo) -> None:
    based.stage({DELTA_PATH: DELTA.replace("TOTP code", "one-time code")})
    based.write({DELTA_PATH: BAD_DELTA})  # broken on disk, not staged
    code, output = based.hook()
    assert code == 0, output
    assert "ERROR" not in output
    assert "checked: valid" in output


SECOND = """
### Requirement: Recovery codes
The system SHALL offer ten one-time recovery codes.

#### Scenario: Codes shown once
- **WHEN** a user enables 2FA
- **THEN** the codes are shown once
"""


def _stage_hunk(repo: Repo, path: str, index: int) -> None:
    """Stage one hunk of the work tree's edit of `path`, like `git add -p`."""
    patch = repo.git("diff", "-U0", "--", path).stdout
    header, *hunks = patch.split("\n@@")
    assert len(hunks) == 2, patch
    repo.git("apply", "--cached", "--unidiff-zero", "-", input=header + "\n@@" + hunks[index] + "\n")


def test_partially_staged_file_is_judged_as_staged(based: Repo) -> None:
    based.stage({DELTA_PATH: DELTA + SECOND})
    based.commit("two requirements")
    # Work tree: the first requirement loses its scenario (hunk 1), a note is appended (hunk 2).
    edited = BAD_DELTA + SECOND + "\n<!-- reviewed -->\n"
    based.write({DELTA_PATH: edited})
    _stage_hunk(based, DELTA_PATH, 1)  # only the note
    code, output = based.hook()
    assert code == 0, output
    based.git("reset", "-q", "--", DELTA_PATH)
    _stage_hunk(based, DELTA_PATH, 0)  # only the loss of the scenario
    assert "reviewed" not in based.git("show", f":{DELTA_PATH}").stdout
    code, output = based.hook()
    assert code == 1
    assert BAD_LINE in output.splitlines()


def test_first_commit_without_head(repo: Repo) -> None:
    assert repo.head() is None
    repo.stage({**workspace_files(), **change_files(delta=BAD_DELTA)})
    code, output = repo.hook()
    assert code == 1
    assert BAD_LINE in output.splitlines()
    repo.stage(change_files())
    code, output = repo.hook()
    assert code == 0, output


def test_untouched_invalid_change_does_not_block(based: Repo) -> None:
    based.stage(change_files("old-broken", delta=BAD_DELTA))
    based.commit("broken on purpose")  # --no-verify
    based.stage(change_files("add-sso", cap="sso"))
    code, data = based.hook_json()
    assert code == 0
    assert [(i["type"], i["id"]) for i in data["items"]] == [("change", "add-sso")]
    assert data["findings"] == []


def test_nothing_touched_is_quiet(based: Repo) -> None:
    based.stage({"README.md": "hello\n", "openspec/project.md": "# Project\n"})
    code, output = based.hook()
    assert (code, output) == (0, "")


def test_rename_of_a_change_folder_judges_the_new_name(based: Repo) -> None:
    based.git("mv", "openspec/changes/add-2fa", "openspec/changes/add-totp")
    code, data = based.hook_json()
    assert code == 0
    assert [(i["type"], i["id"]) for i in data["items"]] == [("change", "add-totp")]
    based.stage({"openspec/changes/add-totp/specs/auth/spec.md": BAD_DELTA})
    code, output = based.hook()
    assert code == 1
    assert f"openspec/changes/add-totp/specs/auth/spec.md:3: {BAD_MESSAGE}" in output.splitlines()
    assert "add-2fa" not in output


def test_moving_a_delta_between_changes_judges_both(based: Repo) -> None:
    based.stage({"openspec/changes/add-sso/proposal.md": PROPOSAL, "openspec/changes/add-sso/tasks.md": TASKS})
    based.commit("a change without deltas yet")
    based.git("mv", "openspec/changes/add-2fa/specs", "openspec/changes/add-sso/specs")
    code, data = based.hook_json()
    assert sorted((i["id"], i["valid"]) for i in data["items"]) == [("add-2fa", False), ("add-sso", True)]
    assert code == 1
    assert [f["path"] for f in data["findings"] if f["level"] == "ERROR"] == ["openspec/changes/add-2fa"]


def test_deleted_change_is_not_judged(based: Repo) -> None:
    based.stage(change_files("old-broken", delta=BAD_DELTA))
    based.commit("broken on purpose")
    based.git("rm", "-r", "-q", "openspec/changes/old-broken")
    code, output = based.hook()
    assert (code, output) == (0, "")


def test_deleting_a_main_spec_judges_the_changes_that_modify_it(based: Repo) -> None:
    modified = "## MODIFIED Requirements\n\n### Requirement: Login\nThe system SHALL log users in.\n\n" + (
        "#### Scenario: Valid credentials\n- **WHEN** valid\n- **THEN** in\n"
    )
    based.stage(change_files("tweak-login", delta=modified))
    based.commit("modify login")
    based.git("rm", "-q", "openspec/specs/auth/spec.md")
    code, data = based.hook_json()
    ids = {(i["type"], i["id"]) for i in data["items"]}
    assert ("change", "tweak-login") in ids and ("change", "add-2fa") in ids
    assert ("spec", "auth") not in ids  # gone from the index
    assert code == 0  # the reference only notes it (archive would refuse)
    assert {
        "level": "INFO",
        "path": "openspec/changes/tweak-login/specs/auth/spec.md",
        "line": None,
        "message": "Archive would refuse this delta: auth: target spec does not exist; only ADDED requirements are allowed "
        "for new specs. MODIFIED and RENAMED operations require an existing spec.",
        "item": "change/tweak-login",
        "source": "validate",
    } in data["findings"]


def test_editing_a_main_spec_also_judges_changes_with_a_delta_for_it(based: Repo) -> None:
    based.stage(change_files("other", cap="billing"))
    based.commit("other")
    based.stage({"openspec/specs/auth/spec.md": SPEC.replace("log in with a password", "sign in with a password")})
    code, data = based.hook_json()
    assert code == 0
    assert sorted((i["type"], i["id"]) for i in data["items"]) == [("change", "add-2fa"), ("spec", "auth")]


def test_archived_changes_are_not_judged(based: Repo) -> None:
    based.stage({"openspec/changes/archive/2024-01-01-old/specs/auth/spec.md": BAD_DELTA})
    code, output = based.hook()
    assert (code, output) == (0, "")


def test_spec_issue_points_at_its_line(based: Repo) -> None:
    broken = SPEC.replace(
        "#### Scenario: Valid credentials\n- **WHEN** the user submits valid credentials\n- **THEN** a session is created\n", ""
    )
    based.stage({"openspec/specs/auth/spec.md": broken})
    code, output = based.hook()
    assert code == 1
    assert "openspec/specs/auth/spec.md:8: ERROR Requirement must have at least one scenario" in output.splitlines()


def test_spaces_and_non_ascii_names(based: Repo) -> None:
    cid, cap = "día-ñ", "my cap"
    based.stage({**workspace_files(cap=cap), **change_files(cid, cap=cap, delta=BAD_DELTA)})
    code, output = based.hook()
    assert code == 1
    assert f"openspec/changes/{cid}/specs/{cap}/spec.md:3: {BAD_MESSAGE}" in output.splitlines()
    based.stage(change_files(cid, cap=cap))
    code, data = based.hook_json()
    assert code == 0
    assert sorted(i["id"] for i in data["items"]) == sorted([cid, cap])


def test_workspace_in_a_subdirectory(repo: Repo) -> None:
    base = "sub/project/"
    repo.stage({**workspace_files(base), **change_files(base=base, delta=BAD_DELTA)})
    code, output = repo.hook()
    assert code == 1
    assert f"sub/project/{DELTA_PATH}:3: {BAD_MESSAGE}" in output.splitlines()
    # Run from inside the subdirectory too: paths stay relative to the repository root.
    code, output = repo.hook(cwd=repo.path / "sub")
    assert code == 1
    assert f"sub/project/{DELTA_PATH}:3: {BAD_MESSAGE}" in output.splitlines()


def test_root_option_limits_the_workspaces(repo: Repo) -> None:
    fixtures = "tests/fixtures/broken/"
    repo.stage({**workspace_files(), **change_files(), **change_files(base=fixtures, delta=BAD_DELTA)})
    code, output = repo.hook()
    assert code == 1 and f"{fixtures}{DELTA_PATH}:3" in output
    code, output = repo.hook("--root", ".")
    assert code == 0, output
    code, output = repo.hook("--root", "tests/fixtures/broken/openspec")
    assert code == 1 and f"{fixtures}{DELTA_PATH}:3" in output


def test_strictness_from_option_and_config(based: Repo) -> None:
    # "must" in lower case: the reference warns (and does not fail) without --strict.
    weak = DELTA.replace("SHALL ask", "asks")
    based.stage({DELTA_PATH: weak})
    code, output = based.hook()
    assert code == 0, output
    assert f"{DELTA_PATH}:3: WARNING" in output
    code, output = based.hook("--strict")
    assert code == 1
    assert "(strict: warnings block)" in output
    based.stage({"openspec/config.yaml": "schema: spec-driven\nhooks:\n  strict: true\n"})
    assert based.hook()[0] == 1
    assert based.hook("--no-strict")[0] == 0


def test_config_is_read_from_the_index(based: Repo) -> None:
    based.stage({DELTA_PATH: DELTA.replace("SHALL ask", "asks")})
    based.write({"openspec/config.yaml": "hooks:\n  strict: true\n"})  # not staged: does not count
    assert based.hook()[0] == 0


def test_bad_hook_settings_warn_without_blocking(based: Repo) -> None:
    based.stage(
        {"openspec/config.yaml": "hooks:\n  strict: yes\n  colour: red\n", DELTA_PATH: DELTA.replace("SHALL ask", "asks")}
    )
    code, output = based.hook()
    assert code == 0, output
    assert "openspec/config.yaml:2: WARNING hooks.strict must be true or false, not 'yes'; using false" in output
    assert "openspec/config.yaml:3: WARNING unknown setting hooks.colour" in output
    _, data = based.hook_json()
    assert {
        "level": "WARNING",
        "path": "openspec/config.yaml",
        "line": 3,
        "message": "unknown setting hooks.colour (known: strict, checks, report_check)",
        "item": None,
        "source": "config",
    } in data["findings"]


def test_planning_checks_when_the_config_asks(based: Repo) -> None:
    tasks_path = "openspec/changes/add-2fa/tasks.md"
    based.stage({tasks_path: TASKS + "- [ ] 1.2 Ship it {after: 9.9}\n"})
    code, output = based.hook()
    assert code == 0, output  # planning checks are off by default
    based.stage({"openspec/config.yaml": "hooks:\n  checks: true\n"})
    code, output = based.hook()
    assert code == 1
    assert f"{tasks_path}:3: ERROR [unknown-dependency] task 1.2 depends on 9.9" in output
    based.stage({"openspec/changes/add-2fa/.openspec.yaml": "schema: spec-driven\neffort: lots\n"})
    code, output = based.hook()
    assert (
        "openspec/changes/add-2fa/.openspec.yaml: WARNING [unreadable] effort: cannot read 'lots' as a range "
        "(write e.g. 10-20h or 1-2 weeks)" in output.splitlines()
    )
    _, data = based.hook_json()
    assert {
        "level": "ERROR",
        "path": tasks_path,
        "line": 3,
        "message": "[unknown-dependency] task 1.2 depends on 9.9, which is not a task in this file; fix the id or remove it",
        "item": "change/add-2fa",
        "source": "check",
    } in data["findings"]
    unreadable = [f for f in data["findings"] if f["message"].startswith("[unreadable]")]
    assert [(f["path"], f["line"], f["item"], f["source"]) for f in unreadable] == [
        ("openspec/changes/add-2fa/.openspec.yaml", None, "change/add-2fa", "check")
    ]


def test_planning_checks_judge_only_touched_changes(based: Repo) -> None:
    based.stage({"openspec/changes/old/tasks.md": "- [ ] 1 A {after: 7}\n", **change_files("old")})
    based.stage(
        {
            "openspec/changes/old/tasks.md": "## 1. Work\n- [ ] 1.1 A {after: 7}\n",
            "openspec/config.yaml": "hooks:\n  checks: true\n",
        }
    )
    based.commit("old plan with a bad dependency")
    based.stage(change_files("new-one", cap="sso"))
    code, output = based.hook()
    assert code == 0, output
    assert "unknown-dependency" not in output


def test_report_check_unavailable_is_a_note(based: Repo, cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> object:
        return None if name == "openspec_tool.cli.commands.report" else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    based.stage({"openspec/config.yaml": "hooks:\n  report_check: true\n", DELTA_PATH: DELTA.replace("TOTP", "TOTP (RFC 6238)")})
    code, _, err = cli("hooks", "run", "pre-commit", cwd=based.path)
    assert code == 0, err
    assert "openspec: report --check is not available in this version of openspec-tool; skipped" in err.splitlines()


def test_report_check_runs_for_the_touched_workspace(repo: Repo, cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    from openspec_tool.cli.commands import report

    calls: list[tuple[Path, bool]] = []
    verdict = {"code": 1}

    def fake_run(ws: object, name: object, output: object, fmt: object, check: bool, *rest: object) -> int:
        calls.append((ws.root, check))  # type: ignore[attr-defined]
        return verdict["code"]

    monkeypatch.setattr(report, "run", fake_run)
    base = "sub/project/"
    repo.stage(
        {**workspace_files(base), **change_files(base=base), f"{base}openspec/config.yaml": "hooks:\n  report_check: true\n"}
    )
    code, _, err = cli("hooks", "run", "pre-commit", cwd=repo.path)
    assert code == 1, err
    assert calls == [((repo.path / "sub" / "project").resolve(), True)]
    assert "openspec: commit blocked" in err
    verdict["code"] = 0
    code, _, err = cli("hooks", "run", "pre-commit", cwd=repo.path)
    assert code == 0, err


def test_unmerged_paths_block(based: Repo) -> None:
    based.git("checkout", "-q", "-b", "topic")
    based.stage({DELTA_PATH: DELTA.replace("TOTP code", "code from an app")})
    based.commit("topic")
    based.git("checkout", "-q", "main")
    based.stage({DELTA_PATH: DELTA.replace("TOTP code", "code by text message")})
    based.commit("main")
    assert based.git("merge", "topic", check=False).returncode != 0
    code, output = based.hook()
    assert code == 1
    assert f"{DELTA_PATH}: ERROR unmerged: resolve the conflict and stage the result" in output
    _, data = based.hook_json()
    message = "unmerged: resolve the conflict and stage the result"
    assert {"level": "ERROR", "path": DELTA_PATH, "line": None, "message": message, "item": None, "source": "git"} in data[
        "findings"
    ]


def test_not_a_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    (plain / "openspec" / "specs").mkdir(parents=True)
    code, output = Repo(plain).hook()
    assert code == 2
    assert "openspec: error: git rev-parse: not a git repository" in output


def test_symlinked_delta_in_the_index(based: Repo) -> None:
    link = based.path / "openspec/changes/add-2fa/specs/sso/spec.md"
    link.parent.mkdir(parents=True)
    link.symlink_to("../auth/spec.md")
    based.git("add", "--", str(link))
    code, data = based.hook_json()
    assert code == 0, data
    shutil.rmtree(based.path / "openspec/changes/add-2fa/specs/auth")  # gone from disk, still staged
    code, data = based.hook_json()
    assert code == 0, data


def test_the_hook_entry_point_answers_as_the_cli(based: Repo) -> None:
    based.stage({DELTA_PATH: BAD_DELTA, "openspec/specs/auth/spec.md": SPEC.replace("SHALL let", "lets")})
    for args in (
        ["--json"],
        ["--json", "--strict", "--root", "."],
        ["--no-strict", "--json", "--root=openspec", "origin", "url"],
    ):
        lean = subprocess.run(
            [PYTHON, "-P", "-m", "openspec_tool.hooks", "run", "pre-commit", *args],
            cwd=based.path,
            capture_output=True,
            text=True,
        )
        cli_code, cli_out, _ = based.openspec("hooks", "run", "pre-commit", *args)
        assert (lean.returncode, lean.stdout) == (cli_code, cli_out)
        assert lean.returncode == 1 and json.loads(lean.stdout)["blocked"] is True
    for bad in (["run", "pre-commit", "--strictly"], ["run", "post-commit"], [], ["run", "pre-commit", "--root"]):
        proc = subprocess.run([PYTHON, "-m", "openspec_tool.hooks", *bad], cwd=based.path, capture_output=True, text=True)
        assert proc.returncode == 2 and proc.stderr.startswith("openspec: error: ")
