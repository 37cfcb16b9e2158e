"""Reading a decision file (`openspec/decisions/<id>.yaml`) with a line number for every complaint."""

from __future__ import annotations

from typing import Any

from openspec_tool.model.decision import FACT_SOURCES, CriterionSpec, DecisionSpec, PathDef
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
    for node in r.seq(options_node, "options"):
        oid = r.text(node, "an option")
        if known_options is not None and oid not in known_options and not lenient:
            hint = f"; known changes: {', '.join(sorted(known_options)[:8])}" if known_options else ""
            raise r.fail(node, f"option {oid!r} is not a change in openspec/changes/{hint}")
        if oid in option_lines:
            raise r.fail(node, f"option {oid!r} is listed twice")
        options.append(oid)
        option_lines[oid] = node.start_mark.line + 1
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
    score_map = r.mapping(top["scores"], "scores") if "scores" in top else {}
    for oid, node in score_map.items():
        if oid not in option_lines:
            raise r.fail(node, f"scores: {oid!r} is not one of the options")
        row = r.mapping(node, f"scores of {oid}")
        scores[oid] = {cid: r.number(v, f"score {oid}.{cid}", minimum=None) for cid, v in row.items()}
        score_lines[oid] = node.start_mark.line + 1
    for oid in options:
        for crit in scored:
            if crit.id not in scores.get(oid, {}):
                where = score_map.get(oid, top.get("scores", root))
                raise r.fail(where, f"option {oid} has no score for criterion {crit.id!r}")
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
        for n, m in zip(r.seq(p["options"], "options"), members):
            if m not in option_lines and not lenient:
                raise r.fail(n, f"path {pid}: {m!r} is not one of the options")
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
            )
        )
    constraints = r.mapping(top["constraints"], "constraints") if "constraints" in top else {}
    budget = r.hours(constraints["budget_hours"], "constraints: budget_hours").high if "budget_hours" in constraints else None
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
    )


def _unique(r: _Reader, seen: dict[str, int], new_id: str, node: Any, what: str) -> None:
    line = node.start_mark.line + 1
    if new_id in seen:
        raise r.fail(node, f"{what} id {new_id!r} is given twice (lines {seen[new_id]} and {line})")
    seen[new_id] = line


def _missing(r: _Reader, root: Any, key: str) -> Any:
    raise r.fail(root, f"missing `{key}:`")
