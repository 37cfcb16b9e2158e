"""The `openspec hooks` group: install, uninstall, status and run (each dispatches to `commands/hooks.py`)."""

from __future__ import annotations

import click

_HOOK_TYPES = ["pre-commit", "pre-merge-commit", "pre-push"]
_HOOK_ROOT_HELP = "Only this workspace (the folder holding openspec/; repeatable). Default: every workspace the commit touches."


@click.group("hooks")
def hooks_group() -> None:
    """Git hooks that validate the changes and specs a commit touches, as staged."""


@hooks_group.command("install")
@click.option(
    "--hook",
    "hook_types",
    multiple=True,
    type=click.Choice(_HOOK_TYPES),
    help="Hook to install (repeatable). Default: pre-commit and pre-merge-commit (git merge runs only the latter).",
)
@click.option("--force", is_flag=True, help="Replace a hook openspec-tool did not write (kept as <hook>.backup).")
@click.option("--chain", is_flag=True, help="Keep a hook openspec-tool did not write and run it before ours.")
@click.option("--root", "roots", multiple=True, help=_HOOK_ROOT_HELP)
def hooks_install_cmd(hook_types: tuple[str, ...], force: bool, chain: bool, roots: tuple[str, ...]) -> None:
    """Install the hook scripts in git's hooks folder (core.hooksPath and worktrees respected)."""
    from openspec_tool.cli.commands import hooks

    raise SystemExit(hooks.run_install(hook_types, force, chain, roots))


@hooks_group.command("uninstall")
@click.option("--hook", "hook_types", multiple=True, type=click.Choice(_HOOK_TYPES), help="Hook to remove. Default: all of ours.")
def hooks_uninstall_cmd(hook_types: tuple[str, ...]) -> None:
    """Remove our hook scripts (a chained original is put back; other hooks are left alone)."""
    from openspec_tool.cli.commands import hooks

    raise SystemExit(hooks.run_uninstall(hook_types))


@hooks_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
def hooks_status_cmd(as_json: bool) -> None:
    """Say, per hook type, whether the installed hook is ours, foreign or absent."""
    from openspec_tool.cli.commands import hooks

    raise SystemExit(hooks.run_status(as_json))


@hooks_group.command("run")
@click.argument("hook", type=click.Choice(_HOOK_TYPES))
@click.argument("git_args", nargs=-1)
@click.option("--strict/--no-strict", default=None, help="Warnings block too (default: hooks.strict in openspec/config.yaml).")
@click.option("--json", "as_json", is_flag=True, help="Output JSON: {blocked, items, findings, notes, summary}.")
@click.option("--root", "roots", multiple=True, help=_HOOK_ROOT_HELP)
def hooks_run_cmd(hook: str, git_args: tuple[str, ...], strict: bool | None, as_json: bool, roots: tuple[str, ...]) -> None:
    """Validate what is being committed (read from the index) or pushed; exit 1 to block."""
    from openspec_tool.cli.commands import hooks

    raise SystemExit(hooks.run_hook(hook, strict, as_json, roots))
