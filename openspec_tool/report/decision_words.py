"""The explaining parts of a report's `decision`: the picks (with robustness in words, ties as ties), the decision
statement, the ties and the goal-based guide — all read from the engine's typed result."""

from __future__ import annotations

from typing import Any

from openspec_tool.decide.engine import DecisionResult
from openspec_tool.decide.explain import Pick
from openspec_tool.decide.guide import GuidePick
from openspec_tool.decide.model import Kind
from openspec_tool.decide.sensitivity import ROBUST_CHANGE, ROBUST_SHARE, Sensitivity
from openspec_tool.model.units import DASH
from openspec_tool.report.text import fixed, share, signed


def _flip_text(flip: dict[str, Any]) -> str:
    """ "raising Impact's weight by 0.056 (to 0.356) puts Path B first"."""
    verb = "lowering" if flip["delta"] < 0 else "raising"
    change = f"{verb} {flip['label']}'s weight by {abs(flip['delta']):.3f} (to {flip['weight_text']})"
    return f"{change} puts {flip['winner_name']} first"


def robustness_text(robustness: str | None, win_share: float | None, samples_text: str, flip: dict[str, Any] | None) -> str:
    """The robustness verdict with what it means, in one clause (a report never shows a bare "moderate")."""
    if robustness is None or win_share is None:
        return "robustness unknown"
    share_text = f"{win_share * 100:.0f}%"
    common = win_share >= ROBUST_SHARE
    small_flip = flip is not None and abs(flip["delta"]) < ROBUST_CHANGE
    under = f"first under {'' if common else 'only '}{share_text} of {samples_text} random weightings"
    if flip is None:
        steady = "no single weight change puts another first"
    elif small_flip:
        steady = _flip_text(flip)
    else:
        steady = f"no single weight change below {ROBUST_CHANGE:.2f} puts another first"
    if robustness == "robust":
        return f"robust: {under}, and {steady}"
    if robustness == "fragile":
        return f"fragile: {under}, and {steady}"
    if common:  # moderate: frequent winner, but a small change flips it
        return f"moderately robust: {under}, but {steady}"
    return f"moderately robust: {steady}, but it is {under}"


def titled(name: str, label: str) -> str:
    """ "Option 2 (Improve Testing)", "Path B (Quality Focus)"; the name alone when the label adds nothing."""
    return f"{name} ({label})" if label and label != name else name


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def pick_context(
    pick: Pick | None, kind: str, rows: dict[str, dict[str, Any]], sens: Sensitivity | None, labels: dict[str, str]
) -> dict[str, Any] | None:
    if pick is None:
        return None
    row = rows[pick.id]
    runner = rows.get(pick.runner_up) if pick.runner_up else None
    smallest = sens.smallest_change() if sens is not None and not pick.tie else None
    flip = None
    if smallest is not None:
        cid, f = smallest
        flip = {
            "criterion": cid,
            "delta": f.delta,
            "weight_text": f"{f.weight:.3f}",
            "delta_text": signed(f.delta, 3),
            "winner": f.winner,
            "winner_name": rows[f.winner]["name"] if f.winner in rows else f.winner,
            "label": labels.get(cid, cid),
        }
    samples_text = f"{sens.samples:,}" if sens is not None else DASH
    tied = [rows[t] for t in pick.tied_with if t in rows]
    tie_text = None
    if tied:
        who = _names([r["title"] for r in (row, *tied)])
        tie_text = f"{who} tie at {fixed(pick.score)} (equal to 1e-9): no {kind} leads"
    reasons = [
        {"criterion": r.criterion, "label": r.label, "difference": r.difference, "text": signed(r.difference)}
        for r in pick.carried_by
    ]
    against = [
        {"criterion": r.criterion, "label": r.label, "difference": r.difference, "text": signed(r.difference)}
        for r in pick.against
    ]
    return {
        "kind": kind,
        "id": pick.id,
        "name": row["name"],
        "label": row["label"],
        "title": row["title"],
        "members": list(row["members"]),
        "member_names": list(row.get("member_names", [row["name"]])),
        "effort": row["effort"],
        "timeline": row["timeline"],
        "score": pick.score,
        "score_text": fixed(pick.score),
        "runner_up": pick.runner_up,
        "runner_up_name": runner["name"] if runner else None,
        "runner_up_label": runner["label"] if runner else None,
        "runner_up_title": runner["title"] if runner else None,
        "runner_up_score_text": fixed(pick.runner_up_score),
        "margin_text": fixed(pick.margin),
        "tie": bool(tied),
        "tied": [{"id": r["id"], "name": r["name"], "label": r["label"], "title": r["title"]} for r in tied],
        "tie_text": tie_text,
        "carried_by": reasons,
        "against": against,
        "robustness": pick.robustness,
        "robustness_text": (
            "a tie: the order among them is only the tie-break's"
            if tied
            else f"the only {kind}" + (" within the budget" if len(rows) > 1 else "")
            if pick.runner_up is None
            else robustness_text(pick.robustness, pick.win_share, samples_text, flip)
        ),
        "win_share": pick.win_share,
        "win_share_text": share(pick.win_share),
        "smallest_change": flip,
        "rule": sens.to_json()["rule"] if sens is not None else None,
        "samples": sens.samples if sens is not None else None,
        "samples_text": samples_text,
        "sentence": pick.sentence,
    }


def guide_pick(pick: GuidePick | None, rows: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if pick is None:
        return None
    row = rows[pick.id]
    tied = [rows[t]["name"] for t in pick.tied_with if t in rows]
    over = rows[pick.over_budget]["name"] if pick.over_budget in rows else None
    text = row["name"] + (f" (tied with {_names(tied)})" if tied else "")
    if over:
        text += f"; {over} would win but is over the budget"
    return {
        "id": pick.id,
        "name": row["name"],
        "label": row["label"],
        "title": row["title"],
        "tied": tied,
        "over_budget": over,
        "text": text,
    }


def ties(rec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for pick in (rec["path"], rec["option"]):
        if pick and pick["tie"]:
            out.append(
                {
                    "kind": pick["kind"],
                    "names": [pick["name"], *(t["name"] for t in pick["tied"])],
                    "score_text": pick["score_text"],
                    "text": pick["tie_text"],
                }
            )
    return out


def statement_context(result: DecisionResult, rows: dict[Kind, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    s = result.recommendation.statement
    chosen = rows[s.choose_kind].get(s.choose_id or "") if s.choose_kind else None
    return {
        "text": s.text,
        "sentences": list(s.sentences),
        "scales": s.scales,
        "choose": {"kind": s.choose_kind, "id": s.choose_id, "name": chosen["name"], "label": chosen["label"]}
        if chosen
        else None,
    }
