"""Which reports a workspace has: `reports:` in openspec/config.yaml, else the built-in defaults.

    reports:
      - name: q3-roadmap                 # required: what `openspec report NAME` calls it
        template: decision.md.j2         # required: a file of templates/ or openspec/templates/
        output: Q3_ROADMAP.md            # relative to the workspace root; omitted: printed to stdout
        decision: q3-roadmap             # present: the report evaluates this decision (null: the only one)
        history: true                    # lines of content and burn-up from git (default true)
        since: v1.0                      # the history's base (a rev or YYYY-MM-DD); default: per change
        html_template: report.html.j2    # the template of `--format html` (this is the default)
        title: Q3 roadmap                # the document's title (default: the decision's title, else the name)

Without configuration a workspace has a decision document per decision file (`openspec/decisions/<id>.yaml`:
report `<id>`, written to `<ID>.md` at the workspace root; `decision` names the only one) and the `status` report
(every change, printed to stdout); they can always be named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from openspec_tool.read.decisions import decision_paths
from openspec_tool.read.tree import Tree, try_read
from openspec_tool.read.yaml12 import YamlError, load

CONFIG_FILES = ("openspec/config.yaml", "openspec/config.yml")
HTML_TEMPLATE = "report.html.j2"
_KEYS = {"name", "template", "output", "decision", "history", "since", "html_template", "title"}


class ReportConfigError(ValueError):
    """A `reports:` entry that cannot be used; `str()` names the file and the entry."""


@dataclass(frozen=True)
class ReportSpec:
    name: str
    template: str
    output: str | None  # relative to the workspace root (POSIX); None: stdout
    use_decision: bool = False
    decision: str | None = None  # None with use_decision: the workspace's only decision file
    history: bool = True
    since: str | None = None
    html_template: str = HTML_TEMPLATE
    title: str | None = None
    source: str | None = None  # `openspec/config.yaml:LINE` of its `output:` when configured there
    index: int = 0  # its place in `reports:`

    def template_for(self, fmt: str) -> str:
        return self.html_template if fmt == "html" else self.template

    def output_for(self, fmt: str) -> str | None:
        """Where `--format fmt` writes by default: the HTML report sits beside the Markdown one."""
        if self.output is None or fmt != "html":
            return self.output
        path = PurePosixPath(self.output)
        return str(path.with_suffix(".html")) if path.suffix.lower() in (".md", ".markdown") else f"{path}.html"


DECISION_TEMPLATE = "decision.md.j2"
BUILTIN: dict[str, ReportSpec] = {
    "decision": ReportSpec("decision", DECISION_TEMPLATE, None, use_decision=True),
    "status": ReportSpec("status", "status.md.j2", None, title="Status"),
}


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def decision_report(stem: str) -> ReportSpec:
    """The built-in document of decision file `openspec/decisions/<stem>.yaml`: named after it, written to the
    workspace root as `<STEM>.md` (`q3-roadmap` → `Q3_ROADMAP.md`), titled with the decision's title."""
    output = "".join(ch.upper() if ch.isalnum() else "_" for ch in stem).strip("_") or "DECISION"
    return ReportSpec(stem, DECISION_TEMPLATE, f"{output}.md", use_decision=True, decision=stem)


def _config_doc(tree: Tree) -> tuple[str, Any]:
    for rel in CONFIG_FILES:
        text = try_read(tree, rel)
        if text is None:
            continue
        try:
            return rel, load(text)
        except YamlError as exc:
            raise ReportConfigError(f"{rel}:{exc.line or 1}: not valid YAML: {exc}") from None
    return CONFIG_FILES[0], None


def _text(where: str, entry: dict[str, Any], key: str, required: bool = False) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise ReportConfigError(f"{where}: `{key}` is required")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ReportConfigError(f"{where}: `{key}` must be a string, not {type(value).__name__}")
    text = str(value).strip()
    if not text:
        raise ReportConfigError(f"{where}: `{key}` is empty")
    return text


def _output(where: str, value: str | None) -> str | None:
    if value is None:
        return None
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        raise ReportConfigError(f"{where}: `output` must stay inside the workspace (relative, no `..`): {value}")
    return str(path)


def _output_lines(text: str) -> dict[int, int]:
    """Line of each `reports[n].output` value (for messages about where an output leads)."""
    import yaml

    from openspec_tool.read.yaml12 import compose

    try:
        root = compose(text)
    except YamlError:
        return {}
    lines: dict[int, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        if key.value != "reports" or not isinstance(value, yaml.SequenceNode):
            continue
        for n, entry in enumerate(value.value):
            for k, v in entry.value if isinstance(entry, yaml.MappingNode) else []:
                if k.value == "output":
                    lines[n] = v.start_mark.line + 1
    return lines


def _entry(rel: str, n: int, entry: object) -> ReportSpec:
    where = f"{rel}: reports[{n}]"
    if not isinstance(entry, dict):
        raise ReportConfigError(f"{where}: expected a mapping with name, template and output")
    unknown = sorted(str(k) for k in entry if k not in _KEYS)
    if unknown:
        raise ReportConfigError(f"{where}: unknown key {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")
    name = _text(where, entry, "name", required=True)
    assert name is not None
    base = BUILTIN.get(name)
    template = _text(where, entry, "template", required=base is None) or (base.template if base else "")
    history = entry.get("history", True)
    if not isinstance(history, bool):
        raise ReportConfigError(f"{where}: `history` must be true or false")
    return ReportSpec(
        name=name,
        template=template,
        output=_output(where, _text(where, entry, "output")),
        use_decision="decision" in entry or (base is not None and base.use_decision),
        decision=_text(where, entry, "decision"),
        history=history,
        since=_text(where, entry, "since"),
        html_template=_text(where, entry, "html_template") or HTML_TEMPLATE,
        title=_text(where, entry, "title") or (base.title if base else None),
        source=rel,
        index=n,
    )


def configured_reports(tree: Tree) -> list[ReportSpec] | None:
    """The `reports:` of the workspace's config, in order; None when it configures none. Raises ReportConfigError."""
    rel, doc = _config_doc(tree)
    if not isinstance(doc, dict) or doc.get("reports") is None:
        return None
    entries = doc["reports"]
    if not isinstance(entries, list):
        raise ReportConfigError(f"{rel}: `reports` must be a list of reports")
    reports = [_entry(rel, n, e) for n, e in enumerate(entries)]
    if any(r.output for r in reports):
        text = try_read(tree, rel) or ""
        lines = _output_lines(text)
        reports = [replace(r, source=f"{rel}:{lines[r.index]}") if r.index in lines else r for r in reports]
    seen: set[str] = set()
    for r in reports:
        if r.name in seen:
            raise ReportConfigError(f"{rel}: two reports are named {r.name!r}")
        seen.add(r.name)
    return reports


def default_reports(tree: Tree) -> list[ReportSpec]:
    """What `openspec report` renders without a name: the configured reports, else the decision document
    when the workspace has a decision file, else the status report."""
    configured = configured_reports(tree)
    if configured is not None:
        return configured
    found = decision_paths(tree)
    return [decision_report(_stem(p)) for p in found] if found else [BUILTIN["status"]]


def find_report(tree: Tree, name: str) -> ReportSpec:
    """A configured report, else a built-in one; raises ReportConfigError naming the known reports."""
    configured = configured_reports(tree) or []
    for r in configured:
        if r.name == name:
            return r
    stems = [_stem(p) for p in decision_paths(tree)]
    target = stems[0] if name == "decision" and len(stems) == 1 else name if name in stems and name not in BUILTIN else None
    if target is not None:  # a decision's document: the configured one when the config has it, else the built-in
        for r in configured:
            if r.use_decision and (_stem(r.decision) if r.decision else stems[0] if len(stems) == 1 else None) == target:
                return r
        return decision_report(target)
    if name in BUILTIN:
        return BUILTIN[name]
    known = sorted({r.name for r in configured} | set(BUILTIN) | set(stems))
    raise ReportConfigError(f"no report named {name!r} (known: {', '.join(known)})")


def with_overrides(spec: ReportSpec, since: str | None, history: bool | None) -> ReportSpec:
    changes: dict[str, Any] = {}
    if since is not None:
        changes["since"] = since
    if history is not None:
        changes["history"] = history
    return replace(spec, **changes) if changes else spec
