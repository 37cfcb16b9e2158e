"""The dependency graph of a task list: cycles, unknown and ambiguous references, waves, critical path, ready.

A task depends on the tasks it names (`after:` / `**Dependencies**:`, by the id the document writes) and on
those its ancestors name: a subtask cannot start before its parent could. A task with subtasks (a container)
is started through them: it is never ready itself, it is done when they are, and a task that names it waits
for all of them. An id written on several tasks names all of them (and is reported as ambiguous); a task that
names its own ancestor or descendant is part of it, not after it. Ids that name no task are reported, never
followed. Every algorithm here is iterative, so a 100 000-task chain does not hit the recursion limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from functools import cached_property
from graphlib import CycleError, TopologicalSorter

from openspec_tool.model.tasks import ZERO, Estimate, Task, priority_rank


class GraphCycleError(ValueError):
    def __init__(self, cycles: list[list[str]]) -> None:
        super().__init__("; ".join(format_cycle(c) for c in cycles) or "cycle")
        self.cycles = cycles


def format_cycle(cycle: list[str]) -> str:
    """`cycle: 1.2 → 1.3 → 1.2`"""
    return "cycle: " + " → ".join([*cycle, cycle[0]]) if cycle else "cycle"


def _index(tasks: Sequence[Task]) -> dict[str, Task]:
    index: dict[str, Task] = {}
    for t in tasks:
        index.setdefault(t.id, t)
    return index


def _refs(tasks: Sequence[Task]) -> dict[str, list[str]]:
    """Each id a dependency can name → the tasks it names (several for an id the document repeats)."""
    refs: dict[str, list[str]] = {}
    for t in tasks:
        refs.setdefault(t.id, []).append(t.id)
        ref = t.ref
        if ref is not None and ref != t.id:
            refs.setdefault(ref, []).append(t.id)
    return refs


def _lineages(tasks: Sequence[Task], index: dict[str, Task]) -> dict[str, list[str]]:
    """Each task's ancestors, nearest first."""
    out: dict[str, list[str]] = {}
    for task_id, t in index.items():
        chain: list[str] = []
        seen = {task_id}
        parent = t.parent
        while parent is not None and parent in index and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = index[parent].parent
        out[task_id] = chain
    return out


def _resolved(t: Task, refs: dict[str, list[str]], ancestors: dict[str, list[str]], task_id: str) -> list[str]:
    """The task ids `t`'s written dependencies name, without `task_id`'s own lineage."""
    out: list[str] = []
    for ref in t.dependencies:
        for target in refs.get(ref, ()):
            if task_id not in ancestors.get(target, ()) and target not in ancestors[task_id]:
                out.append(target)
    return out


def effective_dependencies(tasks: Sequence[Task]) -> dict[str, tuple[str, ...]]:
    """Known dependency ids of each task: its own, then its ancestors', in order, without repeats."""
    index = _index(tasks)
    refs = _refs(tasks)
    ancestors = _lineages(tasks, index)
    out: dict[str, tuple[str, ...]] = {}
    for task_id, t in index.items():
        deps = _resolved(t, refs, ancestors, task_id)
        for parent in ancestors[task_id]:
            deps.extend(_resolved(index[parent], refs, ancestors, task_id))
        out[task_id] = tuple(dict.fromkeys(deps))
    return out


def unknown_dependencies(tasks: Sequence[Task]) -> list[tuple[str, str]]:
    """(task id, dependency id) for every named dependency that is no task of the list."""
    refs = _refs(tasks)
    return [(t.id, d) for t in _index(tasks).values() for d in t.dependencies if d not in refs]


def ambiguous_dependencies(tasks: Sequence[Task]) -> list[tuple[str, str, list[str]]]:
    """(task id, dependency id, the tasks it could mean) for dependencies on an id the document repeats."""
    refs = _refs(tasks)
    return [(t.id, d, refs[d]) for t in _index(tasks).values() for d in t.dependencies if len(refs.get(d, ())) > 1]


def _sccs(nodes: list[str], edges: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    for root in nodes:
        if root in order:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, pos = work.pop()
            if pos == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
                on_stack.add(node)
            succ = edges.get(node, ())
            if pos < len(succ):
                work.append((node, pos + 1))
                nxt = succ[pos]
                if nxt not in order:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], order[nxt])
                continue
            if low[node] == order[node]:
                comp: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp.append(member)
                    if member == node:
                        break
                result.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def _cycle_through(start: str, members: set[str], edges: dict[str, tuple[str, ...]]) -> list[str]:
    """The shortest cycle from `start` back to itself inside one component (breadth first)."""
    came: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in edges.get(node, ()):
            if nxt not in members:
                continue
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came[path[-1]])
                return path[::-1]
            if nxt not in came:
                came[nxt] = node
                queue.append(nxt)
    return [start]


def _knots(nodes: list[str], edges: dict[str, tuple[str, ...]]) -> tuple[list[list[str]], set[str]]:
    """(one named cycle per knot, every node inside a knot); `nodes` in document order."""
    position = {node: n for n, node in enumerate(nodes)}
    cycles: list[list[str]] = []
    members: set[str] = set()
    for comp in _sccs(nodes, edges):
        if len(comp) == 1 and comp[0] not in edges.get(comp[0], ()):
            continue
        members.update(comp)
        start = min(comp, key=position.__getitem__)
        cycles.append(_cycle_through(start, set(comp), edges))
    cycles.sort(key=lambda c: position[c[0]])
    return cycles, members


class TaskGraph:
    """One task list's graph, its index and edges computed once for every question asked of it."""

    def __init__(self, tasks: Sequence[Task]) -> None:
        self.tasks = tasks
        self.index = _index(tasks)
        self.declared = any(t.dependencies or t.prose_dependencies for t in tasks)  # most task lists name none
        self.children: dict[str, list[str]] = {}
        for t in self.index.values():
            if t.parent is not None and t.parent in self.index:
                self.children.setdefault(t.parent, []).append(t.id)
        self.edges: dict[str, tuple[str, ...]] = (
            effective_dependencies(tasks) if any(t.dependencies for t in tasks) else dict.fromkeys(self.index, ())
        )
        for parent, kids in self.children.items():  # a container is finished by its subtasks
            self.edges[parent] = tuple(dict.fromkeys((*self.edges[parent], *kids)))
        self.linked = any(self.edges.values())
        self.open_tasks = {k: t for k, t in self.index.items() if not t.done}
        self._covered: dict[str, bool] = {}
        self.open_edges = {k: tuple(d for d in self.edges[k] if d in self.open_tasks) for k in self.open_tasks}

    def is_container(self, task_id: str) -> bool:
        return task_id in self.children

    @cached_property
    def _rolled(self) -> dict[str, Estimate | None]:
        """The estimate each task adds: its own, unless an ancestor's estimate already covers it (a rollup is not
        added to its own breakdown, as in `TaskList.estimate_total`)."""
        out: dict[str, Estimate | None] = {}
        for k, t in self.index.items():  # parents come before their subtasks
            parent = t.parent
            covered = parent is not None and parent in out and (out[parent] is not None or self._covered.get(parent, False))
            self._covered[k] = covered
            out[k] = None if covered else t.estimate
        return out

    @cached_property
    def _weights(self) -> dict[str, tuple[float, int]]:
        """(hours, count) each open task adds to a chain; a container counts as no task of its own."""
        rolled = self._rolled
        out: dict[str, tuple[float, int]] = {}
        for k in self.open_tasks:
            est = rolled[k]
            out[k] = (est.mid if est is not None else 0.0, 0 if k in self.children else 1)
        return out

    def cycles(self) -> list[list[str]]:
        """One cycle per knot of mutually dependent tasks, named from its first task in document order."""
        return _knots(list(self.index), self.edges)[0] if self.linked else []

    def _open_order(self) -> list[str]:
        """Open tasks, each after its open dependencies; raises GraphCycleError."""
        return _order(self._sorter()) if self.linked else list(self.open_tasks)

    def _sorter(self) -> TopologicalSorter[str]:
        """The open tasks prepared for sorting; raises GraphCycleError."""
        try:
            return _sorted(self.open_edges)
        except CycleError:
            raise GraphCycleError(self.cycles()) from None

    def waves(self) -> list[list[Task]]:
        """Open tasks in rounds: each round needs only done tasks and earlier rounds (containers, which are
        finished by their subtasks, are left out). Raises GraphCycleError."""
        if not self.open_tasks:
            return []
        if not self.linked:
            return [list(self.open_tasks.values())]
        position = {task_id: n for n, task_id in enumerate(self.open_tasks)}
        sorter = self._sorter()
        rounds: list[list[Task]] = []
        while sorter.is_active():
            batch = sorted(sorter.get_ready(), key=position.__getitem__)
            sorter.done(*batch)
            work = [self.open_tasks[k] for k in batch if k not in self.children]
            if work:
                rounds.append(work)
        return rounds

    def critical_path(self) -> tuple[list[Task], Estimate]:
        """The longest chain of open tasks by estimate midpoint (then by length); ([], 0) when the list declares
        no dependency (there is no chain, only tasks) or its open tasks neither wait on each other nor state hours.
        Raises GraphCycleError."""
        open_tasks, open_edges = self.open_tasks, self.open_edges
        if not open_tasks or not self.declared:
            return [], ZERO
        if not any(open_edges.values()) and not any(t.estimate for t in open_tasks.values()):
            return [], ZERO  # open tasks that wait on nothing and state no hours: no chain to name
        weights = self._weights
        position = {task_id: n for n, task_id in enumerate(open_tasks)}
        best: dict[str, tuple[float, int]] = {}
        via: dict[str, str | None] = {}
        for node in self._open_order():
            pred = max(open_edges[node], key=lambda d: (best[d], -position[d]), default=None)
            base = best[pred] if pred is not None else (0.0, 0)
            own = weights[node]
            best[node] = (base[0] + own[0], base[1] + own[1])
            via[node] = pred
        end: str | None = max(best, key=lambda k: (best[k], -position[k]))
        path: list[Task] = []
        total = ZERO
        rolled = self._rolled
        while end is not None:
            t = open_tasks[end]
            if weights[end] != (0.0, 0):
                path.append(t)
                total = total + (rolled[end] or ZERO)
            end = via[end]
        return path[::-1], total

    def remaining_path(self) -> dict[str, tuple[float, int]]:
        """For each open task outside cycles of open tasks: (estimate, length) of the longest open chain it starts."""
        edges = self.open_edges
        weights = self._weights
        if not self.linked:
            return dict(weights)
        try:
            order = _order(_sorted(edges))
        except CycleError:
            blocked = _knots(list(edges), edges)[1]
            edges = {k: tuple(d for d in v if d not in blocked) for k, v in edges.items() if k not in blocked}
            order = _order(_sorted(edges))
        dependents: dict[str, list[str]] = {k: [] for k in edges}
        for node, deps in edges.items():
            for d in deps:
                dependents[d].append(node)
        down: dict[str, tuple[float, int]] = {}
        for node in reversed(order):
            tail = max((down[s] for s in dependents[node]), default=(0.0, 0))
            own = weights[node]
            down[node] = (tail[0] + own[0], tail[1] + own[1])
        return down

    def ranked_ready(self) -> list[tuple[Task, RankKey]]:
        """`ready` with each task's sort key (smaller first), for merging the lists of several changes."""
        index, edges = self.index, self.edges
        down = self.remaining_path()
        found: list[tuple[Task, RankKey]] = []
        for n, (k, t) in enumerate(index.items()):
            if k in down and k not in self.children and all(index[d].done for d in edges[k]):
                found.append((t, (-down[k][0], -down[k][1], priority_rank(t.priority), n)))
        found.sort(key=lambda pair: pair[1])
        return found

    def ready(self) -> list[Task]:
        """Open tasks whose dependencies are all done, most critical first (the first of the `waves`).

        Order: longest remaining chain it starts (by estimate, then length), then priority, then
        document order. A task in a cycle of open tasks waits on an open task, so it is never ready;
        a container is started through its subtasks, so it is never ready itself; unknown dependency ids do
        not block.
        """
        return [t for t, _ in self.ranked_ready()]


RankKey = tuple[float, int, int, int]


def _sorted(open_edges: dict[str, tuple[str, ...]]) -> TopologicalSorter[str]:
    """Raises CycleError."""
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for node, deps in open_edges.items():
        sorter.add(node, *deps)
    sorter.prepare()
    return sorter


def _order(sorter: TopologicalSorter[str]) -> list[str]:
    order: list[str] = []
    while sorter.is_active():
        batch = sorter.get_ready()
        sorter.done(*batch)
        order.extend(batch)
    return order


def _weight(t: Task) -> float:
    return t.estimate.mid if t.estimate else 0.0


def find_cycles(tasks: Sequence[Task]) -> list[list[str]]:
    return TaskGraph(tasks).cycles()


def waves(tasks: Sequence[Task]) -> list[list[Task]]:
    return TaskGraph(tasks).waves()


def critical_path(tasks: Sequence[Task]) -> tuple[list[Task], Estimate]:
    return TaskGraph(tasks).critical_path()


def remaining_path(tasks: Sequence[Task]) -> dict[str, tuple[float, int]]:
    return TaskGraph(tasks).remaining_path()


def ranked_ready(tasks: Sequence[Task]) -> list[tuple[Task, RankKey]]:
    return TaskGraph(tasks).ranked_ready()


def ready(tasks: Sequence[Task]) -> list[Task]:
    return TaskGraph(tasks).ready()
