"""`openspec hooks install|uninstall|status`, and the installed hook run by real `git commit`, `merge` and `push`."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tests.hooks.conftest import BAD_DELTA, BAD_MESSAGE, DELTA, PYTHON, Repo, change_files, make_repo, workspace_files

DELTA_PATH = "openspec/changes/add-2fa/specs/auth/spec.md"
BAD_LINE = f"{DELTA_PATH}:3: {BAD_MESSAGE}"
FOREIGN = '#!/bin/sh\necho foreign-ran >> "$(git rev-parse --git-dir)/foreign.log"\nexit 0\n'


def install(repo: Repo, *args: str, cwd: Path | None = None) -> tuple[int, str]:
    code, out, err = repo.openspec("hooks", "install", *args, cwd=cwd)
    return code, out + err


def status(repo: Repo, cwd: Path | None = None) -> dict[str, object]:
    code, out, _ = repo.openspec("hooks", "status", "--json", cwd=cwd)
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


def states(repo: Repo, cwd: Path | None = None) -> dict[str, str]:
    return {h["hook"]: h["state"] for h in status(repo, cwd)["hooks"]}  # type: ignore[attr-defined]


def commit(repo: Repo, *args: str, cwd: Path | None = None) -> tuple[int, str]:
    """A real `git commit` (hooks enabled): exit code and everything printed."""
    proc = repo.git("-C", str(cwd or repo.path), "commit", "-m", "with hook", *args, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def test_install_writes_executable_scripts_that_run_this_checkout(based: Repo) -> None:
    code, output = install(based)
    assert code == 0, output
    hooks = based.path / ".git" / "hooks"
    for name in ("pre-commit", "pre-merge-commit"):
        script = (hooks / name).read_text(encoding="utf-8")
        assert script.startswith("#!/bin/sh\n# openspec-tool hook\n")
        assert f"python='{PYTHON}'" in script
        assert f'-P -m openspec_tool.hooks run {name} "$@"' in script
        assert f'openspec-tool hooks run {name} "$@"' in script  # the fallback: always ours, whatever `openspec` is
        assert (hooks / name).stat().st_mode & stat.S_IXUSR
    assert states(based) == {"pre-commit": "ours", "pre-merge-commit": "ours", "pre-push": "absent"}
    data = status(based)
    assert data["core_hooks_path"] is None and Path(str(data["hooks_dir"])) == hooks.resolve()
    code, output = install(based)
    assert code == 0 and "updated pre-commit hook" in output


def test_git_commit_runs_the_hook(based: Repo) -> None:
    install(based)
    based.stage({DELTA_PATH: BAD_DELTA})
    head = based.head()
    code, output = commit(based)
    assert code != 0
    assert BAD_LINE in output.splitlines()
    assert based.head() == head
    based.stage({DELTA_PATH: DELTA.replace("TOTP", "one-time")})
    code, output = commit(based)
    assert code == 0, output
    assert "openspec: 1 change checked: valid" in output


def test_git_commit_all_judges_the_work_tree_it_commits(based: Repo) -> None:
    install(based)
    based.write({DELTA_PATH: BAD_DELTA})  # tracked, modified, not staged
    head = based.head()
    code, output = commit(based, "-a")
    assert code != 0
    assert BAD_LINE in output.splitlines()
    assert based.head() == head
    based.write({DELTA_PATH: DELTA.replace("TOTP", "one-time")})
    code, output = commit(based, "-a")
    assert code == 0, output
    assert based.head() != head


def test_git_commit_of_named_paths_uses_the_temporary_index(based: Repo) -> None:
    install(based)
    based.stage({DELTA_PATH: DELTA.replace("TOTP", "one-time")})  # valid, staged
    based.write({"openspec/changes/add-2fa/proposal.md": "# Change\n"})  # broken, not staged, not committed
    code, output = commit(based, "--", DELTA_PATH)
    assert code == 0, output


def test_first_commit_through_git(repo: Repo) -> None:
    install(repo)
    repo.stage({**workspace_files(), **change_files(delta=BAD_DELTA)})
    code, output = commit(repo)
    assert code != 0 and BAD_LINE in output.splitlines()
    assert repo.head() is None
    repo.stage(change_files())
    code, output = commit(repo)
    assert code == 0, output


def test_merge_commit_is_judged(based: Repo) -> None:
    install(based)
    based.git("checkout", "-q", "-b", "feature")
    based.stage({DELTA_PATH: BAD_DELTA})
    based.commit("break the delta on a branch")  # --no-verify
    based.git("checkout", "-q", "main")
    based.stage({"README.md": "main moves on\n"})
    based.commit("main")
    head = based.head()
    proc = based.git("merge", "--no-ff", "-m", "merge feature", "feature", check=False)
    assert proc.returncode != 0
    assert BAD_LINE in (proc.stdout + proc.stderr).splitlines()
    assert based.head() == head
    based.git("merge", "--abort")
    based.git("checkout", "-q", "feature")
    based.stage({DELTA_PATH: DELTA.replace("TOTP", "one-time")})
    based.commit("fix")
    based.git("checkout", "-q", "main")
    proc = based.git("merge", "--no-ff", "-m", "merge feature", "feature", check=False)
    assert proc.returncode == 0, proc.stderr
    assert "openspec: 1 change checked: valid" in proc.stdout + proc.stderr
    assert len(based.git("rev-list", "--parents", "-n", "1", "HEAD").stdout.split()) == 3


def test_subdirectory_workspace_through_git(repo: Repo) -> None:
    base = "sub/project/"
    repo.stage({**workspace_files(base), **change_files(base=base)})
    repo.commit("base")
    install(repo, cwd=repo.path / "sub" / "project")
    repo.stage({f"{base}{DELTA_PATH}": BAD_DELTA})
    code, output = commit(repo, cwd=repo.path / "sub")
    assert code != 0
    assert f"sub/project/{BAD_LINE}" in output.splitlines()


def test_install_root_keeps_only_that_workspace(repo: Repo) -> None:
    base = "sub/project/"
    repo.stage({**workspace_files(base), **change_files(base=base)})
    repo.commit("base")
    code, output = install(repo, "--root", "project/openspec", cwd=repo.path / "sub")
    assert code == 0, output
    assert "hooks run pre-commit --root 'sub/project' \"$@\"" in (repo.path / ".git/hooks/pre-commit").read_text()
    repo.stage(change_files("fixture", base="tests/fixtures/broken/", delta=BAD_DELTA))
    code, output = commit(repo)
    assert code == 0, output
    repo.stage({f"{base}{DELTA_PATH}": BAD_DELTA})
    code, output = commit(repo)
    assert code != 0 and f"sub/project/{BAD_LINE}" in output.splitlines()
    code, output = install(repo, "--root", "/")
    assert code == 2 and "--root /: not inside the repository" in output


def test_core_hooks_path_is_respected(based: Repo) -> None:
    based.git("config", "core.hooksPath", "tools/githooks")
    code, output = install(based)
    assert code == 0, output
    assert "core.hooksPath is set (tools/githooks)" in output
    assert (based.path / "tools" / "githooks" / "pre-commit").is_file()
    assert not (based.path / ".git" / "hooks" / "pre-commit").exists()
    data = status(based)
    assert data["core_hooks_path"] == "tools/githooks"
    assert Path(str(data["hooks_dir"])) == (based.path / "tools" / "githooks").resolve()
    based.stage({DELTA_PATH: BAD_DELTA})
    code, output = commit(based)
    assert code != 0 and BAD_LINE in output.splitlines()


def test_worktree_shares_the_hooks(based: Repo, tmp_path: Path) -> None:
    worktree = tmp_path / "wt"
    based.git("worktree", "add", "-q", "-b", "wt", str(worktree))
    code, output = install(based, cwd=worktree)
    assert code == 0, output
    assert (based.path / ".git" / "hooks" / "pre-commit").is_file()
    assert states(based, cwd=worktree)["pre-commit"] == "ours"
    (worktree / DELTA_PATH).write_text(BAD_DELTA, encoding="utf-8")
    based.git("-C", str(worktree), "add", DELTA_PATH)
    code, output = commit(based, cwd=worktree)
    assert code != 0
    assert BAD_LINE in output.splitlines()
    (worktree / DELTA_PATH).write_text(DELTA.replace("TOTP", "one-time"), encoding="utf-8")
    based.git("-C", str(worktree), "add", DELTA_PATH)
    code, output = commit(based, cwd=worktree)
    assert code == 0, output


def _foreign(repo: Repo) -> Path:
    path = repo.path / ".git" / "hooks" / "pre-commit"
    path.write_text(FOREIGN, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_foreign_hook_is_refused(based: Repo) -> None:
    path = _foreign(based)
    code, output = install(based)
    assert code == 2
    assert f"{path} exists and was not written by openspec-tool" in output
    assert "--chain" in output and "--force" in output
    assert path.read_text(encoding="utf-8") == FOREIGN
    assert not (path.parent / "pre-merge-commit").exists()  # nothing changed at all
    assert states(based)["pre-commit"] == "foreign"
    code, output = install(based, "--force", "--chain")
    assert code == 2


def test_force_replaces_a_foreign_hook_and_keeps_a_backup(based: Repo) -> None:
    path = _foreign(based)
    code, output = install(based, "--force")
    assert code == 0, output
    assert (path.parent / "pre-commit.backup").read_text(encoding="utf-8") == FOREIGN
    assert states(based)["pre-commit"] == "ours"
    based.stage({DELTA_PATH: BAD_DELTA})
    code, output = commit(based)
    assert code != 0 and BAD_LINE in output.splitlines()
    assert not (based.path / ".git" / "foreign.log").exists()


def test_uninstall_puts_back_the_hook_force_moved_aside(based: Repo) -> None:
    path = _foreign(based)
    assert install(based, "--force")[0] == 0
    code, out, _ = based.openspec("hooks", "uninstall")
    assert code == 0 and "restored pre-commit.backup as pre-commit" in out
    assert path.read_text(encoding="utf-8") == FOREIGN and os.access(path, os.X_OK)
    assert not (path.parent / "pre-commit.backup").exists()
    assert states(based)["pre-commit"] == "foreign"


def test_chain_runs_the_foreign_hook_first(based: Repo) -> None:
    path = _foreign(based)
    code, output = install(based, "--chain")
    assert code == 0, output
    assert (path.parent / "pre-commit.chained").read_text(encoding="utf-8") == FOREIGN
    hooks = status(based)["hooks"]
    assert hooks[0]["chained"] == str(path.parent / "pre-commit.chained")  # type: ignore[index]
    based.stage({DELTA_PATH: DELTA.replace("TOTP", "one-time")})
    code, output = commit(based)
    assert code == 0, output
    assert (based.path / ".git" / "foreign.log").read_text() == "foreign-ran\n"
    # A failing chained hook blocks before ours runs.
    (path.parent / "pre-commit.chained").write_text("#!/bin/sh\necho chained-says-no >&2\nexit 3\n", encoding="utf-8")
    based.stage({DELTA_PATH: DELTA})
    code, output = commit(based)
    assert code != 0 and "chained-says-no" in output and "openspec:" not in output


def test_uninstall_removes_ours_and_restores_a_chained_hook(based: Repo) -> None:
    path = _foreign(based)
    install(based, "--chain")
    code, out, _ = based.openspec("hooks", "uninstall")
    assert code == 0
    assert "removed pre-commit hook" in out and "restored pre-commit.chained as pre-commit" in out
    assert path.read_text(encoding="utf-8") == FOREIGN and os.access(path, os.X_OK)
    assert states(based) == {"pre-commit": "foreign", "pre-merge-commit": "absent", "pre-push": "absent"}
    code, out, _ = based.openspec("hooks", "uninstall")
    assert code == 0 and f"left {path} alone: not written by openspec-tool" in out


def test_pre_push_judges_the_pushed_commits(based: Repo, tmp_path: Path) -> None:
    remote = make_repo(tmp_path / "remote.git")
    remote.git("config", "core.bare", "true")
    based.git("remote", "add", "origin", str(remote.path))
    based.git("push", "-q", "origin", "main")
    code, output = install(based, "--hook", "pre-push")
    assert code == 0, output
    assert states(based)["pre-push"] == "ours"
    based.stage({DELTA_PATH: BAD_DELTA})
    based.commit("bad")  # committed without the hook
    proc = based.git("push", "origin", "main", check=False)
    assert proc.returncode != 0
    assert BAD_LINE in proc.stderr.splitlines()
    assert "openspec: push blocked" in proc.stderr
    based.stage({DELTA_PATH: DELTA.replace("TOTP", "one-time")})
    based.commit("fixed")
    proc = based.git("push", "origin", "main", check=False)
    assert proc.returncode == 0, proc.stderr
    # A new branch is compared with what the remote already has.
    based.git("checkout", "-q", "-b", "topic")
    based.stage(change_files("add-sso", cap="sso", delta=BAD_DELTA))
    based.commit("bad topic")
    proc = based.git("push", "origin", "topic", check=False)
    assert proc.returncode != 0
    assert f"openspec/changes/add-sso/specs/sso/spec.md:3: {BAD_MESSAGE}" in proc.stderr.splitlines()
    assert "add-2fa" not in proc.stderr


def test_hook_falls_back_to_openspec_tool_on_path(based: Repo, tmp_path: Path) -> None:
    install(based)
    script = based.path / ".git" / "hooks" / "pre-commit"
    script.write_text(script.read_text(encoding="utf-8").replace(f"python='{PYTHON}'", "python='/nonexistent/python'"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "openspec-tool"
    shim.write_text(f'#!/bin/sh\nexec "{PYTHON}" -m openspec_tool "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    based.stage({DELTA_PATH: BAD_DELTA})
    env_path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    proc = based.git("-c", "core.hooksPath=.git/hooks", "commit", "-m", "x", check=False, env={"PATH": env_path})
    assert proc.returncode != 0 and BAD_LINE in proc.stderr.splitlines()
    proc = based.git("commit", "-m", "x", check=False, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode != 0
    assert "cannot find /nonexistent/python nor openspec-tool on PATH" in proc.stderr


def test_outside_a_repository(tmp_path: Path) -> None:
    code, _, err = Repo(tmp_path).openspec("hooks", "install")
    assert code == 2 and "not a git repository" in err
