"""What the commands' common arguments mean, before a command runs (no click: `cli/quick.py` uses them too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openspec_tool.exitcode import ExitCode

if TYPE_CHECKING:
    from openspec_tool.read.root import WorkspaceRoot


def workspace_or_exit(
    root: str | None, allow_implicit: bool = False, no_root: tuple[bool, dict[str, object]] | None = None
) -> WorkspaceRoot:
    """The workspace, or exit: with `no_root` = (as_json, empty document), as the reference answers outside any root."""
    from openspec_tool.read.discover import NoWorkspace
    from openspec_tool.read.root import open_workspace

    try:
        return open_workspace(root, allow_implicit)
    except NoWorkspace as exc:
        from openspec_tool.cli import output

        if no_root is not None and root is None:
            raise SystemExit(output.no_root(*no_root)) from None
        output.error_line(str(exc))
        raise SystemExit(ExitCode.USAGE) from None


def item_type(value: str | None) -> str | None:
    """`--type` as the reference reads it: change or spec in any case; anything else is no type."""
    low = (value or "").lower()
    return low if low in ("change", "spec") else None
