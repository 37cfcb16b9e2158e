"""Effort estimates written in prose: `4-5 hours`, `(~2h)`, `30m`, `1.5 days`, `2-3 sessions`.

One number-range parser for every reader (task text, headings, `**Effort**:` metadata).
A day is 8 hours, a week 5 days, a working "session" 4 hours.
"""

from __future__ import annotations

import re
from functools import lru_cache

from openspec_tool.model.tasks import Estimate

HOURS_PER_DAY = 8.0
HOURS_PER_WEEK = 5 * HOURS_PER_DAY
HOURS_PER_SESSION = 4.0

_UNIT_HOURS: dict[str, float] = {"h": 1.0, "m": 1 / 60, "d": HOURS_PER_DAY, "w": HOURS_PER_WEEK, "s": HOURS_PER_SESSION}

# Longest spellings first so `mins` is not read as `m` + `ins`.
# Spelled units ignore case; one-letter units are lower case only (`3D printing` is no estimate).
_UNITS = (
    ("h", r"(?i:hours|hour|hrs|hr)|h|小时|時間"),
    ("m", r"(?i:minutes|minute|mins|min)|m|分钟"),
    ("d", r"(?i:(?:working |work |business )?(?:days|day))|d|天"),
    ("w", r"(?i:weeks|week|wks|wk)|w"),
    ("s", r"(?i:sessions|session)"),
)
_UNIT_ALT = "|".join(f"(?P<{key}>{alts})" for key, alts in _UNITS)
_NUM = r"\d{1,6}(?:\.\d{1,4})?"
_DASH = r"\s*(?:-|–|—|to|~)\s*"
_QUANTITY = re.compile(
    rf"(?<![\w.])(?P<approx>[~≈]\s*)?(?P<low>{_NUM})(?:\s*(?:{_UNIT_ALT.replace('?P<', '?P<lo_')}))?"
    rf"(?:{_DASH}~?(?P<high>{_NUM}))?\s*(?:{_UNIT_ALT})(?![A-Za-z])"
)
_COMPACT = re.compile(rf"^~?\s*{_NUM}(?:\s*-\s*{_NUM})?(?:h|m|d|w)$")
_PAREN = re.compile(r"\(([^()]{1,60})\)")
_TILDE = re.compile(
    rf"(?<![\w.])~\s*{_NUM}(?:\s*-\s*{_NUM})?\s*(?:h|hrs?|hours?|m|mins?|minutes?|d|days?)(?![A-Za-z])", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
_EST_PREFIX = re.compile(r"^\s*(?:est(?:imate[ds]?)?\.?|effort|eta)\s*[:=]?\s*", re.IGNORECASE)


def _unit_of(m: re.Match[str], prefix: str = "") -> str | None:
    for key, _ in _UNITS:
        if m.group(prefix + key) is not None:
            return key
    return None


def _to_estimate(m: re.Match[str]) -> Estimate | None:
    unit = _unit_of(m)
    if unit is None:
        return None
    low_unit = _unit_of(m, "lo_") or unit
    low = float(m.group("low")) * _UNIT_HOURS[low_unit]
    high_text = m.group("high")
    high = float(high_text) * _UNIT_HOURS[unit] if high_text else float(m.group("low")) * _UNIT_HOURS[unit]
    if not high_text:
        low = high
    if high < low:
        low, high = high, low
    return Estimate(round(low, 4), round(high, 4))


def parse_estimate(text: str) -> Estimate | None:
    """The effort a piece of text states, in hours; hours/minutes win over days/weeks/sessions.

    `(1 week, ~15 hours)` is 15h: an effort written in hours is more precise than a calendar span.
    """
    if not _DIGIT.search(text):
        return None
    return _parse_estimate(text) if len(text) <= 80 else _parse_estimate.__wrapped__(text)


@lru_cache(maxsize=4096)  # the same few efforts ("2 hours", "S (2 hours)") recur across a plan
def _parse_estimate(text: str) -> Estimate | None:
    first: Estimate | None = None
    for m in _QUANTITY.finditer(text[:2000]):
        est = _to_estimate(m)
        if est is None:
            continue
        if _unit_of(m) in ("h", "m"):
            return est
        if first is None:
            first = est
    return first


def split_text_estimate(text: str) -> tuple[Estimate | None, str]:
    """An estimate a task's own text carries, and the text without it when it is a trailing `(...)`.

    Accepted: a parenthesised estimate that is compact (`(2h)`, `(30m)`), approximate (`(~4 hours)`),
    prefixed (`(est. 3h)`) or ends the text (`... (4-5 hours)`); and `~3h` anywhere.
    `Compare expected (14 days) vs actual` is not an estimate.
    """
    if ("(" not in text and "~" not in text) or not _DIGIT.search(text):
        return None, text
    stripped = text.rstrip(" .;")
    for m in _PAREN.finditer(stripped):
        est, prefixed, whole, loose = _paren(m.group(1))
        if est is None:
            continue
        trailing = m.end() == len(stripped)
        if prefixed or (whole and (trailing or loose)):
            return est, (stripped[: m.start()].rstrip() if trailing else text)
    m2 = _TILDE.search(stripped)
    return (parse_estimate(m2.group(0)) if m2 else None), text


@lru_cache(maxsize=1024)  # `(2h)`, `(4-5 hours)` recur
def _paren(group: str) -> tuple[Estimate | None, bool, bool, bool]:
    """What a parenthesised part states: (its estimate, prefixed `est.`, the whole of it a quantity, compact or `~`)."""
    inner = group.strip()
    prefixed = _EST_PREFIX.match(inner)
    body = inner[prefixed.end() :].strip() if prefixed else inner
    est = parse_estimate(body)
    if est is None:
        return None, False, False, False
    whole = _QUANTITY.fullmatch(body) is not None
    return est, prefixed is not None, whole, body.startswith(("~", "≈")) or _COMPACT.match(body) is not None


def text_estimate(text: str) -> Estimate | None:
    """The estimate `split_text_estimate` finds in a task's text."""
    return split_text_estimate(text)[0]
