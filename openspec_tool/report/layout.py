"""Which sections a report shows, in which order, and the one merged note about what it left out.

Both formats of a report render `sections` in order (the Markdown as `## ` sections, the HTML as `<h2 id>` with a
table of contents), so the two cannot drift apart. A section with nothing to say (a planning check without
findings, proposals that all have every required section, lines of content that did not move, burn-ups of a
single point, a quiet cycle) is left out and said in one line of `notes` instead. Adding a section is one entry
here and one macro in each template.
"""

from __future__ import annotations

from typing import Any

MAX_NOTES = 6  # notes of one kind shown before "and N more"

DECISION = "decision"
STATUS = "status"


def _section(sid: str, title: str) -> dict[str, str]:
    return {"id": sid, "title": title}


def _lines_moved(history: dict[str, Any]) -> bool:
    return any(r["added"] for r in history["lines"] if r["added"] is not None)


def _moving(points: list[dict[str, Any]]) -> bool:
    """Points on at least two dates: a line, a velocity."""
    return len({p["date"] for p in points}) >= 2


def _trend(history: dict[str, Any]) -> bool:
    return _moving(history["combined"]) or any(_moving(b["points"]) for b in history["burnups"])


def has_history_section(history: dict[str, Any] | None) -> bool:
    return bool(history and history["from_git"] and (_lines_moved(history) or _trend(history)))


def sections(ctx: dict[str, Any]) -> list[dict[str, str]]:
    d, history, cycle = ctx["decision"], ctx["history"], ctx["cycle"]
    cycle_title = f"Since {cycle['base_date']}" if cycle else ""
    quality_gaps = ctx["quality"]["rows"] and len(ctx["quality"]["complete"]) < len(ctx["quality"]["columns"])
    out: list[dict[str, str]] = [_section("summary", "Summary")]
    if d is not None:
        rec = d["recommendation"]
        out.append(_section("statement", "Decision Statement"))
        if rec["path"] or rec["option"]:
            out.append(_section("recommendation", "Recommendation"))
        if d["ties"]:
            out.append(_section("ties", "Ties"))
        if d["guide"] and len(d["criteria"]) > 1:  # with one criterion the guide only repeats the ranking
            out.append(_section("guide", "If One Criterion Matters Most"))
        out.append(_section("options", "The Options"))
        if d["paths"]:
            out.append(_section("paths", "Implementation Paths"))
        out.append(_section("matrix", "Decision Matrix"))
        out.append(_section("outcomes", "What Each Option Delivers"))
        out.append(_section("progress", "Where the Work Stands"))
    else:
        if ctx["summary"]["most_open"]["top"] and ctx["summary"]["folded"]:
            out.append(_section("top", "Most Open Work"))  # with few changes, Every Change says it all
        if ctx["workspace"]["changes"]:
            out.append(_section("changes", "Every Change"))
    if cycle and not cycle["quiet"]:
        out.append(_section("cycle", cycle_title))
    if quality_gaps:
        out.append(_section("quality", "Proposal Quality"))
    if ctx["findings"]:
        out.append(_section("findings", "Planning Findings"))
    if has_history_section(history):
        out.append(_section("history", "History"))
    if d is None and ctx["workspace"]["changes"]:
        out.append(_section("details", "Change Details"))
    if d is not None and d["chosen"]:
        out.append(_section("chosen", f"Chosen {'Path' if d['chosen']['kind'] == 'path' else 'Option'}"))
    out.append(_section("next", "Next Steps"))
    if ctx["notes"]:
        out.append(_section("notes", "Notes"))
    return out


def _capped(notes: list[str], what: str) -> list[str]:
    if len(notes) <= MAX_NOTES:
        return notes
    return [*notes[:MAX_NOTES], f"… and {len(notes) - MAX_NOTES} more {what}"]


def _grouped(notes: list[str], labels: dict[str, str]) -> list[str]:
    """Notes that say the same of several changes (`<id>: no velocity …`), said once with the changes named."""
    by_text: dict[str, list[str]] = {}
    for note in notes:
        cid, sep, rest = note.partition(": ")
        if sep and cid in labels:
            by_text.setdefault(rest, []).append(labels[cid])
        else:
            by_text.setdefault(note, [])
    out = []
    for text, names in by_text.items():
        if not names:
            out.append(text)
        else:
            shown = ", ".join(names[:MAX_NOTES]) + (f" and {len(names) - MAX_NOTES} more" if len(names) > MAX_NOTES else "")
            out.append(f"{shown}: {text}" if len(names) == 1 else f"{text[:1].upper()}{text[1:]} ({shown}).")
    return out


def notes(ctx: dict[str, Any]) -> list[str]:
    """What the report leaves out and why, and what history could not compute: one list, in one section."""
    history, cycle = ctx["history"], ctx["cycle"]
    changes = "options" if ctx["decision"] is not None else "changes"
    out: list[str] = []
    if history is None:
        out.append("History is left out of this report (`history: false` or `--no-history`).")
    elif not history["available"] or not history["from_git"]:  # the rest would only repeat why
        out.extend(_capped(history["notes"], "notes about history"))
    else:
        known = [r for r in history["lines"] if r["added"] is not None]
        if known and not _lines_moved(history):
            total = history["total"]["current_text"] if history["total"] else "–"
            base = f"since {history['base']}" if history["base"] else "since its first commit"
            out.append(f"Lines of content: no {changes[:-1]} grew or shrank {base} ({total} lines in all).")
        burnup_notes = history["burnup_notes"]
        flat = [b for b in history["burnups"] if not _moving(b["points"])]
        if history["burnups"] and flat:
            if not _trend(history):
                out.append(f"Burn-up: no trend yet — the tasks.md files of these {changes} changed on one day only.")
            else:
                out.append(f"Burn-up: {len(flat)} of {len(history['burnups'])} {changes} have no trend yet (one day of changes).")
            still = {b["change"] for b in flat}  # their own notes (no velocity, no forecast) would only repeat it
            burnup_notes = [n for n in burnup_notes if n.partition(": ")[0] not in still]
        out.extend(_capped(history["notes"], "notes about history"))
        out.extend(_capped(_grouped(burnup_notes, ctx["labels"]), "notes about burn-ups"))
    if cycle is not None and cycle["quiet"]:
        out.append(f"Since {cycle['base_date']}: no task was completed, added or removed, and no change was archived.")
    return out
