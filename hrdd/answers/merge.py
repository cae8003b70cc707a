"""Merging answers files that respondents gave separately: who agrees, who does not, the result.

Pure rules, no I/O: the files come in already carried over to the current questionnaire
(`hrdd.commands.merge` does that as `hrdd score` does), and the merged file goes out as an
:class:`Answers` for the caller to write. See docs/assess.md, "Workshops".

The rules, in short:

- per question, only respondents who answered count: an answer given by one respondent and
  left unanswered by another is taken;
- "don't know" and "prefer not to say" are answers: against a value, or against each other,
  they disagree (prefer not to say withholds a fact; whether the merged file holds it is for
  the one who resolves to decide);
- inactive answers (a question the respondent's own answers no longer open) do not count;
- disagreements on questions whose answer decides which others apply come first, with what
  each choice opens and closes; a disagreement on a question that no longer applies once
  the others are resolved is set aside, with each answer kept in the record;
- plan records of one item that differ between files: the latest ``updated_at`` wins (the
  file named first on a tie, a record without a time loses), the others are kept in the
  merge record and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from hrdd.answers.model import (
    Answer,
    Answers,
    Draft,
    HistoryEntry,
    MergeAnswer,
    MergeDecision,
    MergeRecord,
    MergeSource,
    MitigationRecord,
    PlanChoice,
    QuestionnaireRef,
    Respondent,
    RetiredAnswer,
    RetiredMitigation,
    SetAsideRecord,
    to_value,
)
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
from hrdd.questionnaire.model import (
    Question,
    QuestionSource,
    QuestionType,
)
from hrdd.safe_text import printable
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
    Value,
)

StoredValue = str | list[str] | int | float

MAX_REASON = 2_000
"""Longest reason for a decision, in characters: a paragraph, not a document."""

_T = TypeVar("_T")


def reason_problem(reason: str) -> str | None:
    """Return what is wrong with a reason for a decision, or None when it can be kept."""
    text = reason.strip()
    if not text:
        return "give a reason: it is kept with the decision"
    if printable(text, newlines=True) != text:
        return "control characters are not allowed in a reason; type plain text"
    if len(text) > MAX_REASON:
        return f"at most {MAX_REASON:,} characters, this is {len(text):,}"
    return None


@dataclass(frozen=True)
class Source:
    """One respondent's answers file, carried over to the current questionnaire."""

    label: str
    """The file as it was named: how findings, history and the record name it."""
    answers: Answers
    version: str
    """The questionnaire version the file was answered to, before carrying it over."""

    def who(self, label: str | None) -> tuple[str, str | None]:
        """Return (who, role) for an answer's ``answered_by``; the file's name when absent."""
        if not label:
            return self.label, None
        for person in self.answers.respondents:
            if person.label == label:
                return label, person.role if person.name is not None else None
        return label, None


@dataclass(frozen=True)
class Given:
    """One respondent's answer to one question."""

    source: Source
    answer: Answer

    @property
    def by(self) -> str:
        """Who gave it: the answer's respondent, else the file's name."""
        return self.source.who(self.answer.answered_by)[0]

    @property
    def role(self) -> str | None:
        """Their role, when the file's respondents list gives it beside the name."""
        return self.source.who(self.answer.answered_by)[1]

    @property
    def at(self) -> str:
        """When it was given: the answer's time, else the file's last change."""
        return self.answer.answered_at or self.source.answers.updated

    def record(self) -> MergeAnswer:
        """Return this answer as the merge record keeps it."""
        return MergeAnswer(
            source=self.source.label,
            value=self.answer.value,
            by=self.by,
            at=self.answer.answered_at,
        )


@dataclass(frozen=True)
class Choice:
    """One value given to a question, and who gave it."""

    value: StoredValue
    given: tuple[Given, ...]


@dataclass(frozen=True)
class Effect:
    """What choosing one value opens and closes among the questions that follow."""

    opens: tuple[str, ...] = ()
    closes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Disagreement:
    """A question the respondents answered differently, with each choice and its effect."""

    question: str
    choices: tuple[Choice, ...]
    effects: tuple[Effect, ...]
    """One per choice, in the same order."""
    unanswered: tuple[str, ...] = ()
    """The files without an answer to it."""

    @property
    def gates(self) -> bool:
        """Tell whether the choice decides which other questions apply."""
        return any(e.opens or e.closes for e in self.effects)


def same(question: Question, value: StoredValue) -> object:
    """Return what decides whether two answers agree: ticks in any order, numbers as numbers.

    Free text agrees when it says the same words with the same case, whatever the spacing.
    """
    if isinstance(value, list):
        return ("ticks", frozenset(value))
    if isinstance(value, bool):  # never stored, but a bool is an int to Python
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", float(value))
    if question.type is QuestionType.TEXT and value not in (DONT_KNOW, PREFER_NOT_TO_SAY):
        return ("text", " ".join(value.split()))
    return ("value", value)


def _sort_time(stamp: str | None) -> float:
    return datetime.fromisoformat(stamp).timestamp() if stamp else float("-inf")


@dataclass
class Merger:
    """The answers of several files side by side, the decisions taken, and the merged file."""

    questionnaire: QuestionSource
    compiled: CompiledQuestionnaire
    sources: Sequence[Source]
    decisions: dict[str, MergeDecision] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Index every active answer by question, and sort questions into agreed and disputed."""
        self.questions = {q.id: q for q in self.questionnaire.questions()}
        self.order = {qid: n for n, qid in enumerate(self.questions)}
        self.given: dict[str, list[Given]] = {}
        for source in self.sources:
            for qid, answer in source.answers.answers.items():
                if answer.active and qid in self.questions:
                    self.given.setdefault(qid, []).append(Given(source, answer))
        self.choices: dict[str, tuple[Choice, ...]] = {}
        for qid, given in self.given.items():
            question = self.questions[qid]
            groups: dict[object, list[Given]] = {}
            for g in given:
                groups.setdefault(same(question, g.answer.value), []).append(g)
            self.choices[qid] = tuple(
                Choice(group[0].answer.value, tuple(group)) for group in groups.values()
            )

    # -- reading -----------------------------------------------------------------------------

    def agreed(self) -> list[str]:
        """Return the questions everyone who answered answered alike, in order."""
        return [q for q in self._ordered(self.choices) if len(self.choices[q]) == 1]

    def disputed(self) -> list[str]:
        """Return every question answered differently, decided or not, in order."""
        return [q for q in self._ordered(self.choices) if len(self.choices[q]) > 1]

    def values(self) -> dict[str, Value]:
        """Return the merged values so far: agreed answers and decisions (open ones absent)."""
        values: dict[str, Value] = {}
        for qid in self._ordered(self.choices):
            if qid in self.decisions:
                values[qid] = to_value(self.decisions[qid].value)
            elif len(self.choices[qid]) == 1:
                values[qid] = to_value(self.choices[qid][0].value)
        return values

    def open(self) -> list[Disagreement]:
        """Return the disagreements still to resolve: those that decide others first.

        A disagreement counts while its question applies under the merged answers, or under
        any one respondent's answers to the questions still open (it may come to apply).
        """
        base = self.values()
        undecided = [q for q in self.disputed() if q not in self.decisions]
        possible = set(self.compiled.applicable(base))
        for source in self.sources:
            theirs = dict(base)
            for qid in undecided:
                mine = source.answers.answers.get(qid)
                if mine is not None and mine.active:
                    theirs[qid] = to_value(mine.value)
            possible.update(self.compiled.applicable(theirs))
        found = [self._disagreement(q, base) for q in undecided if q in possible]
        return sorted(found, key=lambda d: (not d.gates, self.order[d.question]))

    def set_aside(self) -> list[str]:
        """Return the disagreements on questions that apply under no one's answers now."""
        still = {d.question for d in self.open()}
        return [q for q in self.disputed() if q not in self.decisions and q not in still]

    def _disagreement(self, qid: str, base: dict[str, Value]) -> Disagreement:
        choices = self.choices[qid]
        opened = [set(self.compiled.applicable({**base, qid: to_value(c.value)})) for c in choices]
        every = set.intersection(*opened)
        some = set.union(*opened)
        effects = tuple(
            Effect(
                opens=tuple(self._ordered(here - every)),
                closes=tuple(self._ordered(some - here)),
            )
            for here in opened
        )
        answered = {g.source.label for g in self.given[qid]}
        missing = tuple(s.label for s in self.sources if s.label not in answered)
        return Disagreement(qid, choices, effects, missing)

    def _ordered(self, ids: Iterable[str]) -> list[str]:
        return sorted(ids, key=self.order.__getitem__)

    # -- deciding ----------------------------------------------------------------------------

    def decide(
        self,
        qid: str,
        value: StoredValue,
        *,
        chosen: str | None,
        reason: str,
        by: str,
        at: str,
    ) -> MergeDecision:
        """Record how a disagreement was resolved; raise ValueError for an unusable reason."""
        if qid not in self.choices or len(self.choices[qid]) < 2:
            raise ValueError(f"`{qid}` is not a disagreement")
        problem = reason_problem(reason)
        if problem is not None:
            raise ValueError(problem)
        decision = MergeDecision(
            value=value,
            chosen=chosen,
            reason=reason.strip(),
            by=by,
            at=at,
            answers=[g.record() for g in self.given[qid]],
        )
        self.decisions[qid] = decision
        return decision

    def reuse(self, earlier: MergeRecord) -> list[str]:
        """Take over the decisions of an earlier merge whose answers are still the same.

        Returns the questions decided before whose answers have changed since: asked again.
        """
        changed: list[str] = []
        for qid, decision in earlier.decisions.items():
            if qid not in self.choices or len(self.choices[qid]) < 2:
                continue
            question = self.questions[qid]
            then = {(a.source, same(question, a.value)) for a in decision.answers}
            now = {(g.source.label, same(question, g.answer.value)) for g in self.given[qid]}
            if then == now:
                self.decisions[qid] = decision
            else:
                changed.append(qid)
        return changed

    # -- the merged file ---------------------------------------------------------------------

    def merged(self, *, now: str, by: str | None) -> Answers:
        """Return the merged answers file: agreed answers, decisions, and the merge record."""
        base = self.values()
        applicable = set(self.compiled.applicable(base))
        answers: dict[str, Answer] = {}
        for qid in self._ordered(self.choices):
            answer = self._answer(qid, active=qid in applicable)
            if answer is not None:
                answers[qid] = answer
        drafts = self._drafts()
        for qid in list(drafts):
            if qid in answers:
                answers[qid] = _with_draft(answers[qid], drafts.pop(qid))
        first = self.sources[0].answers
        mitigations, plan = self.plan()
        record = MergeRecord(
            at=now,
            by=by,
            sources=[
                MergeSource(
                    file=s.label,
                    respondents=[_person(r) for r in s.answers.respondents],
                    version=s.version,
                    updated=s.answers.updated,
                )
                for s in self.sources
            ],
            decisions={q: self.decisions[q] for q in self._ordered(self.decisions)},
            open={d.question: [g.record() for g in self.given[d.question]] for d in self.open()},
            not_applicable={q: [g.record() for g in self.given[q]] for q in self.set_aside()},
            plan=plan,
        )
        return Answers(
            format=1,
            questionnaire=QuestionnaireRef(
                id=self.questionnaire.id,
                version=self.questionnaire.version,
                hash=questionnaire_hash(self.questionnaire),
            ),
            organisation=first.organisation,
            respondents=self._respondents(by),
            created=min((s.answers.created for s in self.sources), key=_sort_time),
            updated=now,
            answers=answers,
            mitigations=mitigations,
            drafts=drafts,
            retired=self._retired(),
            retired_mitigations=self._retired_plan(),
            merge=record,
        )

    def _answer(self, qid: str, *, active: bool) -> Answer | None:
        given = self.given[qid]
        decision = self.decisions.get(qid)
        if decision is None and len(self.choices[qid]) > 1:
            return None  # open, or set aside: the record keeps each answer
        history: list[HistoryEntry] = []
        for g in given:
            tag = {"source": g.source.label}
            history.extend(h.model_copy(update=tag) for h in g.answer.history)
            history.append(
                HistoryEntry(
                    value=g.answer.value,
                    by=g.by,
                    at=g.at,
                    note=g.answer.note,
                    role=g.role,
                    source=g.source.label,
                )
            )
        history.sort(key=lambda h: _sort_time(h.at))
        notes = _notes([(g.by, g.answer.note) for g in given])
        evidence = _union([g.answer.evidence for g in given])
        if decision is not None:
            value, answered_by, answered_at, review = (
                decision.value,
                decision.by,
                decision.at,
                False,
            )
        else:
            earliest = min(given, key=lambda g: _sort_time(g.at))
            value = earliest.answer.value
            answered_by, answered_at = earliest.by, earliest.at
            review = any(g.answer.review for g in given)
        return Answer(
            value=value,
            note=notes,
            evidence=evidence,
            answered_by=answered_by,
            answered_at=answered_at,
            question_hash=question_fingerprint(self.questions[qid]),
            active=active,
            review=review,
            history=history,
        )

    def _respondents(self, by: str | None) -> list[Respondent]:
        people: list[Respondent] = []
        for source in self.sources:
            for person in source.answers.respondents:
                if person not in people:
                    people.append(person)
        if by and all(p.label != by for p in people):
            people.append(Respondent(name=by))
        return people

    def _drafts(self) -> dict[str, Draft]:
        found: dict[str, list[tuple[str, Draft]]] = {}
        for source in self.sources:
            for qid, draft in source.answers.drafts.items():
                found.setdefault(qid, []).append((source.label, draft))
        return {
            qid: Draft(
                note=_notes([(label, d.note) for label, d in drafts]),
                evidence=_union([d.evidence for _, d in drafts]),
            )
            for qid, drafts in found.items()
        }

    def _retired(self) -> dict[str, RetiredAnswer]:
        def fold(first: RetiredAnswer, retired: RetiredAnswer, source: Source) -> RetiredAnswer:
            also = HistoryEntry(
                value=retired.value,
                by=source.who(retired.answered_by)[0],
                at=retired.answered_at or retired.retired_at,
                note=retired.note,
                source=source.label,
            )
            history = [*first.history, *retired.history, also]
            return first.model_copy(update={"history": history})

        return _keep_first(self.sources, lambda source: source.answers.retired, fold)

    def _retired_plan(self) -> dict[str, RetiredMitigation]:
        def fold(
            first: RetiredMitigation, record: RetiredMitigation, _: Source
        ) -> RetiredMitigation:
            alone = record.model_copy(update={"earlier": []})
            earlier = [*first.earlier, *record.earlier, alone]
            return first.model_copy(update={"earlier": earlier})

        return _keep_first(self.sources, lambda source: source.answers.retired_mitigations, fold)

    def plan(self) -> tuple[dict[str, MitigationRecord], dict[str, PlanChoice]]:
        """Return the merged plan records, and which file's record was kept where they differ."""
        found: dict[str, list[tuple[Source, MitigationRecord]]] = {}
        for source in self.sources:
            for key, record in source.answers.mitigations.items():
                found.setdefault(key, []).append((source, record))
        records: dict[str, MitigationRecord] = {}
        choices: dict[str, PlanChoice] = {}
        for key, versions in found.items():
            # max() keeps the first of equals: the file named first wins a tie.
            latest = max(versions, key=lambda v: _sort_time(v[1].updated_at))
            records[key] = latest[1]
            others = [v for v in versions if _what(v[1]) != _what(latest[1])]
            if others:
                choices[key] = PlanChoice(
                    kept=latest[0].label,
                    set_aside=[
                        SetAsideRecord(**record.model_dump(), source=source.label)
                        for source, record in others
                    ],
                )
        return records, choices


def _keep_first(
    sources: Sequence[Source],
    entries: Callable[[Source], Mapping[str, _T]],
    fold: Callable[[_T, _T, Source], _T],
) -> dict[str, _T]:
    """Return each key's entry from the first file that has it, the later files' folded in."""
    kept: dict[str, _T] = {}
    for source in sources:
        for key, entry in entries(source).items():
            kept[key] = fold(kept[key], entry, source) if key in kept else entry
    return kept


def _what(record: MitigationRecord) -> dict[str, object]:
    """Return what a plan record says, leaving out who changed it last and when."""
    return record.model_dump(exclude={"updated_by", "updated_at"})


def _person(person: Respondent) -> str:
    if person.name and person.role:
        return f"{person.name} ({person.role})"
    return person.label


def _notes(notes: Sequence[tuple[str, str | None]]) -> str | None:
    """Return the notes given, each once: alone as it is, several each under its author."""
    distinct: list[tuple[str, str]] = []
    for who, note in notes:
        if note and note.strip() and all(note.strip() != n for _, n in distinct):
            distinct.append((who, note.strip()))
    if not distinct:
        return None
    if len(distinct) == 1:
        return distinct[0][1]
    return "\n\n".join(f"{who}: {note}" for who, note in distinct)


def _union(lists: Sequence[Sequence[str]]) -> list[str]:
    seen: list[str] = []
    for items in lists:
        seen.extend(item for item in items if item not in seen)
    return seen


def _with_draft(answer: Answer, draft: Draft) -> Answer:
    """Fold a draft of one file into the answer another file gave: nothing typed is lost."""
    notes = [n.strip() for n in (answer.note, draft.note) if n and n.strip()]
    note = "\n\n".join(dict.fromkeys(notes)) or None
    return answer.model_copy(
        update={"note": note, "evidence": _union([answer.evidence, draft.evidence])}
    )
