"""JavaScript's `a.localeCompare(b)` (ICU, root collation) as a Python sort key.

The reference sorts `list --specs`, `list --sort name` and `validate --all` with localeCompare, which is not
code-point order: punctuation sorts before digits and letters (`_` before `-`), letters ignore case first
(`a` < `B` < `b`...), accents count only when the letters tie, and lower case precedes upper case. This is the
Unicode collation algorithm's three levels for the characters ids are made of (ASCII, Latin letters with
diacritics); other scripts keep code-point order after the Latin letters, which is what ICU's root order
does between scripts for the common cases.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# CLDR root order of the ASCII punctuation and symbols (all "variable", non-ignorable in ICU's default).
_PUNCT = "\t\n\v\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_PRIMARY: dict[str, int] = {c: i + 1 for i, c in enumerate(_PUNCT)}
_DIGIT_BASE = len(_PUNCT) + 1
_LETTER_BASE = _DIGIT_BASE + 10
_OTHER_BASE = _LETTER_BASE + 26
# Secondary weights of the common combining marks, in DUCET order (acute before grave...).
_MARKS = {m: i + 1 for i, m in enumerate("\u0301\u0300\u0306\u0302\u030c\u030a\u0308\u030b\u0303\u0307\u0327\u0328\u0304")}


def _weights(ch: str) -> tuple[int, int, int] | None:
    """(primary, secondary, tertiary) of one character, None when ICU ignores it (controls)."""
    if ch in _PRIMARY:
        return _PRIMARY[ch], 0, 0
    if "0" <= ch <= "9":
        return _DIGIT_BASE + ord(ch) - 48, 0, 0
    if "a" <= ch <= "z":
        return _LETTER_BASE + ord(ch) - 97, 0, 0
    if "A" <= ch <= "Z":
        return _LETTER_BASE + ord(ch) - 65, 0, 1
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return None
    base = unicodedata.normalize("NFD", ch)
    if len(base) > 1 and "A" <= base[0] <= "z" and base[0].isalpha():
        lower = base[0].lower()
        marks = 0
        for m in base[1:]:
            marks = marks * 32 + _MARKS.get(m, 31)
        return _LETTER_BASE + ord(lower) - 97, marks, int(base[0] != lower)
    if unicodedata.category(ch) == "Mn":
        return None
    upper = ch != ch.lower()
    return _OTHER_BASE + ord(ch.lower()[0]), 0, int(upper)


@lru_cache(maxsize=4096)
def locale_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Sort key: primary weights, then secondary (accents), then tertiary (case); equal keys keep their order."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in text:
        w = _weights(ch)
        if w is None:
            continue
        primary.append(w[0])
        secondary.append(w[1])
        tertiary.append(w[2])
    return tuple(primary), tuple(secondary), tuple(tertiary)


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def nearest(name: str, candidates: list[str], limit: int = 5) -> list[str]:
    """The reference's nearestMatches: candidates by edit distance (a stable sort), the first `limit`."""
    return [c for _, c in sorted(((levenshtein(name, c), c) for c in candidates), key=lambda t: t[0])[:limit]]
