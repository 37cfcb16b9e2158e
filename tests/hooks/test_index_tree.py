"""The index as a Tree: same answers as the disk for what is staged, and the parsing of git's -z output."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from openspec_tool.gitrepo import BlobReader
from openspec_tool.hooks.index_tree import GitTree, load_commit, load_index
from openspec_tool.hooks.touched import Touched, changes_with_deltas, parse_name_status, resolve_items, split_workspace
from openspec_tool.read.discover import change_ids, spec_ids
from openspec_tool.read.tree import DiskTree, Entry
from openspec_tool.rules.bulk import validate_many
from tests.conftest import CORPUS
from tests.hooks.conftest import BAD_DELTA, DELTA, Repo, change_files, workspace_files


def _index(repo: Repo, prefix: str = "") -> tuple[GitTree, BlobReader]:
    cwd = os.getcwd()
    os.chdir(repo.path)
    try:
        blobs = BlobReader()
        return load_index(prefix, blobs), blobs
    finally:
        os.chdir(cwd)


def test_listing_kinds_and_content_come_from_the_index(repo: Repo) -> None:
    repo.stage({**workspace_files("sub/"), **change_files(base="sub/")})
    repo.write({"sub/openspec/changes/add-2fa/specs/auth/spec.md": BAD_DELTA, "sub/openspec/changes/unstaged/proposal.md": "x"})
    tree, blobs = _index(repo, "sub/")
    try:
        assert tree.scandir("openspec") == [Entry("changes", True, False, False), Entry("specs", True, False, False)]
        assert [e.name for e in tree.scandir("openspec/changes")] == ["add-2fa"]
        assert tree.kind("openspec/changes/add-2fa") == "dir"
        assert tree.kind("openspec/changes/add-2fa/tasks.md") == "file"
        assert tree.kind("openspec/changes/unstaged") == "missing"
        assert tree.read_text("openspec/changes/add-2fa/specs/auth/spec.md") == DELTA
        assert tree.abspath("openspec/specs/auth/spec.md") == "sub/openspec/specs/auth/spec.md"
        assert change_ids(tree) == ["add-2fa"] and spec_ids(tree) == ["auth"]
        with pytest.raises(FileNotFoundError):
            tree.read_text("openspec/changes/nope.md")
        with pytest.raises(IsADirectoryError):
            tree.read_text("openspec/changes/add-2fa")
        with pytest.raises(NotADirectoryError):
            tree.scandir("openspec/changes/add-2fa/tasks.md")
        with pytest.raises(FileNotFoundError):
            tree.scandir("openspec/changes/unstaged")
    finally:
        blobs.close()


def test_sibling_names_that_sort_around_a_folder(repo: Repo) -> None:
    # "a-b" and "a.md" sort between "a" and "a/…" byte-wise: the listing must still see each once.
    repo.stage(
        {
            "openspec/changes/a/x.md": "1",
            "openspec/changes/a-b/y.md": "2",
            "openspec/changes/a.md": "3",
            "openspec/changes/a0/z": "4",
        }
    )
    tree, blobs = _index(repo)
    try:
        assert [(e.name, e.is_dir) for e in tree.scandir("openspec/changes")] == [
            ("a", True),
            ("a-b", True),
            ("a.md", False),
            ("a0", True),
        ]
    finally:
        blobs.close()


def test_symlinks_resolve_inside_the_index(repo: Repo) -> None:
    repo.stage({"openspec/specs/auth/spec.md": "spec text"})
    link = repo.path / "openspec/specs/alias"
    link.symlink_to("auth")
    out = repo.path / "openspec/specs/escape"
    out.symlink_to("../../..")
    repo.git("add", "-A")
    tree, blobs = _index(repo)
    try:
        assert tree.kind("openspec/specs/alias") == "dir"
        assert tree.read_text("openspec/specs/alias/spec.md") == "spec text"
        assert tree.realpath("openspec/specs/alias/spec.md") == "openspec/specs/auth/spec.md"
        assert [e for e in tree.scandir("openspec/specs") if e.name == "alias"] == [Entry("alias", False, False, True)]
        assert tree.kind("openspec/specs/escape") == "missing"
        assert tree.realpath("openspec/specs/escape/x") == "../x"
    finally:
        blobs.close()


def test_a_commit_as_a_tree(repo: Repo) -> None:
    repo.stage({**workspace_files(), **change_files()})
    repo.commit("one")
    repo.stage({"openspec/changes/add-2fa/specs/auth/spec.md": BAD_DELTA})
    cwd = os.getcwd()
    os.chdir(repo.path)
    blobs = BlobReader()
    try:
        tree = load_commit("HEAD", "", blobs)
        assert tree.read_text("openspec/changes/add-2fa/specs/auth/spec.md") == DELTA
    finally:
        os.chdir(cwd)
        blobs.close()


def test_parse_name_status() -> None:
    raw = b"M\0openspec/specs/a/spec.md\0R087\0openspec/changes/x/p.md\0openspec/changes/y/p.md\0D\0d\xc3\xada \xc3\xb1/f\0"
    parsed = parse_name_status(raw)
    assert [(s.code, s.paths) for s in parsed] == [
        ("M", ("openspec/specs/a/spec.md",)),
        ("R", ("openspec/changes/x/p.md", "openspec/changes/y/p.md")),
        ("D", ("día ñ/f",)),
    ]


def test_split_workspace() -> None:
    assert split_workspace("openspec/changes/x/a.md") == ("", "changes/x/a.md")
    assert split_workspace("sub/project/openspec/specs/a/spec.md") == ("sub/project/", "specs/a/spec.md")
    assert split_workspace("openspec/changes/x/specs/openspec/spec.md") == ("", "changes/x/specs/openspec/spec.md")
    assert split_workspace("docs/readme.md") is None
    assert split_workspace("openspec") is None


def test_touched_items(repo: Repo) -> None:
    repo.stage(
        {
            **workspace_files(),
            **change_files("uses-auth"),
            **change_files("other", cap="billing"),
            "openspec/changes/archive/2024-01-01-old/specs/auth/spec.md": DELTA,
        }
    )
    tree, blobs = _index(repo)
    try:
        assert changes_with_deltas(tree, {"auth"}) == {"uses-auth"}
        touched = Touched(
            paths={
                "openspec/specs/auth/spec.md",
                "openspec/changes/gone/proposal.md",
                "openspec/changes/archive/2024-01-01-old/specs/auth/spec.md",
                "openspec/decisions/phase-2.yaml",
                "openspec/project.md",
            }
        )
        resolve_items(tree, touched)
        assert touched.changes == {"uses-auth"} and touched.specs == {"auth"}
        assert touched.decision_files == {"openspec/decisions/phase-2.yaml"}
    finally:
        blobs.close()


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else [])
def test_index_and_disk_give_the_same_verdicts_on_the_corpus(name: str, tmp_path: Path) -> None:
    """One reader, two sources: a committed corpus workspace validates the same from the index as from disk."""
    root = tmp_path / "ws"
    shutil.copytree(CORPUS / name, root, symlinks=True)
    repo = Repo(root)
    repo.git("init", "-q")
    repo.git("add", "-A")
    # git keeps no empty folders: judge the disk as git would check it out.
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if not dirnames and not filenames and Path(dirpath) != root:
            os.rmdir(dirpath)
    tree, blobs = _index(repo)
    try:
        from_index = [r.to_json() for r in validate_many(tree, True, True, False, jobs=1)]
    finally:
        blobs.close()
    from_disk = [r.to_json() for r in validate_many(DiskTree(root), True, True, False, jobs=1)]
    for results in (from_index, from_disk):
        for r in results:
            r["durationMs"] = 0
    text_disk = repr(from_disk).replace(str(root) + "/", "")
    assert repr(from_index) == text_disk
