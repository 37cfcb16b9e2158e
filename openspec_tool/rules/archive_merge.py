"""Would archive refuse this delta? A dry run of the reference's merge preconditions.

Only the refusals matter to `validate` (they become INFO issues); the merged text is
never built.
"""

from __future__ import annotations

import re

from openspec_tool.read.discover import SPECS, discover_spec_files
from openspec_tool.read.jstext import S
from openspec_tool.read.lazyre import lazy
from openspec_tool.read.requirement_blocks import (
    DeltaPlan,
    RequirementBlock,
    describe_scenario_balance,
    diff_scenario_names,
    extract_requirements_section,
    fold_requirement_name,
    normalize_requirement_name,
    parse_delta_spec,
)
from openspec_tool.read.spec_checks import structure_issues
from openspec_tool.read.tree import Tree, join

_MOD_HEADER = lazy(rf"###{S}*Requirement:{S}*(.+){S}*\Z", re.IGNORECASE)


class MergeRefused(Exception):
    pass


def _req(name: str) -> str:
    return f'"### Requirement: {name}"'


def _prevalidate(spec: str, plan: DeltaPlan) -> None:
    if plan.unpaired_renames:
        unpaired = plan.unpaired_renames[0]
        missing = "TO" if unpaired.side == "FROM" else "FROM"
        raise MergeRefused(
            f"{spec} validation failed - RENAMED entry on line {unpaired.line} has no matching {missing}: for header "
            f"{_req(unpaired.name)}. Write each rename as a FROM: line followed immediately by its TO: line."
        )
    added: set[str] = set()
    for a in plan.added:
        n = normalize_requirement_name(a.name)
        if n in added:
            raise MergeRefused(f"{spec} validation failed - duplicate requirement in ADDED for header {_req(a.name)}")
        added.add(n)
    modified: set[str] = set()
    for m in plan.modified:
        n = normalize_requirement_name(m.name)
        if n in modified:
            raise MergeRefused(f"{spec} validation failed - duplicate requirement in MODIFIED for header {_req(m.name)}")
        modified.add(n)
    removed: list[str] = []
    for r in plan.removed:
        n = normalize_requirement_name(r)
        if n in removed:
            raise MergeRefused(f"{spec} validation failed - duplicate requirement in REMOVED for header {_req(r)}")
        removed.append(n)
    froms: set[str] = set()
    tos: set[str] = set()
    for rn in plan.renamed:
        f, t = normalize_requirement_name(rn.from_name), normalize_requirement_name(rn.to_name)
        if f in froms:
            raise MergeRefused(f"{spec} validation failed - duplicate FROM in RENAMED for header {_req(rn.from_name)}")
        if t in tos:
            raise MergeRefused(f"{spec} validation failed - duplicate TO in RENAMED for header {_req(rn.to_name)}")
        froms.add(f)
        tos.add(t)
    conflicts: list[tuple[str, str, str]] = []
    for n in modified:
        if n in removed:
            conflicts.append((n, "MODIFIED", "REMOVED"))
        if n in added:
            conflicts.append((n, "MODIFIED", "ADDED"))
    for n in added:
        if n in removed:
            conflicts.append((n, "ADDED", "REMOVED"))
    for rn in plan.renamed:
        f, t = normalize_requirement_name(rn.from_name), normalize_requirement_name(rn.to_name)
        match = next((r for r in removed if fold_requirement_name(r) == fold_requirement_name(f)), None)
        if match is not None:
            spelled = "" if match == f else f' (REMOVED spells it "{match}")'
            raise MergeRefused(
                f"{spec} validation failed - requirement present in multiple sections (RENAMED and REMOVED) for "
                f"header {_req(rn.from_name)}{spelled}"
            )
        if f in modified:
            raise MergeRefused(
                f"{spec} validation failed - when a rename exists, MODIFIED must reference the NEW header {_req(rn.to_name)}"
            )
        if t in added:
            raise MergeRefused(
                f'{spec} validation failed - RENAMED TO header collides with ADDED for "### Requirement: {rn.to_name}"'
            )
    if conflicts:
        name, first, second = conflicts[0]
        raise MergeRefused(
            f"{spec} validation failed - requirement present in multiple sections ({first} and {second}) for header {_req(name)}"
        )
    if plan.entry_count == 0:
        raise MergeRefused(
            f"Delta parsing found no operations for {spec}. Provide ADDED/MODIFIED/REMOVED/RENAMED sections in change spec."
        )


def _norm_raw(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n").strip()


def check_merge(spec: str, delta_content: str, target_content: str | None) -> None:
    """Raise MergeRefused with archive's message when archive would refuse to apply the delta."""
    plan = parse_delta_spec(delta_content)
    _prevalidate(spec, plan)
    if target_content is None:
        if plan.modified or plan.renamed:
            raise MergeRefused(
                f"{spec}: target spec does not exist; only ADDED requirements are allowed for new specs. MODIFIED "
                "and RENAMED operations require an existing spec."
            )
        is_new = True
        blocks: dict[str, RequirementBlock] = {}
    else:
        is_new = False
        problems = structure_issues(target_content)
        if problems:
            details = "\n".join(f"line {p.line}: {p.message}" for p in problems)
            raise MergeRefused(f"{spec}: target spec is structurally invalid and cannot be updated until fixed:\n{details}")
        blocks = {}
        for b in extract_requirements_section(target_content).blocks:
            blocks[normalize_requirement_name(b.name)] = b
    for rn in plan.renamed:
        f, t = normalize_requirement_name(rn.from_name), normalize_requirement_name(rn.to_name)
        if f not in blocks:
            if t in blocks:
                near = next((k for k in blocks if k != t and fold_requirement_name(k) == fold_requirement_name(f)), None)
                if near is not None:
                    raise MergeRefused(
                        f"{spec} RENAMED failed for header {_req(rn.from_name)} - source not found, but "
                        f"{_req(blocks[near].name)} exists; fix the header to match it exactly"
                    )
                continue
            raise MergeRefused(f"{spec} RENAMED failed for header {_req(rn.from_name)} - source not found")
        if t in blocks:
            raise MergeRefused(f"{spec} RENAMED failed for header {_req(rn.to_name)} - target already exists")
        near = next((k for k in blocks if k != f and fold_requirement_name(k) == fold_requirement_name(t)), None)
        if near is not None:
            raise MergeRefused(
                f"{spec} RENAMED failed for header {_req(rn.to_name)} - {_req(blocks[near].name)} already exists and "
                "differs only in case or spacing; choose a distinct name"
            )
        block = blocks.pop(f)
        lines = block.raw.split("\n")
        lines[0] = f"### Requirement: {t}"
        blocks[t] = RequirementBlock(lines[0], t, "\n".join(lines))
    for name in plan.removed:
        key = normalize_requirement_name(name)
        if key not in blocks:
            if not is_new:
                near = next((k for k in blocks if fold_requirement_name(k) == fold_requirement_name(key)), None)
                if near is not None:
                    raise MergeRefused(
                        f"{spec} REMOVED failed for header {_req(name)} - not found, but {_req(blocks[near].name)} "
                        "exists; fix the header to match it exactly"
                    )
            continue
        del blocks[key]
    for mod in plan.modified:
        key = normalize_requirement_name(mod.name)
        current = blocks.get(key)
        if current is None:
            raise MergeRefused(f"{spec} MODIFIED failed for header {_req(mod.name)} - not found")
        hm = _MOD_HEADER.match(mod.raw.split("\n")[0])
        if not hm or normalize_requirement_name(hm.group(1)) != key:
            raise MergeRefused(f"{spec} MODIFIED failed for header {_req(mod.name)} - header mismatch in content")
        diff = diff_scenario_names(current, mod)
        if diff.missing:
            names = ", ".join(f'"{n}"' for n in diff.missing)
            raise MergeRefused(
                f"{spec} MODIFIED failed for header {_req(mod.name)} - current spec contains scenario(s) not present "
                f"in the modified block: {names}. {describe_scenario_balance(diff)} Refresh the change spec before "
                "archiving to avoid dropping scenarios."
            )
        blocks[key] = mod
    for add in plan.added:
        key = normalize_requirement_name(add.name)
        existing = blocks.get(key)
        if existing is not None:
            if _norm_raw(existing.raw) == _norm_raw(add.raw):
                continue
            raise MergeRefused(f"{spec} ADDED failed for header {_req(add.name)} - already exists")
        near = next((k for k in blocks if fold_requirement_name(k) == fold_requirement_name(key)), None)
        if near is not None:
            raise MergeRefused(
                f"{spec} ADDED failed for header {_req(add.name)} - {_req(blocks[near].name)} already exists and differs "
                "only in case or spacing; use MODIFIED with that exact header to change it, or choose a distinct name"
            )
        blocks[key] = add


def archive_blockers(tree: Tree, change: str, already_reported: set[str]) -> list[tuple[str, str]]:
    """(entry path, message) for every delta archive would refuse, skipping already-reported paths."""
    out: list[tuple[str, str]] = []
    for sf in discover_spec_files(tree, join(change, "specs")):
        entry = f"{sf.id}/spec.md"
        if entry in already_reported:
            continue
        try:
            delta = tree.read_text(sf.path)
        except OSError:
            continue
        target_rel = join(SPECS, sf.id, "spec.md")
        try:
            target: str | None = tree.read_text(target_rel)
        except (FileNotFoundError, NotADirectoryError):
            target = None
        except OSError:
            continue
        try:
            check_merge(sf.id, delta, target)
        except MergeRefused as exc:
            out.append((entry, f"Archive would refuse this delta: {exc}"))
    return out
