"""Exit codes of every command."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID = 1  # validation failed, a check found errors, a report is stale, a hook blocks
    USAGE = 2  # bad arguments, no workspace, unreadable or malformed input
