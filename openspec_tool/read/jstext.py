"""Text helpers that behave like the JavaScript the reference CLI is written in.

The reference CLI's verdicts depend on JavaScript string semantics: `\\s` and `trim()`
include U+FEFF and NBSP, `.` stops at `\\r`, `\\b` is ASCII-only and `length` counts
UTF-16 code units. Matching those exactly is what keeps our answers identical.
"""

from __future__ import annotations

import re

# JavaScript's WhiteSpace + LineTerminator set (what `\s` and `trim()` use).
JS_WS = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# JavaScript's `\s` as a regex class. Python's `\s` also takes \x1c-\x1f and \x85, which no
# markdown file carries; the exact class costs ~1 ms per pattern to compile, on every start.
# Patterns using it must not set re.ASCII (that would shrink `\s` to ASCII).
S = r"[\s\ufeff]"
# The characters `S` matches (Python's `\s` is `str.isspace`, plus the BOM), for `str.strip`.
S_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
NOT_S = r"[^\s\ufeff]"
# JavaScript's `.` without the `s` flag.
DOT = r"[^\n\r\u2028\u2029]"

_CRLF = re.compile(r"\r\n?")


def trim(text: str) -> str:
    return text.strip(JS_WS)


def trim_end(text: str) -> str:
    return text.rstrip(JS_WS)


def trim_start(text: str) -> str:
    return text.lstrip(JS_WS)


def js_len(text: str) -> int:
    """`String.prototype.length`: UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def normalize(content: str) -> str:
    """Strip one leading BOM and turn CRLF/CR into LF, as the reference's parsers do."""
    if content.startswith("\ufeff"):
        content = content[1:]
    if "\r" in content:
        content = _CRLF.sub("\n", content)
    return content


def normalize_eol(content: str) -> str:
    """CRLF/CR to LF without touching a BOM (the structure checker's normalisation)."""
    return _CRLF.sub("\n", content) if "\r" in content else content


def decode(data: bytes) -> str:
    """Decode like Node's `readFile(path, 'utf-8')`: invalid bytes become U+FFFD, a BOM stays."""
    return data.decode("utf-8", errors="replace")
