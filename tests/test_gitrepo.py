"""The one module that talks to git: where the repository is, who the author is, how failures read."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from openspec_tool.gitrepo import GitError, NoRepo, author, git_text, start_status, toplevel


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "global.gitconfig"
    config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)
    return config


def _init(path: Path, *extra: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", *extra, str(path)], check=True, capture_output=True)
    return path


def test_the_top_level_is_found_from_below_and_is_real(tmp_path: Path) -> None:
    repo = _init(tmp_path / "repo")
    (repo / "a" / "b").mkdir(parents=True)
    os.symlink(repo, tmp_path / "link")
    assert toplevel(tmp_path / "link" / "a" / "b") == repo.resolve()


def test_outside_a_work_tree_says_which_case(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(NoRepo, match=r"^not a git repository$"):
        toplevel(tmp_path / "plain")
    bare = _init(tmp_path / "bare.git", "--bare")
    with pytest.raises(NoRepo, match=r"^a bare git repository has no working tree$"):
        toplevel(bare)
    with pytest.raises(NoRepo, match="no such folder"):
        toplevel(tmp_path / "missing")


def test_a_failure_is_one_line_naming_the_command(tmp_path: Path) -> None:
    repo = _init(tmp_path / "repo")
    with pytest.raises(GitError, match=r"^git rev-parse: [^\n]*$"):
        git_text("-c", "x.y=1", "rev-parse", "--verify", "no-such-rev", cwd=repo)


def test_the_author_is_what_git_resolves_or_unknown(tmp_path: Path, _isolated: Path) -> None:
    repo = _init(tmp_path / "repo")
    assert author(repo) == "unknown"
    assert author(tmp_path) == "unknown"  # outside git
    _isolated.write_text("[user]\n\tname = Global Name\n\temail = global@example.com\n")  # GIT_CONFIG_GLOBAL is honoured
    assert author(repo) == "Global Name <global@example.com>"
    subprocess.run(["git", "config", "user.name", "Local"], cwd=repo, check=True)
    assert author(repo) == "Local <global@example.com>"


def test_status_lists_staged_unstaged_and_untracked_paths_literally(tmp_path: Path) -> None:
    repo = _init(tmp_path / "repo")
    (repo / "w[1]").mkdir()
    (repo / "w[1]" / "a.md").write_text("a")
    (repo / "w1").mkdir()
    (repo / "w1" / "b.md").write_text("b")  # `w[1]` as a glob would match this one
    assert start_status(repo, "w[1]")() == ["w[1]/a.md"]
    assert start_status(repo)() == ["w1/b.md", "w[1]/a.md"]


def test_history_reads_git_without_gitpython(tmp_path: Path) -> None:
    """GitPython (~140 ms to import) is for the TUI's branch only; history talks to git in subprocesses."""
    import sys

    repo = _init(tmp_path / "repo")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from openspec_tool.history.git_history import git_facts\n"
        f"facts = git_facts(Path({str(repo)!r}), Path({str(repo)!r}), ['a'], None)\n"
        "assert 'git' not in sys.modules, 'GitPython was imported'\n"
        "print(facts.notes)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "no commits yet" in proc.stdout
