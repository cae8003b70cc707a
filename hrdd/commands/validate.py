"""Validate questionnaire files: find them, load them, check them, count what they hold."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.catalog import bundled_questionnaires, questionnaires_dir
from hrdd.diagnostics import Diagnostic, FileCounts, FileResult
from hrdd.errors import UsageError
from hrdd.output.writer import check_not_input
from hrdd.questionnaire.loading import few_collections
from hrdd.scoring.impacts.checks import check_impacts
from hrdd.scoring.loading import load_questionnaire

if TYPE_CHECKING:
    from hrdd.output.validate import OutputFormat

QUESTIONNAIRE_SUFFIXES = (".yaml", ".yml")
TESTS_FOLDER_SUFFIX = ".tests"


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.endswith(TESTS_FOLDER_SUFFIX)


def _walk(folder: Path) -> Iterator[Path]:
    unreadable: list[OSError] = []
    for root, folders, files in os.walk(folder, onerror=unreadable.append):
        folders[:] = [name for name in folders if not _skipped(name)]
        for name in files:
            if name.endswith(QUESTIONNAIRE_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name
    # A folder that cannot be listed is reported like a file that cannot be read, so that
    # the files it may hold are not skipped without a word.
    for error in unreadable:
        if error.filename is not None:
            yield Path(error.filename)


def collect_paths(paths: Sequence[Path]) -> list[Path]:
    """Return the files to validate, in order, each once.

    Files are taken as given, even when they do not exist (validation reports that).
    Folders are searched recursively for ``*.yaml`` and ``*.yml``, sorted, skipping hidden
    files and folders and test-case folders (names ending in ``.tests``) below them.
    With no paths, the bundled questionnaires are returned.

    Raises:
        UsageError: a folder holds no questionnaire file, or there is nothing to validate.
    """
    if not paths:
        bundled = bundled_questionnaires()
        if not bundled:
            raise UsageError(f"no bundled questionnaires found in {questionnaires_dir()}")
        return bundled
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            files = sorted(_walk(path))
            if not files:
                raise UsageError(
                    f"{path}: no *.yaml or *.yml files in this folder "
                    f"(folders ending in {TESTS_FOLDER_SUFFIX} and hidden ones are skipped)"
                )
            found.update(dict.fromkeys(files))
        else:
            found[path] = None
    return list(found)


def display_path(path: Path) -> str:
    """Return how ``path`` is shown in findings: relative to the working folder if under it."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


def validate_file(path: Path, display: str) -> FileResult:
    """Load and check one questionnaire; checks run only when it loaded."""
    questionnaire, document, diagnostics = load_questionnaire(path, display)
    findings = list(diagnostics)
    counts = FileCounts()
    if questionnaire is not None and document is not None:
        findings.extend(check_impacts(questionnaire, document))
        counts = FileCounts(
            questions=len({q.id for s in questionnaire.sections for q in s.questions}),
            areas=len(questionnaire.areas),
            mitigations=len(questionnaire.mitigations),
        )
    return FileResult(
        path=display,
        diagnostics=tuple(sorted(findings, key=Diagnostic.sort_key)),
        counts=counts,
    )


def validate_paths(paths: Sequence[Path], *, output: str | None = None) -> list[FileResult]:
    """Validate every file :func:`collect_paths` finds for ``paths``, in that order.

    Raises UsageError when ``output`` (the ``-o`` file) is one of those files: the report
    would overwrite a questionnaire.
    """
    files = collect_paths(paths)
    if output is not None:
        check_not_input(output, files, "the questionnaire")
    with few_collections():
        return [validate_file(path, display_path(path)) for path in files]


def exit_code(results: Sequence[FileResult], *, strict: bool) -> int:
    """Return 2 if any file could not be read, 1 if any file failed, else 0."""
    if any(result.unreadable for result in results):
        return 2
    if any(result.failed(strict=strict) for result in results):
        return 1
    return 0


def run(paths: Sequence[Path], output_format: OutputFormat, *, strict: bool, output: str) -> int:
    """Run `hrdd validate`: write the findings in ``output_format`` and return the exit code."""
    from hrdd.output.validate import FORMATTERS
    from hrdd.output.writer import write_output

    results = validate_paths(paths, output=output)
    write_output(FORMATTERS.formatter(output_format).render(results, strict=strict), output)
    return exit_code(results, strict=strict)
