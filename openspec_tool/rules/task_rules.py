"""Task-file lint of the reference: lists without checkboxes, and ambiguous task numbering."""

from __future__ import annotations

import re

from openspec_tool.model.findings import Finding
from openspec_tool.read.jstext import NOT_S, S, trim
from openspec_tool.read.lazyre import lazy
from openspec_tool.read.schemas import tracked_task_files, uses_builtin_spec_driven
from openspec_tool.read.task_lines import TASK_LINE, parse_task_lines
from openspec_tool.read.tree import Tree, join
from openspec_tool.rules import messages as msg

_LIST_ITEM = lazy(rf"{S}*(?:[-*+]|[0-9]{{1,9}}[.)]){S}+{NOT_S}")
_FENCE = lazy(r" {0,3}(`{3,}|~{3,})(.*)")
_FRONT = lazy(rf"-{{3}}{S}*\Z")
_LEVEL2 = lazy(r" {0,3}##(?!#)(?:[ \t]+|[ \t]*\r?\Z)")
_GROUP = lazy(r" {0,3}##[ \t]+([0-9]+)\.(?:[ \t]|\r?\Z)")
_TASK_ID = lazy(rf"([0-9]+(?:\.[0-9]+)+(?:[A-Za-z]+)?)(?={S}|\Z)")


def _indent_columns(line: str) -> int:
    col = 0
    for ch in line:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


def _skip_front_matter(lines: list[str]) -> int:
    if not lines or not _FRONT.match(lines[0].removeprefix("\ufeff").rstrip()):
        return 0
    for i in range(1, len(lines)):
        if _FRONT.match(lines[i].rstrip()):
            return i + 1
    return 0


def first_list_item_line(content: str) -> int | None:
    lines = content.split("\n")
    fence: tuple[str, int] | None = None
    in_comment = False
    for i in range(_skip_front_matter(lines), len(lines)):
        line = lines[i]
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        fm = _FENCE.match(line)
        if fm:
            marker, length = fm.group(1)[0], len(fm.group(1))
            if fence is None:
                fence = (marker, length)
            elif marker == fence[0] and length >= fence[1] and trim(fm.group(2)) == "":
                fence = None
            continue
        if fence is not None:
            continue
        if line.lstrip().startswith("<!--"):
            if "-->" not in line[line.index("<!--") + 4 :]:
                in_comment = True
            continue
        if _LIST_ITEM.match(line) and _indent_columns(line) < 4:
            return i + 1
    return None


def checkbox_issues(documents: list[tuple[str, str]]) -> list[Finding]:
    if not documents or any(parse_task_lines(c) for _, c in documents):
        return []
    out: list[Finding] = []
    for path, content in documents:
        line = first_list_item_line(content)
        if line is not None:
            out.append(Finding("WARNING", path, msg.TASKS_WITHOUT_CHECKBOXES, line))
    return out


def numbering_issues(documents: list[tuple[str, str]]) -> list[Finding]:
    out: list[Finding] = []
    first: dict[str, tuple[str, int]] = {}
    for path, content in documents:
        lines = content.split("\n")
        if not any(_GROUP.match(line) for line in lines):
            continue
        group: str | None = None
        for index, line in enumerate(lines):
            if _LEVEL2.match(line):
                gm = _GROUP.match(line)
                group = gm.group(1) if gm else None
            if group is None:
                continue
            if "[" not in line:
                continue
            tm = TASK_LINE.match(line)
            if not tm:
                continue
            im = _TASK_ID.match(trim(tm.group(2)))
            if not im:
                continue
            tid = im.group(1)
            number = index + 1
            task_group = tid.split(".")[0]
            if re.sub(r"^0+(?=[0-9])", "", task_group) != re.sub(r"^0+(?=[0-9])", "", group):
                out.append(
                    Finding(
                        "WARNING",
                        path,
                        f'Task "{tid}" is under group {group}, but its leading number points to group {task_group}. '
                        f"Move it to group {task_group} or renumber it.",
                        number,
                    )
                )
            if tid in first:
                fpath, fline = first[tid]
                where = f"on line {fline}" if fpath == path else f"in {fpath} on line {fline}"
                out.append(Finding("WARNING", path, f'Task ID "{tid}" is duplicated; it was first declared {where}.', number))
            else:
                first[tid] = (path, number)
    return out


def task_file_issues(tree: Tree, change: str) -> list[Finding]:
    tracked = tracked_task_files(tree, change)
    files = tracked or [join(change, "tasks.md")]
    documents: list[tuple[str, str]] = []
    unreadable = 0
    prefix = change.rstrip("/") + "/"
    for f in files:
        try:
            content = tree.read_text(f)
        except FileNotFoundError:
            continue
        except OSError:
            unreadable += 1
            continue
        documents.append((f[len(prefix) :] if f.startswith(prefix) else f.rsplit("/", 1)[-1], content))
    documents.sort(key=lambda d: d[0])
    issues: list[Finding] = []
    if tracked and unreadable == 0:
        issues.extend(checkbox_issues(documents))
    if uses_builtin_spec_driven(tree, change):
        issues.extend(numbering_issues(documents))
    return issues
