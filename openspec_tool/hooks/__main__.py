"""`python -m openspec_tool.hooks run HOOK [--strict|--no-strict] [--json] [--root DIR]… [GIT ARGS]`.

What the installed hook scripts execute: the same command as `openspec hooks run`, read with argparse (~2 ms)
rather than click and the CLI's command tree (~40 ms of the 0.25 s a hook may add to a commit).
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from openspec_tool.exitcode import ExitCode


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line as `openspec` says it, then the usage; exit 2."""
        sys.stderr.write(f"openspec: error: {message}\n{self.format_usage()}")
        raise SystemExit(ExitCode.USAGE)


def parser() -> argparse.ArgumentParser:
    from openspec_tool.hooks.run import HOOKS

    run = _Parser(prog="python -m openspec_tool.hooks", allow_abbrev=False)
    run.add_argument("command", choices=("run",), help="judge what the commit (or the push) touches")
    run.add_argument("hook", choices=HOOKS)
    run.add_argument("--strict", dest="strict", action="store_const", const=True, help="warnings block too")
    run.add_argument("--no-strict", dest="strict", action="store_const", const=False, help="only errors block")
    run.add_argument("--json", dest="as_json", action="store_true", help="print a JSON document")
    run.add_argument("--root", dest="roots", action="append", default=[], metavar="DIR", help="only this workspace")
    run.add_argument("git_args", nargs="*", metavar="GIT ARGS", help="what git passes to the hook (pre-push: remote, URL)")
    return run


def main(argv: list[str]) -> ExitCode:
    try:
        args = parser().parse_intermixed_args(argv)  # git's arguments come after our options
    except SystemExit as exc:  # a usage error (said), or --help (printed)
        return ExitCode(exc.code) if isinstance(exc.code, int) else ExitCode.USAGE
    from openspec_tool.cli.commands.hooks import run_hook
    from openspec_tool.cli.output import ended

    return ExitCode(ended(lambda: run_hook(args.hook, args.strict, args.as_json, tuple(args.roots))))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
