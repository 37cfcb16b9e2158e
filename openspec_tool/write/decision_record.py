"""Recording a choice: a MADR-style decision record beside the decision file, and `chosen:` in its YAML.

Both files are written atomically; the YAML is edited in place (one line), so the comments and layout
a person wrote are kept.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openspec_tool.model.decision import DecisionSpec
from openspec_tool.write.atomic import atomic_write

_CHOSEN = re.compile(r"^chosen:[ \t]*(?:[^#\n]*?)([ \t]*#.*)?$", re.MULTILINE)


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
    values = []
    for key in ("user.name", "user.email"):
        try:
            proc = subprocess.run(["git", "config", key], cwd=cwd, capture_output=True, text=True, timeout=5)
            values.append(proc.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            values.append("")
    name, email = values
    if name and email:
        return f"{name} <{email}>"
    return name or email or "unknown"


def set_chosen(yaml_text: str, choice: str) -> str:
    """The YAML with `chosen:` set to `choice` (added at the end when absent), nothing else touched."""
    if _CHOSEN.search(yaml_text):
        return _CHOSEN.sub(lambda m: f"chosen: {choice}{m.group(1) or ''}", yaml_text, count=1)
    sep = "" if yaml_text.endswith("\n") or not yaml_text else "\n"
    return f"{yaml_text}{sep}chosen: {choice}\n"


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


def write_choice(root: Path, spec: DecisionSpec, target: Target, result: dict[str, Any], when: dt.datetime | None = None) -> Path:
    """Write the record and `chosen:`; returns the record's path."""
    decision_file = root / spec.path
    when = when or dt.datetime.now(dt.UTC)
    record = record_path(decision_file)
    atomic_write(record, render_record(spec, target, result, git_identity(root), when))
    atomic_write(decision_file, set_chosen(decision_file.read_text(encoding="utf-8"), target.id))
    return record
