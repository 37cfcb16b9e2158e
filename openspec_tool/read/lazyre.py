"""Regexes compiled on first use: a command pays only for the patterns its input needs.

After the first call the pattern's own bound methods replace the lazy ones, so a hot loop pays no wrapper.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


class LazyPattern:
    __slots__ = ("_flags", "_pattern", "finditer", "fullmatch", "match", "search", "sub")

    match: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    sub: Callable[..., str]
    finditer: Callable[..., Any]

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self.match = self._first("match")
        self.search = self._first("search")
        self.fullmatch = self._first("fullmatch")
        self.sub = self._first("sub")
        self.finditer = self._first("finditer")

    def _first(self, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            compiled = self.compiled
            return getattr(compiled, name)(*args, **kwargs)

        return call

    @property
    def compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self._pattern, self._flags)
        self.match = compiled.match
        self.search = compiled.search
        self.fullmatch = compiled.fullmatch
        self.sub = compiled.sub
        self.finditer = compiled.finditer
        return compiled


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
