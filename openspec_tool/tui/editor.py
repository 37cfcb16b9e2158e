"""The command `e` runs: the user's editor, told the line when it has a way to be told (no Textual here).

The editor is `$OPENSPEC_EDITOR`, else `$VISUAL`, else `$EDITOR`, else `vi`. Editors are told the line the
way each understands it: `code -g file:line` (and its forks), `hx file:line`, `subl file:line`,
`idea --line N file`, `+N file` for the vi and emacs families, nano, micro, kakoune and the like. Any other
editor gets the file alone — unless `$OPENSPEC_EDITOR` spells the command out with `{file}` and `{line}`
(`myedit --goto {line} {file}`).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping

# How each editor (by program name) takes a line.
GOTO = {"code", "code-insiders", "codium", "vscodium", "cursor", "windsurf", "code-oss"}  # -g file:line
COLON = {"hx", "helix", "subl", "sublime_text", "zed", "zeditor", "lapce", "fleet"}  # file:line
JETBRAINS = {"idea", "pycharm", "webstorm", "goland", "clion", "rider", "phpstorm", "rubymine", "studio"}  # --line N file
PLUS = {  # +N file
    "vi", "vim", "nvim", "gvim", "mvim", "view", "vis", "nvi", "elvis", "ex", "lvim",
    "emacs", "emacsclient", "xemacs", "mg", "zile", "jove", "jed",
    "nano", "pico", "rnano", "micro", "kak", "joe", "jmacs", "jpico", "jstar", "ne", "mcedit", "gedit", "kate", "amp",
}  # fmt: skip


def program(word: str) -> str:
    """`/usr/bin/nvim` → `nvim`; `C:\\…\\Code.exe` → `code`."""
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.removesuffix(".exe").removesuffix(".cmd").removesuffix(".bat")


def editor_setting(env: Mapping[str, str]) -> str:
    return env.get("OPENSPEC_EDITOR") or env.get("VISUAL") or env.get("EDITOR") or "vi"


def editor_command(setting: str, path: str, line: int | None) -> list[str]:
    """The argv that opens `path` (at `line` when the editor can be told) with the editor `setting`."""
    words = shlex.split(setting) or ["vi"]
    if any("{file}" in w or "{line}" in w for w in words):
        out = [w.replace("{file}", path).replace("{line}", str(line or 1)) for w in words]
        return out if any("{file}" in w for w in words) else [*out, path]
    name = program(words[0])
    if not line:
        return [*words, path]
    if name in GOTO:
        return [*words, "-g", f"{path}:{line}"]
    if name in COLON:
        return [*words, f"{path}:{line}"]
    if name in JETBRAINS:
        return [*words, "--line", str(line), path]
    if name in PLUS:
        return [*words, f"+{line}", path]
    return [*words, path]
