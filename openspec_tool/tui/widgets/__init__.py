"""Widgets and cell renderables of the TUI (Textual)."""
