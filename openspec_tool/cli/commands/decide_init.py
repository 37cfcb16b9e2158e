"""`openspec decide init [ID] [--options CHANGE…|--match GLOB] [--from DOC…]`: start a decision file from the workspace's
changes and the team's planning documents."""

from __future__ import annotations

import fnmatch

from openspec_tool.cli.output import error_line, out
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.decision_file import DECISIONS_DIR
from openspec_tool.read.discover import change_ids
from openspec_tool.read.root import WorkspaceRoot


def _split(values: tuple[str, ...]) -> list[str]:
    """`--options a,b --options c` → [a, b, c] (each once, in order)."""
    return list(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))


def run(ws: WorkspaceRoot, ident: str | None, options: tuple[str, ...], match: str | None, sources: tuple[str, ...]) -> ExitCode:
    from openspec_tool.plan.decision_draft import draft
    from openspec_tool.read.planning_files import config_documents, expand, load_documents
    from openspec_tool.read.workspace import load_workspace
    from openspec_tool.write.decision_init import InitError, create, render

    known = sorted(change_ids(ws.tree))
    chosen = _split(options)
    unknown = [o for o in chosen if o not in known]
    if unknown:
        verb = "is" if len(unknown) == 1 else "are"
        error_line(f"--options: {', '.join(unknown)} {verb} not an active change (known: {', '.join(known[:8]) or 'none'})")
        return ExitCode.USAGE
    if match:
        matched = [c for c in known if fnmatch.fnmatchcase(c, match)]
        if not matched:
            error_line(f"--match {match!r} matches no active change (known: {', '.join(known[:8]) or 'none'})")
            return ExitCode.USAGE
        chosen += [c for c in matched if c not in chosen]
    patterns = _split(sources) or list(config_documents(ws.tree))
    paths = expand(ws.tree, patterns)
    missing = [p for p in _split(sources) if not expand(ws.tree, [p])]
    if missing:
        error_line(f"--from: {', '.join(missing)} names no file in the workspace")
        return ExitCode.USAGE
    docs = load_documents(ws.tree, paths)
    for d in docs:
        if d.problem:
            error_line(d.problem)
            return ExitCode.USAGE
    if not chosen:
        chosen = known
    if not chosen and not any(d.options for d in docs):
        error_line(
            "no options: there is no active change; name them with --options or --match, or list options in a --from document"
        )
        return ExitCode.USAGE
    model = load_workspace(ws.tree, str(ws.root))
    plan = draft(model, chosen, docs, ident)
    rel = f"{DECISIONS_DIR}/{plan.id}.yaml"
    try:
        create(ws.root, rel, render(plan), set(known))
    except InitError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    except OSError as exc:
        error_line(f"{rel}: cannot write: {exc.strerror or exc}")
        return ExitCode.USAGE
    scored = [c.id for c in plan.criteria if c.source is None]
    inline = sum(1 for o in plan.options if o.inline is not None)
    disagree = sum(1 for p in plan.paths if p.disagreeing)
    out(
        f"Wrote {rel}: {len(plan.options)} options{f' ({inline} inline)' if inline else ''}, {len(plan.criteria)} criteria, "
        f"{len(plan.paths)} paths from {len(docs)} document(s)."
    )
    count = len(plan.options) * len(scored)
    out(f"Next: fill in the {count} scores ({', '.join(scored)}) under scores:, then `openspec decide {plan.id}`.")
    problems = []
    if disagree:
        problems.append(f"disagree on {disagree} path(s)")
    if plan.unresolved:
        problems.append(f"name {len(plan.unresolved)} path(s) by words no option matches")
    if problems:
        out(f"The documents {' and '.join(problems)}: `openspec check` lists each place.")
    return ExitCode.OK
