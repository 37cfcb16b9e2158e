from openspec_tool.cli.runner import run

raise SystemExit(run())
