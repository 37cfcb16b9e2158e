"""Weight thresholds (exact for the weighted sum, bisected for TOPSIS), win shares and the verdict."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.decide import Alternative, Criterion, Table, analyse, normalise_weights, prepare, weight_thresholds, win_shares
from openspec_tool.decide.methods import Method
from openspec_tool.decide.sensitivity import RULE, verdict
from tests.decide._facts import alt, crit, problems


def _table(criteria: list[Criterion], alts: list[Alternative], method: Method = "weighted-sum") -> tuple[Table, list[float]]:
    return prepare(alts, criteria, method), normalise_weights(criteria).vector(criteria)


def _two() -> tuple[list[Criterion], list[Alternative]]:
    # normalised: A = (1, 0), B = (0, 1)
    return [crit("c1", weight=0.7), crit("c2", weight=0.3)], [alt("A", c1=10, c2=0), alt("B", c1=0, c2=10)]


@pytest.mark.parametrize("method", ["weighted-sum", "topsis"])
def test_two_alternatives_threshold_by_hand(method: Method) -> None:
    # w1 = t, w2 = 1 - t.  Weighted sum: A = t, B = 1 - t.  TOPSIS: vector-normalised A = (1, 0), B = (0, 1),
    # ideal (t, 1 - t), anti-ideal (0, 0): A's closeness t / (t + 1 - t) = t, B's 1 - t.  Both flip at t = 0.5.
    table, w = _table(*_two(), method)
    c1, c2 = weight_thresholds(table, w)
    assert c1.up is None
    assert c1.down is not None
    assert c1.down.weight == pytest.approx(0.5, abs=1e-9)
    assert c1.down.delta == pytest.approx(-0.2, abs=1e-9)
    assert c1.down.winner == "B"
    assert c2.down is None
    assert c2.up is not None and c2.up.weight == pytest.approx(0.5, abs=1e-9) and c2.up.winner == "B"
    assert c1.smallest == c1.down


def test_three_criteria_thresholds_by_hand() -> None:
    criteria = [crit("c1", weight=0.5), crit("c2", weight=0.3), crit("c3", weight=0.2)]
    # raw values chosen so that min-max gives A = (1, 0, .5), B = (0, 1, 1), C = (.5, .5, 0)
    alts = [alt("A", c1=10, c2=0, c3=5), alt("B", c1=0, c2=10, c3=10), alt("C", c1=5, c2=5, c3=0)]
    table, w = _table(criteria, alts)
    # scores: A = .5 + 0 + .1 = .6, B = 0 + .3 + .2 = .5, C = .25 + .15 + 0 = .4
    assert table.alternatives[table.first(table.scores(w))].id == "A"
    c1, c2, c3 = weight_thresholds(table, w)
    # c1 = t, others (.3, .2) rescaled to (.6, .4) * (1 - t):
    #   A = .2 + .8t, B = 1 - t, C = .3 + .2t.  A = B at t = 4/9 (down); A = C only at 1/6, further.
    assert c1.up is None
    assert c1.down is not None and c1.down.winner == "B"
    assert c1.down.weight == pytest.approx(4 / 9)
    assert c1.down.delta == pytest.approx(4 / 9 - 0.5)
    # c2 = t, others (5/7, 2/7) * (1 - t): A = 6/7 (1 - t), B = 2/7 + 5/7 t, C = 5/14 + t/7.
    #   A = B at t = 4/11; A = C at 1/2 (later).  Going down A only gains.
    assert c2.down is None
    assert c2.up is not None and c2.up.winner == "B"
    assert c2.up.weight == pytest.approx(4 / 11)
    # c3 = t, others (5/8, 3/8) * (1 - t): A = 5/8 - t/8, B = 3/8 + 5t/8, C = 1/2 - t/2.  A = B at t = 1/3.
    assert c3.down is None
    assert c3.up is not None and c3.up.winner == "B"
    assert c3.up.weight == pytest.approx(1 / 3)
    assert c3.up.delta == pytest.approx(1 / 3 - 0.2)
    # the smallest change is c1's 1/18 < 0.10, so the lead cannot be "robust"
    sens = analyse(table, w, samples=500, seed=1)
    assert sens.smallest_change() == ("c1", c1.down)
    assert sens.verdict != "robust"


def test_a_dominating_winner_never_flips_even_at_the_ends() -> None:
    # A ties B on x, beats it on y: at weight x = 1 they tie, and A wins the tie-break, so no flip anywhere
    criteria = [crit("x", weight=0.5), crit("y", "cost", weight=0.5)]
    table, w = _table(criteria, [alt("B", x=4, y=2), alt("A", x=4, y=1)])
    for change in weight_thresholds(table, w):
        assert change.up is None and change.down is None
    sens = analyse(table, w, samples=200)
    assert sens.winner == "A"
    assert sens.shares == {"A": 1.0, "B": 0.0}
    assert sens.verdict == "robust"


def test_one_criterion_or_one_alternative() -> None:
    table, w = _table([crit("x")], [alt("a", x=1), alt("b", x=2)])
    assert [(c.up, c.down) for c in weight_thresholds(table, w)] == [(None, None)]
    table, w = _table([crit("x"), crit("y")], [alt("a", x=1, y=1)])
    sens = analyse(table, w, samples=10)
    assert sens.winner == "a" and sens.shares == {"a": 1.0} and sens.verdict == "robust"
    empty = analyse(prepare([], [crit("x")]), [1.0])
    assert empty.winner is None and empty.verdict is None


def test_win_shares_two_alternatives() -> None:
    # w1 ~ U(0, 1) on the 2-simplex; A (= w1) wins when w1 > 1/2: expected share 0.5 (sd 0.011 at 2000)
    table, w = _table(*_two())
    shares = win_shares(table, w, samples=2000, seed=7)
    assert shares["A"] == pytest.approx(0.5, abs=0.05)
    assert shares["A"] + shares["B"] == pytest.approx(1.0)
    assert win_shares(table, w, samples=2000, seed=7) == shares  # seeded: reproducible
    with pytest.raises(ValueError, match="samples"):
        win_shares(table, w, samples=0)


def test_win_shares_three_criteria_by_geometry() -> None:
    # A = (1, 0, 0), B = (0, 1, 0), C = (0, 0, 1): each wins where its weight is the largest, 1/3 of the simplex
    criteria = [crit("x"), crit("y"), crit("z")]
    alts = [alt("A", x=1, y=0, z=0), alt("B", x=0, y=1, z=0), alt("C", x=0, y=0, z=1)]
    methods: tuple[Method, ...] = ("weighted-sum", "topsis")
    for method in methods:
        table, w = _table(criteria, alts, method)
        shares = win_shares(table, w, samples=3000, seed=3)
        assert all(s == pytest.approx(1 / 3, abs=0.04) for s in shares.values())


def test_zero_weight_criteria_are_not_sampled() -> None:
    # with y weighted 0, only x is sampled: B (better on x) always wins
    criteria = [crit("x", weight=1), crit("y", weight=0)]
    table, w = _table(criteria, [alt("A", x=0, y=10), alt("B", x=1, y=0)])
    assert win_shares(table, w, samples=100) == {"A": 0.0, "B": 1.0}


def test_verdict_rule() -> None:
    assert verdict(0.8, None) == "robust"
    assert verdict(0.7, 0.1) == "robust"
    assert verdict(0.8, -0.05) == "moderate"
    assert verdict(0.5, 0.2) == "moderate"
    assert verdict(0.5, 0.05) == "fragile"
    assert "70%" in RULE and "0.10" in RULE


def test_json_shape() -> None:
    table, w = _table(*_two())
    out = analyse(table, w, samples=100).to_json()
    assert set(out) == {
        "method",
        "winner",
        "winShare",
        "shares",
        "samples",
        "seed",
        "weights",
        "smallestChange",
        "verdict",
        "rule",
    }
    assert out["smallestChange"] == {"criterion": "c1", "weight": pytest.approx(0.5), "delta": pytest.approx(-0.2), "winner": "B"}
    assert out["weights"][0]["down"]["winner"] == "B"


def _winner(table: Table, w: list[float], k: int, t: float) -> str:
    rest = sum(x for j, x in enumerate(w) if j != k)
    m = len(w)
    ws = [t if j == k else ((1 - t) * x / rest if rest > 0 else (1 - t) / (m - 1)) for j, x in enumerate(w)]
    return table.alternatives[table.first(table.scores(ws))].id


@settings(max_examples=120, deadline=None)
@given(
    problems(min_alts=2, max_alts=6, max_criteria=4, values=st.integers(0, 20).map(float)),
    st.sampled_from(["weighted-sum", "topsis"]),
)
def test_thresholds_agree_with_a_scan(problem: tuple[list[Criterion], list[Alternative]], method: Method) -> None:
    criteria, alts = problem
    table, w = _table(criteria, alts, method)
    if len(criteria) < 2:
        return
    winner = table.alternatives[table.first(table.scores(w))].id
    for k, change in enumerate(weight_thresholds(table, w)):
        for flip, sign in ((change.up, 1), (change.down, -1)):
            t0 = w[k]
            if flip is None:
                # no t on a fine grid in that direction changes the winner (a flip inside a step may hide: skip near-ties)
                grid = [t0 + sign * i / 200 for i in range(1, 201)]
                assert all(_winner(table, w, k, t) == winner for t in grid if 0 <= t <= 1 and abs(t - t0) > 1e-6), (k, sign)
            else:
                assert flip.delta * sign >= -1e-12
                before = flip.weight - sign * 1e-6
                after = flip.weight + sign * 1e-6
                if abs(before - t0) > 1e-9 and (sign > 0) == (before > t0):
                    assert _winner(table, w, k, before) == winner
                if 0 <= after <= 1:
                    assert _winner(table, w, k, after) != winner
