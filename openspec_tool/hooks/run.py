"""`openspec hooks run <hook>`: judge the changes and specs a commit (or a push) touches, as recorded in git.

For a commit the files are read from the index, so a partly staged file is judged as staged, and an
invalid change the commit does not touch never blocks it. For a push they are read from each pushed
commit. The rules are the ones `openspec validate` runs, plus, where `openspec/config.yaml` turns
them on, the planning checks and `openspec report --check`.

Nothing here imports GitPython, Jinja or Textual: the hook must add at most 0.25 s to a commit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from openspec_tool.gitrepo import BlobReader, GitError, git, git_text
from openspec_tool.hooks.config import HookConfig, read_hook_config
from openspec_tool.hooks.index_tree import GitTree, config_trees, load_commit, load_index
from openspec_tool.hooks.touched import Status, Touched, between, changed_among, group_by_workspace, resolve_items, staged
from openspec_tool.model.findings import Finding, Item
from openspec_tool.read.tree import join

COMMIT_HOOKS = ("pre-commit", "pre-merge-commit")
HOOKS = (*COMMIT_HOOKS, "pre-push")
_ZERO = re.compile(r"^0+$")
# The codes of the hook's own findings; a finding without a code is the reference's rules', any other code a planning
# check's (`openspec check`).
CONFIG, UNMERGED = "hook-config", "unmerged"
_OWN_SOURCES = {CONFIG: "config", UNMERGED: "git"}


def source(finding: Finding) -> str:
    """Which check found it: validate, check (the planning checks), config (the hook's settings) or git."""
    return _OWN_SOURCES.get(finding.code, "check") if finding.code else "validate"


class Source(NamedTuple):
    """Where one hook run reads a workspace: the index (a commit) or a pushed commit."""

    load: Callable[[str], GitTree]  # the workspace at this prefix: its openspec/ folder
    load_whole: Callable[[str], GitTree]  # …its whole folder (where planning documents are)
    changed: Callable[[list[str]], set[str]]  # which of these repository paths the commit (or push) changes
    configs: Callable[[], dict[str, GitTree]]  # every workspace's openspec/config.yaml alone, by prefix


class ItemVerdict(NamedTuple):
    type: str  # change or spec
    id: str
    workspace: str  # the workspace folder relative to the repository root ("." at the top)
    valid: bool


class Outcome:
    def __init__(self, hook: str) -> None:
        self.hook = hook
        self.items: list[ItemVerdict] = []
        self.findings: list[Finding] = []  # paths relative to the repository root
        self.blocked = False
        self.notes: list[str] = []
        self.report_checks: list[str] = []  # workspace folders whose `report --check` should run
        self._seen: set[Finding] = set()

    def add(self, finding: Finding) -> None:
        if finding not in self._seen:
            self._seen.add(finding)
            self.findings.append(finding)


def workspace_label(prefix: str) -> str:
    return prefix.rstrip("/") or "."


# -- one workspace ---------------------------------------------------------------------


def _validate(tree: GitTree, touched: Touched, strict: bool, out: Outcome) -> None:
    from openspec_tool.hooks.locate import locate_change_issue, locate_spec_issue
    from openspec_tool.rules.bulk import validate_change_item, validate_spec_item

    label = workspace_label(tree.prefix)
    for cid in sorted(touched.changes):
        report = validate_change_item(tree, cid, strict)
        out.items.append(ItemVerdict("change", cid, label, report.valid))
        out.blocked |= not report.valid
        for issue in report.issues:
            rel, line = locate_change_issue(tree, cid, issue)
            out.add(issue._replace(path=tree.repo_path(rel), line=line, item=Item("change", cid)))
    for sid in sorted(touched.specs):
        report = validate_spec_item(tree, sid, strict)
        out.items.append(ItemVerdict("spec", sid, label, report.valid))
        out.blocked |= not report.valid
        for issue in report.issues:
            rel, line = locate_spec_issue(tree, sid, issue)
            out.add(issue._replace(path=tree.repo_path(rel), line=line, item=Item("spec", sid)))


def _plan_checks(tree: GitTree, touched: Touched, strict: bool, out: Outcome, source: Source) -> None:
    """The planning checks (`openspec check`), limited to the touched changes and decision files, and the planning
    documents when the commit touches one of their inputs (`hooks/documents.py`)."""
    from openspec_tool.hooks.documents import document_findings
    from openspec_tool.model.workspace import Workspace
    from openspec_tool.read.decisions import config_required_sections, load_decisions
    from openspec_tool.read.discover import CHANGES
    from openspec_tool.read.workspace import load_change
    from openspec_tool.rules.planning import check_workspace, unread_findings

    decisions, errors = load_decisions(tree)
    wanted = set(touched.changes)
    for d in decisions:
        if d.path in touched.decision_files:  # its checks need the efforts of its options
            wanted.update(o for o in d.options if tree.kind(join(CHANGES, o)) == "dir")
    changes = tuple(load_change(tree, join(CHANGES, cid), cid) for cid in sorted(wanted))
    folders = tuple(join(CHANGES, cid) + "/" for cid in touched.changes)

    def concerns(path: str, change: str | None) -> bool:
        return change in touched.changes or path.startswith(folders) or path in touched.decision_files

    found = unread_findings((e for e in errors if e.path in touched.decision_files), ())
    found += [p for c in changes if c.id in touched.changes for p in c.problems]
    model = Workspace(root=".", changes=changes)
    for f in check_workspace(model, decisions, config_required_sections(tree)):
        if concerns(f.path, f.item.id if f.item is not None else None):
            found.append(f)
    found += document_findings(tree, lambda: source.load_whole(tree.prefix), source.changed, touched, decisions)
    for f in found:
        out.add(f._replace(path=tree.repo_path(f.path)))
        if f.level == "ERROR" or (strict and f.level == "WARNING"):
            out.blocked = True


def judge(source: Source, prefix: str, touched: Touched, strict_option: bool | None, out: Outcome, hook: str) -> HookConfig:
    tree = source.load(prefix)
    config = read_hook_config(tree)
    strict = config.strict if strict_option is None else strict_option
    for p in config.problems:
        out.add(Finding("WARNING", tree.repo_path(p.path), p.message, p.line, CONFIG))
    for rel in sorted(touched.unmerged):
        out.add(Finding("ERROR", tree.repo_path(rel), "unmerged: resolve the conflict and stage the result", code=UNMERGED))
        out.blocked = True
    resolve_items(tree, touched)
    _validate(tree, touched, strict, out)
    if config.checks:
        _plan_checks(tree, touched, strict, out, source)
    if config.report_check and hook in COMMIT_HOOKS and touched.paths:
        out.report_checks.append(workspace_label(tree.prefix))
    return config


# -- which workspaces, which commits ---------------------------------------------------


def workspace_prefixes(roots: tuple[str, ...]) -> set[str] | None:
    """Repository-relative prefixes of the `--root` folders (None: every workspace the commit touches)."""
    if not roots:
        return None
    top = Path(git_text("rev-parse", "--show-toplevel")).resolve()
    prefixes: set[str] = set()
    for root in roots:
        path = Path(root).resolve()
        if path.name == "openspec" and not (path / "openspec").is_dir():
            path = path.parent
        try:
            rel = path.relative_to(top).as_posix()
        except ValueError:
            raise GitError(f"--root {root}: not inside the repository at {top}") from None
        prefixes.add("" if rel == "." else rel + "/")
    return prefixes


def _empty_tree() -> str:
    return git_text("hash-object", "-t", "tree", "/dev/null")


def push_ranges(stdin_text: str) -> list[tuple[str, str]]:
    """(base, head) per pushed ref from the pre-push input `<local ref> <local oid> <remote ref> <remote oid>`."""
    ranges: list[tuple[str, str]] = []
    for line in stdin_text.splitlines():
        parts = line.split()
        if len(parts) != 4 or _ZERO.match(parts[1]):  # a deletion pushes no content
            continue
        head, remote = parts[1], parts[3]
        if not _ZERO.match(remote) and git("cat-file", "-t", remote, ok_codes=(0, 1, 128)).strip() == b"commit":
            ranges.append((remote, head))
            continue
        # A new branch: compare with the parent of its oldest commit that no remote has yet.
        new = git_text("rev-list", "--topo-order", "--reverse", head, "--not", "--remotes").split()
        if not new:
            continue
        parents = git_text("rev-list", "--parents", "-n", "1", new[0]).split()
        ranges.append((parents[1] if len(parents) > 1 else _empty_tree(), head))
    return ranges


def _judge_records(
    records: list[Status], source: Source, prefixes: set[str] | None, strict: bool | None, out: Outcome, hook: str
) -> None:
    groups = group_by_workspace(records, prefixes)
    for prefix, config in source.configs().items():  # a commit touching only planning documents outside openspec/
        if prefix not in groups and (prefixes is None or prefix in prefixes) and read_hook_config(config).checks:
            groups[prefix] = Touched()
    for prefix, touched in sorted(groups.items()):
        judge(source, prefix, touched, strict, out, hook)


def run_hook(hook: str, strict: bool | None = None, roots: tuple[str, ...] = (), stdin_text: str = "") -> Outcome:
    """Raises GitError when git cannot answer (not a repository, a bad revision)."""
    out = Outcome(hook)
    blobs = BlobReader()
    try:
        if hook in COMMIT_HOOKS:
            index = Source(
                lambda p: load_index(p, blobs),
                lambda p: load_index(p, blobs, whole=True),
                changed_among,
                lambda: config_trees(None, blobs),
            )
            _judge_records(staged(), index, workspace_prefixes(roots), strict, out, hook)
        else:
            ranges = push_ranges(stdin_text)
            prefixes = workspace_prefixes(roots) if ranges else None
            for base, head in ranges:
                pushed = Source(
                    functools.partial(load_commit, head, blobs=blobs),
                    functools.partial(load_commit, head, blobs=blobs, whole=True),
                    functools.partial(changed_among, base=base, head=head),
                    functools.partial(config_trees, head, blobs),
                )
                _judge_records(between(base, head), pushed, prefixes, strict, out, hook)
    finally:
        blobs.close()
    return out
