"""Checks of `when:` conditions and named conditions: names, order, cycles, use, reachability."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hrdd.questionnaire.checks.condition_types import Types
from hrdd.questionnaire.checks.context import Context, Path
from hrdd.questionnaire.checks.reachability import satisfiable
from hrdd.questionnaire.conditions import (
    Compiled,
    ConditionError,
    NameRef,
    compile_condition,
    dependency_order,
)
from hrdd.suggest import did_you_mean, hint_for

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class CheckedCondition:
    """A condition that compiled and whose names and types are sound."""

    compiled: Compiled
    path: Path


def check_conditions(ctx: Context) -> None:
    """Report every problem of the named conditions and of every `when:`."""
    checks = ConditionChecks(ctx)
    checks.check_named()
    checks.check_question_whens()
    checks.check_rule_whens()
    checks.check_unused()


class ConditionChecks:
    """The condition checks of one questionnaire, sharing what the named conditions are.

    Format 2 runs the same checks on its questions part and its risk model's conditions
    (`hrdd.scoring.impacts.checks`): named conditions first, then every `when:`, then unused.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.questions = {name: asked.question for name, asked in ctx.asked.items()}
        self.paths: dict[str, int] = {}  # the first named condition of each id: its index
        for i, condition in enumerate(ctx.q.conditions):
            self.paths.setdefault(condition.id, i)
        # Static facts of each named condition (None when it does not parse), and its compiled
        # form for the never-true search (None when it or one it uses is broken).
        self.parsed: dict[str, Compiled | None] = dict.fromkeys(self.paths)
        self.named: dict[str, Compiled | None] = dict.fromkeys(self.paths)
        self.uses: dict[str, set[str]] = {name: set() for name in self.paths}
        self.used: set[str] = set()  # named conditions that a section, question, ... uses

    # --- named conditions ----------------------------------------------------------------

    def check_named(self) -> None:
        """Check every named condition: syntax, names, types, cycles, never true."""
        q = self.ctx.q
        sound: set[str] = set()
        for i, condition in enumerate(q.conditions):
            path: Path = ("conditions", i, "when")
            parsed = self.parse(path, condition.when)
            if self.paths[condition.id] != i:  # a duplicate id: checked, but never used
                if parsed is not None:
                    self.names_and_types(path, parsed, set(self.questions), "named condition")
                continue
            name, expr = condition.id, condition.when
            self.parsed[name] = parsed
            if parsed is None:
                self.uses[name] = self.words_used(expr)
                continue
            self.uses[name] = {use.name for use in parsed.uses}
            if self.names_and_types(path, parsed, set(self.questions), "named condition"):
                sound.add(name)
        order, cycles = dependency_order(
            {name: p.uses if p is not None else () for name, p in self.parsed.items()}
        )
        broken: set[str] = set()
        for cycle in cycles:
            path = ("conditions", self.paths[cycle.holder], "when")
            self.ctx.report(
                path,
                "condition-cycle",
                f"named conditions use each other in a circle: {' -> '.join(cycle.path)}",
                "a named condition may use only named conditions that do not use it; "
                "write out the part they share",
                mark=self.ctx.condition_mark(path, cycle.use.offset),
            )
            broken.update(cycle.path)
        for name in order:
            if name not in sound or name in broken:
                continue
            compiled = compile_condition(q.conditions[self.paths[name]].when, self.named)
            if compiled.unresolved:
                continue
            self.named[name] = compiled
            path = ("conditions", self.paths[name], "when")
            self.never_true(
                [CheckedCondition(compiled, path)], "whatever needs it never applies", path
            )

    def parse(self, path: Path, expr: str) -> Compiled | None:
        """Compile a named condition for its static facts; report it when it is not valid."""
        try:
            return compile_condition(expr, dict.fromkeys(self.paths))
        except ConditionError as exc:
            mark = self.ctx.condition_mark(path, exc.offset)
            self.ctx.report(path, exc.rule, exc.message, exc.hint, mark=mark)
            return None

    def words_used(self, expr: str) -> set[str]:
        """Return the named conditions a condition that does not parse seems to use."""
        return {word for word in _WORD.findall(expr) if word in self.paths}

    def reads(self, name: str) -> set[str]:
        """Return the question ids that a named condition reads, through others too."""
        found: set[str] = set()
        todo, seen = [name], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            parsed = self.parsed.get(current)
            if parsed is not None:
                found.update(ref.name for ref in parsed.references)
            todo.extend(self.uses.get(current, ()))
        return found

    def check_unused(self) -> None:
        """Report named conditions no checked condition uses, directly or through others."""
        reached: set[str] = set()
        todo = list(self.used)
        while todo:
            name = todo.pop()
            if name in reached or name not in self.uses:
                continue
            reached.add(name)
            todo.extend(self.uses[name])
        by_others = set().union(*self.uses.values())
        for name, i in self.paths.items():
            if name in reached:
                continue
            message = f"the named condition `{name}` is never used"
            if name in by_others:
                message += ": only named conditions that are never used themselves use it"
            self.ctx.report(
                ("conditions", i, "id"),
                "unused-condition",
                message,
                f"use it in a `when:` as `{name}`, or remove it",
            )

    # --- the when: of sections, questions, rules and mitigations -------------------------

    def check_question_whens(self) -> None:
        """Check the `when:` of every section and question."""
        q = self.ctx.q
        asked = self.ctx.asked
        seen = 0
        for si, section in enumerate(q.sections):
            before = {qid for qid, a in asked.items() if a.order < seen}
            section_ok: CheckedCondition | None = None
            section_never = False
            if section.when is not None:
                section_ok = self.condition(
                    ("sections", si, "when"), section.when, before, "section"
                )
                if section_ok is not None:
                    section_never = self.never_true(
                        [section_ok], "the section is never asked", section_ok.path
                    )
            for qi, question in enumerate(section.questions):
                if question.when is not None:
                    earlier = {qid for qid, a in asked.items() if a.order < seen}
                    path: Path = ("sections", si, "questions", qi, "when")
                    ok = self.condition(path, question.when, earlier, "question")
                    if ok is not None and not section_never:
                        parts = [ok] if section_ok is None else [section_ok, ok]
                        self.never_true(parts, "the question is never asked", path)
                seen += 1

    def check_rule_whens(self) -> None:
        """Check the `when:` of every format-1 rule and mitigation."""
        q = self.ctx.q
        all_ids = set(self.ctx.asked)
        for i, rule in enumerate(q.rules):
            ok = self.condition(("rules", i, "when"), rule.when, all_ids, "rule")
            if ok is not None:
                self.never_true([ok], "the rule never applies", ok.path)
        for i, mitigation in enumerate(q.mitigations):
            if mitigation.when is not None:
                path = ("mitigations", i, "when")
                ok = self.condition(path, mitigation.when, all_ids, "mitigation")
                if ok is not None:
                    self.never_true([ok], "the mitigation is never recommended", path)

    def condition(
        self, path: Path, expr: str, allowed: set[str], holder: str
    ) -> CheckedCondition | None:
        """Check one condition; return it when it is sound enough to evaluate."""
        try:
            compiled = compile_condition(expr, self.named)
        except ConditionError as exc:
            self.used.update(self.words_used(expr))
            mark = self.ctx.condition_mark(path, exc.offset)
            self.ctx.report(path, exc.rule, exc.message, exc.hint, mark=mark)
            return None
        self.used.update(use.name for use in compiled.uses)
        if not self.names_and_types(path, compiled, allowed, holder) or compiled.unresolved:
            return None
        return CheckedCondition(compiled, path)

    def names_and_types(
        self, path: Path, compiled: Compiled, allowed: set[str], holder: str
    ) -> bool:
        """Check the names a condition uses, then its types; return whether all is sound."""
        before = len(self.ctx.found)
        for ref in compiled.references:
            self.name(path, compiled, ref, allowed, holder)
        if holder in ("section", "question"):
            for use in compiled.uses:
                self.order_through(path, use, allowed, holder)
        if len(self.ctx.found) == before:
            Types(self.ctx, path).check(compiled)
        return len(self.ctx.found) == before

    def name(
        self, path: Path, compiled: Compiled, ref: NameRef, allowed: set[str], holder: str
    ) -> None:
        """Report a name that is no question, or a question not asked before ``path``."""
        ctx, name = self.ctx, ref.name
        asked = ctx.asked.get(name)
        if asked is None:
            close = did_you_mean(name, [*ctx.asked, *self.paths])
            hint = hint_for(close)
            if close in self.paths and close not in ctx.asked:
                hint = f"did you mean the named condition `{close}`? use it alone: `{close}`"
            for c in compiled.comparisons:
                sides = (c.left, c.right)
                other = next((s for s in sides if s.kind == "question" and s.name != name), None)
                if (
                    other
                    and any(s.name == name for s in sides)
                    and name in ctx.values_of(other.name)
                ):
                    hint = f"quote it if it is a value: `{other.name} {c.op} '{name}'`"
            ctx.report(
                path,
                "condition-unknown-question",
                f"no question has the id `{name}`",
                hint,
                mark=ctx.condition_mark(path, ref.offset),
            )
            return
        if name in allowed:
            return
        own = path[:-1]
        if own == asked.path:
            message = f"the condition of question `{name}` refers to `{name}` itself"
        else:
            where = "in this section or after it" if holder == "section" else "after this question"
            message = f"question `{name}` is asked {where} (line {ctx.line_of(asked.path)})"
        ctx.report(
            path,
            "condition-forward-reference",
            message,
            "a condition may only use answers to questions asked before it: move "
            f"`{name}` earlier, or test it in a rule or mitigation",
            mark=ctx.condition_mark(path, ref.offset),
        )

    def order_through(self, path: Path, use: NameRef, allowed: set[str], holder: str) -> None:
        """Report a named condition that reads questions not asked before this condition."""
        ctx = self.ctx
        later = sorted(
            (ctx.asked[n] for n in self.reads(use.name) if n in ctx.asked and n not in allowed),
            key=lambda asked: asked.order,
        )
        if not later:
            return
        own = path[:-1]
        listed = [
            f"`{a.question.id}` (this question)"
            if a.path == own
            else f"`{a.question.id}` (line {ctx.line_of(a.path)})"
            for a in later
        ]
        questions = " and ".join(
            [", ".join(listed[:-1]), listed[-1]] if len(listed) > 1 else listed
        )
        ctx.report(
            path,
            "condition-forward-reference",
            f"the named condition `{use.name}` uses {questions}, which "
            f"{'are' if len(later) > 1 else 'is'} not asked before this {holder}",
            f"a {holder}'s condition may only use answers to questions asked before it: test "
            "those questions in a rule or mitigation, or use a named condition without them",
            mark=ctx.condition_mark(path, use.offset),
        )

    def never_true(self, parts: list[CheckedCondition], consequence: str, path: Path) -> bool:
        """Report a condition that no answers can satisfy; return whether it was reported."""
        if satisfiable([p.compiled for p in parts], self.questions) is not False:
            return False
        section = " together with the section's condition" if len(parts) > 1 else ""
        self.ctx.report(
            path,
            "condition-never-true",
            f"no answers can make this condition true{section}: {consequence}",
            "check the values and operators against the options of the questions it names",
        )
        return True
