"""Which links from a proposal a report may keep: http(s), mailto and relative ones; the rest (`javascript:`,
`data:`, `vbscript:`, `file:` …) are dropped, keeping their text.

Used twice: by the Markdown reports, where proposal text is copied as Markdown (`neutralise_links`), and by the
HTML report, where it is rendered with markdown-it-py (`report/markdown.py` asks `safe_href`). A destination is
judged as a browser would read it: entities decoded (`javascript&#58;`), backslash escapes and the whitespace and
control characters that URL parsers strip (`java\tscript:`) removed, case ignored.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f\\]+")
# `[text](destination "title")` or `![alt](…)`: a destination in <…>, or one with balanced parentheses one deep.
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_OPENER = re.compile(r"\]\(\s*<?([^\s)>]*)")  # what follows any `](`, for links the pattern above did not take
_DEFINITION = re.compile(r"\[([^\[\]\n]+)\]:[ \t]*<?([^\s>]*)")


def safe_href(url: str) -> bool:
    """True for http(s), mailto and relative destinations (a path, `#anchor`, `//host/…`)."""
    cleaned = _URL_JUNK.sub("", html.unescape(url)).lower()
    m = _SCHEME.match(cleaned)
    return m is None or m.group(1) in SAFE_SCHEMES


def _dest(raw: str) -> str:
    return raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw


def _drop_unsafe(m: re.Match[str]) -> str:
    if safe_href(_dest(m.group(3))):
        return m.group(0)
    return m.group(2)  # the link's text (an image's alt text) without the link


def neutralise_links(text: str) -> str:
    """Markdown text with every link or image to an unsafe destination reduced to its text, and unsafe link
    reference definitions (`[x]: javascript:…`) escaped so they define nothing."""
    if "](" in text:
        text = _LINK.sub(_drop_unsafe, text)
        if "](" in text:  # a shape the pattern does not take (unbalanced parentheses…): break the link syntax
            text = _OPENER.sub(lambda m: m.group(0) if safe_href(m.group(1)) else "]\\(" + m.group(0)[2:], text)
    if "]:" in text:
        text = _DEFINITION.sub(lambda m: m.group(0) if safe_href(m.group(2)) else "\\" + m.group(0), text)
    return text
