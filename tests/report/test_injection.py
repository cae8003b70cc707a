"""Text from answers and questionnaires comes out inert in both formats and both profiles."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from hrdd.commands.report import build_report
from hrdd.report.markdown_escape import escape_inline, escape_url
from hrdd.report.options import Profile, ReportFormat
from tests.conftest import REPORT_DATA as DATA

HOSTILE = (
    '<script>alert(1)</script> Evil" onmouseover="alert(2)" x=\' [click](https://evil.example/x)'
    " | broken | cells {{ 7*7 }} {% raw %}raw{% endraw %} ![img](https://evil.example/i.png)"
)
ORGANISATION = "# ACME <img src=x onerror=alert(3)> {{ 7*7 }} | Ltd"


def _hostile_answers(tmp_path: Path) -> Path:
    data = yaml.safe_load((DATA / "rides.yaml").read_text(encoding="utf-8"))
    data["organisation"] = ORGANISATION
    data["respondents"][0]["name"] = "<b>Anna</b> | {{ 7*7 }}"
    for answer in data["answers"].values():
        answer["note"] = HOSTILE
        answer["evidence"] = ["javascript:alert(4)", "[x](https://evil.example/e)"]
    data["answers"]["comments"]["value"] = "- list?\n# heading?\n> quote\n" + HOSTILE
    retired = data["retired"]["fleet_size"]
    retired.update(value=HOSTILE, note=HOSTILE, answered_by="<b>Boris</b> | {{ 7*7 }}")
    retired.update(evidence=["javascript:alert(5)"], retired_from="1 <i>| {{ 7*7 }}")
    data["mitigations"]["staff_plan"]["owner"] = HOSTILE
    data["mitigations"]["transparency"]["accepted"]["reason"] = HOSTILE
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


def _render(path: Path, fmt: ReportFormat, profile: Profile) -> str:
    return build_report(path, DATA / "questionnaire.yaml", output_format=fmt, profile=profile).text


@pytest.mark.parametrize("profile", list(Profile))
def test_html_report_keeps_hostile_text_inert(tmp_path: Path, profile: Profile) -> None:
    html = _render(_hostile_answers(tmp_path), ReportFormat.HTML, profile)
    parsed = _Collector()
    parsed.feed(html)
    assert "script" not in parsed.tags
    assert "img" not in parsed.tags
    assert "b" not in parsed.tags
    names = {name for name, _ in parsed.attrs}
    assert not any(n.startswith("on") for n in names)
    hrefs = [v for n, v in parsed.attrs if n == "href"]
    assert all(h is not None and (h.startswith("#") or h.startswith("https://")) for h in hrefs)
    assert not any("evil.example" in (h or "") for h in hrefs)
    text = "".join(parsed.text)
    assert "{{ 7*7 }}" in text  # shown literally, never evaluated
    assert "49" not in text
    # The text answer holds the hostile string; the internal profile shows it, literally.
    if profile is Profile.INTERNAL:
        assert "{% raw %}raw{% endraw %}" in text
        assert "<script>alert(1)</script>" in text
    assert ORGANISATION in text


@pytest.mark.parametrize("profile", list(Profile))
def test_markdown_report_keeps_hostile_text_inert(tmp_path: Path, profile: Profile) -> None:
    text = _render(_hostile_answers(tmp_path), ReportFormat.MARKDOWN, profile)
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    assert not [t for t in flat if t.type in ("html_inline", "html_block", "image")]
    links = [t.attrGet("href") for t in flat if t.type == "link_open"]
    # Links to the report's own headings, or to https pages; never one made of data.
    assert all(str(h).startswith(("https://", "#")) for h in links)
    assert not any("evil.example" in str(h) for h in links)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("heading?" in h for h in headings)
    assert headings[0].startswith("Human-rights risk and mitigation report: # ACME")
    # The cover's notice is the one block quote; `> quote` in an answer does not make another.
    assert [t.type for t in tokens].count("blockquote_open") == 1
    assert not [t for t in tokens if t.type in ("bullet_list_open",) and t.map is None]
    # Every table row keeps its column count: no `|` in a value splits a cell.
    rendered = md.render(text)
    for table in rendered.split("<table>")[1:]:
        body = table.split("</table>")[0]
        rows = body.split("<tr>")[1:]
        widths = {row.count("<td") + row.count("<th") for row in rows}
        assert len(widths) == 1, body[:500]
    assert "49" not in text
    assert "{{ 7\\*7 }}" in text


def test_shareable_profile_leaves_out_notes_evidence_names_and_internal_items(
    tmp_path: Path,
) -> None:
    internal = _render(DATA / "rides.yaml", ReportFormat.MARKDOWN, Profile.INTERNAL)
    shared = _render(DATA / "rides.yaml", ReportFormat.MARKDOWN, Profile.SHAREABLE)
    secrets = [
        "Monthly active users, December 2024",  # a note
        "intranet.example",  # evidence
        "Boris Sample",  # a respondent
        "Twelve engineers",  # the note of an internal question
        "How many people work for you in Belarus?",  # an internal question
        "legal defence fund",  # an internal mitigation
    ]
    for secret in secrets:
        assert secret in internal
        assert secret not in shared, secret
    assert "Shareable version" in shared


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", "a \\| b"),
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
        ("- not a list", "\\- not a list"),
        ("3. not a list", "3\\. not a list"),
        ("version 1.0.0", "version 1.0.0"),
        ("[x](https://e.example)", "\\[x\\](https\\://e.example)"),
        ("<b>bold</b>", "\\<b\\>bold\\</b\\>"),
        ("`code`", "\\`code\\`"),
        ("*a* _b_ ~c~", "\\*a\\* \\_b\\_ \\~c\\~"),
        ("line one\nline two\r\n\nline three", "line one line two line three"),
        ("&amp;", "\\&amp;"),
    ],
)
def test_escape_inline(text: str, expected: str) -> None:
    assert escape_inline(text) == expected


def test_escape_url_cannot_close_a_link() -> None:
    assert escape_url("https://e.example/a b>(c)|d") == "https://e.example/a%20b%3E%28c%29%7Cd"
