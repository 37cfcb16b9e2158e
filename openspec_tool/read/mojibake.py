"""Repairing UTF-8 text that was once decoded as Windows-1252 (`âœ…` for ✅, `â†’` for →).

Each run that spells a complete UTF-8 sequence in cp1252 (or its Turkish sibling cp1254,
seen as `ğŸ“Š`) is decoded back; everything else is left alone, so genuine accented or
CJK text is never touched. Repair happens only when at least one sequence decodes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from openspec_tool.read.gcpause import gc_paused


def _byte_map() -> dict[str, int]:
    out: dict[str, int] = {}
    for b in range(0x80, 0x100):
        for codec in ("cp1254", "latin-1", "cp1252"):  # later codecs win
            try:
                out[bytes([b]).decode(codec)] = b
            except UnicodeDecodeError:
                continue
    return out


_BYTE = _byte_map()
_LEAD = "".join(re.escape(c) for c, b in _BYTE.items() if 0xC2 <= b <= 0xF4)
_CONT = "".join(re.escape(c) for c, b in _BYTE.items() if 0x80 <= b <= 0xBF)
_SEQ = re.compile(f"[{_LEAD}][{_CONT}]+")
_QUICK = re.compile(f"[{_LEAD}]")


def _needed(lead: int) -> int:
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


@lru_cache(maxsize=4096)
def _decode(run: str) -> tuple[str, int] | None:
    """(decoded char(s), how many run characters they replace), or None when not UTF-8."""
    data = bytes(_BYTE[c] for c in run[:4])
    need = _needed(data[0])
    if len(data) < need:
        return None
    try:
        return data[:need].decode("utf-8"), need
    except UnicodeDecodeError:
        return None


# Sequences whose undefined cp1252 byte (0x81, 0x8D, 0x8F, 0x90, 0x9D) was dropped, too common to guess wrong.
_LOSSY = {"âŒ": "❌", "â€": "”"}


@lru_cache(maxsize=4096)
def _truncated(run: str) -> bool:
    """A run that starts a 3- or 4-byte sequence whose last byte was lost in transit."""
    data = bytes(_BYTE[c] for c in run[:4])
    need = _needed(data[0])
    if need < 3 or len(data) >= need or len(data) < 2:
        return False
    try:
        (data + b"\x80" * (need - len(data))).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@gc_paused
def repair_mojibake(text: str) -> tuple[str, int]:
    """(repaired text, number of sequences repaired); the text unchanged when there are none.

    Repair happens only when at least one sequence decodes (a lost last byte alone is no evidence).
    Never adds or removes a newline, so line numbers stay valid.
    """
    if text.isascii() or not _QUICK.search(text):
        return text, 0
    counts = [0, 0]  # sequences decoded, sequences replaced (decoded or truncated)

    def replace(m: re.Match[str]) -> str:
        run = m.group(0)
        new, decoded = _replacement(run)
        if new is None:
            return run
        counts[0] += decoded
        counts[1] += 1
        return new

    repaired = _SEQ.sub(replace, text)  # one pass, the loop in C
    return (repaired, counts[1]) if counts[0] else (text, 0)


@lru_cache(maxsize=4096)
def _replacement(run: str) -> tuple[str | None, bool]:
    """(what replaces a run, whether it decoded); (None, False) for a run left alone."""
    decoded = _decode(run)
    if decoded is not None:
        return decoded[0] + run[decoded[1] :], True
    if _truncated(run):
        return _LOSSY.get(run, "\ufffd"), False
    return None, False
