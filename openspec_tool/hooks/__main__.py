"""`python -m openspec_tool.hooks run HOOK [--strict|--no-strict] [--json] [--root DIR]… [GIT ARGS]`.

What the installed hook scripts execute: the same command as `openspec hooks run`, parsed by hand
because importing click and the CLI costs ~50 ms of the 0.25 s a hook may add to a commit.
"""

from __future__ import annotations

import os
import sys

USAGE = (
    "usage: python -m openspec_tool.hooks run pre-commit|pre-merge-commit|pre-push [--strict|--no-strict] [--json] [--root DIR]"
)


def parse(argv: list[str]) -> tuple[str, bool | None, bool, tuple[str, ...]] | str:
    """(hook, strict, as_json, roots), or an error message."""
    from openspec_tool.hooks.run import HOOKS

    if len(argv) < 2 or argv[0] != "run" or argv[1] not in HOOKS:
        return USAGE
    strict: bool | None = None
    as_json = False
    roots: list[str] = []
    rest = iter(argv[2:])
    for arg in rest:
        if arg in ("--strict", "--no-strict"):
            strict = arg == "--strict"
        elif arg == "--json":
            as_json = True
        elif arg == "--root" or arg.startswith("--root="):
            value = arg.partition("=")[2] if "=" in arg else next(rest, None)
            if not value:
                return "--root needs a folder"
            roots.append(value)
        elif arg.startswith("-"):
            return f"unknown option {arg}\n{USAGE}"
        # anything else is what git passes to the hook (pre-push: remote name and URL)
    return argv[1], strict, as_json, tuple(roots)


def main(argv: list[str]) -> int:
    parsed = parse(argv)
    if isinstance(parsed, str):
        sys.stderr.write(f"openspec: error: {parsed}\n")
        return 2
    from openspec_tool.cli.commands.hooks import run_hook
    from openspec_tool.cli.output import SIGINT_EXIT, OutputError, err, flush, one_line, output_failed

    try:
        try:
            code = int(run_hook(*parsed))
            flush()
            return code
        except KeyboardInterrupt:
            return SIGINT_EXIT
        except OutputError:
            raise
        except Exception as exc:  # a bug must still end in one line, as `openspec` does
            if os.environ.get("OPENSPEC_DEBUG"):
                raise
            err(one_line(f"openspec: internal error: {type(exc).__name__}: {exc} (set OPENSPEC_DEBUG=1 for details)"))
            return 2
    except OutputError as exc:
        return output_failed(exc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
