"""Setting one value of a hand-written YAML file, touching nothing else.

The value is reached by a path of keys (`chosen`; `scores` → `option2` → `impact`) and list entries named by one of
their keys (`criteria` → the entry whose `id` is `effort` → `weight`). The edit replaces exactly the characters of the
value node the parser found (by its marks), so comments, layout, line endings and any byte outside the value stay as
they were. What is missing is added where it belongs, in the style of its neighbours:

- a key missing from a block mapping: a line of its own after the mapping's last line, at the indentation of the
  mapping's keys, with the file's line ending (at the end of the file for the top-level mapping);
- a key missing from a flow mapping (`{impact: 3, risk: 1}`): `, key: value` after its last value (so a comment
  after it stays a comment);
- a mapping that is missing, or empty (`option2:`, `option2: null`), on the way: written as a flow mapping,
  `option2: {impact: 4}`.

What cannot be done safely is refused with YamlEditError, one line saying why: a value given twice, a list or mapping
where a value is expected, an anchored, tagged or aliased value (editing it would change other places), a list entry
that is not there. The callers verify the result by reading it back before they write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openspec_tool.read.yaml12 import YamlError, load

_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./+-]*")
_SURROGATE = re.compile("[\udc80-\udcff]")


class YamlEditError(ValueError):
    """The edit cannot be made safely; `str()` says why (one line)."""


@dataclass(frozen=True)
class Entry:
    """The entry of a list that is a mapping whose `key` is `value`: `Entry("id", "effort")` under `criteria`."""

    key: str
    value: str

    def __str__(self) -> str:
        return f"the entry with {self.key}: {self.value}"


Step = str | Entry


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


def yaml_number(value: float) -> str:
    """A number as YAML reads it back: `4`, `0.35`, `-1.5` (no exponent, at most six decimals)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise YamlEditError(f"{value} is not a number a decision file can hold")
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _root(text: str) -> Any:
    """The one document's node graph (pure-Python loader: marks count characters, as `text` is indexed)."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        if not loader.check_node():
            raise YamlEditError("the file is empty")
        node = loader.get_node()
        if loader.check_node():
            raise YamlEditError("the file must hold exactly one YAML document")
        return node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise YamlEditError(f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    finally:
        loader.dispose()


def _line_ending(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _shown(steps: Sequence[Step]) -> str:
    """`scores: option2: impact` / `criteria: the entry with id: effort: weight`, for messages."""
    return ": ".join(str(s) for s in steps) or "the top level"


def _is_null(node: Any) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _flow(steps: Sequence[Step], value: str) -> str:
    """What to write for keys that are not there yet: `{option2: {impact: 4}}` → nested flow mappings."""
    out = value
    for step in reversed(steps):
        if isinstance(step, Entry):
            raise YamlEditError(f"there is no {step}: add it by hand")
        out = f"{{{yaml_scalar(step)}: {out}}}"
    return out


def _pairs(text: str, node: Any, key: str, where: Sequence[Step]) -> tuple[Any, Any] | None:
    import yaml

    found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
    if len(found) > 1:
        lines = " and ".join(str(_line(k)) for k, _ in found)
        raise YamlEditError(f"`{_shown([*where, key])}` is given twice (lines {lines})")
    if not found:
        return None
    k, v = found[0]
    start = v.start_mark.index
    if start < k.end_mark.index:
        raise YamlEditError(f"`{_shown([*where, key])}` (line {_line(k)}) is an alias of another value: edit it by hand")
    if start < len(text) and text[start] in "&!" and start != v.end_mark.index:
        raise YamlEditError(f"`{_shown([*where, key])}` (line {_line(k)}) has an anchor or a tag: edit it by hand")
    return k, v


def _entry(node: Any, step: Entry, where: Sequence[Step]) -> Any:
    import yaml

    if not isinstance(node, yaml.SequenceNode):
        raise YamlEditError(f"`{_shown(where)}` (line {_line(node)}) is not a list")
    found = [
        item
        for item in node.value
        if isinstance(item, yaml.MappingNode)
        and any(
            isinstance(k, yaml.ScalarNode) and k.value == step.key and isinstance(v, yaml.ScalarNode) and v.value == step.value
            for k, v in item.value
        )
    ]
    if not found:
        raise YamlEditError(f"`{_shown(where)}` has no entry with {step.key}: {step.value}")
    if len(found) > 1:
        lines = " and ".join(str(_line(n)) for n in found)
        raise YamlEditError(f"`{_shown(where)}` has {step.key}: {step.value} twice (lines {lines})")
    return found[0]


def _replace(text: str, key: Any, value: Any, new: str, where: Sequence[Step]) -> str:
    """`text` with the scalar `value` (of `key`) replaced by `new`."""
    import yaml

    if not isinstance(value, yaml.ScalarNode):
        raise YamlEditError(f"`{_shown(where)}` (line {_line(key)}) holds a list or mapping, not a value")
    start, stop = value.start_mark.index, value.end_mark.index
    if start == stop:  # an empty value: its mark is wherever the next token starts; the colon follows the key
        at = key.end_mark.index
        while at < len(text) and text[at] in " \t":
            at += 1
        if at >= len(text) or text[at] != ":":
            raise YamlEditError(f"`{_shown(where)}` (line {_line(key)}) has no `:` to write a value after: edit it by hand")
        return f"{text[: at + 1]} {new}{text[at + 1 :]}"
    span = text[start:stop]
    trailing = span[len(span.rstrip(" \t\r\n")) :]  # a block scalar's span takes the line breaks after it
    return f"{text[:start]}{new}{trailing}{text[stop:]}"


def _content_end(text: str, node: Any, key: Any = None) -> int:
    """Where the last character of a block collection's content is (its end mark lies at the next token)."""
    import yaml

    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        k, v = node.value[-1]
        return _content_end(text, v, k)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1])
    start, stop = int(node.start_mark.index), int(node.end_mark.index)
    if key is not None and start < key.end_mark.index:
        raise YamlEditError(f"the block ends with an alias (line {_line(key)}): add the key by hand")
    if start == stop:  # an empty value ends where its key does
        return int(key.end_mark.index) if key is not None else start
    return start + len(text[start:stop].rstrip(" \t\r\n"))


def _add(text: str, mapping: Any, key: str, new: str, top: bool) -> str:
    """`text` with `key: new` added to `mapping` (which lacks it)."""
    entry = f"{yaml_scalar(key)}: {new}"
    if mapping.flow_style:
        if not mapping.value:
            at = mapping.start_mark.index
            if text[at : at + 1] != "{":
                raise YamlEditError(f"cannot find the `{{` of the mapping on line {_line(mapping)}: edit it by hand")
            return f"{text[: at + 1]}{entry}{text[at + 1 :]}"
        k, v = mapping.value[-1]
        at = _content_end(text, v, k)  # after the last value: a comment that follows it stays a comment
        return f"{text[:at]}, {entry}{text[at:]}"
    eol = _line_ending(text)
    indent = " " * (mapping.value[0][0].start_mark.column if mapping.value else 0)
    if top:  # the top level: at the end of the document (old files end with it; a new key reads last)
        at = mapping.end_mark.index
        head = text[:at]
        if head and not head.endswith("\n"):
            head += eol
        return f"{head}{indent}{entry}{eol}{text[at:]}"
    end = _content_end(text, mapping)
    newline = text.find("\n", end)
    if newline < 0:
        return f"{text}{eol}{indent}{entry}"
    return f"{text[: newline + 1]}{indent}{entry}{eol}{text[newline + 1 :]}"


def set_value(text: str, steps: Sequence[Step], value: str) -> str:
    """`text` with the value at `steps` set to `value`, YAML text already (`yaml_scalar(…)`, `yaml_number(…)`).

    Raises YamlEditError (one line) when that cannot be done without touching anything else."""
    import yaml

    if not steps or not isinstance(steps[-1], str):
        raise YamlEditError("the last step must be a key")
    node = _root(text)
    for n, step in enumerate(steps):
        where = steps[:n]
        if isinstance(step, Entry):
            node = _entry(node, step, where)
            continue
        if not isinstance(node, yaml.MappingNode):
            what = "the top level" if not where else f"`{_shown(where)}` (line {_line(node)})"
            raise YamlEditError(f"{what} is not a mapping")
        pair = _pairs(text, node, step, where)
        rest = steps[n + 1 :]
        if pair is None:
            return _add(text, node, step, _flow(rest, value), top=n == 0)
        k, v = pair
        if not rest:
            return _replace(text, k, v, value, steps)
        if _is_null(v):  # `option2:` or `option2: null`: nothing under it yet
            return _replace(text, k, v, _flow(rest, value), steps[: n + 1])
        node = v
    raise AssertionError("unreachable: the last step is a key")


def set_top_level(text: str, key: str, value: str) -> str:
    """`text` with the top-level `key` set to the string `value`; raises YamlEditError."""
    return set_value(text, [key], yaml_scalar(value))


def keep_bytes(raw: bytes) -> tuple[str, str]:
    """(`kept`, `parsed`): the bytes decoded one character per undecodable byte (`kept`, which encodes back to the
    very bytes) and the same text with U+FFFD there (`parsed`, what the YAML parser may read)."""
    kept = raw.decode("utf-8", "surrogateescape")
    return kept, _SURROGATE.sub("\ufffd", kept)


def restore(kept: str, parsed: str, edited: str) -> str:
    """`edited` (one span of `parsed` replaced) with the undecodable bytes of `kept` put back around the span."""
    if kept == parsed:
        return edited
    head = 0
    while head < len(parsed) and head < len(edited) and parsed[head] == edited[head]:
        head += 1
    tail = 0
    while tail < len(parsed) - head and tail < len(edited) - head and parsed[-1 - tail] == edited[-1 - tail]:
        tail += 1
    return kept[:head] + edited[head : len(edited) - tail] + kept[len(kept) - tail :]
