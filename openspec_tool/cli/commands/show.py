"""`openspec show ITEM [--json] [--type change|spec] [flags]`: a change's proposal or a spec, as the reference shows them.

Change flags: `--deltas-only` (and its deprecated alias `--requirements-only`) give the same JSON object.
Spec flags (JSON only): `--requirements` and `--no-scenarios` drop the scenarios, `-r N` keeps requirement N.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from openspec_tool.cli.args import item_type, workspace_or_exit
from openspec_tool.cli.commands.validate import unknown_item
from openspec_tool.cli.output import emit_json, err, fail_line, write_doc
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.change_deltas import ChangeParseError, change_json
from openspec_tool.read.discover import CHANGES, SPECS, change_ids, describe_nested, nested_changes_in, spec_ids
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.read.sections import SpecParseError, parse_spec
from openspec_tool.read.tree import PathOutside, join


@dataclass(frozen=True)
class ShowFlags:
    """The reference's per-type flags; None where the flag was not given."""

    deltas_only: bool = False
    requirements_only: bool = False  # deprecated alias of deltas_only
    requirements: bool = False
    no_scenarios: bool = False
    requirement: str | None = None

    def irrelevant(self, kind: str) -> list[str]:
        """The flags given that do not apply to `kind`, named as the reference's warning names them."""
        if kind == "change":
            given = {
                "requirements": self.requirements,
                "scenarios": self.no_scenarios,
                "requirement": self.requirement is not None,
            }
        else:
            given = {"deltasOnly": self.deltas_only, "requirementsOnly": self.requirements_only}
        return [k for k, on in given.items() if on]


class ShowError(Exception):
    pass


def _fail(message: str, as_json: bool, code: ExitCode = ExitCode.INVALID) -> ExitCode:
    if as_json:
        emit_json({"status": [{"severity": "error", "code": "show_error", "message": message}]})
    else:
        fail_line(f"Error: {message}")
    return code


_PARSE_INT = re.compile(r"[ \t\n\r\v\f]*([+-]?[0-9]+)")


def _requirement_index(option: str | None, count: int) -> int | None:
    """`Number.parseInt(option, 10)` checked against 1..count, as a 0-based index."""
    if option is None or option == "":
        return None
    m = _PARSE_INT.match(option)
    index = int(m.group(1)) if m else 0
    if not m or index < 1 or index > count:
        raise ShowError(f"Requirement {option} not found")
    return index - 1


def _spec_json(ws: WorkspaceRoot, spec_id: str, flags: ShowFlags) -> dict[str, object]:
    if flags.requirements and flags.requirement:
        raise ShowError("Options --requirements and --requirement cannot be used together")
    spec = parse_spec(ws.tree.read_text(join(SPECS, spec_id, "spec.md")), spec_id)
    index = _requirement_index(flags.requirement, len(spec.requirements))
    chosen = spec.requirements if index is None else [spec.requirements[index]]
    scenarios = not flags.no_scenarios and not flags.requirements
    reqs = [{"text": r.text, "scenarios": [{"rawText": s} for s in r.scenarios] if scenarios else []} for r in chosen]
    return {
        "id": spec_id,
        "title": spec_id,
        "overview": spec.overview,
        "requirementCount": len(reqs),
        "requirements": reqs,
        "metadata": {"version": "1.0.0", "format": "openspec"},
        "root": ws.root_json(),
    }


def _check_spec_path(ws: WorkspaceRoot, spec_id: str) -> None:
    """The reference's guard for a spec id given with `--type spec`: inside specs/, and present."""
    specs_abs = os.path.normpath(ws.tree.abspath(SPECS))
    spec_abs = os.path.normpath(os.path.join(specs_abs, spec_id, "spec.md"))
    rel = os.path.relpath(spec_abs, specs_abs)
    if rel == ".." or rel.startswith("../") or os.path.isabs(rel):
        raise ShowError(f"Path is outside the allowed directory: {spec_abs}")
    if not os.path.exists(spec_abs):
        raise ShowError(f"Spec '{spec_id}' not found at {spec_abs}")


def run(ws: WorkspaceRoot, name: str, type_: str | None, as_json: bool, flags: ShowFlags | None = None) -> ExitCode:
    flags = flags or ShowFlags()
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
            err("Pass --type change|spec, or use: openspec change show / openspec spec show")
        return ExitCode.INVALID
    ignored = flags.irrelevant(kind)
    if ignored:
        err(f"Warning: Ignoring flags not applicable to {kind}: {', '.join(ignored)}")
    try:
        if kind == "spec":
            _check_spec_path(ws, name)
            if as_json:
                emit_json(_spec_json(ws, name, flags))
            else:
                write_doc(ws.tree.read_text(join(SPECS, name, "spec.md")) + "\n")
            return ExitCode.OK
        change = join(CHANGES, name)
        changes_abs = os.path.normpath(ws.tree.abspath(CHANGES))
        proposal_abs = os.path.normpath(os.path.join(changes_abs, name, "proposal.md"))
        if os.path.dirname(os.path.normpath(os.path.join(changes_abs, name))) != changes_abs:
            raise ShowError(f'Change "{name}" not found at {proposal_abs}')
        if ws.tree.kind(join(change, "proposal.md")) != "file":
            if ws.tree.kind(change) != "dir":
                raise ShowError(f'Change "{name}" not found at {proposal_abs}')
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
            if flags.requirements_only:
                err("Flag --requirements-only is deprecated; use --deltas-only instead.")
            doc["root"] = ws.root_json()
            emit_json(doc)
        else:
            write_doc(ws.tree.read_text(join(change, "proposal.md")) + "\n")
        return ExitCode.OK
    except (SpecParseError, ChangeParseError, ShowError) as exc:
        return _fail(str(exc), as_json)
    except PathOutside as exc:
        return _fail(str(exc), as_json)
    except OSError as exc:
        return _fail(f"cannot read {exc.filename or name}: {exc.strerror or exc}", as_json, ExitCode.USAGE)


def main(
    item: str,
    as_json: bool = False,
    type_: str | None = None,
    deltas_only: bool = False,
    requirements_only: bool = False,
    requirements: bool = False,
    no_scenarios: bool = False,
    requirement: str | None = None,
    root: str | None = None,
) -> ExitCode:
    """`show` as parsed (by click, or by `cli/quick.py`)."""
    flags = ShowFlags(deltas_only, requirements_only, requirements, no_scenarios, requirement)
    return run(workspace_or_exit(root, allow_implicit=True), item, item_type(type_), as_json, flags)
