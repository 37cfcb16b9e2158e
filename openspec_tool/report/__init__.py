"""Reports rendered from the model: `openspec report` (Markdown and self-contained HTML).

config.py   which reports a workspace has (`reports:` in openspec/config.yaml, else the defaults)
context.py  the one plain dict every template receives (documented in templates/README.md)
render.py   the sandboxed Jinja environment: packaged templates, workspace overrides, one-line errors
svg.py      inline SVG charts for the HTML report
"""
