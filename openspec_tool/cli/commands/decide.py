"""`openspec decide [DECISION]` ranks options and paths; `openspec decide choose PATH|OPTION` records the choice."""

from __future__ import annotations

import sys
from typing import Any

from openspec_tool.cli.output import emit_json, err, error_line, out, paint
from openspec_tool.exitcode import ExitCode
from openspec_tool.plan.evaluate import Evaluation, FactMissing, evaluate
from openspec_tool.read.decision_file import DecisionFileError
from openspec_tool.read.estimates import parse_estimate
from openspec_tool.read.root import WorkspaceRoot


def parse_weights(text: str | None) -> dict[str, float] | None:
    """`effort=0.3,impact=0.4` → {"effort": 0.3, "impact": 0.4}; raises ValueError with the bad part."""
    if not text:
        return None
    weights: dict[str, float] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        try:
            if not sep:
                raise ValueError
            weights[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"--weights: {part.strip()!r} is not criterion=number") from None
    return weights


def parse_budget(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        est = parse_estimate(text)
        if est is None:
            raise ValueError(f"--budget: {text!r} is not hours (e.g. 40h or 40)") from None
        return est.high


def _fmt_range(r: dict[str, float] | None, unit: str) -> str:
    if not r:
        return "–"
    return f"{r['low']:g}-{r['high']:g}{unit}" if r["low"] != r["high"] else f"{r['low']:g}{unit}"


def _print(ev: Evaluation) -> None:
    j = ev.result.to_json()
    crit = [c["id"] for c in j["criteria"]]
    out(paint(f"{ev.spec.title or ev.spec.id}", "bold") + (f" — {ev.spec.question}" if ev.spec.question else ""))
    out(f"method: {j['method']}; weights: " + ", ".join(f"{c['id']} {c['weight']:.2f}" for c in j["criteria"]))
    for note in j["notes"]:
        out(paint(f"note: {note}", "dim"))
    head = "  ".join(f"{c[:8]:>8}" for c in crit)
    out("")
    out(paint("Paths", "bold"))
    out(f"  #  {'path':<24} {'effort':>9} {'weeks':>7} {'P50':>5} {'P80':>5}  {'score':>6}  {head}")
    risk = j["scheduleRisk"]["paths"]
    for r in j["paths"]:
        q = risk.get(r["id"]) or {}
        cells = "  ".join(f"{r['criteria'][c]['normalised']:>8.2f}" for c in crit)
        p50 = f"{q['p50']:.0f}" if q else "–"
        p80 = f"{q['p80']:.0f}" if q else "–"
        name = f"{r['id']} {r['label']}"[:24]
        ranges = f"{_fmt_range(r['effort'], 'h'):>9} {_fmt_range(r['timeline'], ''):>7}"
        line = f"  {r['rank']}  {name:<24} {ranges} {p50:>5} {p80:>5}  {r['score']:>6.3f}  {cells}"
        out(paint(line, "green") if r["rank"] == 1 else line)
        out(paint(f"     = {' + '.join(r['members'])}", "dim"))
    out("")
    out(paint("Options", "bold"))
    out(f"  #  {'option':<40} {'effort':>9} {'weeks':>7}  {'score':>6}  {head}")
    for r in j["options"]:
        cells = "  ".join(f"{r['criteria'][c]['normalised']:>8.2f}" for c in crit)
        ranges = f"{_fmt_range(r['effort'], 'h'):>9} {_fmt_range(r['timeline'], ''):>7}"
        line = f"  {r['rank']}  {r['id'][:40]:<40} {ranges}  {r['score']:>6.3f}  {cells}"
        out(paint(line, "green") if r["rank"] == 1 else line)
    out("")
    rec = j["recommendation"]
    out(paint("Recommendation", "bold"))
    for pick in (rec["path"], rec["option"]):
        if pick:
            out(f"  {pick['sentence']}")
    if rec["budgetSentence"]:
        out(f"  {rec['budgetSentence']}")
    out(f"  Pareto set: paths {', '.join(j['pareto']['paths']) or '–'}; options {', '.join(j['pareto']['options']) or '–'}")
    if ev.spec.chosen:
        out(paint(f"  Chosen (recorded): {ev.spec.chosen}", "cyan"))


def run(
    ws: WorkspaceRoot,
    decision: str | None,
    as_json: bool,
    weights: str | None,
    method: str,
    budget: str | None,
) -> ExitCode:
    try:
        ev = evaluate(ws.tree, decision, parse_weights(weights), method, parse_budget(budget))
    except (DecisionFileError, FactMissing, ValueError) as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    if as_json:
        doc: dict[str, Any] = ev.result.to_json()
        doc["decision"] = {"id": ev.spec.id, "path": ev.spec.path, "title": ev.spec.title, "chosen": ev.spec.chosen}
        doc["facts"] = ev.facts()
        emit_json(doc)
    else:
        _print(ev)
    return ExitCode.OK


def choose(ws: WorkspaceRoot, decision: str | None, name: str, yes: bool, weights: str | None, method: str) -> ExitCode:
    from openspec_tool.write.decision_record import ChoiceError, resolve_target, write_choice

    try:
        ev = evaluate(ws.tree, decision, parse_weights(weights), method)
    except (DecisionFileError, FactMissing, ValueError) as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    target = resolve_target(ev.spec, name)
    if target is None:
        known = [p.id for p in ev.spec.paths] + list(ev.spec.options)
        error_line(f"{name!r} is neither a path nor an option of {ev.spec.path} (known: {', '.join(known)})")
        return ExitCode.USAGE
    if not yes:
        if not sys.stdin.isatty():
            error_line("choosing writes files: confirm with --yes (no terminal to ask on)")
            return ExitCode.USAGE
        answer = input(f"Record {target.kind} {target.id} as the choice for {ev.spec.id}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            err("Nothing written.")
            return ExitCode.INVALID
    try:
        record = write_choice(ws.root, ev.spec, target, ev.result.to_json())
    except ChoiceError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    except OSError as exc:
        error_line(f"{exc.filename or ev.spec.path}: cannot write: {exc.strerror or exc}")
        return ExitCode.USAGE
    out(f"Recorded {target.kind} {target.id}: {record.relative_to(ws.root)} and chosen: in {ev.spec.path}")
    return ExitCode.OK
