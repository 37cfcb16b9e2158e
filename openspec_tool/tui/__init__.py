"""`openspec tui`: the workspace in a terminal UI, and the place where the decision is made.

Nothing here imports Textual at package import time: `data`, `decision_state`, `watch` and `gitbranch`
are plain Python (the model, the readers and the decision engine, as the CLI calls them); `app`,
`screens/` and `widgets/` are the Textual front and are imported only when the TUI starts.
"""
