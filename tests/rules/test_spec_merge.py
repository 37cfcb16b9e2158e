"""The merge archive applies (rules/spec_merge.py): the dry run `validate` uses refuses exactly when the full
build does, with the same message; neither raises anything else on any input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openspec_tool.rules.spec_merge import MergeRefused, build_updated_spec, check_merge

NAMES = st.sampled_from(["Login", "login", "Log  in", "Audit", "Audit Trail", "Remember Me", "X"])
SCENARIOS = st.lists(st.sampled_from(["Ok", "Bad", "Code"]), max_size=3)


def _req(name: str, scenarios: list[str], body: str = "The system SHALL do it.") -> str:
    return f"### Requirement: {name}\n{body}\n\n" + "".join(
        f"#### Scenario: {s}\n- **WHEN** a\n- **THEN** b\n\n" for s in scenarios
    )


REQS = st.builds(_req, NAMES, SCENARIOS)
SECTION = st.one_of(
    st.builds(lambda rs: "## ADDED Requirements\n\n" + "".join(rs), st.lists(REQS, max_size=3)),
    st.builds(lambda rs: "## MODIFIED Requirements\n\n" + "".join(rs), st.lists(REQS, max_size=3)),
    st.builds(
        lambda ns: "## REMOVED Requirements\n" + "".join(f"- ### Requirement: {n}\n" for n in ns) + "\n",
        st.lists(NAMES, max_size=2),
    ),
    st.builds(
        lambda a, b: f"## RENAMED Requirements\n- FROM: `### Requirement: {a}`\n- TO: `### Requirement: {b}`\n\n", NAMES, NAMES
    ),
    st.just("## Purpose\nA purpose that a new capability would carry over into its spec.\n\n"),
)
DELTA = st.builds(lambda parts: "".join(parts), st.lists(SECTION, min_size=1, max_size=4))
SPEC_HEAD = "# S\n\n## Purpose\nThe purpose of this capability, long enough.\n\n## Requirements\n\n"
MAIN = st.one_of(
    st.none(),
    st.builds(
        lambda rs, eol: (
            "# S\n\n## Purpose\nThe purpose of this capability, long enough.\n\n## Requirements\n\n" + "".join(rs)
        ).replace("\n", eol),
        st.lists(REQS, max_size=4),
        st.sampled_from(["\n", "\r\n"]),
    ),
    st.text(max_size=200),
)


def _outcome(call: object) -> str:
    try:
        call()  # type: ignore[operator]
    except MergeRefused as exc:
        return f"refused: {exc}"
    return "ok"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DELTA, MAIN)
def test_the_dry_run_refuses_exactly_when_the_build_does(delta: str, main: str | None) -> None:
    full = _outcome(lambda: build_updated_spec("cap", "change", delta, main, "/specs/cap/spec.md"))
    dry = _outcome(lambda: check_merge("cap", delta, main))
    assert dry == full


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=300)))
def test_any_text_is_merged_or_refused(delta: str, main: str | None) -> None:
    for call in (lambda: build_updated_spec("cap", "c", delta, main), lambda: check_merge("cap", delta, main)):
        _outcome(call)


def test_a_built_spec_keeps_order_and_ends_with_one_newline() -> None:
    main = (
        "# S\n\n## Purpose\nThe purpose of this capability, long enough.\n\n## Requirements\n\n"
        + _req("A", ["Ok"])
        + _req("B", ["Ok"])
    )
    delta = (
        "## MODIFIED Requirements\n\n"
        + _req("A", ["Ok", "Bad"], "The system SHALL a.")
        + "## ADDED Requirements\n\n"
        + _req("C", ["Ok"])
    )
    built = build_updated_spec("cap", "c", delta, main)
    text = built.rebuilt
    assert text.index("Requirement: A") < text.index("Requirement: B") < text.index("Requirement: C")
    assert text.endswith("- **THEN** b\n") and "\n\n\n" not in text
    assert (built.counts.added, built.counts.modified) == (1, 1)
