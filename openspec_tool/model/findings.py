"""Findings and validation reports: what rules return and front ends format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["ERROR", "WARNING", "INFO"]


@dataclass(frozen=True)
class Issue:
    """One issue in the reference CLI's shape (level, path, message, optional line)."""

    level: Level
    path: str
    message: str
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"level": self.level, "path": self.path}
        if self.line is not None:
            out["line"] = self.line
        out["message"] = self.message
        return out


@dataclass(frozen=True)
class Report:
    valid: bool
    issues: list[Issue]

    @staticmethod
    def of(issues: list[Issue], strict: bool) -> Report:
        errors = sum(1 for i in issues if i.level == "ERROR")
        warnings = sum(1 for i in issues if i.level == "WARNING")
        return Report(errors == 0 and (not strict or warnings == 0), issues)

    def counts(self) -> dict[str, int]:
        return {
            "errors": sum(1 for i in self.issues if i.level == "ERROR"),
            "warnings": sum(1 for i in self.issues if i.level == "WARNING"),
            "info": sum(1 for i in self.issues if i.level == "INFO"),
        }


@dataclass(frozen=True)
class Finding:
    """A planning-rule finding (`openspec check`), richer than a reference issue."""

    level: Literal["error", "warning", "info"]
    code: str
    path: str
    line: int | None
    message: str
    change: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "change": self.change,
        }
