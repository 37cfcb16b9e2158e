#!/usr/bin/env python3
"""Render the HTML report of a workspace and take a full-page PNG screenshot with headless Chromium.

usage: python scripts/screenshot_report.py [--root .] [--report phase-2-starter] [--out build/report] [--width 1200]

Writes <out>/<report>.html and <out>/<report>.png (default: build/report/, ignored by git) and prints both
paths. Needs Debian's `chromium` (apt-get install chromium).
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


def screenshot(page: Path, png: Path, width: int) -> None:
    exe = find_chromium()
    if exe is None:
        raise SystemExit("chromium is not installed (Debian package chromium: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="openspec-chromium-") as profile:
        browser = Browser(exe, Path(profile))
        try:
            session = browser.open(page.as_uri())
            browser.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                session=session,
            )
            # Open every <details> so the screenshot shows what each option includes.
            browser.evaluate(session, "document.querySelectorAll('details').forEach(d => d.open = true)")
            height = browser.evaluate(session, "Math.ceil(document.documentElement.scrollHeight)")
            clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
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
    parser.add_argument("--report", default="phase-2-starter")
    parser.add_argument("--out", default=str(REPO / "build" / "report"))
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    page, png = out / f"{args.report}.html", out / f"{args.report}.png"
    code = run(["report", args.report, "--format", "html", "-o", str(page), "--root", args.root])
    if code:
        return code
    screenshot(page, png, args.width)
    print(page)
    print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
