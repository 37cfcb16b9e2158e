"""Our `list`, `list --specs` and `validate --all` answer like the reference CLI on seven real workspaces."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import CORPUS, EXPECTED, need_shared

NAMES = sorted(p.name for p in EXPECTED.iterdir()) if EXPECTED.is_dir() else []


def _expected(name: str, file: str) -> Any:
    return json.loads((EXPECTED / name / file).read_text())


@pytest.mark.parametrize("name", NAMES)
def test_list_matches_reference(name: str, cli_json: Callable[..., tuple[int, Any]]) -> None:
    need_shared()
    _, got = cli_json("list", "--json", cwd=CORPUS / name)
    want = _expected(name, "list.json")
    view = lambda doc: {c["name"]: (c["completedTasks"], c["totalTasks"], c["status"]) for c in doc["changes"]}  # noqa: E731
    assert view(got) == view(want)


@pytest.mark.parametrize("name", NAMES)
def test_specs_match_reference(name: str, cli_json: Callable[..., tuple[int, Any]]) -> None:
    need_shared()
    _, got = cli_json("list", "--specs", "--json", cwd=CORPUS / name)
    want = _expected(name, "list-specs.json")
    assert {s["id"]: s["requirementCount"] for s in got["specs"]} == {s["id"]: s["requirementCount"] for s in want["specs"]}


@pytest.mark.parametrize("name", NAMES)
def test_validate_matches_reference(name: str, cli_json: Callable[..., tuple[int, Any]]) -> None:
    need_shared()
    code, got = cli_json("validate", "--all", "--json", "--no-interactive", cwd=CORPUS / name)
    want = _expected(name, "validate.json")

    def view(doc: Any) -> dict[tuple[str, str], tuple[bool, Counter[tuple[str, str, str]]]]:
        return {
            (it["type"], it["id"]): (it["valid"], Counter((i["level"], i["path"], i["message"]) for i in it["issues"]))
            for it in doc["items"]
        }

    assert view(got) == view(want)
    assert got["summary"] == want["summary"]
    assert code == int((EXPECTED / name / "validate.rc").read_text().strip())
