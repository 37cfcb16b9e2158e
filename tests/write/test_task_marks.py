"""`openspec tasks done|undo`: only the marker characters change; refusals write nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.write.task_marks import MarkError, plan_marks
from tests.conftest import write_tree

Cli = Callable[..., tuple[int, str, str]]

DOC = (
    b"\xef\xbb\xbf# Tasks\r\n\r\n## 1. Setup\r\n\r\n"
    b"- [ ] 1.1 Parent\r\n"
    b"    - [ ] 1.1.1 Kid a\r\n"
    b"    - [X] 1.1.2 Kid b\r\n"
    b"* [ ]  1.2 Other {est: 2h}\r\n"
    b"1. [~] 1.3 In progress\r\n"
    b"\t- [] 1.4 Empty box \xff bytes\r\n"
)


def _ws(tmp_path: Path, tasks: bytes = DOC) -> Path:
    return write_tree(tmp_path, {"openspec/changes/c/tasks.md": tasks, "openspec/specs/.keep": ""})


def _diff(before: bytes, after: bytes) -> list[tuple[int, bytes, bytes]]:
    """(line, old, new) of the changed lines."""
    return [(i + 1, a, b) for i, (a, b) in enumerate(zip(before.split(b"\n"), after.split(b"\n"))) if a != b]


def test_done_changes_only_the_marker(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    path = ws / "openspec/changes/c/tasks.md"
    code, out, err = cli("tasks", "done", "c", "1.2", "1.3", "1.4", cwd=ws)
    assert code == 0, err
    after = path.read_bytes()
    assert len(after.split(b"\n")) == len(DOC.split(b"\n"))
    assert _diff(DOC, after) == [
        (8, b"* [ ]  1.2 Other {est: 2h}\r", b"* [x]  1.2 Other {est: 2h}\r"),
        (9, b"1. [~] 1.3 In progress\r", b"1. [x] 1.3 In progress\r"),
        (10, b"\t- [] 1.4 Empty box \xff bytes\r", b"\t- [x] 1.4 Empty box \xff bytes\r"),
    ]
    assert after.startswith(b"\xef\xbb\xbf")
    assert "✓ 1.2 Other" in out


def test_undo_and_the_parent_follows(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    path = ws / "openspec/changes/c/tasks.md"
    code, out, _ = cli("tasks", "done", "c", "1.1.1", "--json", cwd=ws)
    doc = json.loads(out)
    assert code == 0
    assert [(c["id"], c["reason"], c["before"], c["after"]) for c in doc["changed"]] == [
        ("1.1", "last-child", "[ ]", "[x]"),
        ("1.1.1", "asked", "[ ]", "[x]"),
    ]
    code, out, _ = cli("tasks", "undo", "c", "1.1.2", "--json", cwd=ws)
    doc = json.loads(out)
    assert [(c["id"], c["reason"], c["after"]) for c in doc["changed"]] == [
        ("1.1", "parent-undone", "[ ]"),
        ("1.1.2", "asked", "[ ]"),
    ]
    assert path.read_bytes().split(b"\n")[6] == b"    - [ ] 1.1.2 Kid b\r"


def test_a_parent_with_open_subtasks_needs_with_children(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    path = ws / "openspec/changes/c/tasks.md"
    code, _, err = cli("tasks", "done", "c", "1.1", cwd=ws)
    assert code == 1 and "1 open subtask(s) (1.1.1)" in err and "--with-children" in err
    assert path.read_bytes() == DOC
    code, out, _ = cli("tasks", "done", "c", "1.1", "--with-children", "--json", cwd=ws)
    assert code == 0
    assert {c["id"] for c in json.loads(out)["changed"]} == {"1.1", "1.1.1"}


def test_unknown_and_ambiguous_ids_are_refused_with_candidates_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    doc = DOC + b"- [ ] 1.2 Again\r\n"
    ws = _ws(tmp_path, doc)
    path = ws / "openspec/changes/c/tasks.md"
    before = path.stat().st_mtime_ns
    code, _, err = cli("tasks", "done", "c", "1.1.1", "9.9", cwd=ws)  # one good id does not get written alone
    assert code == 1 and 'no task "9.9"' in err and "did you mean" in err
    code, _, err = cli("tasks", "done", "c", "1.2", cwd=ws)
    assert code == 1 and "ambiguous" in err and "line 8: 1.2 Other" in err and "line 11" in err
    assert path.read_bytes() == doc and path.stat().st_mtime_ns == before


def test_one_of_a_repeated_id_is_named_by_its_line_or_its_own_id(cli: Cli, tmp_path: Path) -> None:
    doc = DOC + b"- [ ] 1.2 Again\r\n"
    ws = _ws(tmp_path, doc)
    path = ws / "openspec/changes/c/tasks.md"
    code, _, err = cli("tasks", "done", "c", "1.2", cwd=ws)
    assert code == 1 and "(name one by its line: L8, L11)" in err
    code, out, err = cli("tasks", "done", "c", "L11", "--json", cwd=ws)  # as the refusal says
    assert code == 0, err
    assert [(c["line"], c["after"]) for c in json.loads(out)["changed"]] == [(11, "[x]")]
    code, out, err = cli("tasks", "done", "c", "1.2@L8", "--json", cwd=ws)  # the id `openspec tasks` shows
    assert code == 0, err
    assert [(c["line"], c["after"]) for c in json.loads(out)["changed"]] == [(8, "[x]")]
    assert _diff(doc, path.read_bytes()) == [
        (8, b"* [ ]  1.2 Other {est: 2h}\r", b"* [x]  1.2 Other {est: 2h}\r"),
        (11, b"- [ ] 1.2 Again\r", b"- [x] 1.2 Again\r"),
    ]


def test_already_in_that_state_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    path = ws / "openspec/changes/c/tasks.md"
    before = path.stat().st_mtime_ns
    code, out, _ = cli("tasks", "done", "c", "1.1.2", "--json", cwd=ws)
    assert code == 0 and json.loads(out) == {
        "path": "openspec/changes/c/tasks.md",
        "action": "done",
        "changed": [],
        "unchanged": [{"id": "1.1.2", "line": 7, "title": "Kid b", "done": True}],
    }
    assert path.stat().st_mtime_ns == before


def test_a_symlinked_task_list_stays_a_link(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    real = ws / "elsewhere.md"
    real.write_bytes(DOC)
    link = ws / "openspec/changes/c/tasks.md"
    link.unlink()
    link.symlink_to(real)
    assert cli("tasks", "done", "c", "1.2", cwd=ws)[0] == 0
    assert link.is_symlink() and b"* [x]  1.2" in real.read_bytes()


def test_a_planning_file_by_path_and_unknown_change(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    plan = ws / "PLAN.md"
    plan.write_bytes(b"- [ ] T-1 one\n- [ ] T-2 two\n")
    assert cli("tasks", "done", str(plan), "T-2", cwd=ws)[0] == 0
    assert plan.read_bytes() == b"- [ ] T-1 one\n- [x] T-2 two\n"
    code, _, err = cli("tasks", "done", "nope", "1.1", cwd=ws)
    assert code == 2 and 'unknown change "nope"' in err


_LINE = st.tuples(
    st.sampled_from(["", "  ", "    ", "\t"]),
    st.sampled_from(["-", "*", "+", "1.", "2)"]),
    st.sampled_from(["[ ]", "[x]", "[X]", "[]", "[~]", "[  ]"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r[]"), max_size=12),
    st.sampled_from(["\n", "\r\n"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=8), st.data())
def test_any_tick_changes_only_bytes_inside_one_checkbox(
    lines: list[tuple[str, str, str, str, str]], data: st.DataObject
) -> None:
    raw = "".join(f"{ind}{bul} {box} {i + 1}.1 {txt}{eol}" for i, (ind, bul, box, txt, eol) in enumerate(lines)).encode()
    tasks = parse_tasks(raw.decode("utf-8", "replace"), "t.md")
    checkbox = [t for t in tasks.tasks if t.source == "checkbox"]
    if not checkbox:
        return
    task = data.draw(st.sampled_from(checkbox))
    done = data.draw(st.booleans())
    try:
        plan = plan_marks(raw, tasks, [task.id], done, with_children=True)
    except MarkError:
        return
    for _, old, new in _diff(raw, plan.data):
        prefix = old[: old.index(b"[") + 1]
        assert new.startswith(prefix) and old.endswith(new[new.index(b"]") :]), (old, new)
        assert (b"x" in new[len(prefix) : new.index(b"]")]) == done
    assert len(plan.data.split(b"\n")) == len(raw.split(b"\n"))


def test_a_failed_write_is_one_line_and_leaves_the_file(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openspec_tool.write.atomic as atomic

    def full(path: Path, data: bytes, mode: int | None = None) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "atomic_write_bytes", full)
    ws = _ws(tmp_path)
    folder = ws / "openspec/changes/c"
    code, out, err = cli("tasks", "done", "c", "1.2", cwd=ws)
    assert (code, out) == (
        2,
        "",
    ) and err.strip() == "openspec: error: cannot write openspec/changes/c/tasks.md: No space left on device"
    assert sorted(p.name for p in folder.iterdir()) == ["tasks.md"]
    assert (folder / "tasks.md").read_bytes() == DOC


def test_a_section_number_points_at_its_tasks(cli: Cli, tmp_path: Path) -> None:
    ws = _ws(tmp_path, b"## 2.1 Build it\n\n- [ ] first\n- [ ] second\n")
    code, _, err = cli("tasks", "done", "c", "2.1", cwd=ws)
    assert code == 1 and 'is the section "2.1 Build it": tick its tasks by their ids (L3, L4)' in err
