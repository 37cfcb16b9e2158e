"""openspec-tool: a planning and proposal manager for OpenSpec workspaces."""

__version__ = "0.1.0"
