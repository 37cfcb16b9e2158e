"""Exit codes of every command."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID = 1  # validation failed, a check found errors, a report is stale, a hook blocks
    USAGE = 2  # bad arguments, no workspace, unreadable or malformed input
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as a shell reports it)
    PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader went away
