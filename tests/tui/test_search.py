"""The TUI's text helpers (no app): hits in a change's files, snippets, ids cut in the middle, where a long
document may be split, the editor command line's parts — checked against plain definitions by hypothesis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.tui.search import Hit, elide_middle, find_hits, first_part, shared_prefix, snippet
from openspec_tool.tui.text_index import Entry, TextIndex

LINES = st.lists(st.sampled_from(["", "plain", "Foo bar", "- item", "```", "# Head", "  indented", "ÉTAPE ß", "İx"]))


@settings(max_examples=150, deadline=None)
@given(LINES, LINES, st.sampled_from(["foo", "ß", "item", "É", "x", "```"]))
def test_hits_are_the_lines_that_hold_the_text(one: list[str], two: list[str], needle: str) -> None:
    texts = ["\n".join(one), None, "\n".join(two)]
    naive = [
        Hit(tab, n, line.strip())
        for tab, text in enumerate(texts)
        for n, line in enumerate((text or "").split("\n"), 1)
        if text and needle.lower() in line.lower()
    ]
    assert find_hits(texts, needle) == naive


@settings(max_examples=150, deadline=None)
@given(LINES)
def test_a_long_document_is_cut_before_a_block_outside_any_fence(lines: list[str]) -> None:
    text = "\n".join(lines * 8)
    cut = first_part(text, 5)
    assert text[:cut] + text[cut:] == text
    if cut < len(text):
        before = text[:cut].split("\n")
        assert sum(1 for line in before if line.lstrip().startswith("```")) % 2 == 0  # not inside a fence
        start = text[cut:].split("\n", 1)[0]
        assert start.startswith("#") or (start[:1] not in " -*+|>" and before[-2] == "")
        assert len(before) > 5


def test_short_documents_are_not_cut() -> None:
    assert first_part("# a\n\ntext\n", 5) == len("# a\n\ntext\n")


@given(st.text(min_size=0, max_size=60), st.integers(min_value=1, max_value=40), st.integers(0, 10))
def test_names_cut_in_the_middle_fit_and_keep_both_ends(name: str, width: int, shared: int) -> None:
    out = elide_middle(name, width, shared)
    assert len(out) <= width
    if len(name) <= width:
        assert out == name
    elif width > 2:
        head, tail = out.split("…", 1)
        assert name.startswith(head) and name.endswith(tail) and len(tail) >= len(head)


def test_ids_keep_their_distinguishing_tail() -> None:
    assert elide_middle("suppress-telemetry-output-for-list-and-json-c49", 27) == "suppress-t…ist-and-json-c49"
    ids = ["phase2-option1-expand-docs", "phase2-option6-monitoring-observability"]
    assert shared_prefix(ids) == len("phase2-")
    assert elide_middle(ids[0], 16, shared_prefix(ids)) == "ph…1-expand-docs"


def test_a_snippet_shows_the_match_in_its_width() -> None:
    text = "The documentation SHALL include guides for production deployment and troubleshooting, each reachable."
    out = snippet(text, "deploy", 30)
    assert len(out) == 30 and "deploy" in out and out.startswith("…") and out.endswith("…")
    assert snippet("short text", "x", 30) == "short text"


def test_a_list_item_matches_by_one_entry_holding_every_word() -> None:
    index = TextIndex({"c": [Entry("task 1.1", "Write the cache"), Entry("task 1.2", "Test eviction")]}, {})
    assert index.change_match("c", "cache write") == Entry("task 1.1", "Write the cache")
    assert index.change_match("c", "cache eviction") is None  # the words are in two different tasks
    assert Entry("Δ a-very-long-delta-spec-name", "x y deploy z").shown("deploy", 30) == "Δ a…c-name: x y deploy z"
