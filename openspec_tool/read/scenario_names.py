"""Scenario names of requirement blocks, for the scenario-loss check of MODIFIED requirements."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openspec_tool.read.fence import fence_mask
from openspec_tool.read.jstext import S, normalize, trim
from openspec_tool.read.lazyre import lazy
from openspec_tool.read.requirement_blocks import CLOSING_HASHES, RequirementBlock
from openspec_tool.read.requirement_text import SCENARIO_HEADER

_SCENARIO_PREFIX = lazy(rf"Scenario:{S}*", re.IGNORECASE)


def _scenario_name(line: str) -> str:
    name = SCENARIO_HEADER.sub("", line, count=1)
    name = CLOSING_HASHES.sub("", name)
    name = _SCENARIO_PREFIX.sub("", name, count=1) if _SCENARIO_PREFIX.match(name) else name
    return trim(name)


def scenario_names(raw: str) -> list[str]:
    lines = normalize(raw).split("\n") if "\r" in raw else raw.split("\n")
    mask = fence_mask(lines)
    return [
        _scenario_name(line)
        for line, masked in zip(lines, mask)
        if not masked and line.startswith("####") and SCENARIO_HEADER.match(line)
    ]


@dataclass(frozen=True)
class ScenarioDiff:
    missing: list[str]
    added: list[str]
    current_count: int
    incoming_count: int


def _unmatched(names: list[str], against: list[str]) -> list[str]:
    remaining: dict[str, int] = {}
    for n in against:
        remaining[n] = remaining.get(n, 0) + 1
    out: list[str] = []
    for n in names:
        left = remaining.get(n, 0)
        if left > 0:
            remaining[n] = left - 1
        else:
            out.append(n)
    return out


def diff_scenario_names(current: RequirementBlock, incoming: RequirementBlock) -> ScenarioDiff:
    cur = scenario_names(current.raw)
    inc = scenario_names(incoming.raw)
    return ScenarioDiff(_unmatched(cur, inc), _unmatched(inc, cur), len(cur), len(inc))


def describe_scenario_balance(diff: ScenarioDiff) -> str:
    def count(v: int) -> str:
        return f"{v} {'scenario' if v == 1 else 'scenarios'}"

    scale = f"The modified block has {count(diff.incoming_count)}; the current spec has {count(diff.current_count)}."
    if not diff.added:
        return f"{scale} It adds none."
    listed = ", ".join(f'"{n}"' for n in diff.added[:3])
    rest = len(diff.added) - 3
    names = f"{listed} and {rest} more" if rest > 0 else listed
    return f"{scale} It adds {count(len(diff.added))} not in the current spec: {names}."
