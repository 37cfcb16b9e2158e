"""Creating a change folder exactly as the reference's `openspec new change` does (its createChange), in one step.

The reference makes `changes/<id>/` with `.openspec.yaml` (`schema`, `created`, and `skip_specs: true` when the
schema generates no specs), `README.md` from `--description`, and completes the root: `specs/`,
`changes/archive/`, and `config.yaml` (`schema: spec-driven`) when there is no config. Here the change folder
is assembled in a temporary folder beside `changes/` and renamed into place, so it appears whole or not at
all; files given by the caller (an imported proposal and task list) go into the same folder before the rename.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openspec_tool.read.schemas import BUILTIN_SCHEMA, SchemaError, list_schemas, project_schema_name, resolve_schema
from openspec_tool.read.tree import DiskTree
from openspec_tool.write import clock

_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


class NewChangeError(ValueError):
    """A change that cannot be created; the message is the reference's."""


def change_name_problem(name: str) -> str | None:
    """The reference's validateChangeName, message for message."""
    if not name:
        return "Change name cannot be empty"
    if len(name) > 200:
        return "Change name is too long (200 characters max)"
    if _KEBAB.match(name):
        return None
    if re.search(r"[A-Z]", name):
        return "Change name must be lowercase (use kebab-case)"
    if re.search(r"\s", name):
        return "Change name cannot contain spaces (use hyphens instead)"
    if "_" in name:
        return "Change name cannot contain underscores (use hyphens instead)"
    if name.startswith("-"):
        return "Change name cannot start with a hyphen"
    if name.endswith("-"):
        return "Change name cannot end with a hyphen"
    if "--" in name:
        return "Change name cannot contain consecutive hyphens"
    if re.search(r"[^a-z0-9-]", name):
        return "Change name can only contain lowercase letters, numbers, and hyphens"
    return "Change name must follow kebab-case convention (e.g., add-auth, refactor-db)"


_PLAIN_YAML = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


def _yaml_scalar(value: str) -> str:
    if _PLAIN_YAML.match(value) and value.lower() not in _YAML_WORDS:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def metadata_yaml(schema: str, created: str, skip_specs: bool) -> str:
    """`.openspec.yaml` as the reference's yaml.stringify writes it."""
    text = f"schema: {_yaml_scalar(schema)}\ncreated: {created}\n"
    return text + ("skip_specs: true\n" if skip_specs else "")


@dataclass(frozen=True)
class Created:
    id: str
    path: Path  # the change folder
    schema: str


def create_change(root: Path, name: str, description: str | None = None, extra: dict[str, str] | None = None) -> Created:
    """Create `openspec/changes/<name>/` under `root` as the reference does, plus `extra` files (name -> text).

    Raises NewChangeError with the reference's message; nothing is written then.
    """
    problem = change_name_problem(name)
    if problem:
        raise NewChangeError(problem)
    tree = DiskTree(root)
    try:
        schema_name = project_schema_name(tree) or BUILTIN_SCHEMA
    except (OSError, ValueError):
        schema_name = BUILTIN_SCHEMA
    available = list_schemas(tree)
    if schema_name not in available:
        raise NewChangeError(f"Unknown schema '{schema_name}'. Available: {', '.join(available)}")
    openspec = root / "openspec"
    change_dir = openspec / "changes" / name
    if change_dir.is_dir():
        raise NewChangeError(f"Change '{name}' already exists at {change_dir}")
    try:
        schema = resolve_schema(tree, schema_name)
    except SchemaError as exc:
        raise NewChangeError(str(exc)) from None
    skips_specs = not any(os.path.normpath(a.generates).startswith("specs/") for a in schema.artifacts)
    files = {".openspec.yaml": metadata_yaml(schema_name, clock.today(), skips_specs)}
    if description:
        files["README.md"] = f"# {name}\n\n{description}\n"
    files.update(extra or {})
    _place(openspec, change_dir, files)
    (openspec / "specs").mkdir(parents=True, exist_ok=True)
    (openspec / "changes" / "archive").mkdir(parents=True, exist_ok=True)
    if not (openspec / "config.yaml").exists() and not (openspec / "config.yml").exists():
        from openspec_tool.write.atomic import atomic_write

        atomic_write(openspec / "config.yaml", f"schema: {BUILTIN_SCHEMA}\n")
    return Created(name, change_dir, schema_name)


def _place(openspec: Path, change_dir: Path, files: dict[str, str]) -> None:
    """Write `files` into a fresh folder beside `changes/`, then rename it to `change_dir` (whole or nothing)."""
    change_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".new-change-", dir=openspec))
    try:
        staging.chmod(0o777 & ~current_umask())
        for rel, text in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        if change_dir.exists() or change_dir.is_symlink():
            raise NewChangeError(f"Change '{change_dir.name}' already exists at {change_dir}")
        os.rename(staging, change_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
