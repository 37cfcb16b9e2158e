"""Our `archive` against the reference's, on a copy of every active change of every corpus workspace.

The reference's outcomes were recorded by tests/fixtures/archive/record.py (same pinned date, same copies):
for each change and each mode — `--yes`, `--skip-specs --yes`, and no flag with nothing to read on stdin (the
refusals) — the exit code, standard output, the `Error:`/`Fix:` lines and a digest of the resulting tree.
Ours must leave a byte-identical tree and say the same. With the reference installed, a few are also run
live, so the recordings cannot silently go stale.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, REPO, need_shared, reference_cli

HERE = REPO / "tests" / "fixtures" / "archive"
_spec = importlib.util.spec_from_file_location("archive_harness", HERE / "harness.py")
assert _spec is not None and _spec.loader is not None
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

EXPECTED: dict[str, Any] = json.loads((HERE / "expected.json").read_text()) if (HERE / "expected.json").exists() else {}
CASES = [(ws, change) for ws in sorted(EXPECTED) for change in sorted(EXPECTED[ws])]


@pytest.mark.parametrize(("workspace", "change"), CASES, ids=[f"{w}:{c}" for w, c in CASES])
def test_archive_as_the_reference(workspace: str, change: str, tmp_path: Path) -> None:
    need_shared()
    for mode, args in harness.MODES.items():
        copy = harness.light_copy(CORPUS / workspace, tmp_path / mode)
        got = harness.run_ours(copy, ["archive", change, *args])
        assert got == EXPECTED[workspace][change][mode], mode


def test_every_active_change_is_recorded() -> None:
    need_shared()
    assert {(w.name, c) for w in CORPUS.iterdir() for c in harness.active_changes(w)} == set(CASES)


LIVE = [("clkent__open-d3vsh0p", "morgan-orchestrator"), ("Fission-AI__OpenSpec", "add-global-install-scope")]


@pytest.mark.parametrize(("workspace", "change"), LIVE)
def test_the_recordings_are_the_reference_today(workspace: str, change: str, tmp_path: Path) -> None:
    need_shared()
    cli = reference_cli()
    if cli is None:
        pytest.skip("the reference CLI is not installed")
    copy = harness.light_copy(CORPUS / workspace, tmp_path)
    assert harness.run_reference(cli, copy, ["archive", change, "--yes"]) == EXPECTED[workspace][change]["yes"]
