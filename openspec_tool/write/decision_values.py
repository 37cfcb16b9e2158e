"""Saving changed weights and scores into the decision file (the TUI's `s`): each value edited where it is.

One edit per value (`write/yaml_edit.py`): a weight in its criterion's entry, a score under `scores:` → option →
criterion; a score or weight not written yet is added in its block with the file's indentation (a flow mapping
`{impact: 3}` gets `, risk: 2`). Comments, layout, line endings and bytes that are not UTF-8 stay as they were.

Under the lock `decide choose` takes, the file is read again, edited, and read back — the decision reader must
find exactly the new values and every other value of the YAML must be unchanged — before it replaces the file
atomically. Raises ValuesError (one line; nothing written) or OSError.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openspec_tool.write.commit import FileLock, PendingWrite
from openspec_tool.write.decision_record import lock_path, read_regular
from openspec_tool.write.yaml_edit import Entry, Step, YamlEditError, keep_bytes, restore, set_value, yaml_number


class ValuesError(ValueError):
    """The values cannot be saved safely; `str()` is one line naming the file. Nothing was written."""


@dataclass(frozen=True)
class ValueEdit:
    """A weight (`option` None) or the score of `option` on `criterion`."""

    criterion: str
    value: float
    option: str | None = None

    @property
    def steps(self) -> list[Step]:
        if self.option is None:
            return ["criteria", Entry("id", self.criterion), "weight"]
        return ["scores", self.option, self.criterion]

    def __str__(self) -> str:
        shown = yaml_number(self.value)
        return f"weight {self.criterion} {shown}" if self.option is None else f"{self.option}: {self.criterion} {shown}"


def apply_edits(text: str, edits: Sequence[ValueEdit], shown: str) -> str:
    """`text` with every edit made (each one span); raises ValuesError naming the edit it could not make."""
    for edit in edits:
        try:
            text = set_value(text, edit.steps, yaml_number(edit.value))
        except YamlEditError as exc:
            raise ValuesError(f"{shown}: cannot save {edit}: {exc}; nothing written") from None
    return text


def _expected(data: Any, edits: Sequence[ValueEdit]) -> Any:
    """What the old file's data becomes with the edits, built on the data (not on the text): the check of the text."""
    import copy

    from openspec_tool.read.yaml12 import load

    out = copy.deepcopy(data)
    for edit in edits:
        value = load(f"v: {yaml_number(edit.value)}\n")["v"]
        if edit.option is None:
            for criterion in out["criteria"]:
                if isinstance(criterion, dict) and criterion.get("id") == edit.criterion:
                    criterion["weight"] = value
            continue
        if not isinstance(out.get("scores"), dict):
            out["scores"] = {}
        if not isinstance(out["scores"].get(edit.option), dict):
            out["scores"][edit.option] = {}
        out["scores"][edit.option][edit.criterion] = value
    return out


def verify(old: str, new: str, edits: Sequence[ValueEdit], shown: str) -> None:
    """Read the edited text back: the decision reader finds the new values, and nothing else of the YAML changed."""
    from openspec_tool.read.decision_file import DecisionFileError, parse_decision
    from openspec_tool.read.yaml12 import YamlError, load

    try:
        before, after = load(old), load(new)
        spec = parse_decision(new, shown, lenient=True)
    except (YamlError, DecisionFileError) as exc:
        raise ValuesError(f"{shown}: the edited file would not read back ({exc}); nothing written") from None
    try:
        expected = _expected(before, edits)
    except (KeyError, TypeError, AttributeError):
        expected = None
    weights = {c.id: c.weight for c in spec.criteria}
    for edit in edits:
        got = weights.get(edit.criterion) if edit.option is None else spec.scores.get(edit.option, {}).get(edit.criterion)
        if got is None or abs(got - float(yaml_number(edit.value))) > 1e-12:
            raise ValuesError(f"{shown}: the edited file would not read back {edit}; nothing written")
    if after != expected:
        raise ValuesError(f"{shown}: the edit would change more than the values saved; nothing written")


def save_values(root: Path, rel: str, edits: Sequence[ValueEdit]) -> int:
    """Write the edits into `rel` (under `root`) as one atomic step; returns how many lines changed."""
    if not edits:
        return 0
    path = root / rel
    with FileLock(lock_path(path)) as lock:
        kept, parsed = keep_bytes(read_regular(path))
        text, out = parsed, kept
        for edit in edits:  # one span at a time, so the bytes around each are put back
            edited = apply_edits(text, [edit], rel)
            out, text = restore(out, text, edited), edited
        verify(parsed, text, edits, rel)
        if text == parsed:
            return 0
        lock.commit([PendingWrite(path, out.encode("utf-8", "surrogateescape"))])
    return _changed_lines(parsed, text)


def _changed_lines(old: str, new: str) -> int:
    import difflib

    opcodes = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines()).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
