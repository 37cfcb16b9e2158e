"""Installing, removing and describing our git hook scripts.

The hooks folder is git's own answer (`git rev-parse --git-path hooks`), so `core.hooksPath` and
linked worktrees (which share the main repository's hooks) are respected. A hook we did not write
is never replaced silently: `--force` keeps it as `<hook>.backup`, `--chain` keeps it as
`<hook>.chained` and our script runs it first; `uninstall` puts a chained hook (or the latest backup) back.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from openspec_tool.gitrepo import git, git_text
from openspec_tool.write.atomic import atomic_write

MARKER = "# openspec-tool hook"
HOOK_TYPES = ("pre-commit", "pre-merge-commit", "pre-push")
# `git merge` runs pre-merge-commit, not pre-commit: a merge commit is only judged with both.
DEFAULT_HOOKS = ("pre-commit", "pre-merge-commit")
CHAINED = ".chained"
BACKUP = ".backup"


class HookRefused(Exception):
    """A hook we did not write is in the way (the message says how to proceed)."""


def hooks_dir() -> Path:
    return Path(git_text("rev-parse", "--git-path", "hooks")).resolve()


def hooks_path_setting() -> str | None:
    value = git("config", "--get", "core.hooksPath", ok_codes=(0, 1)).decode("utf-8", "surrogateescape").strip()
    return value or None


def _head(path: Path) -> bytes:
    try:
        return path.read_bytes()[:4096]
    except OSError:
        return b""


def state(path: Path) -> str:
    """ "ours", "foreign" or "absent"."""
    if not (path.exists() or path.is_symlink()):
        return "absent"
    return "ours" if MARKER.encode() in _head(path) else "foreign"


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def script(hook: str, python: str, roots: tuple[str, ...] = ()) -> str:
    """The hook script: a few lines of POSIX sh that run `openspec hooks run <hook>`."""
    args = " ".join(["run", hook, *(f"--root {_sh_quote(r)}" for r in roots)])
    # pre-push reads the refs being pushed on stdin: keep them for a chained hook and for us.
    keep_stdin = hook == "pre-push"
    feed = 'printf "%s\\n" "$input" | ' if keep_stdin else ""
    what = "push" if keep_stdin else "commit"
    lines = [
        "#!/bin/sh",
        MARKER,
        f"# {hook}: validates the OpenSpec changes and specs this {what} touches, as recorded in git.",
        "# Written by `openspec hooks install`; removed by `openspec hooks uninstall`. Skip once: --no-verify.",
        *(["input=$(cat)"] if keep_stdin else []),
        f'chained="$(dirname -- "$0")/{hook}{CHAINED}"',
        'if [ -x "$chained" ]; then',
        f'    {feed}"$chained" "$@" || exit $?',
        "fi",
        f"python={_sh_quote(python)}",
        'if [ -x "$python" ]; then',
        # `-m openspec_tool.hooks` is `openspec hooks` without the CLI's imports (~50 ms); -P: not from the cwd.
        f'    {feed}"$python" -P -m openspec_tool.hooks {args} "$@"',
        "    exit $?",
        "fi",
        # openspec-tool, not openspec: that name may be the official OpenSpec CLI, first on PATH.
        "if command -v openspec-tool >/dev/null 2>&1; then",
        f'    {feed}openspec-tool hooks {args} "$@"',
        "    exit $?",
        "fi",
        f'echo "openspec-tool {hook} hook: cannot find $python nor openspec-tool on PATH'
        ' (reinstall: openspec-tool hooks install)" >&2',
        "exit 1",
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class HookState:
    hook: str
    path: Path
    state: str  # ours, foreign, absent
    chained: Path | None  # a foreign hook our script runs first
    runs: str | None  # the interpreter our script prefers

    def to_json(self) -> dict[str, object]:
        return {
            "hook": self.hook,
            "path": str(self.path),
            "state": self.state,
            "chained": str(self.chained) if self.chained else None,
            "python": self.runs,
        }


def _interpreter(path: Path) -> str | None:
    try:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("python="):
                return line[len("python=") :].strip("'")
    except OSError:
        return None
    return None


def describe(hook: str, directory: Path) -> HookState:
    path = directory / hook
    s = state(path)
    chained = path.with_name(hook + CHAINED)
    return HookState(
        hook, path, s, chained if s == "ours" and chained.exists() else None, _interpreter(path) if s == "ours" else None
    )


def _free(path: Path) -> Path:
    """`path`, or `path.1`, `path.2`… whichever does not exist yet."""
    candidate, n = path, 0
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate


def install(
    hooks: tuple[str, ...], force: bool = False, chain: bool = False, roots: tuple[str, ...] = (), python: str | None = None
) -> list[str]:
    """Install our hooks; returns one line per action. Raises HookRefused before changing anything."""
    from openspec_tool.hooks.run import workspace_label, workspace_prefixes

    directory = hooks_dir()
    python = python or sys.executable
    # Hooks run at the top of the worktree: store the workspaces relative to it.
    roots = tuple(workspace_label(p) for p in sorted(workspace_prefixes(roots) or ()))
    current = [describe(h, directory) for h in hooks]
    foreign = [s for s in current if s.state == "foreign"]
    if foreign and not (force or chain):
        names = ", ".join(str(s.path) for s in foreign)
        framework = any(b"pre-commit.com" in _head(s.path) for s in foreign)
        hint = " (it is the pre-commit framework's: add this repository to .pre-commit-config.yaml instead, see the README)"
        raise HookRefused(
            f"{names} exists and was not written by openspec-tool{hint if framework else ''}; "
            "use --chain to run it before ours, or --force to replace it (it is kept as <hook>.backup)"
        )
    done: list[str] = []
    for s in current:
        if s.state == "foreign":
            if chain:
                target = s.path.with_name(s.hook + CHAINED)
                if target.exists():
                    raise HookRefused(f"{s.path}: cannot chain, {target} already exists; move one of them away first")
                os.replace(s.path, target)
                done.append(f"kept {s.path.name} as {target.name} (our hook runs it first)")
            else:
                backup = _free(s.path.with_name(s.hook + BACKUP))
                os.replace(s.path, backup)
                done.append(f"moved {s.path.name} to {backup.name}")
        atomic_write(s.path, script(s.hook, python, roots), mode=0o755)
        done.append(f"{'updated' if s.state == 'ours' else 'installed'} {s.hook} hook: {s.path}")
    return done


def uninstall(hooks: tuple[str, ...]) -> list[str]:
    """Remove our hooks (putting back a chained original); a hook we did not write is left alone."""
    directory = hooks_dir()
    done: list[str] = []
    for hook in hooks:
        s = describe(hook, directory)
        if s.state == "foreign":
            done.append(f"left {s.path} alone: not written by openspec-tool")
            continue
        if s.state == "ours":
            s.path.unlink()
            done.append(f"removed {s.hook} hook: {s.path}")
        chained = s.path.with_name(hook + CHAINED)
        backup = _latest_backup(s.path)
        if s.path.exists() or s.path.is_symlink():
            continue
        if chained.exists():
            os.replace(chained, s.path)
            done.append(f"restored {hook}{CHAINED} as {hook}")
        elif backup is not None:  # the hook `install --force` moved aside
            os.replace(backup, s.path)
            done.append(f"restored {backup.name} as {hook}")
    return done


def _latest_backup(path: Path) -> Path | None:
    """The most recent `<hook>.backup[.N]` that `install --force` made (the highest N)."""
    first = path.with_name(path.name + BACKUP)
    if not (first.exists() or first.is_symlink()):
        return None
    latest, n = first, 1
    while (candidate := first.with_name(f"{first.name}.{n}")).exists() or candidate.is_symlink():
        latest, n = candidate, n + 1
    return latest
