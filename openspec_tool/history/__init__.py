"""History from git: lines of content since a base, task burn-ups. Every query is one git subprocess
(`gitio.py`); GitPython, imported lazily, only locates the repository."""
