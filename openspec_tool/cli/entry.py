"""The two console scripts: `openspec-tool` (always ours) and `openspec` (ours, handing the rest to the official CLI).

`openspec` answers what we implement and replaces itself (`os.execv`: same process, arguments, stdin, stdout,
exit code and signals) with the official OpenSpec CLI for everything else: the next `openspec` on PATH whose
real path is not ours and that is not one of our own scripts. A loop guard in the environment
(`OPENSPEC_TOOL_HANDOVER`: the process that handed over, and the real paths it tried) keeps a wrapper that
leads back to us from going round for ever: such a candidate is skipped on the way back.

Nothing heavy is imported before the decision: the handover costs a PATH scan and an exec.
"""

from __future__ import annotations

import os
import sys

from openspec_tool.cli.surface import INSTALL_HINT, handover

GUARD = "OPENSPEC_TOOL_HANDOVER"


def _is_ours(path: str) -> bool:
    """One of our console scripts (any install), recognised by the module it imports."""
    try:
        with open(path, "rb") as fh:
            return b"openspec_tool" in fh.read(4096)
    except OSError:
        return False


def _visited() -> set[str]:
    """Real paths already handed to by this very command (our process or our parent), from the guard."""
    raw = os.environ.get(GUARD, "")
    pid, _, paths = raw.partition(":")
    if not pid.isdigit() or int(pid) not in (os.getpid(), os.getppid()):
        return set()  # absent, or inherited by an unrelated later process
    return {p for p in paths.split(os.pathsep) if p}


def find_official(self_path: str) -> str | None:
    """The next `openspec` on PATH that is not us (by real path, by content, or by the loop guard)."""
    skip = _visited() | {os.path.realpath(self_path)}
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder or ".", "openspec")
        if not os.path.isfile(candidate) or not os.access(candidate, os.X_OK):
            continue
        real = os.path.realpath(candidate)
        if real in skip or _is_ours(real):
            continue
        return candidate
    return None


def hand_over(what: str, argv: list[str], self_path: str) -> int:
    """Become the official CLI with the same arguments; without one, say so in one line (exit 2)."""
    official = find_official(self_path)
    if official is None:
        sys.stderr.write(
            f"openspec: '{what}' is the official OpenSpec CLI's, which is not installed (or not on PATH after this "
            f"one); install it with `{INSTALL_HINT}`, or run `openspec-tool --help` for this tool's commands\n"
        )
        from openspec_tool.exitcode import ExitCode  # here: a handover that execs needs nothing more

        return ExitCode.USAGE
    tried = _visited() | {os.path.realpath(self_path), os.path.realpath(official)}
    os.environ[GUARD] = f"{os.getpid()}:{os.pathsep.join(sorted(tried))}"
    sys.stdout.flush()
    os.execv(official, [official, *argv])
    raise AssertionError("not reached: execv replaces the process or raises")


def openspec_main() -> None:
    """`openspec`: our commands, and everything else by the official CLI."""
    argv = sys.argv[1:]
    what = handover(argv)
    if what is not None:
        if what == "--version" and find_official(sys.argv[0]) is None:
            from openspec_tool import __version__

            sys.stdout.write(f"openspec-tool {__version__} (the official OpenSpec CLI is not installed)\n")
            sys.exit(0)
        try:
            sys.exit(hand_over(what, argv, sys.argv[0]))
        except OSError as exc:
            sys.stderr.write(f"openspec: cannot run the official OpenSpec CLI for '{what}': {exc.strerror or exc}\n")
            from openspec_tool.exitcode import ExitCode

            sys.exit(ExitCode.USAGE)
    from openspec_tool.cli.runner import main

    main()


def tool_main() -> None:
    """`openspec-tool`: always ours."""
    from openspec_tool.cli.runner import main

    main()
