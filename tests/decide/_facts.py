"""Small builders for hand-made facts shared by the decide tests."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from openspec_tool.decide import Alternative, Criterion, Direction, Range


def crit(cid: str, direction: Direction = "benefit", weight: float = 1.0, **kw: object) -> Criterion:
    return Criterion(cid, cid.capitalize(), direction, weight, **kw)  # type: ignore[arg-type]


def alt(
    aid: str, effort: tuple[float, float] | None = None, timeline: tuple[float, float] | None = None, /, **values: float
) -> Alternative:
    """An alternative with values as keywords; effort and timeline (hours, weeks) are positional."""
    return Alternative(
        aid,
        aid,
        values,
        Range(*effort) if effort else None,
        Range(*timeline) if timeline else None,
    )


def alts_from(matrix: Sequence[Sequence[float]], criteria: Sequence[Criterion]) -> list[Alternative]:
    """Alternatives a0, a1, … with row i of `matrix` as their values."""
    return [Alternative(f"a{i}", f"a{i}", {c.id: v for c, v in zip(criteria, row)}) for i, row in enumerate(matrix)]


@st.composite
def problems(
    draw: st.DrawFn,
    min_alts: int = 1,
    max_alts: int = 8,
    max_criteria: int = 5,
    values: st.SearchStrategy[float] | None = None,
) -> tuple[list[Criterion], list[Alternative]]:
    """Random criteria (random directions, positive weights) and alternatives."""
    m = draw(st.integers(1, max_criteria))
    n = draw(st.integers(min_alts, max_alts))
    values = values if values is not None else st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    criteria = [
        Criterion(f"c{j}", f"C{j}", draw(st.sampled_from(["benefit", "cost"])), draw(st.floats(0.01, 10))) for j in range(m)
    ]
    matrix = [[draw(values) for _ in range(m)] for _ in range(n)]
    return criteria, alts_from(matrix, criteria)
