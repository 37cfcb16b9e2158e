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
from openspec_tool.read.yaml_shapes import metadata_problems, schema_problem

METADATA_FILENAME = ".openspec.yaml"
BUILTIN_SCHEMA = "spec-driven"


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
    try:  # an unreadable home folder has no user schemas
        user = _user_schemas_dir()
        if user.is_dir():
            names |= {p.name for p in user.iterdir() if (p / "schema.yaml").is_file()}
    except OSError:
        pass
    return sorted(names)


def _parse_schema(name: str, origin: str, text: str, where: str) -> Schema:
    try:
        doc = load(text)
    except YamlError as exc:
        raise SchemaError(f"Failed to parse schema at '{where}': {exc}") from None
    problem = schema_problem(doc)
    if problem:
        raise SchemaError(f"Invalid schema at '{where}': {problem}")
    artifacts = tuple(Artifact(a["id"], a["generates"]) for a in doc["artifacts"])
    apply = doc.get("apply")
    tracks = apply.get("tracks") if isinstance(apply, dict) and isinstance(apply.get("tracks"), str) else None
    return Schema(name, origin, artifacts, tracks)


@lru_cache(maxsize=64)
def resolve_schema(tree: Tree, name: str) -> Schema:
    name = re.sub(r"\.ya?ml\Z", "", name)
    if not name or name in (".", "..") or "/" in name or "\\" in name:
        raise SchemaError(f"Schema '{name}' not found")
    project_file = f"openspec/schemas/{name}/schema.yaml"
    text = try_read(tree, project_file)
    if text is not None:
        return _parse_schema(name, "project", text, tree.abspath(project_file))
    user_file = _user_schemas_dir() / name / "schema.yaml"
    try:  # an unreadable home folder has no user schemas
        user_text = user_file.read_text(encoding="utf-8", errors="replace") if user_file.is_file() else None
    except OSError:
        user_text = None
    if user_text is not None:
        return _parse_schema(name, "user", user_text, str(user_file))
    if name == BUILTIN_SCHEMA:
        return _BUILTIN
    raise SchemaError(f"Schema '{name}' not found. Available schemas: {', '.join(list_schemas(tree))}")


# -- change metadata ------------------------------------------------------------------


def metadata_problem(doc: Any) -> tuple[str, str] | None:
    """(path, message) of the first way `doc` fails the reference's ChangeMetadataSchema."""
    problems = metadata_problems(doc)
    return problems[0] if problems else None


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
        raise MetadataError(f"Invalid metadata: {problem[0]}: {problem[1]}")
    assert isinstance(doc, dict)
    if doc["schema"] not in list_schemas(tree):
        raise MetadataError(f"Unknown schema '{doc['schema']}'. Available: {', '.join(list_schemas(tree))}")
    return doc


_UNKNOWN = object()
_SCHEMA_LINE = lazy(r"^schema[ \t]*:(.*)$", re.MULTILINE)
_TRICKY_LINE = lazy(r"^(?:[{\[?&*!%\"']|---|\.\.\.)", re.MULTILINE)


def _config_schema_without_parsing(text: str) -> object:
    """The config's schema when the answer cannot depend on how the YAML parses, else _UNKNOWN.

    The reference falls back to spec-driven when the config does not parse, so a config whose only top-level
    `schema:` says spec-driven means spec-driven either way, and one with no top-level `schema:` at all
    (and nothing that could hide one: flow mappings, anchors, tags, documents) means the default either way.
    This spares PyYAML's import for the common config files.
    """
    if _TRICKY_LINE.search(text):
        return _UNKNOWN
    first = next((line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")), "")
    if first[:1] in (" ", "\t"):
        return _UNKNOWN  # an indented root mapping: its keys are not at column 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _SCHEMA_LINE.match(line):
            following = next((n for n in lines[i + 1 :] if n.strip()), "")
            if following[:1] in (" ", "\t"):
                return _UNKNOWN  # a plain scalar may continue on indented lines
    values = [m.group(1).split("#", 1)[0].strip() for m in _SCHEMA_LINE.finditer(text)]
    if not values:
        return None
    if values == ["spec-driven"]:
        return "spec-driven"
    return _UNKNOWN


@lru_cache(maxsize=16)
def project_schema_name(tree: Tree) -> str | None:
    for name in ("openspec/config.yaml", "openspec/config.yml"):
        if tree.kind(name) != "missing":
            text = try_read(tree, name)
            if text is None:
                return None
            known = _config_schema_without_parsing(text)
            if known is not _UNKNOWN:
                return known  # type: ignore[return-value]
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


_BRACES = lazy(r"\{[^{}]*(?:,|\.\.)[^{}]*\}")


def expand_braces(pattern: str) -> list[str]:
    """`{a,b}.md` → a.md, b.md; `{1..3}` → 1, 2, 3 (fast-glob's brace expansion, innermost first)."""
    m = _BRACES.search(pattern)
    if not m:
        return [pattern]
    body = m.group(0)[1:-1]
    if ".." in body and "," not in body:
        lo, _, hi = body.partition("..")
        if lo.isdigit() and hi.isdigit():
            step = 1 if int(hi) >= int(lo) else -1
            parts = [str(n) for n in range(int(lo), int(hi) + step, step)]
        else:
            parts = [body]
    else:
        parts = body.split(",")
    return [x for part in parts for x in expand_braces(pattern[: m.start()] + part + pattern[m.end() :])]


def tracked_task_files(tree: Tree, change: str) -> list[str]:
    """Files the change's schema tracks as tasks (existing ones), [] when it cannot be resolved."""
    try:
        schema = resolve_schema(tree, schema_name_for_change(tree, change))
    except (MetadataError, SchemaError):
        return []
    generates = schema.tracked_tasks_glob()
    if not generates:
        return []
    if any(ch in generates for ch in "*?[") or _BRACES.search(generates):
        return sorted({f for pattern in expand_braces(generates) for f in _glob(tree, change, pattern)})
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
    if key not in raw:
        return Marker(False)  # every path below needs the key written somewhere in the file
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
        # Key presence, not value: `skip_specs:` left empty still claims the marker.
        where = f"{problem[0]}: " if problem[0] else ""
        return _unhonorable(f"{where}{problem[1]}")
    return Marker(False)
