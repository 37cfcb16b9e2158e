from openspec_tool.cli.main import run

raise SystemExit(run())
