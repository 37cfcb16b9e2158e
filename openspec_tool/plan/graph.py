"""The dependency graph of a task list: cycles, unknown references, waves, critical path, what is ready.

A task depends on the ids it names (`after:` / `**Dependencies**:`) and on those its ancestors
name: a subtask cannot start before its parent could. A parent does not wait for its children,
and is done only when marked done itself. Ids that name no task are reported, never followed.
Every algorithm here is iterative, so a 100 000-task chain does not hit the recursion limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
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


def effective_dependencies(tasks: Sequence[Task]) -> dict[str, tuple[str, ...]]:
    """Known dependency ids of each task: its own, then its ancestors', in order, without repeats."""
    index = _index(tasks)
    out: dict[str, tuple[str, ...]] = {}
    for task_id, t in index.items():
        deps = [d for d in t.dependencies if d in index]
        lineage = {task_id}
        parent = t.parent
        while parent is not None and parent not in lineage and parent in index:
            lineage.add(parent)
            deps.extend(d for d in index[parent].dependencies if d in index and d not in lineage)
            parent = index[parent].parent
        out[task_id] = tuple(dict.fromkeys(deps))
    return out


def unknown_dependencies(tasks: Sequence[Task]) -> list[tuple[str, str]]:
    """(task id, dependency id) for every named dependency that is no task of the list."""
    index = _index(tasks)
    return [(t.id, d) for t in index.values() for d in t.dependencies if d not in index]


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
        self.edges = effective_dependencies(tasks)
        self.linked = any(self.edges.values())  # most task lists name no dependency at all
        self.open_tasks = {k: t for k, t in self.index.items() if not t.done}
        self.open_edges = {k: tuple(d for d in self.edges[k] if d in self.open_tasks) for k in self.open_tasks}

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
        """Open tasks in rounds: each round needs only done tasks and earlier rounds. Raises GraphCycleError."""
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
            rounds.append([self.open_tasks[k] for k in batch])
        return rounds

    def critical_path(self) -> tuple[list[Task], Estimate]:
        """The longest chain of open tasks by estimate midpoint (then by length); raises GraphCycleError."""
        open_tasks, open_edges = self.open_tasks, self.open_edges
        if not open_tasks:
            return [], ZERO
        position = {task_id: n for n, task_id in enumerate(open_tasks)}
        best: dict[str, tuple[float, int]] = {}
        via: dict[str, str | None] = {}
        for node in self._open_order():
            pred = max(open_edges[node], key=lambda d: (best[d], -position[d]), default=None)
            base = best[pred] if pred is not None else (0.0, 0)
            best[node] = (base[0] + _weight(open_tasks[node]), base[1] + 1)
            via[node] = pred
        end: str | None = max(best, key=lambda k: (best[k], -position[k]))
        path: list[Task] = []
        total = ZERO
        while end is not None:
            t = open_tasks[end]
            path.append(t)
            total = total + (t.estimate or ZERO)
            end = via[end]
        return path[::-1], total

    def remaining_path(self) -> dict[str, tuple[float, int]]:
        """For each open task outside cycles of open tasks: (estimate, length) of the longest open chain it starts."""
        edges = self.open_edges
        if not self.linked:
            return {k: (_weight(t), 1) for k, t in self.open_tasks.items()}
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
            down[node] = (tail[0] + _weight(self.open_tasks[node]), tail[1] + 1)
        return down

    def ranked_ready(self) -> list[tuple[Task, RankKey]]:
        """`ready` with each task's sort key (smaller first), for merging the lists of several changes."""
        index, edges = self.index, self.edges
        down = self.remaining_path()
        found: list[tuple[Task, RankKey]] = []
        for n, (k, t) in enumerate(index.items()):
            if k in down and all(index[d].done for d in edges[k]):
                found.append((t, (-down[k][0], -down[k][1], priority_rank(t.priority), n)))
        found.sort(key=lambda pair: pair[1])
        return found

    def ready(self) -> list[Task]:
        """Open tasks whose dependencies are all done, most critical first (the first of the `waves`).

        Order: longest remaining chain it starts (by estimate, then length), then priority, then
        document order. A task in a cycle of open tasks waits on an open task, so it is never ready;
        unknown dependency ids do not block.
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
