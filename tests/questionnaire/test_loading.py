"""Tests for hrdd.questionnaire.loading (YAML with positions, schema errors) and hrdd.suggest."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdd.diagnostics import RULES, Diagnostic
from hrdd.errors import InputError
from hrdd.questionnaire import loading
from hrdd.questionnaire.loading import (
    Document,
    Mark,
    NodeInfo,
    Positions,
    compose,
    load_model_or_raise,
    read_document,
    scalars,
    validate_model,
)
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.loading import load_questionnaire
from hrdd.suggest import did_you_mean
from tests.conftest import DATA

MINIMAL = DATA / "valid" / "minimal.yaml"
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with the libyaml parser and again with the pure-Python one."""
    if request.param == "python":
        monkeypatch.setattr(compose, "_Loader", compose._PyLoader)
        monkeypatch.setattr(compose, "_C_LOADER", False)
    elif not compose._C_LOADER:  # pragma: no cover - PyYAML built without libyaml
        pytest.skip("PyYAML has no libyaml here")
    yield request.param


def write(tmp_path: Path, text: str, name: str = "q.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, text: str) -> tuple[Document | None, list[Diagnostic]]:
    return read_document(write(tmp_path, text), "q.yaml")


def findings(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.line}:{d.column} {d.rule}" for d in diagnostics]


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def questionnaire_errors(tmp_path: Path, text: str) -> list[Diagnostic]:
    model, _doc, diagnostics = load_questionnaire(write(tmp_path, text), "q.yaml")
    assert model is None
    return diagnostics


# ----------------------------------------------------------------------------- reading


def test_minimal_questionnaire_loads_without_findings(parser: str) -> None:
    model, doc, diagnostics = load_questionnaire(MINIMAL, "minimal.yaml")
    assert diagnostics == []
    assert isinstance(model, RiskQuestionnaire)
    assert doc is not None and doc.path == "minimal.yaml"
    assert model.sections[0].questions[0].options[0].value == "yes"
    assert doc.data["version"] == "1.0.0"


def test_yaml_1_2_booleans_and_numbers(tmp_path: Path, parser: str) -> None:
    doc, diagnostics = read(
        tmp_path,
        "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: true\nh: False\ni: TRUE\n"
        "j: 12\nk: -3.5\nl: 0x1F\nm: 0o17\nn: 1e3\no: ~\np: null\nq:\nr: 2024-01-31\n"
        "s: 1:20\nt: 1_000\nu: '1'\nv: .inf\n",
    )
    assert diagnostics == []
    assert doc is not None
    assert doc.data == {
        "a": "yes",
        "b": "No",
        "c": "on",
        "d": "OFF",
        "e": "y",
        "f": "n",
        "g": True,
        "h": False,
        "i": True,
        "j": 12,
        "k": -3.5,
        "l": 31,
        "m": 15,
        "n": 1000.0,
        "o": None,
        "p": None,
        "q": None,
        "r": "2024-01-31",
        "s": "1:20",
        "t": "1_000",
        "u": "1",
        "v": float("inf"),
    }


def test_safe_tags_convert_and_others_are_errors(tmp_path: Path, parser: str) -> None:
    doc, diagnostics = read(
        tmp_path,
        'a: !!str 1.0\nb: !!int "7"\nc: !!python/object/apply:os.system ["ls"]\nd: !!int x\n',
    )
    assert doc is not None
    assert doc.data["a"] == "1.0" and doc.data["b"] == 7
    assert findings(diagnostics) == ["3:4 yaml-syntax", "4:4 yaml-syntax"]
    assert "`!!python/object/apply:os.system` is not allowed" in diagnostics[0].message
    assert "`x` is not a valid `!!int` value" in diagnostics[1].message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: Минск\nb: [x, 1]\n".encode())
    doc, diagnostics = read_document(path)
    assert diagnostics == []
    assert doc is not None and doc.data == {"a": "Минск", "b": ["x", 1]}
    assert doc.positions.locate(("b", 1)) == Mark(2, 8)


def test_file_not_found(tmp_path: Path) -> None:
    _doc, diagnostics = read_document(tmp_path / "nope.yaml", "nope.yaml")
    diagnostic = only(diagnostics)
    assert (diagnostic.path, diagnostic.line, diagnostic.column) == ("nope.yaml", 1, 1)
    assert diagnostic.rule == "file-not-found"


def test_display_path_defaults_to_the_path(tmp_path: Path) -> None:
    _doc, diagnostics = read_document(tmp_path / "nope.yaml")
    assert only(diagnostics).path == str(tmp_path / "nope.yaml")


def test_folder_is_unreadable(tmp_path: Path) -> None:
    _doc, diagnostics = read_document(tmp_path)
    diagnostic = only(diagnostics)
    assert diagnostic.rule == "file-unreadable"
    assert "folder" in diagnostic.message


def test_permission_denied_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "a: 1\n")
    real_open = os.open

    def denied(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == path:  # as root, the permission bits alone would not stop it
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    diagnostic = only(read_document(path)[1])
    assert diagnostic.rule == "file-unreadable"
    assert "permission denied" in diagnostic.message


def test_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a: " + "x" * 100 + "\n")

    def must_not_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file over the limit was opened")

    monkeypatch.setattr(Path, "open", must_not_open)
    diagnostic = only(read_document(path, max_bytes=50)[1])
    assert (diagnostic.line, diagnostic.column, diagnostic.rule) == (1, 1, "file-too-large")
    assert "50" in diagnostic.message


def test_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 1\n")
    doc, diagnostics = read_document(path, max_bytes=5)
    assert diagnostics == [] and doc is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_fifo_is_refused_at_once_even_when_nothing_writes_into_it(tmp_path: Path) -> None:
    # Opening it to read would wait for a writer: forever, since there is none.
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    diagnostic = only(read_document(path)[1])
    assert (diagnostic.line, diagnostic.column, diagnostic.rule) == (1, 1, "file-unreadable")
    assert diagnostic.message == "this is a FIFO (named pipe), not a regular file"


def test_a_file_that_shows_no_size_still_has_the_size_limit() -> None:
    # Files under /proc report a size of 0 whatever they hold.
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("needs /proc, whose files report no size")
    diagnostic = only(read_document(status, max_bytes=10)[1])
    assert (diagnostic.line, diagnostic.column, diagnostic.rule) == (1, 1, "file-too-large")


def test_binary_file_points_at_first_nul(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"format: 1\nid: ab\x00cd\x00\n")
    assert findings(read_document(path)[1]) == ["2:7 binary-file"]


def test_not_utf8_points_at_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: 1\ntitle: Минск café\n".encode()[:-6] + b"caf\xe9\n")
    diagnostic = only(read_document(path)[1])
    assert (diagnostic.line, diagnostic.column, diagnostic.rule) == (2, 17, "not-utf8")
    assert "0xe9" in diagnostic.message


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "# only a comment\n\n# another\n", "~\n", "---\n", "--- # nothing\n...\n"],
)
def test_empty_file(tmp_path: Path, text: str, parser: str) -> None:
    doc, diagnostics = read(tmp_path, text)
    assert doc is None
    assert findings(diagnostics) == ["1:1 empty-file"]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: 1\nb:\n\tc: 2\n", "3:1", "tab character"),
        ("a: 1\nb: Note: this\n", "2:8", "quote text that holds `: `"),
        ('a: 1\nb: "open\n', "3:1", "ends inside a quoted string"),
        ("a: [1, 2\nb: 3\n", "2:2", "list is not closed"),
        ("a: *nowhere\n", "1:4", "the alias `*nowhere` has no anchor `&nowhere` above it"),
        ("a: 1\nb: @x\n", "2:4", "`@` cannot start a plain value"),
    ],
)
def test_yaml_syntax_in_plain_words(
    tmp_path: Path, text: str, where: str, words: str, parser: str
) -> None:
    doc, diagnostics = read(tmp_path, text)
    assert doc is None
    assert findings(diagnostics) == [f"{where} yaml-syntax"]
    assert words in diagnostics[0].message


def test_yaml_syntax_hint_names_where_the_construct_starts(tmp_path: Path) -> None:
    diagnostic = only(read(tmp_path, 'a: 1\nb: "open\n')[1])
    assert diagnostic.hint == "see the quoted string that starts at line 2, column 4"


def test_control_character_is_reported_at_its_position(tmp_path: Path, parser: str) -> None:
    diagnostic = only(read(tmp_path, "a: 1\nb: Ж\x07\n")[1])
    assert findings([diagnostic]) == ["2:5 yaml-syntax"]
    assert "U+0007" in diagnostic.message


def test_multiple_documents(tmp_path: Path, parser: str) -> None:
    doc, diagnostics = read(tmp_path, "a: 1\n---\nb: 2\n")
    assert doc is None
    assert findings(diagnostics) == ["2:1 multiple-documents"]


@pytest.mark.parametrize(("text", "found"), [("- a\n- b\n", "a list"), ("hello\n", "a single")])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, found: str) -> None:
    doc, diagnostics = read(tmp_path, "# comment\n" + text)
    assert doc is None
    assert findings(diagnostics) == ["1:1 wrong-type"]
    assert found in diagnostics[0].message


def test_duplicate_key_names_first_line_and_keeps_the_document(tmp_path: Path, parser: str) -> None:
    doc, diagnostics = read(tmp_path, "a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n")
    assert doc is not None and doc.data == {"a": 1, "b": {"c": 2, "d": 3}}
    diagnostic = only(diagnostics)
    assert findings([diagnostic]) == ["5:3 duplicate-key"]
    assert diagnostic.message == "duplicate key `c`: it is already set on line 3"
    assert diagnostic.key_path == "$.b.c"


def test_duplicate_key_fails_the_questionnaire_but_schema_is_still_checked(
    tmp_path: Path,
) -> None:
    text = MINIMAL_TEXT.replace('version: "1.0.0"\n', 'version: "1.0.0"\nversion: 2\ntitel: x\n')
    assert findings(questionnaire_errors(tmp_path, text)) == [
        "5:1 duplicate-key",
        "6:1 unknown-key",
    ]


def test_complex_key_is_an_error(tmp_path: Path) -> None:
    doc, diagnostics = read(tmp_path, "? [a, b]\n: 1\nc: 2\n")
    assert doc is not None and doc.data == {"c": 2}
    assert findings(diagnostics) == ["1:3 yaml-syntax"]


def lol(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused(tmp_path: Path, parser: str) -> None:
    doc, diagnostics = read(tmp_path, lol(9))
    assert doc is None
    diagnostic = only(diagnostics)
    assert findings([diagnostic]) == ["6:5 alias-limit"]
    assert diagnostic.key_path == "$.l5"


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    doc, diagnostics = read(tmp_path, lol(4) + "x: &o {v: 1}\ny: [*o, *o]\n")
    assert diagnostics == []
    assert doc is not None and doc.data["y"] == [{"v": 1}, {"v": 1}]
    assert len(doc.data["l3"]) == 9 and doc.data["l3"][8][8][8] == ["lol"] * 9


def test_aliases_to_a_long_text_are_counted_by_their_characters(
    tmp_path: Path, parser: str
) -> None:
    # Few values, but each alias repeats 1,000 characters: 101 of them pass 100,000.
    text = f'note: &big "{"x" * 1000}"\nevidence: [' + ", ".join(["*big"] * 101) + "]\n"
    doc, diagnostics = read_document(write(tmp_path, text), "a.yaml", max_bytes=100_000)
    assert doc is None
    diagnostic = only(diagnostics)
    assert findings([diagnostic]) == ["2:11 alias-limit"]
    assert diagnostic.key_path == "$.evidence"
    assert diagnostic.message == (
        "aliases here expand the file to more than 100,000 characters of text "
        "(an alias repeats all of the text it names)"
    )


def test_aliased_text_in_mappings_and_keys_is_counted_too(tmp_path: Path) -> None:
    # The same text reached as mapping values, not list items.
    text = f'a: &big "{"x" * 1000}"\n' + "".join(f"k{i}: *big\n" for i in range(101))
    doc, diagnostics = read_document(write(tmp_path, text), "a.yaml", max_bytes=100_000)
    assert doc is None and findings(diagnostics)[0].endswith("alias-limit")
    # ... and an alias used as a key.
    key = f'a: &k "{"y" * 60_000}"\nb: {{*k : {{}}}}\n'
    doc, diagnostics = read_document(write(tmp_path, key), "a.yaml", max_bytes=100_000)
    assert doc is None and findings(diagnostics)[0].endswith("alias-limit")


def test_text_up_to_the_limit_and_a_few_aliases_to_it_are_fine(tmp_path: Path) -> None:
    text = f'note: &big "{"x" * 1000}"\nevidence: [*big, *big]\n'
    doc, diagnostics = read_document(write(tmp_path, text), "a.yaml", max_bytes=100_000)
    assert diagnostics == []
    assert doc is not None and doc.data["evidence"] == ["x" * 1000] * 2


@pytest.mark.parametrize("text", ["a: &x [1, *x]\n", "a: &x {b: [*x]}\n"])
def test_recursive_alias_is_an_error(tmp_path: Path, text: str, parser: str) -> None:
    doc, diagnostics = read(tmp_path, text)
    assert doc is None
    assert findings(diagnostics) == ["1:4 alias-limit"]
    assert "recursive" in diagnostics[0].message


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=12) | st.sampled_from(["1", "0x1F", "-.inf", ".nan", "True", "~"]))
def test_a_plain_scalar_types_the_same_the_second_time(text: str) -> None:
    first, second = scalars.plain_value(text), scalars.plain_value(text)
    for value in (first, second):
        expected = scalars._type_plain(text)
        assert type(value) is type(expected)
        assert value == expected or (value != value and expected != expected)  # NaN


def test_few_collections_restores_the_collector() -> None:
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    with loading.few_collections() as keep:
        kept = [[i] for i in range(1_000)]
        keep()
        assert gc.get_freeze_count() >= len(kept)
        assert gc.get_threshold() != threshold
    assert (gc.get_threshold(), gc.get_freeze_count()) == (threshold, frozen)


@pytest.mark.parametrize("depth", [loading.MAX_DEPTH + 5, 100_000])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    doc, diagnostics = read(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    assert doc is None
    assert only(diagnostics).rule == "yaml-syntax"
    assert "nested more than" in diagnostics[0].message


# --------------------------------------------------------------------------- positions


def test_positions_get_locate_and_style(tmp_path: Path, parser: str) -> None:
    doc, _ = read(
        tmp_path,
        "format: 1\nsections:\n  - id: s\n    when: \"a == 'b'\"\n    help: |\n      Text\n"
        "    tags: [x, 'y']\n",
    )
    assert doc is not None
    positions = doc.positions
    assert positions.get(("sections", 0, "when")) == NodeInfo(
        key=Mark(4, 5), value=Mark(4, 11), end=Mark(4, 21), style='"'
    )
    assert positions.get(("sections", 0, "help")) == NodeInfo(
        key=Mark(5, 5), value=Mark(5, 11), end=Mark(7, 1), style="|"
    )
    assert positions.get(("sections", 0, "tags", 1)) == NodeInfo(
        key=None, value=Mark(7, 15), end=Mark(7, 18), style="'"
    )
    info = positions.get(("sections", 0))
    assert info is not None and info.key is None and info.style is None
    assert info.value == Mark(3, 5)
    assert positions.get(("format",)) == NodeInfo(Mark(1, 1), Mark(1, 9), Mark(1, 10), None)
    assert positions.get(("sections", 3)) is None
    assert positions.get(("nope",)) is None
    assert positions.locate(("sections", 0, "questions", 2, "when")) == Mark(3, 5)
    assert positions.locate(("sections", 7)) == Mark(3, 3)
    assert positions.locate(()) == Mark(1, 1)


def test_positions_match_non_string_keys(tmp_path: Path) -> None:
    doc, _ = read(tmp_path, "1: one\ntrue: yes\n'1': text\n")
    assert doc is not None
    assert doc.positions.locate((1,)) == Mark(1, 4)
    assert doc.positions.locate(("1",)) == Mark(3, 6)


@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        ((), "$"),
        (("sections", 0, "when"), "$.sections[0].when"),
        (("points", "state_access"), "$.points.state_access"),
        (("a b", 'q"x'), '$["a b"]["q\\"x"]'),
    ],
)
def test_key_path(path: tuple[str | int, ...], rendered: str) -> None:
    assert Positions.key_path(path) == rendered


# -------------------------------------------------------------------------- validating


def replace(old: str, new: str) -> str:
    assert old in MINIMAL_TEXT, old
    return MINIMAL_TEXT.replace(old, new, 1)


def test_unknown_key_at_the_key_with_did_you_mean(tmp_path: Path) -> None:
    text = replace("        dont_know: true\n", "        dont_konw: true\n")
    diagnostic = only(questionnaire_errors(tmp_path, text))
    assert findings([diagnostic]) == ["36:9 unknown-key"]
    assert diagnostic.message == "unknown key `dont_konw`"
    assert diagnostic.hint == "did you mean `dont_know`?"
    assert diagnostic.key_path == "$.sections[0].questions[0].dont_konw"


def test_unknown_key_without_a_close_name_lists_the_keys(tmp_path: Path) -> None:
    text = replace("irremediability: {level: 5}", "irremediability: {zzzz: 1, level: 5}")
    diagnostic = only(questionnaire_errors(tmp_path, text))
    assert findings([diagnostic]) == ["55:23 unknown-key"]
    assert diagnostic.hint == "allowed keys: level, metadata_only, rules"


def test_missing_key_at_the_parent_mapping(tmp_path: Path) -> None:
    text = replace("        type: number\n", "")
    diagnostic = only(questionnaire_errors(tmp_path, text))
    assert findings([diagnostic]) == ["41:9 missing-key"]
    assert diagnostic.message == "missing required key `type`"
    assert diagnostic.key_path == "$.sections[0].questions[1].type"


def test_missing_format(tmp_path: Path) -> None:
    diagnostic = only(questionnaire_errors(tmp_path, replace("format: 2\n", "")))
    assert findings([diagnostic]) == ["2:1 format-version"]
    assert diagnostic.message == "this file has no `format:` key; add `format: 2`"


def test_quoted_format_version(tmp_path: Path) -> None:
    diagnostic = only(questionnaire_errors(tmp_path, replace("format: 2\n", 'format: "2"\n')))
    assert findings([diagnostic]) == ["2:9 format-version"]
    assert diagnostic.hint == "write `format: 2` without quotes"


def test_unknown_format_version(tmp_path: Path) -> None:
    diagnostic = only(questionnaire_errors(tmp_path, replace("format: 2\n", "format: 3\n")))
    assert findings([diagnostic]) == ["2:9 format-version"]
    assert "`3`" in diagnostic.message and "`format: 2`" in diagnostic.message


def test_format_1_is_retired_with_one_finding_at_its_version(tmp_path: Path) -> None:
    # The rest of the file is format 2 here: only the version is judged, nothing cascades.
    diagnostic = only(questionnaire_errors(tmp_path, replace("format: 2\n", "format: 1\n")))
    assert findings([diagnostic]) == ["2:9 format-retired"]
    assert diagnostic.severity.value == "error"
    assert "per-area scoring" in diagnostic.message and "retired" in diagnostic.message
    assert diagnostic.hint is not None and "docs/migrating-to-format-2.md" in diagnostic.hint
    assert diagnostic.key_path == "$.format"


def test_unquoted_version_is_a_wrong_type_with_a_fix(tmp_path: Path) -> None:
    diagnostic = only(questionnaire_errors(tmp_path, replace('version: "1.0.0"', "version: 1.0")))
    assert findings([diagnostic]) == ["4:10 wrong-type"]
    assert diagnostic.message == (
        'expected a string, found the number 1.0: quote it, `version: "1.0"`'
    )
    assert diagnostic.key_path == "$.version"


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("dont_know: true", "dont_know: maybe", "36:20", "expected true or false"),
        (
            "irremediability: {level: 5}",
            "irremediability: {level: high}",
            "55:30",
            "expected a whole number, found the string `high`",
        ),
        ("minimum: 0", "minimum: [0]", "46:18", "expected a number, found a list"),
        (
            'rights: ["ICCPR Art. 17 (privacy)", "ICCPR Art. 19 (expression)"]',
            "rights: many",
            "22:13",
            "expected a list, found the string `many`",
        ),
        ("closes: [stored_in_reach]", "closes: 3", "83:13", "expected a list"),
    ],
)
def test_wrong_type(tmp_path: Path, old: str, new: str, where: str, message: str) -> None:
    diagnostic = only(questionnaire_errors(tmp_path, replace(old, new)))
    assert findings([diagnostic]) == [f"{where} wrong-type"]
    assert message in diagnostic.message


def test_invalid_enum_value_with_choices_and_did_you_mean(tmp_path: Path) -> None:
    text = replace("horizon: 180_days", "horizon: 90days")
    diagnostic = only(questionnaire_errors(tmp_path, text))
    assert findings([diagnostic]) == ["85:14 invalid-value"]
    assert diagnostic.message.startswith("must be one of: immediate, 90_days, 180_days, ongoing")
    assert diagnostic.hint == "did you mean `90_days`?"
    assert diagnostic.key_path == "$.mitigations[0].horizon"


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("id: minimal_example", "id: Minimal-Example", "3:5", "must be an id: lower-case"),
        (
            "irremediability: {level: 5}",
            "irremediability: {level: 9}",
            "55:30",
            "must be at most 5 (found the number 9)",
        ),
        ("languages: [en, ru]", "languages: []", "8:12", "must have at least 1 item"),
        ("when: local_servers != 'no'", "when: ''", "84:11", "must not be empty"),
        ("url: https://", "url: ftp://", "15:10", "http:// or https:// address"),
        ("languages: [en, ru]", "languages: [en, Russian]", "8:17", "language tag"),
    ],
)
def test_invalid_value_in_plain_words(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    diagnostic = only(questionnaire_errors(tmp_path, replace(old, new)))
    assert findings([diagnostic]) == [f"{where} invalid-value"]
    assert message in diagnostic.message


def test_bad_mapping_key_is_reported_at_the_key(tmp_path: Path) -> None:
    text = replace(
        "title: {en: Exposure, ru: Подверженность}",
        "title: {en: Exposure, Russian: Подверженность}",
    )
    diagnostic = only(questionnaire_errors(tmp_path, text))
    assert findings([diagnostic]) == ["27:27 invalid-value"]
    assert diagnostic.message.startswith("the key `Russian` must be a language tag")
    assert diagnostic.key_path == "$.sections[0].title.Russian"


def test_union_type_errors_collapse_into_one(tmp_path: Path) -> None:
    text = replace("title: {en: Exposure, ru: Подверженность}", "title: 5")
    diagnostic = only(questionnaire_errors(tmp_path, text))
    assert findings([diagnostic]) == ["27:12 wrong-type"]
    assert diagnostic.message.startswith("expected a string or a mapping, found the number 5")
    assert diagnostic.key_path == "$.sections[0].title"


def test_union_follows_the_branch_the_data_was_written_for(tmp_path: Path) -> None:
    text = replace("title: {en: Exposure, ru: Подверженность}", "title: {en: Exposure, ru: 42}")
    diagnostic = only(questionnaire_errors(tmp_path, text))
    assert findings([diagnostic]) == ["27:31 wrong-type"]
    assert diagnostic.key_path == "$.sections[0].title.ru"


def test_union_with_literal_reports_the_value_error(tmp_path: Path) -> None:
    diagnostics = questionnaire_errors(tmp_path, replace("tiers: people", "tiers: 5"))
    assert findings(diagnostics) == ["63:37 invalid-value"]
    assert diagnostics[0].message == "must be one of: people, staff (found the number 5)"


def test_every_error_is_reported_in_file_order(tmp_path: Path) -> None:
    text = (
        MINIMAL_TEXT.replace('version: "1.0.0"', "version: 1.0")
        .replace("horizon: 180_days", "horizon: later")
        .replace(
            "    irremediability: {level: 5}\n", "    irremediability: {level: 7}\n    sope: 1\n"
        )
        .replace("  - id: exposure\n", "  - idd: exposure\n")
    )
    diagnostics = questionnaire_errors(tmp_path, text)
    assert findings(diagnostics) == [
        "4:10 wrong-type",
        "26:5 missing-key",
        "26:5 unknown-key",
        "55:30 invalid-value",
        "56:5 unknown-key",
        "86:14 invalid-value",
    ]
    assert all(d.key_path.startswith("$") for d in diagnostics)
    assert diagnostics[4].hint == "did you mean `scope`?"


def test_validate_model_is_generic(tmp_path: Path) -> None:
    from pydantic import BaseModel, ConfigDict, Field

    class Item(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)
        due_date: str = Field(alias="due-date")

    class Answers(BaseModel):
        model_config = ConfigDict(extra="forbid")
        format: int
        items: dict[str, Item]

    doc, _ = read(tmp_path, "format: 1\nitems:\n  a:\n    due-dat: x\n")
    assert doc is not None
    model, diagnostics = validate_model(Answers, doc)
    assert model is None
    assert findings(diagnostics) == ["4:5 missing-key", "4:5 unknown-key"]
    assert diagnostics[1].hint == "did you mean `due-date`?"
    doc, _ = read(tmp_path, "format: 1\nitems:\n  a:\n    due-date: x\n")
    assert doc is not None
    model, diagnostics = validate_model(Answers, doc)
    assert diagnostics == [] and model is not None and model.items["a"].due_date == "x"


def test_load_model_or_raise_returns_the_model() -> None:
    model, doc = load_model_or_raise(RiskQuestionnaire, MINIMAL)
    assert model.id == "minimal_example"
    assert doc.path == str(MINIMAL)


def test_load_model_or_raise_lists_every_error(tmp_path: Path) -> None:
    text = replace('version: "1.0.0"', "version: 1.0").replace("dont_know: true", "dont_knw: 1")
    path = write(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_model_or_raise(RiskQuestionnaire, path)
    assert str(raised.value).splitlines() == [
        f"{path}:4:10: error wrong-type expected a string, found the number 1.0: quote it, "
        '`version: "1.0"`',
        f"{path}:36:9: error unknown-key unknown key `dont_knw`",
        "    hint: did you mean `dont_know`?",
    ]


def test_load_model_or_raise_on_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.yaml:1:1: error file-not-found no such file"):
        load_model_or_raise(RiskQuestionnaire, tmp_path / "missing.yaml")


def test_load_model_or_raise_refuses_duplicate_keys(tmp_path: Path) -> None:
    path = write(tmp_path, replace("id: minimal_example\n", "id: minimal_example\nid: other\n"))
    with pytest.raises(
        InputError,
        match=r":4:1: error duplicate-key duplicate key `id`: it is already set on line 3",
    ):
        load_model_or_raise(RiskQuestionnaire, path)


# ----------------------------------------------------------------------------- suggest


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("titel", "title"),
        ("Title", "title"),
        ("dont-know", "dont_know"),
        ("90days", "90_days"),
        ("zzzz", None),
        ("title", None),
    ],
)
def test_did_you_mean(word: str, expected: str | None) -> None:
    candidates = ["title", "dont_know", "90_days", "180_days", "description"]
    assert did_you_mean(word, candidates) == expected


def test_did_you_mean_without_candidates() -> None:
    assert did_you_mean("x", []) is None


# ---------------------------------------------------------------------- never a crash

MINIMAL_LINES = MINIMAL_TEXT.splitlines(keepends=True)


@st.composite
def mutated_minimal(draw: st.DrawFn) -> str:
    lines = list(MINIMAL_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            char = draw(st.sampled_from([" ", "\t", ":", "-", "[", "{", "'", '"', "&", "*", "#"]))
            lines[i] = line[:at] + char + line[at:]
    return "".join(lines)


def assert_sane(path: Path) -> None:
    doc, diagnostics = read_document(path, "fuzz.yaml", max_bytes=100_000)
    if doc is not None:
        _model, found = validate_model(RiskQuestionnaire, doc)
        diagnostics = [*diagnostics, *found]
        assert all(isinstance(loc, Mark) for loc in [doc.positions.locate(("sections", 0))])
    for diagnostic in diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
        assert diagnostic.rule in RULES, diagnostic
        assert diagnostic.key_path.startswith("$"), diagnostic


FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


YAML_CHARS = list("ab0:-[]{}&*!'\"#?|>\n \t,~.%@`")


@FUZZ
@given(text=st.text(max_size=300) | st.text(alphabet=st.sampled_from(YAML_CHARS), max_size=200))
def test_random_text_never_crashes(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_sane(path)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    assert_sane(path)


@FUZZ
@given(text=mutated_minimal())
def test_mutated_questionnaire_never_crashes(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    assert_sane(path)
