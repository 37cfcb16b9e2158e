"""Each speed shortcut of the planning readers agrees with the plain code it stands for.

The readers skip work by cheap tests (a word every match holds, a character every id needs), cache what recurs
and split by hand; here hypothesis checks each against the straightforward version it replaced, kept below.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.read import estimates as est_mod
from openspec_tool.read import plan_lines as pl
from openspec_tool.read import proposal as proposal_mod
from openspec_tool.read import task_text as tt
from openspec_tool.read.mojibake import _LOSSY, _SEQ, _decode, _truncated, repair_mojibake
from openspec_tool.read.plan_lines import OTHER_ONLY, document_lines, label_key, label_line
from openspec_tool.read.task_lines import TASK_LINE

WORDS = [
    "Summary", "Task", "Success Criteria", "Acceptance", "criteria", "Definition of Done", "Risk", "risks",
    "Register", "Notes", "notes & issues", "Table of Contents", "Change log", "Changelog", "History", "Document",
    "overview", "Glossary", "Open Questions", "Status", "Completion", "Appendix A", "TOC", "Legend",
    "Dependencies", "Prerequisites", "Testing Checklist", "checklist", "Phase 1:", "1.2", "a)", "DONE", "COMPLETED",
    "[x]", "[X]", "✅", "✔", "☑", "Implement", "the", "API", "**", "__", ":", "：", "-", "/", "&", "(", ")", "é", "İ",
    "ſ", "K", "  ", "\t", " ", "\r", "\x1c", "\xa0", "{", "}", ";", "est", "after", "priority", "owner", "#",
    ",", "1h", "2-3 hours", "~4h", "(2h)", "(est. 3h)", "(4-5 hours)", "≈", "Task 1.0.2", "T-1", "high",
]  # fmt: skip
phrases = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=8).map("".join)


def _old_nonwork(title: str) -> bool:
    key = pl._NONWORK_KEY_JUNK.sub(" ", pl._NONWORK_NUMBER.sub("", title.strip().lower())).strip()
    return bool(pl._NONWORK.search(key))


@settings(max_examples=600, deadline=None)
@given(phrases)
def test_nonwork_title_as_the_full_expression(title: str) -> None:
    assert pl.nonwork_title(title) == _old_nonwork(title)


@settings(max_examples=400, deadline=None)
@given(phrases)
def test_heading_done_as_the_expression(title: str) -> None:
    assert tt.heading_done(title) == bool(tt._HEADING_DONE.search(title))


def _old_attrs_of(inner: str) -> tt.Attrs | None:
    found: dict[str, str] = {}
    for pair in inner.split(";"):
        key, sep, value = pair.partition(":")
        canon = tt._ATTR_KEYS.get(key.strip().lower())
        if sep and canon:
            found[canon] = value.strip()
    if not found:
        return None
    tokens = (tok.lstrip("#") for tok in tt._DEP_TOKEN.split(found.get("after", "")))
    after = tuple(dict.fromkeys(tok for tok in tokens if tok and tok.lower() not in tt._DEP_WORDS))
    return tt.Attrs(
        est_mod.parse_estimate(found["est"]) if "est" in found else None,
        after,
        tt.normalize_priority(found.get("priority")),
        found.get("owner") or None,
    )


def _old_split_attrs(text: str) -> tuple[tt.Attrs | None, str]:
    if not text.endswith("}") and not text.rstrip().endswith("}"):
        return None, text
    end = text.rstrip()
    start = end.rfind("{")
    inner = end[start + 1 : -1]
    if start < 0 or len(inner) > 400 or "}" in inner:
        return None, text
    attrs = _old_attrs_of(inner)
    return (attrs, text[:start].rstrip()) if attrs is not None else (None, text)


attr_blocks = st.lists(
    st.tuples(
        st.sampled_from(["est", "EST ", " after", "deps", "priority", "owner", "assignee", "x", ""]),
        st.sampled_from([":", ": ", "", "::"]),
        st.lists(st.sampled_from(["1.1", "#2", "T-3", "and", "Task", " ", ",", "\t", "2h", "high", "@ana", "ſ"]), max_size=4).map(
            "".join
        ),
    ).map("".join),
    max_size=4,
).map(";".join)


@settings(max_examples=600, deadline=None)
@given(phrases, attr_blocks, st.sampled_from(["", " ", "\x1c", " \t"]))
def test_attribute_blocks_as_before(text: str, inner: str, tail: str) -> None:
    line = f"{text} {{{inner}}}{tail}"
    assert tt.split_attrs(line) == _old_split_attrs(line)
    assert tt.split_attrs(text) == _old_split_attrs(text)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("after: ;,#1.2\t\x1c\u2003Tand")), max_size=24))
def test_attribute_values_as_before(value: str) -> None:
    inner = f"after:{value}"
    assert tt._attrs_of.__wrapped__(inner) == _old_attrs_of(inner)
    assert tt._attrs_of.__wrapped__(value) == _old_attrs_of(value)


@settings(max_examples=400, deadline=None)
@given(phrases)
def test_plain_titles_cleaned_inline_as_clean_title(text: str) -> None:
    """The checkbox reader cleans an ASCII title without `**`, `__`, double spaces or tabs by hand."""
    if text.isascii() and "**" not in text and "__" not in text and "  " not in text and "\t" not in text:
        assert text.strip().rstrip(":").rstrip() == tt.clean_title(text)


def _old_proposal_title(text: str) -> str:
    title = tt.strip_emoji(text).replace("**", "").replace("__", "").strip().strip("*_`").strip()
    return re.sub(r"\s+", " ", title).rstrip(":").strip()


@settings(max_examples=400, deadline=None)
@given(phrases)
def test_proposal_titles_as_before(text: str) -> None:
    assert proposal_mod.clean_title(text) == _old_proposal_title(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["- [ ] a", "- [x] b", "* [X]", "1. [ ]", "- [", "]", " ", "\r", "\ufeff", "x"]), max_size=6))
def test_a_dropped_cr_or_bom_changes_no_checkbox_match(pieces: list[str]) -> None:
    """Without a mojibake repair the reader matches checkboxes on the lines it reads, not on the raw ones."""
    raw = "".join(pieces)
    for line in (raw, raw + "\r", "\ufeff" + raw, "\ufeff" + raw + "\r"):
        read = document_lines(line)[1][0]
        a, b = TASK_LINE.match(line), TASK_LINE.match(read)
        assert (a is None) == (b is None)
        if a is not None and b is not None:
            assert a.groups() == b.groups()


def _old_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if "\r" in text:
        lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "\r", "\n", "\r\n", "\ufeff", " "]), max_size=12).map("".join))
def test_lines_split_as_before(text: str) -> None:
    raw, lines, fixed = document_lines(text)
    assert fixed == 0 and lines == _old_lines(text) and raw is lines


def _old_repair(text: str) -> tuple[str, int]:
    if not any(_decode(m.group(0)) for m in _SEQ.finditer(text)):
        return text, 0
    parts: list[str] = []
    pos = fixed = 0
    for m in _SEQ.finditer(text):
        run = m.group(0)
        decoded = _decode(run)
        if decoded is not None:
            parts += [text[pos : m.start()], decoded[0] + run[decoded[1] :]]
            pos, fixed = m.end(), fixed + 1
        elif _truncated(run):
            parts += [text[pos : m.start()], _LOSSY.get(run, "\ufffd")]
            pos, fixed = m.end(), fixed + 1
    parts.append(text[pos:])
    return "".join(parts), fixed


cp1252 = st.text(alphabet=st.sampled_from(list("âœ…€”Ã©ğŸ“Šèà¢\x81\x9d\u0153\u2122abc \n")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(cp1252)
def test_mojibake_repaired_as_before(text: str) -> None:
    assert repair_mojibake(text) == _old_repair(text)


def _old_split_estimate(text: str) -> tuple[object, str]:
    if ("(" not in text and "~" not in text) or not est_mod._DIGIT.search(text):
        return None, text
    stripped = text.rstrip(" .;")
    for m in est_mod._PAREN.finditer(stripped):
        inner = m.group(1).strip()
        prefixed = est_mod._EST_PREFIX.match(inner)
        body = inner[prefixed.end() :].strip() if prefixed else inner
        est = est_mod.parse_estimate(body)
        if est is None:
            continue
        whole = est_mod._QUANTITY.fullmatch(body) is not None
        trailing = m.end() == len(stripped)
        if prefixed or (whole and (trailing or body.startswith(("~", "≈")) or est_mod._COMPACT.match(body))):
            return est, (stripped[: m.start()].rstrip() if trailing else text)
    m2 = est_mod._TILDE.search(stripped)
    return (est_mod.parse_estimate(m2.group(0)) if m2 else None), text


@settings(max_examples=500, deadline=None)
@given(phrases)
def test_text_estimates_as_before(text: str) -> None:
    assert est_mod.split_text_estimate(text) == _old_split_estimate(text)


labels = st.lists(
    st.sampled_from(["**", "__", "Priority", "Effort", "S", "M", "Key Metrics", "Dependencies", ":", "**:", ": ", "|", " ",
                     "High", "2 hours", "1-4 hours", "< 1 hour", "None", "Acceptance Criteria", "Total Tasks", "12", "✅"]),
    max_size=10,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(labels)
def test_label_lines_as_parse_labels(text: str) -> None:
    found = tt.parse_labels(text)
    info = label_line(text)
    if not found:
        assert info is None
        return
    assert info is not None and list(info.found) == found
    kinds = {k for k, _ in found}
    assert info.kinds == kinds and info.strong == bool(kinds & tt.STRONG_LABELS) and info.weak == bool(kinds & tt.WEAK_LABELS)
    legend = tt.legend_estimate(label_key(text), found[0][1]) if kinds == OTHER_ONLY else None
    assert info.legend == ((label_key(text).upper(), legend) if legend is not None else None)


def test_s_chars_are_what_s_matches() -> None:
    from openspec_tool.read.jstext import JS_WS, S_CHARS, S

    spaces = {chr(c) for c in range(0x110000) if re.match(S, chr(c))}
    assert spaces == set(S_CHARS) and set(JS_WS) <= spaces


box_lines = st.lists(
    st.tuples(
        st.sampled_from(["", " ", "  ", "\t", "\u2003"]),
        st.sampled_from(["- [ ] ", "- [x] ", "- [X] ", "- [ ]", "* [ ] ", "- [ ]\t", "- [x]  "]),
        st.text(alphabet=st.sampled_from(list("ab [](){}\t \r\u2028\u2029\xa0\x1c\ufeff\x85")), max_size=10),
    ).map("".join),
    min_size=1,
    max_size=8,
)


@settings(max_examples=500, deadline=None)
@given(box_lines)
def test_plain_checkbox_lines_read_as_the_reference_reads_them(lines: list[str]) -> None:
    """`- [ ] text` is read without the regex: the text and mark are the reference's (`parse_task_lines`)."""
    from openspec_tool.read.task_lines import parse_task_lines
    from openspec_tool.read.tasks_doc import parse_tasks

    text = "\n".join(lines)
    reference = parse_task_lines(text)
    tl = parse_tasks(text, "t.md")
    assert (tl.checkbox_count, tl.checkbox_done) == (len(reference), sum(t.done for t in reference))
    # every checkbox is a task here (no headings, fences or labels); a task's text is the reference's description
    assert [(t.line, t.text, t.marker) for t in tl.tasks] == [(r.line_index + 1, r.description, r.marker) for r in reference]


def _old_dependencies(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from openspec_tool.read import task_deps as td

    text = value[: td._MAX_VALUE].strip().strip("*_`").strip()
    if not text or td._NONE.match(text):
        return (), ()
    sections = [m.group(0) for m in td.SECTION_REF.finditer(text)]
    rest = td.SECTION_REF.sub(" ", text) if sections else text
    rest = td._REMARK.sub(" ", rest) if "(" in rest else rest
    found = td._ids_in(rest)
    if not found:
        return (), (text,)
    prose = list(sections)
    if td._LETTERS.search(td._SEPARATORS.sub(" ", td._ID_TOKEN.sub(" ", rest))):
        for part in td._PARTS.split(rest):
            if not td._ids_in(part) and td._LETTERS.search(td._SEPARATORS.sub(" ", part)):
                prose.append(part.strip(" .:"))
    return tuple(dict.fromkeys(found)), tuple(prose)


ids = st.lists(
    st.sampled_from(["T", "NA", "AND", "OR", "TASK", "TASKS", "PART", "PHASE", "STO", "N", "A", "-", ".", "1", "12", "3a",
                     "..", " ", "*", "`", "#", "to", "through", "–", "—", "/"]),
    min_size=1,
    max_size=6,
).map("".join)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(ids)
def test_one_id_dependencies_as_before(value: str) -> None:
    from openspec_tool.read.task_deps import _dependencies

    assert _dependencies.__wrapped__(value) == _old_dependencies(value)
