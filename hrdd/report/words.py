"""The report's fixed words: involvement, and the note on each profile."""

from __future__ import annotations

INVOLVEMENT_WORDS = {
    "cause": "The company may cause this harm (UN Guiding Principle 13).",
    "contribute": "The company may contribute to this harm (UN Guiding Principle 13).",
    "linked": (
        "The harm may be directly linked to the company's services through a business "
        "relationship (UN Guiding Principle 13)."
    ),
}
SHAREABLE_NOTE = (
    "Shareable version: respondents' notes, evidence, names of respondents and everything the "
    "questionnaire marks internal are left out."
)
INTERNAL_NOTE = (
    "Internal version: contains notes, evidence and names. Do not share it outside the "
    "company; use --profile shareable for that."
)
