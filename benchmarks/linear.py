#!/usr/bin/env python3
"""Every reader stays linear in its input (a script, not a test).

usage: python benchmarks/linear.py [--sizes 1,2,4,8] [--only NAME] [--timeout 20]

Feeds each parser pathological inputs of 1, 2, 4 and 8 MB (many headings, one endless line, spaces before an
arrow, a label followed by spaces, deep nesting, unclosed fences, digit runs, brackets, mojibake, tasks by the
ten thousand…) and measures, in a forked child per run, the CPU time and the peak resident memory the parse
adds. A case fails when

* it exceeds the budget at any size: 1 s and 200 MB per 10 MB of input (0.8 s and 160 MB at 8 MB), or
* time or memory grows faster than the input: from the smallest to the largest size more than 1.5× the size
  ratio (times under 50 ms and memory under 20 MB are noise and never fail this), or
* it does not finish within --timeout seconds (a quadratic parser at 8 MB).

Prints one row per case and exits 1 when any fails.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MB = 1024 * 1024
SECONDS_PER_10MB = 1.0
BYTES_PER_10MB = 200 * MB
GROWTH_SLACK = 1.5
NOISE_SECONDS = 0.05
NOISE_BYTES = 20 * MB


def _fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    body = size - len(head) - len(tail)
    return head + unit * max(1, body // len(unit)) + tail


# Each family makes a text of about `size` characters that stresses one shape.
# Each family makes a text of about `size` characters that stresses one shape. Lines are of a length real files
# have (20-60 characters): a budget per megabyte means little for a file of one-character lines.
FAMILIES: dict[str, Callable[[int], str]] = {
    "headings": lambda n: _fill("## A heading of the document\n", n),
    "heading ladder": lambda n: _fill("".join("#" * k + f" Level {k} heading\n" for k in range(1, 8)), n),
    "requirement headings": lambda n: _fill(
        "### Requirement: Something\nThe system SHALL do it.\n#### Scenario: It works\n- **WHEN** used\n", n, HEAD
    ),
    "delta sections": lambda n: _fill("## ADDED Requirements\n### Requirement: R\n", n),
    "one long line": lambda n: _fill("a", n),
    "spaces then arrow": lambda n: _fill(" ", n, "- x: y", "z->"),
    "label then spaces": lambda n: _fill(" ", n, "**Total Tasks**:", "x"),
    "effort then spaces": lambda n: _fill(" ", n, "**Effort**:", "10-20 hours"),
    "metric arrows": lambda n: _fill("- Users: 1 → 2 (+100%) ", n),
    "task items": lambda n: _fill("- [ ] 1.1 Do it (2h) {est: 1h; after: 1.0; priority: high}\n", n, "## 1. Work\n"),
    "rich task blocks": lambda n: _fill(
        "### Task 1.2: Do\n**Priority**: High\n**Estimated Time**: 2 hours\n**Dependencies**: 1.1\n", n
    ),
    "deep nesting": lambda n: "".join("  " * (i % 200) + f"- [ ] {i} a task nested deeply\n" for i in range(n // 230)),
    "unclosed fences": lambda n: _fill("```python\nprint('a line of code')\n", n, HEAD),
    "fence markers": lambda n: _fill("~~~~~~~~~~~~~~~~~~~~~~~~\n", n, HEAD),
    "digit runs": lambda n: _fill("9", n, "**Effort**: ", " hours"),
    "brackets": lambda n: _fill("[(`*{", n),
    "emphasis": lambda n: _fill("**", n),
    "mojibake": lambda n: _fill("Ã©tÃ© â€” une ligne cassÃ©e\n", n),
    "blank lines": lambda n: _fill("              \t\n", n, HEAD),
    "crlf": lambda n: _fill("- [x] 1.1 a task written on Windows\r\n", n),
}
HEAD = "# Spec\n\n## Purpose\nWhat this capability is for, at some length.\n\n## Requirements\n"


def _yaml_list(n: int) -> str:
    return _fill("  - item\n", n, "options:\n")


def _decision(n: int) -> str:
    return _fill(
        "  - id: P\n    options: [a]\n", n, "options: [a]\ncriteria:\n  - {id: c, weight: 1}\nscores:\n  a: {c: 1}\npaths:\n"
    )


def _parsers() -> dict[str, Callable[[str], Any]]:
    from openspec_tool.read.decision_file import DecisionFileError, parse_decision
    from openspec_tool.read.estimates import parse_estimate, text_estimate
    from openspec_tool.read.fence import fence_mask
    from openspec_tool.read.gcpause import gc_paused
    from openspec_tool.read.jstext import decode
    from openspec_tool.read.mojibake import repair_mojibake
    from openspec_tool.read.proposal import parse_proposal
    from openspec_tool.read.requirement_blocks import extract_requirements_section, has_delta_sections, parse_delta_spec
    from openspec_tool.read.sections import SpecParseError, count_requirements, parse_spec
    from openspec_tool.read.task_lines import parse_task_lines
    from openspec_tool.read.task_text import parse_labels, split_attrs
    from openspec_tool.read.tasks_doc import parse_tasks
    from openspec_tool.read.tree import MemoryTree
    from openspec_tool.read.yaml12 import YamlError, load
    from openspec_tool.rules.change_rules import validate_change
    from openspec_tool.rules.spec_rules import validate_spec_content
    from openspec_tool.rules.spec_structure import structure_issues

    def spec_rules(text: str) -> Any:
        return validate_spec_content(text, "cap")

    def change_rules(text: str) -> Any:  # the input as the change's delta spec; the other files small
        tree = MemoryTree(
            {
                "openspec/changes/c/proposal.md": "# C\n## Why\nBecause it is needed by many.\n## What Changes\n- x\n",
                "openspec/changes/c/specs/cap/spec.md": text,
                "openspec/changes/c/tasks.md": "- [ ] 1.1 x\n",
                "openspec/specs/cap/spec.md": HEAD + "### Requirement: R\nThe system SHALL r.\n#### Scenario: s\n- ok\n",
            }
        )
        return validate_change(tree, "openspec/changes/c")

    def lines(fn: Callable[[str], Any]) -> Callable[[str], Any]:
        # One call per line, as a file reader makes them (the collector paused, as readers pause it).
        return gc_paused(lambda text: [fn(line) for line in text.split("\n")])

    def spec(text: str) -> Any:
        try:
            return parse_spec(text, "cap")
        except SpecParseError:
            return None

    def spec_count(text: str) -> Any:
        try:
            return count_requirements(text)
        except SpecParseError:
            return None

    def yaml(text: str) -> Any:
        try:
            return load(text)
        except YamlError:
            return None

    def decision(text: str) -> Any:
        try:
            return parse_decision(text, "d.yaml", lenient=True)
        except DecisionFileError:
            return None

    return {
        "parse_proposal": lambda t: parse_proposal(t, "p.md"),  # issue 11
        "parse_tasks": lambda t: parse_tasks(t, "tasks.md"),  # issue 11
        "parse_task_lines": parse_task_lines,  # issue 11
        "parse_labels (per line)": lines(parse_labels),  # issue 11
        "split_attrs (per line)": lines(split_attrs),  # issue 11
        "parse_estimate (whole)": parse_estimate,  # issue 11
        "text_estimate (per line)": lines(text_estimate),  # issue 11
        "parse_delta_spec": parse_delta_spec,
        "extract_requirements_section": extract_requirements_section,
        "has_delta_sections": has_delta_sections,
        "parse_spec": spec,
        "count_requirements": spec_count,
        "structure_issues": structure_issues,
        "validate_spec_content": spec_rules,
        "validate_change": change_rules,
        "fence_mask": lambda t: fence_mask(t.split("\n")),
        "repair_mojibake": repair_mojibake,
        "decode": lambda t: decode(t.encode("utf-8", "surrogatepass")),
        "yaml12.load": yaml,
        "parse_decision": decision,
    }


# Parsers of structured formats get their own inputs as well as the markdown families.
EXTRA_INPUTS: dict[str, dict[str, Callable[[int], str]]] = {
    "yaml12.load": {"yaml list": _yaml_list, "yaml nested flow": lambda n: "[" * (n // 1000) + "]" * (n // 1000)},
    "parse_decision": {"decision paths": _decision},
}
SKIP_MARKDOWN = {"yaml12.load", "parse_decision"}  # markdown is not their input


def _measure(name: str, family: str, size: int, timeout: float) -> tuple[float, int] | str:
    """(cpu seconds, peak bytes added) of one parse in a forked child; a string when it failed."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        try:
            parse = _parsers()[name]
            make = {**FAMILIES, **EXTRA_INPUTS.get(name, {})}[family]
            text = make(size)
            parse(text[:1000])  # imports and lazy regexes, outside the measure
            with open("/proc/self/statm") as fh:
                base = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            start = time.process_time()
            parse(text)
            spent = time.process_time() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            result: object = (spent, max(0, peak - base))
        except BaseException as exc:  # reported, not raised
            result = f"{type(exc).__name__}: {str(exc)[:80]}"
        os.write(write_fd, pickle.dumps(result))
        os._exit(0)
    os.close(write_fd)
    ready, _, _ = select.select([read_fd], [], [], timeout)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_fd)
        return f"timeout (> {timeout:g} s)"
    with os.fdopen(read_fd, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    value: tuple[float, int] | str = pickle.loads(data) if data else "the child died"
    return value


def _verdict(sizes: list[int], results: list[tuple[float, int]]) -> str | None:
    for size, (spent, peak) in zip(sizes, results):
        scale = size / (10 * MB)
        if spent > SECONDS_PER_10MB * scale + NOISE_SECONDS:
            return f"{spent:.2f} s at {size / MB:g} MB (budget {SECONDS_PER_10MB * scale:.2f} s)"
        if peak > BYTES_PER_10MB * scale + NOISE_BYTES:
            return f"{peak / MB:.0f} MB at {size / MB:g} MB (budget {BYTES_PER_10MB * scale / MB:.0f} MB)"
    ratio = sizes[-1] / sizes[0]
    (t0, m0), (t1, m1) = results[0], results[-1]
    if t1 > NOISE_SECONDS and t1 > max(t0, NOISE_SECONDS / ratio) * ratio * GROWTH_SLACK:
        return f"time grows {t1 / max(t0, 1e-9):.0f}x for {ratio:g}x the input"
    if m1 > NOISE_BYTES and m1 > max(m0, NOISE_BYTES / ratio) * ratio * GROWTH_SLACK:
        return f"memory grows {m1 / max(m0, 1):.0f}x for {ratio:g}x the input"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,2,4,8", help="input sizes in MB (default 1,2,4,8)")
    ap.add_argument("--only", help="only parsers whose name contains this")
    ap.add_argument("--family", help="only input families whose name contains this")
    ap.add_argument("--exclude", default="", help="comma-separated: skip parsers whose name contains one of these")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per parse before it counts as a hang")
    args = ap.parse_args()
    sizes = [int(float(s) * MB) for s in args.sizes.split(",")]
    failures: list[str] = []
    skip = [x for x in args.exclude.split(",") if x]
    names = [n for n in _parsers() if (not args.only or args.only in n) and not any(x in n for x in skip)]
    print(f"{'parser':<30} {'input':<22} " + " ".join(f"{s / MB:>6g}MB" for s in sizes) + "   peak    verdict")
    for name in names:
        families = {} if name in SKIP_MARKDOWN else dict(FAMILIES)
        families.update(EXTRA_INPUTS.get(name, {}))
        for family in families:
            if args.family and args.family not in family:
                continue
            results: list[tuple[float, int]] = []
            problem = None
            for size in sizes:
                got = _measure(name, family, size, args.timeout)
                if isinstance(got, str):
                    problem = got
                    break
                results.append(got)
                if got[0] > args.timeout / 4:  # the next size would only confirm it, slowly
                    break
            if problem is None and len(results) < len(sizes):
                problem = f"{results[-1][0]:.1f} s at {sizes[len(results) - 1] / MB:g} MB: stopped"
            if problem is None:
                problem = _verdict(sizes, results)
            times = " ".join(f"{t:>7.3f}s" for t, _ in results) + "         " * (len(sizes) - len(results))
            peak = f"{results[-1][1] / MB:>5.0f}MB" if results else "     -"
            print(f"{name:<30} {family:<22} {times} {peak}   {problem or 'ok'}", flush=True)
            if problem:
                failures.append(f"{name} on {family}: {problem}")
    if failures:
        print(f"\n{len(failures)} case(s) not linear or over budget:")
        for f in failures:
            print(f"  {f}")
        return 1
    print("\nevery reader is linear and within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
