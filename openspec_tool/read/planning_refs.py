"""The two things a planning document's lines are read for: figures (`~15 hours`, `10-15 h`, `1 week`, `2-3 weeks`)
and the options a path names (`Option 2 + Option 6`, `Options 1, 3 and 5`, `(1+2+4+5+6)`, `All 6`, "Docs +
Community"). Every pattern is linear in the line (no nested repetition)."""

from __future__ import annotations

import re

from openspec_tool.model.planning import Figure, MemberRef

_NUM = r"\d{1,6}(?:[.,]\d{1,3})?"
_APPROX = r"(?P<approx>[~≈]\s*|(?i:\babout|\bapprox(?:\.|imately)?|\baround|\broughly|\bca\.?|\bcirca)\s+)?"
# Spelled units ignore case; one-letter units are lower case only (`3D printing` is no duration).
_QUANTITY = re.compile(
    rf"{_APPROX}(?<![\w.])(?P<low>{_NUM})\s*(?:(?:-|–|—|(?i:to))\s*~?\s*(?P<high>{_NUM})\s*)?"
    r"(?P<unit>(?i:hours|hour|hrs|hr|person-days|days|day|weeks|week|wks|wk|months|month|mos)|h|d|w)(?![A-Za-z])"
)
_WEEKS_PER = {"d": 1 / 5, "w": 1.0, "m": 4.0}  # five working days a week, four weeks a month
_HOURS_UNITS = ("h", "hr", "hrs", "hour", "hours")
_DURATION_UNITS = {"d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w"}
_DURATION_UNITS.update({"month": "m", "months": "m", "mos": "m"})

_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_OPTION_LIST = re.compile(
    r"\boptions?\s*#?(\d{1,3})((?:\s*(?:\+|,|&|\band\b|/)\s*(?:options?\s*)?#?\d{1,3}(?![\d.,]\d))*)", re.IGNORECASE
)
_PLUS_LIST = re.compile(r"(?<![\w.#])\d{1,3}(?:\s*\+\s*\d{1,3})+(?![\w.])")
_PAREN_LIST = re.compile(r"\(\s*(?:all\s*[:=]?\s*)?\d{1,3}(?:\s*(?:,|\+|&|\band\b)\s*\d{1,3})+\s*\)", re.IGNORECASE)
_ALL = re.compile(
    r"\ball(?:\s+(?:of\s+)?(?:the\s+)?(?P<count>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten))?(?:\s+options)?\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d{1,3}")
_SPLIT = re.compile(r"\s*(?:\+|&|,|/|\band\b|\bplus\b)\s*", re.IGNORECASE)
_DECOR = re.compile(r"[*_`]|\[|\]\([^)]*\)|\]")
_PARENS = re.compile(r"\([^()]*\)")
_WORDS = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '’&/-]){0,39}")  # words: letters (no figures, no versions), at most 40


def _number(text: str) -> float:
    return (
        float(text.replace(",", ".")) if text.count(",") == 1 and len(text.split(",")[1]) != 3 else float(text.replace(",", ""))
    )


def figures(text: str, line: int) -> tuple[Figure | None, Figure | None]:
    """(the first effort in hours, the first duration in weeks) a piece of text states."""
    effort: Figure | None = None
    duration: Figure | None = None
    for m in _QUANTITY.finditer(text[:2000]):
        unit = m.group("unit").lower()
        low = _number(m.group("low"))
        high = _number(m.group("high")) if m.group("high") else low
        if high < low:
            low, high = high, low
        approx = m.group("approx") is not None
        written = m.group(0).strip()
        if unit in _HOURS_UNITS:
            if effort is None:
                effort = Figure(low, high, "h", approx, written, line)
        elif unit in _DURATION_UNITS and duration is None:
            per = _WEEKS_PER[_DURATION_UNITS[unit]]
            duration = Figure(round(low * per, 4), round(high * per, 4), "weeks", approx, written, line)
        if effort is not None and duration is not None:
            break
    return effort, duration


def without_figures(text: str) -> str:
    return _QUANTITY.sub(" ", text)


def clean(text: str) -> str:
    """Text without Markdown decoration (bold, code, link targets)."""
    return " ".join(_DECOR.sub("", text).split())


def members(text: str, line: int, slot: bool = False) -> MemberRef | None:
    """The options `text` names, or None when it names none. Numbers win over words; words are read only in a members
    slot (`**Recommendation**: …`, an Options column) or when joined by `+` ("Docs + Community")."""
    plain = without_figures(clean(text))
    numbers: list[int] = []
    for m in _OPTION_LIST.finditer(plain):
        numbers.append(int(m.group(1)))
        numbers.extend(int(n) for n in _DIGITS.findall(m.group(2)))
    for pattern in (_PLUS_LIST, _PAREN_LIST):
        for m in pattern.finditer(plain):
            numbers.extend(int(n) for n in _DIGITS.findall(m.group(0)))
    if numbers:
        return MemberRef(numbers=tuple(dict.fromkeys(numbers)), text=_shown(text), line=line)
    every = _ALL.search(plain)
    if every is not None and (slot or every.group("count") or "option" in every.group(0).lower()):
        raw = every.group("count")
        count = None if raw is None else int(raw) if raw.isdigit() else _WORD_NUMBERS[raw.lower()]
        return MemberRef(all_options=True, all_count=count, text=_shown(text), line=line)
    outside = _PARENS.sub(" ", plain)
    words_text = plain
    if "+" in outside:  # "Docs + Community (both)": the words are outside the parentheses
        words_text = outside
    elif "+" in plain:  # "Quick Win (Docs + Community)": the words are in the parentheses
        words_text = next(p.group(0)[1:-1] for p in _PARENS.finditer(plain) if "+" in p.group(0))
    pieces = [p.strip(" .:;()—–-") for p in _SPLIT.split(words_text)]
    pieces = [p for p in pieces if p]
    joined = "+" in words_text
    if pieces and (slot or (joined and len(pieces) >= 2)) and all(_WORDS.fullmatch(p) for p in pieces):
        return MemberRef(words=tuple(pieces), text=_shown(text), line=line)
    return None


def _shown(text: str) -> str:
    """The reference as written, without the separator that led to it (`: Options 1 + 5` → `Options 1 + 5`)."""
    return text.strip().lstrip(":：—–-=").strip()
