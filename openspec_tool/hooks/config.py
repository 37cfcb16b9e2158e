"""The `hooks:` settings of `openspec/config.yaml`, read from the same tree the hook judges (the index).

hooks:
  strict: false        # warnings block the commit too (`--strict` / `--no-strict` on the command line win)
  checks: false        # also run the planning checks (`openspec check`) on the touched changes
  report_check: false  # also run `openspec report --check`
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openspec_tool.read.tree import Tree, try_read
from openspec_tool.read.yaml12 import YamlError, load

KEYS = ("strict", "checks", "report_check")
CONFIG_FILES = ("openspec/config.yaml", "openspec/config.yml")


@dataclass(frozen=True)
class ConfigProblem:
    path: str
    line: int | None
    message: str


@dataclass(frozen=True)
class HookConfig:
    strict: bool = False
    checks: bool = False
    report_check: bool = False
    problems: tuple[ConfigProblem, ...] = ()


def _line_of(text: str, pattern: str) -> int | None:
    rx = re.compile(pattern)
    for i, line in enumerate(text.split("\n")):
        if rx.match(line):
            return i + 1
    return None


def read_hook_config(tree: Tree) -> HookConfig:
    for path in CONFIG_FILES:
        if tree.kind(path) == "file":
            break
    else:
        return HookConfig()
    text = try_read(tree, path)
    if text is None:
        return HookConfig(problems=(ConfigProblem(path, None, "cannot read the file; hook settings ignored"),))
    if "hooks" not in text:
        return HookConfig()  # no need to import and run the YAML parser (~15 ms)
    try:
        doc = load(text)
    except YamlError as exc:
        return HookConfig(problems=(ConfigProblem(path, exc.line, f"not valid YAML ({exc}); hook settings ignored"),))
    section = doc.get("hooks") if isinstance(doc, dict) else None
    if section is None:
        return HookConfig()
    top = _line_of(text, r"hooks\s*:")
    if not isinstance(section, dict):
        return HookConfig(problems=(ConfigProblem(path, top, "hooks: must be a mapping (strict, checks, report_check)"),))
    values: dict[str, bool] = {}
    problems: list[ConfigProblem] = []
    for key, value in section.items():
        line = _line_of(text, rf"\s+{re.escape(str(key))}\s*:") or top
        if key not in KEYS:
            problems.append(ConfigProblem(path, line, f"unknown setting hooks.{key} (known: {', '.join(KEYS)})"))
        elif value is None:
            continue
        elif not isinstance(value, bool):
            problems.append(ConfigProblem(path, line, f"hooks.{key} must be true or false, not {value!r}; using false"))
        else:
            values[key] = value
    return HookConfig(
        strict=values.get("strict", False),
        checks=values.get("checks", False),
        report_check=values.get("report_check", False),
        problems=tuple(problems),
    )
