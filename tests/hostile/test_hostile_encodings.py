"""Output encodings that cannot hold Cyrillic: results are UTF-8, messages never crash.

Cyrillic names and titles are the main case for this tool; a C locale or a Latin-1 terminal
used to crash score, report and validate with exit 3 at the first Cyrillic letter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.hostile_support import (
    DATA,
    MINIMAL,
    REPORT_Q,
    RIDES,
    hrdd_process,
    subprocess_env,
)

ORG = "ООО «Пример»"

ENVIRONMENTS = {
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "ascii-strict": {"PYTHONIOENCODING": "ascii:strict"},
    "c-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    text = RIDES.read_text(encoding="utf-8")
    (tmp_path / "answers.yaml").write_text(
        text.replace("organisation: Example Rides LLC\n", f"organisation: {ORG}\n"),
        encoding="utf-8",
    )
    questionnaire = MINIMAL.read_text(encoding="utf-8")
    (tmp_path / "q.yaml").write_text(
        questionnaire.replace("languages: [en, ru]\n", "languages: [en, ru]\nключ: 1\n"),
        encoding="utf-8",
    )
    return tmp_path


def _commands(folder: Path) -> dict[str, tuple[list[str | Path], int, str]]:
    answers = folder / "answers.yaml"
    return {
        "score": (["score", answers, "-q", REPORT_Q], 0, ORG),
        "score-markdown": (["score", answers, "-q", REPORT_Q, "-f", "markdown"], 0, ORG),
        "score-json": (["score", answers, "-q", REPORT_Q, "-f", "json"], 0, ORG),
        "report": (["report", answers, "-q", REPORT_Q], 0, ORG),
        "report-html": (["report", answers, "-q", REPORT_Q, "-f", "html"], 0, ORG),
        "validate": (["validate", folder / "q.yaml"], 1, "ключ"),
        "validate-json": (["validate", folder / "q.yaml", "-f", "json"], 1, "ключ"),
        "assess": (["assess", REPORT_Q, "--answers", answers, "--no-input"], 0, ORG),
        "test": (["test", DATA / "scoring" / "sample.yaml"], 0, "PASS"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("command", list(_commands(Path())))
def test_results_are_utf8_whatever_the_output_encoding(
    command: str, environment: str, files: Path
) -> None:
    argv, code, expected = _commands(files)[command]
    env = subprocess_env(**ENVIRONMENTS[environment])
    done = hrdd_process(*argv, cwd=files, env=env)
    assert b"internal error" not in done.stderr, done.stderr.decode(errors="replace")
    assert done.returncode == code, done.stderr.decode(errors="replace")
    assert expected in done.stdout.decode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_messages_with_cyrillic_never_crash(environment: str, files: Path) -> None:
    # The organisation is echoed in the error on stderr.
    env = subprocess_env(**ENVIRONMENTS[environment])
    argv = ["assess", REPORT_Q, "--answers", files / "answers.yaml", "--org", "Другая"]
    done = hrdd_process(*argv, cwd=files, env=env)
    assert done.returncode == 2
    assert b"internal error" not in done.stderr
    assert b"this answers file assesses" in done.stderr
