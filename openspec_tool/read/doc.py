"""A document split once: its lines, its fence mask and where its headings are.

Readers walk the heading lines instead of every line, and the same text (a main spec
checked by several changes) is split only once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from openspec_tool.read.fence import fence_mask


@dataclass(frozen=True, slots=True)
class Doc:
    lines: list[str]
    mask: list[bool]
    headers: list[int]  # indices of unfenced lines that start with '#'

    def unfenced(self, i: int) -> bool:
        return not self.mask[i]


@lru_cache(maxsize=128)
def lines_doc(text: str) -> Doc:
    """The Doc of already-normalised text (callers choose the normalisation)."""
    lines = text.split("\n")
    mask = fence_mask(lines)
    if "\n#" in text or text.startswith("#"):
        headers = [i for i, line in enumerate(lines) if line.startswith("#") and not mask[i]]
    else:
        headers = []
    return Doc(lines, mask, headers)
