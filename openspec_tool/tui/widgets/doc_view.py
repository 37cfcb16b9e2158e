"""One markdown file of a change, with its table of contents: shown start first, scrolled from the keyboard
as soon as it is focused, and able to jump to a line (a search hit).

A long file is shown in parts: the first ~120 lines (up to a heading) are mounted at once, the rest is
appended a part at a time after the first frame, so a 1,000-line proposal opens as fast as a short one and
keys are served between parts.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Markdown, MarkdownViewer
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents

from openspec_tool.tui.search import first_part

PART_LINES = 60


class DocView(MarkdownViewer, can_focus=True):
    """`lines_shown` tells how much of the file is mounted; `goto_line` waits for the part it needs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]
    DEFAULT_CSS = """
    DocView MarkdownBlock.search-hit { background: $warning 30%; }
    """

    class Loaded(Message):
        """The whole file is mounted."""

        def __init__(self, view: DocView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, text: str, path: str, classes: str = "doc") -> None:
        super().__init__("", show_table_of_contents=True, open_links=False, classes=classes)
        self.path = path
        self.text = text
        self.loaded = False
        self._started = False
        self._pending_line: int | None = None
        self._hit: MarkdownBlock | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        document = Markdown(open_links=False)
        document.can_focus = False  # the view itself takes focus, so ↓ and PgDn scroll it at once
        yield document
        yield MarkdownTableOfContents(document)

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        """The (empty) document is mounted: the text follows, part by part (the viewer's own handler then
        fills the contents each time)."""
        if not self._started:
            self._started = True
            self.run_worker(self._load(self.text), group="load", exclusive=True)

    async def _load(self, text: str) -> None:
        # Appended, not `update`d: Markdown.append re-reads the last block with the next part, so a part
        # that ends inside a list or a paragraph still joins up.
        first = True
        while text:
            cut = first_part(text, PART_LINES)
            await self._append(text[:cut])
            text = text[cut:]
            if first and text:  # let the first part be drawn before the rest is built
                first = False
                drawn = asyncio.Event()
                self.call_after_refresh(drawn.set)
                await drawn.wait()
        self._finish()

    async def _append(self, part: str) -> None:
        document = self.document
        start = getattr(document, "_last_parsed_line", 0)  # where Markdown.append starts reading again
        seen = set(document.query(MarkdownBlock)) if start else set()
        await document.append(part)
        if start:
            # Markdown.append moves the new top-level blocks to their line in the file, not the blocks inside
            # them (list items, quoted paragraphs): move those too, so a line finds its innermost block.
            for block in document.query(MarkdownBlock):
                if block not in seen and block.parent is not document:
                    a, b = block.source_range
                    block.source_range = (a + start, b + start)

    def _finish(self) -> None:
        self.loaded = True
        if self._pending_line is not None:
            line, self._pending_line = self._pending_line, None
            self.call_after_refresh(self.goto_line, line)
        self.post_message(self.Loaded(self))

    def replace_text(self, text: str) -> None:
        """The file changed on disk: show the new text where the reader was (the scroll position is kept)."""
        self.text, self._hit, self.loaded = text, None, False
        self.run_worker(self._replace(text, self.scroll_y), group="load", exclusive=True)

    async def _replace(self, text: str, y: float) -> None:
        await self.document.update("")
        await self._load(text)
        self.call_after_refresh(self.scroll_to, y=y, animate=False)

    def goto_line(self, line: int) -> None:
        """Scroll so that the block holding `line` (1-based) is at the top, and mark it."""
        block = self._block_at(line - 1)
        if block is None:
            if not self.loaded:
                self._pending_line = line
            return
        if self._hit is not None:
            self._hit.remove_class("search-hit")
        self._hit = block
        block.add_class("search-hit")
        self.scroll_to_widget(block, top=True, animate=False, immediate=True)

    def _block_at(self, line0: int) -> MarkdownBlock | None:
        """The innermost mounted block whose source holds the 0-based line (or the next one after it)."""
        best: MarkdownBlock | None = None
        documents = self.query_children(Markdown)
        if not documents:  # not composed yet
            return None
        for block in documents.first().query(MarkdownBlock):
            start, end = block.source_range
            if start <= line0 < end:
                best = block  # query order is depth first: later hits are nested deeper
            elif best is None and start > line0 and self.loaded:
                return block
        return best
