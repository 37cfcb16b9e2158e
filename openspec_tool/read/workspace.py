"""Loading a whole workspace into the model: every change with its proposal, tasks and metadata, every spec.

One unreadable or malformed file becomes a finding in `problems` (code `unreadable`); it never hides the rest.
"""

from __future__ import annotations

from openspec_tool.model.findings import UNREADABLE, Finding, Item
from openspec_tool.model.workspace import Change, SpecInfo, Workspace
from openspec_tool.read.discover import CHANGES, SPECS, archived_ids, change_ids, discover_spec_files
from openspec_tool.read.estimates import parse_estimate
from openspec_tool.read.proposal import parse_proposal, weeks
from openspec_tool.read.schemas import METADATA_FILENAME
from openspec_tool.read.sections import SpecParseError, parse_spec
from openspec_tool.read.tasks_doc import parse_tasks
from openspec_tool.read.tree import Tree, join
from openspec_tool.read.yaml12 import YamlError, load


class _Problems:
    """The reading problems of one change, as they are found."""

    def __init__(self, change_id: str) -> None:
        self.item = Item("change", change_id)
        self.found: list[Finding] = []

    def add(self, rel: str, message: str, line: int | None = None) -> None:
        self.found.append(Finding("WARNING", rel, message, line, UNREADABLE, self.item))


def _metadata(tree: Tree, folder: str, problems: _Problems) -> dict[str, object]:
    rel = join(folder, METADATA_FILENAME)
    if tree.kind(rel) == "missing":
        return {}
    try:
        doc = load(tree.read_text(rel))
    except YamlError as exc:
        problems.add(rel, f"not valid YAML: {exc}", exc.line or 1)
        return {}
    except OSError as exc:
        problems.add(rel, f"cannot read: {exc.strerror or exc}")
        return {}
    if not isinstance(doc, dict):
        return {}
    meta: dict[str, object] = dict(doc)
    for key, target in (("effort", "_effort"), ("timeline", "_timeline")):
        value = doc.get(key)
        if value is None:
            continue
        parsed = parse_estimate(str(value)) if key == "effort" else weeks(str(value))
        if parsed is None and key == "effort" and isinstance(value, (int, float)):
            parsed = parse_estimate(f"{value}h")
        if parsed is None:
            problems.add(rel, f"{key}: cannot read {value!r} as a range (write e.g. 10-20h or 1-2 weeks)")
        else:
            meta[target] = parsed
    return meta


def _read(tree: Tree, rel: str, problems: _Problems) -> str | None:
    if tree.kind(rel) == "missing":
        return None
    try:
        return tree.read_text(rel)
    except OSError as exc:
        problems.add(rel, f"cannot read: {exc.strerror or exc}")
        return None


def load_change(tree: Tree, folder: str, change_id: str, archived: bool = False) -> Change:
    problems = _Problems(change_id)
    proposal_text = _read(tree, join(folder, "proposal.md"), problems)
    tasks_text = _read(tree, join(folder, "tasks.md"), problems)
    return Change(
        id=change_id,
        path=folder,
        archived=archived,
        proposal=parse_proposal(proposal_text, join(folder, "proposal.md")) if proposal_text is not None else None,
        tasks=parse_tasks(tasks_text, join(folder, "tasks.md")) if tasks_text is not None else None,
        has_design=tree.kind(join(folder, "design.md")) == "file",
        delta_specs=tuple(s.id for s in discover_spec_files(tree, join(folder, "specs"))),
        metadata=_metadata(tree, folder, problems),
        problems=tuple(problems.found),
    )


def load_specs(tree: Tree) -> tuple[SpecInfo, ...]:
    out: list[SpecInfo] = []
    for sf in discover_spec_files(tree, SPECS):
        try:
            content = tree.read_text(sf.path)
        except OSError:
            out.append(SpecInfo(sf.id, sf.path, sf.id, 0))
            continue
        try:
            spec = parse_spec(content, sf.id)
        except SpecParseError:
            out.append(SpecInfo(sf.id, sf.path, sf.id, 0))
            continue
        reqs = tuple((r.title, tuple(s.split("\n", 1)[0] for s in r.scenarios)) for r in spec.requirements)
        out.append(SpecInfo(sf.id, sf.path, sf.id, len(spec.requirements), reqs))
    return tuple(out)


def load_workspace(tree: Tree, root: str = ".", archived: bool = False) -> Workspace:
    changes = tuple(load_change(tree, join(CHANGES, cid), cid) for cid in change_ids(tree))
    old = tuple(load_change(tree, folder, cid, archived=True) for folder, cid in archived_ids(tree)) if archived else ()
    problems = tuple(p for c in (*changes, *old) for p in c.problems)
    return Workspace(root=root, changes=changes, specs=load_specs(tree), archived=old, problems=problems)
