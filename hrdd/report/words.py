"""The report's words: label tables and questionnaire lookups in the report's language."""

from __future__ import annotations

from hrdd.answers.model import MitigationStatus
from hrdd.questionnaire.model import (
    Question,
    Questionnaire,
    QuestionType,
    Reference,
    text_in,
)
from hrdd.report.views import BandView, ReferenceView
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
)

HORIZON_TITLES = {
    "immediate": "Immediate: within 30 days",
    "90_days": "Within 90 days",
    "180_days": "Within 180 days",
    "ongoing": "Ongoing",
}
STATUS_LABELS = {
    MitigationStatus.PLANNED: "Planned",
    MitigationStatus.IN_PROGRESS: "In progress",
    MitigationStatus.DONE: "Done",
    MitigationStatus.DECLINED: "Declined; the risk remains",
    MitigationStatus.ACCEPTED: "Declined; the risk remains",
}
DIMENSION_WORDS = {
    "scale": "Scale (how grave the harm is)",
    "scope": "Scope (how many people)",
    "irremediability": "Irremediability (how hard it is to undo)",
}
INVOLVEMENT_WORDS = {
    "cause": "The company may cause this harm (UN Guiding Principle 13).",
    "contribute": "The company may contribute to this harm (UN Guiding Principle 13).",
    "linked": (
        "The harm may be directly linked to the company's services through a business "
        "relationship (UN Guiding Principle 13)."
    ),
}
REVIEW_WARNING = (
    "Legal and safety review required before acting: this step can conflict with local law "
    "and expose staff to liability."
)
SHAREABLE_NOTE = (
    "Shareable version: respondents' notes, evidence, names of respondents and everything the "
    "questionnaire marks internal are left out."
)
INTERNAL_NOTE = (
    "Internal version: contains notes, evidence and names. Do not share it outside the "
    "company; use --profile shareable for that."
)


class Words:
    """Questionnaire lookups in the report's language."""

    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self.lang = q.default_language
        self.questions = {x.id: x for x in q.questions()}
        self.section_of = {x.id: s for s in q.sections for x in s.questions}
        self.areas = {a.id: a for a in q.areas}
        self.rules = {r.id: r for r in q.rules}
        self.mitigations = {m.id: m for m in q.mitigations}
        self.bands = {b.id: b for b in q.scoring.bands}
        self.band_ids = [b.id for b in q.scoring.bands]
        self.source_number = {s.id: n for n, s in enumerate(q.sources, start=1)}
        self.sources = {s.id: s for s in q.sources}

    def text(self, value: object) -> str:
        """Return a text field in the report's language."""
        return text_in(value, self.lang, self.lang)  # type: ignore[arg-type]

    def band(self, band_id: str) -> BandView:
        """Return the view of a band id: label, rank and a 0-3 level for colours."""
        n = len(self.band_ids)
        rank = self.band_ids.index(band_id) if band_id in self.band_ids else 0
        level = round(rank * 3 / (n - 1)) if n > 1 else 3
        label = self.text(self.bands[band_id].label) if band_id in self.bands else band_id
        return BandView(id=band_id, label=label, rank=rank, level=level)

    def area_title(self, area_id: str) -> str:
        """Return the view of a band id: label, rank and a 0-3 level for colours."""
        area = self.areas.get(area_id)
        return self.text(area.title) if area else area_id

    def answer(self, question: Question, value: object) -> str:
        """Return an area's title, or its id when the questionnaire has no such area."""
        if isinstance(value, str) and value == DONT_KNOW:
            return "Don't know"
        if isinstance(value, str) and value == PREFER_NOT_TO_SAY:
            return "Prefer not to say"
        labels = {o.value: self.text(o.label) or o.value for o in question.options}
        if question.type is QuestionType.YES_NO:
            labels = {"yes": "Yes", "no": "No", **{k: v for k, v in labels.items() if v != k}}
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value) or "None selected"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, int | float):
            unit = self.text(question.unit)
            return f"{value:,}" + (f" {unit}" if unit else "")
        return labels.get(str(value), str(value))

    def references(self, refs: list[Reference]) -> list[ReferenceView]:
        """Return an answer as the report shows it: option labels, units, don't know."""
        views = []
        for ref in refs:
            source = self.sources.get(ref.source)
            if source is None:
                continue
            views.append(
                ReferenceView(
                    number=self.source_number[ref.source],
                    at=ref.at or "",
                    confidence=source.confidence.value,
                    flagged=source.confidence.value != "verified",
                )
            )
        return views

    def rule_words(self, rule_id: str) -> str:
        """Return the numbered source references a report item cites."""
        rule = self.rules.get(rule_id)
        described = self.text(rule.description) if rule else ""
        described = " ".join(described.split()).rstrip(".")
        return f"{described} (rule {rule_id})" if described else f"rule {rule_id}"
