"""Recording a choice: a MADR-style decision record beside the decision file (with the reason, when one is given),
and `chosen:` in its YAML.

Both are written as one step under a lock (write/commit.py); the YAML is edited only where its `chosen`
value is, so the comments, layout and line endings a person wrote are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from openspec_tool.decide.engine import DecisionResult
from openspec_tool.decide.model import Kind
from openspec_tool.model.decision import DecisionSpec
from openspec_tool.model.units import DASH, hours_range
from openspec_tool.write.commit import FileLock, PendingWrite
from openspec_tool.write.yaml_edit import YamlEditError, keep_bytes, restore, set_top_level


class ChoiceError(ValueError):
    """The choice cannot be recorded safely; `str()` is one line. Nothing was written."""


@dataclass(frozen=True)
class Target:
    kind: str  # "path" or "option"
    id: str
    label: str
    members: tuple[str, ...]
    name: str = ""  # "Path B", "Option 4"

    @property
    def title(self) -> str:
        shown = self.name or f"{self.kind} {self.id}"
        return f"{shown} ({self.label})" if self.label and self.label not in (self.id, shown) else shown


def resolve_target(spec: DecisionSpec, name: str, result: DecisionResult | None = None) -> Target | None:
    """The path (by id, any case) or option (by id, or by its name: "Option 4") that `name` names."""
    path = spec.path_by_id(name)
    if path is not None:
        row = result.row("path", path.id) if result is not None else None
        return Target("path", path.id, path.name, path.options, row.name if row else f"Path {path.id}")
    rows = {r.id: r for r in result.options} if result is not None else {}
    for option in spec.options:
        row = rows.get(option)
        if option == name or (row is not None and row.name.lower() == name.strip().lower()):
            return Target("option", option, row.label if row else option, (option,), row.name if row else option)
    return None


def git_identity(cwd: Path) -> str:
    """`Name <email>` from git config, or "unknown" outside git."""
    from openspec_tool.gitrepo import author

    return author(cwd)


def set_chosen(yaml_text: str, choice: str) -> str:
    """The YAML with the top-level `chosen:` set to `choice` (added at the end when absent), nothing else touched.

    Raises ChoiceError when that cannot be done safely."""
    try:
        return set_top_level(yaml_text, "chosen", choice)
    except YamlEditError as exc:
        raise ChoiceError(f"cannot set chosen: {exc}") from None


def record_path(decision_file: Path) -> Path:
    return decision_file.with_name(decision_file.stem + ".record.md")


def render_record(
    spec: DecisionSpec, target: Target, result: DecisionResult, who: str, when: dt.datetime, reason: str | None = None
) -> str:
    """The decision record (MADR: context, options, outcome, consequences) with the scores of this moment."""
    kind: Kind = "path" if target.kind == "path" else "option"
    rows = result.ranked(kind)
    chosen_row = result.row(kind, target.id)
    rec = result.recommendation.of(kind)
    option_name = {r.id: r.name for r in result.options}
    lines = [
        f"# {spec.title or spec.id}: {target.title} chosen",
        "",
        "- Status: accepted",
        f"- Deciders: {who}",
        f"- Date: {when.strftime('%Y-%m-%d %H:%M %Z').strip()}",
        f"- Decision file: `{spec.path}`",
        "",
        "## Context and problem statement",
        "",
        spec.question or f"Which {target.kind} of {spec.id} to take.",
        "",
        "## Considered options",
        "",
    ]
    lines += [f"- Path {p.id} ({p.name}): {' + '.join(option_name.get(o, o) for o in p.options)}" for p in spec.paths]
    lines += [f"- {r.title} (`{r.id}`)" for r in sorted(result.options, key=lambda r: spec.options.index(r.id))]
    lines += ["", "## Decision outcome", ""]
    members = ", ".join(option_name.get(m, m) for m in target.members)
    lines.append(f"Chosen: **{target.title}**" + (f", which combines {members}." if target.kind == "path" else "."))
    lines.append("")
    if reason:
        lines += ["### Why", "", reason.strip(), ""]
    if rec is not None and rec.id == target.id and not rec.tie:
        lines.append(f"It is the tool's recommendation. {rec.sentence}")
    elif rec is not None and rec.tie and (rec.id == target.id or target.id in rec.tied_with):
        lines.append(f"The tool found a tie. {rec.sentence}")
    elif rec is not None and chosen_row is not None:
        lines.append(
            f"The tool recommended {rec.name} ({rec.score:.3f}); this choice scores {chosen_row.score:.3f}"
            + (" and is over the budget" if chosen_row.fits_budget is False else "")
            + (". The reason is given above." if reason else " and was made on other grounds.")
        )
    elif rec is None and chosen_row is not None:
        lines.append(f"The tool recommended no {kind}: {result.recommendation.statement.text}")
    lines += [
        "",
        f"Decision statement at the time: {result.recommendation.statement.text}",
        "",
        f"## Scores at the time ({result.method})",
        "",
        "| rank | id | score | effort | members |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        effort_text = hours_range(row.effort.low, row.effort.high) if row.effort else DASH
        over = " (over budget)" if row.fits_budget is False else ""
        members_text = ", ".join(option_name.get(m, m) for m in row.members)
        lines.append(f"| {row.rank} | {row.id} | {row.score:.3f} | {effort_text}{over} | {members_text} |")
    weights = ", ".join(f"{c.id} {result.weight(c.id):.2f}" for c in result.criteria)
    lines += ["", f"Weights: {weights}.", ""]
    return "\n".join(lines)


def _verify(old: str, new: str, choice: str, shown: str) -> None:
    """Re-read the edited file: `chosen` must read back as `choice` and every other value be unchanged."""
    from openspec_tool.read.decision_file import DecisionFileError, parse_decision
    from openspec_tool.read.yaml12 import YamlError, load

    try:
        before, after = load(old), load(new)
        read_back = parse_decision(new, shown, lenient=True).chosen
    except (YamlError, DecisionFileError) as exc:
        raise ChoiceError(f"{shown}: the edited file would not read back ({exc}); nothing written") from None
    expected = {**before, "chosen": choice} if isinstance(before, dict) else None
    if after != expected or read_back != choice:
        raise ChoiceError(f"{shown}: the edited file would not read back as chosen: {choice!r}; nothing written")


def _inside(path: Path, root: Path) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def write_choice(
    root: Path,
    spec: DecisionSpec,
    target: Target,
    result: DecisionResult,
    when: dt.datetime | None = None,
    reason: str | None = None,
) -> Path:
    """Write the record and `chosen:` as one step; returns the record's path.

    Under a lock beside the decision file (so concurrent choices take turns), the decision file is read again,
    edited where its `chosen` value is (bytes outside it kept, invalid UTF-8 included), and verified by
    re-reading; then both files are prepared and committed, the decision file last. Raises ChoiceError (a
    ValueError) or OSError; then nothing was changed."""
    decision_file = root / spec.path
    when = when or dt.datetime.now(dt.UTC)
    record = record_path(decision_file)
    if _inside(decision_file, root) and not _inside(record, root):
        raise ChoiceError(f"{record.relative_to(root)} leads outside the workspace: nothing written")
    text = render_record(spec, target, result, git_identity(root), when, reason)
    with FileLock(lock_path(decision_file)) as lock:
        # One character per undecodable byte both ways: the parser sees U+FFFD, the bytes go back unchanged.
        kept, parsed = keep_bytes(read_regular(decision_file))
        edited = set_chosen(parsed, target.id)
        _verify(parsed, edited, target.id, spec.path)
        new_raw = restore(kept, parsed, edited).encode("utf-8", "surrogateescape")
        lock.commit([PendingWrite(record, text.encode("utf-8")), PendingWrite(decision_file, new_raw)])
    return record


def lock_path(decision_file: Path) -> Path:
    return decision_file.with_name(f".{decision_file.name}.lock")


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (through a symlink); a FIFO or device is refused, not read."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ChoiceError(f"{path}: not a regular file")
    with open(path, "rb") as fh:
        return fh.read()
