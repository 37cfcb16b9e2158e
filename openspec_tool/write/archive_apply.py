"""Archive's writes, all or nothing: the rebuilt main specs and the move of the change into the archive.

The new main specs are first written to temporary files beside their targets (new capability folders made as
needed), then the change folder is renamed into the archive and each temporary file is renamed over its target
— through a symlinked spec.md, to the file it points at, with the target's mode and its line endings (CRLF
kept where the file had mostly CRLF, as the reference's matchLineEnding). If any step fails, what was done is
undone (the originals are kept in memory), the temporary files and new folders are removed, and the error
goes on: the workspace is as it was.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from openspec_tool.write.new_change import current_umask


def _line_ending(original: str) -> str | None:
    crlf = original.count("\r\n")
    lf = original.count("\n") - crlf
    if crlf == 0 and lf == 0:
        return None
    return "\r\n" if crlf >= lf else "\n"


def apply_all(change_dir: Path, archive_path: Path, specs: list[tuple[Path, str]]) -> None:
    """Write every spec and move the change, or leave everything as it was."""
    staged: list[tuple[Path, Path, bytes | None, int]] = []  # (target, temp file, original bytes, mode)
    made_dirs: list[Path] = []
    replaced: list[tuple[Path, bytes | None]] = []
    moved = False
    try:
        for target, rebuilt in specs:
            original = target.read_bytes() if target.exists() else None
            text = rebuilt
            if original is not None:
                ending = _line_ending(original.decode("utf-8", errors="replace"))
                if ending == "\r\n":
                    text = rebuilt.replace("\r\n", "\n").replace("\n", "\r\n")
            missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
            for d in reversed(missing):
                d.mkdir()
                made_dirs.append(d)
            mode = (target.stat().st_mode & 0o7777) if original is not None else 0o666 & ~current_umask()
            temp = target.parent / f".{target.name}.archive-{os.getpid()}.tmp"
            with open(temp, "wb") as fh:
                fh.write(text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temp, mode)
            staged.append((target, temp, original, mode))
        os.rename(change_dir, archive_path)
        moved = True
        for target, temp, original, _ in staged:
            os.replace(temp, target)
            replaced.append((target, original))
    except BaseException:
        for target, original in reversed(replaced):
            with contextlib.suppress(OSError):
                if original is None:
                    target.unlink()
                else:
                    target.write_bytes(original)
        if moved:
            with contextlib.suppress(OSError):
                os.rename(archive_path, change_dir)
        for _, temp, _, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        for d in reversed(made_dirs):
            with contextlib.suppress(OSError):
                d.rmdir()
        raise
