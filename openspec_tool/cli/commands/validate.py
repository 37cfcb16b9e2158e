"""`openspec validate [ITEM] [--all|--changes|--specs] [--strict] [--json]`, as the reference answers it."""

from __future__ import annotations

import time

from openspec_tool.cli.args import item_type, workspace_or_exit
from openspec_tool.cli.output import emit_json, err, out
from openspec_tool.exitcode import ExitCode
from openspec_tool.model.findings import Finding
from openspec_tool.read.collate import nearest
from openspec_tool.read.discover import NESTED_MARKER, change_ids, spec_ids
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.rules import messages
from openspec_tool.rules.bulk import ItemResult, summary, validate_change_item, validate_many, validate_spec_item


def _prefix(issue: Finding) -> str:
    if issue.level == "ERROR":
        return "✗"
    return "⚠" if issue.level == "WARNING" else "ℹ"


def _line(issue: Finding) -> str:
    # As the reference prints an issue in text mode: no line number (the JSON has it).
    return f"{_prefix(issue)} [{issue.level}] {issue.path}: {issue.message}"


def unknown_item(name: str, candidates: list[str], as_json: bool) -> ExitCode:
    suggestions = nearest(name, candidates)
    message = f"Unknown item '{name}'. Did you mean: {', '.join(suggestions)}?" if suggestions else f"Unknown item '{name}'."
    if as_json:
        emit_json({"status": [{"severity": "error", "code": "unknown_item", "message": message}]})
    else:
        err(message)
    return ExitCode.INVALID


def run_bulk(ws: WorkspaceRoot, changes: bool, specs: bool, strict: bool, as_json: bool) -> ExitCode:
    results = validate_many(ws.tree, changes, specs, strict)
    doc = {
        "items": [r.to_json() for r in results],
        "summary": summary(results, changes, specs),
        "version": "1.0",
        "root": ws.root_json(),
    }
    failed = sum(1 for r in results if not r.report.valid)
    if as_json:
        emit_json(doc)
        return ExitCode.INVALID if failed else ExitCode.OK
    if not results:
        out("No items found to validate.")
        return ExitCode.OK
    for r in results:
        if r.report.valid:
            out(f"✓ {r.type}/{r.id}")
        else:
            err(f"✗ {r.type}/{r.id}")
        for issue in r.report.issues:
            err("  " + _line(issue))
    out(f"Totals: {len(results) - failed} passed, {failed} failed ({len(results)} items)")
    first = next((r for r in results if not r.report.valid), None)
    if first:
        out(f"Details: openspec validate {first.id} --type {first.type}")
    return ExitCode.INVALID if failed else ExitCode.OK


def nothing_to_validate() -> ExitCode:
    err("Nothing to validate. Try one of:")
    for hint in ("--all", "--changes", "--specs", "<item-name>"):
        err(f"  openspec validate {hint}")
    err("Or run in an interactive terminal.")
    return ExitCode.INVALID


def name_problem(name: str, kind: str) -> str | None:
    """The reference's guard on a name before it is joined onto a folder (spec ids per `/` segment)."""

    def problem(value: str, label: str) -> str | None:
        if not value:
            return f"{label} must not be empty"
        if value in (".", ".."):
            return f"{label} must not be '{value}'"
        if "/" in value or "\\" in value:
            return f"{label} must not contain path separators"
        return None

    if kind == "change":
        return problem(name, "Change name")
    return next((p for p in (problem(seg, "Spec id") for seg in name.split("/")) if p), None)


def next_steps(kind: str, name: str, issues: list[Finding]) -> list[str]:
    """The reference's "Next steps" bullets for an item that failed."""

    def has(text: str) -> bool:
        return any(text in i.message for i in issues)

    if kind == "change" and has(NESTED_MARKER):
        return [
            "- Move each nested change directly under openspec/changes/, folding the namespace into its name",
            "- Only specs may be nested by domain; change directories are always flat",
        ]
    if kind == "change" and has(messages.CHANGE_SKIP_SPECS_CONFLICT):
        return [
            "- This change declares skip_specs (no spec deltas): delete the files under specs/, or remove skip_specs "
            "from .openspec.yaml if requirements do change",
            "- skip_specs is only honored when .openspec.yaml is valid change metadata (schema: <name> naming a known "
            "schema is required)",
        ]
    if kind == "change" and has(messages.CHANGE_SKIP_SPECS_INVALID_METADATA):
        return [
            "- Fix .openspec.yaml so the skip_specs marker can be honored (schema: <name> naming a known schema is required)",
            "- Or remove skip_specs from .openspec.yaml and add delta specs instead",
        ]
    if kind == "change":
        return [
            "- Ensure change has deltas in specs/: use headers ## ADDED/MODIFIED/REMOVED/RENAMED Requirements",
            "- Each requirement MUST include at least one #### Scenario: block",
            f"- Debug parsed deltas: openspec show {name} --json --deltas-only",
        ]
    return [
        "- Ensure spec includes ## Purpose and ## Requirements sections",
        "- Each requirement MUST include at least one #### Scenario: block",
        "- Re-run with --json to see structured report",
    ]


def run_item(ws: WorkspaceRoot, name: str, type_: str | None, strict: bool, as_json: bool) -> ExitCode:
    changes, specs = change_ids(ws.tree), spec_ids(ws.tree)
    is_change, is_spec = name in changes, name in specs
    kind = type_ or ("change" if is_change else "spec" if is_spec else None)
    if kind is None:
        return unknown_item(name, changes + specs, as_json)
    if type_ is None and is_change and is_spec:
        message = f"Ambiguous item '{name}' matches both a change and a spec."
        if as_json:
            emit_json(
                {
                    "status": [
                        {"severity": "error", "code": "ambiguous_item", "message": message, "fix": "Pass --type change|spec."}
                    ]
                }
            )
        else:
            err(message)
            err("Pass --type change|spec, or use: openspec change validate / openspec spec validate")
        return ExitCode.INVALID
    problem = name_problem(name, kind)
    if problem:
        if as_json:
            emit_json({"status": [{"severity": "error", "code": "invalid_item", "message": problem}]})
        else:
            err(problem)
        return ExitCode.INVALID
    start = time.monotonic()
    report = validate_change_item(ws.tree, name, strict) if kind == "change" else validate_spec_item(ws.tree, name, strict)
    result = ItemResult(name, kind, report, int((time.monotonic() - start) * 1000))
    if as_json:
        tally = {"items": 1, "passed": int(report.valid), "failed": int(not report.valid)}
        emit_json(
            {
                "items": [result.to_json()],
                "summary": {"totals": tally, "byType": {kind: tally}},
                "version": "1.0",
                "root": ws.root_json(),
            }
        )
    else:
        label = "Change" if kind == "change" else "Specification"
        if report.valid:
            out(f"{label} '{name}' is valid")
        else:
            err(f"{label} '{name}' has issues")
        for issue in report.issues:
            err(_line(issue))
        if not report.valid:
            err("Next steps:")
            for bullet in next_steps(kind, name, report.issues):
                err(f"  {bullet}")
    return ExitCode.OK if report.valid else ExitCode.INVALID


def main(
    item: str | None = None,
    all_: bool = False,
    changes: bool = False,
    specs: bool = False,
    type_: str | None = None,
    strict: bool = False,
    as_json: bool = False,
    root: str | None = None,
) -> ExitCode:
    """`validate` as parsed (by click, or by `cli/quick.py`)."""
    if all_ or changes or specs:
        ws = workspace_or_exit(root, no_root=(as_json, {}))
        return run_bulk(ws, all_ or changes, all_ or specs, strict, as_json)
    if not item:
        return nothing_to_validate()
    return run_item(workspace_or_exit(root, allow_implicit=True), item, item_type(type_), strict, as_json)
