"""The shapes a change's `.openspec.yaml` and a workflow `schema.yaml` must have to be read: the reference's zod
schemas, ported with their wording. The readers (`schemas.py`) refuse a document of another shape with these words.

The first problem's wording matters: the reference quotes it when it refuses a `skip_specs` marker.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
KEBAB_MESSAGE = "must be kebab-case with lowercase letters, numbers, and single hyphen separators"

Problem = tuple[str, str]  # (dotted path, message)


def js_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _expected(kind: str, value: Any, missing: bool = False) -> str:
    return f"Invalid input: expected {kind}, received {'undefined' if missing else js_type(value)}"


def _string(doc: dict[str, Any], key: str, path: str, out: list[Problem], *, optional: bool, min_message: str | None) -> None:
    if key not in doc:
        if not optional:
            out.append((path, _expected("string", None, missing=True)))
        return
    value = doc[key]
    if not isinstance(value, str):
        out.append((path, _expected("string", value)))
    elif min_message and not value:
        out.append((path, min_message))


def metadata_problems(doc: Any) -> list[Problem]:
    """Every way `doc` fails the reference's ChangeMetadataSchema, in its key order."""
    # A date object exists only if its module was imported (PyYAML imports it): no need to import it to ask.
    datetime = sys.modules.get("datetime")
    if not isinstance(doc, dict):
        return [("", _expected("object", doc))]
    out: list[Problem] = []
    _string(doc, "schema", "schema", out, optional=False, min_message="schema is required")
    if "created" in doc:
        created = doc["created"]
        if datetime is not None and isinstance(created, datetime.date):
            created = created.isoformat()
        if not isinstance(created, str):
            out.append(("created", _expected("string", created)))
        elif not _DATE.match(created):
            out.append(("created", "created must be YYYY-MM-DD format"))
    _string(doc, "goal", "goal", out, optional=True, min_message="Too small: expected string to have >=1 characters")
    if "affected_areas" in doc:
        areas = doc["affected_areas"]
        if not isinstance(areas, list):
            out.append(("affected_areas", _expected("array", areas)))
        else:
            for i, area in enumerate(areas):
                if not isinstance(area, str):
                    out.append((f"affected_areas.{i}", _expected("string", area)))
                elif not area:
                    out.append((f"affected_areas.{i}", "Too small: expected string to have >=1 characters"))
    if "initiative" in doc:
        ini = doc["initiative"]
        if not isinstance(ini, dict):
            out.append(("initiative", _expected("object", ini)))
        else:
            for key, label in (("store", "Store id"), ("id", "Initiative id")):
                if key not in ini or not isinstance(ini[key], str):
                    out.append((f"initiative.{key}", _expected("string", ini.get(key), missing=key not in ini)))
                elif not _KEBAB.match(ini[key]):
                    out.append((f"initiative.{key}", f"{label} {KEBAB_MESSAGE}"))
            extra = [k for k in ini if k not in ("store", "id")]
            if extra:
                keys = ", ".join(f'"{k}"' for k in extra)
                out.append(("initiative", f"Unrecognized key{'s' if len(extra) > 1 else ''}: {keys}"))
    for key in ("skip_specs", "retire_capabilities"):
        if key in doc and not isinstance(doc[key], bool):
            out.append((key, _expected("boolean", doc[key])))
    return out


def _relative_path(value: Any, field: str, path: str, out: list[Problem], *, nullable: bool = False) -> None:
    if value is None and nullable:
        return
    if not isinstance(value, str):
        out.append((path, _expected("string", value, missing=value is None)))
        return
    if not value:
        out.append((path, f"{field} is required"))
        return
    segments = re.split(r"[\\/]+", value)
    if value.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", value) or ".." in segments or "\0" in value:
        out.append((path, f"{field} must be a relative path inside its allowed directory"))


def schema_problem(doc: Any) -> str | None:
    """Why a workflow schema.yaml is refused (the reference's parseSchema message), or None."""
    if not isinstance(doc, dict):
        return f"Invalid schema: : {_expected('object', doc)}"
    out: list[Problem] = []
    _string(doc, "name", "name", out, optional=False, min_message="Schema name is required")
    version = doc.get("version")
    if "version" not in doc or not isinstance(version, (int, float)) or isinstance(version, bool):
        out.append(("version", _expected("number", version, missing="version" not in doc)))
    elif not math.isfinite(version) or version != int(version):
        out.append(("version", "Invalid input: expected int, received number"))
    elif version <= 0:
        out.append(("version", "Version must be a positive integer"))
    if "description" in doc and not isinstance(doc["description"], str):
        out.append(("description", _expected("string", doc["description"])))
    artifacts = doc.get("artifacts")
    if not isinstance(artifacts, list):
        out.append(("artifacts", _expected("array", artifacts, missing="artifacts" not in doc)))
        artifacts = []
    elif not artifacts:
        out.append(("artifacts", "At least one artifact required"))
    for i, a in enumerate(artifacts):
        p = f"artifacts.{i}"
        if not isinstance(a, dict):
            out.append((p, _expected("object", a)))
            continue
        _string(a, "id", f"{p}.id", out, optional=False, min_message="Artifact ID is required")
        _relative_path(a.get("generates"), "generates field", f"{p}.generates", out)
        _string(a, "description", f"{p}.description", out, optional=False, min_message=None)
        _relative_path(a.get("template"), "template field", f"{p}.template", out)
        if "requires" in a and not (isinstance(a["requires"], list) and all(isinstance(r, str) for r in a["requires"])):
            out.append((f"{p}.requires", _expected("array", a["requires"])))
    apply = doc.get("apply")
    if "apply" in doc and apply is not None:
        if not isinstance(apply, dict):
            out.append(("apply", _expected("object", apply)))
        else:
            reqs = apply.get("requires")
            if not isinstance(reqs, list):
                out.append(("apply.requires", _expected("array", reqs, missing="requires" not in apply)))
            elif not reqs:
                out.append(("apply.requires", "At least one required artifact"))
            if "tracks" in apply:
                _relative_path(apply["tracks"], "apply.tracks", "apply.tracks", out, nullable=True)
    if out:
        return "Invalid schema: " + ", ".join(f"{p}: {m}" for p, m in out)
    return _graph_problem(doc)


def _graph_problem(doc: dict[str, Any]) -> str | None:
    artifacts: list[dict[str, Any]] = doc["artifacts"]
    seen: set[str] = set()
    for a in artifacts:
        if a["id"] in seen:
            return f"Duplicate artifact ID: {a['id']}"
        seen.add(a["id"])
    for a in artifacts:
        for req in a.get("requires") or []:
            if req not in seen:
                return f"Invalid dependency reference in artifact '{a['id']}': '{req}' does not exist"
    apply = doc.get("apply")
    if isinstance(apply, dict):
        for req in apply.get("requires") or []:
            if req not in seen:
                ids = ", ".join(a["id"] for a in artifacts)
                return f"Invalid apply.requires reference: '{req}' does not exist (artifacts: {ids})"
    requires = {a["id"]: list(a.get("requires") or []) for a in artifacts}
    visited: set[str] = set()
    stack: list[str] = []

    def dfs(node: str) -> str | None:
        visited.add(node)
        stack.append(node)
        for dep in requires.get(node, []):
            if dep in stack:
                return " → ".join([*stack[stack.index(dep) :], dep])
            if dep not in visited:
                found = dfs(dep)
                if found:
                    return found
        stack.pop()
        return None

    for a in artifacts:
        if a["id"] not in visited:
            cycle = dfs(a["id"])
            if cycle:
                return f"Cyclic dependency detected: {cycle}"
    return None
