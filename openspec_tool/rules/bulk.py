"""Validating many items at once (`validate --all|--changes|--specs`), and one item by name."""

from __future__ import annotations

import time
from dataclasses import dataclass

from openspec_tool.model.findings import Issue, Report
from openspec_tool.read.discover import CHANGES, SPECS, change_ids, describe_nested, nested_changes_in, spec_ids
from openspec_tool.read.tree import Tree, join
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
            "issues": [i.to_json() for i in self.report.issues],
            "durationMs": self.duration_ms,
        }


def validate_change_item(tree: Tree, change_id: str, strict: bool) -> Report:
    nested = nested_changes_in(tree, change_id)
    if nested:
        return Report(False, [Issue("ERROR", "file", describe_nested(change_id, nested))])
    return Report.of(validate_change(tree, join(CHANGES, change_id)), strict)


def validate_spec_item(tree: Tree, spec_id: str, strict: bool) -> Report:
    rel = join(SPECS, spec_id, "spec.md")
    try:
        content = tree.read_text(rel)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return Report(False, [Issue("ERROR", "file", f"{reason}: {rel}")])
    return Report.of(validate_spec_content(content, spec_id.split("/")[0]), strict)


def _timed(kind: str, item_id: str, report_fn: object) -> ItemResult:
    start = time.perf_counter()
    report = report_fn()  # type: ignore[operator]
    return ItemResult(item_id, kind, report, int((time.perf_counter() - start) * 1000))


def validate_many(tree: Tree, changes: bool, specs: bool, strict: bool) -> list[ItemResult]:
    results: list[ItemResult] = []
    if changes:
        for cid in change_ids(tree):
            results.append(_timed("change", cid, lambda cid=cid: validate_change_item(tree, cid, strict)))
    if specs:
        for sid in spec_ids(tree):
            results.append(_timed("spec", sid, lambda sid=sid: validate_spec_item(tree, sid, strict)))
    results.sort(key=lambda r: r.id.lower())
    return results


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
