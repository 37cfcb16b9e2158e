"""`openspec` beside the official OpenSpec CLI, through a temporary PATH of symlinks to the installed scripts.

With ours first, our commands are ours and every other command or flag reaches the official CLI (same
arguments, stdin, output and exit code, in the same process); with the official first, `openspec` is the
official and `openspec-tool` is ours; a wrapper that leads back to us is not followed twice; without the
official CLI, a handover is one line and exit 2.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, reference_cli, write_tree

BIN = Path(sys.executable).parent
OURS = BIN / "openspec"
OURS_TOOL = BIN / "openspec-tool"
CASE = REPO / "tests" / "fixtures" / "reference" / "modified-scenario-loss"

pytestmark = pytest.mark.skipif(
    not (OURS.is_file() and OURS_TOOL.is_file()), reason="the console scripts are not installed beside this Python"
)


def _bin(tmp: Path, name: str, links: dict[str, Path | str]) -> Path:
    """A folder of executables: a Path is linked to, a str is written as a shell script."""
    folder = tmp / name
    folder.mkdir()
    for exe, target in links.items():
        if isinstance(target, Path):
            (folder / exe).symlink_to(target)
        else:
            (folder / exe).write_text(target)
            (folder / exe).chmod(0o755)
    return folder


def _env(*folders: Path) -> dict[str, str]:
    node = shutil.which("node")
    system = [str(Path(node).parent)] if node else []
    env = {k: v for k, v in os.environ.items() if k not in ("OPENSPEC_TOOL_HANDOVER", "NO_COLOR")}
    env.update(
        PATH=os.pathsep.join([*map(str, folders), *system, "/usr/bin", "/bin"]),
        OPENSPEC_TELEMETRY="0",
        NO_COLOR="1",
        CI="1",
    )
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path | None = None, stdin: str | None = None) -> tuple[int, str, str]:
    cwd = cwd or Path.cwd()
    p = subprocess.run(args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture(autouse=True)
def in_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in a copy of a fixture workspace (a pass-through archive must not touch the repository)."""
    work = tmp_path / "ws"
    shutil.copytree(CASE / "openspec", work / "openspec", symlinks=True)
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def official() -> Path:
    path = reference_cli()
    if path is None:
        pytest.skip("the official CLI is not installed (../ref/node_modules/.bin/openspec or $OPENSPEC_REFERENCE)")
    return Path(path)


def test_ours_first_hands_the_rest_to_the_official(tmp_path: Path, official: Path) -> None:
    env = _env(
        _bin(tmp_path, "ours", {"openspec": OURS, "openspec-tool": OURS_TOOL}), _bin(tmp_path, "theirs", {"openspec": official})
    )
    direct = _env(_bin(tmp_path, "only-theirs", {"openspec": official}))
    # ours: a command only we have, and a shared one answered by us (as the reference would)
    assert _run(["openspec", "tasks", "loss", "--json"], env)[0] == 0
    assert _run(["openspec", "list", "--json"], env) == _run(["openspec-tool", "list", "--json"], env)
    # theirs: the version probe, a command, a flag we do not implement, and a failing command's exit code
    assert _run(["openspec", "--version"], env) == (0, "1.13.2\n", "")
    for args in (
        ["openspec", "status", "--change", "loss", "--json"],
        ["openspec", "show", "loss", "--type", "change", "--diff"],
        ["openspec", "list", "--store", "team", "--json"],
    ):
        got, want = _run(args, env), _run(args, direct)
        assert got == want, args
    assert got[0] == 1  # the official's failure, its exit code
    # stdin reaches the official CLI: its confirmation is answered "no", so nothing moves
    got = _run(["openspec", "archive", "loss", "--no-validate"], env, stdin="n\n")
    assert got == _run(["openspec", "archive", "loss", "--no-validate"], direct, stdin="n\n")
    assert "Archive cancelled." in got[1] and (Path.cwd() / "openspec" / "changes" / "loss").is_dir()


def test_official_first_leaves_openspec_to_it_and_openspec_tool_to_us(tmp_path: Path, official: Path) -> None:
    env = _env(
        _bin(tmp_path, "theirs", {"openspec": official}), _bin(tmp_path, "ours", {"openspec": OURS, "openspec-tool": OURS_TOOL})
    )
    code, _, err = _run(["openspec", "tasks", "loss"], env)
    assert code == 1 and "unknown command 'tasks'" in err
    assert _run(["openspec-tool", "tasks", "loss", "--json"], env)[0] == 0
    assert _run(["openspec", "--version"], env)[1] == "1.13.2\n"
    assert _run(["openspec-tool", "--version"], env)[1].startswith("openspec-tool, version ")


def test_without_the_official_cli_a_handover_is_one_line(tmp_path: Path) -> None:
    env = _env(_bin(tmp_path, "ours", {"openspec": OURS}))
    code, out, err = _run(["openspec", "init"], env)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "'init'" in err and "npm install -g @fission-ai/openspec" in err
    code, out, err = _run(["openspec", "show", "loss", "--diff"], env)
    assert code == 2 and "'show --diff'" in err
    code, out, _ = _run(["openspec", "--version"], env)
    assert code == 0 and out.startswith("openspec-tool ") and "not installed" in out


def test_a_wrapper_leading_back_to_us_is_followed_once(tmp_path: Path, official: Path) -> None:
    wrapper = f'#!/bin/sh\nexec "{OURS}" "$@"\n'
    loop = _env(_bin(tmp_path, "ours", {"openspec": OURS}), _bin(tmp_path, "wrap", {"openspec": wrapper}))
    code, _, err = _run(["openspec", "init"], loop)
    assert code == 2 and "'init'" in err  # no loop: the wrapper is skipped on the way back, and nothing is left
    through = _env(
        _bin(tmp_path, "ours2", {"openspec": OURS}),
        _bin(tmp_path, "wrap2", {"openspec": wrapper}),
        _bin(tmp_path, "t", {"openspec": official}),
    )
    assert _run(["openspec", "--version"], through) == (0, "1.13.2\n", "")
    # a second install of ours (another venv, pipx...) is recognised as ours and skipped
    copy = tmp_path / "copy-of-ours"
    copy.write_bytes(OURS.read_bytes())
    copy.chmod(0o755)
    twice = _env(_bin(tmp_path, "a", {"openspec": OURS}), _bin(tmp_path, "b", {"openspec": copy}))
    assert _run(["openspec", "init"], twice)[0] == 2


def test_the_handover_is_an_exec_with_arguments_stdin_exit_code_and_signals(tmp_path: Path) -> None:
    fake = (
        "#!/bin/sh\n"
        'echo "pid=$$"\n'
        'for a in "$@"; do echo "arg=$a"; done\n'
        'read line; echo "stdin=$line"\n'
        "trap 'echo got-term; exit 42' TERM\n"
        'if [ "$1" = wait ]; then echo ready; while :; do sleep 0.05; done; fi\n'
        "exit 7\n"
    )
    env = _env(_bin(tmp_path, "ours", {"openspec": OURS}), _bin(tmp_path, "fake", {"openspec": fake}))
    p = subprocess.Popen(
        ["openspec", "init", "two words", "--flag=x"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    out, _ = p.communicate("hello\n", timeout=30)
    assert p.returncode == 7
    assert out.splitlines() == [f"pid={p.pid}", "arg=init", "arg=two words", "arg=--flag=x", "stdin=hello"]
    p = subprocess.Popen(["openspec", "wait"], cwd=tmp_path, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert p.stdin is not None and p.stdout is not None
    p.stdin.write("x\n")
    p.stdin.flush()
    lines = [p.stdout.readline() for _ in range(4)]
    assert lines[-1] == "ready\n"
    time.sleep(0.1)
    p.send_signal(signal.SIGTERM)
    rest, _ = p.communicate(timeout=30)
    assert p.returncode == 42 and "got-term" in rest


def test_our_commands_never_look_at_path(tmp_path: Path) -> None:
    ws = write_tree(tmp_path / "other", {"openspec/specs/a/spec.md": "# a\n"})
    env = _env(_bin(tmp_path, "ours", {"openspec": OURS}))
    env["PATH"] = str(tmp_path / "ours")  # not even /usr/bin: nothing is looked up or spawned
    code, out, _ = _run(["openspec", "list", "--specs", "--json"], env, cwd=ws)
    assert code == 0 and json.loads(out)["specs"] == [{"id": "a", "requirementCount": 0}]
