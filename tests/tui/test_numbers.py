"""A non-finite or out-of-range number in the decision file is the one-line message on the Decision screen,
never a traceback (issue 10, item 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openspec_tool.tui.app import create_app
from tests.tui.conftest import drive, screen_text, settle

DECISION = "openspec/decisions/phase-2.yaml"


@pytest.mark.parametrize("value", ["1e999", "9" * 400])
def test_a_huge_score_is_shown_as_the_files_message(workspace: Path, value: str) -> None:
    path = workspace / DECISION
    path.write_text(path.read_text().replace("{impact: 3, risk: 1, roi: 4}", f"{{impact: {value}, risk: 1, roi: 4}}", 1))

    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("4")
        await settle(pilot)
        shown = screen_text(app)
        assert f"{DECISION}:40: score phase2-option1-expand-docs.impact must be a number from -1e+12 to 1e+12" in shown
        assert "Traceback" not in shown

    drive(create_app(workspace, watch=False), scenario, size=(140, 30))
