"""The HTML report in headless Chromium: no console errors, charts with a size, injected script never runs.

Needs Debian's `chromium` (`.ci/run` installs it); skipped with the reason where it is missing.
"""

from __future__ import annotations

import base64
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.report.cdp import Browser, find_chromium
from tests.report.conftest import edit

Cli = Callable[..., tuple[int, str, str]]
TITLE_PAYLOAD = "<script>document.title='PWNED'</script>"
SECTION_PAYLOAD = "<img src=x onerror=\"document.title='PWNED2'\">"


def _chromium() -> str:
    exe = find_chromium()
    if exe is None:
        pytest.skip("chromium is not installed (Debian package chromium: apt-get install chromium; .ci/run tries it)")
    return exe


def _git(root: Path, *args: str, when: str = "2025-10-01T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def injected(ours: Path) -> Path:
    """Our workspace in a git repository of two commits (so the burn-up has a line), with hostile proposal text."""
    option1 = ours / "openspec/changes/phase2-option1-expand-docs"
    edit(option1 / "proposal.md", "# Expand Documentation", f"# Expand Documentation {TITLE_PAYLOAD}")
    edit(option1 / "proposal.md", "## Problem Statement\n", f"## Problem Statement\n\n{SECTION_PAYLOAD}\n")
    _git(ours, "init", "-q")
    _git(ours, "add", "-A")
    _git(ours, "commit", "-q", "-m", "plan")
    edit(option1 / "tasks.md", "- [ ] 1.1 ", "- [x] 1.1 ")
    _git(ours, "commit", "-q", "-am", "1.1 done", when="2025-10-08T12:00:00+00:00")
    return ours


def test_html_report_in_chromium(injected: Path, cli: Cli, tmp_path: Path) -> None:
    exe = _chromium()
    page = tmp_path / "report.html"
    code, _, err = cli("report", "--format", "html", "-o", str(page), "--root", str(injected))
    assert code == 0, err
    assert 'id="chart-burnup"' in page.read_text(encoding="utf-8")

    browser = Browser(exe, tmp_path / "profile")
    try:
        session = browser.open(page.as_uri())
        state = browser.evaluate(
            session,
            """({
              title: document.title,
              scripts: document.scripts.length,
              images: document.images.length,
              text: document.body.innerText,
              charts: Array.from(document.querySelectorAll('svg.chart')).map(s => {
                const r = s.getBoundingClientRect();
                return {id: s.id, width: r.width, height: r.height, title: s.querySelector('title').textContent};
              }),
            })""",
        )
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        problems = browser.problems()
    finally:
        stderr = browser.close()

    assert state["title"] == "Phase 2 Starter: Phase 2 direction"  # never PWNED
    assert state["scripts"] == 0 and state["images"] == 0
    assert TITLE_PAYLOAD in state["text"] and SECTION_PAYLOAD not in page.read_text(encoding="utf-8")
    charts = {c["id"]: c for c in state["charts"]}
    expected = ("chart-progress", "chart-heat-paths", "chart-heat-options", "chart-effort", "chart-burnup")
    assert set(expected) <= set(charts)
    for chart in charts.values():
        assert chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["title"]
    assert problems == [], problems
    assert "CONSOLE" not in stderr and "PWNED" not in stderr
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_dump_dom_shows_escaped_payload(injected: Path, cli: Cli, tmp_path: Path) -> None:
    """The plain command-line way: `--dump-dom` after load; console messages would be logged to stderr."""
    exe = _chromium()
    page = tmp_path / "report.html"
    cli("report", "--format", "html", "-o", str(page), "--root", str(injected))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
    flags += ["--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    proc = subprocess.run(
        [exe, *flags, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "<title>Phase 2 Starter: Phase 2 direction</title>" in dom
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom
    assert "<script" not in dom
    assert "CONSOLE" not in proc.stderr
