"""The archive preview (what the TUI shows before it archives): `openspec archive`'s own steps as a dry run.

It writes nothing — not even the `changes/archive/` folder the real run makes before asking — and it says what
the reference CLI then does: on every active change of every corpus workspace, its per-spec counts, target and
refusals are checked against the reference's recorded outcomes (tests/fixtures/archive/expected.json)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openspec_tool.write import clock
from openspec_tool.write.archive_preview import archive, preview_archive
from tests.conftest import CORPUS, need_shared, write_tree
from tests.write.test_archive_differential import EXPECTED, harness

WHY = "Readers cannot find the tutorials, and the old page confuses everyone who lands on it."


def req(name: str, body: str = "The system SHALL do it.") -> str:
    return f"### Requirement: {name}\n{body}\n\n#### Scenario: Works\n- **WHEN** x\n- **THEN** y\n\n"


MAIN = "# Docs\n\n## Purpose\nHow the project documents itself for users and contributors.\n\n## Requirements\n\n"
MAIN += req("Guides") + req("Old Page") + req("Index")
DELTA = (
    "## ADDED Requirements\n" + req("Tutorials") + "## MODIFIED Requirements\n" + req("Guides", "The system SHALL keep guides.")
    + "## REMOVED Requirements\n- ### Requirement: Old Page\n\n"
    "## RENAMED Requirements\n- FROM: `### Requirement: Index`\n- TO: `### Requirement: Site Index`\n"
)  # fmt: skip


def workspace(tmp_path: Path, delta: str = DELTA) -> Path:
    return write_tree(
        tmp_path,
        {
            "openspec/specs/docs/spec.md": MAIN,
            "openspec/changes/tidy/proposal.md": f"# Tidy\n\n## Why\n{WHY}\n\n## What Changes\n- **docs:** tidied\n",
            "openspec/changes/tidy/tasks.md": "- [x] 1.1 Write\n- [ ] 1.2 Review\n",
            "openspec/changes/tidy/specs/docs/spec.md": delta,
        },
    )


def tree(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def test_the_preview_writes_nothing_and_says_what_the_archive_then_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: "2026-01-15")
    ws = workspace(tmp_path)
    before = tree(ws)
    p = preview_archive(ws, "tidy")
    assert tree(ws) == before and not (ws / "openspec/changes/archive").exists()
    assert (p.source, p.target, p.tasks, p.incomplete) == (
        "openspec/changes/tidy",
        "openspec/changes/archive/2026-01-15-tidy",
        (1, 2),
        1,
    )
    assert not p.refusal and not p.specs_refusal and p.hand_over is None
    [docs] = p.specs
    c = docs.counts
    assert (docs.id, docs.create, c.added, c.modified, c.removed, c.renamed) == ("docs", False, 1, 1, 1, 1)
    assert docs.requirements == (
        ("ADDED", "Tutorials"),
        ("MODIFIED", "Guides"),
        ("REMOVED", "Old Page"),
        ("RENAMED", "Index → Site Index"),
    )
    result, lines = archive(ws, "tidy", skip_specs=False)  # then for real: what the preview said
    assert result.exit_code == 0 and "  + 1 added" in lines and "  → 1 renamed" in lines
    assert lines[-1] == "Change 'tidy' archived as '2026-01-15-tidy'."
    assert (ws / "openspec/changes/archive/2026-01-15-tidy").is_dir() and "Site Index" in (
        ws / "openspec/specs/docs/spec.md"
    ).read_text()


def test_refusals_are_the_clis_words(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "a", "## ADDED Requirements\n### Requirement: Vague\nIt does things.\n")
    before = tree(ws)
    p = preview_archive(ws, "tidy")
    assert p.refusal[-2:] == (
        "Validation failed. Please fix the errors before archiving.",
        "To skip validation (not recommended), use --no-validate flag.",
    )
    assert any(line.lstrip().startswith("✗") for line in p.refusal) and p.target is None
    assert preview_archive(ws, "nope").refusal == ("✖ Error: Change 'nope' not found. Available changes: tidy",)
    stale = workspace(tmp_path / "b", "## MODIFIED Requirements\n" + req("Missing Page", "The system SHALL be there."))
    p = preview_archive(stale, "tidy")
    assert p.specs_refusal == (
        'docs MODIFIED failed for header "### Requirement: Missing Page" - not found',
        "Aborted. No files were changed.",
    )
    assert not p.refusal and p.target and not p.specs  # it can move, without the spec updates
    assert tree(ws) == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_on_the_corpus_the_preview_says_what_the_reference_did(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_shared()
    monkeypatch.setattr(clock, "today", lambda: harness.DATE)
    ws = harness.light_copy(CORPUS / name, tmp_path)
    before = harness.digest(ws / "openspec")
    for change, outcomes in sorted(EXPECTED[name].items()):
        p = preview_archive(ws, change)
        yes, skip = outcomes["yes"], outcomes["skip-specs"]
        said = yes["stdout"].splitlines() + yes["errors"]
        if p.refusal:
            assert yes["rc"] != 0 and all(line in said or line.lstrip("✖ ") in said for line in p.refusal), change
            continue
        assert p.target is not None
        if p.specs_refusal:
            assert yes["rc"] == 1 and all(line in said for line in p.specs_refusal), change
            assert skip["rc"] == 0 and skip["stdout"].endswith(f"archived as '{p.target.rsplit('/', 1)[1]}'.\n"), change
            continue
        assert yes["rc"] == 0 and yes["stdout"].endswith(f"archived as '{p.target.rsplit('/', 1)[1]}'.\n"), change
        applied = dict(re.findall(r"Applying changes to openspec/specs/(.+?)/spec\.md:\n((?:  .+\n)+)", yes["stdout"]))
        ours = {}
        for s in p.specs:
            c = s.counts
            pairs = (
                (c.added, "+", "added"),
                (c.modified, "~", "modified"),
                (c.removed, "-", "removed"),
                (c.renamed, "→", "renamed"),
            )
            if c.total:
                ours[s.id] = "".join(f"  {sign} {n} {word}\n" for n, sign, word in pairs if n)
        assert ours == applied, change
    assert harness.digest(ws / "openspec") == before  # nothing written, not even changes/archive/
