"""Hand-worked examples of the reference rules, on in-memory workspaces."""

from __future__ import annotations

from openspec_tool.read.tree import MemoryTree
from openspec_tool.rules.bulk import validate_change_item, validate_spec_item
from openspec_tool.rules.change_rules import validate_change
from openspec_tool.rules.spec_rules import validate_spec_content

GOOD_SPEC = """# auth

## Purpose
Authenticate users of the service with passwords and sessions, safely.

## Requirements
### Requirement: Login
The system SHALL let a user log in with a password.

#### Scenario: Correct password
- **WHEN** the password matches
- **THEN** a session starts
"""


def _messages(issues: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [(i.level, i.path, i.message) for i in issues]


def test_valid_spec_has_no_issues() -> None:
    assert validate_spec_content(GOOD_SPEC, "auth") == []


def test_spec_without_purpose_is_one_error_with_guidance() -> None:
    issues = validate_spec_content("## Requirements\n### Requirement: X\nMUST\n", "x")
    assert len(issues) == 1
    assert issues[0].level == "ERROR" and issues[0].path == "file"
    assert issues[0].message.startswith("Spec must have a Purpose section. Missing required sections.")


def test_short_purpose_and_missing_scenario() -> None:
    spec = "## Purpose\nShort.\n\n## Requirements\n### Requirement: X\nThe system SHALL work.\n"
    got = _messages(validate_spec_content(spec, "x"))
    assert ("ERROR", "requirements.0.scenarios", "Requirement must have at least one scenario") in got
    assert ("WARNING", "overview", "Purpose section is too brief (less than 50 characters)") in got
    assert any(level == "WARNING" and path == "requirements[0].scenarios" for level, path, _ in got)


def test_purpose_length_counts_utf16_units() -> None:
    # 25 emoji are 50 UTF-16 code units: not too brief for the reference, though len() is 25.
    spec = (
        "## Purpose\n" + "😀" * 25 + "\n\n## Requirements\n### Requirement: X\nThe system SHALL work.\n\n#### Scenario: s\n- ok\n"
    )
    assert all(i.path != "overview" for i in validate_spec_content(spec, "x"))


def test_placeholder_purpose_is_reported_with_its_line() -> None:
    spec = GOOD_SPEC.replace(
        "Authenticate users of the service with passwords and sessions, safely.",
        "TBD - created by archiving change add-auth. Update Purpose after archive.",
    )
    issues = [i for i in validate_spec_content(spec, "auth") if i.path == "overview"]
    assert len(issues) == 1 and issues[0].line == 4 and "placeholder" in issues[0].message


def test_spanish_todo_is_prose_not_a_placeholder() -> None:
    spec = GOOD_SPEC.replace(
        "Authenticate users of the service with passwords and sessions, safely.",
        "Todo el sistema de autenticación vive aquí, con contraseñas y sesiones seguras.",
    )
    assert validate_spec_content(spec, "auth") == []


def test_requirement_keyword_only_in_header() -> None:
    spec = GOOD_SPEC.replace("The system SHALL let a user log in with a password.", "Users log in with a password.")
    spec = spec.replace("### Requirement: Login", "### Requirement: The system SHALL allow login")
    got = _messages(validate_spec_content(spec, "auth"))
    assert got == [
        (
            "WARNING",
            "requirements[0]",
            'Requirement "The system SHALL allow login" should contain SHALL or MUST in the requirement body, not only in '
            'the header. Move the SHALL/MUST statement to the line immediately after the "### Requirement: ..." header. '
            "(RFC 2119 best practice for English specs)",
        )
    ]


def _change(delta: str, main: str | None = None, extra: dict[str, str] | None = None) -> MemoryTree:
    files = {"openspec/changes/c/proposal.md": "# c\n", "openspec/changes/c/specs/auth/spec.md": delta}
    if main is not None:
        files["openspec/specs/auth/spec.md"] = main
    files.update(extra or {})
    return MemoryTree(files)


def test_change_without_deltas() -> None:
    tree = MemoryTree({"openspec/changes/c/proposal.md": "# c\n"})
    issues = validate_change(tree, "openspec/changes/c")
    assert [i.message.split(".")[0] for i in issues] == ["Change must have at least one delta"]


def test_skip_specs_marker_accepts_zero_deltas() -> None:
    tree = MemoryTree({"openspec/changes/c/.openspec.yaml": "schema: spec-driven\nskip_specs: true\n"})
    issues = validate_change(tree, "openspec/changes/c")
    assert [(i.level, i.path) for i in issues] == [("INFO", "file")]


def test_skip_specs_yes_is_not_a_boolean_in_yaml_1_2() -> None:
    tree = MemoryTree({"openspec/changes/c/.openspec.yaml": "schema: spec-driven\nskip_specs: yes\n"})
    issues = validate_change(tree, "openspec/changes/c")
    assert issues[0].path == ".openspec.yaml"
    assert issues[0].message.endswith("(skip_specs: Invalid input: expected boolean, received string)")


def test_modified_that_drops_a_scenario_is_an_error_and_archive_blocker_is_not_repeated() -> None:
    main = GOOD_SPEC + "\n#### Scenario: Wrong password\n- **WHEN** it differs\n- **THEN** refuse\n"
    delta = (
        "## MODIFIED Requirements\n### Requirement: Login\nThe system SHALL let a user log in.\n\n"
        "#### Scenario: Correct password\n- ok\n"
    )
    issues = validate_change(_change(delta, main), "openspec/changes/c")
    assert len(issues) == 1
    assert issues[0].message.startswith('MODIFIED "Login" omits scenario(s) the current spec still has: "Wrong password".')
    assert "The modified block has 1 scenario; the current spec has 2 scenarios. It adds none." in issues[0].message


def test_modified_against_missing_spec_is_an_info_blocker() -> None:
    delta = "## MODIFIED Requirements\n### Requirement: Login\nThe system SHALL do it.\n\n#### Scenario: s\n- ok\n"
    report = validate_change_item(_change(delta), "c", strict=False)
    assert report.valid
    assert [(i.level, i.path) for i in report.issues] == [("INFO", "auth/spec.md")]
    assert "target spec does not exist" in report.issues[0].message


def test_renamed_pairs_and_unpaired_lines() -> None:
    delta = (
        "## RENAMED Requirements\n- FROM: `### Requirement: Login`\n- TO: `### Requirement: Sign in`\n"
        "- TO: `### Requirement: Orphan`\n"
    )
    issues = validate_change(_change(delta, GOOD_SPEC), "openspec/changes/c")
    assert ("ERROR", "auth/spec.md") in [(i.level, i.path) for i in issues]
    assert any(i.line == 4 and 'RENAMED TO: "Orphan" has no matching FROM: line' in i.message for i in issues)


def test_fenced_requirement_is_ignored_and_strict_turns_warnings_into_failure() -> None:
    delta = (
        "## ADDED Requirements\n### Requirement: Export\nUsers can export data.\n\n#### Scenario: s\n- ok\n\n"
        "```md\n### Requirement: Not real\n```\n"
    )
    tree = _change(delta)
    assert validate_change_item(tree, "c", strict=False).valid
    strict = validate_change_item(tree, "c", strict=True)
    assert not strict.valid
    assert [i.level for i in strict.issues] == ["WARNING"]


def test_tasks_without_checkboxes_warn_with_line() -> None:
    delta = "## ADDED Requirements\n### Requirement: X\nThe system SHALL x.\n\n#### Scenario: s\n- ok\n"
    tree = _change(delta, extra={"openspec/changes/c/tasks.md": "# Tasks\n\n- write code\n- test it\n"})
    issues = validate_change(tree, "openspec/changes/c")
    assert [(i.level, i.path, i.line) for i in issues] == [("WARNING", "tasks.md", 3)]


def test_task_numbering_group_mismatch_and_duplicate() -> None:
    delta = "## ADDED Requirements\n### Requirement: X\nThe system SHALL x.\n\n#### Scenario: s\n- ok\n"
    tasks = "## 1. Setup\n- [ ] 1.1 a\n- [ ] 2.1 b\n- [ ] 1.1 c\n"
    issues = validate_change(_change(delta, extra={"openspec/changes/c/tasks.md": tasks}), "openspec/changes/c")
    assert [(i.line, i.message.split(";")[0].split(",")[0]) for i in issues] == [
        (3, 'Task "2.1" is under group 1'),
        (4, 'Task ID "1.1" is duplicated'),
    ]


def test_nested_change_folder_is_reported_as_not_a_change() -> None:
    tree = MemoryTree({"openspec/changes/mobile/refresh-token/proposal.md": "# x\n"})
    report = validate_change_item(tree, "mobile", strict=False)
    assert not report.valid
    assert report.issues[0].message.startswith(
        '"mobile" is not a change: it is a folder wrapping openspec/changes/mobile/refresh-token/.'
    )


def test_unreadable_spec_is_an_error_item_not_a_crash() -> None:
    tree = MemoryTree({"openspec/specs/auth/spec.md/x": "a directory named spec.md"})
    report = validate_spec_item(tree, "auth", strict=False)
    assert not report.valid and report.issues[0].path == "file"
