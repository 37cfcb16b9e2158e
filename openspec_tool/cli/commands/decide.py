"""`openspec decide [DECISION]` ranks options and paths; `openspec decide choose PATH|OPTION` records the choice
(`decide init` is in decide_init.py)."""

from __future__ import annotations

import sys
from typing import Any

from openspec_tool.cli.output import emit_json, err, error_line, out, paint
from openspec_tool.decide.engine import DecisionResult, Ranked
from openspec_tool.decide.guide import entry_text
from openspec_tool.exitcode import ExitCode
from openspec_tool.model.units import DASH, range_text, whole_hours
from openspec_tool.plan.evaluate import Evaluation, FactMissing, MissingValues, evaluate
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


def _hours(r: Ranked) -> str:
    return range_text(r.effort.low, r.effort.high) if r.effort else DASH


def _weeks(r: Ranked) -> str:
    return range_text(r.timeline.low, r.timeline.high, "weeks") if r.timeline else DASH


def _fit(r: Ranked) -> str:
    return DASH if r.fits_budget is None else "fits" if r.fits_budget else "over"


def names(result: DecisionResult) -> dict[str, str]:
    """How the output names each alternative: "Path A", "Option 4"."""
    return {r.id: r.name for r in (*result.paths, *result.options)}


def _print(ev: Evaluation) -> None:
    result = ev.result
    crit = [c.id for c in result.criteria]
    budget = result.budget_hours is not None
    out(paint(f"{ev.spec.title or ev.spec.id}", "bold") + (f" — {ev.spec.question}" if ev.spec.question else ""))
    out(f"method: {result.method}; weights: " + ", ".join(f"{c.id} {result.weight(c.id):.2f}" for c in result.criteria))
    for note in result.notes:
        out(paint(f"note: {note}", "dim"))
    out("")
    out(paint("Decision", "bold"))
    for sentence in result.recommendation.statement.sentences:
        out(f"  {sentence}")
    head = "  ".join(f"{c[:8]:>8}" for c in crit)
    fit_head = f" {'budget':>6}" if budget else ""
    if result.paths:
        out("")
        out(paint("Paths", "bold"))
        out(f"  #  {'path':<24} {'effort':>9} {'timeline':>11} {'P50':>5} {'P80':>5}{fit_head}  {'score':>6}  {head}")
        for r in result.paths:
            q = result.quantiles("path", r.id)
            cells = "  ".join(f"{r.cell(c).normalised:>8.2f}" for c in crit)
            p50 = whole_hours(q.p50 if q else None)
            p80 = whole_hours(q.p80 if q else None)
            fit = f" {_fit(r):>6}" if budget else ""
            label = f"{r.id} {r.label}"[:24]
            line = f"  {r.rank}  {label:<24} {_hours(r):>9} {_weeks(r):>11} {p50:>5} {p80:>5}{fit}  {r.score:>6.3f}  {cells}"
            out(paint(line, "green") if r.rank == 1 else line)
            member_names = [m.name if (m := result.option(o)) else o for o in r.members]
            out(paint(f"     = {' + '.join(member_names)}", "dim"))
    out("")
    out(paint("Options", "bold"))
    out(f"  #  {'option':<40} {'effort':>9} {'timeline':>11}{fit_head}  {'score':>6}  {head}")
    for r in result.options:
        cells = "  ".join(f"{r.cell(c).normalised:>8.2f}" for c in crit)
        fit = f" {_fit(r):>6}" if budget else ""
        label = r.title[:40]
        line = f"  {r.rank}  {label:<40} {_hours(r):>9} {_weeks(r):>11}{fit}  {r.score:>6.3f}  {cells}"
        out(paint(line, "green") if r.rank == 1 else line)
    out("")
    rec = result.recommendation
    out(paint("Recommendation", "bold"))
    for pick in (rec.path, rec.option):
        if pick:
            out(f"  {pick.sentence}")
    if rec.budget_sentence:
        out(f"  {rec.budget_sentence}")
    named = names(result)
    shown = [named.get(i, i) for i in result.pareto_options]
    out(f"  Pareto set: paths {', '.join(result.pareto_paths) or DASH}; options {', '.join(shown) or DASH}")
    if rec.statement.scales:
        out(paint(f"  {rec.statement.scales}", "dim"))
    if result.guide:
        out("")
        out(paint("If one criterion matters most", "bold"))
        for entry in result.guide:
            out(f"  {entry_text(entry, named)}")
    if ev.spec.chosen:
        out("")
        out(paint(f"Chosen (recorded): {ev.spec.chosen}", "cyan"))


def report_missing(exc: MissingValues) -> ExitCode:
    for message in exc.messages:
        error_line(message)
    if any(p.fillable for p in exc.problems):
        err("Fill them in, or rank on what is known with --partial.")
    return ExitCode.USAGE


def run(
    ws: WorkspaceRoot,
    decision: str | None,
    as_json: bool,
    weights: str | None,
    method: str,
    budget: str | None,
    partial: bool = False,
) -> ExitCode:
    try:
        ev = evaluate(ws.tree, decision, parse_weights(weights), method, parse_budget(budget), partial=partial)
    except MissingValues as exc:
        return report_missing(exc)
    except (DecisionFileError, FactMissing, ValueError) as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    if as_json:
        doc: dict[str, Any] = ev.result.to_json()
        doc["decision"] = {
            "id": ev.spec.id,
            "path": ev.spec.path,
            "title": ev.spec.title,
            "chosen": ev.spec.chosen,
            "budgetAt": ev.spec.budget_at,
            "partial": partial,
        }
        doc["facts"] = ev.facts()
        emit_json(doc)
    else:
        _print(ev)
    return ExitCode.OK


def choose(
    ws: WorkspaceRoot,
    decision: str | None,
    name: str,
    yes: bool,
    weights: str | None,
    method: str,
    reason: str | None = None,
    partial: bool = False,
) -> ExitCode:
    from openspec_tool.write.decision_record import ChoiceError, resolve_target, write_choice

    try:
        ev = evaluate(ws.tree, decision, parse_weights(weights), method, partial=partial)
    except MissingValues as exc:
        return report_missing(exc)
    except (DecisionFileError, FactMissing, ValueError) as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    target = resolve_target(ev.spec, name, ev.result)
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
        record = write_choice(ws.root, ev.spec, target, ev.result, reason=reason)
    except ChoiceError as exc:
        error_line(str(exc))
        return ExitCode.USAGE
    except OSError as exc:
        error_line(f"{exc.filename or ev.spec.path}: cannot write: {exc.strerror or exc}")
        return ExitCode.USAGE
    out(f"Recorded {target.kind} {target.id}: {record.relative_to(ws.root)} and chosen: in {ev.spec.path}")
    return ExitCode.OK
