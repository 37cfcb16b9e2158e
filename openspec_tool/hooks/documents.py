"""The planning documents in the hook (with `checks: true`): what `openspec check` says about them, as committed.

A commit (or a push) that touches a planning input has its workspace's planning documents checked: a document
that `openspec/config.yaml` (`planning: documents:`) or a decision file (`documents:`) lists, a decision file,
`openspec/config.yaml` itself, or an active change (an option's figures are what a document's figures are held
against). The documents may sit anywhere in the workspace folder, so only then is that folder listed whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from openspec_tool.hooks.config import CONFIG_FILES
from openspec_tool.hooks.index_tree import GitTree
from openspec_tool.hooks.touched import Touched
from openspec_tool.model.decision import DecisionSpec
from openspec_tool.model.findings import Finding
from openspec_tool.model.workspace import Workspace
from openspec_tool.read.discover import CHANGES, change_ids
from openspec_tool.read.planning_files import config_documents, expand
from openspec_tool.read.tree import join
from openspec_tool.read.workspace import load_change
from openspec_tool.rules.planning_docs import check_documents


def document_findings(
    tree: GitTree,
    whole: Callable[[], GitTree],
    changed: Callable[[list[str]], set[str]],
    touched: Touched,
    decisions: Sequence[DecisionSpec],
) -> list[Finding]:
    """`check`'s findings on the planning documents (workspace-relative paths), when the commit touches a planning
    input; `whole` lists the workspace folder, `changed` says which of some repository paths the commit changes."""
    patterns = [*config_documents(tree), *(p for d in decisions for p in d.documents)]
    if not patterns:
        return []
    wide = whole()
    documents = expand(wide, patterns)
    if not documents:
        return []
    inputs = touched.changes or touched.decision_files or not touched.paths.isdisjoint(CONFIG_FILES)
    if not inputs and not changed([wide.repo_path(p) for p in documents]):
        return []
    changes = tuple(load_change(wide, join(CHANGES, cid), cid) for cid in change_ids(wide))
    return check_documents(wide, Workspace(root=".", changes=changes), decisions)
