"""YAML read as the reference reads it (1.2 core schema), and the hand fast path agrees with PyYAML."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.read.yaml12 import _NOT_SIMPLE, YamlError, _loader, _simple, load


def _pyyaml(text: str) -> object:
    return yaml.load(text, Loader=_loader())  # a SafeLoader subclass: safe


def test_yaml_1_1_booleans_and_dates_stay_strings() -> None:
    assert load("schema: spec-driven\nskip_specs: yes\ncreated: 2026-01-31\n") == {
        "schema": "spec-driven",
        "skip_specs": "yes",
        "created": "2026-01-31",
    }
    assert load("a: true\nb: False\nc:\nd: null\n") == {"a": True, "b": False, "c": None, "d": None}


def test_duplicate_keys_are_refused_like_the_reference() -> None:
    with pytest.raises(YamlError) as exc:
        load("schema: a\nschema: b\nx: [\n")
    assert exc.value.line is not None
    with pytest.raises(YamlError, match="unique"):
        load("schema: a\nnested:\n  k: 1\n  k: 2\n")


KEYS = st.sampled_from(["schema", "created", "skip_specs", "goal", "x_1", "on", "y"])
VALUES = st.sampled_from(
    [
        "spec-driven",
        "2026-01-31",
        "true",
        "False",
        "NULL",
        "null",
        "",
        "yes",
        "no",
        "1.0",
        "12",
        ".inf",
        "a.b",
        "0x1F",
        "~",
        "e1",
        "Infinity",
        "nan",
        "x-y_z.1",
    ]
)
LINES = st.lists(st.tuples(KEYS, VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}".rstrip()) | st.sampled_from(["# c", "", "  x: 1"]))


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_fast_path_agrees_with_pyyaml(lines: list[str]) -> None:
    text = "\n".join(lines)
    fast = _simple(text)
    if fast is _NOT_SIMPLE:
        return
    assert fast == _pyyaml(text)


CONFIG_LINES = st.lists(
    st.sampled_from(
        [
            "schema: spec-driven",
            "schema: custom",
            "schema:",
            "schema : spec-driven  # c",
            "context: |",
            "  schema: nested",
            "  text",
            "rules:",
            "  - a",
            "{schema: x}",
            "'schema': x",
            "# comment",
            "",
            "x: [",
            "---",
        ]
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(CONFIG_LINES)
def test_config_schema_shortcut_agrees_with_parsing(lines: list[str]) -> None:
    from openspec_tool.read.schemas import _UNKNOWN, _config_schema_without_parsing

    text = "\n".join(lines)
    fast = _config_schema_without_parsing(text)
    if fast is _UNKNOWN:
        return
    try:
        doc = load(text)
        schema = doc.get("schema") if isinstance(doc, dict) else None
        expected = schema if isinstance(schema, str) and schema else None
    except YamlError:
        expected = None
    # an unparsable config means the default, spec-driven, exactly as a config that says so
    assert (fast or "spec-driven") == (expected or "spec-driven")
