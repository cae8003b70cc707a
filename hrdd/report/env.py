"""The one Jinja2 environment of the report: strict, escaping, sandboxed for user templates."""

from __future__ import annotations

import re
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from hrdd.atomic import file_kind, os_reason, real_path
from hrdd.catalog import compiled_templates_dir, templates_dir
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


def _css_string(value: object) -> Markup:
    """Return text as a quoted CSS string that nothing in it can end.

    Every character but ASCII letters, digits, spaces and ``.,-:/`` is a six-digit CSS
    escape (with the space that ends it): no quote, backslash or ``<`` can end the string,
    the rule or the style element.
    """
    text = printable(" ".join(str(value).split()))
    safe = "".join(
        c if (c.isascii() and c.isalnum()) or c in " .,-:/" else f"\\{ord(c):06x} " for c in text
    )
    return Markup(f'"{safe}"')


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
                raise TemplateError(f"template {template} in {folder}: {os_reason(exc)}") from None
            if not stat.S_ISREG(info.st_mode):
                raise TemplateError(
                    f"template {template} in {folder}: this is {file_kind(info.st_mode)}, "
                    "not a regular file"
                )
            return super().get_source(environment, template)

    return ConfinedLoader(str(folder))


def _precompiled_loader(folder: Path) -> BaseLoader:
    """Return a loader of the templates Jinja compiled into ``folder`` when the wheel was built.

    They are Python modules inside the installed package, as trusted as hrdd's own code.
    Importing them writes no bytecode: a report leaves no file behind in the package folder.
    """
    from jinja2 import ModuleLoader
    from jinja2.environment import Template

    class PrecompiledLoader(ModuleLoader):
        def load(
            self,
            environment: Environment,
            name: str,
            globals: Any = None,
        ) -> Template:
            before = sys.dont_write_bytecode
            sys.dont_write_bytecode = True
            try:
                return super().load(environment, name, globals)
            finally:
                sys.dont_write_bytecode = before

    return PrecompiledLoader(str(folder))


def make_env(output_format: str, template_dir: Path | None = None) -> Environment:
    """Return the Jinja2 environment for ``output_format`` (``markdown`` or ``html``).

    Undefined names are errors. HTML output is autoescaped; in Markdown every value is passed
    through :func:`escape_inline` unless a template marks it safe. With ``template_dir`` its
    templates override the bundled ones of the same name and everything renders in Jinja2's
    sandbox, since a template given by a user is code we did not write.

    An installed wheel carries the bundled templates compiled at build time
    (:func:`compile_bundled`); without them (a source checkout, an editable install) and
    with ``template_dir``, templates are compiled in memory. Nothing is ever cached on disk:
    loading compiled code from a folder others can write would run their code, and a report
    should leave no files behind that nobody asked for.
    """
    from jinja2 import ChoiceLoader, FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    if template_dir is not None:
        loader: BaseLoader = ChoiceLoader(
            [_confined_loader(template_dir), FileSystemLoader(str(templates_dir()))]
        )
        return _environment(output_format, loader, SandboxedEnvironment)
    compiled = _compiled_for(output_format)
    if compiled is not None:
        return _environment(output_format, _precompiled_loader(compiled))
    return _environment(output_format, FileSystemLoader(str(templates_dir())))


COMPILED_BY = "jinja2-version"
"""The file beside the compiled templates naming the Jinja2 version that compiled them."""


def _compiled_for(output_format: str) -> Path | None:
    """Return the folder of the bundled templates compiled for ``output_format``, if usable.

    Compiled templates call into the Jinja2 that compiled them: with any other version
    installed they are left alone and the templates compile in memory.
    """
    import jinja2

    compiled = compiled_templates_dir()
    if compiled is None or not (compiled / output_format).is_dir():
        return None
    try:
        version = (compiled / COMPILED_BY).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return compiled / output_format if version == jinja2.__version__ else None


def compile_bundled(templates: Path, target: Path) -> None:
    """Compile the bundled templates in ``templates`` into ``target``, one folder per format.

    The wheel build runs this (hatch_build.py); `make_env` loads the result. Each format is
    compiled by its own environment, since autoescaping and finalising are compiled in.
    """
    import jinja2
    from jinja2 import FileSystemLoader

    target.mkdir(parents=True, exist_ok=True)
    (target / COMPILED_BY).write_text(jinja2.__version__ + "\n", encoding="utf-8")
    for output_format in IMPACT_TEMPLATES:
        prefix = f"{output_format}/"

        def in_format(name: str, prefix: str = prefix) -> bool:
            return name.startswith(prefix)

        env = _environment(output_format, FileSystemLoader(str(templates)))
        env.compile_templates(
            str(target / output_format), filter_func=in_format, zip=None, ignore_errors=False
        )


def _environment(
    output_format: str, loader: BaseLoader, cls: type[Environment] | None = None
) -> Environment:
    """Return an environment with the report's settings: strict, escaping, finalising."""
    from jinja2 import Environment, StrictUndefined

    html = output_format == "html"
    env = (cls or Environment)(
        loader=loader,
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
    env.filters["css_string"] = _css_string
    return env
