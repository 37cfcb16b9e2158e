"""Workspace templates override the packaged ones, render in the sandbox, and fail in one line naming the line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openspec_tool.report.render import packaged_dir
from tests.conftest import REPO

Cli = Callable[..., tuple[int, str, str]]


def _user_template(root: Path, name: str, text: str) -> None:
    folder = root / "openspec" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_packaged_templates_are_the_top_level_folder() -> None:
    assert packaged_dir().resolve() == (REPO / "templates").resolve()
    names = {p.name for p in packaged_dir().iterdir()}
    assert {"decision.md.j2", "phase2_starter.md.j2", "status.md.j2", "report.html.j2", "README.md"} <= names
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates/*"' in pyproject  # package-data of openspec_tool: the wheel carries them


def test_a_workspace_template_overrides_the_packaged_one(tiny: Path, cli: Cli) -> None:
    _user_template(tiny, "decision.md.j2", "Ours: {{ decision.paths[1].effort.text }} for {{ decision.paths[1].label }}\n")
    code, out, err = cli("report", "-o", "-", "--no-history", "--root", str(tiny))
    assert code == 0, err
    assert out == "Ours: 12–18 h for Both\n"
    code, out, _ = cli("report", "status", "--no-history", "--root", str(tiny))  # the other templates are still packaged
    assert code == 0 and out.startswith("# Status")


def test_a_configured_report_with_its_own_template(tiny: Path, cli: Cli) -> None:
    _user_template(tiny, "effort.md.j2", "{% for p in decision.paths_ranked %}{{ p.id }}={{ p.effort.text }}\n{% endfor %}")
    config = tiny / "openspec" / "config.yaml"
    entry = "  - name: efforts\n    template: effort.md.j2\n    output: docs/EFFORTS.md\n    decision: choice\n"
    entry += "    history: false\n"
    config.write_text(config.read_text(encoding="utf-8") + "reports:\n" + entry, encoding="utf-8")
    code, out, err = cli("report", "--root", str(tiny))
    assert code == 0, err
    assert (tiny / "docs" / "EFFORTS.md").read_text(encoding="utf-8") == "A=4–6 h\nB=12–18 h\n"
    assert not (tiny / "CHOICE.md").exists()  # configured reports replace the default
    code, out, _ = cli("report", "choice", "-o", "-", "--no-history", "--root", str(tiny))  # the decision's report
    assert code == 0 and out == "A=4–6 h\nB=12–18 h\n"
    code, out, _ = cli("report", "status", "--no-history", "--root", str(tiny))  # built-ins stay available
    assert code == 0 and out.startswith("# Status\n")


def test_titles_and_file_names_come_from_the_decision_and_the_config(tiny: Path, cli: Cli) -> None:
    decisions = tiny / "openspec" / "decisions"
    text = (decisions / "choice.yaml").read_text(encoding="utf-8").replace("title: Widget plan", "title: Q3 roadmap")
    (decisions / "q3-roadmap.yaml").write_text(text.replace("id: choice", "id: q3-roadmap"), encoding="utf-8")
    (decisions / "choice.yaml").unlink()
    code, _, err = cli("report", "--no-history", "--root", str(tiny))
    assert code == 0, err
    doc = (tiny / "Q3_ROADMAP.md").read_text(encoding="utf-8")
    assert doc.startswith("# Q3 roadmap\n") and "Phase 2" not in doc and "phase" not in doc.lower()
    assert "`openspec report q3-roadmap`" in doc
    code, _, err = cli("report", "--format", "html", "--no-history", "--root", str(tiny))
    html = (tiny / "Q3_ROADMAP.html").read_text(encoding="utf-8")
    assert code == 0 and "<title>Q3 roadmap</title>" in html and "phase" not in html.lower()
    code, help_text, _ = cli("report", "--help")
    assert code == 0 and "phase" not in help_text.lower()
    # The config names the file and the title.
    (tiny / "openspec" / "config.yaml").write_text(
        "reports:\n  - name: roadmap\n    template: decision.md.j2\n    output: docs/ROADMAP.md\n    decision: q3-roadmap\n"
        "    title: Roadmap for the third quarter\n    history: false\n",
        encoding="utf-8",
    )
    code, _, err = cli("report", "--root", str(tiny))
    assert code == 0, err
    assert (tiny / "docs" / "ROADMAP.md").read_text(encoding="utf-8").startswith("# Roadmap for the third quarter\n")


def test_undefined_variable_names_template_and_line(tiny: Path, cli: Cli) -> None:
    _user_template(tiny, "status.md.j2", "# Status\n\n{{ workspace.totals.changes }}\n{{ no_such_thing }}\n")
    code, out, err = cli("report", "status", "--no-history", "--root", str(tiny))
    assert code == 2 and out == ""
    assert err == "openspec: error: report status: template openspec/templates/status.md.j2:4: 'no_such_thing' is undefined\n"


def test_undefined_attribute_in_a_loop(tiny: Path, cli: Cli) -> None:
    _user_template(tiny, "status.md.j2", "{% for c in workspace.changes %}\n{{ c.nope }}\n{% endfor %}\n")
    code, _, err = cli("report", "status", "--no-history", "--root", str(tiny))
    assert code == 2
    assert "template openspec/templates/status.md.j2:2: 'dict object' has no attribute 'nope'" in err


@pytest.mark.parametrize(
    "escape",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ workspace.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    ],
)
def test_the_sandbox_refuses_escapes(tiny: Path, cli: Cli, escape: str) -> None:
    _user_template(tiny, "status.md.j2", f"line one\n{escape}\n")
    code, out, err = cli("report", "status", "--no-history", "--root", str(tiny))
    assert code == 2 and out == ""
    assert err.startswith("openspec: error: report status: template openspec/templates/status.md.j2:2: ")
    assert "refused by the sandbox: access to attribute" in err
    assert err.count("\n") == 1
    assert not (tiny / "PWNED").exists() and not Path("PWNED").exists()


def test_syntax_error_and_missing_template(tiny: Path, cli: Cli) -> None:
    _user_template(tiny, "status.md.j2", "# Status\n{% for x in workspace.changes %}\n")
    code, _, err = cli("report", "status", "--no-history", "--root", str(tiny))
    assert code == 2
    assert "template openspec/templates/status.md.j2:2: syntax error: Unexpected end of template" in err
    config = tiny / "openspec" / "config.yaml"
    config.write_text("schema: spec-driven\nreports:\n  - name: x\n    template: nowhere.md.j2\n", encoding="utf-8")
    code, _, err = cli("report", "x", "--root", str(tiny))
    assert code == 2 and "template nowhere.md.j2 not found" in err


@pytest.mark.parametrize(
    ("reports", "message"),
    [
        ("reports: 3", "`reports` must be a list"),
        ("reports:\n  - template: a.md.j2", "reports[0]: `name` is required"),
        ("reports:\n  - name: a\n    template: a.md.j2\n    colour: red", "reports[0]: unknown key colour"),
        ("reports:\n  - name: a\n    template: a.md.j2\n    output: ../outside.md", "must stay inside the workspace"),
        ("reports:\n  - name: a\n    template: a.md.j2\n  - name: a\n    template: b.md.j2", "two reports are named 'a'"),
        ("reports:\n  - name: a\n    template: a.md.j2\n    history: maybe", "`history` must be true or false"),
    ],
)
def test_bad_report_config(tiny: Path, cli: Cli, reports: str, message: str) -> None:
    (tiny / "openspec" / "config.yaml").write_text(f"schema: spec-driven\n{reports}\n", encoding="utf-8")
    code, _, err = cli("report", "--root", str(tiny))
    assert code == 2 and message in err and err.count("\n") == 1


def test_o_needs_a_single_report(tiny: Path, cli: Cli) -> None:
    (tiny / "openspec" / "config.yaml").write_text(
        "reports:\n  - name: a\n    template: status.md.j2\n  - name: b\n    template: status.md.j2\n", encoding="utf-8"
    )
    code, _, err = cli("report", "-o", "x.md", "--root", str(tiny))
    assert code == 2 and "-o needs a single report: name one of a, b" in err


@pytest.mark.parametrize(
    "source",
    [
        "{{ d.title }} {{ d['title'] }}",
        "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",  # `items` is the dict's method, not its key
        "{{ d.keys | string }}",
        "{{ d._hidden }} {{ d.nested.deep }}",
        "{{ d.missing is defined }} {{ d.nested.missing is defined }}",
        "{{ d.__class__ }}",
    ],
)
def test_context_dicts_answer_attribute_lookups_as_jinjas_own_sandbox(tmp_path: Path, source: str) -> None:
    """The renderer answers `d.key` on a dict without Jinja's AttributeError round trip: same results."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from openspec_tool.report.render import Renderer

    d = {"title": "T", "items": "shadowed", "keys": "shadowed too", "_hidden": 1, "nested": {"deep": 2}}

    def outcome(env: Any) -> tuple[str, str]:
        try:
            return "rendered", env.from_string(source).render(d=d)
        except Exception as exc:  # the sandbox refuses `__class__`: both must, in the same words
            return type(exc).__name__, str(exc)

    ours = outcome(Renderer(tmp_path).env)
    assert ours == outcome(SandboxedEnvironment(undefined=StrictUndefined))
    assert ours[0] == ("SecurityError" if "__class__" in source else "rendered")


def test_a_decision_name_finds_the_configured_report_of_that_decision(ours: Path, cli: Cli) -> None:
    """Our config writes the phase-2 decision to PHASE_2_STARTER.md: `decision` and `phase-2` find that report, not
    the built-in one (which would write PHASE_2.md)."""
    for name in ("decision", "phase-2", "phase-2-starter"):
        code, out, err = cli("report", name, "--no-history", "--root", str(ours))
        assert code == 0, err
        assert "ours/PHASE_2_STARTER.md" in out, out
    assert not (ours / "PHASE_2.md").exists()
