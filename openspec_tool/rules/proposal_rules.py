"""The reference's proposal validation (its validateChange): the change as `show --json` reads it, checked
against its ChangeSchema and change rules. Archive prints what it finds as non-blocking warnings."""

from __future__ import annotations

from typing import Any

from openspec_tool.model.findings import Finding, Report
from openspec_tool.read.change_deltas import ChangeParseError, change_deltas, simple_deltas
from openspec_tool.read.jstext import js_len, trim
from openspec_tool.read.schemas import METADATA_FILENAME, read_marker
from openspec_tool.read.sections import find_section, parse_sections
from openspec_tool.read.tree import Tree, join
from openspec_tool.rules import messages as msg

MIN_WHY = 50
MAX_WHY = 1000
MAX_DELTAS = 10
_WHY_SHORT = f"Why section must be at least {MIN_WHY} characters"
_WHY_LONG = f"Why section should not exceed {MAX_WHY} characters"


def _requirement_issues(req: Any, path: str) -> list[Finding]:
    out: list[Finding] = []
    if not isinstance(req, dict):
        return out
    if js_len(str(req.get("text", ""))) < 1:
        out.append(Finding("ERROR", f"{path}.text", msg.REQUIREMENT_EMPTY))
    scenarios = req.get("scenarios") or []
    if len(scenarios) < 1:
        out.append(Finding("ERROR", f"{path}.scenarios", msg.REQUIREMENT_NO_SCENARIOS))
    for k, sc in enumerate(scenarios):
        if js_len(str(sc.get("rawText", ""))) < 1:
            out.append(Finding("ERROR", f"{path}.scenarios.{k}.rawText", "Scenario text cannot be empty"))
    return out


def _schema_issues(why: str, what: str, deltas: list[dict[str, Any]]) -> list[Finding]:
    """ChangeSchema.safeParse's issues, in zod's order (fields as declared; an array's size before its items)."""
    out: list[Finding] = []
    if js_len(why) < MIN_WHY:
        out.append(Finding("ERROR", "why", _WHY_SHORT))
    if js_len(why) > MAX_WHY:
        out.append(Finding("ERROR", "why", _WHY_LONG))
    if js_len(what) < 1:
        out.append(Finding("ERROR", "whatChanges", "What Changes section cannot be empty"))
    if not deltas:
        out.append(Finding("ERROR", "deltas", f"{msg.CHANGE_NO_DELTAS}. {msg.GUIDE_NO_DELTAS}"))
    if len(deltas) > MAX_DELTAS:
        out.append(Finding("ERROR", "deltas", f"Consider splitting changes with more than {MAX_DELTAS} deltas"))
    for i, d in enumerate(deltas):
        if js_len(d.get("spec", "")) < 1:
            out.append(Finding("ERROR", f"deltas.{i}.spec", "Spec name cannot be empty"))
        if js_len(d.get("description", "")) < 1:
            out.append(Finding("ERROR", f"deltas.{i}.description", "Delta description cannot be empty"))
        if "requirement" in d:
            out.extend(_requirement_issues(d["requirement"], f"deltas.{i}.requirement"))
        for k, req in enumerate(d.get("requirements") or []):
            out.extend(_requirement_issues(req, f"deltas.{i}.requirements.{k}"))
    return out


def _change_rules(deltas: list[dict[str, Any]]) -> list[Finding]:
    out: list[Finding] = []
    for i, d in enumerate(deltas):
        if js_len(d.get("description", "")) < 10:
            out.append(Finding("WARNING", f"deltas[{i}].description", "Delta description is too brief"))
        if d.get("operation") in ("ADDED", "MODIFIED") and not d.get("requirements"):
            out.append(Finding("WARNING", f"deltas[{i}].requirements", f"{d['operation']} Delta should include requirements"))
    return out


def validate_proposal(tree: Tree, change: str) -> Report | None:
    """The proposal's report, None when the change has no proposal.md (the reference skips it then)."""
    try:
        proposal = tree.read_text(join(change, "proposal.md"))
    except OSError:
        return None
    issues: list[Finding] = []
    try:
        sections = parse_sections(proposal)
        why_section, what_section = find_section(sections, "Why"), find_section(sections, "What Changes")
        why = why_section.content if why_section else ""
        what = what_section.content if what_section else ""
        if not why:
            raise ChangeParseError("Change must have a Why section")
        if not what:
            raise ChangeParseError("Change must have a What Changes section")
        deltas, has_sections = change_deltas(tree, change)
        if not has_sections:
            deltas = simple_deltas(what)
        marker = read_marker(tree, change)
        if marker.invalid_reason:
            issues.append(
                Finding("ERROR", METADATA_FILENAME, f"{msg.CHANGE_SKIP_SPECS_INVALID_METADATA} ({marker.invalid_reason})")
            )
        found = _schema_issues(trim(why), trim(what), deltas)
        if marker.declared:
            found = [i for i in found if not i.message.startswith(msg.CHANGE_NO_DELTAS)]
        issues.extend(found)
        issues.extend(_change_rules(deltas))
    except ChangeParseError as exc:
        issues.append(Finding("ERROR", "file", msg.enrich_top_level(str(exc))))
    return Report.of(issues, strict=False)
