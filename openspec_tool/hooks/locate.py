"""Where a validation issue points: the file (relative to the repository root) and, when it can be told, the line.

The reference's issues name a path relative to the change's `specs/` folder ("auth/spec.md"), to the
change ("tasks.md", ".openspec.yaml"), a spec's schema field ("requirements.0.scenarios"), or just
"file". An editor needs a real file and a line, so a missing line is looked up from what the message
names: the requirement header it quotes, the n-th requirement, or the Purpose section.
"""

from __future__ import annotations

import re

from openspec_tool.model.findings import Finding
from openspec_tool.read.lazyre import lazy
from openspec_tool.read.tree import Tree, join, try_read

_QUOTED = lazy(r'"([^"\n]+)"')
_REQ_HEADER = lazy(r"^\s*#{3,}\s*Requirement:\s*(.*?)\s*$", re.IGNORECASE)
_REQ_INDEX = lazy(r"^requirements(?:\.|\[)(\d+)")
_PURPOSE = lazy(r"^\s*##\s+Purpose\b", re.IGNORECASE)


def _line_of_name(text: str, name: str) -> int | None:
    lines = text.split("\n")
    wanted = name.strip()
    for i, line in enumerate(lines):
        m = _REQ_HEADER.match(line)
        if m and m.group(1).strip() == wanted:
            return i + 1
    folded = wanted.casefold()
    for i, line in enumerate(lines):
        m = _REQ_HEADER.match(line)
        if m and m.group(1).strip().casefold() == folded:
            return i + 1
    for i, line in enumerate(lines):
        if wanted in line:
            return i + 1
    return None


def _line_of_requirement(text: str, index: int) -> int | None:
    seen = -1
    for i, line in enumerate(text.split("\n")):
        if _REQ_HEADER.match(line):
            seen += 1
            if seen == index:
                return i + 1
    return None


def _line_of_purpose(text: str) -> int | None:
    for i, line in enumerate(text.split("\n")):
        if _PURPOSE.match(line):
            return i + 1
    return None


def guess_line(text: str | None, issue: Finding) -> int | None:
    if issue.line is not None or text is None:
        return issue.line
    m = _REQ_INDEX.match(issue.path)
    if m:
        return _line_of_requirement(text, int(m.group(1)))
    if issue.path == "overview":
        return _line_of_purpose(text)
    quoted = _QUOTED.search(issue.message)
    if quoted:
        return _line_of_name(text, quoted.group(1))
    return None


def change_issue_file(tree: Tree, change_id: str, issue: Finding) -> str:
    """The workspace-relative file (or folder) a change issue is about."""
    folder = join("openspec/changes", change_id)
    if issue.path == "file" or not issue.path:
        return folder + "/"
    in_specs, in_change = join(folder, "specs", issue.path), join(folder, issue.path)
    # Delta paths are relative to specs/, task files and metadata to the change folder.
    order = (in_specs, in_change) if "/" in issue.path or issue.path == "spec.md" else (in_change, in_specs)
    for candidate in order:
        if tree.kind(candidate) == "file":
            return candidate
    return order[0]


def locate_change_issue(tree: Tree, change_id: str, issue: Finding) -> tuple[str, int | None]:
    rel = change_issue_file(tree, change_id, issue)
    if rel.endswith("/"):
        return rel, issue.line
    return rel, guess_line(try_read(tree, rel), issue)


def locate_spec_issue(tree: Tree, spec_id: str, issue: Finding) -> tuple[str, int | None]:
    rel = join("openspec/specs", spec_id, "spec.md")
    return rel, guess_line(try_read(tree, rel), issue)
