"""The `openspec` command tree (click): each command dispatches to `commands/<name>.py`.

Command modules are imported only when their command runs, so `validate` pays for neither Jinja, Textual
nor GitPython; running a command (and the plainly spelt read commands, without click) is `cli/runner.py`.
"""

from __future__ import annotations

import click

from openspec_tool import __version__
from openspec_tool.cli.args import workspace_or_exit as _workspace
from openspec_tool.cli.runner import main, run

__all__ = ["cli", "main", "run"]

_ROOT_HELP = "Workspace root (the folder holding openspec/); default: nearest ancestor of the current directory."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="openspec-tool")
def cli() -> None:
    """Plan and decide with OpenSpec workspaces: read, validate, decide, report.

    Run as `openspec`, every other command or flag of the official OpenSpec CLI (init, status, instructions,
    show --diff, --version...) is handed to it when it is installed; `openspec-tool` is always this tool.
    """


@cli.command("list")
@click.option("--specs", is_flag=True, help="List specs instead of changes.")
@click.option("--changes", is_flag=True, help="List changes (the default).")
@click.option("--sort", metavar="recent|name", default="recent", show_default=True, help="Order: name, else most recent first.")
@click.option("--json", "as_json", is_flag=True, help="Output JSON (the reference CLI's shape).")
@click.option("--root", help=_ROOT_HELP)
def list_cmd(specs: bool, changes: bool, sort: str, as_json: bool, root: str | None) -> None:
    """List changes with task progress, or specs with requirement counts."""
    from openspec_tool.cli.commands import list_items

    raise SystemExit(list_items.main(specs, changes, sort, as_json, root))


@cli.command("show")
@click.argument("item")
@click.option("--json", "as_json", is_flag=True, help="Output JSON (the reference CLI's shape).")
@click.option("--type", "type_", metavar="change|spec", help="Item type when a name is ambiguous.")
@click.option("--deltas-only", is_flag=True, help="Change, JSON: only the deltas (the same object as --json).")
@click.option("--requirements-only", is_flag=True, help="Deprecated alias for --deltas-only.")
@click.option("--requirements", is_flag=True, help="Spec, JSON: only requirements (no scenarios).")
@click.option("--no-scenarios", is_flag=True, help="Spec, JSON: leave out scenario content.")
@click.option("-r", "--requirement", metavar="N", help="Spec, JSON: only requirement N (1-based).")
@click.option("--no-interactive", is_flag=True, hidden=True, help="Accepted for compatibility; never prompts.")
@click.option("--root", help=_ROOT_HELP)
def show_cmd(
    item: str,
    as_json: bool,
    type_: str | None,
    deltas_only: bool,
    requirements_only: bool,
    requirements: bool,
    no_scenarios: bool,
    requirement: str | None,
    no_interactive: bool,
    root: str | None,
) -> None:
    """Show a change (its proposal and deltas) or a spec."""
    from openspec_tool.cli.commands import show

    raise SystemExit(
        show.main(item, as_json, type_, deltas_only, requirements_only, requirements, no_scenarios, requirement, root)
    )


@cli.command("validate")
@click.argument("item", required=False)
@click.option("--all", "all_", is_flag=True, help="Validate all changes and specs.")
@click.option("--changes", is_flag=True, help="Validate all changes.")
@click.option("--specs", is_flag=True, help="Validate all specs.")
@click.option("--type", "type_", metavar="change|spec", help="Item type when a name is ambiguous.")
@click.option("--strict", is_flag=True, help="Warnings fail validation too.")
@click.option("--json", "as_json", is_flag=True, help="Output JSON (the reference CLI's shape).")
@click.option("--no-interactive", is_flag=True, hidden=True, help="Accepted for compatibility; never prompts.")
@click.option("--root", help=_ROOT_HELP)
def validate_cmd(
    item: str | None,
    all_: bool,
    changes: bool,
    specs: bool,
    type_: str | None,
    strict: bool,
    as_json: bool,
    no_interactive: bool,
    root: str | None,
) -> None:
    """Validate changes and specs with the reference CLI's rules and messages."""
    from openspec_tool.cli.commands import validate

    raise SystemExit(validate.main(item, all_, changes, specs, type_, strict, as_json, root))


@cli.group("new")
def new_group() -> None:
    """Create new items (as the official CLI's `new`)."""


@new_group.command("change")
@click.argument("name")
@click.option("--description", help="Description to add to README.md (as the official CLI).")
@click.option("--from", "plan_file", metavar="FILE", help="Import a planning document into proposal.md and tasks.md.")
@click.option("--root", help=_ROOT_HELP)
def new_change_cmd(name: str, description: str | None, plan_file: str | None, root: str | None) -> None:
    """Create openspec/changes/NAME exactly as the official CLI does, optionally from a planning document."""
    from openspec_tool.cli.commands import new_change

    raise SystemExit(new_change.run(lambda: _workspace(root, allow_implicit=True), name, description, plan_file))


@cli.command("archive")
@click.argument("name", required=False)
@click.option("-y", "--yes", is_flag=True, help="Skip confirmation prompts.")
@click.option("--skip-specs", is_flag=True, help="Move the change without updating the main specs.")
@click.option("--root", help=_ROOT_HELP)
def archive_cmd(name: str | None, yes: bool, skip_specs: bool, root: str | None) -> None:
    """Archive a change and apply its deltas to the main specs, as the official CLI does (all or nothing)."""
    from openspec_tool.cli.commands import archive

    raise SystemExit(archive.run(lambda: _workspace(root, allow_implicit=True), name, yes, skip_specs))


@cli.command("tasks")
@click.argument("target", metavar="CHANGE|FILE")
@click.argument("ids", nargs=-1, metavar="")
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
@click.option("--graph", is_flag=True, help="Also check dependencies: cycles, unknown ids, parallel waves, critical path.")
@click.option("--with-children", is_flag=True, help="With done/undo: a parent and all its subtasks.")
@click.option("--root", help=_ROOT_HELP)
def tasks_cmd(target: str, ids: tuple[str, ...], as_json: bool, graph: bool, with_children: bool, root: str | None) -> None:
    """Show the tasks of a change (its tasks.md) or of any planning file, as a tree with progress.

    `tasks done CHANGE ID...` / `tasks undo CHANGE ID...` tick or untick tasks by id (only the checkbox changes).
    """
    if target in ("done", "undo") and ids:
        from openspec_tool.cli.commands import tasks_mark

        if len(ids) < 2:
            raise click.UsageError(f"usage: openspec tasks {target} CHANGE|FILE ID... [--with-children] [--json]")
        raise SystemExit(tasks_mark.run(target, ids[0], list(ids[1:]), lambda: _workspace(root), as_json, with_children))
    if ids:
        raise click.UsageError(f"unexpected argument {ids[0]!r} (did you mean `openspec tasks done|undo CHANGE ID...`?)")
    from openspec_tool.cli.commands import tasks

    raise SystemExit(tasks.run(target, lambda: _workspace(root), as_json, graph))


@cli.command("next")
@click.argument("target", metavar="[CHANGE]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
@click.option("--root", help=_ROOT_HELP)
def next_cmd(target: str | None, as_json: bool, root: str | None) -> None:
    """List the tasks ready to start now (open, every dependency done), most critical first."""
    from openspec_tool.cli.commands import next_tasks

    raise SystemExit(next_tasks.run(target, lambda: _workspace(root), as_json))


@cli.command("check")
@click.option("--json", "as_json", is_flag=True, help="Output JSON: {findings: [{level, code, path, line, message, change}]}.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--root", help=_ROOT_HELP)
def check_cmd(as_json: bool, strict: bool, root: str | None) -> None:
    """Planning checks: stated totals, estimates, paths and metrics that disagree with the plan."""
    from openspec_tool.cli.commands import check

    raise SystemExit(check.run(_workspace(root), as_json, strict))


@cli.command("decide")
@click.argument("args", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Output the whole decision as JSON.")
@click.option("--weights", help="Override weights, e.g. effort=0.3,impact=0.4 (normalised to sum 1).")
@click.option("--method", type=click.Choice(["weighted-sum", "topsis"]), default="weighted-sum", show_default=True)
@click.option("--budget", help="Hours budget for the best combination of options, e.g. 40h.")
@click.option("--partial", is_flag=True, help="Rank on what is known: leave out criteria with missing facts or scores.")
@click.option("--decision", "decision_opt", help="The decision file (name or path) for `decide choose`.")
@click.option("--yes", is_flag=True, help="With `choose`: record without asking.")
@click.option("--reason", help="With `choose`: why, written into the decision record.")
@click.option("--options", "init_options", multiple=True, metavar="CHANGE[,CHANGE…]", help="With `init`: the options.")
@click.option("--match", metavar="GLOB", help="With `init`: the changes whose ids match, e.g. 'phase2-option*'.")
@click.option("--from", "init_from", multiple=True, metavar="DOC", help="With `init`: planning documents (paths or globs).")
@click.option("--root", help=_ROOT_HELP)
def decide_cmd(
    args: tuple[str, ...],
    as_json: bool,
    weights: str | None,
    method: str,
    budget: str | None,
    partial: bool,
    decision_opt: str | None,
    yes: bool,
    reason: str | None,
    init_options: tuple[str, ...],
    match: str | None,
    init_from: tuple[str, ...],
    root: str | None,
) -> None:
    """Rank options and paths: `decide [DECISION]`; start a decision file: `decide init [ID] [--match GLOB]
    [--options A,B] [--from DOC]`; record a choice: `decide choose PATH|OPTION [--reason TEXT] [--yes]`."""
    from openspec_tool.cli.commands import decide

    ws = _workspace(root)
    if args and args[0] == "init":
        if len(args) > 2:
            raise click.UsageError("usage: openspec decide init [ID] [--options CHANGE,…|--match GLOB] [--from DOC…]")
        from openspec_tool.cli.commands import decide_init

        raise SystemExit(decide_init.run(ws, args[1] if len(args) == 2 else None, init_options, match, init_from))
    if init_options or match or init_from:
        raise click.UsageError("--options, --match and --from go with `decide init`")
    if args and args[0] == "choose":
        if len(args) != 2:
            raise click.UsageError("usage: openspec decide choose PATH|OPTION [--reason TEXT] [--yes] [--decision NAME]")
        raise SystemExit(decide.choose(ws, decision_opt, args[1], yes, weights, method, reason, partial))
    if reason is not None:
        raise click.UsageError("--reason goes with `decide choose`")
    if len(args) > 1:
        raise click.UsageError("usage: openspec decide [DECISION] [options]")
    raise SystemExit(decide.run(ws, args[0] if args else decision_opt, as_json, weights, method, budget, partial))


@cli.command("report")
@click.argument("name", required=False)
@click.option("-o", "--output", help="Write to PATH instead (`-` prints to stdout); needs a single report.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--check", is_flag=True, help="Render in memory; exit 1 with a short diff when the file on disk is stale.")
@click.option("--since", help="History base: a revision or YYYY-MM-DD (default: each change's first commit).")
@click.option("--history/--no-history", default=None, help="Lines of content and burn-ups from git (default: per report).")
@click.option("--timestamp", is_flag=True, help="Add the time of generation (UTC, or SOURCE_DATE_EPOCH); not with --check.")
@click.option("--root", help=_ROOT_HELP)
def report_cmd(
    name: str | None,
    output: str | None,
    fmt: str,
    check: bool,
    since: str | None,
    history: bool | None,
    timestamp: bool,
    root: str | None,
) -> None:
    """Render reports from the model: NAME, or every report the workspace configures (by default, a document per
    decision file, else the status)."""
    from openspec_tool.cli.commands import report

    raise SystemExit(report.run(_workspace(root), name, output, fmt, check, since, history, timestamp))


@cli.command("tui")
@click.option("--decision", help="The decision file (name or path) for the Decision screen, when there are several.")
@click.option("--no-watch", is_flag=True, help="Do not reload files changed on disk.")
@click.option("--root", help=_ROOT_HELP)
def tui_cmd(decision: str | None, no_watch: bool, root: str | None) -> None:
    """Browse the workspace and make the decision in a terminal UI (dashboard, kanban, specs, decision)."""
    from openspec_tool.cli.commands import tui

    raise SystemExit(tui.run(root, decision, watch=not no_watch))


from openspec_tool.cli.hooks_group import hooks_group  # noqa: E402

cli.add_command(hooks_group)
