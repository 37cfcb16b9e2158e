"""`openspec show ITEM [--json] [--type change|spec]`: a change's proposal or a spec, as the reference shows them."""

from __future__ import annotations

from openspec_tool.cli.commands.validate import unknown_item
from openspec_tool.cli.context import Workspace
from openspec_tool.cli.output import emit_json, err, write_doc
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.change_deltas import ChangeParseError, change_json
from openspec_tool.read.discover import CHANGES, SPECS, change_ids, describe_nested, nested_changes_in, spec_ids
from openspec_tool.read.sections import SpecParseError, parse_spec
from openspec_tool.read.tree import PathOutside, join


def _fail(message: str, as_json: bool, code: ExitCode = ExitCode.INVALID) -> ExitCode:
    if as_json:
        emit_json({"status": [{"severity": "error", "code": "show_error", "message": message}]})
    else:
        err(f"Error: {message}")
    return code


def _spec_json(ws: Workspace, spec_id: str) -> dict[str, object]:
    spec = parse_spec(ws.tree.read_text(join(SPECS, spec_id, "spec.md")), spec_id)
    reqs = [{"text": r.text, "scenarios": [{"rawText": s} for s in r.scenarios]} for r in spec.requirements]
    return {
        "id": spec_id,
        "title": spec_id,
        "overview": spec.overview,
        "requirementCount": len(reqs),
        "requirements": reqs,
        "metadata": {"version": "1.0.0", "format": "openspec"},
        "root": ws.root_json(),
    }


def run(ws: Workspace, name: str, type_: str | None, as_json: bool) -> ExitCode:
    changes, specs = change_ids(ws.tree), spec_ids(ws.tree)
    is_change, is_spec = name in changes, name in specs
    kind = type_ or ("change" if is_change else "spec" if is_spec else None)
    if kind is None or (kind == "change" and not is_change) or (kind == "spec" and not is_spec):
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
    try:
        if kind == "spec":
            if as_json:
                emit_json(_spec_json(ws, name))
            else:
                write_doc(ws.tree.read_text(join(SPECS, name, "spec.md")) + "\n")
            return ExitCode.OK
        change = join(CHANGES, name)
        if ws.tree.kind(join(change, "proposal.md")) != "file":
            nested = nested_changes_in(ws.tree, name)
            if nested:
                return _fail(describe_nested(name, nested), as_json)
            return _fail(
                f'Change "{name}" has no proposal.md yet. '
                f'Run "openspec status --change {name}" to see which artifact comes next.',
                as_json,
            )
        if as_json:
            doc = change_json(ws.tree, change, name)
            doc["root"] = ws.root_json()
            emit_json(doc)
        else:
            write_doc(ws.tree.read_text(join(change, "proposal.md")) + "\n")
        return ExitCode.OK
    except (SpecParseError, ChangeParseError) as exc:
        return _fail(str(exc), as_json)
    except PathOutside as exc:
        return _fail(str(exc), as_json)
    except OSError as exc:
        return _fail(f"cannot read {exc.filename or name}: {exc.strerror or exc}", as_json, ExitCode.USAGE)
