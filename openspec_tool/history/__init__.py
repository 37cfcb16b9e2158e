"""History from git: lines of content since a base, task burn-ups (git through `openspec_tool.gitrepo`)."""
