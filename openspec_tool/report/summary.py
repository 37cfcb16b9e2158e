"""Summaries a report leads with, so that 1,000 changes read like 10: changes by stage, by progress band, and the
few with the most open work (the rest listed once, compactly, below them)."""

from __future__ import annotations

from typing import Any

from openspec_tool.model.stage import STAGES
from openspec_tool.report.text import natural_key, percent, text_bar

TOP = 10  # changes shown in full, with the most open work first
FOLD = 25  # more changes than this: the report leads with the TOP and folds the full list away
# (key, label, test on (done, total))
BANDS: tuple[tuple[str, str], ...] = (
    ("no-tasks", "no tasks yet"),
    ("not-started", "not started (0%)"),
    ("started", "started (1–49%)"),
    ("past-half", "past half (50–99%)"),
    ("done", "done (100%)"),
)


def band(done: int, total: int) -> str:
    if total <= 0:
        return "no-tasks"
    if done <= 0:
        return "not-started"
    if done >= total:
        return "done"
    return "started" if done * 2 < total else "past-half"


def by_stage(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per stage present: {stage, count, done, total, percent, bar}, in the order changes move through."""
    rows: dict[str, dict[str, Any]] = {}
    for c in changes:
        row = rows.setdefault(c["stage"], {"stage": c["stage"], "count": 0, "done": 0, "total": 0})
        row["count"] += 1
        row["done"] += c["tasks"]["done"]
        row["total"] += c["tasks"]["total"]
    order = {s: n for n, s in enumerate(STAGES)}
    out = sorted(rows.values(), key=lambda r: (order.get(r["stage"], len(order)), r["stage"]))
    for r in out:
        r["percent"] = percent(r["done"], r["total"])
        r["bar"] = text_bar(r["done"], r["total"])
    return out


def by_band(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every band, even empty ones: {band, label, count, share (0–100)}."""
    counts = {key: 0 for key, _ in BANDS}
    for c in changes:
        counts[band(c["tasks"]["done"], c["tasks"]["total"])] += 1
    total = len(changes)
    return [{"band": key, "label": label, "count": counts[key], "share": percent(counts[key], total)} for key, label in BANDS]


def most_open(changes: list[dict[str, Any]], top: int = TOP) -> dict[str, Any]:
    """The changes with the most open tasks first (natural order among equals): {top, rest, open_changes}."""
    ranked = sorted((c for c in changes if c["tasks"]["open"] > 0), key=lambda c: (-c["tasks"]["open"], natural_key(c["id"])))
    return {"top": ranked[:top], "rest": len(ranked) - len(ranked[:top]), "open_changes": len(ranked)}


def summary_context(changes: list[dict[str, Any]], top: int = TOP) -> dict[str, Any]:
    return {
        "stages": by_stage(changes),
        "bands": by_band(changes),
        "most_open": most_open(changes, top),
        "top": top,
        "folded": len(changes) > FOLD,
        # Columns worth a place: "ready now" says something only where dependencies hold tasks back, and a critical
        # path only where a change has one (a chain, or an estimate).
        "any_blocked": any(len(c["ready"]) < c["tasks"]["open"] for c in changes),
        "any_critical_path": any(c["critical_path"] or c["graph_error"] for c in changes),
    }


def findings_context(
    findings: list[dict[str, Any]], scope: set[str] | None, decision_path: str | None, documents: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The planning findings a report shows — for a decision, those of its options, of its decision file and of its
    planning documents — in natural file order, with counts: {findings, summary: {errors, warnings, by_code: [{code,
    level, count}]}}."""
    if scope is not None:
        findings = [f for f in findings if f.get("change") in scope or f["path"] == decision_path or f["path"] in documents]
    findings = sorted(findings, key=lambda f: (natural_key(f["path"]), f["line"] or 0, f["code"]))
    by_code: dict[tuple[str, str], int] = {}
    for f in findings:
        by_code[(f["level"], f["code"])] = by_code.get((f["level"], f["code"]), 0) + 1
    ranked = sorted(by_code.items(), key=lambda kv: (kv[0][0] != "error", -kv[1], kv[0][1]))
    return {
        "findings": findings,
        "summary": {
            "errors": sum(1 for f in findings if f["level"] == "error"),
            "warnings": sum(1 for f in findings if f["level"] == "warning"),
            "by_code": [{"level": level, "code": code, "count": n} for (level, code), n in ranked],
        },
    }
