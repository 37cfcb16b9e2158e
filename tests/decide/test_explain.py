"""Reasons against the runner-up and the sentences built from them."""

from __future__ import annotations

import pytest

from openspec_tool.decide import Range, Scored
from openspec_tool.decide.explain import budget_sentence, contrasts, name, pick
from tests.decide._facts import crit

CRITERIA = [crit("effort", "cost"), crit("impact"), crit("risk", "cost"), crit("roi")]


def _scored(sid: str, score: float, rank: int, **contrib: float) -> Scored:
    return Scored(sid, sid.upper(), score, rank, dict.fromkeys(contrib, 0.0), contrib)


WIN = _scored("b", 0.70, 1, effort=0.20, impact=0.10, risk=0.15, roi=0.25)
RUN = _scored("d", 0.60, 2, effort=0.05, impact=0.30, risk=0.15, roi=0.10)


def test_contrasts_by_hand() -> None:
    # differences: effort +0.15, impact -0.20, risk 0, roi +0.15 -> they add up to the margin, 0.70 - 0.60 = 0.10
    carried, against = contrasts(WIN, RUN, CRITERIA)
    assert [(r.criterion, round(r.difference, 9)) for r in carried] == [("effort", 0.15), ("roi", 0.15)]
    assert [(r.criterion, round(r.difference, 9)) for r in against] == [("impact", -0.2)]
    assert sum(r.difference for r in carried + against) == pytest.approx(WIN.score - RUN.score)


def test_pick_sentence() -> None:
    p = pick("path", [WIN, RUN], CRITERIA, None)
    assert p is not None
    assert p.id == "b" and p.runner_up == "d" and p.margin == pytest.approx(0.10)
    assert p.sentence == (
        "Path b (B) ranks first with 0.700, ahead of Path d (D) at 0.600; it was carried by Effort (+0.150) and Roi (+0.150), "
        "while Path d is ahead on Impact (-0.200)."
    )
    assert p.to_json()["carriedBy"][0] == {"criterion": "effort", "label": "Effort", "difference": pytest.approx(0.15)}
    assert p.robustness is None


def test_pick_alone_and_nothing() -> None:
    only = pick("option", [WIN], CRITERIA, None)
    assert only is not None and only.sentence == "Option b (B) is the only option." and only.runner_up is None
    assert pick("option", [], CRITERIA, None) is None


def test_tie_on_every_criterion() -> None:
    same = _scored("z", 0.70, 2, effort=0.20, impact=0.10, risk=0.15, roi=0.25)
    p = pick("option", [WIN, same], CRITERIA, None)
    assert p is not None and p.tie and p.tied_with == ("z",)
    assert p.sentence == (
        "Option b (B) and Option z (Z) tie at 0.700 (equal to 1e-9): no option leads; Option b is listed first only by "
        "the tie-break (better values in criteria order, then id)."
    )
    assert "margin" not in p.sentence and "robust" not in p.sentence and p.robustness is None and not p.carried_by


def test_a_near_tie_is_a_tie_and_a_clear_lead_is_not() -> None:
    near = _scored("z", 0.70 - 5e-10, 2, effort=0.20, impact=0.10, risk=0.15, roi=0.25)
    apart = _scored("z", 0.70 - 2e-9, 2, effort=0.20, impact=0.10, risk=0.15, roi=0.25)
    assert pick("option", [WIN, near], CRITERIA, None).tied_with == ("z",)  # type: ignore[union-attr]
    assert pick("option", [WIN, apart], CRITERIA, None).tied_with == ()  # type: ignore[union-attr]


def test_the_budget_passes_over_what_does_not_fit() -> None:
    p = pick("path", [WIN, RUN], CRITERIA, None, fits={"b": False, "d": True}, names={"b": "Path b", "d": "Path d"})
    assert p is not None and p.id == "d" and p.runner_up is None
    assert p.sentence == "Path d (D) is the only path within the budget."
    assert pick("path", [WIN, RUN], CRITERIA, None, fits={"b": False, "d": False}) is None


def test_budget_sentence() -> None:
    fits, text = budget_sentence("Path B", Range(20, 36), 60, "high", 31.4)
    assert fits is True
    assert text == "Path B fits the 60 h budget even at its high estimate (20–36 h; P80 31 h)."
    fits, text = budget_sentence("Path D", Range(36, 64), 60, "high", None)
    assert fits is False
    assert text == "Path D does not fit the 60 h budget at its high estimate: it fits only at its low estimate (36–64 h)."
    fits, text = budget_sentence("Path D", Range(36, 64), 60, "p80", 58.2)
    assert fits is True and text == "Path D fits the 60 h budget at its P80 (36–64 h; P80 58 h)."
    fits, text = budget_sentence("Path X", None, 60, "high", None)
    assert fits is None and "unknown" in text


def test_name() -> None:
    assert name("Path", "B", "Quality Focus") == "Path B (Quality Focus)"
    assert name("Option", "o1", "o1") == "Option o1"
