"""`openspec decide init [ID] [--options CHANGE…|--match GLOB] [--from DOC…]`: start a decision file from the workspace's
changes and the team's planning documents."""

from __future__ import annotations

from openspec_tool.cli.output import error_line, out
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.root import WorkspaceRoot


def _split(values: tuple[str, ...]) -> list[str]:
    """`--options a,b --options c` → [a, b, c] (each once, in order)."""
    return list(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))


def run(ws: WorkspaceRoot, ident: str | None, options: tuple[str, ...], match: str | None, sources: tuple[str, ...]) -> ExitCode:
    from openspec_tool.write.decision_init import InitError, create, plan_init

    try:
        plan = plan_init(ws.tree, str(ws.root), ident, _split(options), match, _split(sources))
    except InitError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    try:
        create(ws.root, plan.rel, plan.text, set(plan.known))
    except InitError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    except OSError as exc:
        error_line(f"{plan.rel}: cannot write: {exc.strerror or exc}")
        return ExitCode.USAGE
    out(f"Wrote {plan.rel}: {plan.summary()}.")
    out(f"Next: {plan.next_step()}.")
    for note in (plan.unstated(), plan.problems()):
        if note is not None:
            out(note)
    return ExitCode.OK
