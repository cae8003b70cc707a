"""Render a report context to Markdown or HTML text; template errors name template and line."""

from __future__ import annotations

import traceback
from pathlib import Path

from hrdd.atomic import real_path
from hrdd.errors import TemplateError
from hrdd.report.impact_report import ImpactReport
from hrdd.report.options import ReportFormat
from hrdd.report.results import field_values


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """Return (template file, line) of the innermost template frame of a render error."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2") and frame.lineno is not None:
            found = (frame.filename, frame.lineno)
    return found


def _shown(filename: str, roots: list[Path]) -> str:
    """Return a template file name relative to the templates folder it came from."""
    path = Path(filename)
    for root in roots:
        try:
            return real_path(path).relative_to(real_path(root)).as_posix()
        except ValueError:
            continue
    return filename


def render(
    context: ImpactReport,
    output_format: ReportFormat | str,
    template_dir: Path | None = None,
) -> str:
    """Return the report text in ``output_format`` from the bundled (or the user's) templates.

    Raises :class:`~hrdd.errors.TemplateError` naming the template and line when a template
    cannot be loaded, parsed or rendered (a sandbox violation included).
    """
    import jinja2
    from jinja2.exceptions import SecurityError

    from hrdd.catalog import templates_dir
    from hrdd.report.env import IMPACT_TEMPLATES, make_env

    fmt = ReportFormat(output_format)
    env = make_env(fmt.value, template_dir)
    roots = [p for p in (template_dir, templates_dir()) if p is not None]
    name = IMPACT_TEMPLATES[fmt.value]
    try:
        template = env.get_template(name)
        text = template.render(field_values(context), report=context)
    except jinja2.TemplateSyntaxError as exc:
        where = _shown(exc.filename or exc.name or name, roots)
        raise TemplateError(
            f"template {where}, line {exc.lineno}: {exc.message}; fix the template syntax"
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name} not found in "
            + " or ".join(str(r) for r in roots)
            + f"; a templates folder needs {name} (copy the bundled one to start from)"
        ) from None
    except Exception as exc:  # a template can fail in any way: 1/0, a bad filter argument
        frame = _template_frame(exc)
        if frame is None and not isinstance(exc, jinja2.TemplateError | SecurityError):
            raise
        where = f"template {_shown(frame[0], roots)}, line {frame[1]}" if frame else "template"
        kind = "not allowed in the sandbox" if isinstance(exc, SecurityError) else "failed"
        raise TemplateError(f"{where}: {kind}: {exc}") from None
    return text if text.endswith("\n") else text + "\n"
