"""Our `list`, `list --specs` and `validate --all` print the reference CLI's documents on the corpus workspaces.

`list --specs` and `validate --all` are compared with the recorded answers as whole documents, in order (only
`durationMs` stripped; `root.path`, recorded as ".", must be the workspace's absolute real path). `list` depends
on file times, which a checkout does not keep: it runs on a copy of the active changes whose times are pinned
(sub-millisecond parts included) beside the reference CLI itself, when it is installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, EXPECTED, REPO, need_shared, reference_cli

NAMES = sorted(p.name for p in EXPECTED.iterdir()) if EXPECTED.is_dir() else []

_spec = importlib.util.spec_from_file_location("reference_record", REPO / "tests" / "fixtures" / "reference" / "record.py")
assert _spec is not None and _spec.loader is not None
_record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_record)


def _expected(name: str, file: str) -> Any:
    return json.loads((EXPECTED / name / file).read_text())


def _strip(doc: Any) -> Any:
    if isinstance(doc, dict):
        return {k: _strip(v) for k, v in doc.items() if k != "durationMs"}
    if isinstance(doc, list):
        return [_strip(v) for v in doc]
    return doc


def _with_root(doc: Any, name: str) -> Any:
    """The recorded document with its scrubbed root path put back as the reference prints it."""
    doc = dict(doc)
    doc["root"] = {**doc["root"], "path": os.path.realpath(CORPUS / name)}
    return doc


def _same(want: Any, got: Any) -> None:
    assert json.dumps(_strip(got), ensure_ascii=False, indent=1) == json.dumps(_strip(want), ensure_ascii=False, indent=1)


@pytest.mark.parametrize("name", NAMES)
def test_list_counts_match_reference(name: str, cli_json: Callable[..., tuple[int, Any]]) -> None:
    need_shared()
    _, got = cli_json("list", "--json", cwd=CORPUS / name)
    want = _expected(name, "list.json")
    view = lambda doc: {c["name"]: (c["completedTasks"], c["totalTasks"], c["status"]) for c in doc["changes"]}  # noqa: E731
    assert view(got) == view(want)
    assert got["root"] == {"path": os.path.realpath(CORPUS / name), "source": want["root"]["source"]}


@pytest.mark.parametrize("name", NAMES)
def test_specs_document_matches_reference(name: str, cli_json: Callable[..., tuple[int, Any]]) -> None:
    need_shared()
    _, got = cli_json("list", "--specs", "--json", cwd=CORPUS / name)
    _same(_with_root(_expected(name, "list-specs.json"), name), got)


@pytest.mark.parametrize("name", NAMES)
def test_validate_document_matches_reference(name: str, cli_json: Callable[..., tuple[int, Any]]) -> None:
    need_shared()
    code, got = cli_json("validate", "--all", "--json", "--no-interactive", cwd=CORPUS / name)
    _same(_with_root(_expected(name, "validate.json"), name), got)
    assert code == int((EXPECTED / name / "validate.rc").read_text().strip())


@pytest.mark.parametrize("name", NAMES)
def test_list_document_matches_the_reference_on_pinned_times(
    name: str, tmp_path: Path, cli_json: Callable[..., tuple[int, Any]]
) -> None:
    need_shared()
    reference = reference_cli()
    if reference is None:
        pytest.skip("the reference CLI is not installed (../ref/node_modules/.bin/openspec or $OPENSPEC_REFERENCE)")
    changes = CORPUS / name / "openspec" / "changes"
    copy = tmp_path / name
    (copy / "openspec").mkdir(parents=True)
    if changes.is_dir():
        shutil.copytree(changes, copy / "openspec" / "changes", symlinks=True, ignore=shutil.ignore_patterns("archive"))
    else:
        (copy / "openspec" / "specs").mkdir()
    _record.pin_times(copy)
    env = dict(os.environ, OPENSPEC_TELEMETRY="0", NO_COLOR="1")
    ran = subprocess.run([reference, "list", "--json"], cwd=copy, capture_output=True, text=True, env=env, timeout=120)
    _, got = cli_json("list", "--json", cwd=copy)
    _same(json.loads(ran.stdout), got)
