"""Validation of a change's delta specs and task files, as the reference's `validateChangeDeltaSpecs`."""

from __future__ import annotations

import re

from openspec_tool.model.findings import Finding
from openspec_tool.read.discover import SPECS, discover_spec_files, has_any_file_under, unread_delta_files
from openspec_tool.read.gcpause import gc_paused
from openspec_tool.read.requirement_blocks import (
    DeltaPlan,
    Rename,
    RequirementBlock,
    extract_requirements_section,
    fold_requirement_name,
    normalize_requirement_name,
    parse_delta_spec,
)
from openspec_tool.read.requirement_text import (
    contains_shall_or_must,
    count_empty_scenarios,
    count_scenarios,
    extract_requirement_body,
)
from openspec_tool.read.scenario_names import describe_scenario_balance, diff_scenario_names
from openspec_tool.read.schemas import METADATA_FILENAME, read_marker
from openspec_tool.read.tree import Tree, join
from openspec_tool.rules import messages as msg
from openspec_tool.rules.archive_merge import archive_blockers
from openspec_tool.rules.task_rules import task_file_issues


def _section_list(sections: list[str]) -> str:
    if len(sections) <= 1:
        return "".join(sections)
    return ", ".join(sections[:-1]) + " and " + sections[-1]


def _plan_notes(plan: DeltaPlan, entry: str) -> list[Finding]:
    issues: list[Finding] = []
    for stray in plan.skipped_headers:
        nameless = re.fullmatch(r"requirement:?", stray.header, re.IGNORECASE | re.ASCII) is not None
        text = (
            f'Header "### {stray.header}" in {stray.section} is missing a requirement name and is ignored by '
            'validation. Add a name, e.g. "### Requirement: <name>".'
            if nameless
            else f'Header "### {stray.header}" in {stray.section} is not a "### Requirement:" header and is ignored '
            f'by validation. Use "### Requirement: {stray.header}" if it should be validated as a requirement.'
        )
        issues.append(Finding("INFO", entry, text, stray.line))
    for u in plan.unpaired_renames:
        missing = "TO" if u.side == "FROM" else "FROM"
        issues.append(
            Finding(
                "ERROR",
                entry,
                f'RENAMED {u.side}: "{u.name}" has no matching {missing}: line. Write each rename as a FROM: line '
                "followed immediately by its TO: line.",
                u.line,
            )
        )
    for o in plan.orphans:
        where = f'under "## {o.section}"' if o.section else 'above the first "## " section'
        issues.append(
            Finding(
                "WARNING",
                entry,
                f'Requirement "{o.name}" is {where}, which is not a delta section, so it is ignored. Move it under '
                '"## ADDED Requirements", "## MODIFIED Requirements", "## REMOVED Requirements", or '
                '"## RENAMED Requirements".',
                o.line,
            )
        )
    return issues


def _block_shape(raw: str) -> tuple[str, int, int]:
    """(requirement text, scenarios with a body, scenarios without) of a block, from the lines after its header."""
    body = raw.split("\n")[1:]
    if "\n####" not in raw:  # _scenario_bodies only looks at lines that start with ####
        return extract_requirement_body(body), 0, 0
    scenarios = count_scenarios(body)
    return extract_requirement_body(body), scenarios, count_empty_scenarios(body) if scenarios < 1 else 0


def _body_issues(op: str, name: str, raw: str, entry: str) -> tuple[Finding, ...]:
    """The requirement-text and scenario findings of one block."""
    issues: list[Finding] = []
    label = f'{op} "{name}"'
    body_text, scenarios, empty_scenarios = _block_shape(raw)
    has_kw = contains_shall_or_must(name)
    if not body_text:
        text = msg.missing_shall_must(label, name, False, True) if has_kw else f"{label} is missing requirement text"
        issues.append(Finding("ERROR", entry, text))
    elif not contains_shall_or_must(body_text):
        issues.append(Finding("WARNING", entry, msg.missing_shall_must(label, name, True, has_kw)))
    if scenarios < 1:
        hint = (
            ' (a scenario header with no body under it does not count; add its steps, e.g. "- **WHEN** ..." and "- **THEN** ...")'
            if empty_scenarios
            else ""
        )
        issues.append(Finding("ERROR", entry, f"{label} must include at least one scenario{hint}"))
    return tuple(issues)


def _block_issues(op: str, blocks: list[RequirementBlock], entry: str, names: dict[str, None]) -> list[Finding]:
    issues: list[Finding] = []
    # A delta may repeat a block word for word: its findings (immutable) are made once per (name, text).
    # Not per text alone: trailing whitespace trimmed off the text can still change the name.
    by_block: dict[tuple[str, str], tuple[Finding, ...]] = {}
    keys: dict[str, str] = {}
    for block in blocks:
        key = keys.get(block.name)
        if key is None:
            key = keys[block.name] = normalize_requirement_name(block.name)
        if key in names:
            issues.append(Finding("ERROR", entry, f'Duplicate requirement in {op}: "{block.name}"'))
        else:
            names[key] = None  # an ordered set: the reference iterates its Set in insertion order
        found = by_block.get((block.name, block.raw))
        if found is None:
            found = by_block[block.name, block.raw] = _body_issues(op, block.name, block.raw, entry)
        issues.extend(found)
    return issues


def _scenario_loss(tree: Tree, spec_id: str, plan: DeltaPlan, entry: str) -> list[Finding]:
    main_rel = join(SPECS, spec_id, "spec.md")
    try:
        main = tree.read_text(main_rel)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except IsADirectoryError:
        return [
            Finding(
                "ERROR",
                entry,
                f"Could not read {tree.abspath(main_rel)} to check the MODIFIED requirements against it (EISDIR). Archive reads "
                "the same file, so fix the file before archiving.",
            )
        ]
    except PermissionError:
        return [
            Finding(
                "ERROR",
                entry,
                f"Could not read {tree.abspath(main_rel)} to check the MODIFIED requirements against it (EACCES). Archive reads "
                "the same file, so fix the file before archiving.",
            )
        ]
    except OSError:
        return []
    current = {normalize_requirement_name(b.name): b for b in extract_requirements_section(main).blocks}
    renamed_from = {normalize_requirement_name(r.to_name): normalize_requirement_name(r.from_name) for r in plan.renamed}
    renamed_away = {normalize_requirement_name(r.from_name) for r in plan.renamed}

    def block_for(name: str) -> RequirementBlock | None:
        seen: set[str] = set()
        key: str | None = name
        while key is not None and key not in seen:
            if key in current:
                return current[key]
            seen.add(key)
            key = renamed_from.get(key)
        return None

    issues: list[Finding] = []
    for block in plan.modified:
        key = normalize_requirement_name(block.name)
        if key in renamed_away:
            continue
        cur = block_for(key)
        if cur is None:
            continue
        diff = diff_scenario_names(cur, block)
        if not diff.missing:
            continue
        names = ", ".join(f'"{n}"' for n in diff.missing)
        issues.append(
            Finding(
                "ERROR",
                entry,
                f'MODIFIED "{block.name}" omits scenario(s) the current spec still has: {names}. '
                f"{describe_scenario_balance(diff)} Copy the omitted scenarios into the MODIFIED block (a MODIFIED "
                "requirement replaces the whole block, so archive refuses to drop them).",
            )
        )
    return issues


def _cross_section(
    entry: str, added: dict[str, None], modified: dict[str, None], removed: list[str], renamed: list[Rename]
) -> list[Finding]:
    issues: list[Finding] = []
    removed_set = set(removed)
    for n in modified:
        if n in removed_set:
            issues.append(Finding("ERROR", entry, f'Requirement present in both MODIFIED and REMOVED: "{n}"'))
        if n in added:
            issues.append(Finding("ERROR", entry, f'Requirement present in both MODIFIED and ADDED: "{n}"'))
    for n in added:
        if n in removed_set:
            issues.append(Finding("ERROR", entry, f'Requirement present in both ADDED and REMOVED: "{n}"'))
    for r in renamed:
        f, t = normalize_requirement_name(r.from_name), normalize_requirement_name(r.to_name)
        if f in modified:
            issues.append(Finding("ERROR", entry, f'MODIFIED references old name from RENAMED. Use new header for "{r.to_name}"'))
        if t in added:
            issues.append(Finding("ERROR", entry, f'RENAMED TO collides with ADDED for "{r.to_name}"'))
        match = next((x for x in removed if fold_requirement_name(x) == fold_requirement_name(f)), None)
        if match is not None:
            spelled = "" if match == f else f' (REMOVED spells it "{match}")'
            issues.append(Finding("ERROR", entry, f'Requirement present in both RENAMED and REMOVED: "{r.from_name}"{spelled}'))
    return issues


@gc_paused
def validate_change(tree: Tree, change: str, with_main_specs: bool = True) -> list[Finding]:
    """All issues for the change folder `change` (a path relative to the tree root).

    `with_main_specs=False` is the reference's validation without a main-specs folder or project root, as
    archive runs it: no scenario-loss or archive-refusal checks against the main specs, no task-file checks."""
    specs_dir = join(change, "specs")
    issues: list[Finding] = []
    total = 0
    root_spec = tree.kind(join(specs_dir, "spec.md")) == "file"
    if root_spec:
        issues.append(
            Finding(
                "ERROR",
                "spec.md",
                "Delta spec found at specs/spec.md. Delta specs must live under a capability path (e.g. "
                "specs/<capability-path>/spec.md) — a file at the specs/ root is ignored when the change is applied "
                "or archived.",
            )
        )
    missing_header: list[str] = []
    empty_sections: list[tuple[str, list[str]]] = []
    for sf in discover_spec_files(tree, specs_dir, confine=True):
        try:
            content = tree.read_text(sf.path)
        except OSError:
            continue
        plan = parse_delta_spec(content)
        entry = f"{sf.id}/spec.md"
        issues.extend(_plan_notes(plan, entry))
        present = [
            f"## {label} Requirements"
            for key, label in (("added", "ADDED"), ("modified", "MODIFIED"), ("removed", "REMOVED"), ("renamed", "RENAMED"))
            if plan.presence[key]
        ]
        if plan.entry_count == 0:
            if present:
                empty_sections.append((entry, present))
            else:
                missing_header.append(entry)
        added: dict[str, None] = {}
        modified: dict[str, None] = {}
        issues.extend(_block_issues("ADDED", plan.added, entry, added))
        issues.extend(_block_issues("MODIFIED", plan.modified, entry, modified))
        total += len(plan.added) + len(plan.modified)
        if plan.modified and with_main_specs:
            issues.extend(_scenario_loss(tree, sf.id, plan, entry))
        removed: list[str] = []
        for name in plan.removed:
            key = normalize_requirement_name(name)
            total += 1
            if key in removed:
                issues.append(Finding("ERROR", entry, f'Duplicate requirement in REMOVED: "{name}"'))
            else:
                removed.append(key)
        froms: set[str] = set()
        tos: set[str] = set()
        for r in plan.renamed:
            f, t = normalize_requirement_name(r.from_name), normalize_requirement_name(r.to_name)
            total += 1
            if f in froms:
                issues.append(Finding("ERROR", entry, f'Duplicate FROM in RENAMED: "{r.from_name}"'))
            else:
                froms.add(f)
            if t in tos:
                issues.append(Finding("ERROR", entry, f'Duplicate TO in RENAMED: "{r.to_name}"'))
            else:
                tos.add(t)
        issues.extend(_cross_section(entry, added, modified, removed, plan.renamed))
    reported = {i.path for i in issues if i.level == "ERROR"} | set(missing_header) | {p for p, _ in empty_sections}
    for entry, message in archive_blockers(tree, change, reported) if with_main_specs else ():
        issues.append(Finding("INFO", entry, message))
    unread = unread_delta_files(tree, specs_dir)
    for u in unread:
        issues.append(
            Finding(
                "ERROR",
                u.path,
                f"Delta spec found at specs/{u.path}. Delta specs must be a spec.md inside a capability folder — this "
                f"file is ignored when the change is applied or archived. Move its requirements into specs/{u.expected}.",
            )
        )
    for entry, sections in empty_sections:
        issues.append(
            Finding(
                "ERROR",
                entry,
                f"Delta sections {_section_list(sections)} were found, but no requirement entries parsed. Ensure each "
                'section includes at least one "### Requirement:" block (REMOVED may use bullet list syntax).',
            )
        )
    for entry in missing_header:
        issues.append(
            Finding(
                "ERROR",
                entry,
                'No delta sections found. Add headers such as "## ADDED Requirements" or move non-delta notes outside specs/.',
            )
        )
    marker = read_marker(tree, change)
    if marker.invalid_reason:
        issues.append(Finding("ERROR", METADATA_FILENAME, f"{msg.CHANGE_SKIP_SPECS_INVALID_METADATA} ({marker.invalid_reason})"))
    specs_kind = tree.kind(specs_dir)
    # A `specs` that is a file (or unreadable) contradicts the marker: the reference fails closed.
    has_files = marker.declared and specs_kind != "missing" and (specs_kind != "dir" or has_any_file_under(tree, specs_dir))
    if marker.declared and has_files:
        issues.append(Finding("ERROR", "file", msg.CHANGE_SKIP_SPECS_CONFLICT))
    if total == 0 and not root_spec and not unread:
        if marker.declared and not has_files:
            issues.append(Finding("INFO", "file", msg.CHANGE_SKIP_SPECS_ACCEPTED))
        elif not marker.declared:
            issues.append(Finding("ERROR", "file", msg.enrich_top_level(msg.CHANGE_NO_DELTAS)))
    if with_main_specs:
        issues.extend(task_file_issues(tree, change))
    return issues
