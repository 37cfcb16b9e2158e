"""Recording a choice: a MADR-style decision record beside the decision file, and `chosen:` in its YAML.

Both are written as one step under a lock (write/commit.py); the YAML is edited only where its `chosen`
value is, so the comments, layout and line endings a person wrote are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openspec_tool.model.decision import DecisionSpec
from openspec_tool.write.commit import FileLock, PendingWrite
from openspec_tool.write.yaml_edit import YamlEditError, set_top_level

_SURROGATE = re.compile("[\udc80-\udcff]")


class ChoiceError(ValueError):
    """The choice cannot be recorded safely; `str()` is one line. Nothing was written."""


@dataclass(frozen=True)
class Target:
    kind: str  # "path" or "option"
    id: str
    label: str
    members: tuple[str, ...]


def resolve_target(spec: DecisionSpec, name: str) -> Target | None:
    path = spec.path_by_id(name)
    if path is not None:
        return Target("path", path.id, path.name, path.options)
    for option in spec.options:
        if option == name:
            return Target("option", option, option, (option,))
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


def render_record(spec: DecisionSpec, target: Target, result: dict[str, Any], who: str, when: dt.datetime) -> str:
    """The decision record (MADR: context, options, outcome, consequences) with the scores of this moment."""
    kind_rows = result["paths"] if target.kind == "path" else result["options"]
    chosen_row = next((r for r in kind_rows if r["id"] == target.id), None)
    rec = result["recommendation"]["path" if target.kind == "path" else "option"] or {}
    lines = [
        f"# {spec.title or spec.id}: {target.kind} {target.id} chosen",
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
    lines += [f"- Path {p.id} ({p.name}): {', '.join(p.options)}" for p in spec.paths]
    lines += [f"- Option {o}" for o in spec.options]
    lines += ["", "## Decision outcome", ""]
    label = f"{target.kind} {target.id}" + (f" ({target.label})" if target.label != target.id else "")
    lines.append(f"Chosen: **{label}**" + (f", which combines {', '.join(target.members)}." if target.kind == "path" else "."))
    lines.append("")
    if rec.get("id") == target.id:
        lines.append(f"It is the tool's recommendation. {rec.get('sentence', '')}")
    elif rec:
        lines.append(
            f"The tool recommended {rec.get('id')} ({rec.get('score', 0):.3f}); this choice scores "
            f"{chosen_row['score']:.3f} and was made on other grounds."
            if chosen_row
            else ""
        )
    lines += [
        "",
        f"## Scores at the time ({result['method']})",
        "",
        "| rank | id | score | effort (h) | members |",
        "|---|---|---|---|---|",
    ]
    for row in kind_rows:
        effort = row.get("effort")
        effort_text = f"{effort['low']:g}-{effort['high']:g}" if effort else "–"
        lines.append(f"| {row['rank']} | {row['id']} | {row['score']:.3f} | {effort_text} | {', '.join(row['members'])} |")
    weights = ", ".join(f"{c['id']} {c['weight']:.2f}" for c in result["criteria"])
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


def write_choice(root: Path, spec: DecisionSpec, target: Target, result: dict[str, Any], when: dt.datetime | None = None) -> Path:
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
    text = render_record(spec, target, result, git_identity(root), when)
    with FileLock(lock_path(decision_file)) as lock:
        raw = read_regular(decision_file)
        # One character per undecodable byte both ways: the parser sees U+FFFD, the bytes go back unchanged.
        kept = raw.decode("utf-8", "surrogateescape")
        parsed = _SURROGATE.sub("\ufffd", kept)
        edited = set_chosen(parsed, target.id)
        _verify(parsed, edited, target.id, spec.path)
        new_raw = _restore(kept, parsed, edited).encode("utf-8", "surrogateescape")
        lock.commit([PendingWrite(record, text.encode("utf-8")), PendingWrite(decision_file, new_raw)])
    return record


def _restore(kept: str, parsed: str, edited: str) -> str:
    """`edited` with the undecodable bytes of `kept` put back (the edit never touches them: it replaces one span)."""
    if kept == parsed:
        return edited
    head = 0
    while head < len(parsed) and head < len(edited) and parsed[head] == edited[head]:
        head += 1
    tail = 0
    while tail < len(parsed) - head and tail < len(edited) - head and parsed[-1 - tail] == edited[-1 - tail]:
        tail += 1
    return kept[:head] + edited[head : len(edited) - tail] + kept[len(kept) - tail :]


def lock_path(decision_file: Path) -> Path:
    return decision_file.with_name(f".{decision_file.name}.lock")


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (through a symlink); a FIFO or device is refused, not read."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ChoiceError(f"{path}: not a regular file")
    with open(path, "rb") as fh:
        return fh.read()
