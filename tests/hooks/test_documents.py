"""The hook with `checks: true` checks the planning documents (`openspec check`'s path and figure findings) when a
commit or a push touches one of their inputs: a document, a decision file, config.yaml or a change — documents
read from the index (or the pushed commit), wherever they sit in the workspace folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.hooks.conftest import Repo, make_repo

FIXTURE = REPO / "tests/fixtures/seed003-repo"
CONFIG = "schema: spec-driven\nhooks:\n  checks: true\nplanning:\n  documents: ['PHASE_2_*.md']\n"
# What `openspec check` finds in the seed's four documents (tests/rules/test_planning_docs.py reads them one by one).
FOUND = [
    "PHASE_2_NEXT_STEPS.md:8: WARNING [path-definition-conflict]",
    "PHASE_2_OPTIONS.md:18: WARNING [path-figure-mismatch]",
    "PHASE_2_PLAN.md:7: WARNING [path-definition-conflict]",
    "PHASE_2_STARTER.md:42: WARNING [path-figure-mismatch]",
]
PATH_A = "| A | Quick Win | Option 2 | 10-15 h | 1 week |"


def _seed_repo(root: Path, sub: str = "", config: str = CONFIG) -> Repo:
    repo = make_repo(root)
    shutil.copytree(FIXTURE, root / sub, dirs_exist_ok=True)
    (root / sub / "openspec/config.yaml").write_text(config, encoding="utf-8")
    (root / "src").mkdir()
    (root / "src/app.py").write_text("print('hello')\n", encoding="utf-8")
    repo.git("add", "-A")
    repo.commit("base")
    return repo


def _edit(repo: Repo, rel: str, old: str, new: str, stage: bool = True) -> None:
    path = repo.path / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    if stage:
        repo.git("add", "--", rel)


def _found(output: str, prefix: str = "") -> list[str]:
    return sorted(line.split("]")[0] + "]" for line in output.splitlines() if line.startswith(prefix + "PHASE_2_"))


def test_a_commit_touching_only_a_document_has_the_documents_checked(tmp_path: Path) -> None:
    repo = _seed_repo(tmp_path / "repo")
    _edit(repo, "PHASE_2_OPTIONS.md", "| B | Quality Focus | 2 + 6 |", "| B | Quality focus | 2 + 6 |")
    code, output = repo.hook()
    assert code == 0, output  # warnings do not block by default
    assert _found(output) == FOUND
    code, output = repo.hook("--strict")
    assert code == 1 and "openspec: commit blocked: 0 errors, 4 warnings (strict: warnings block)" in output


def test_the_documents_are_judged_as_staged(tmp_path: Path) -> None:
    repo = _seed_repo(tmp_path / "repo")
    _edit(repo, "PHASE_2_OPTIONS.md", PATH_A, "| A | Quick Win | Option 2 | 15-25 h | 1 week |")  # fixed, staged
    _edit(repo, "PHASE_2_STARTER.md", "Path", "Path", stage=False)
    code, output = repo.hook()
    assert code == 0, output
    assert _found(output) == [f for f in FOUND if not f.startswith("PHASE_2_OPTIONS.md")]
    _edit(
        repo, "PHASE_2_OPTIONS.md", "| A | Quick Win | Option 2 | 15-25 h |", "| A | Quick Win | Option 2 | 1-2 h |", stage=False
    )
    code, output = repo.hook()  # the work tree's new mismatch is not what is committed
    assert _found(output) == [f for f in FOUND if not f.startswith("PHASE_2_OPTIONS.md")]


def test_an_options_change_is_an_input_of_the_documents(tmp_path: Path) -> None:
    repo = _seed_repo(tmp_path / "repo")
    proposal = "openspec/changes/phase2-option2-improve-testing/proposal.md"
    text = (repo.path / proposal).read_text(encoding="utf-8")
    (repo.path / proposal).write_text(text + "\nA note.\n", encoding="utf-8")
    repo.git("add", "--", proposal)
    code, output = repo.hook()
    assert code == 1 and "ERROR Change must have at least one delta" in output  # the seed's changes have no deltas
    assert _found(output) == FOUND


@pytest.mark.parametrize(
    "config", ["schema: spec-driven\nplanning:\n  documents: ['PHASE_2_*.md']\n", "schema: spec-driven\nhooks:\n  checks: true\n"]
)
def test_without_checks_or_without_documents_a_document_commit_is_quiet(tmp_path: Path, config: str) -> None:
    repo = _seed_repo(tmp_path / "repo", config=config)
    _edit(repo, "PHASE_2_OPTIONS.md", PATH_A, "| A | Quick Win | Option 2 | 1-2 h | 1 week |")
    assert repo.hook() == (0, "")


def test_a_commit_touching_no_planning_input_is_quiet(tmp_path: Path) -> None:
    repo = _seed_repo(tmp_path / "repo")
    _edit(repo, "src/app.py", "hello", "hello, world")
    assert repo.hook() == (0, "")


def test_a_workspace_in_a_subfolder_names_paths_from_the_repository_root(tmp_path: Path) -> None:
    repo = _seed_repo(tmp_path / "repo", sub="planning/")
    _edit(repo, "planning/PHASE_2_PLAN.md", "Path", "Path ")
    code, output = repo.hook()
    assert code == 0, output
    assert _found(output, "planning/") == [f"planning/{f}" for f in FOUND]


def test_a_push_has_the_pushed_documents_checked(tmp_path: Path) -> None:
    repo = _seed_repo(tmp_path / "repo")
    base = repo.head()
    _edit(repo, "PHASE_2_OPTIONS.md", PATH_A, "| A | Quick Win | Option 2 | 15-25 h | 1 week |")
    repo.commit("Path A adds up")
    head = repo.head()
    line = f"refs/heads/main {head} refs/heads/main {base}\n"
    code, _, err = repo.openspec("hooks", "run", "pre-push", input=line)
    assert code == 0, err
    assert _found(err) == [f for f in FOUND if not f.startswith("PHASE_2_OPTIONS.md")]
    line = f"refs/heads/main {head} refs/heads/main {head}\n"
    assert repo.openspec("hooks", "run", "pre-push", input=line)[0:3:2] == (0, "")
