"""The HTML reports in headless Chromium: nothing runs, nothing overflows at 1280 px or on a 390 px phone, dark mode
keeps every text readable, and print gives open <details>, no orphaned headings and no grey backgrounds.

One browser for the module and two pages (the decision document of our workspace in a git repository, with
hostile proposal text, and the status report of a 45-change workspace). The screenshots and the printed pages
are written to $REPORT_SHOTS when it is set (to look at them), else to a temporary folder.

Needs Debian's `chromium` (and `pdftoppm`/`pdftotext` from poppler-utils for print); skipped with the reason where
they are missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.report.cdp import Browser, find_chromium
from tests.report.conftest import FIXTURES, edit

TITLE_PAYLOAD = "<script>document.title='PWNED'</script>"
SECTION_PAYLOAD = "<img src=x onerror=\"document.title='PWNED2'\">"
LINK_PAYLOAD = "[the runbook](javascript:document.title='PWNED3')"
WIDTHS = (1280, 390)
MAX_PAGE_WIDTH = 1600  # px: no table or chart may be wider, even inside its own scrolling box


def _git(root: Path, *args: str, when: str = "2025-10-01T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=root, env=env, check=True, capture_output=True)


def _render(root: Path, *args: str) -> None:
    from openspec_tool.cli.main import run

    assert run(["report", *args, "--root", str(root)]) == 0


def _decision_workspace(base: Path) -> Path:
    """Our workspace in a git repository of two commits (so the burn-up and the cycle have something to show), with
    hostile proposal text."""
    ours = base / "ours"
    shutil.copytree(REPO / "openspec", ours / "openspec")
    option1 = ours / "openspec/changes/phase2-option1-expand-docs"
    edit(option1 / "proposal.md", "# Expand Documentation", f"# Expand Documentation {TITLE_PAYLOAD}")
    edit(option1 / "proposal.md", "## Problem Statement\n", f"## Problem Statement\n\n{SECTION_PAYLOAD}\n")
    edit(option1 / "proposal.md", "## Success Criteria\n\n", f"## Success Criteria\n\n- Linked from {LINK_PAYLOAD}.\n")
    _git(ours, "init", "-q")
    _git(ours, "add", "-A")
    _git(ours, "commit", "-q", "-m", "plan")
    edit(option1 / "tasks.md", "- [ ] 1.1 ", "- [x] 1.1 ")
    _git(ours, "commit", "-q", "-am", "1.1 done", when="2025-10-08T12:00:00+00:00")
    return ours


def _status_workspace(base: Path) -> Path:
    """45 changes (15 copies of the plain fixture's three, c1 … c15): more than the summary shows in full."""
    root = base / "many"
    changes = root / "openspec" / "changes"
    for k in range(1, 16):
        for change in (FIXTURES / "plain" / "openspec" / "changes").iterdir():
            shutil.copytree(change, changes / f"{change.name}-c{k}")
    shutil.copy(FIXTURES / "plain" / "openspec" / "config.yaml", root / "openspec" / "config.yaml")
    return root


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    exe = find_chromium()
    if exe is None:
        pytest.skip("chromium is not installed (Debian package chromium: apt-get install chromium; .ci/run tries it)")
    b = Browser(exe, tmp_path_factory.mktemp("profile"))
    try:
        yield b
    finally:
        stderr = b.close()
        assert "PWNED" not in stderr


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("REPORT_SHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> dict[str, tuple[Path, str]]:
    """{name: (the HTML file, its page session in the browser)}."""
    base = tmp_path_factory.mktemp("pages")
    decision, status = base / "decision.html", base / "status.html"
    _render(_decision_workspace(base), "--format", "html", "-o", str(decision))
    _render(_status_workspace(base), "status", "--format", "html", "-o", str(status))
    return {name: (path, browser.open(path.as_uri())) for name, path in (("decision", decision), ("status", status))}


LAYOUT = """(() => {
  const width = window.innerWidth;
  const inScroll = el => el.closest('.scroll') !== null;
  const outside = Array.from(document.querySelectorAll('main *')).filter(el => {
    const r = el.getBoundingClientRect();
    return !inScroll(el) && r.width > 0 && (r.right > width + 1 || r.left < -1);
  }).map(el => el.tagName + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || '').slice(0, 40));
  return {
    pageWidth: document.documentElement.scrollWidth,
    outside: outside.slice(0, 5),
    tablesOutsideScroll: Array.from(document.querySelectorAll('table')).filter(t => !inScroll(t)).length,
    widestScroll: Math.max(0, ...Array.from(document.querySelectorAll('.scroll')).map(s => s.scrollWidth)),
    charts: Array.from(document.querySelectorAll('svg.chart')).map(s => ({
      id: s.id, width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height,
      viewWidth: s.viewBox.baseVal.width, legend: s.querySelectorAll('text').length,
      title: s.querySelector('title').textContent})),
  };
})()"""

COLOURS = """(() => {
  const lum = c => { const m = c.match(/[\\d.]+/g).map(Number); return (0.2126*m[0] + 0.7152*m[1] + 0.0722*m[2]) / 255; };
  const texts = Array.from(document.querySelectorAll('svg.chart text')).map(t => lum(getComputedStyle(t).fill));
  const cells = Array.from(document.querySelectorAll('main td, main th, main p, main li')).slice(0, 400);
  const page = lum(getComputedStyle(document.querySelector('main')).backgroundColor);
  const inkOnPage = cells.map(el => Math.abs(lum(getComputedStyle(el).color) - page));
  return {page: page, svgText: texts, minContrast: Math.min(...inkOnPage)};
})()"""


def test_nothing_runs_and_proposal_text_is_escaped(browser: Browser, pages: dict[str, tuple[Path, str]]) -> None:
    path, session = pages["decision"]
    state = browser.evaluate(
        session,
        "({title: document.title, scripts: document.scripts.length, images: document.images.length,"
        " text: document.body.textContent, links: Array.from(document.links).map(a => a.href)})",
    )
    html = path.read_text(encoding="utf-8")
    assert state["title"] == "Phase 2 direction"  # never PWNED
    assert state["scripts"] == 0 and state["images"] == 0
    assert TITLE_PAYLOAD in state["text"] and SECTION_PAYLOAD not in html
    assert "Linked from the runbook." in state["text"]  # the javascript: link lost its destination, kept its text
    assert all(link.startswith(("http:", "https:", "mailto:", "file:")) for link in state["links"]), state["links"]
    assert browser.problems() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_layout_at_desktop_and_phone_widths(
    browser: Browser, pages: dict[str, tuple[Path, str]], shots: Path, width: int
) -> None:
    for name, (_, session) in pages.items():
        browser.viewport(session, width)
        layout: dict[str, Any] = browser.evaluate(session, LAYOUT)
        (shots / f"{name}-{width}.png").write_bytes(browser.screenshot(session))
        assert layout["pageWidth"] <= width, (name, layout)  # nothing pushes the page sideways
        assert layout["outside"] == [], (name, layout["outside"])  # nothing clipped
        assert layout["tablesOutsideScroll"] == 0  # a wide table scrolls in its own box
        assert layout["widestScroll"] <= MAX_PAGE_WIDTH, (name, layout["widestScroll"])
        for chart in layout["charts"]:
            assert chart["width"] >= chart["viewWidth"] - 1, chart  # drawn at full size: 12 px text stays legible
            assert chart["height"] <= 600 and chart["legend"] >= 6 and chart["title"], chart
    ids = {c["id"] for c in browser.evaluate(pages["decision"][1], LAYOUT)["charts"]}
    assert ids == {"chart-effort", "chart-burnup"}


def test_dark_mode_keeps_every_text_readable(browser: Browser, pages: dict[str, tuple[Path, str]], shots: Path) -> None:
    for name, (_, session) in pages.items():
        for width in WIDTHS:
            browser.viewport(session, width, dark=True)
            colours = browser.evaluate(session, COLOURS)
            (shots / f"{name}-{width}-dark.png").write_bytes(browser.screenshot(session))
            assert colours["page"] < 0.2, (name, colours["page"])  # a dark page
            assert all(lum > 0.45 for lum in colours["svgText"]), (name, colours["svgText"])  # no black chart text
            assert colours["minContrast"] > 0.4, (name, colours["minContrast"])
        browser.viewport(session, 1280)


def _pdf_pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in out.split("\f") if p.strip()]


def test_print(browser: Browser, pages: dict[str, tuple[Path, str]], shots: Path) -> None:
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdftoppm and pdftotext are not installed (Debian package poppler-utils)")
    for name, (path, session) in pages.items():
        browser.viewport(session, 1280)
        browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        boxes = "Array.from(document.querySelectorAll('th, body, main, code, .rec, .card'))"
        backgrounds = browser.evaluate(session, f"{boxes}.map(e => getComputedStyle(e).backgroundColor)")
        assert set(backgrounds) <= {"rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"}, set(backgrounds)  # no grey
        titles = browser.evaluate(session, "Array.from(document.querySelectorAll('h2, h3, h4')).map(h => h.textContent)")
        headings = [h.strip() for h in titles]
        pdf = shots / f"{name}.pdf"
        pdf.write_bytes(browser.pdf(session))
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(shots / f"{name}-print")], check=True)
        printed = _pdf_pages(pdf)
        assert len(printed) >= 2
        for text in printed[:-1]:  # no page ends with a heading whose section starts on the next
            last = [line.strip() for line in text.splitlines() if line.strip()][-1]
            assert last not in headings, (name, last)
        whole = re.sub(r"\s+", " ", " ".join(printed))
        html = path.read_text(encoding="utf-8")
        if name == "decision":  # <details> print open: what each option delivers is on paper
            assert "In an incident drill, the cause of an injected fault is found within 10 minutes." in whole
            assert "<details" in html
        else:
            assert "gamma-c9" in whole and "All 45 changes" in whole
    assert len(list(shots.glob("*-print-*.png"))) >= 4
