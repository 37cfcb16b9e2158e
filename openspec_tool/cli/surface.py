"""What `openspec` answers itself and what it hands to the official OpenSpec CLI, decided from argv alone.

Read on every start before anything else is imported, so it is plain data and a few lines of logic: no click,
no reader. `tests/cli/test_surface.py` checks the table against the click commands, so the two cannot drift.
"""

from __future__ import annotations

import os
import sys

# Commands both CLIs have: the flags ours takes (True: the flag takes a value). Any other flag goes to the
# official CLI, which knows it (`show X --diff`, `validate --archived`, `archive X --no-validate`, `--store`...).
SHARED: dict[str, dict[str, bool]] = {
    "list": {"--specs": False, "--changes": False, "--sort": True, "--json": False},
    "show": {
        "--json": False,
        "--type": True,
        "--no-interactive": False,
        "--deltas-only": False,
        "--requirements-only": False,
        "--requirements": False,
        "--no-scenarios": False,
        "-r": True,
        "--requirement": True,
    },
    "validate": {
        "--all": False,
        "--changes": False,
        "--specs": False,
        "--type": True,
        "--strict": False,
        "--json": False,
        "--no-interactive": False,
    },
    "archive": {"-y": False, "--yes": False, "--skip-specs": False},
    "new change": {"--description": True, "--from": True},
}
# Flags of ours that every shared command takes too.
OWN_FLAGS = {"--root": True, "-h": False, "--help": False, "--no-color": False}
# Commands only we have: never handed over.
OURS_ONLY = frozenset({"tasks", "next", "check", "decide", "hooks", "report", "tui"})
# Where the command takes its item, and so prompts for it in a terminal when it is missing.
PROMPTS_WITHOUT_ITEM = frozenset({"show", "validate", "archive"})

INSTALL_HINT = "npm install -g @fission-ai/openspec@1.13.2"


def interactive(argv: list[str]) -> bool:
    """Whether the official CLI would prompt here (its isInteractive: a terminal, no CI, no opt-out)."""
    if "--no-interactive" in argv or os.environ.get("OPEN_SPEC_INTERACTIVE") == "0" or "CI" in os.environ:
        return False
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def handover(argv: list[str]) -> str | None:
    """What in `argv` only the official CLI does (`init`, `show --diff`, `--version`...), or None when ours does it all."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        flag = argv[i]
        if flag in ("-V", "--version"):
            return "--version"
        if flag not in ("-h", "--help", "--no-color"):
            return flag
        i += 1
    if i == len(argv):
        return None  # our help
    command = argv[i]
    if command in OURS_ONLY:
        return None
    rest = argv[i + 1 :]
    if command == "new":
        sub = next((a for a in rest if not a.startswith("-")), None)
        if sub != "change":
            return f"new {sub}" if sub else "new"
        command = "new change"
        rest = rest[: rest.index(sub)] + rest[rest.index(sub) + 1 :]
    flags = SHARED.get(command)
    if flags is None:
        return command
    positionals = 0
    j = 0
    while j < len(rest):
        token = rest[j]
        j += 1
        if token == "--":
            positionals += len(rest) - j
            break
        if not token.startswith("-") or token == "-":
            positionals += 1
            continue
        name, attached = (token.split("=", 1)[0], "=" in token) if token.startswith("--") else (token[:2], len(token) > 2)
        takes_value = flags.get(name, OWN_FLAGS.get(name))
        if takes_value is None:
            return f"{command} {name}"
        if takes_value and not attached:
            j += 1
    bulk = command == "validate" and any(a in rest for a in ("--all", "--changes", "--specs"))
    if command in PROMPTS_WITHOUT_ITEM and positionals == 0 and not bulk and interactive(rest):
        return f"{command} (choosing the item in a prompt)"
    return None
