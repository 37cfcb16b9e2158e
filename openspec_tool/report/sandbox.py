"""What a template may touch and how much it may make (imported only with Jinja, by report/render.py).

- Files: a workspace's templates are read from `openspec/templates/` only when they resolve (all symlinks) inside
  the workspace, the packaged ones only inside the package; a FIFO or device is never opened.
- Size: `*`, `**` and `+` are checked before they run (`{{ 'a' * 10**10 }}` is refused, not attempted), as are
  counts and widths given to calls and to the filters that pad or repeat; the output is counted as it is made;
  and while a template renders the process may grow by at most RENDER_MEMORY_BYTES (an allocation beyond it is a
  MemoryError, reported as such), which bounds what no check foresees.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.loaders import split_template_path

MAX_OUTPUT_CHARS = 64 * 1024 * 1024
MAX_POWER_DIGITS = 10_000
RENDER_MEMORY_BYTES = 1024 * 1024 * 1024
_DIGITS = re.compile(r"\d{5,}")


class TooLarge(SecurityError):
    """What a template asked for would exceed the output limit."""


class TemplateRefused(TemplateError):
    """A template file that resolves outside where it may be, or is not a regular file."""


def _inside(real: str, base: str) -> bool:
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


class ConfinedLoader(BaseLoader):
    """Templates from `folder`, each resolved (symlinks followed) and required to stay inside `boundary`."""

    def __init__(self, folder: Path, boundary: Path, label: str) -> None:
        self.folder = folder
        self.boundary = os.path.realpath(boundary)
        self.label = label  # how messages name the folder

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        try:
            st = os.stat(path)
        except OSError:
            raise TemplateNotFound(template) from None
        if stat.S_ISDIR(st.st_mode):
            raise TemplateNotFound(template)
        real = os.path.realpath(path)
        if not _inside(real, self.boundary):
            raise TemplateRefused(f"{self.label}{template} resolves outside {self._where()} (to {real}): not read")
        if not stat.S_ISREG(st.st_mode):
            raise TemplateRefused(f"{self.label}{template} is not a regular file: not read")
        with open(real, "rb") as fh:
            source = fh.read().decode("utf-8", "replace")
        return source, str(path), lambda: True

    def _where(self) -> str:
        return "the workspace" if self.label else "the package"


def _too_large(what: str) -> TooLarge:
    return TooLarge(f"{what} would exceed the output limit of {MAX_OUTPUT_CHARS // (1024 * 1024)} MiB")


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            n = _size(seq)
            if n is not None and isinstance(count, int) and n * count > MAX_OUTPUT_CHARS:
                raise _too_large("a repetition")
    elif operator == "+":
        a, b = _size(left), _size(right)
        if a is not None and b is not None and a + b > MAX_OUTPUT_CHARS:
            raise _too_large("a concatenation")
    elif (
        operator == "**"
        and isinstance(left, int)
        and isinstance(right, int)
        and abs(left) > 1
        and right * math.log10(abs(left)) > MAX_POWER_DIGITS
    ):
        raise TooLarge(f"a power with more than {MAX_POWER_DIGITS} digits is refused")


def check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A count or width beyond the output limit can only make something too large to keep."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT_CHARS:
            raise _too_large(f"a count of {value}")


def _guarded(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    passes = 1 if hasattr(fn, "jinja_pass_arg") else 0  # the environment or context comes first

    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = args[passes:]
        check_arguments(values, kwargs)
        if name == "format" and values and isinstance(values[0], str):
            check_format(values[0])
        if name == "replace" and len(values) >= 3 and all(isinstance(a, str) for a in values[:3]):
            s, old, new = values[0], values[1], values[2]
            hits = s.count(old) if old else len(s) + 1
            if len(s) + hits * (len(new) - len(old)) > MAX_OUTPUT_CHARS:
                raise _too_large("a replacement")
        return fn(*args, **kwargs)

    for attr in ("jinja_pass_arg",):  # keep how Jinja passes the environment or context
        if hasattr(fn, attr):
            setattr(guarded, attr, getattr(fn, attr))
    return guarded


GUARDED_FILTERS = ("center", "format", "indent", "replace", "slice", "batch", "wordwrap", "truncate", "filesizeformat")


def guard_filters(filters: dict[str, Any]) -> None:
    for name in GUARDED_FILTERS:
        if name in filters:
            filters[name] = _guarded(name, filters[name])


def check_format(fmt: str) -> None:
    """A width or precision in a format string (`%10000000000s`, `{:>10000000000}`) beyond the output limit."""
    for digits in _DIGITS.findall(fmt):
        if int(digits) > MAX_OUTPUT_CHARS:
            raise _too_large(f"a format width of {digits}")


def collect(chunks: Iterator[str]) -> str:
    """The rendered text, counted as it is made."""
    parts: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise _too_large("the output")
        parts.append(chunk)
    return "".join(parts)


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


@contextlib.contextmanager
def memory_cap(extra: int | None = None) -> Iterator[None]:
    """Let the process grow by at most `extra` bytes of address space meanwhile (where the platform allows)."""
    extra = RENDER_MEMORY_BYTES if extra is None else extra
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    size = _virtual_size()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = None if size is None else size + extra
    unlimited = resource.RLIM_INFINITY
    if wanted is None or (soft != unlimited and soft <= wanted) or (hard != unlimited and wanted > hard):
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
