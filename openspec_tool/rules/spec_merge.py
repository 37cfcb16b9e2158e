"""A delta applied to its main spec: the reference's buildUpdatedSpec, with its text, counts, refusals and warnings.

Pure: the delta and the current main spec (None when there is none yet) go in; the rebuilt spec comes out, or
MergeRefused with the reference's message. Operations apply in its order — RENAMED, REMOVED, MODIFIED, ADDED —
and the requirements section is recomposed as it does it (original order kept, new requirements appended,
blank-line runs collapsed outside fences). `validate` asks the same function whether archive would refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openspec_tool.read.fence import fence_mask
from openspec_tool.read.jstext import S, js_len, trim, trim_end
from openspec_tool.read.lazyre import lazy
from openspec_tool.read.requirement_blocks import (
    DeltaPlan,
    RequirementBlock,
    RequirementsSection,
    extract_requirements_section,
    fold_requirement_name,
    normalize_requirement_name,
    parse_delta_spec,
)
from openspec_tool.read.scenario_names import describe_scenario_balance, diff_scenario_names
from openspec_tool.read.sections import SpecParseError, parse_spec
from openspec_tool.rules.messages import MIN_PURPOSE_LENGTH
from openspec_tool.rules.spec_structure import PLACEHOLDER_PREFIX, PLACEHOLDER_SUFFIX, structure_issues

_MOD_HEADER = lazy(rf"###{S}*Requirement:{S}*(.+){S}*\Z", re.IGNORECASE)
_PURPOSE = lazy(rf"##{S}+Purpose{S}*\Z", re.IGNORECASE)
_H2 = lazy(rf"##{S}+")
_FOREIGN = lazy(r" {0,3}#{1,3}(?:[ \t]|\Z)")
_CRLF = re.compile(r"\r\n?")


class MergeRefused(Exception):
    pass


@dataclass(frozen=True)
class Counts:
    added: int = 0
    modified: int = 0
    removed: int = 0
    renamed: int = 0

    @property
    def total(self) -> int:
        return self.added + self.modified + self.removed + self.renamed


@dataclass(frozen=True)
class BuiltSpec:
    rebuilt: str
    counts: Counts
    warnings: list[str] = field(default_factory=list)
    no_requirement_blocks: bool = False
    parts: RequirementsSection | None = None


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
    added: dict[str, None] = {}
    for a in plan.added:
        n = normalize_requirement_name(a.name)
        if n in added:
            raise MergeRefused(f"{spec} validation failed - duplicate requirement in ADDED for header {_req(a.name)}")
        added[n] = None
    modified: dict[str, None] = {}
    for m in plan.modified:
        n = normalize_requirement_name(m.name)
        if n in modified:
            raise MergeRefused(f"{spec} validation failed - duplicate requirement in MODIFIED for header {_req(m.name)}")
        modified[n] = None
    removed: dict[str, None] = {}
    for r in plan.removed:
        n = normalize_requirement_name(r)
        if n in removed:
            raise MergeRefused(f"{spec} validation failed - duplicate requirement in REMOVED for header {_req(r)}")
        removed[n] = None
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
    return trim(_CRLF.sub("\n", raw))


def _mask_html_comments(content: str) -> str:
    """`<!-- ... -->` (or `--!>`) spans blanked, line breaks kept; an unclosed comment runs to the end."""
    out: list[str] = []
    index = 0
    while True:
        start = content.find("<!--", index)
        if start == -1:
            out.append(content[index:])
            return "".join(out)
        out.append(content[index:start])
        ends = [e for e in (content.find("-->", start + 4), content.find("--!>", start + 4)) if e != -1]
        if not ends:
            out.append(re.sub(r"[^\n]", " ", content[start:]))
            return "".join(out)
        close = min(ends) + (3 if content.startswith("-->", min(ends)) else 4)
        out.append(re.sub(r"[^\n]", " ", content[start:close]))
        index = close


def extract_purpose(content: str) -> str | None:
    """The body of `## Purpose` (fences and HTML comments do not count as structure), None when empty."""
    normalized = _CRLF.sub("\n", content)
    lines = normalized.split("\n")
    masked = _mask_html_comments(normalized).split("\n")
    fenced = fence_mask(masked)
    start = next((i for i, ln in enumerate(masked) if not fenced[i] and ln.startswith("##") and _PURPOSE.match(ln)), -1)
    if start == -1:
        return None
    end = next((i for i in range(start + 1, len(masked)) if not fenced[i] and _H2.match(masked[i])), len(masked))
    prose = trim("\n".join(ln for k, ln in enumerate(masked[start + 1 : end]) if not fenced[start + 1 + k]))
    if not prose:
        return None
    return trim("\n".join(lines[start + 1 : end])) or None


def spec_skeleton(spec: str, change: str, purpose: str | None = None) -> str:
    body = trim(purpose or "") or f"{PLACEHOLDER_PREFIX}{change}{PLACEHOLDER_SUFFIX}"
    return f"# {spec} Specification\n\n## Purpose\n{body}\n\n## Requirements\n"


def _readable_overview(skeleton: str, spec: str) -> str | None:
    if "<!--" in skeleton or structure_issues(skeleton):
        return None
    try:
        return trim(parse_spec(skeleton, spec).overview) or None
    except SpecParseError:
        return None


def _first_foreign_tail(raw: str) -> tuple[str, str] | None:
    """(heading, text from it on) of the first `#`-`###` heading inside a block after its own header."""
    lines = _CRLF.sub("\n", raw).split("\n")
    fenced = fence_mask(lines)
    for i in range(1, len(lines)):
        if not fenced[i] and _FOREIGN.match(lines[i]):
            return trim(lines[i]), trim_end("\n".join(lines[i:]))
    return None


def _collapse_blank_runs(content: str) -> str:
    lines = content.split("\n")
    fenced = fence_mask(lines)
    kept: list[str] = []
    blank = 0
    for line, in_fence in zip(lines, fenced):
        if in_fence or line != "":
            blank = 0
            kept.append(line)
            continue
        blank += 1
        if blank == 1:
            kept.append(line)
    return "\n".join(kept)


def check_merge(spec: str, delta: str, target: str | None) -> None:
    """Only whether archive would refuse (MergeRefused), for `validate`: no text, no warnings.

    The same refusals as build_updated_spec: a new capability's skeleton can never be refused (a Purpose that
    would break it is replaced by the placeholder), so it is not built here."""
    plan = parse_delta_spec(delta)
    _prevalidate(spec, plan)
    if target is None:
        if plan.modified or plan.renamed:
            raise MergeRefused(_NEW_SPEC_ONLY_ADDED.format(spec=spec))
        _apply(spec, plan, {}, [], True, [])
        return
    _refuse_broken(spec, target)
    parts = extract_requirements_section(target)
    blocks = {normalize_requirement_name(b.name): b for b in parts.blocks}
    _apply(spec, plan, blocks, list(blocks), False, [])


_NEW_SPEC_ONLY_ADDED = (
    "{spec}: target spec does not exist; only ADDED requirements are allowed for new specs. MODIFIED and RENAMED "
    "operations require an existing spec."
)


def _refuse_broken(spec: str, target: str) -> None:
    problems = structure_issues(target)
    if problems:
        details = "\n".join(f"line {p.line}: {p.message}" for p in problems)
        raise MergeRefused(f"{spec}: target spec is structurally invalid and cannot be updated until fixed:\n{details}")


def build_updated_spec(spec: str, change: str, delta: str, target: str | None, target_path: str = "") -> BuiltSpec:
    """Apply `delta` to the main spec `target` (None: a new capability); MergeRefused with archive's message."""
    plan = parse_delta_spec(delta)
    warnings: list[str] = []
    _prevalidate(spec, plan)
    for orphan in plan.orphans:
        where = f'under "## {orphan.section}"' if orphan.section else 'above the first "## " section'
        warnings.append(
            f'{spec} - requirement "{orphan.name}" (line {orphan.line}) is {where}, which is not a delta section, so it '
            "was not applied. Move it under ADDED/MODIFIED/REMOVED/RENAMED Requirements."
        )
    delta_purpose = extract_purpose(delta)
    is_new = target is None
    if target is not None:
        if delta_purpose:
            existing = extract_purpose(target)
            if existing and existing != delta_purpose:
                warnings.append(
                    f"{spec} - delta Purpose ignored; {spec} already has one. Edit {target_path} directly to change it."
                )
    else:
        if plan.modified or plan.renamed:
            raise MergeRefused(_NEW_SPEC_ONLY_ADDED.format(spec=spec))
        if plan.removed:
            warnings.append(f"{spec} - {len(plan.removed)} REMOVED requirement(s) ignored for new spec (nothing to remove).")
        target = spec_skeleton(spec, change, delta_purpose)
        overview = _readable_overview(target, spec) if delta_purpose else None
        if delta_purpose and not overview:
            target = spec_skeleton(spec, change)
            warnings.append(
                f"{spec} - delta Purpose ignored (it would leave the new spec unreadable); wrote the placeholder Purpose instead."
            )
        elif overview and js_len(overview) < MIN_PURPOSE_LENGTH:
            warnings.append(
                f"{spec} - carried Purpose is under {MIN_PURPOSE_LENGTH} characters; openspec validate --strict reports "
                "it as too brief."
            )
    _refuse_broken(spec, target)
    parts = extract_requirements_section(target)
    blocks: dict[str, RequirementBlock] = {}
    for b in parts.blocks:
        blocks[normalize_requirement_name(b.name)] = b
    order = [normalize_requirement_name(b.name) for b in parts.blocks]
    counts = _apply(spec, plan, blocks, order, is_new, warnings)
    return _recompose(spec, parts, blocks, order, counts, warnings)


def _apply(
    spec: str, plan: DeltaPlan, blocks: dict[str, RequirementBlock], order: list[str], is_new: bool, warnings: list[str]
) -> Counts:
    renamed = 0
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
        if f in order:
            order[order.index(f)] = t
        renamed += 1
    removed = 0
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
                warnings.append(
                    f'{spec} - REMOVED requirement "{name}" is not in the current spec; treating it as already removed.'
                )
            continue
        del blocks[key]
        removed += 1
    modified = 0
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
        if _norm_raw(current.raw) != _norm_raw(mod.raw):
            modified += 1
        blocks[key] = mod
    added = 0
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
        added += 1
    return Counts(added, modified, removed, renamed)


def _recompose(
    spec: str,
    parts: RequirementsSection,
    blocks: dict[str, RequirementBlock],
    order: list[str],
    counts: Counts,
    warnings: list[str],
) -> BuiltSpec:
    kept: list[RequirementBlock] = []
    seen: set[str] = set()
    for block, key in zip(parts.blocks, order):
        replacement = blocks.get(key)
        if replacement is not None:
            kept.append(replacement)
            seen.add(key)
        if replacement is not block:
            foreign = _first_foreign_tail(block.raw)
            if foreign is not None:
                tail = _norm_raw(foreign[1])
                keeps = replacement is not None and _norm_raw(replacement.raw).count(tail) >= _norm_raw(block.raw).count(tail)
                if not keeps:
                    warnings.append(
                        f'{spec} - "{foreign[0]}" sits inside requirement "{block.name}" and goes with it. Move it under '
                        "its own requirement, or above `## Requirements`, to keep it."
                    )
    kept.extend(b for k, b in blocks.items() if k not in seen)
    preamble = trim_end(parts.preamble) if trim(parts.preamble) else ""
    body = trim_end("\n\n".join([p for p in [preamble] if p] + [b.raw for b in kept]))
    pieces = [s for s in (trim_end(parts.before), parts.header_line, body, trim(parts.after)) if s != ""]
    rebuilt = trim_end(_collapse_blank_runs("\n\n".join(pieces))) + "\n"
    return BuiltSpec(rebuilt, counts, warnings, not kept, parts)
