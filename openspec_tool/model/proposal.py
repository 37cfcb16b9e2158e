"""A proposal (or any planning document) as sections, metadata, estimates and metrics. No I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from openspec_tool.model.tasks import Estimate

_KEY_JUNK = re.compile(r"[^\w\s]+")
_LEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*|[A-Za-z])[.)]\s+|^\d+(?:\.\d+)*\s+")
_SPACES = re.compile(r"\s+")
_TITLE_PREFIX = re.compile(r"^(?:change\s+proposal|change|proposal)\s*[:：]\s*", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+(?:[-–—:]\s*(?:change\s+)?proposal|\((?:change\s+)?proposal\))$", re.IGNORECASE)


@lru_cache(maxsize=4096)  # the same few headings recur in every proposal
def section_key(title: str) -> str:
    """A heading reduced for matching: no numbering, punctuation or case ("1. Current vs. Target" → "current vs target")."""
    key = _LEADING_NUMBER.sub("", title.strip())
    key = _KEY_JUNK.sub(" ", key.lower())
    return _SPACES.sub(" ", key).strip()


def display_title(title: str) -> str:
    """A change's title as a report shows it: without a leading `Change:` or `Proposal:` (`# Change: Add X` → "Add X")
    or a trailing " - Proposal"."""
    stripped = title
    if ":" in title or "：" in title:
        stripped = _TITLE_PREFIX.sub("", title, count=1).strip()
    if stripped[-8:].lower() in ("proposal", "roposal)"):
        stripped = _TITLE_SUFFIX.sub("", stripped).strip()
    return stripped or title


@dataclass(frozen=True, slots=True)  # slots: a proposal can hold 100,000 sections (~80 bytes each, not ~300)
class ProposalSection:
    title: str  # emoji and decoration stripped: "## 📋 **Executive Summary**" → "Executive Summary"
    level: int
    line: int  # 1-based line of the heading
    content: str  # the text up to the next heading of the same or a higher level

    @property
    def key(self) -> str:
        return section_key(self.title)


@dataclass(frozen=True)
class MetaValue:
    value: str
    line: int


@dataclass(frozen=True)
class EstimateMention:
    """An hour estimate written in a heading, a list item or a scope paragraph: `### Week 1 (~6-8 hours)`,
    `- Write guides (4h)`, `**Production-Grade Docker** (~6 hours):`."""

    text: str
    estimate: Estimate
    line: int
    section: str  # the enclosing level-2 section's title
    heading_level: int  # 0 when written in an item or paragraph
    kind: str = "item"  # "heading", "item" or "scope" (a bold-led scope item)

    def __post_init__(self) -> None:
        if self.heading_level > 0 and self.kind == "item":
            object.__setattr__(self, "kind", "heading")


@dataclass(frozen=True)
class Metric:
    """`Name: A → B (±x%)`: a before/after figure and the change stated for it."""

    name: str
    before: str
    after: str
    stated: str | None  # the text in parentheses, e.g. "+33%"
    line: int
    before_value: float | None = None
    after_value: float | None = None
    stated_percent: float | None = None

    @property
    def computed_percent(self) -> float | None:
        if self.before_value is None or self.after_value is None or self.before_value == 0:
            return None
        return (self.after_value - self.before_value) / self.before_value * 100


@dataclass(frozen=True)
class Proposal:
    path: str
    title: str
    sections: tuple[ProposalSection, ...] = ()
    metadata: dict[str, MetaValue] = field(default_factory=dict)
    estimates: tuple[EstimateMention, ...] = ()
    metrics: tuple[Metric, ...] = ()
    effort: Estimate | None = None  # hours, from `**Effort**`
    timeline_weeks: Estimate | None = None  # weeks, from `**Timeline**`

    def section(self, name: str) -> ProposalSection | None:
        """The first section whose heading matches `name` (numbering, case and punctuation ignored)."""
        key = section_key(name)
        for s in self.sections:
            if s.key == key:
                return s
        for s in self.sections:
            if s.key.startswith(key) or (key.startswith(s.key) and len(s.key) >= 4):
                return s
        return None

    def has_section(self, name: str) -> bool:
        return self.section(name) is not None

    def meta(self, key: str) -> MetaValue | None:
        return self.metadata.get(key.lower())

    @property
    def priority(self) -> str | None:
        value = self.meta("priority")
        return value.value if value else None
