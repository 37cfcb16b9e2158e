"""`openspec validate [ITEM] [--all|--changes|--specs] [--strict] [--json]`, as the reference answers it."""

from __future__ import annotations

import sys

from openspec_tool.cli.context import Workspace
from openspec_tool.cli.output import emit_json, err, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.model.findings import Issue
from openspec_tool.read.discover import change_ids, spec_ids
from openspec_tool.rules.bulk import ItemResult, summary, validate_change_item, validate_many, validate_spec_item


def _prefix(issue: Issue) -> str:
    if issue.level == "ERROR":
        return paint("✗", "red", sys.stderr)
    return paint("⚠", "yellow", sys.stderr) if issue.level == "WARNING" else paint("ℹ", "blue", sys.stderr)


def _line(issue: Issue) -> str:
    where = f"{issue.path}:{issue.line}" if issue.line else issue.path
    return f"{_prefix(issue)} [{issue.level}] {where}: {issue.message}"


def nearest(name: str, candidates: list[str], limit: int = 5) -> list[str]:
    def lev(a: str, b: str) -> int:
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

    return [c for _, c in sorted(((lev(name, c), c) for c in candidates), key=lambda t: t[0])[:limit]]


def unknown_item(name: str, candidates: list[str], as_json: bool) -> ExitCode:
    suggestions = nearest(name, candidates)
    message = f"Unknown item '{name}'. Did you mean: {', '.join(suggestions)}?" if suggestions else f"Unknown item '{name}'."
    if as_json:
        emit_json({"status": [{"severity": "error", "code": "unknown_item", "message": message}]})
    else:
        err(message)
    return ExitCode.INVALID


def run_bulk(ws: Workspace, changes: bool, specs: bool, strict: bool, as_json: bool) -> ExitCode:
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
            out(f"{paint('✓', 'green')} {r.type}/{r.id}")
        else:
            err(f"{paint('✗', 'red', sys.stderr)} {r.type}/{r.id}")
        for issue in r.report.issues:
            err("  " + _line(issue))
    out(f"Totals: {len(results) - failed} passed, {failed} failed ({len(results)} items)")
    first = next((r for r in results if not r.report.valid), None)
    if first:
        out(f"Details: openspec validate {first.id} --type {first.type}")
    return ExitCode.INVALID if failed else ExitCode.OK


def run_item(ws: Workspace, name: str, type_: str | None, strict: bool, as_json: bool) -> ExitCode:
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
            err("Pass --type change|spec.")
        return ExitCode.INVALID
    if name in (".", "..") or (kind == "change" and "/" in name) or "\\" in name:
        message = f"{'Change name' if kind == 'change' else 'Spec id'} must not contain path separators"
        if as_json:
            emit_json({"status": [{"severity": "error", "code": "invalid_item", "message": message}]})
        else:
            err(message)
        return ExitCode.USAGE
    if (kind == "change" and name not in changes) or (kind == "spec" and name not in specs):
        return unknown_item(name, changes if kind == "change" else specs, as_json)
    report = validate_change_item(ws.tree, name, strict) if kind == "change" else validate_spec_item(ws.tree, name, strict)
    result = ItemResult(name, kind, report, 0)
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
            out(paint(f"{label} '{name}' is valid", "green"))
        else:
            err(paint(f"{label} '{name}' has issues", "red", sys.stderr))
        for issue in report.issues:
            err(_line(issue))
    return ExitCode.OK if report.valid else ExitCode.INVALID
