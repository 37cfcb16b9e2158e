"""Rendering a report template: the packaged templates, overridable from openspec/templates/, in Jinja's sandbox.

- Lookup: `<workspace>/openspec/templates/NAME` first, then the packaged `templates/NAME`.
- Every template renders in `jinja2.sandbox.SandboxedEnvironment` (a workspace's templates are input, not
  code): `{{ ''.__class__.__mro__ }}` is refused, never evaluated.
- `StrictUndefined`: a misspelt variable is an error, reported in one line as
  `template NAME:LINE: 'x' is undefined` (NAME is `openspec/templates/...` for a workspace's own template).
- Autoescaping is on for `*.html.j2` (and .htm, .xml, .svg) and off for Markdown, whose filters (`cell`, `md`)
  keep proposal text from breaking tables or opening HTML tags.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openspec_tool.report import markdown, text

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

USER_DIR = "openspec/templates"


class TemplateProblem(Exception):
    """A template that cannot be found, parsed or rendered; `str()` is one line."""


def packaged_dir() -> Path:
    """The packaged templates: `openspec_tool/templates` (in a wheel; in a checkout a link to the top-level
    `templates/`), else the checkout's top-level `templates/` itself."""
    here = Path(__file__).resolve().parents[1] / "templates"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "templates"


def _autoescape(name: str | None) -> bool:
    if name is None:
        return False
    for suffix in (".j2", ".jinja", ".jinja2"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.lower().endswith((".html", ".htm", ".xml", ".svg"))


def _bar(done: int, total: int, width: int = 20) -> str:
    return text.text_bar(int(done), int(total), int(width))


FILTERS: dict[str, Any] = {
    "cell": text.md_cell,
    "md": text.md_inline,
    "num": text.num,
    "fixed": text.fixed,
    "signed": text.signed,
    "share": text.share,
    "bar": _bar,
    "markdown": markdown.inline,
}


_DICT_ATTRIBUTES = frozenset(dir(dict))


def _environment_class() -> type[SandboxedEnvironment]:
    from jinja2.sandbox import SandboxedEnvironment

    from openspec_tool.report import sandbox

    class ContextEnvironment(SandboxedEnvironment):
        """The sandbox, with `c.title` on a context dict answered without the AttributeError Jinja raises and
        catches first (a third of a 22,000-task render). Same answers: a dict's own attributes (`items`) still
        win over its keys, as in Jinja. Sizes are checked before they are made (report/sandbox.py)."""

        intercepted_binops = frozenset({"*", "**", "+"})

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
                return obj[attribute]
            return super().getattr(obj, attribute)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            sandbox.check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            sandbox.check_arguments(args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Any:
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            sandbox.check_format(str(value.__self__))  # `'{:>10000000000}'.format(1)`
            return wrapped

    return ContextEnvironment


class Renderer:
    def __init__(self, workspace_root: Path) -> None:
        from jinja2 import ChoiceLoader, StrictUndefined

        from openspec_tool.report.sandbox import ConfinedLoader, guard_filters

        self.user_dir = workspace_root / USER_DIR
        self.packaged = packaged_dir()
        loader = ChoiceLoader(
            [ConfinedLoader(self.user_dir, workspace_root, f"{USER_DIR}/"), ConfinedLoader(self.packaged, self.packaged, "")]
        )
        self.env = _environment_class()(
            loader=loader,
            undefined=StrictUndefined,
            autoescape=_autoescape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
        self.env.filters.update(FILTERS)
        guard_filters(self.env.filters)
        self.env.globals.pop("lipsum", None)  # makes text by the megabyte on request; no report needs it

    def origin(self, name: str) -> str:
        """How errors name a template: `openspec/templates/NAME` when the workspace overrides it."""
        return f"{USER_DIR}/{name}" if (self.user_dir / name).is_file() else name

    def _display(self, filename: str | None) -> str | None:
        if not filename:
            return None
        path = Path(filename)
        for base, prefix in ((self.user_dir, f"{USER_DIR}/"), (self.packaged, "")):
            try:
                return prefix + path.relative_to(base).as_posix()
            except ValueError:
                continue
        return None

    def _where(self, exc: BaseException, name: str) -> str:
        """`NAME:LINE` of the innermost template frame of the traceback (Jinja maps frames to template lines)."""
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            shown = self._display(frame.filename)
            if shown is not None:
                return f"{shown}:{frame.lineno}"
        return self.origin(name)

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Raises TemplateProblem with one line naming the template (and line) and what went wrong."""
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
        from jinja2.exceptions import SecurityError

        from openspec_tool.report.sandbox import TemplateRefused, collect, memory_cap

        try:
            template = self.env.get_template(name)
        except TemplateRefused as exc:
            raise TemplateProblem(f"template {exc}") from None
        except TemplateSyntaxError as exc:
            shown = self._display(exc.filename) or self.origin(exc.name or name)
            raise TemplateProblem(f"template {shown}:{exc.lineno}: syntax error: {exc.message}") from None
        except TemplateNotFound as exc:
            missing = exc.name if isinstance(exc.name, str) else name
            raise TemplateProblem(f"template {missing} not found (looked in {USER_DIR}/ and the packaged templates)") from None
        try:
            with memory_cap():
                return collect(template.generate(context))
        except TemplateRefused as exc:
            raise TemplateProblem(f"template {self._where(exc, name)}: included template {exc}") from None
        except SecurityError as exc:
            raise TemplateProblem(f"template {self._where(exc, name)}: refused by the sandbox: {exc}") from None
        except UndefinedError as exc:
            raise TemplateProblem(f"template {self._where(exc, name)}: {exc}") from None
        except TemplateSyntaxError as exc:  # an {% include %} that does not parse
            shown = self._display(exc.filename) or self.origin(exc.name or name)
            raise TemplateProblem(f"template {shown}:{exc.lineno}: syntax error: {exc.message}") from None
        except TemplateNotFound as exc:
            raise TemplateProblem(f"template {self._where(exc, name)}: included template {exc.name} not found") from None
        except TemplateError as exc:
            raise TemplateProblem(f"template {self._where(exc, name)}: {exc}") from None
        except RecursionError as exc:
            why = "recursion too deep (a macro or include that calls itself?)"
            raise TemplateProblem(f"template {self._where(exc, name)}: {why}") from None
        except MemoryError as exc:
            raise TemplateProblem(f"template {self._where(exc, name)}: needs more memory than a report may use") from None
        except (ArithmeticError, AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise TemplateProblem(f"template {self._where(exc, name)}: {type(exc).__name__}: {exc}") from None
