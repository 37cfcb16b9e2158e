"""One finding type, three JSON shapes made where they are printed, one line for humans."""

from __future__ import annotations

import pickle

from openspec_tool.model.findings import UNREADABLE, Finding, Item, Report


def test_the_reference_shape_has_a_line_only_when_known() -> None:
    assert Finding("ERROR", "file", "Spec must have a Purpose section").reference_json() == {
        "level": "ERROR",
        "path": "file",
        "message": "Spec must have a Purpose section",
    }
    assert list(Finding("WARNING", "tasks.md", "dup", 7).reference_json()) == ["level", "path", "line", "message"]


def test_the_check_shape_lowers_the_level_and_names_the_change() -> None:
    f = Finding("INFO", "openspec/changes/c/tasks.md", "why", 3, "container-mark", Item("change", "c"))
    assert f.check_json() == {
        "level": "info",
        "code": "container-mark",
        "path": "openspec/changes/c/tasks.md",
        "line": 3,
        "message": "why",
        "change": "c",
    }
    assert Finding("ERROR", "openspec/changes/c/tasks.md", "x", item=Item("spec", "auth")).check_json()["change"] is None


def test_one_line_for_humans() -> None:
    yaml = Finding("WARNING", "openspec/changes/a:b/.openspec.yaml", "not valid YAML: x", 2, UNREADABLE)
    assert str(yaml) == "openspec/changes/a:b/.openspec.yaml:2: not valid YAML: x"
    assert f"{Finding('WARNING', 'p', 'cannot read: denied')}" == "p: cannot read: denied"
    assert yaml.path == "openspec/changes/a:b/.openspec.yaml"  # a colon in a folder name is kept whole, never re-parsed


def test_findings_are_values() -> None:
    f = Finding("ERROR", "p", "m", 1, "code", Item("change", "c"))
    assert pickle.loads(pickle.dumps(f)) == f  # bulk validation sends them from a forked child
    assert len({f, f._replace()}) == 1  # the hook says each once


def test_a_report_is_valid_unless_errors_or_strict_warnings() -> None:
    warn = [Finding("WARNING", "p", "m"), Finding("INFO", "p", "i")]
    assert Report.of(warn, strict=False).valid and not Report.of(warn, strict=True).valid
    assert Report.of(warn, strict=False).counts() == {"errors": 0, "warnings": 1, "info": 1}
