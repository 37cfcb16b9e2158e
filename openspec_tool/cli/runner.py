"""Running `openspec`: argv in, one exit code out; every ending is a code and at most one line.

A read command spelt plainly (`validate --all --json`, `list --specs`, `show ITEM --json`…) is parsed by
`cli/quick.py` and runs without click, which with the command tree costs ~20 ms of a 0.1 s `validate`; anything
else goes to the click command tree in `cli/main.py`, which parses, helps and complains as always.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

# `_signal`, not `signal`: the same calls without the 0.5 ms of enums `signal` builds at import.
_sig: Any = __import__("_signal")


def _interrupted_while_starting(signum: int, frame: Any) -> None:
    os._exit(130)  # ExitCode.INTERRUPTED: Ctrl-C while the modules load, nothing started, nothing to clean up or to say


if os.path.basename(sys.argv[0]) == "openspec":  # the console script, not an importer
    _sig.signal(_sig.SIGINT, _interrupted_while_starting)

from openspec_tool.exitcode import ExitCode  # noqa: E402


def _global_flags(argv: list[str]) -> list[str]:
    """Take out `--no-color`, which the reference accepts before or after any command; like it, set NO_COLOR
    (which the TUI and any child process then honour too)."""
    end = argv.index("--") if "--" in argv else len(argv)
    if "--no-color" not in argv[:end]:
        return argv
    os.environ["NO_COLOR"] = "1"
    return [a for i, a in enumerate(argv) if i >= end or a != "--no-color"]


def _invoke(argv: list[str] | None) -> int:
    args = _global_flags(sys.argv[1:] if argv is None else list(argv))
    from openspec_tool.cli.quick import plan

    planned = plan(args)
    if planned is not None:
        global _read_only
        _read_only = True
        _started()
    try:
        return planned() if planned is not None else _with_click(args)
    except SystemExit as exc:  # the command's ExitCode (or click's code for --help, --version)
        return int(exc.code or 0)


_starting = False
_read_only = False  # a read command run without click: it writes no file, starts no thread, registers no atexit


def _started() -> None:
    """The command's modules are imported: what they made lives as long as the process, so the collector is
    told to leave it alone from now on (`gc.freeze`), and switched back on. (Collecting while the modules
    load only walks objects that stay: a tenth of a 0.1 s `validate`.)"""
    global _starting
    if _starting:
        _starting = False
        gc.freeze()
        gc.enable()


def _with_click(args: list[str]) -> int:
    import click

    from openspec_tool.cli.main import cli

    _started()

    # make_context + invoke, not cli.main: click's main turns Ctrl-C into Abort after printing a blank line.
    prog = "openspec-tool" if os.path.basename(sys.argv[0]) == "openspec-tool" else "openspec"
    try:
        with cli.make_context(prog, args) as ctx:
            cli.invoke(ctx)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.ClickException as exc:  # a usage error among them
        exc.show()
        return ExitCode.USAGE
    except click.exceptions.Abort:
        return ExitCode.USAGE
    return ExitCode.OK


def _print_notes() -> None:
    """What the command left out (unreadable folders, links out of the workspace), once each, on stderr."""
    context = sys.modules.get("openspec_tool.read.root")
    if context is None:
        return
    from openspec_tool.cli.output import warning_line

    for note in context.take_notes():
        warning_line(note)


def run(argv: list[str] | None = None) -> int:
    """Run the command; every ending is a code and at most one line: 130 on Ctrl-C, 141 on a closed pipe."""
    from openspec_tool.cli.output import ended

    if _sig.getsignal(_sig.SIGINT) is _interrupted_while_starting:
        _sig.signal(_sig.SIGINT, _sig.default_int_handler)

    def body() -> int:
        code = _invoke(argv)
        _print_notes()
        return code

    try:
        return ended(body)
    finally:
        context = sys.modules.get("openspec_tool.read.root")
        if context is not None:
            context.OPENED.clear()  # this run's trees, whatever ended it


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _tolerant_streams() -> None:
    """A stdout that cannot encode a character (PYTHONIOENCODING=ascii, a Latin-1 terminal) shows `?` instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="replace")


def main() -> None:
    global _starting, _read_only
    _starting, _read_only = True, False
    gc.disable()  # until the command's modules are imported (`_started`)
    _tolerant_streams()
    code = run()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError:
        _quiet_stdout()
    if _read_only:
        # Nothing to clean up: skip the interpreter's teardown of every module and object (~4 ms of 0.1 s).
        try:
            if sys.stderr is not None:
                sys.stderr.flush()
        except OSError:
            pass
        os._exit(code)
    sys.exit(code)
