"""Pareto sets: the alternatives that no other alternative dominates.

A dominates B when, after direction (higher is better for a benefit criterion, lower for a cost one), A is at
least as good as B on every criterion and strictly better on at least one. Raw values are compared, so the
result does not depend on weights or normalisation; every criterion counts, whatever its weight.
Alternatives with identical values do not dominate each other and are both kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from openspec_tool.decide.model import Alternative, Criterion


def _adjusted(alternatives: Sequence[Alternative], criteria: Sequence[Criterion]) -> list[tuple[float, ...]]:
    return [tuple(a.values[c.id] if c.benefit else -a.values[c.id] for c in criteria) for a in alternatives]


def dominates(a: Sequence[float], b: Sequence[float]) -> bool:
    """Direction-adjusted (higher is better) vector a dominates b."""
    strict = False
    for x, y in zip(a, b):
        if x < y:
            return False
        if x > y:
            strict = True
    return strict


def front_indices(alternatives: Sequence[Alternative], criteria: Sequence[Criterion]) -> list[int]:
    """Indices of the non-dominated alternatives, in input order."""
    rows = _adjusted(alternatives, criteria)
    # Checking against the best-looking rows first finds a dominator early.
    by_sum = sorted(range(len(rows)), key=lambda i: -sum(rows[i]))
    return [i for i, r in enumerate(rows) if not any(dominates(rows[j], r) for j in by_sum if j != i)]


def pareto_front(alternatives: Sequence[Alternative], criteria: Sequence[Criterion]) -> list[str]:
    """Ids of the non-dominated alternatives, in input order (call it separately for options and for paths)."""
    return [alternatives[i].id for i in front_indices(alternatives, criteria)]


def dominated_by(alternatives: Sequence[Alternative], criteria: Sequence[Criterion]) -> dict[str, list[str]]:
    """For each dominated alternative, the ids of the alternatives that dominate it."""
    rows = _adjusted(alternatives, criteria)
    out: dict[str, list[str]] = {}
    for i, r in enumerate(rows):
        by = [alternatives[j].id for j, s in enumerate(rows) if j != i and dominates(s, r)]
        if by:
            out[alternatives[i].id] = by
    return out
