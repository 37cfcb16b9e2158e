"""One markdown file of a change, with its table of contents: shown start first, scrolled from the keyboard
as soon as it is focused, and able to jump to a line (a search hit).

A long file is shown in parts: its first ~30 lines (up to a heading or a paragraph) are mounted at once, the
rest is appended a part at a time after the first frame, so a 1,000-line proposal opens as fast as a short one
and keys are served between parts. (Textual's MarkdownViewer is not used: it and its document each parse an
empty text in a thread first, which delayed the first frame by a tenth of a second and more.)
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents

from openspec_tool.tui.search import first_part

FIRST_LINES = 20  # about a screenful: what must show at once
PART_LINES = 150  # then the rest, a part at a time (keys are served between parts)


class Document(Markdown):
    """A Markdown that starts empty without parsing anything: DocView appends the text."""

    def _on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # not Markdown's own mount (an empty update, parsed in a thread)
        Widget._on_mount(self, event)


class DocView(VerticalScroll, can_focus=True):
    """`loaded` tells when the whole file is mounted; `goto_line` waits for the part it needs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]
    DEFAULT_CSS = """
    DocView {
        height: 1fr;
        scrollbar-gutter: stable;
        background: $surface;
        & > MarkdownTableOfContents { display: none; dock: left; }
    }
    DocView.-show-table-of-contents > MarkdownTableOfContents { display: block; }
    DocView MarkdownBlock.search-hit { background: $warning 30%; }
    """
    show_table_of_contents = reactive(True)

    def __init__(self, text: str, path: str, classes: str = "doc") -> None:
        super().__init__(classes=classes)
        self.path = path
        self.text = text
        self.loaded = False
        self._pending_line: int | None = None
        self._hit: MarkdownBlock | None = None

    @property
    def document(self) -> Markdown:
        return self.query_one(Document)

    def compose(self) -> ComposeResult:
        document = Document(open_links=False)
        yield document
        yield MarkdownTableOfContents(document)

    def on_mount(self) -> None:
        self.run_worker(self._load(self.text), group="load", exclusive=True)

    def watch_show_table_of_contents(self, show: bool) -> None:
        self.set_class(show, "-show-table-of-contents")

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        self.query_one(MarkdownTableOfContents).table_of_contents = event.table_of_contents
        event.stop()

    def on_markdown_table_of_contents_selected(self, event: Markdown.TableOfContentsSelected) -> None:
        self.scroll_to_widget(self.query_one(f"#{event.block_id}", MarkdownBlock), top=True)
        event.stop()

    async def _load(self, text: str) -> None:
        # Appended, not `update`d: Markdown.append re-reads the last block with the next part, so a part
        # that ends inside a list or a paragraph still joins up.
        first = True
        while text:
            cut = first_part(text, FIRST_LINES if first else PART_LINES)
            try:
                await self._append(text[:cut])
            except NoMatches:  # the screen was closed meanwhile
                return
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
