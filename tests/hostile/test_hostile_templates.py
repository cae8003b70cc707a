"""--template-dir: templates are files inside the folder, never reached through a link out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.hostile_support import REPORT_Q, RIDES, hrdd


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize(
    "name",
    ["markdown/impacts/base.md.j2", "markdown/impacts/summary.md.j2", "markdown/leak.md.j2"],
)
def test_a_template_linked_out_of_the_folder_is_refused(
    name: str, outside: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "templates"
    link = templates / name
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    if name.endswith("leak.md.j2"):
        # A base template of the user's that includes the link.
        (templates / "markdown" / "impacts").mkdir()
        (templates / "markdown" / "impacts" / "base.md.j2").write_text(
            "{% include 'markdown/leak.md.j2' %}\n", encoding="utf-8"
        )
    output = tmp_path / "report.md"
    code = hrdd("report", RIDES, "-q", REPORT_Q, "--template-dir", templates, "-o", output)
    out, err = capsys.readouterr()
    assert code == 2
    assert f"template {name} in {templates} leads out of it (to {outside})" in err
    assert "SECRET-LINE" not in out + err
    assert not output.exists()


def test_links_that_stay_inside_the_folder_are_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "templates"
    (templates / "markdown" / "impacts").mkdir(parents=True)
    (templates / "shared.md.j2").write_text("Custom report for {{ organisation }}\n")
    (templates / "markdown" / "impacts" / "base.md.j2").symlink_to(
        Path("..") / ".." / "shared.md.j2"
    )
    assert hrdd("report", RIDES, "-q", REPORT_Q, "--template-dir", templates) == 0
    assert capsys.readouterr().out == "Custom report for Example Rides LLC\n"


def test_a_template_dir_that_is_itself_a_link_is_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "brand"
    (real / "markdown" / "impacts").mkdir(parents=True)
    (real / "markdown" / "impacts" / "base.md.j2").write_text("Branded {{ organisation }}\n")
    link = tmp_path / "templates"
    link.symlink_to(real)
    assert hrdd("report", RIDES, "-q", REPORT_Q, "--template-dir", link) == 0
    assert capsys.readouterr().out == "Branded Example Rides LLC\n"
    assert link.is_symlink()
