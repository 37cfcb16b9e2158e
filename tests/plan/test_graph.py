"""The task graph on hand-worked examples: a diamond, a chain with estimates, cycles, inheritance."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openspec_tool.model.tasks import ZERO, Estimate, Task
from openspec_tool.plan.graph import (
    GraphCycleError,
    TaskGraph,
    critical_path,
    effective_dependencies,
    find_cycles,
    format_cycle,
    ready,
    unknown_dependencies,
    waves,
)
from openspec_tool.read.tasks_doc import parse_tasks


def task(
    task_id: str,
    after: Sequence[str] = (),
    hours: tuple[float, float] | None = None,
    done: bool = False,
    parent: str | None = None,
    priority: str | None = None,
    line: int = 1,
) -> Task:
    est = Estimate(*hours) if hours else None
    return Task(task_id, task_id, task_id, done, "", None, 0, line, parent, priority, est, tuple(after))


def ids(tasks: Sequence[Task]) -> list[str]:
    return [t.id for t in tasks]


DIAMOND = [
    task("a", hours=(1, 1)),
    task("b", ["a"], hours=(2, 2)),
    task("c", ["a"], hours=(4, 6)),
    task("d", ["b", "c"], hours=(1, 2)),
]


def test_diamond() -> None:
    assert [ids(w) for w in waves(DIAMOND)] == [["a"], ["b", "c"], ["d"]]
    path, total = critical_path(DIAMOND)
    assert ids(path) == ["a", "c", "d"] and total == Estimate(6, 9)
    assert ids(ready(DIAMOND)) == ["a"]
    assert find_cycles(DIAMOND) == [] and unknown_dependencies(DIAMOND) == []


def test_diamond_with_a_done_root() -> None:
    tasks = [task("a", done=True), *DIAMOND[1:]]
    assert [ids(w) for w in waves(tasks)] == [["b", "c"], ["d"]]
    assert ids(ready(tasks)) == ["c", "b"]  # c starts the longer remaining chain (5 + 1.5 > 2 + 1.5)


def test_chain_fixture_critical_path_and_ready_order() -> None:
    text = (
        "- [x] 1. Done {est: 5h}\n- [ ] 2. Design {est: 2-4h; after: 1}\n- [ ] 3. Build {est: 4-6h; after: 2}\n"
        "- [ ] 4. Ship {est: 1h; after: 3}\n- [ ] 5. Side {est: 8h; after: 1}\n- [ ] 6. Docs {est: 30m; priority: high}\n"
        "- [ ] 7. Polish {priority: low}\n- [ ] 8. Tidy\n"
    )
    tasks = parse_tasks(text, "t.md").tasks
    path, total = critical_path(tasks)
    # 2 → 3 → 4 is 3 + 5 + 1 = 9h at the midpoints, longer than 5 alone (8h); done task 1 is not on it
    assert ids(path) == ["2", "3", "4"] and total == Estimate(7, 11)
    assert [ids(w) for w in waves(tasks)] == [["2", "5", "6", "7", "8"], ["3"], ["4"]]
    # then by priority (high before low before none), then document order
    assert ids(ready(tasks)) == ["2", "5", "6", "7", "8"]


def test_priority_breaks_ties_before_document_order() -> None:
    tasks = [task("x"), task("y", priority="low"), task("z", priority="CRITICAL")]
    assert ids(ready(tasks)) == ["z", "y", "x"]


def test_cycle_is_named_and_blocks_waves() -> None:
    tasks = [task("1.1"), task("1.2", ["1.3"]), task("1.3", ["1.2"]), task("1.4", ["1.2"]), task("1.5", ["1.5"])]
    cycles = find_cycles(tasks)
    assert cycles == [["1.2", "1.3"], ["1.5"]]
    assert format_cycle(cycles[0]) == "cycle: 1.2 → 1.3 → 1.2"
    with pytest.raises(GraphCycleError) as info:
        waves(tasks)
    assert info.value.cycles == cycles
    with pytest.raises(GraphCycleError):
        critical_path(tasks)
    assert ids(ready(tasks)) == ["1.1"]  # cycle members and what waits on them are never ready


def test_three_cycle_is_named_from_its_first_task() -> None:
    tasks = [task("c", ["a"]), task("a", ["b"]), task("b", ["c"]), task("d", ["a"])]
    assert find_cycles(tasks) == [["c", "a", "b"]]


def test_a_cycle_of_done_tasks_does_not_block_waves() -> None:
    tasks = [task("a", ["b"], done=True), task("b", ["a"], done=True), task("c", ["a"])]
    assert find_cycles(tasks) == [["a", "b"]]
    assert [ids(w) for w in waves(tasks)] == [["c"]]


def test_unknown_dependencies_are_reported_not_blocking() -> None:
    tasks = [task("1", ["9.9"]), task("2", ["1", "ghost"])]
    assert unknown_dependencies(tasks) == [("1", "9.9"), ("2", "ghost")]
    assert ids(ready(tasks)) == ["1"]


def test_subtasks_inherit_their_parents_dependencies() -> None:
    tasks = [task("0"), task("1", ["0"]), task("1.1", parent="1"), task("1.2", ["1"], parent="1")]
    deps = effective_dependencies(tasks)
    # 1.2 names its own parent: it is part of 1, not after it
    assert deps["1.1"] == ("0",) and deps["1.2"] == ("0",)
    assert ids(ready(tasks)) == ["0"]
    assert find_cycles(tasks) == []
    # the container is started through its subtasks: never ready itself
    assert ids(ready([task("0", done=True), *tasks[1:]])) == ["1.1", "1.2"]


def test_a_container_is_finished_by_its_subtasks() -> None:
    tasks = [
        task("1", hours=(9, 9)),
        task("1.1", parent="1", hours=(1, 1), line=2),
        task("1.2", ["1.1"], parent="1", hours=(2, 2), line=3),
        task("2", ["1"], hours=(1, 1), line=4),
    ]
    graph = TaskGraph(tasks)
    assert graph.is_container("1") and not graph.is_container("2")
    assert ids(graph.ready()) == ["1.1"]
    assert [ids(w) for w in graph.waves()] == [["1.1"], ["1.2"], ["2"]]  # the container is in no wave
    path, total = graph.critical_path()
    # 2 waits for all of 1; 1's own 9h covers its subtasks (a rollup, as in the task list's estimate total)
    assert ids(path) == ["1.1", "1.2", "1", "2"] and total == Estimate(10, 10)


def test_a_container_without_estimated_subtasks_carries_its_own() -> None:
    tasks = [task("1", hours=(8, 8)), task("1.1", parent="1", line=2), task("2", ["1"], hours=(1, 1), line=3)]
    path, total = critical_path(tasks)
    assert ids(path) == ["1.1", "1", "2"] and total == Estimate(9, 9)


def test_a_repeated_id_names_every_task_that_carries_it() -> None:
    from openspec_tool.model.tasks import TaskDetails
    from openspec_tool.plan.graph import ambiguous_dependencies

    a = task("P-1@L1", line=1)._replace(details=TaskDetails(ref="P-1"))
    b = task("P-1@L5", line=5, done=True)._replace(details=TaskDetails(ref="P-1"))
    c = task("Q", ["P-1"], line=9)
    assert ambiguous_dependencies([a, b, c]) == [("Q", "P-1", ["P-1@L1", "P-1@L5"])]
    assert unknown_dependencies([a, b, c]) == []
    assert ids(ready([a, b, c])) == ["P-1@L1"]  # Q waits for both


def test_no_dependencies_declared_means_no_critical_path() -> None:
    tasks = [task("a", hours=(5, 5)), task("b", hours=(1, 1))]
    graph = TaskGraph(tasks)
    assert not graph.declared and graph.critical_path() == ([], ZERO)
    assert ids(graph.ready()) == ["a", "b"]


def test_empty_and_all_done() -> None:
    assert waves([]) == [] and critical_path([]) == ([], ZERO) and ready([]) == []
    done = [task("a", done=True)]
    assert critical_path(done) == ([], ZERO) and ready(done) == []


def test_long_chain_needs_no_recursion() -> None:
    tasks = [task(str(i), [str(i - 1)] if i else [], hours=(1, 1)) for i in range(5000)]
    assert len(waves(tasks)) == 5000
    path, total = critical_path(tasks)
    assert len(path) == 5000 and total == Estimate(5000, 5000)
    ring = [task(str(i), [str((i - 1) % 5000)]) for i in range(5000)]
    (cycle,) = find_cycles(ring)
    assert len(cycle) == 5000 and cycle[:2] == ["0", "4999"]


_IDS = [str(i) for i in range(8)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from([*_IDS, "x"]), max_size=3), st.booleans()), min_size=1, max_size=8))
def test_graph_functions_agree(spec: list[tuple[list[str], bool]]) -> None:
    tasks = [task(_IDS[i], after, done=done) for i, (after, done) in enumerate(spec)]
    cycles = find_cycles(tasks)
    open_ids = {t.id for t in tasks if not t.done}
    by_id = {t.id: t for t in tasks}
    ready_ids = set(ids(ready(tasks)))
    assert ready_ids <= open_ids
    assert all(by_id[d].done for r in ready_ids for d in by_id[r].dependencies if d in by_id)
    try:
        rounds = waves(tasks)
    except GraphCycleError:
        assert cycles  # a cycle among open tasks
        return
    assert ready_ids == (set(ids(rounds[0])) if rounds else set())
    seen: set[str] = set()
    for wave in rounds:
        for t in wave:
            assert all(d in seen or d not in _IDS[: len(spec)] or tasks[_IDS.index(d)].done for d in t.dependencies)
        seen.update(ids(wave))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.one_of(st.none(), st.integers(0, 3)), st.sampled_from([None, "low", "high"])),
        max_size=8,
    )
)
def test_lists_without_dependencies_take_the_short_way_to_the_same_answers(
    spec: list[tuple[bool, int | None, str | None]],
) -> None:
    """Most task lists name no dependency: their graph skips sorting and cycle search, with the same results."""
    tasks = [
        task(f"t{i}", hours=(h, h + 1) if h is not None else None, done=done, priority=prio)
        for i, (done, h, prio) in enumerate(spec)
    ]
    short = TaskGraph(tasks)
    general = TaskGraph(tasks)
    assert not short.linked
    general.linked = True  # force sorting and cycle search
    assert short.cycles() == general.cycles() == []
    assert short.waves() == general.waves()
    assert short.critical_path() == general.critical_path()
    assert short.remaining_path() == general.remaining_path()
    assert short.ranked_ready() == general.ranked_ready()
