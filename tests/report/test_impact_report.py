"""`hrdd report` on a format-2 questionnaire: same top risks as `hrdd score`, goldens, inertness.

Regenerate the golden files on purpose, after checking the change is wanted:

    HRDD_REGENERATE_GOLDEN=1 python -m pytest tests/report/test_impact_report.py
"""

from __future__ import annotations

import os
import re
from dataclasses import fields
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from hrdd import __version__
from hrdd.answers.model import load_answers
from hrdd.commands.report import build_report
from hrdd.commands.score import score_files
from hrdd.report.context import ReportOptions
from hrdd.report.impact_report import INVOLVEMENT, build_impact_report
from hrdd.report.options import Profile, ReportFormat
from hrdd.report.results import ImpactView, PlanView, mid_sentence, results_view
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.loading import load_questionnaire_or_raise
from tests.commands.test_score_v2 import CASES, V2
from tests.conftest import REPORT_DATA

DATA = REPORT_DATA / "impacts"
GOLDEN = DATA / "golden"
EXTENSIONS = {ReportFormat.MARKDOWN: "md", ReportFormat.HTML: "html"}
NAMES = ("operator", "rides-abroad")


def _render(path: Path, fmt: ReportFormat, profile: Profile = Profile.INTERNAL) -> str:
    return build_report(path, V2, output_format=fmt, profile=profile).text


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_report_names_the_top_risks_of_hrdd_score_in_the_same_order(case: Path) -> None:
    [rated] = score_files([case], V2).rated
    questionnaire, _ = load_questionnaire_or_raise(V2)
    assert isinstance(questionnaire, RiskQuestionnaire)
    answers, _ = load_answers(case)
    context = build_impact_report(questionnaire, rated.result, answers, ReportOptions(), "sha256:x")
    assert context.top == tuple(i.id for i in rated.view.top)
    assert [i.title for i in context.impacts] == [i.title for i in rated.view.impacts]
    # The rendered report lists the impacts in that order, and the board summary leads with
    # the top risks.
    text = _render(case, ReportFormat.MARKDOWN)
    headings = re.findall(r"^### \d+\. (.+)$", text, flags=re.MULTILINE)
    escaped = MarkdownIt("commonmark")
    shown = [escaped.renderInline(h) for h in headings]
    from html import escape

    assert shown == [escape(i.title, quote=False) for i in rated.view.impacts]
    summary = text.split("## Board summary", 1)[1].split("## Impacts and scenarios", 1)[0]
    positions = [summary.find(f"**{MarkdownIt().renderInline(t.title)}") for t in rated.view.top]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)
    assert "rule " not in summary
    assert not re.search(r"SC\d/SP\d", summary)  # no vectors in the board summary


def _without_digests(text: str) -> str:
    """Drop the sha256 digests a report prints: "49" may occur in them by chance."""
    return re.sub(r"[0-9a-f]{15,64}", "", text)


def _normalise(text: str) -> str:
    return text.replace(f"hrdd {__version__}", "hrdd VERSION")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("profile", list(Profile))
@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_report_matches_golden_file(name: str, profile: Profile, fmt: ReportFormat) -> None:
    text = _normalise(_render(DATA / f"{name}.yaml", fmt, profile))
    golden = GOLDEN / f"{name}.{profile.value}.{EXTENSIONS[fmt]}"
    if os.environ.get("HRDD_REGENERATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing; run with HRDD_REGENERATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_same_inputs_give_byte_identical_reports(fmt: ReportFormat) -> None:
    path = DATA / "operator.yaml"
    assert _render(path, fmt).encode() == _render(path, fmt).encode()


def test_report_shows_plan_records_declines_review_flags_and_stale_sign_off() -> None:
    text = _render(DATA / "operator.yaml", ReportFormat.MARKDOWN)
    assert "Keep in Belarus only what the law requires (declined: the risk remains)" in text
    assert "(review first)" in text
    assert "| owner HR director, planned, due 2026-02-15 |" in text
    assert "presumed: access is not visible to you" in text
    assert "**Stale:** The answers changed on 2026-01-15, after this sign-off" in text
    assert "This report is not legal advice" in text
    assert "Legal-compliance flag: UNGP 23(c)" in text
    # Exposure and preparedness per area, never a severity on an area.
    areas = text.split("## Areas: exposure and preparedness", 1)[1].split("## Plan", 1)[0]
    assert "Critical" not in areas
    fresh = _render(DATA / "rides-abroad.yaml", ReportFormat.MARKDOWN)
    assert "Signed off by Dmitri Owner, CEO on 2026-01-15." in fresh
    assert "Stale" not in fresh


def test_shareable_profile_leaves_out_names_notes_evidence_and_answers() -> None:
    internal = _render(DATA / "operator.yaml", ReportFormat.MARKDOWN)
    shared = _render(DATA / "operator.yaml", ReportFormat.MARKDOWN, Profile.SHAREABLE)
    secrets = [
        "Installed by the licensing authority",  # a note
        "intranet.example",  # evidence
        "Anna Example",  # a respondent
        "Carla Director",  # the sign-off's name
        "HR director",  # an owner
        "Reviewed the answers with the CTO",  # the sign-off statement
    ]
    for secret in secrets:
        assert secret in internal, secret
        assert secret not in shared, secret
    assert "Signed off on 2026-01-10." in shared
    assert "### Answers" not in shared


HOSTILE = (
    '<script>alert(1)</script> Evil" onmouseover="alert(2)" x=\' [click](https://evil.example/x)'
    " | broken | cells {{ 7*7 }} ![img](https://evil.example/i.png)\n# heading?\n> quote"
)


def _hostile(tmp_path: Path) -> Path:
    data = yaml.safe_load((DATA / "operator.yaml").read_text(encoding="utf-8"))
    data["organisation"] = "# ACME <img src=x onerror=alert(3)> {{ 7*7 }} | Ltd"
    data["respondents"][0]["name"] = "<b>Anna</b> | {{ 7*7 }}"
    for answer in data["answers"].values():
        answer["note"] = HOSTILE
        answer["answered_by"] = "<b>Anna</b> | {{ 7*7 }}"
        answer["evidence"] = ["javascript:alert(4)", "[x](https://evil.example/e)", HOSTILE]
    for record in data["mitigations"].values():
        record["owner"] = HOSTILE
        record["note"] = HOSTILE
    data["mitigations"]["localise_minimum"]["accepted"]["reason"] = HOSTILE
    data["signoff"].update(name=HOSTILE, role=HOSTILE, statement=HOSTILE)
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("profile", list(Profile))
def test_html_report_keeps_hostile_text_inert(tmp_path: Path, profile: Profile) -> None:
    html = _render(_hostile(tmp_path), ReportFormat.HTML, profile)
    parsed = _Collector()
    parsed.feed(html)
    assert not {"script", "img", "b"} & set(parsed.tags)
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    hrefs = [v or "" for n, v in parsed.attrs if n == "href"]
    assert all(h.startswith("#") for h in hrefs), hrefs
    text = "".join(parsed.text)
    assert "49" not in _without_digests(text)
    assert "{{ 7*7 }}" in text
    if profile is Profile.INTERNAL:
        assert "<script>alert(1)</script>" in text  # the notes, shown literally
        assert "javascript:alert(4)" in text  # evidence that is not a web address: no link


def test_html_evidence_links_only_http_and_https_without_referrer() -> None:
    html = _render(DATA / "rides-abroad.yaml", ReportFormat.HTML)
    assert '<a href="https://metrics.example/riders" rel="noreferrer">' in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("profile", list(Profile))
def test_markdown_report_keeps_hostile_text_inert(tmp_path: Path, profile: Profile) -> None:
    text = _render(_hostile(tmp_path), ReportFormat.MARKDOWN, profile)
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    assert not [t for t in flat if t.type in ("html_inline", "html_block", "image")]
    links = [str(t.attrGet("href")) for t in flat if t.type == "link_open"]
    assert all(h.startswith("#") for h in links), links
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("heading?" in h for h in headings)
    assert headings[0].startswith("Human-rights risk and mitigation report: # ACME")
    assert [t.type for t in tokens].count("blockquote_open") == 1
    rendered = md.render(text)
    for table in rendered.split("<table>")[1:]:
        rows = table.split("</table>")[0].split("<tr>")[1:]
        assert len({row.count("<td") + row.count("<th") for row in rows}) == 1
    assert "49" not in _without_digests(text)


def test_an_answers_file_of_1_0_0_renders_like_hrdd_score_scores_it() -> None:
    # `hrdd score` carries an older file over in memory; the report must do the same, not
    # refuse what score accepts.
    from tests.conftest import DATA as ALL_DATA

    old = ALL_DATA / "answers" / "v1" / "ride-hailing-1.0.0.yaml"
    report = build_report(old, V2, output_format=ReportFormat.MARKDOWN)
    assert [w.rule for w in report.warnings] == ["answer-stale"]
    assert "`g_notified`" in report.warnings[0].message
    assert "Users' data disclosed to state bodies" in report.text


@pytest.mark.parametrize("profile", list(Profile))
def test_report_parts_carry_their_results_view_words(profile: Profile) -> None:
    """A report part is its results view plus links: the words they share are the view's."""
    path = DATA / "operator.yaml"
    [rated] = score_files([path], V2).rated
    questionnaire, _ = load_questionnaire_or_raise(V2)
    assert isinstance(questionnaire, RiskQuestionnaire)
    answers, _ = load_answers(path)
    context = build_impact_report(
        questionnaire, rated.result, answers, ReportOptions(profile=profile), "sha256:x"
    )
    view = results_view(questionnaire, rated.result, answers)
    reworded = {"involvement", "scenarios", "path", "owner"}
    assert [i.id for i in context.impacts] == [i.id for i in view.impacts]
    for part, impact in zip(context.impacts, view.impacts, strict=True):
        for f in fields(ImpactView):
            if f.name not in reworded:
                assert getattr(part, f.name) == getattr(impact, f.name), f.name
        assert part.involvement == INVOLVEMENT[impact.involvement]
        for s, v in zip(part.scenarios, impact.scenarios, strict=True):
            assert (s.id, s.scenario_id, s.inherent, s.residual_vector, s.drivers) == (
                v.id,
                v.id,
                v.inherent,
                v.residual_vector,
                v.drivers,
            )
            assert s.path == mid_sentence(v.path)
    plan = {p.id: p for p in view.plan}
    assert context.plan
    for step in context.plan:
        item = plan[step.id]
        for f in fields(PlanView):
            if f.name not in reworded:
                assert getattr(step, f.name) == getattr(item, f.name), f.name
        assert step.owner == ("-" if profile is Profile.SHAREABLE else item.owner)
    if profile is Profile.INTERNAL:
        assert any(p.owner != "-" for p in context.plan)
