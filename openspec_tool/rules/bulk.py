"""Validating many items at once (`validate --all|--changes|--specs`), and one item by name."""

from __future__ import annotations

import errno
import time
from dataclasses import dataclass

from openspec_tool.forked import forked_map
from openspec_tool.model.findings import Finding, Report
from openspec_tool.read.collate import locale_key
from openspec_tool.read.discover import CHANGES, SPECS, change_ids, describe_nested, nested_changes_in, spec_ids
from openspec_tool.read.nodeerr import node_fs_error
from openspec_tool.read.tree import PathOutside, Tree, join
from openspec_tool.rules.bulk_order import early_changes
from openspec_tool.rules.change_rules import validate_change
from openspec_tool.rules.spec_rules import validate_spec_content


@dataclass(frozen=True)
class ItemResult:
    id: str
    type: str  # "change" or "spec"
    report: Report
    duration_ms: int

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.type,
            "valid": self.report.valid,
            "issues": [i.reference_json() for i in self.report.issues],
            "durationMs": self.duration_ms,
        }


def validate_change_item(tree: Tree, change_id: str, strict: bool) -> Report:
    nested = nested_changes_in(tree, change_id)
    if nested:
        return Report(False, [Finding("ERROR", "file", describe_nested(change_id, nested))])
    try:
        return Report.of(validate_change(tree, join(CHANGES, change_id)), strict)
    except PathOutside as exc:
        return Report(False, [Finding("ERROR", "file", str(exc))])


def validate_spec_item(tree: Tree, spec_id: str, strict: bool) -> Report:
    rel = join(SPECS, spec_id, "spec.md")
    try:
        content = tree.read_text(rel)
    except OSError as exc:
        if exc.errno in (None, errno.EINVAL):  # not a regular file: the reference would hang reading it
            return Report(False, [Finding("ERROR", "file", f"{exc.strerror or type(exc).__name__}: {rel}")])
        return Report(False, [Finding("ERROR", "file", node_fs_error(exc, "open", tree.abspath(rel)))])
    return Report.of(validate_spec_content(content, spec_id.split("/")[0]), strict)


def validate_item(tree: Tree, kind: str, item_id: str, strict: bool) -> ItemResult:
    start = time.perf_counter()
    if kind == "change":
        report = validate_change_item(tree, item_id, strict)
    else:
        report = validate_spec_item(tree, item_id, strict)
    return ItemResult(item_id, kind, report, int((time.perf_counter() - start) * 1000))


# Below this many items a second process costs more than it saves.
PARALLEL_THRESHOLD = 400


def validate_many(tree: Tree, changes: bool, specs: bool, strict: bool, jobs: int | None = None) -> list[ItemResult]:
    """Every change and/or spec, in the reference's order; shared with a forked child on a large workspace
    (`jobs=1`: never)."""
    items: list[tuple[str, str]] = []
    if changes:
        items.extend(("change", cid) for cid in change_ids(tree))
    if specs:
        items.extend(("spec", sid) for sid in spec_ids(tree))
    fork_from = PARALLEL_THRESHOLD if jobs is None or jobs > 1 else len(items) + 1
    results = forked_map(lambda item: validate_item(tree, *item, strict), items, fork_from=fork_from)
    return reference_order(tree, results)


def reference_order(tree: Tree, results: list[ItemResult]) -> list[ItemResult]:
    """Sorted by id with localeCompare, as the reference; a change and a spec with one id in its finishing order."""
    changes = [r.id for r in results if r.type == "change"]
    shared = set(changes) & {r.id for r in results if r.type == "spec"}
    if shared:
        early = early_changes(tree, changes)
        rank = {"early": 0, "spec": 1, "late": 2}
        results = sorted(results, key=lambda r: rank["spec" if r.type == "spec" else "early" if r.id in early else "late"])
    return sorted(results, key=lambda r: locale_key(r.id))


def summary(results: list[ItemResult], changes: bool, specs: bool) -> dict[str, object]:
    def tally(items: list[ItemResult]) -> dict[str, int]:
        passed = sum(1 for r in items if r.report.valid)
        return {"items": len(items), "passed": passed, "failed": len(items) - passed}

    by_type: dict[str, object] = {}
    if changes:
        by_type["change"] = tally([r for r in results if r.type == "change"])
    if specs:
        by_type["spec"] = tally([r for r in results if r.type == "spec"])
    return {"totals": tally(results), "byType": by_type}
