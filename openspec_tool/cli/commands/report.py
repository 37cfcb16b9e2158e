"""`openspec report [NAME] [-o PATH] [--format md|html] [--check]`: documents rendered from the model.

Without NAME it renders every report the workspace configures (by default the document of each decision
file, `<DECISION>.md` at the workspace root, else the status report). `--check` renders in memory and exits 1
with a short diff when a file on disk is stale (the commit its "as of" line names aside).
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import stat
from pathlib import Path

from openspec_tool.cli.output import error_line, out, write_doc
from openspec_tool.exitcode import ExitCode
from openspec_tool.read.root import WorkspaceRoot
from openspec_tool.report.config import ReportConfigError, ReportSpec, default_reports, find_report, with_overrides
from openspec_tool.report.context import ReportError, ReportRequest, build_context
from openspec_tool.report.freshness import same_report
from openspec_tool.report.render import Renderer, TemplateProblem
from openspec_tool.write.commit import PendingWrite, commit_files

DIFF_LINES = 40


def _timestamp() -> str:
    """Now in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit() else dt.datetime.now(dt.UTC)
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _command(spec: ReportSpec, fmt: str, since: str | None, history: bool | None, output: str | None = None) -> str:
    """The command that renders this report again (the document shows it without -o, so it does not depend on where
    it was written)."""
    parts = ["openspec", "report", spec.name]
    if fmt != "md":
        parts += ["--format", fmt]
    if since:
        parts += ["--since", since]
    if history is not None:
        parts.append("--history" if history else "--no-history")
    if output:
        parts += ["-o", output]
    return " ".join(parts)


def stale_diff(on_disk: str, rendered: str, label: str, limit: int = DIFF_LINES) -> list[str]:
    """A unified diff (one line of context), cut to `limit` lines with a count of what was left out."""
    lines = list(
        difflib.unified_diff(
            on_disk.splitlines(), rendered.splitlines(), f"{label} (on disk)", f"{label} (rendered now)", lineterm="", n=1
        )
    )
    if len(lines) > limit:
        lines = [*lines[:limit], f"… {len(lines) - limit} more diff lines"]
    return lines


def _check(path: Path, shown: str, text: str, command: str) -> bool:
    """True when the file holds exactly `text` (line endings aside); prints the diff otherwise."""
    try:
        on_disk = read_regular(path).decode("utf-8", errors="replace").replace("\r\n", "\n")
    except FileNotFoundError:
        error_line(f"{shown} does not exist: generate it with `{command}`")
        return False
    except OSError as exc:
        error_line(f"{shown}: cannot read: {exc.strerror or exc}")
        return False
    if same_report(on_disk, text):
        out(f"{shown} is up to date")
        return True
    for line in stale_diff(on_disk, text, shown):
        out(line)
    error_line(f"{shown} is stale: regenerate it with `{command}`")
    return False


def read_regular(path: Path) -> bytes:
    """A regular file's bytes; a FIFO or device is not opened (reading one could block or never end)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    with open(path, "rb") as fh:
        return fh.read()


def _confined(ws: WorkspaceRoot, spec: ReportSpec, target: str) -> Path:
    """The configured (or default) output, refused when it resolves outside the workspace (all symlinks followed)."""
    path = ws.root / target
    real, base = os.path.realpath(path), os.path.realpath(ws.root)
    if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
        return path
    where = f"{spec.source}: reports[{spec.index}]: output" if spec.source else f"report {spec.name}: the default output"
    raise ReportConfigError(f"{where} {target} leads outside the workspace (to {real}): refused")


def _shown(path: Path) -> str:
    """Relative to the current directory when inside it, else absolute."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(absolute)


def run(
    ws: WorkspaceRoot,
    name: str | None,
    output: str | None,
    fmt: str,
    check: bool,
    since: str | None,
    history: bool | None,
    timestamp: bool,
) -> ExitCode:
    if check and timestamp:
        error_line("--timestamp makes every render differ: it cannot be combined with --check")
        return ExitCode.USAGE
    try:
        specs = [find_report(ws.tree, name)] if name else default_reports(ws.tree)
    except ReportConfigError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    if output is not None and len(specs) > 1:
        error_line(f"-o needs a single report: name one of {', '.join(s.name for s in specs)}")
        return ExitCode.USAGE
    renderer = Renderer(ws.root)
    generated_at = _timestamp() if timestamp else None
    rendered: list[tuple[ReportSpec, Path | None, str]] = []
    # Render every report before writing any: a failing one leaves every file as it was.
    for spec in specs:
        spec = with_overrides(spec, since, history)
        target = output if output is not None else spec.output_for(fmt)
        if check and target in (None, "-"):
            if name is not None:
                error_line(f"report {spec.name} is printed, not written to a file: give -o PATH to check one")
                return ExitCode.USAGE
            out(f"{spec.name}: printed, not written to a file: nothing to check")
            continue
        try:
            path = None if target in (None, "-") else Path(target) if output is not None else _confined(ws, spec, target)
            context = build_context(ReportRequest(ws.root, ws.tree, spec, fmt, generated_at))
            context["report"]["command"] = _command(spec, fmt, since, history)
            rendered.append((spec, path, renderer.render(spec.template_for(fmt), context)))
        except (ReportError, TemplateProblem) as exc:
            error_line(f"report {spec.name}: {exc}")
            return ExitCode.USAGE
        except ReportConfigError as exc:
            error_line(str(exc))
            return ExitCode.USAGE
    if check:
        fresh = True
        for spec, path, text in rendered:
            assert path is not None
            fresh = _check(path, _shown(path), text, _command(spec, fmt, since, history, output)) and fresh
        return ExitCode.OK if fresh else ExitCode.INVALID
    return _deliver(rendered)


def _deliver(rendered: list[tuple[ReportSpec, Path | None, str]]) -> ExitCode:
    """Print the printed reports; write the files that changed, all prepared before any is replaced."""
    writes: list[PendingWrite] = []
    said: list[str] = []
    for _, path, text in rendered:
        if path is None:
            write_doc(text)
            continue
        data = text.encode("utf-8")
        try:
            # The "as of" commit aside: a committed report cannot name the commit that holds it.
            same = stat.S_ISREG(os.stat(path).st_mode) and same_report(read_regular(path).decode("utf-8", errors="replace"), text)
        except OSError:
            same = False
        if same:
            said.append(f"{_shown(path)} is up to date")
        else:
            writes.append(PendingWrite(path, data))
            said.append(f"wrote {_shown(path)}")
    try:
        commit_files(writes)
    except OSError as exc:
        shown = _shown(Path(exc.filename)) if exc.filename else "the report"
        error_line(f"{shown}: cannot write: {exc.strerror or exc}; no report was written")
        return ExitCode.USAGE
    for line in said:
        out(line)
    return ExitCode.OK
