"""Regexes compiled on first use: a command pays only for the patterns its input needs."""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def match(self, text: str, *args: Any) -> re.Match[str] | None:
        return self.compiled.match(text, *args)

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        return self.compiled.search(text, *args)

    def sub(self, repl: str, text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count=count)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
