"""Findings, and the report of one validated item.

One type serves every problem found in a file: an issue of the reference CLI's rules (no code), a planning
check's finding (`openspec check`), a file that could not be read (`unreadable`), the hook's own findings.
It stays an object from where it is found to where it is printed; each JSON shape is made there:
`reference_json` (validate), `check_json` (check, the report), the hook's in `cli/commands/hooks.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

Level = Literal["ERROR", "WARNING", "INFO"]

UNREADABLE = "unreadable"  # the code of a file that could not be read or parsed


class Item(NamedTuple):
    """The change or spec a finding is about."""

    type: Literal["change", "spec"]
    id: str


class Finding(NamedTuple):
    """One problem at one place. A NamedTuple: validation makes one per issue, and they cross process pipes."""

    level: Level
    # A file relative to the workspace root (the hook's: to the repository's root), or a reference issue's own
    # path: "file", "requirements.0.text", a delta's "auth/spec.md".
    path: str
    message: str
    line: int | None = None
    code: str = ""  # the planning check ("task-total-mismatch") or UNREADABLE; "" for the reference's rules
    item: Item | None = None

    def __str__(self) -> str:
        """`path:line: message` (`path: message` without a line): the one line a reading problem is shown as."""
        return f"{self.path}:{self.line}: {self.message}" if self.line is not None else f"{self.path}: {self.message}"

    def reference_json(self) -> dict[str, Any]:
        """The reference CLI's issue: level, path, line when known, message."""
        out: dict[str, Any] = {"level": self.level, "path": self.path}
        if self.line is not None:
            out["line"] = self.line
        out["message"] = self.message
        return out

    def check_json(self) -> dict[str, Any]:
        """`openspec check`'s finding (the report's too): the level in lower case, the change it is about."""
        return {
            "level": self.level.lower(),
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "change": self.item.id if self.item is not None and self.item.type == "change" else None,
        }


@dataclass(frozen=True)
class Report:
    valid: bool
    issues: list[Finding]

    @staticmethod
    def of(issues: list[Finding], strict: bool) -> Report:
        errors = sum(1 for i in issues if i.level == "ERROR")
        warnings = sum(1 for i in issues if i.level == "WARNING")
        return Report(errors == 0 and (not strict or warnings == 0), issues)

    def counts(self) -> dict[str, int]:
        return {
            "errors": sum(1 for i in self.issues if i.level == "ERROR"),
            "warnings": sum(1 for i in self.issues if i.level == "WARNING"),
            "info": sum(1 for i in self.issues if i.level == "INFO"),
        }
