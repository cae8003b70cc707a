"""`hrdd merge`: bring answers files that respondents gave separately into one agreed file.

Each file is checked and carried over to the current questionnaire as `hrdd score` does;
answers everyone gave alike are taken, disagreements are resolved one by one in a terminal
(or listed as findings with ``--no-input``). The output is written under the one-sitting
lock, atomically with mode 0600, at the start and after every decision, so an interrupted
merge loses nothing and the same command resumes it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.model import Answers, MitigationRecord, load_answers, save_answers
from hrdd.atomic import real_path
from hrdd.diagnostics import Diagnostic, format_finding
from hrdd.errors import InputError, UsageError
from hrdd.safe_text import printable

if TYPE_CHECKING:
    from hrdd.answers.merge import Merger, Source
    from hrdd.questionnaire.loading import Document
    from hrdd.scoring.impacts.format import RiskQuestionnaire
    from hrdd.sitting_lock import SittingLock


@dataclass(frozen=True)
class MergeOptions:
    """The options of `hrdd merge`, as the CLI parsed them."""

    files: list[Path]
    output: Path | None
    by: str | None = None
    questionnaire: Path | None = None
    interactive: bool | None = None
    """True: resolve in the terminal; False: never prompt; None: prompt only in a terminal."""
    overwrite: bool = False
    """Write over an existing file that is not this merge's earlier output, even an input."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return real_path(a) == real_path(b)


def _output_target(path: Path) -> Path:
    """Return the real file behind ``-o``; refuse a folder, a device, a FIFO or a loop.

    Through a symbolic link that is the file it names: written there, the link stays, and
    the lock is taken beside it, as for every answers file (see docs/security.md).
    """
    from hrdd.atomic import os_reason, target

    try:
        return target(path, devices=False).path
    except OSError as exc:
        raise UsageError(
            f"-o {path}: {os_reason(exc)}; name a regular file for the merged answers"
        ) from None


def _check_paths(options: MergeOptions) -> Path:
    """Refuse too few files, a file named twice, and an output that cannot be written."""
    if len(options.files) < 2:
        raise UsageError("name at least two answers files to merge")
    if options.output is None or str(options.output) == "-":
        raise UsageError(
            "name the merged answers file with -o FILE (it is an answers file, written "
            "atomically with mode 0600, never stdout)"
        )
    for n, path in enumerate(options.files):
        for other in options.files[:n]:
            if _same_file(path, other):
                raise UsageError(f"{path}: named twice (also as {other}); name each file once")
    output = _output_target(options.output)
    if output.exists() and not options.overwrite:
        for path in options.files:
            if _same_file(path, output):
                raise UsageError(
                    f"{options.output}: this is one of the files being merged ({path}); "
                    "write the merged file elsewhere with -o, or pass --overwrite to replace "
                    "that respondent's file with the merged one"
                )
    return output


def _load(
    options: MergeOptions, warnings: list[Diagnostic]
) -> tuple[list[Source], RiskQuestionnaire, dict[str, Document]]:
    """Load, check and carry over every file; raise listing every error of every file.

    What carrying a file over to the current questionnaire set aside goes to ``warnings``.
    """
    from hrdd.answers.merge import Source
    from hrdd.commands.score import Library, carry_over
    from hrdd.dialogue.reconcile import plan_records
    from hrdd.scoring.impacts.load import check_risk_answers

    errors: list[str] = []
    loaded: list[tuple[Path, Answers, Document]] = []
    for path in options.files:
        try:
            answers, doc = load_answers(path)
        except InputError as exc:
            errors.append(str(exc))
            continue
        loaded.append((path, answers, doc))
    if errors:
        raise InputError("\n".join(errors))
    first_path, first, _ = loaded[0]
    for path, answers, _ in loaded[1:]:
        if answers.questionnaire.id != first.questionnaire.id:
            raise InputError(
                f"{path}: answers are for questionnaire `{answers.questionnaire.id}`, but "
                f"{first_path} answers `{first.questionnaire.id}`; merge only answers to one "
                "questionnaire"
            )
        if " ".join(answers.organisation.split()) != " ".join(first.organisation.split()):
            raise InputError(
                f"{path}: assesses `{answers.organisation}`, but {first_path} assesses "
                f"`{first.organisation}`; merge only answers about one organisation"
            )
    library = Library(explicit=options.questionnaire)
    model = library.for_answers(first, str(first_path))
    sources: list[Source] = []
    docs: dict[str, Document] = {}
    for path, answers, doc in loaded:
        carried = carry_over(answers, doc, model, warnings)
        problems = check_risk_answers(carried, doc, model)
        if problems:
            errors.extend(format_finding(d) for d in problems)
            continue
        records, _moved, _gone = plan_records(carried.mitigations, model.questionnaire)
        carried = carried.model_copy(update={"mitigations": records})
        label = str(path)
        sources.append(Source(label, carried, answers.questionnaire.version))
        docs[label] = doc
    if errors:
        raise InputError("\n".join(errors))
    return sources, model.questionnaire, docs


def _earlier(output: Path, sources: list[Source], options: MergeOptions) -> Answers | None:
    """Return the earlier merge written to ``output``, to resume from; refuse anything else."""
    if options.overwrite or not output.exists():
        return None
    shown = options.output
    earlier, _ = load_answers(output)
    again = "write to another file with -o, or pass --overwrite to replace it"
    if earlier.merge is None:
        raise UsageError(f"{shown}: exists and was not written by hrdd merge; {again}")
    first = sources[0].answers
    if (
        earlier.questionnaire.id != first.questionnaire.id
        or earlier.organisation != first.organisation
    ):
        raise UsageError(
            f"{shown}: a merge of answers about `{earlier.organisation}` "
            f"(`{earlier.questionnaire.id}`), not these files; {again}"
        )
    if earlier.updated != earlier.merge.at:
        raise UsageError(
            f"{shown}: changed after the merge wrote it (merged {earlier.merge.at}, changed "
            f"{earlier.updated}); merging again would replace those changes; {again}"
        )
    return earlier


def run(options: MergeOptions) -> int:
    """Run `hrdd merge` and return its exit code (see docs/cli.md)."""
    from hrdd.commands.plan import clean
    from hrdd.dialogue.session import utc_now
    from hrdd.sitting_lock import acquire

    interactive = options.interactive
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive and not sys.stdin.isatty():
        raise UsageError(
            "--input needs a terminal, but stdin is not one; run hrdd merge in a terminal, "
            "or use --no-input to write the agreed part and list the disagreements"
        )
    by = clean("--by", options.by) if options.by is not None else None
    output = _check_paths(options)
    lock = acquire(
        output,
        respondent=by,
        started=utc_now(),
        questionnaire=options.questionnaire,
        command="merge",
    )
    try:
        return _merge(options, output, by, interactive, lock)
    finally:
        lock.release()


def _merge(
    options: MergeOptions, output: Path, by: str | None, interactive: bool, lock: SittingLock
) -> int:
    from hrdd.answers.merge import Merger
    from hrdd.dialogue.session import utc_now
    from hrdd.output.writer import write_warnings
    from hrdd.questionnaire.conditions import CompiledQuestionnaire

    warnings: list[Diagnostic] = []
    sources, questionnaire, docs = _load(options, warnings)
    merger = Merger(questionnaire, CompiledQuestionnaire(questionnaire), sources)
    earlier = _earlier(output, sources, options)
    reasked = merger.reuse(earlier.merge) if earlier is not None and earlier.merge else []
    if by is None and earlier is not None and earlier.merge is not None:
        by = earlier.merge.by
    warnings += _plan_warnings(merger, docs)
    signed = [s.label for s in sources if s.answers.signoff is not None]
    write_warnings(warnings)
    for label in signed:
        print(
            f"warning: {label}: its sign-off is not carried into the merged file (it covers "
            "that file's answers only); sign the merged assessment off when it is agreed",
            file=sys.stderr,
        )

    def save(merged: Answers) -> None:
        save_answers(output, merged, questionnaire)

    if not interactive:
        merged = merger.merged(now=utc_now(), by=by)
        save(merged)
        return _report(merger, docs, output, options)
    from hrdd.dialogue.merge import MergeScreens

    screens = MergeScreens(merger, questionnaire, save, by=by, clock=utc_now)
    return screens.run(
        output=output,
        reasked=reasked,
        resume=_command(options),
        on_by=lambda who: lock.update(respondent=who),
    )


def _command(options: MergeOptions) -> str:
    """Return the command that resumes this merge, runnable as printed."""
    from hrdd.invocation import command

    return command(
        "merge",
        *options.files,
        "-o",
        options.output or Path("merged.yaml"),
        questionnaire=options.questionnaire,
    )


def _plan_warnings(merger: Merger, docs: dict[str, Document]) -> list[Diagnostic]:
    """Return one warning per plan record set aside because another file's is later."""
    found: list[Diagnostic] = []
    for key, choice in merger.plan()[1].items():
        for record in choice.set_aside:
            doc = docs[record.source]
            found.append(
                doc.finding(
                    ("mitigations", key),
                    "merge-plan-conflict",
                    (
                        f"`{key}`: this record ({_record(record)}) differs from the one in "
                        f"{choice.kept}, which is later and is kept; this one is kept under "
                        "`merge.plan` in the merged file"
                    ),
                )
            )
    return found


def _record(record: MitigationRecord) -> str:
    parts = [record.status.value]
    if record.owner:
        parts.append(f"owner {record.owner}")
    if record.due:
        parts.append(f"due {record.due}")
    return ", ".join(parts)


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def disagreement_findings(merger: Merger, docs: dict[str, Document]) -> list[Diagnostic]:
    """Return one finding per respondent's answer to each open disagreement, gates first."""
    found: list[Diagnostic] = []
    for disagreement in merger.open():
        qid = disagreement.question
        given = [g for choice in disagreement.choices for g in choice.given]
        given.sort(key=lambda g: [s.label for s in merger.sources].index(g.source.label))
        gate = " (it decides which other questions apply)" if disagreement.gates else ""
        for g in given:
            others = "; ".join(
                f"{o.by} ({o.source.label}) `{_shown(o.answer.value)}`"
                for o in given
                if o.source is not g.source
            )
            doc = docs[g.source.label]
            found.append(
                doc.finding(
                    ("answers", qid, "value"),
                    "merge-disagreement",
                    (
                        f"`{qid}`{gate}: {g.by} answered `{_shown(g.answer.value)}`; "
                        f"other answers: {others}"
                    ),
                )
            )
    return found


def _report(merger: Merger, docs: dict[str, Document], output: Path, options: MergeOptions) -> int:
    """List the open disagreements as findings on stdout; 1 when there are any."""
    from hrdd.output.writer import write_stdout

    findings = disagreement_findings(merger, docs)
    agreed = len(merger.agreed())
    decided = len(merger.decisions)
    open_count = len(merger.open())
    if findings:
        write_stdout("".join(format_finding(d) + "\n" for d in findings))
    summary = (
        f"merged {len(merger.sources)} files into {printable(str(output))}: {agreed} "
        f"question(s) agreed, {decided} disagreement(s) resolved, {open_count} open"
    )
    print(summary, file=sys.stderr)
    if open_count:
        print(f"resolve them in a terminal: {_command(options)}", file=sys.stderr)
        return 1
    return 0
