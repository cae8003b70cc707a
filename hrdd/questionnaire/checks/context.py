"""What every check needs: the questionnaire, where its parts sit, and how to report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.loading import Document, Mark
from hrdd.questionnaire.model import (
    Question,
    Questionnaire,
    QuestionType,
)

Path = tuple[str | int, ...]

KINDS = {
    QuestionType.YES_NO: "a yes/no question",
    QuestionType.SINGLE: "a single-choice question",
    QuestionType.MULTI: "a multi-choice question",
    QuestionType.NUMBER: "a number question",
    QuestionType.TEXT: "a text question",
}
"""How messages name each question type."""

CHOICE = (QuestionType.YES_NO, QuestionType.SINGLE)
"""The types whose answer is one option value."""


@dataclass(frozen=True)
class Asked:
    """A question with where it sits: its order in the questionnaire and its data path."""

    question: Question
    order: int
    path: Path


class Context:
    """One questionnaire under check, and the findings collected so far."""

    def __init__(self, q: Questionnaire, doc: Document) -> None:
        """Index the questions of ``q`` by order and id."""
        self.q = q
        self.doc = doc
        self.found: list[Diagnostic] = []
        self.lines = doc.text.splitlines()
        self.every = [
            Asked(question, order, ("sections", si, "questions", qi))
            for order, (si, qi, question) in enumerate(
                (si, qi, question)
                for si, section in enumerate(q.sections)
                for qi, question in enumerate(section.questions)
            )
        ]
        self.asked: dict[str, Asked] = {}  # the first question of each id
        for asked in self.every:
            self.asked.setdefault(asked.question.id, asked)
        self.area_ids = [a.id for a in q.areas]

    def all_questions(self) -> Iterator[tuple[Question, Asked]]:
        """Yield every question, duplicates included, with where it sits."""
        return ((asked.question, asked) for asked in self.every)

    def values_of(self, name: str) -> list[str]:
        """Return the option values of question ``name`` (yes and no when left implicit)."""
        asked = self.asked.get(name)
        if asked is None:
            return []
        return list(asked.question.choices)

    # --- reporting -----------------------------------------------------------------------

    def report(
        self,
        path: Path,
        rule: str,
        message: str,
        hint: str | None = None,
        *,
        mark: Mark | None = None,
    ) -> None:
        """Record a finding of ``rule`` at ``path`` (or at ``mark`` when given)."""
        self.found.append(self.doc.finding(path, rule, message, hint=hint, mark=mark))

    def key_mark(self, path: Path) -> Mark:
        """Return the position of the key of ``path`` (its value's when it has no key)."""
        info = self.doc.positions.get(path)
        if info is not None and info.key is not None:
            return info.key
        return self.doc.positions.locate(path)

    def line_of(self, path: Path) -> int:
        """Return the line of the value at ``path``."""
        return self.doc.positions.locate(path).line

    def _block_mark(self, start: Mark, end: Mark, offset: int) -> Mark:
        """Map an offset in a block scalar (`|` or `>`) to its line and column.

        A condition's lines are joined with one character between them, as both styles give
        them when no line is blank; with blank lines inside, the block's start is returned.
        """
        # The lines after the `|` or `>`, up to the end mark: at column 1 of the line after
        # the block, or in the block's last line at the end of the file.
        last = end.line - 1 if end.column == 1 else end.line
        lines = self.lines[start.line : last]
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines or any(not line.strip() for line in lines):
            return start
        indent = min(len(line) - len(line.lstrip(" ")) for line in lines)
        for number, line in enumerate(lines, start=start.line + 1):
            width = len(line) - indent
            if offset <= width:
                return Mark(number, indent + offset + 1)
            offset -= width + 1
        return start

    def condition_mark(self, path: Path, offset: int) -> Mark:
        """Map a character offset in a condition to its line and column in the file."""
        info = self.doc.positions.get(path)
        if info is None:
            return self.doc.positions.locate(path)
        start = info.value
        if info.style in ("|", ">"):
            return self._block_mark(start, info.end, offset)
        if info.end.line != start.line:
            return start
        if info.style is None:
            return Mark(start.line, start.column + offset)
        raw = self.lines[start.line - 1] if start.line <= len(self.lines) else ""
        index = start.column  # just past the opening quote (columns are 1-based)
        for _ in range(offset):
            if index >= len(raw):
                break
            if info.style == "'" and raw.startswith("''", index):
                index += 2
            elif info.style == '"' and raw[index] == "\\":
                index += {"x": 4, "u": 6, "U": 10}.get(raw[index + 1 : index + 2], 2)
            else:
                index += 1
        return Mark(start.line, index + 1)
