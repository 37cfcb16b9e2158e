"""A repository cannot make `openspec report` write or read outside it, nor make it hang or eat the machine
(issue 10, items 1-3 and 12): outputs and templates are resolved and confined, `--check` never opens a FIFO,
sizes are capped, recursion names the template, and a failing report leaves every file as it was."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from openspec_tool.report import sandbox

Cli = Callable[..., tuple[int, str, str]]


def _configure(root: Path, entries: str) -> None:
    config = root / "openspec" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "reports:\n" + entries, encoding="utf-8")


def _template(root: Path, name: str, text: str) -> None:
    folder = root / "openspec" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def _victim(tmp_path: Path) -> Path:
    home = tmp_path / "home" / ".ssh"
    home.mkdir(parents=True)
    (home / "authorized_keys").write_text("ssh-ed25519 KEEP\n")
    return home


def test_configured_output_through_a_symlink_out_of_the_workspace_is_refused(tiny: Path, tmp_path: Path, cli: Cli) -> None:
    ssh = _victim(tmp_path)
    (tiny / "dotssh").symlink_to(ssh)
    _configure(tiny, "  - name: keys\n    template: status.md.j2\n    output: dotssh/authorized_keys\n    history: false\n")
    for args in (("report",), ("report", "keys", "--check")):
        code, out, err = cli(*args, "--root", str(tiny))
        assert code == 2 and out == ""
        assert err.startswith("openspec: error: openspec/config.yaml:5: reports[0]: output dotssh/authorized_keys leads outside")
        assert err.count("\n") == 1
    assert (ssh / "authorized_keys").read_text() == "ssh-ed25519 KEEP\n"


def test_the_default_output_linked_out_of_the_workspace_is_refused(tiny: Path, tmp_path: Path, cli: Cli) -> None:
    outside = tmp_path / "bashrc"
    outside.write_text("keep\n")
    (tiny / "CHOICE.md").symlink_to(outside)  # the default output of decision `choice`
    code, _, err = cli("report", "--no-history", "--root", str(tiny))
    assert code == 2 and "the default output CHOICE.md leads outside the workspace" in err
    assert outside.read_text() == "keep\n"


def test_an_output_linked_inside_the_workspace_is_written_through(tiny: Path, cli: Cli) -> None:
    (tiny / "docs").mkdir()
    (tiny / "CHOICE.md").symlink_to("docs/starter.md")
    assert cli("report", "--no-history", "--root", str(tiny))[0] == 0
    assert (tiny / "CHOICE.md").is_symlink() and (tiny / "docs/starter.md").read_text().startswith("# Widget plan")


def test_dash_o_outside_the_workspace_is_the_users_choice(tiny: Path, tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "elsewhere" / "out.md"
    code, _, err = cli("report", "status", "--no-history", "-o", str(target), "--root", str(tiny))
    assert code == 0, err
    assert target.read_text().startswith("# Status")


def test_check_never_opens_a_fifo(tiny: Path, cli: Cli) -> None:
    fifo = tiny / "CHOICE.md"
    os.mkfifo(fifo)
    code, _, err = cli("report", "--check", "--no-history", "--root", str(tiny))  # hung before
    assert code == 1 and "CHOICE.md: cannot read: not a regular file" in err


def test_report_into_a_fifo_writes_it_in_place(tiny: Path, cli: Cli) -> None:
    fifo = tiny / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        code, _, err = cli("report", "status", "--no-history", "-o", str(fifo), "--root", str(tiny))
        assert code == 0, err
        assert os.read(reader, 10) == b"# Status\n\n"
    finally:
        os.close(reader)
    assert fifo.is_fifo()


def test_a_failing_second_report_leaves_the_first_unwritten(tiny: Path, cli: Cli) -> None:
    _template(tiny, "bad.md.j2", "{{ no_such_variable }}\n")
    _configure(
        tiny,
        "  - name: one\n    template: status.md.j2\n    output: ONE.md\n    history: false\n"
        "  - name: two\n    template: bad.md.j2\n    output: TWO.md\n    history: false\n",
    )
    code, _, err = cli("report", "--root", str(tiny))
    assert code == 2 and "report two: template openspec/templates/bad.md.j2:1" in err
    assert not (tiny / "ONE.md").exists() and not (tiny / "TWO.md").exists()


def test_a_template_linked_out_of_the_workspace_is_not_read(tiny: Path, tmp_path: Path, cli: Cli) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET\n")
    _template(tiny, "status.md.j2", '{% include "leak.j2" %}\n')
    (tiny / "openspec/templates/leak.j2").symlink_to(secret)
    code, out, err = cli("report", "status", "--no-history", "--root", str(tiny))
    assert code == 2 and "TOP SECRET" not in out + err
    assert "openspec/templates/leak.j2 resolves outside the workspace" in err


def test_a_templates_folder_linked_out_of_the_workspace_is_not_read(tiny: Path, tmp_path: Path, cli: Cli) -> None:
    elsewhere = tmp_path / "etc"
    elsewhere.mkdir()
    (elsewhere / "passwd.j2").write_text("root:x:0:0\n")
    (tiny / "openspec/templates").symlink_to(elsewhere)
    _configure(tiny, "  - name: pw\n    template: passwd.j2\n    history: false\n")
    code, out, err = cli("report", "pw", "--root", str(tiny))
    assert code == 2 and "root:x" not in out and "resolves outside the workspace" in err
    code, out, _ = cli("report", "status", "--no-history", "--root", str(tiny))  # the packaged ones still work
    assert code == 0 and out.startswith("# Status")


@pytest.mark.parametrize(
    "text",
    [
        "{{ 'a' * 10**10 }}",
        "{{ [0] * 10**10 }}",
        "{{ 10 ** 100000000 }}",
        "{{ 'x'|center(10**10) }}",
        "{{ '%10000000000s'|format(1) }}",
        "{{ '{:>10000000000}'.format(1) }}",
        "{{ 'x'.ljust(10**10) }}",
        "{{ ('a' * 10**6)|replace('a', 'b' * 1000) }}",
        "{% for i in range(100000) %}{% for j in range(100) %}{{ 'x' * 10000 }}{% endfor %}{% endfor %}",
    ],
)
def test_sizes_are_refused_before_they_are_made(tiny: Path, cli: Cli, text: str) -> None:
    _template(tiny, "status.md.j2", text + "\n")
    code, out, err = cli("report", "status", "--no-history", "--root", str(tiny))
    assert code == 2 and out == ""
    assert err.startswith("openspec: error: report status: template openspec/templates/status.md.j2")
    assert "exceed" in err or "refused" in err


def test_size_attack_in_a_process_with_bounded_memory(tiny: Path) -> None:
    """The issue's own case, run where a regression fails with MemoryError instead of taking the machine."""
    _template(tiny, "status.md.j2", "{{ 'a' * 10**10 }}\n")

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, resource.RLIM_INFINITY))

    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from openspec_tool.cli.main import main; main()",
            "report",
            "status",
            "--no-history",
            "--root",
            str(tiny),
        ],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        timeout=120,
    )
    assert proc.returncode == 2 and "would exceed the output limit" in proc.stderr


def test_what_no_check_foresees_meets_the_memory_cap(tiny: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_MEMORY_BYTES", 256 * 1024 * 1024)
    _template(
        tiny,
        "status.md.j2",
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n",
    )
    code, _, err = cli("report", "status", "--no-history", "--root", str(tiny))
    assert code == 2 and "needs more memory than a report may use" in err


def test_the_memory_cap_is_lifted_after_rendering() -> None:
    before = resource.getrlimit(resource.RLIMIT_AS)
    with sandbox.memory_cap(64 * 1024 * 1024), pytest.raises(MemoryError):
        bytearray(512 * 1024 * 1024)
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_recursion_names_the_template(tiny: Path, cli: Cli) -> None:
    _template(tiny, "status.md.j2", "# S\n{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n")
    code, _, err = cli("report", "status", "--no-history", "--root", str(tiny))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("openspec: error: report status: template openspec/templates/status.md.j2:")
    assert "recursion too deep" in err
