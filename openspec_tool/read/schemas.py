"""Workflow schemas and change metadata (`.openspec.yaml`), as the reference resolves them.

They decide which files hold a change's tasks and whether the `skip_specs` marker counts.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from openspec_tool.read.lazyre import lazy
from openspec_tool.read.tree import Tree, join, try_read
from openspec_tool.read.yaml12 import YamlError, load

METADATA_FILENAME = ".openspec.yaml"
BUILTIN_SCHEMA = "spec-driven"
_KEBAB = lazy(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = lazy(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@dataclass(frozen=True)
class Artifact:
    id: str
    generates: str


@dataclass(frozen=True)
class Schema:
    name: str
    origin: str  # "project", "user" or "builtin"
    artifacts: tuple[Artifact, ...]
    tracks: str | None

    def tracked_tasks_glob(self) -> str | None:
        if self.tracks is not None:
            return next((a.generates for a in self.artifacts if a.generates == self.tracks), None)
        return next((a.generates for a in self.artifacts if a.id == "tasks"), None)


_BUILTIN = Schema(
    BUILTIN_SCHEMA,
    "builtin",
    (
        Artifact("proposal", "proposal.md"),
        Artifact("specs", "specs/**/*.md"),
        Artifact("design", "design.md"),
        Artifact("tasks", "tasks.md"),
    ),
    "tasks.md",
)


class SchemaError(ValueError):
    pass


def _user_schemas_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "openspec" / "schemas"


def _schema_names_in(tree: Tree, rel: str) -> set[str]:
    try:
        entries = tree.scandir(rel)
    except OSError:
        return set()
    return {e.name for e in entries if (e.is_dir or e.is_symlink) and tree.kind(join(rel, e.name, "schema.yaml")) == "file"}


@lru_cache(maxsize=16)
def list_schemas(tree: Tree) -> list[str]:
    names = {BUILTIN_SCHEMA} | _schema_names_in(tree, "openspec/schemas")
    user = _user_schemas_dir()
    if user.is_dir():
        names |= {p.name for p in user.iterdir() if (p / "schema.yaml").is_file()}
    return sorted(names)


def _parse_schema(name: str, origin: str, text: str) -> Schema:
    try:
        doc = load(text)
    except YamlError as exc:
        raise SchemaError(f"Failed to parse schema '{name}': {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("artifacts"), list):
        raise SchemaError(f"Invalid schema '{name}': artifacts must be a list")
    artifacts: list[Artifact] = []
    for a in doc["artifacts"]:
        if not isinstance(a, dict) or not isinstance(a.get("id"), str) or not isinstance(a.get("generates"), str):
            raise SchemaError(f"Invalid schema '{name}': every artifact needs an id and generates")
        artifacts.append(Artifact(a["id"], a["generates"]))
    apply = doc.get("apply")
    tracks = apply.get("tracks") if isinstance(apply, dict) and isinstance(apply.get("tracks"), str) else None
    return Schema(name, origin, tuple(artifacts), tracks)


@lru_cache(maxsize=64)
def resolve_schema(tree: Tree, name: str) -> Schema:
    name = re.sub(r"\.ya?ml\Z", "", name)
    if not name or name in (".", "..") or "/" in name or "\\" in name:
        raise SchemaError(f"Schema '{name}' not found")
    project_file = f"openspec/schemas/{name}/schema.yaml"
    text = try_read(tree, project_file)
    if text is not None:
        return _parse_schema(name, "project", text)
    user_file = _user_schemas_dir() / name / "schema.yaml"
    if user_file.is_file():
        return _parse_schema(name, "user", user_file.read_text(encoding="utf-8", errors="replace"))
    if name == BUILTIN_SCHEMA:
        return _BUILTIN
    raise SchemaError(f"Schema '{name}' not found. Available schemas: {', '.join(list_schemas(tree))}")


# -- change metadata ------------------------------------------------------------------


def _as_str(value: Any) -> Any:
    # PyYAML may still hand back dates for explicitly tagged values; the reference sees text.
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def metadata_problem(doc: Any) -> tuple[str, str] | None:
    """(path, message) of the first way `doc` fails the reference's ChangeMetadataSchema."""
    if not isinstance(doc, dict):
        return "", "Invalid input: expected object, received " + _js_type(doc)
    schema = doc.get("schema")
    if not isinstance(schema, str):
        return "schema", "Invalid input: expected string, received " + _js_type(schema)
    if not schema:
        return "schema", "schema is required"
    created = _as_str(doc.get("created"))
    if created is not None and (not isinstance(created, str) or not _DATE.match(created)):
        if not isinstance(created, str):
            return "created", "Invalid input: expected string, received " + _js_type(created)
        return "created", "created must be YYYY-MM-DD format"
    for key in ("skip_specs", "retire_capabilities"):
        if key in doc and doc[key] is not None and not isinstance(doc[key], bool):
            return key, "Invalid input: expected boolean, received " + _js_type(doc[key])
    return None


def _js_type(value: Any) -> str:
    if value is None:
        return "undefined"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class MetadataError(ValueError):
    pass


def read_change_metadata(tree: Tree, change: str) -> dict[str, Any] | None:
    """The change's metadata, None when absent; raises MetadataError when present but unusable."""
    rel = join(change, METADATA_FILENAME)
    if tree.kind(rel) == "missing":
        return None
    try:
        text = tree.read_text(rel)
    except OSError as exc:
        raise MetadataError(f"Failed to read metadata: {exc}") from None
    try:
        doc = load(text)
    except YamlError as exc:
        raise MetadataError(f"Invalid YAML in metadata file: {exc}") from None
    problem = metadata_problem(doc)
    if problem:
        raise MetadataError(f"Invalid metadata: {problem[1]}")
    assert isinstance(doc, dict)
    if doc["schema"] not in list_schemas(tree):
        raise MetadataError(f"Unknown schema '{doc['schema']}'. Available: {', '.join(list_schemas(tree))}")
    return doc


@lru_cache(maxsize=16)
def project_schema_name(tree: Tree) -> str | None:
    for name in ("openspec/config.yaml", "openspec/config.yml"):
        if tree.kind(name) != "missing":
            text = try_read(tree, name)
            if text is None:
                return None
            try:
                doc = load(text)
            except YamlError:
                return None
            schema = doc.get("schema") if isinstance(doc, dict) else None
            return schema if isinstance(schema, str) and schema else None
    return None


def schema_name_for_change(tree: Tree, change: str) -> str:
    """Raises MetadataError like the reference's resolveSchemaForChange."""
    meta = read_change_metadata(tree, change)
    if meta and meta.get("schema"):
        return str(meta["schema"])
    return project_schema_name(tree) or BUILTIN_SCHEMA


def _glob(tree: Tree, base: str, pattern: str) -> list[str]:
    parts = pattern.split("/")
    found: list[str] = []

    def walk(rel: str, i: int) -> None:
        if i == len(parts):
            if tree.kind(rel) == "file":
                found.append(rel)
            return
        seg = parts[i]
        if seg == "**":
            walk(rel, i + 1)
        try:
            entries = tree.scandir(rel)
        except OSError:
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            child = join(rel, e.name)
            if seg == "**":
                if e.is_dir:
                    walk(child, i)
            elif fnmatch.fnmatchcase(e.name, seg):
                if i + 1 == len(parts):
                    if e.is_file or (e.is_symlink and tree.kind(child) == "file"):
                        found.append(child)
                elif e.is_dir:
                    walk(child, i + 1)

    walk(base, 0)
    return sorted(set(found))


def tracked_task_files(tree: Tree, change: str) -> list[str]:
    """Files the change's schema tracks as tasks (existing ones), [] when it cannot be resolved."""
    try:
        schema = resolve_schema(tree, schema_name_for_change(tree, change))
    except (MetadataError, SchemaError):
        return []
    generates = schema.tracked_tasks_glob()
    if not generates:
        return []
    if any(ch in generates for ch in "*?["):
        return _glob(tree, change, generates)
    rel = join(change, generates)
    return [rel] if tree.kind(rel) == "file" else []


def uses_builtin_spec_driven(tree: Tree, change: str) -> bool:
    try:
        name = re.sub(r"\.ya?ml\Z", "", schema_name_for_change(tree, change))
        return name == BUILTIN_SCHEMA and resolve_schema(tree, name).origin == "builtin"
    except (MetadataError, SchemaError):
        return False


@dataclass(frozen=True)
class Marker:
    declared: bool
    invalid_reason: str | None = None


def _unhonorable(reason: str) -> Marker:
    return Marker(False, re.sub(r"[\x00-\x1f\x7f]", "?", reason))


def read_marker(tree: Tree, change: str, key: str = "skip_specs") -> Marker:
    rel = join(change, METADATA_FILENAME)
    try:
        raw = tree.read_text(rel)
    except FileNotFoundError:
        return Marker(False)
    except OSError as exc:
        return _unhonorable(f"the metadata file cannot be read ({exc})")
    try:
        doc = load(raw)
    except YamlError:
        mentioned = re.search(rf"^\s*(['\"]?){key}\1\s*:", raw, re.MULTILINE)
        return _unhonorable("the file is not valid YAML") if mentioned else Marker(False)
    problem = metadata_problem(doc)
    if problem is None:
        assert isinstance(doc, dict)
        if doc.get(key) is not True:
            return Marker(False)
        if doc["schema"] not in list_schemas(tree):
            return _unhonorable(f"schema: unknown schema '{doc['schema']}'")
        try:
            resolve_schema(tree, doc["schema"])
        except SchemaError as exc:
            return _unhonorable(str(exc))
        return Marker(True)
    if isinstance(doc, dict) and key in doc and doc[key] is not False:
        where = f"{problem[0]}: " if problem[0] else ""
        return _unhonorable(f"{where}{problem[1]}")
    return Marker(False)
