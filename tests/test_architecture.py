"""The import graph keeps the layers of docs/ARCHITECTURE.md: nothing imports upward, the fronts never import each
other, the model and the decision engine do no I/O.

Every `import` of the package counts — at the top of a module, inside a function (the lazy ones) and under
TYPE_CHECKING — as a dependency is one however late it is paid for.
"""

from __future__ import annotations

import ast
import functools
import graphlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "openspec_tool"

# Lowest first. A module may import its own package and the packages of lower layers; never one of a higher layer,
# nor another package of its own layer.
LAYERS: list[tuple[str, set[str]]] = [
    ("base", {"openspec_tool", "exitcode", "forked", "gitrepo"}),  # version, exit codes, forked children, git itself
    ("model", {"model"}),  # the typed model and the units it is shown in: no I/O, nothing of ours below it
    ("engine", {"decide"}),  # the decision engine: no I/O; it formats its sentences with the model's units
    ("read", {"read"}),  # files (disk, git index, memory) → model
    ("derive", {"plan", "history"}),  # task graph, workspace → decision facts (plan → decide); history from git
    ("rules", {"rules"}),  # the reference's rules and its validate/list use cases, planning checks (→ plan's graph)
    ("write", {"write"}),  # every write; archive validates what it writes (→ rules)
    ("fronts", {"report", "tui", "hooks"}),  # each asks the layers below, never another front
    ("entry", {"cli"}),  # the command line: dispatches every command, launching the report, the TUI and the hook
]
LAYER_OF = {pkg: n for n, (_, pkgs) in enumerate(LAYERS) for pkg in pkgs}

# Process entry points sit above everything, like cli/: `python -m openspec_tool` and the hook scripts' fast entry
# (`python -m openspec_tool.hooks`), which hands its output to the CLI's `hooks` command.
ENTRY_POINTS = {"openspec_tool.__main__", "openspec_tool.hooks.__main__"}

# Imports that break the layers today, (module, imported module) → what remains to be done. Keep it empty: fix the
# code instead; an entry is for a fix that belongs to work under way elsewhere.
ALLOWED: dict[tuple[str, str], str] = {}

PURE = {"model", "decide"}
IO_MODULES = {"os", "io", "pathlib", "shutil", "subprocess", "tempfile", "socket", "glob", "fcntl", "signal", "select"}
IO_CALLS = {"open", "print", "input"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(module: str) -> str:
    """The layer unit of a module: `openspec_tool.rules.bulk` → rules; the root package and its top modules by name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


@functools.cache
def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str, tree: ast.Module, is_package: bool) -> Iterator[tuple[str, int]]:
    """(imported module of ours, line) for every import statement, relative ones resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((a.name, node.lineno) for a in node.names if a.name.split(".")[0] == "openspec_tool")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = module.split(".") if is_package else module.split(".")[:-1]
                anchor = here[: len(here) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != "openspec_tool":
                continue
            for alias in node.names:  # `from openspec_tool import report` imports the subpackage (or submodule)
                sub = PACKAGE.parent / f"{base}.{alias.name}".replace(".", "/")
                yield (f"{base}.{alias.name}" if sub.is_dir() or sub.with_suffix(".py").is_file() else base), node.lineno


@functools.cache
def _edges() -> list[tuple[str, str, int]]:
    out = []
    for module, tree in _modules().items():
        is_package = (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists()
        out.extend((module, target, line) for target, line in _imports(module, tree, is_package))
    return out


def test_every_package_has_a_layer() -> None:
    packages = {_package(m) for m in _modules()} - {"__main__"}
    assert packages - set(LAYER_OF) == set(), "place each new package (or top-level module) in LAYERS"
    assert set(LAYER_OF) - packages == set(), "LAYERS names a package that no longer exists"


def _against_layers(edges: list[tuple[str, str, int]]) -> list[str]:
    wrong = []
    for module, target, line in edges:
        src, dst = _package(module), _package(target)
        if src == dst or module in ENTRY_POINTS or (module, target) in ALLOWED:
            continue
        if LAYER_OF[dst] >= LAYER_OF[src]:
            kind = "across its layer" if LAYER_OF[dst] == LAYER_OF[src] else "upward"
            wrong.append(f"{module}:{line} imports {target} ({kind}: {src} → {dst})")
    return wrong


def test_no_import_goes_up_or_across_a_layer() -> None:
    assert _against_layers(_edges()) == []


def test_fronts_never_import_each_other_or_the_cli() -> None:
    fronts = LAYERS[LAYER_OF["tui"]][1]
    crossing = [
        f"{m}:{line} imports {t}"
        for m, t, line in _edges()
        if m not in ENTRY_POINTS and _package(m) in fronts and _package(t) in fronts | {"cli"} and _package(m) != _package(t)
    ]
    assert crossing == []


def test_the_allowed_exceptions_are_still_needed() -> None:
    used = {(m, t) for m, t, _ in _edges()}
    assert [pair for pair in ALLOWED if pair not in used] == [], "drop the exceptions the code no longer needs"


def test_the_package_graph_has_no_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for module, target, _ in _edges():
        if module not in ENTRY_POINTS and _package(module) != _package(target):
            graph.setdefault(_package(module), set()).add(_package(target))
    graphlib.TopologicalSorter(graph).static_order()  # raises CycleError


def _io_uses(module: str, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module.split(".")[0]]
        found += [f"{module}:{node.lineno} imports {n}" for n in names if n in IO_MODULES]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IO_CALLS:
            found.append(f"{module}:{node.lineno} calls {node.func.id}()")
        if isinstance(node, ast.Attribute) and node.attr in ("stdin", "stdout", "stderr"):
            found.append(f"{module}:{node.lineno} uses {node.attr}")
    return found


@pytest.mark.parametrize("package", sorted(PURE))
def test_the_model_and_the_engine_do_no_io(package: str) -> None:
    assert [f for m, tree in _modules().items() if _package(m) == package for f in _io_uses(m, tree)] == []


def test_the_checks_can_fail() -> None:
    """The walker sees lazy, relative and TYPE_CHECKING imports (a checker that sees none passes everything)."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from openspec_tool.cli.output import out\n"
        "def f():\n    from . import tree\n    import openspec_tool.tui.app\n"
        "from openspec_tool import report\n"
    )
    edges = [("openspec_tool.read.x", t, n) for t, n in _imports("openspec_tool.read.x", ast.parse(source), is_package=False)]
    assert {t for _, t, _ in edges} == {
        "openspec_tool.cli.output",
        "openspec_tool.read.tree",
        "openspec_tool.tui.app",
        "openspec_tool.report",
    }
    assert len(_against_layers(edges)) == 3  # all but its own package's
    assert _against_layers([("openspec_tool.model.x", "openspec_tool.decide.engine", 1)]) != []  # across a layer
    io = "from pathlib import Path\nimport os.path\ndef f(p):\n    print(open(p).read(), file=sys.stderr)\n"
    assert len(_io_uses("openspec_tool.model.x", ast.parse(io))) == 5
