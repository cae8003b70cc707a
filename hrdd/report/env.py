"""The one Jinja2 environment of the report: strict, escaping, sandboxed for user templates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from hrdd.catalog import templates_dir
from hrdd.report.markdown_escape import escape_inline, escape_url

if TYPE_CHECKING:
    from jinja2 import Environment

BASE_TEMPLATES = {"markdown": "markdown/base.md.j2", "html": "html/base.html.j2"}
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


def _md_code(value: object) -> Markup:
    """Return text as an inline code span, fenced by more backticks than any run inside."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


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
        loaders.insert(0, FileSystemLoader(str(template_dir)))
    cls = SandboxedEnvironment if template_dir is not None else Environment
    html = output_format == "html"
    env = cls(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=html,
        finalize=None if html else _markdown_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["md_url"] = _md_url
    env.filters["md_code"] = _md_code
    return env
