"""Setting one top-level key of a hand-written YAML file, touching nothing else.

The value is emitted as YAML would (plain only when it reads back as the same string, else double-quoted);
the edit replaces exactly the characters of the value node the parser found (by its marks), so comments,
layout, line endings and any byte outside the value stay as they were; a missing key is added at the end of
the top-level mapping with the file's own line ending and indentation.
"""

from __future__ import annotations

import re
from typing import Any

from openspec_tool.read.yaml12 import YamlError, load

_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./+-]*")


class YamlEditError(ValueError):
    """The edit cannot be made safely; `str()` says why (one line)."""


def yaml_scalar(value: str) -> str:
    """`value` as a one-line YAML scalar that reads back as exactly this string (a key's value, block or flow)."""
    if _PLAIN_SAFE.fullmatch(value):
        try:
            if load(f"k: {value}\n") == {"k": value}:
                return value
        except YamlError:
            pass
    import yaml

    text: str = yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=float("inf"))
    return text.rstrip("\n")


def _events(text: str) -> list[Any]:
    import yaml

    try:
        return list(yaml.parse(text, Loader=yaml.SafeLoader))  # pure Python: marks count characters
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise YamlEditError(f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None


def _line_ending(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _skip_node(events: list[Any], i: int) -> int:
    """The index of the event after the node starting at events[i]."""
    import yaml

    depth = 0
    while True:
        e = events[i]
        if isinstance(e, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(e, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        i += 1
        if depth == 0:
            return i


def _index(mark: Any) -> int:
    return int(mark.index)


def set_top_level(text: str, key: str, value: str) -> str:
    """`text` with the top-level `key` set to the string `value`; raises YamlEditError."""
    import yaml

    events = _events(text)
    scalar = yaml_scalar(value)
    starts = [n for n, e in enumerate(events) if isinstance(e, yaml.DocumentStartEvent)]
    if len(starts) != 1:
        raise YamlEditError("the file must hold exactly one YAML document")
    top = starts[0] + 1
    if not isinstance(events[top], yaml.MappingStartEvent):
        raise YamlEditError("the top level is not a mapping")
    flow = bool(events[top].flow_style)
    i = top + 1
    found: list[tuple[Any, int]] = []
    first_key = None
    while not isinstance(events[i], yaml.MappingEndEvent):
        k = events[i]
        first_key = first_key or k
        value_at = _skip_node(events, i)
        if isinstance(k, yaml.ScalarEvent) and k.value == key:
            found.append((k, value_at))
        i = _skip_node(events, value_at)
    end = events[i]
    if len(found) > 1:
        lines = " and ".join(str(k.start_mark.line + 1) for k, _ in found)
        raise YamlEditError(f"`{key}:` is given twice (lines {lines})")
    if found:
        k, at = found[0]
        v = events[at]
        if not isinstance(v, (yaml.ScalarEvent, yaml.AliasEvent)):
            raise YamlEditError(f"`{key}:` (line {k.start_mark.line + 1}) holds a list or mapping, not a value")
        start, stop = _index(v.start_mark), _index(v.end_mark)
        if start == stop:  # an empty value: its mark is wherever the next token starts
            colon = text.find(":", k.end_mark.index)
            return f"{text[: colon + 1]} {scalar}{text[colon + 1 :]}"
        span = text[start:stop]
        trailing = span[len(span.rstrip(" \t\r\n")) :]  # a block scalar's span takes the line breaks after it
        return f"{text[:start]}{scalar}{trailing}{text[stop:]}"
    if flow:
        at = end.start_mark.index  # the closing brace
        sep = ", " if first_key is not None else ""
        return f"{text[:at].rstrip()}{sep}{key}: {scalar}{text[at:]}" if sep else f"{text[:at]}{key}: {scalar}{text[at:]}"
    eol = _line_ending(text)
    indent = " " * (first_key.start_mark.column if first_key is not None else 0)
    at = end.start_mark.index
    head = text[:at]
    if head and not head.endswith("\n"):
        head += eol
    return f"{head}{indent}{key}: {scalar}{eol}{text[at:]}"
