"""Every command on fuzzed workspaces, in-process, on a bounded budget (issue 10): no exception, no hang, the
documented exit codes, one line per error. `python benchmarks/fuzz.py` runs the same property for longer."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.fuzz_commands import commands, files, run_one


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tree=files, argv=commands)
def test_every_command_survives_any_workspace(tree: dict[str, str | bytes], argv: list[str]) -> None:
    run_one(tree, argv)
