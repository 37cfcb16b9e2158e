"""Parsing with the cyclic garbage collector paused.

A parse makes hundreds of thousands of small objects and no reference cycles; with the collector on, every
full collection walks all of them again, which costs as much as the parse itself on a large file and grows
faster than the input. Paused for the call (and only by the outermost paused call), it is back on after.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused
