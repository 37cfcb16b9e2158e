"""Each speed shortcut of the spec and delta readers agrees with the plain code it stands for.

The readers classify each distinct heading text once, try one regex where two were tried, build the section
tree in one forward pass, look titles up in a dict and skip `####` lines early; hypothesis checks each against
the straightforward version it replaced, kept below.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.read import requirement_blocks as rb
from openspec_tool.read import sections as sec
from openspec_tool.read.doc import Doc, lines_doc
from openspec_tool.read.jstext import normalize, trim
from openspec_tool.read.requirement_text import count_empty_scenarios, count_scenarios, extract_requirement_body
from openspec_tool.rules import spec_structure as ss

PIECES = [
    "#", "##", "###", "####", "#####", "######", "#######", " ", "  ", "\t", "\xa0", "\ufeff", "\u2028", "\u3000",
    "Requirement:", "requirement:", "Requirements", "ADDED", "MODIFIED", "REMOVED", "RENAMED", "Purpose", "purpose",
    "Scenario:", "Why", "R", "foo", "é", "#", " #", " ##  ", "`", "```", "~~~", "SHALL", "- **WHEN** x", "\n", "\n",
]  # fmt: skip
free_lines = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=6).map("".join)
MARKS = ["#", "##", "###", "####", "#######", "###Requirement:", "### Requirement:", "##", "## ADDED", "##\tRemoved"]
GAPS = [" ", "", "  ", "\t", "\xa0", "\u2028"]
TITLES = ["Purpose", "Requirements", "Requirement: R", "Requirements ", "R #", "R", "Scenario: s", "Why", "", " "]
heading_lines = st.tuples(st.sampled_from(MARKS), st.sampled_from(GAPS), st.sampled_from(TITLES)).map("".join)
lines_st = heading_lines | free_lines
docs = st.lists(lines_st, max_size=30).map("\n".join)


def _old_sections_of(doc: Doc) -> list[sec.Section]:
    lines = doc.lines
    heads: list[tuple[int, int]] = []
    for i in doc.headers:
        m = sec._HEADER_PREFIX.match(lines[i])
        if m:
            heads.append((i, len(m.group(1))))
    ends = [len(lines)] * len(heads)
    pending: list[tuple[int, int]] = []
    for k in range(len(heads) - 1, -1, -1):
        i, level = heads[k]
        while pending and pending[-1][1] > level:
            pending.pop()
        if pending:
            ends[k] = pending[-1][0]
        pending.append((i, level))
    roots: list[sec.Section] = []
    stack: list[sec.Section] = []
    for k, (i, _) in enumerate(heads):
        m = sec._HEADER.match(lines[i])
        if not m:
            continue
        level = len(m.group(1))
        section = sec.Section(level, trim(m.group(2)), i + 1, lines, i + 1, ends[k])
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    return roots


def _shape(sections: list[sec.Section]) -> list[object]:
    return [(s.level, s.title, s.line, s.content, _shape(s.children)) for s in sections]


@settings(max_examples=500, deadline=None)
@given(docs)
def test_section_tree_as_the_two_pass_build(text: str) -> None:
    doc = lines_doc(normalize(text))
    outline = sec.outline_of(doc)
    assert _shape(outline.roots) == _shape(_old_sections_of(doc))
    for title in ("Purpose", "Requirements", "Why", "foo", "R"):
        found, first = sec.find_section(outline.roots, title), outline.first.get(title.lower())
        assert (found.line if found else None) == (first.line if first else None)


def _old_kind(line: str) -> rb._Kind:
    section = rb._SECTION_TITLE.match(line) if line.startswith("##") else None
    top = line.startswith("##") and rb._TOP_LEVEL.match(line) is not None
    req = rb.REQUIREMENT_HEADER.match(line) if line.startswith("#") else None
    h3 = rb._H3.match(line) if line.startswith("###") else None
    return rb._Kind(
        (trim(section.group(2)), trim(section.group(2)).lower()) if section else None,
        top,
        rb.normalize_requirement_name(req.group(1)) if req else None,
        trim(h3.group(1)) if h3 and not req and not top else None,
    )


@settings(max_examples=800, deadline=None)
@given(lines_st)
def test_heading_kind_as_each_pattern_tried(line: str) -> None:
    line = normalize(line).split("\n")[0]
    assert rb._kind(line) == _old_kind(line)
    if line.startswith("####"):  # what _kinds, extract_requirements_section and structure_issues skip
        assert rb._kind(line) == rb._NO_KIND
        assert ss._structure_kind(line)[::2] == (False, None)
    level, title = sec._heading(line)
    prefix, full = sec._HEADER_PREFIX.match(line), sec._HEADER.match(line)
    assert level == (len(prefix.group(1)) if prefix else 0)
    assert title == (trim(full.group(2)) if full else None)


@settings(max_examples=800, deadline=None)
@given(lines_st)
def test_structure_kind_as_the_patterns(line: str) -> None:
    line = normalize(line).split("\n")[0]
    delta, req = ss._DELTA.match(line), ss._REQ.match(line)
    name = None if delta or not req else rb.normalize_requirement_name(req.group(1))
    assert ss._structure_kind(line) == (delta is not None, trim(line), name)


@settings(max_examples=500, deadline=None)
@given(docs)
def test_block_shape_as_the_counts(body: str) -> None:
    from openspec_tool.rules.change_rules import _block_shape

    raw = "### Requirement: R\n" + normalize(body)
    lines = raw.split("\n")[1:]
    scenarios = count_scenarios(lines)
    empty = count_empty_scenarios(lines) if scenarios < 1 else 0
    assert _block_shape(raw) == (extract_requirement_body(lines), scenarios, empty)


@settings(max_examples=300, deadline=None)
@given(docs)
def test_sound_block_has_no_body_issue(body: str) -> None:
    from openspec_tool.read.requirement_text import contains_shall_or_must
    from openspec_tool.rules.spec_rules import requirement_body_issues

    raw = "### Requirement: R\n" + normalize(body)
    text = extract_requirement_body(raw.split("\n")[1:])
    sound = bool(text) and contains_shall_or_must(text)  # what validate_spec_content tests before wording labels
    assert (requirement_body_issues('Requirement "R"', "R", raw, "requirements[0]") == []) == sound


def _old_split_sections(doc: Doc) -> tuple[list[tuple[str, str, int, int]], list[rb.OrphanRequirement]]:
    lines = doc.lines
    heads: list[tuple[str, str, int]] = []
    orphans: list[rb.OrphanRequirement] = []
    section: str | None = None
    in_delta = False
    for i in doc.headers:
        line = lines[i]
        if not line.startswith("##"):
            continue
        m = rb._SECTION_TITLE.match(line)
        if m:
            section = trim(m.group(2))
            in_delta = section.lower() in rb._DELTA_TITLES
            heads.append((section, section.lower(), i))
            continue
        if not in_delta:
            h = rb.REQUIREMENT_HEADER.match(line)
            if h:
                orphans.append(rb.OrphanRequirement(rb.normalize_requirement_name(h.group(1)), section, i + 1))
    ends = [heads[k + 1][2] for k in range(len(heads) - 1)] + [len(lines)]
    return [(t, low, i + 1, end) for (t, low, i), end in zip(heads, ends)], orphans


@settings(max_examples=500, deadline=None)
@given(docs)
def test_delta_sections_as_the_two_pass_split(text: str) -> None:
    doc = lines_doc(normalize(text))
    sections, orphans = rb._split_sections(doc, rb._kinds(doc))
    old_sections, old_orphans = _old_split_sections(doc)
    assert [(t, low, b.start, b.end) for t, low, b in sections] == old_sections
    assert orphans == old_orphans
    for _, _, b in sections:  # each body's slice of headings is the headings between its lines
        assert doc.headers[b.heads : b.heads_end] == [i for i in doc.headers if b.start <= i < b.end]
