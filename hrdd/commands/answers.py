"""`hrdd answers new` and `hrdd answers check`: answering without the dialogue.

``new`` writes a skeleton answers file for a questionnaire: the right id, version and hash,
and every question as a commented block (text, type, options, help, condition) to fill in
an editor. ``check`` runs exactly the checks of `hrdd score`, without scoring.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from hrdd.answers.model import HEADER
from hrdd.errors import UsageError
from hrdd.questionnaire.hashing import questionnaire_hash
from hrdd.questionnaire.model import (
    Question,
    QuestionType,
    Text,
    text_in,
)
from hrdd.scoring.loading import AnyQuestionnaire
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
)

STDOUT = "-"


def skeleton(questionnaire: AnyQuestionnaire, organisation: str, now: str) -> str:
    """Return the text of a new answers file: valid as it is, every question commented out.

    To answer a question, remove the ``# `` in front of its two last lines and write the
    value. The file loads before anything is filled in (no answers yet).
    """
    head = {
        "format": 1,
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "hash": questionnaire_hash(questionnaire),
        },
        "organisation": organisation,
        "created": now,
        "updated": now,
    }
    lines = [
        HEADER.rstrip("\n"),
        "# To answer a question, delete the `# ` in front of its id and `value:` lines and",
        "# write the answer after `value:`. Check the file with `hrdd answers check FILE`.",
        yaml.safe_dump(head, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n"),
        "answers:",
    ]
    language = questionnaire.default_language
    for section in questionnaire.sections:
        lines.append("")
        lines.append(f"  # == {_one_line(section.title, language)} ==")
        if section.when is not None:
            lines.append(f"  # (whole section asked only when: {_one_line(section.when, '')})")
        for question in section.questions:
            lines.extend(_block(question, language))
    return "\n".join(lines) + "\n"


def _one_line(text: Text | str, language: str) -> str:
    shown = text if isinstance(text, str) else text_in(text, language, language)
    return " ".join(shown.split())


WIDTH = 96
"""Comment lines are wrapped at words to this width, for editors and diffs."""


def _comment(first: str, text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent="  #     ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _block(question: Question, language: str) -> list[str]:
    out = ["", *_comment("  # ", _one_line(question.text, language))]
    out += _comment("  #   ", f"type: {question.type.value}; {_what(question, language)}")
    extras = ([DONT_KNOW] if question.dont_know else []) + (
        [PREFER_NOT_TO_SAY] if question.sensitive else []
    )
    if extras:
        out.append(f"  #   also allowed: {', '.join(extras)}")
    if question.help is not None:
        out += _comment("  #   ", f"help: {_one_line(question.help, language)}")
    for option in question.options:
        if option.help is not None:
            out += _comment("  #   ", f"{option.value}: {_one_line(option.help, language)}")
    if question.when is not None:
        out += _comment("  #   ", f"asked only when: {_one_line(question.when, language)}")
    out.append(f"  # {question.id}:")
    out.append("  #   value: ")
    return out


def _what(question: Question, language: str) -> str:
    kind = question.type

    def listed() -> str:
        # YAML reads a bare yes or no as true or false: yes/no values are written quoted.
        quote = "'" if kind is QuestionType.YES_NO else ""
        return ", ".join(
            f"{quote}{o.value}{quote}"
            + (f" ({_one_line(o.label, language)})" if o.label is not None else "")
            for o in question.options
        )

    if kind is QuestionType.YES_NO:
        return f"one of: {listed()}" if question.options else "'yes' or 'no' (quoted)"
    if kind is QuestionType.SINGLE:
        return f"one of: {listed()}"
    if kind is QuestionType.MULTI:
        first = question.options[0].value if question.options else "a"
        return f"a list of any of: {listed()} (e.g. [{first}])"
    if kind is QuestionType.NUMBER:
        bits = ["a whole number" if question.integer else "a number"]
        if question.minimum is not None:
            bits.append(f"at least {question.minimum:g}")
        if question.maximum is not None:
            bits.append(f"at most {question.maximum:g}")
        if question.unit is not None:
            bits.append(f"in {_one_line(question.unit, language)}")
        return ", ".join(bits)
    return "free text"


def write_new(questionnaire_path: Path, output: str, organisation: str, now: str) -> str | None:
    """Write the skeleton to ``output`` (``-``: return it for stdout); never overwrite a file.

    Returns the text for stdout, or None when it was written to a file (atomically, 0600).
    """
    from hrdd.answers.model import save_text
    from hrdd.scoring.loading import load_questionnaire_or_raise

    if not organisation.strip():
        raise UsageError("--org: name the organisation assessed")
    questionnaire, _ = load_questionnaire_or_raise(questionnaire_path)
    text = skeleton(questionnaire, organisation.strip(), now)
    if output == STDOUT:
        return text
    path = Path(output)
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{path}: exists already; hrdd never overwrites an answers file. Name a new file, "
            "or check the existing one with `answers check`"
        )
    save_text(path, text)
    return None
