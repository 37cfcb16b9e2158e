"""Reading a decision file (`openspec/decisions/<id>.yaml`) with a line number for every complaint.

What is wrong with the file itself (YAML, a weight that is no number, an option listed twice…) stops the read with
`DecisionFileError`. What is merely missing — a score not filled in yet (`impact: null`, or no entry) — is kept in
`DecisionSpec.missing_scores` for `decide` to name, one message per option and criterion (or to leave out with
`--partial`); a path naming an option the decision does not have is kept for `check` to report and `decide` to set
aside, so the rest of the decision is still evaluated.
"""

from __future__ import annotations

from typing import Any

from openspec_tool.model.decision import BUDGET_AT, FACT_SOURCES, CriterionSpec, DecisionSpec, MissingScore, OptionDef, PathDef
from openspec_tool.model.tasks import Estimate
from openspec_tool.read.estimates import parse_estimate

DECISIONS_DIR = "openspec/decisions"


# Scores, weights and hours beyond this are typos or attacks; the engine's sums and ranges stay finite below it.
MAX_NUMBER = 1e12


def _short(raw: str, limit: int = 40) -> str:
    return raw if len(raw) <= limit else f"{raw[:limit]}… ({len(raw)} characters)"


class DecisionFileError(ValueError):
    """A decision file that cannot be used; `str()` is one line naming file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.reason = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def _compose(text: str, path: str) -> Any:
    from openspec_tool.read.yaml12 import YamlError, compose

    try:
        return compose(text)
    except YamlError as exc:
        raise DecisionFileError(path, exc.line, f"not valid YAML: {exc}") from None


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: Any, message: str) -> DecisionFileError:
        return DecisionFileError(self.path, node.start_mark.line + 1 if node is not None else None, message)

    def mapping(self, node: Any, what: str) -> dict[str, Any]:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        out: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise self.fail(key, f"{what}: keys must be plain names")
            name = str(key.value)
            if name in lines:  # YAML forbids it, PyYAML keeps the last: say so instead of guessing
                raise self.fail(key, f"{what}: `{name}` is given twice (lines {lines[name]} and {key.start_mark.line + 1})")
            lines[name] = key.start_mark.line + 1
            out[name] = value
        return out

    def seq(self, node: Any, what: str) -> list[Any]:
        import yaml

        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return list(node.value)

    def text(self, node: Any, what: str) -> str:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be text")
        return str(node.value)

    def number(self, node: Any, what: str, minimum: float | None = 0.0) -> float:
        raw = self.text(node, what)
        try:
            value = float(raw)
        except ValueError:
            raise self.fail(node, f"{what} must be a number, not {_short(raw)!r}") from None
        low = -MAX_NUMBER if minimum is None else minimum
        if not (low <= value <= MAX_NUMBER):  # also refuses inf and nan
            raise self.fail(node, f"{what} must be a number from {low:g} to {MAX_NUMBER:g}, not {_short(raw)}")
        return value

    def hours(self, node: Any, what: str) -> Estimate:
        raw = self.text(node, what)
        try:
            value = float(raw)
            if 0 <= value <= MAX_NUMBER:
                return Estimate(value, value)
        except ValueError:
            pass
        est = parse_estimate(raw)
        if est is None or not (0 <= est.low <= est.high <= MAX_NUMBER):
            limit = f"at most {MAX_NUMBER:g}"
            raise self.fail(node, f"{what} must be hours such as 40, 40h or 30-50 hours ({limit}), not {_short(raw)!r}")
        return est


def parse_decision(text: str, path: str, known_options: set[str] | None = None, lenient: bool = False) -> DecisionSpec:
    """The decision in `text`; raises DecisionFileError (file and line) for anything unusable.

    `lenient` keeps references to unknown options (in `options:` and in paths) so that
    `openspec check` can report each of them as a finding instead of stopping at the first.
    """
    root = _compose(text, path)
    r = _Reader(path)
    if root is None:
        raise DecisionFileError(path, None, "the file is empty")
    top = r.mapping(root, "the decision file")
    options_node = top.get("options")
    if options_node is None:
        raise r.fail(root, "missing `options:` (the change ids to decide between)")
    options: list[str] = []
    option_lines: dict[str, int] = {}
    option_defs: list[OptionDef] = []
    for node in r.seq(options_node, "options"):
        odef = _option(r, node)
        oid = odef.id
        if known_options is not None and oid not in known_options and not odef.inline and not lenient:
            hint = f"; known changes: {', '.join(sorted(known_options)[:8])}" if known_options else ""
            raise r.fail(
                node,
                f"option {oid!r} is not a change in openspec/changes/{hint}; an option without a change folder states "
                f"its facts inline: - {{id: {oid}, title: …, effort: 10-20h, timeline: 1-2 weeks}}",
            )
        if oid in option_lines:
            raise r.fail(node, f"option {oid!r} is listed twice")
        options.append(oid)
        option_lines[oid] = node.start_mark.line + 1
        option_defs.append(odef)
    if not options:
        raise r.fail(options_node, "`options:` names no change")
    criteria: list[CriterionSpec] = []
    criterion_lines: dict[str, int] = {}
    for node in r.seq(top.get("criteria") or _missing(r, root, "criteria"), "criteria"):
        c = r.mapping(node, "a criterion")
        cid = r.text(c["id"], "criterion id") if "id" in c else ""
        if not cid:
            raise r.fail(node, "a criterion needs an `id`")
        direction = r.text(c["direction"], f"criterion {cid}: direction") if "direction" in c else "benefit"
        if direction not in ("benefit", "cost"):
            raise r.fail(c["direction"], f"criterion {cid}: direction must be benefit or cost, not {direction!r}")
        weight = r.number(c["weight"], f"criterion {cid}: weight") if "weight" in c else 1.0
        source = r.text(c["source"], f"criterion {cid}: source") if "source" in c else None
        if source is not None and source not in FACT_SOURCES:
            raise r.fail(c["source"], f"criterion {cid}: source must be one of {', '.join(FACT_SOURCES)}, not {source!r}")
        aggregate = r.text(c["aggregate"], f"criterion {cid}: aggregate") if "aggregate" in c else None
        if aggregate is not None and aggregate not in ("sum", "mean", "max", "min"):
            raise r.fail(c["aggregate"], f"criterion {cid}: aggregate must be sum, mean, max or min")
        label = r.text(c["label"], f"criterion {cid}: label") if "label" in c else cid
        _unique(r, criterion_lines, cid, node, "criterion")
        criteria.append(CriterionSpec(cid, label, direction, weight, source, aggregate, node.start_mark.line + 1))
    if not criteria:
        raise r.fail(root, "`criteria:` is empty")
    if all(c.weight == 0 for c in criteria):
        raise r.fail(top["criteria"], "every criterion weight is 0: give at least one a positive weight")
    scores: dict[str, dict[str, float]] = {}
    score_lines: dict[str, int] = {}
    scored = [c for c in criteria if c.source is None]
    score_map = r.mapping(top["scores"], "scores") if "scores" in top and not _null(top["scores"]) else {}
    for oid, node in score_map.items():
        if oid not in option_lines:
            raise r.fail(node, f"scores: {oid!r} is not one of the options")
        row = {} if _null(node) else r.mapping(node, f"scores of {oid}")
        scores[oid] = {cid: r.number(v, f"score {oid}.{cid}", minimum=None) for cid, v in row.items() if not _null(v)}
        score_lines[oid] = node.start_mark.line + 1
    missing: list[MissingScore] = []
    for oid in options:
        for crit in scored:
            if crit.id not in scores.get(oid, {}):
                where = score_map.get(oid, top.get("scores", None))
                line = where.start_mark.line + 1 if where is not None else option_lines[oid]
                missing.append(MissingScore(oid, crit.id, line))
    paths: list[PathDef] = []
    path_lines: dict[str, int] = {}
    for node in r.seq(top["paths"], "paths") if "paths" in top else []:
        p = r.mapping(node, "a path")
        pid = r.text(p["id"], "path id") if "id" in p else ""
        if not pid:
            raise r.fail(node, "a path needs an `id`")
        members = (
            [r.text(n, f"path {pid}: option") for n in r.seq(p["options"], f"path {pid}: options")] if "options" in p else []
        )
        if not members:
            raise r.fail(node, f"path {pid} names no options")
        schedule = r.text(p["schedule"], f"path {pid}: schedule") if "schedule" in p else "sequential"
        if schedule not in ("sequential", "parallel"):
            raise r.fail(p["schedule"], f"path {pid}: schedule must be sequential or parallel")
        stated = r.hours(p["effort"], f"path {pid}: effort") if "effort" in p else None
        _unique(r, path_lines, pid, node, "path")
        paths.append(
            PathDef(
                pid,
                r.text(p["name"], f"path {pid}: name") if "name" in p else pid,
                tuple(members),
                schedule,
                r.text(p["summary"], f"path {pid}: summary") if "summary" in p else "",
                stated,
                node.start_mark.line + 1,
                "schedule" in p,
            )
        )
    constraints = r.mapping(top["constraints"], "constraints") if "constraints" in top else {}
    budget = None
    if "budget_hours" in constraints and not _null(constraints["budget_hours"]):
        budget = r.hours(constraints["budget_hours"], "constraints: budget_hours").high
    budget_at = r.text(constraints["budget_at"], "constraints: budget_at").lower() if "budget_at" in constraints else "high"
    if budget_at not in BUDGET_AT:
        raise r.fail(constraints["budget_at"], f"constraints: budget_at must be {' or '.join(BUDGET_AT)}, not {budget_at!r}")
    documents = (
        tuple(r.text(n, "a planning document") for n in r.seq(top["documents"], "documents"))
        if "documents" in top and not _null(top["documents"])
        else ()
    )
    required = (
        tuple(r.text(n, "a required section") for n in r.seq(top["required_sections"], "required_sections"))
        if "required_sections" in top
        else ()
    )
    chosen_node = top.get("chosen")
    chosen = None
    # A plain `null`, `~` or nothing is no choice; a quoted 'null' is a choice named null.
    if chosen_node is not None and r.text(chosen_node, "chosen") and chosen_node.tag != "tag:yaml.org,2002:null":
        chosen = r.text(chosen_node, "chosen")
    return DecisionSpec(
        path=path,
        id=r.text(top["id"], "id") if "id" in top else path.rsplit("/", 1)[-1].removesuffix(".yaml"),
        title=r.text(top["title"], "title") if "title" in top else "",
        question=r.text(top["question"], "question") if "question" in top else "",
        options=tuple(options),
        option_lines=option_lines,
        criteria=tuple(criteria),
        scores=scores,
        score_lines=score_lines,
        paths=tuple(paths),
        budget_hours=budget,
        required_sections=required,
        chosen=chosen,
        chosen_line=chosen_node.start_mark.line + 1 if chosen_node is not None else None,
        option_defs=tuple(option_defs),
        missing_scores=tuple(missing),
        budget_at=budget_at,
        documents=documents,
        documents_line=top["documents"].start_mark.line + 1 if "documents" in top else None,
    )


def _null(node: Any) -> bool:
    """`null`, `~` or nothing: a value not given yet (a score to fill in)."""
    return bool(node.tag == "tag:yaml.org,2002:null")


_INLINE_FACTS = ("title", "effort", "timeline", "priority")


def _option(r: _Reader, node: Any) -> OptionDef:
    """An entry of `options:`: a change id, or a mapping `{id, label?, number?, title?, effort?, timeline?, priority?}`."""
    import yaml

    from openspec_tool.read.proposal import weeks

    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return OptionDef(r.text(node, "an option"), line)
    m = r.mapping(node, "an option")
    if "id" not in m:
        raise r.fail(node, "an option given as a mapping needs an `id`")
    oid = r.text(m["id"], "an option's id")
    if not oid:
        raise r.fail(node, "an option's id is empty")
    unknown = sorted(set(m) - {"id", "label", "number", *_INLINE_FACTS})
    if unknown:
        raise r.fail(node, f"option {oid}: unknown key {unknown[0]!r} (use id, label, number, title, effort, timeline, priority)")

    def text(key: str) -> str | None:
        return r.text(m[key], f"option {oid}: {key}") if key in m and not _null(m[key]) else None

    number = None
    if text("number") is not None:
        raw = r.number(m["number"], f"option {oid}: number")
        if raw != int(raw):
            raise r.fail(m["number"], f"option {oid}: number must be a whole number, not {raw:g}")
        number = int(raw)
    effort = r.hours(m["effort"], f"option {oid}: effort") if text("effort") is not None else None
    timeline = None
    if (raw_weeks := text("timeline")) is not None:
        timeline = weeks(raw_weeks)
        if timeline is None or not (0 <= timeline.low <= timeline.high <= MAX_NUMBER):
            raise r.fail(m["timeline"], f"option {oid}: timeline must be weeks such as 1-2 weeks, not {_short(raw_weeks)!r}")
    return OptionDef(
        oid,
        line,
        label=text("label"),
        number=number,
        title=text("title"),
        effort=effort,
        timeline=timeline,
        priority=text("priority"),
        inline=any(k in m and not _null(m[k]) for k in _INLINE_FACTS),
    )


def _unique(r: _Reader, seen: dict[str, int], new_id: str, node: Any, what: str) -> None:
    line = node.start_mark.line + 1
    if new_id in seen:
        raise r.fail(node, f"{what} id {new_id!r} is given twice (lines {seen[new_id]} and {line})")
    seen[new_id] = line


def _missing(r: _Reader, root: Any, key: str) -> Any:
    raise r.fail(root, f"missing `{key}:`")
