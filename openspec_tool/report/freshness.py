"""When a report on disk is still fresh: same text, apart from the commit its "as of" line names.

A report cannot name the commit that will contain it: the line says where it was generated, and committing the
report moves HEAD. So a report whose only difference is that line is fresh (`--check` passes, and `openspec
report` leaves the file alone); any other difference, the line included, regenerates it.
"""

from __future__ import annotations

import re

_AS_OF = re.compile(r"As of commit (`|<code>)[0-9a-f]{4,64}(`|</code>) \(\d{4}-\d{2}-\d{2}\)")


def comparable(text: str) -> str:
    """The text with the commit and date of its "as of" line blanked."""
    return _AS_OF.sub(lambda m: f"As of commit {m.group(1)}…{m.group(2)} (…)", text) if "As of commit" in text else text


def same_report(on_disk: str, rendered: str) -> bool:
    return on_disk == rendered or comparable(on_disk) == comparable(rendered)
