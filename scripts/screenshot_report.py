#!/usr/bin/env python3
"""Render the HTML report of a workspace and take a full-page PNG screenshot with headless Chromium.

usage: python scripts/screenshot_report.py [--root .] [--report decision] [--out build/report] [--width 1200]
                                          [--height PX] [--closed] [--dark] [--png PATH]

Writes <out>/<report>.html and <out>/<report>.png (default: build/report/, ignored by git) and prints both
paths. `--height` keeps the top of the page only, `--closed` leaves the <details> as a reader finds them,
`--dark` renders in dark mode. The README's picture is
`python scripts/screenshot_report.py --width 1100 --height 2300 --closed --png docs/decision-report.png`.
Needs Debian's `chromium` (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from openspec_tool.cli.main import run  # noqa: E402
from tests.report.cdp import Browser, find_chromium  # noqa: E402


def screenshot(page: Path, png: Path, width: int, height: int | None = None, closed: bool = False, dark: bool = False) -> None:
    exe = find_chromium()
    if exe is None:
        raise SystemExit("chromium is not installed (Debian package chromium: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="openspec-chromium-") as profile:
        browser = Browser(exe, Path(profile))
        try:
            session = browser.open(page.as_uri())
            browser.viewport(session, width, dark=dark)
            if not closed:  # open every <details> so the screenshot shows what each option includes
                browser.evaluate(session, "document.querySelectorAll('details').forEach(d => d.open = true)")
            full = browser.evaluate(session, "Math.ceil(document.documentElement.scrollHeight)")
            clip = {"x": 0, "y": 0, "width": width, "height": min(height or full, full), "scale": 1}
            shot = browser.send(
                "Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True}, session=session
            )
            problems = browser.problems()
        finally:
            browser.close()
    png.write_bytes(base64.b64decode(shot["data"]))
    for problem in problems:
        print(f"console: {problem}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(REPO), help="workspace root (default: this repository)")
    parser.add_argument("--report", default="decision", help="a report name (default: the only decision's document)")
    parser.add_argument("--out", default=str(REPO / "build" / "report"))
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=None, help="keep the top PX of the page only")
    parser.add_argument("--closed", action="store_true", help="leave <details> closed")
    parser.add_argument("--dark", action="store_true", help="prefers-color-scheme: dark")
    parser.add_argument("--png", default=None, help="write the screenshot here instead")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    page = out / f"{args.report}.html"
    png = Path(args.png).resolve() if args.png else out / f"{args.report}.png"
    code = run(["report", args.report, "--format", "html", "-o", str(page), "--root", args.root])
    if code:
        return code
    screenshot(page, png, args.width, args.height, args.closed, args.dark)
    print(page)
    print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
