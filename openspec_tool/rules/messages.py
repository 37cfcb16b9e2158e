"""The reference CLI's validation messages, word for word (its validation/constants)."""

MIN_PURPOSE_LENGTH = 50
MAX_REQUIREMENT_TEXT_LENGTH = 500

SPEC_NO_REQUIREMENTS = "Spec must have at least one requirement"
REQUIREMENT_EMPTY = "Requirement text cannot be empty"
REQUIREMENT_NO_SCENARIOS = "Requirement must have at least one scenario"
CHANGE_NO_DELTAS = "Change must have at least one delta"
CHANGE_SKIP_SPECS_CONFLICT = (
    "skip_specs is set in .openspec.yaml but spec files exist under specs/. Remove skip_specs or delete the delta spec files"
)
CHANGE_SKIP_SPECS_ACCEPTED = (
    "skip_specs is set in .openspec.yaml: change declares no spec-level behavior changes, zero deltas accepted"
)
CHANGE_SKIP_SPECS_INVALID_METADATA = (
    "skip_specs is set but .openspec.yaml is not valid change metadata, so the marker is not honored. Fix the metadata"
)
PURPOSE_TOO_BRIEF = f"Purpose section is too brief (less than {MIN_PURPOSE_LENGTH} characters)"
PURPOSE_IS_PLACEHOLDER = (
    "Purpose section is still a placeholder rather than a Purpose anyone wrote (the sentence `openspec archive` "
    "writes for a new capability, or a `TBD`/`TODO` marker left in its place). Replace it with what this "
    "capability is for, editing the main spec directly: a `## Purpose` in a delta is read only when the "
    "capability is created, so it cannot replace this one."
)
REQUIREMENT_TOO_LONG = f"Requirement text is very long (>{MAX_REQUIREMENT_TEXT_LENGTH} characters). Consider breaking it down."
GUIDE_NO_DELTAS = (
    "No deltas found. Ensure your change has a specs/ directory with capability folders (e.g. "
    "specs/http-server/spec.md) containing .md files that use delta headers (## ADDED/MODIFIED/REMOVED/RENAMED "
    'Requirements) and that each requirement includes at least one "#### Scenario:" block. If this change '
    'intentionally modifies no specs (pure refactor, tooling, docs), set "skip_specs: true" in the change\'s '
    '.openspec.yaml instead. Tip: run "openspec change show <change-id> --json --deltas-only" to inspect parsed deltas.'
)
GUIDE_MISSING_SPEC_SECTIONS = (
    'Missing required sections. Expected headers: "## Purpose" and "## Requirements". Example:\n## Purpose\n'
    "[brief purpose]\n\n## Requirements\n### Requirement: Clear requirement statement\nUsers SHALL ...\n\n"
    "#### Scenario: Descriptive name\n- **WHEN** ...\n- **THEN** ..."
)
GUIDE_MISSING_CHANGE_SECTIONS = (
    'Missing required sections. Expected headers: "## Why" and "## What Changes". Ensure deltas are documented '
    "in specs/ using delta headers."
)
GUIDE_SCENARIO_FORMAT = (
    "Scenarios must use level-4 headers. Convert bullet lists into:\n#### Scenario: Short name\n- **WHEN** ...\n"
    "- **THEN** ...\n- **AND** ..."
)
TASKS_WITHOUT_CHECKBOXES = (
    'This change counts as 0 tasks: no line in its tracked task files is a checkbox, so "openspec list" and '
    '"openspec status" report no work and "openspec archive" has nothing to flag as incomplete. Write each task '
    'as "- [ ] 1.1 Description".'
)


def enrich_top_level(message: str) -> str:
    msg = message.strip()
    if msg == CHANGE_NO_DELTAS:
        return f"{msg}. {GUIDE_NO_DELTAS}"
    if "Spec must have a Purpose section" in msg or "Spec must have a Requirements section" in msg:
        return f"{msg}. {GUIDE_MISSING_SPEC_SECTIONS}"
    if "Change must have a Why section" in msg or "Change must have a What Changes section" in msg:
        return f"{msg}. {GUIDE_MISSING_CHANGE_SECTIONS}"
    return msg


def missing_shall_must(prefix: str, name: str, guidance: bool, name_has_keyword: bool) -> str:
    base = f"{prefix} {'should' if guidance else 'must'} contain SHALL or MUST"
    suffix = " (RFC 2119 best practice for English specs)" if guidance else ""
    if name_has_keyword:
        return (
            f"{base} in the requirement body, not only in the header. Move the SHALL/MUST statement to the line "
            f'immediately after the "### Requirement: ..." header.{suffix}'
        )
    return f"{base}{suffix}"
