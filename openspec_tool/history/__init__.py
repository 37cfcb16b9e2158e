"""History from git: lines of content since a base, task burn-ups (GitPython, imported lazily)."""
