"""The portfolio: `hrdd report DIR`, one row per client, its privacy rules and pseudonyms."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
import yaml

from hrdd.cli import run
from hrdd.report.portfolio import Pseudonyms
from tests.conftest import REPO

CASES = REPO / "questionnaires" / "decree-368.tests"
DAY = "2026-11-30"


def hrdd(*args: str | Path) -> int:
    return run([str(a) for a in args])


def case_answers(case: Path, folder: Path, **extra: object) -> Path:
    """Write the answers of a test case as an answers file named like the case."""
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    answers = {
        "format": 1,
        "questionnaire": {"id": "decree_368", "version": "2.0.0", "hash": "sha256:" + "0" * 64},
        "organisation": data["name"],
        "created": "2026-01-15T09:00:00+00:00",
        "updated": "2026-01-15T12:00:00+00:00",
        "answers": {k: {"value": v} for k, v in data["answers"].items()},
        **extra,
    }
    path = folder / case.name
    path.write_text(yaml.safe_dump(answers, sort_keys=False, allow_unicode=True), "utf-8")
    path.chmod(0o600)
    return path


def portfolio_folder(folder: Path) -> tuple[Path, list[str]]:
    """Copy every bundled case into ``folder`` as an answers file; return the names."""
    folder.mkdir()
    names = []
    for case in sorted(CASES.glob("*.yaml")):
        case_answers(case, folder)
        names.append(yaml.safe_load(case.read_text(encoding="utf-8"))["name"])
    return folder, names


@pytest.fixture
def clients(tmp_path: Path) -> tuple[Path, list[str]]:
    return portfolio_folder(tmp_path / "clients")


def render(folder: Path, out: Path, *args: str | Path) -> str:
    assert hrdd("report", folder, "--format", "html", "-o", out, "--date", DAY, *args) == 0
    return out.read_text(encoding="utf-8")


def test_one_row_per_client_in_sections_by_headline_then_by_name(
    clients: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, names = clients
    out = tmp_path / "portfolio.html"
    text = render(folder, out)
    assert out.stat().st_mode & 0o777 == 0o600
    assert len(names) == len(list(CASES.glob("*.yaml"))) == 20
    by_name = text[text.index('id="by-name"') :]
    rows = re.findall(r'<tr>\n<th scope="row">(.*?)</th>', by_name)
    assert [html.unescape(r) for r in rows] == sorted(names, key=str.casefold)
    # Sections worst first: Critical before High before Medium before Low before not rated.
    order = [text.index(f'id="band-{b}"') for b in ("critical", "high", "medium", "low")]
    assert order == sorted(order) and order[-1] < text.index('id="band-not-rated"')
    ride = "Ride-hailing app with a Minsk data centre, listed and asked to register"
    assert ride in text and "<code>ride-hailing.yaml</code>" in text
    assert "Users&#39; data disclosed to state bodies, through" in text
    # The single report's privacy rules: no script, a CSP that loads nothing, inline CSS.
    assert "<script" not in text.lower()
    assert "default-src &#39;none&#39;" in text or "default-src 'none'" in text
    assert "<link" not in text and "src=" not in text.replace("img-src", "")


def test_open_and_overdue_items_and_sign_offs_due(tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    record = {"status": "planned", "due": "2026-01-31", "owner": "CTO"}
    case_answers(
        CASES / "ride-hailing.yaml",
        folder,
        mitigations={"decision:connect_or_refuse": record},
        signoff={"name": "Anna Secretname", "date": "2026-01-15", "signed": "sha256:" + "1" * 64},
    )
    out = tmp_path / "p.html"
    text = render(folder, out)
    row = text[text.index('id="by-name"') :]
    assert '<td class="num overdue">1</td>' in row
    assert "stale: answers changed after 2026-01-15" in row
    # Names of people never appear, in either profile.
    assert "Anna Secretname" not in text and "CTO" not in text


def test_shareable_leaves_out_file_names(clients: tuple[Path, list[str]], tmp_path: Path) -> None:
    folder, names = clients
    text = render(folder, tmp_path / "p.html", "--profile", "shareable")
    assert ".yaml" not in text
    assert names[0] in html.unescape(text)
    assert "Shareable version" in text


def test_pseudonymised_names_are_stable_and_no_real_name_appears(
    clients: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, names = clients
    key = tmp_path / "key"
    key.write_bytes(os.urandom(32))
    first = render(folder, tmp_path / "a.html", "--pseudonymise", key)
    again = render(folder, tmp_path / "b.html", "--pseudonymise", key)
    assert first == again
    shown = html.unescape(first)
    for name in names:
        assert name not in shown
        assert name.split(",")[0] not in shown
    assert ".yaml" not in first and folder.name not in first
    codes = re.findall(r"C-[0-9A-F]{10}", first)
    assert len(set(codes)) == len(names)
    other = tmp_path / "other-key"
    other.write_bytes(os.urandom(32))
    assert set(
        re.findall(r"C-[0-9A-F]{10}", render(folder, tmp_path / "c.html", "--pseudonymise", other))
    ).isdisjoint(codes)
    kept = render(folder, tmp_path / "d.html", "--pseudonymise", key, "--keep", names[3])
    assert names[3] in html.unescape(kept)
    assert sum(n in html.unescape(kept) for n in names) == 1


def test_a_pseudonym_ignores_case_and_spacing_only() -> None:
    codes = Pseudonyms(b"k" * 32)
    assert codes.code("Acme  LLC") == codes.code(" acme llc") != codes.code("Acme LLP")
    assert Pseudonyms(b"k" * 32).code("Acme LLC") == codes.code("Acme LLC")
    assert Pseudonyms(b"j" * 32).code("Acme LLC") != codes.code("Acme LLC")


def test_a_file_that_cannot_be_read_gets_a_row_and_exit_2(
    clients: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = clients
    (folder / "zz-broken.yaml").write_text("organisation: [\n", encoding="utf-8")
    out = tmp_path / "p.html"
    assert hrdd("report", folder, "--format", "html", "-o", out, "--date", DAY) == 2
    text = out.read_text(encoding="utf-8")
    assert "could not be read" in text and "yaml-syntax" in text
    err = capsys.readouterr().err
    assert "zz-broken.yaml:2:1: error yaml-syntax" in err
    assert "1 answers file(s) could not be read" in err
    key = tmp_path / "key"
    key.write_bytes(os.urandom(32))
    assert hrdd("report", folder, "-f", "html", "-o", out, "--pseudonymise", key) == 2
    hidden = out.read_text(encoding="utf-8")
    assert "zz-broken" not in hidden and "yaml-syntax" not in hidden
    assert "see the findings on stderr" in hidden


def test_markdown_portfolio(
    clients: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, names = clients
    assert hrdd("report", folder, "--date", DAY) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Human-rights risk portfolio\n")
    assert "## Headline Critical (" in out and "## Every client by name" in out
    assert "| Organisation | File | Headline (inherent) |" in out


def test_markup_and_control_characters_in_a_name_stay_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    path = case_answers(CASES / "ride-hailing.yaml", folder)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["organisation"] = "Evil\x1b[2J <script>x</script> | [l](https://e.example)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = render(folder, tmp_path / "p.html")
    assert "<script>x" not in text and "\x1b" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text and "\\x1b[2J" in text
    assert hrdd("report", folder, "--date", DAY) == 0
    md = capsys.readouterr().out
    assert "<script>" not in md and "\x1b" not in md and "[l](https" not in md


@pytest.mark.parametrize("kind", ["missing", "fifo", "device", "short", "folder"])
def test_a_key_file_that_cannot_be_used_is_a_clear_error(
    clients: tuple[Path, list[str]], tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = clients
    key = tmp_path / "key"
    if kind == "fifo":
        os.mkfifo(key)
    elif kind == "device":
        key = Path("/dev/null")
    elif kind == "short":
        key.write_bytes(b"short")
    elif kind == "folder":
        key.mkdir()
    out = tmp_path / "p.html"
    assert hrdd("report", folder, "-f", "html", "-o", out, "--pseudonymise", key) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hrdd: error: --pseudonymise {key}: ")
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_options_that_do_not_fit_are_usage_errors(
    clients: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = clients
    one = folder / "ride-hailing.yaml"
    assert hrdd("report", folder, "--keep", "Acme") == 2
    assert hrdd("report", one, "--pseudonymise", tmp_path / "key") == 2
    assert hrdd("report", folder, "--template-dir", tmp_path) == 2
    before = one.read_bytes()
    assert hrdd("report", folder, "-o", one) == 2
    assert one.read_bytes() == before
    err = capsys.readouterr().err
    assert "would overwrite it" in err and "Traceback" not in err
    assert hrdd("report", folder, "-f", "html", "-o", "/dev/null") == 0


def test_a_portfolio_written_to_a_file_says_so_unless_quiet(
    clients: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = clients
    out = tmp_path / "portfolio.html"
    render(folder, out)
    said = capsys.readouterr()
    assert said.out == ""
    assert f"hrdd: wrote {out} (HTML portfolio)\n" in said.err
    render(folder, out, "--quiet")
    assert "hrdd: wrote" not in capsys.readouterr().err
