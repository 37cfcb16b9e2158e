"""Validation of a main spec, as the reference's `validateSpec` does it."""

from __future__ import annotations

from openspec_tool.model.findings import Finding
from openspec_tool.read.gcpause import gc_paused
from openspec_tool.read.jstext import js_len
from openspec_tool.read.requirement_blocks import extract_requirements_section
from openspec_tool.read.requirement_text import contains_shall_or_must, memo_body
from openspec_tool.read.sections import SpecParseError, count_requirements, parse_spec
from openspec_tool.rules import messages as msg
from openspec_tool.rules.spec_structure import placeholder_issue, structure_issues


def requirement_body_issues(
    prefix_name: str, name: str, raw: str, path: str, bodies: dict[str, str] | None = None
) -> list[Finding]:
    """The SHALL/MUST rule on one `### Requirement:` block (ERROR when no body, WARNING without keyword).

    `bodies` memoises the bodies of the blocks of one spec (see memo_body)."""
    body = memo_body(raw, True, {} if bodies is None else bodies)
    has_kw = contains_shall_or_must(name)
    if not body:
        return [Finding("ERROR", path, msg.missing_shall_must(prefix_name, name, False, has_kw))]
    if not contains_shall_or_must(body):
        return [Finding("WARNING", path, msg.missing_shall_must(prefix_name, name, True, has_kw))]
    return []


@gc_paused
def validate_spec_content(content: str, name: str) -> list[Finding]:
    try:
        spec = parse_spec(content, name)
    except SpecParseError as exc:
        return [Finding("ERROR", "file", msg.enrich_top_level(str(exc)))]
    issues: list[Finding] = []
    # The schema pass (zod in the reference): required requirements, text and scenarios.
    if not spec.requirements:
        issues.append(Finding("ERROR", "requirements", msg.SPEC_NO_REQUIREMENTS))
    for i, req in enumerate(spec.requirements):
        if not req.text:
            issues.append(Finding("ERROR", f"requirements.{i}.text", msg.REQUIREMENT_EMPTY))
        if not req.scenarios:
            issues.append(Finding("ERROR", f"requirements.{i}.scenarios", msg.REQUIREMENT_NO_SCENARIOS))
    worded: dict[tuple[str, str, int], str] = {}  # a spec of repeated headers repeats the same messages
    for s in structure_issues(content):
        message = worded.get((s.kind, s.header, s.first))
        if message is None:
            message = worded[s.kind, s.header, s.first] = s.message
        issues.append(Finding("ERROR", "file", message, s.line))
    is_placeholder, line = placeholder_issue(spec.overview, content)
    if is_placeholder:
        issues.append(Finding("WARNING", "overview", msg.PURPOSE_IS_PLACEHOLDER, line))
    elif js_len(spec.overview) < msg.MIN_PURPOSE_LENGTH:
        issues.append(Finding("WARNING", "overview", msg.PURPOSE_TOO_BRIEF))
    for i, req in enumerate(spec.requirements):
        if js_len(req.text) > msg.MAX_REQUIREMENT_TEXT_LENGTH:
            issues.append(Finding("INFO", f"requirements[{i}]", msg.REQUIREMENT_TOO_LONG))
        if not req.scenarios:
            issues.append(
                Finding(
                    "WARNING",
                    f"requirements[{i}].scenarios",
                    f"{msg.REQUIREMENT_NO_SCENARIOS}. {msg.GUIDE_SCENARIO_FORMAT}",
                )
            )
    bodies: dict[str, str] = {}
    sound: dict[str, bool] = {}  # raw text -> its body has SHALL/MUST (then the block has no issue)
    for i, block in enumerate(extract_requirements_section(content).blocks):
        fine = sound.get(block.raw)
        if fine is None:
            body = memo_body(block.raw, True, bodies)
            fine = sound[block.raw] = bool(body) and contains_shall_or_must(body)
        if not fine:  # the labels are worded only for a block with an issue
            issues.extend(
                requirement_body_issues(f'Requirement "{block.name}"', block.name, block.raw, f"requirements[{i}]", bodies)
            )
    return issues


def spec_requirement_count(content: str, name: str) -> int:
    """What `list --specs` reports: parsed requirements, 0 when the spec cannot be read."""
    try:
        return count_requirements(content)
    except SpecParseError:
        return 0
