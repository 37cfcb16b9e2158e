"""The terminal and the environment (issue 10, items 9, 10 and 12): control characters from files never reach
the terminal, JSON stays exact, and every way stdout can fail gets the conventional ending."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from openspec_tool.cli import main as cli_main
from tests.conftest import write_tree

Cli = Callable[..., tuple[int, str, str]]
OPENSPEC = str(Path(sys.executable).parent / "openspec")
OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # writes "evil" to the clipboard
CLEAR = "\x1b[2J\x1b[H"
PROPOSAL = "# p\n\n## Why\nBecause it matters to everyone here today.\n\n## What Changes\n- x\n"


def _hostile(tmp_path: Path) -> Path:
    name = f"evil{OSC52}name"
    return write_tree(
        tmp_path,
        {
            f"openspec/changes/{name}/proposal.md": PROPOSAL,
            f"openspec/changes/{name}/tasks.md": f"## 1. Work\n- [ ] 1.1 clear{CLEAR} the screen\r\n- [x] 1.2 done\n",
            "openspec/specs/.keep": "",
        },
    )


def _has_control(text: str) -> bool:
    return any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


@pytest.mark.parametrize("args", [("list",), ("next",), ("tasks", "evil" + OSC52 + "name"), ("validate", "--all"), ("check",)])
def test_control_characters_from_files_never_reach_human_output(cli: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    ws = _hostile(tmp_path)
    _code, out, err = cli(*args, cwd=ws)
    assert not _has_control(out + err), repr(out + err)
    assert "evil␛]52;c;ZXZpbA==␇name" in out + err or args[0] == "check"


def test_our_own_colours_pass_and_theirs_do_not(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    _code, out, _ = cli("list", cwd=_hostile(tmp_path))
    assert "\x1b[1mChanges:\x1b[0m" in out and "\x1b]" not in out and "\x07" not in out


def test_json_stays_exact(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("list", "--json", cwd=_hostile(tmp_path))
    assert code == 0 and json.loads(out)["changes"][0]["name"] == f"evil{OSC52}name"
    assert "\x1b" not in out  # the encoder escapes it: \u001b


def test_a_path_with_a_newline_stays_on_one_line(cli: Cli, tmp_path: Path) -> None:
    code, _out, err = cli("list", "--root", str(tmp_path / "no\nsuch"), cwd=tmp_path)
    assert code == 2 and err.count("\n") == 1 and "no␤such" in err


def test_an_empty_root_is_refused_not_taken_for_the_current_folder(cli: Cli, tmp_path: Path) -> None:
    ws = _hostile(tmp_path)
    code, out, err = cli("list", "--root", "", cwd=ws)
    assert code == 2 and out == "" and "--root: an empty path" in err


def _run(args: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([OPENSPEC, *args], cwd=cwd, capture_output="stdout" not in kwargs, timeout=60, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "latin-1"}])
def test_a_stdout_that_cannot_encode_still_works(tmp_path: Path, env: dict[str, str]) -> None:
    ws = _hostile(tmp_path)
    full_env = {**os.environ, **env}
    full_env.pop("PYTHONUTF8", None)
    for args in (["list"], ["next"], ["validate", "--all"]):
        proc = subprocess.run([OPENSPEC, *args], cwd=ws, capture_output=True, env=full_env, timeout=60)
        assert proc.returncode in (0, 1) and b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr, proc.stderr
    proc = subprocess.run([OPENSPEC, "list", "--json"], cwd=ws, capture_output=True, env=full_env, timeout=60)
    assert json.loads(proc.stdout)["changes"][0]["name"] == f"evil{OSC52}name"


def test_a_closed_stdout_is_a_write_error(tmp_path: Path) -> None:
    ws = _hostile(tmp_path)
    proc = subprocess.run(
        [OPENSPEC, "list"], cwd=ws, stderr=subprocess.PIPE, pass_fds=(), preexec_fn=lambda: os.close(1), timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr == b"openspec: error: cannot write to stdout: Bad file descriptor\n"


@pytest.mark.parametrize(
    "args", [["list"], ["show", "evil" + OSC52 + "name"], ["list", "--json"], ["report", "status", "--no-history"]]
)
def test_a_full_disk_is_named_as_a_write_error(tmp_path: Path, args: list[str]) -> None:
    ws = _hostile(tmp_path)
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([OPENSPEC, *args], cwd=ws, stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == b"openspec: error: cannot write to stdout: No space left on device\n"


def test_a_closed_pipe_ends_quietly_every_time(tmp_path: Path) -> None:
    ws = _hostile(tmp_path)
    for _ in range(5):
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reader is gone before we write: every write meets EPIPE
        try:
            proc = subprocess.run([OPENSPEC, "list"], cwd=ws, stdout=write_end, stderr=subprocess.PIPE, timeout=60)
        finally:
            os.close(write_end)
        assert (proc.returncode, proc.stderr) == (141, b"")


def test_ctrl_c_exits_130_quietly_in_process(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openspec_tool.cli.commands import list_items

    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(list_items, "run", interrupted)
    code, out, err = cli("list", cwd=_hostile(tmp_path))
    assert (code, out, err) == (130, "", "")


def test_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [OPENSPEC, "hooks", "run", "pre-push"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.0)  # it waits for the refs git would send on stdin
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert (proc.returncode, out, err) == (130, b"", b"")


def test_main_module_exposes_the_endings() -> None:
    assert cli_main.run(["--version"]) == 0
