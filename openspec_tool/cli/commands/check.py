"""`openspec check [--json] [--strict]`: the planning rules over the whole workspace and its planning documents."""

from __future__ import annotations

import sys

from openspec_tool.cli.output import emit_json, err, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.model.findings import Finding
from openspec_tool.read.decisions import config_required_sections, load_decisions
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.read.workspace import load_workspace
from openspec_tool.rules.planning import check_workspace, in_file_order, unread_findings
from openspec_tool.rules.planning_docs import check_documents


def collect(ws: WorkspaceRoot) -> list[Finding]:
    model = load_workspace(ws.tree, str(ws.root))
    decisions, errors = load_decisions(ws.tree)
    found = check_workspace(model, decisions, config_required_sections(ws.tree)) + check_documents(ws.tree, model, decisions)
    return unread_findings(errors, model.problems) + in_file_order(found)


def run(ws: WorkspaceRoot, as_json: bool, strict: bool) -> ExitCode:
    findings = collect(ws)
    errors = sum(1 for f in findings if f.level == "ERROR")
    warnings = sum(1 for f in findings if f.level == "WARNING")
    if as_json:
        emit_json({"findings": [f.check_json() for f in findings], "summary": {"errors": errors, "warnings": warnings}})
    else:
        for f in findings:
            where = f"{f.path}:{f.line}" if f.line else f.path
            color = "red" if f.level == "ERROR" else "yellow"
            err(f"{where}: {paint(f.level.lower(), color, sys.stderr)} [{f.code}] {f.message}")
        summary = f"{errors} error(s), {warnings} warning(s)" if findings else "no findings: the plan is consistent"
        out(paint(summary, "green" if not findings else "yellow"))
    return ExitCode.INVALID if errors or (strict and warnings) else ExitCode.OK
