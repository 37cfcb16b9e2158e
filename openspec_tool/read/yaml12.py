"""YAML read the way the reference's `yaml` package reads it (YAML 1.2 core schema), with PyYAML.

PyYAML follows YAML 1.1, where `yes`, `on` and bare dates are booleans and dates; the
reference sees strings there. A marker like `skip_specs: yes` must not be honoured here
when the reference refuses it, so the 1.1-only resolvers are removed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _loader() -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Yaml12Loader(base):  # type: ignore[misc,valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            # The reference's parser refuses a mapping that repeats a key; PyYAML keeps the last.
            seen: set[object] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(None, None, "Map keys must be unique", key_node.start_mark)
                    seen.add(key_node.value)
            return super().construct_mapping(node, deep=deep)

    resolvers: dict[Any, Any] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        resolvers[first] = kept
    Yaml12Loader.yaml_implicit_resolvers = resolvers
    Yaml12Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    return Yaml12Loader


# Configuration, metadata and decision files are a few kilobytes; PyYAML reads about 3 MB/s. Above this a file
# is refused in one line rather than parsed for seconds (and nothing we read is that large by intent).
MAX_YAML_CHARS = 256 * 1024


class YamlError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


# The shape `openspec new change` writes (`schema: spec-driven`, `created: 2026-01-31`): plain `key: word` lines.
# Reading those by hand spares a command PyYAML's import (13 ms of a 0.1 s `validate`); anything else goes to
# PyYAML. A word (a letter, then letters, digits, `_.-`) is a string under the YAML 1.2 core schema unless it is
# true/false/null; so is a date (the timestamp resolver is off, as in the reference).
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]+([A-Za-z][A-Za-z0-9_.-]*|[0-9]{4}-[0-9]{2}-[0-9]{2}))?[ \t]*")
_SCALARS: dict[str | None, Any] = {
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    "null": None, "Null": None, "NULL": None,
}  # fmt: skip
_NOT_SIMPLE = object()


def _simple(text: str) -> Any:
    """The mapping of a document made only of `key: word` lines, or _NOT_SIMPLE."""
    out: dict[str, Any] = {}
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        m = _SIMPLE_LINE.fullmatch(line)
        if not m or m.group(1) in out:
            return _NOT_SIMPLE
        value = m.group(2)
        out[m.group(1)] = _SCALARS.get(value, value)  # no value: null
    return out if out else _NOT_SIMPLE


@lru_cache(maxsize=256)
def load(text: str) -> Any:
    """Parse YAML safely; raises YamlError with a 1-based line where PyYAML gives one.

    Results are cached by text: callers must treat them as read-only.
    """
    simple = _simple(text)
    if simple is not _NOT_SIMPLE:
        return simple
    import yaml

    return _parse(lambda: yaml.load(text, Loader=_loader()), text)  # a SafeLoader subclass: safe


def compose(text: str) -> Any:
    """The node tree (with line marks) of `text`, same loader and errors as `load`."""
    import yaml

    return _parse(lambda: yaml.compose(text, Loader=_loader()), text)


def _parse(parse: Any, text: str) -> Any:
    if len(text) > MAX_YAML_CHARS:
        raise YamlError(f"larger than {MAX_YAML_CHARS // 1024} KB ({len(text):,} characters): not read", None)
    import yaml

    try:
        return parse()
    except (ValueError, OverflowError, RecursionError) as exc:  # a 5,000-digit integer; aliases nested too deep
        raise YamlError(f"cannot read a value: {str(exc).split(';')[0]}", None) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(str(problem), line) from None
