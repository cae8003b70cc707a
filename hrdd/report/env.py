"""The one Jinja2 environment of the report: strict, escaping, sandboxed for user templates."""

from __future__ import annotations

import errno
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from hrdd.atomic import file_kind, real_path
from hrdd.catalog import templates_dir
from hrdd.errors import TemplateError
from hrdd.report.markdown_escape import escape_inline, escape_url
from hrdd.safe_text import printable

if TYPE_CHECKING:
    from jinja2 import BaseLoader, Environment

IMPACT_TEMPLATES = {"markdown": "markdown/impacts/base.md.j2", "html": "html/impacts/base.html.j2"}
"""The template each format starts from, relative to a templates folder."""


def _markdown_finalize(value: object) -> object:
    """Escape every `{{ }}` value in Markdown templates unless it is marked safe (Markup)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return escape_inline(str(value))


def _md_url(value: object) -> Markup:
    return Markup(escape_url(str(value)))


def _html_finalize(value: object) -> object:
    """Show control characters in data as escapes in HTML (the title and headings too)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return printable(value, newlines=True)


def _md_code(value: object) -> Markup:
    """Return text as an inline code span, fenced by more backticks than any run inside."""
    text = printable(" ".join(str(value).split()))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def _confined_loader(folder: Path) -> BaseLoader:
    """Return a loader of the templates in ``folder`` that never reads outside it.

    A name that leads, through a symbolic link, out of the folder (`leak.md.j2 ->
    /etc/passwd`) or to anything but a regular file is refused with a TemplateError naming
    it; links that stay inside the folder are followed.
    """
    from jinja2 import FileSystemLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    root = real_path(folder)

    class ConfinedLoader(FileSystemLoader):
        def get_source(self, environment: Environment, template: str) -> Any:
            path = folder.joinpath(*split_template_path(template))
            if not path.exists() and not path.is_symlink():
                raise TemplateNotFound(template)
            real = real_path(path)
            if not real.is_relative_to(root):
                raise TemplateError(
                    f"template {template} in {folder} leads out of it (to {real}); "
                    "templates must be files inside the --template-dir folder"
                )
            try:
                info = real.stat()
            except OSError as exc:
                reason = exc.strerror or str(exc)
                if exc.errno == errno.ELOOP:
                    reason = "the symbolic links in this path form a loop"
                raise TemplateError(f"template {template} in {folder}: {reason}") from None
            if not stat.S_ISREG(info.st_mode):
                raise TemplateError(
                    f"template {template} in {folder}: this is {file_kind(info.st_mode)}, "
                    "not a regular file"
                )
            return super().get_source(environment, template)

    return ConfinedLoader(str(folder))


def make_env(output_format: str, template_dir: Path | None = None) -> Environment:
    """Return the Jinja2 environment for ``output_format`` (``markdown`` or ``html``).

    Undefined names are errors. HTML output is autoescaped; in Markdown every value is passed
    through :func:`escape_inline` unless a template marks it safe. With ``template_dir`` its
    templates override the bundled ones of the same name and everything renders in Jinja2's
    sandbox, since a template given by a user is code we did not write.

    Templates are compiled in memory on every run and never cached on disk: loading
    compiled bytecode from a folder others can write would run their code, and a report
    should leave no files behind that nobody asked for.
    """
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[Any] = [FileSystemLoader(str(templates_dir()))]
    if template_dir is not None:
        loaders.insert(0, _confined_loader(template_dir))
    cls = SandboxedEnvironment if template_dir is not None else Environment
    html = output_format == "html"
    env = cls(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=html,
        finalize=_html_finalize if html else _markdown_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["md_url"] = _md_url
    env.filters["md_code"] = _md_code
    return env
