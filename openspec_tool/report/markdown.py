"""Proposal text for the HTML report, rendered from its Markdown with markdown-it-py (imported on first use: the
Markdown reports and every other command never pay for it).

Safe by construction: HTML in the source is not HTML (`html: False` shows `<script>` as text); a link keeps its
text but loses its destination unless `links.safe_href` accepts it (http, https, mailto, relative); an image
becomes its alt text (the page's Content-Security-Policy loads nothing external anyway). Allowed links open
with `rel="noopener noreferrer"`.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from openspec_tool.report.links import safe_href

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # every link parsed; `_clean` keeps or unwraps it
    return md


def _clean(tokens: list[Token]) -> list[Token]:
    """Inline tokens with unsafe links unwrapped (their text kept) and images replaced by their alt text."""
    from markdown_it.token import Token

    out: list[Token] = []
    dropped: list[bool] = []  # per open link: was it dropped?
    for tok in tokens:
        if tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            keep = safe_href(href)
            dropped.append(not keep)
            if keep:
                tok.attrSet("rel", "noopener noreferrer")
                out.append(tok)
        elif tok.type == "link_close":
            if not (dropped.pop() if dropped else False):
                out.append(tok)
        elif tok.type == "image":
            out.append(Token("text", "", 0, content=tok.content))
        else:
            if tok.children:
                tok.children = _clean(tok.children)
            out.append(tok)
    return out


# CommonMark's inline syntax starts at one of these (no linkify, no strikethrough, no tables inline); a text without
# any renders as itself, escaped, and needs no parse.
_MARKUP = frozenset("*_`[]<>&\\\n\r\x00")


def inline(text: Any) -> Markup:
    """One line or item of proposal Markdown as inline HTML (emphasis, code, safe links)."""
    source = str(text)
    if _MARKUP.isdisjoint(source):  # plain words: no parse (and no markdown-it import) needed
        return Markup(escape(source.strip(), quote=False).replace('"', "&quot;"))  # as markdown-it escapes
    md = _parser()
    tokens = _clean(md.parseInline(source, {}))
    return Markup(md.renderer.render(tokens, md.options, {}).strip())


def block(text: Any) -> Markup:
    """A passage of proposal Markdown (paragraphs, lists, tables) as HTML, with the same rules as `inline`."""
    source = str(text)
    if not source.strip():
        return Markup("")
    md = _parser()
    tokens = _clean(md.parse(source, {}))
    return Markup(md.renderer.render(tokens, md.options, {}))
