"""Benchmark helpers: find commands, time whole processes, compare medians, print and save.

Every benchmark measures whole processes (start-up included), because that is what a user or
a CI job waits for. Commands are timed in interleaved rounds: round 1 runs every command once,
round 2 runs every command again, and so on. A burst of load on a shared machine then slows
all commands alike instead of one of them, and the ratios stay meaningful.
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "bench" / "results"


def tool(name: str, *, module: str | None = None) -> list[str]:
    """Return the argv prefix that runs console script ``name``.

    The script beside the running interpreter wins (the active virtual environment), then
    one on PATH; failing both, ``python -m module`` when a module is given.
    """
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which(name)
    if found:
        return [found]
    if module is not None:
        return [sys.executable, "-m", module]
    raise SystemExit(f"bench: `{name}` is not installed; run `pip install -e '.[dev]'` first")


@dataclass(frozen=True)
class Command:
    """One command to time: a short name, its argv and the exit codes that count as success."""

    name: str
    argv: Sequence[str]
    ok_codes: tuple[int, ...] = (0,)
    cwd: Path | None = None


@dataclass(frozen=True)
class Timing:
    """The wall-clock seconds of every timed run of one command."""

    name: str
    argv: tuple[str, ...]
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        """Return the median run time in seconds."""
        return statistics.median(self.seconds)

    @property
    def fastest(self) -> float:
        """Return the fastest run time in seconds."""
        return min(self.seconds)

    @property
    def slowest(self) -> float:
        """Return the slowest run time in seconds."""
        return max(self.seconds)


# Installed packages run from compiled bytecode, so the benchmarks let the warm-up round write
# it even where the environment turns that off (as some CI and container images do).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: Command) -> float:
    """Run ``command`` once with its output discarded; return its wall-clock seconds."""
    start = time.perf_counter()
    completed = subprocess.run(
        list(command.argv),
        cwd=command.cwd,
        env=_ENV,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if completed.returncode not in command.ok_codes:
        raise SystemExit(
            f"bench: {command.name} exited {completed.returncode}: {' '.join(command.argv)}\n"
            + completed.stderr.decode(errors="replace")[-2000:]
        )
    return elapsed


def time_commands(
    commands: Sequence[Command], *, runs: int, warmup: int = 1, progress: bool = True
) -> dict[str, Timing]:
    """Time every command ``runs`` times in interleaved rounds, after ``warmup`` untimed rounds.

    Warm-up rounds fill the OS file cache and write bytecode caches, so that every command is
    measured warm, as a user running it a second time would see it.
    """
    samples: dict[str, list[float]] = {c.name: [] for c in commands}
    for round_no in range(warmup + runs):
        if progress:
            label = "warm-up" if round_no < warmup else f"run {round_no - warmup + 1}/{runs}"
            print(f"  {label}", file=sys.stderr, flush=True)
        for command in commands:
            seconds = run_once(command)
            if round_no >= warmup:
                samples[command.name].append(seconds)
    return {c.name: Timing(c.name, tuple(c.argv), tuple(samples[c.name])) for c in commands}


@dataclass(frozen=True)
class Target:
    """A goal on the ratio of two medians from the same run: ``subject / baseline <= limit``."""

    subject: str
    baseline: str
    limit: float

    def ratio(self, timings: Mapping[str, Timing]) -> float:
        """Return the subject's median divided by the baseline's median."""
        return timings[self.subject].median / timings[self.baseline].median

    def met(self, timings: Mapping[str, Timing]) -> bool:
        """Tell whether the ratio is within the limit."""
        return self.ratio(timings) <= self.limit


def format_timings(timings: Mapping[str, Timing]) -> str:
    """Render the timings as a Markdown table in milliseconds."""
    width = max(len(name) for name in timings)
    lines = [
        f"| {'command':<{width}} | median ms | min ms | max ms | runs |",
        f"| {'-' * width} | --------: | -----: | -----: | ---: |",
    ]
    lines.extend(
        f"| {t.name:<{width}} | {t.median * 1000:9.1f} | {t.fastest * 1000:6.1f} "
        f"| {t.slowest * 1000:6.1f} | {len(t.seconds):4d} |"
        for t in timings.values()
    )
    return "\n".join(lines)


def format_targets(targets: Sequence[Target], timings: Mapping[str, Timing]) -> str:
    """Render each target's ratio with PASS or MISS as a Markdown table."""
    rows = [
        (
            f"{t.subject} / {t.baseline}",
            f"{t.ratio(timings):.3f}x",
            f"<= {t.limit:g}x",
            "PASS" if t.met(timings) else "MISS",
        )
        for t in targets
    ]
    header = ("ratio", "measured", "target", "result")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |",
        "| "
        + " | ".join("-" * w for w in widths[:1])
        + " | "
        + " | ".join("-" * (w - 1) + ":" for w in widths[1:3])
        + " | "
        + "-" * widths[3]
        + " |",
    ]
    lines.extend(
        f"| {label.ljust(widths[0])} | {ratio.rjust(widths[1])} | {limit.rjust(widths[2])} "
        f"| {verdict.ljust(widths[3])} |"
        for label, ratio, limit, verdict in rows
    )
    return "\n".join(lines)


def machine() -> dict[str, object]:
    """Describe the machine and interpreter the numbers come from."""
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }


def write_results(
    name: str,
    timings: Mapping[str, Timing],
    targets: Sequence[Target],
    extra: Mapping[str, object] | None = None,
    *,
    path: Path | None = None,
) -> Path:
    """Write one benchmark run as JSON (default: ``bench/results/<name>.json``); return the path."""
    path = path or RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **(dict(extra) if extra else {}),
        "timings": {
            t.name: {
                "argv": list(t.argv),
                "median_s": t.median,
                "min_s": t.fastest,
                "max_s": t.slowest,
                "runs_s": list(t.seconds),
            }
            for t in timings.values()
        },
        "targets": [
            {
                "subject": t.subject,
                "baseline": t.baseline,
                "limit": t.limit,
                "ratio": t.ratio(timings),
                "met": t.met(timings),
            }
            for t in targets
        ],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


# --- Synthetic questionnaires -------------------------------------------------------------
# Valid questionnaires of any size, generated deterministically from a seed, with what real
# ones hold: two languages, help texts, options, conditions, and a risk model (format 2):
# areas, impacts, paths with levels and a floor, the matrix and typed mitigations.

_AREAS = ("state_access", "expression", "staff_safety", "discrimination")
_SOURCES = (
    ("ungp", "UN Guiding Principles on Business and Human Rights", "https://www.ohchr.org/"),
    ("oecd", "OECD Guidelines for Multinational Enterprises", "https://mneguidelines.oecd.org/"),
    (
        "gni",
        "GNI Principles on Freedom of Expression and Privacy",
        "https://globalnetworkinitiative.org/",
    ),
)
_TYPES = ("yes_no", "single", "multi", "number", "text", "yes_no", "single")


def _text(en: str, ru: str) -> dict[str, str]:
    return {"en": en, "ru": ru}


def _ref(n: int) -> dict[str, str]:
    source = _SOURCES[n % len(_SOURCES)][0]
    return {"source": source, "at": f"P{n % 31 + 1}"}


def _question(
    n: int, rng: random.Random, earlier: list[tuple[str, str, list[str]]]
) -> dict[str, object]:
    qid = f"q_{n:03d}"
    kind = _TYPES[n % len(_TYPES)]
    q: dict[str, object] = {
        "id": qid,
        "text": _text(
            f"Question {n}: does the service keep data category {n} where the state can reach it?",
            f"Вопрос {n}: хранит ли сервис категорию данных {n} там, где её достанет государство?",
        ),
        "help": _text(
            f"Why question {n} matters: data that is reachable can be handed over.",
            f"Почему вопрос {n} важен: доступные данные могут быть переданы.",
        ),
        "type": kind,
    }
    values: list[str] = []
    if kind == "yes_no":
        values = ["yes", "no"]
        q["options"] = [{"value": "yes"}, {"value": "no"}]
        q["dont_know"] = True
    elif kind in ("single", "multi"):
        count = 4 if kind == "single" else 5
        values = [f"opt_{chr(ord('a') + i)}" for i in range(count)]
        q["options"] = [
            {
                "value": v,
                "label": _text(f"Option {v} of question {n}", f"Вариант {v} вопроса {n}"),
            }
            for v in values
        ]
        q["dont_know"] = n % 2 == 0
    elif kind == "number":
        q["minimum"] = 0
        q["unit"] = _text("users", "пользователей")
    q["references"] = [_ref(n)]
    # Every third question depends on an earlier unconditional choice or number question.
    if n % 3 == 2 and earlier:
        ref_id, ref_kind, ref_values = earlier[rng.randrange(len(earlier))]
        if ref_kind == "yes_no":
            q["when"] = f"{ref_id} == 'yes'"
        elif ref_kind == "single":
            q["when"] = f"any_of({ref_id}, '{ref_values[0]}', '{ref_values[2]}')"
        elif ref_kind == "multi":
            q["when"] = f"'{ref_values[1]}' in {ref_id} or count({ref_id}) >= 3"
        else:
            q["when"] = f"{ref_id} >= 1000 and {ref_id} < 1000000"
    elif kind != "text":
        earlier.append((qid, kind, values))
    return q


def synthetic_questionnaire(questions: int, *, seed: int = 0) -> dict[str, object]:
    """Return a valid questionnaire (format 2) with ``questions`` questions, the same per seed."""
    rng = random.Random(seed)
    earlier: list[tuple[str, str, list[str]]] = []
    qs = [_question(n, rng, earlier) for n in range(questions)]
    per_section = 10
    sections = []
    for s in range(0, questions, per_section):
        section: dict[str, object] = {
            "id": f"section_{s // per_section:02d}",
            "title": _text(f"Section {s // per_section}", f"Раздел {s // per_section}"),
            "description": _text("Exposure of one group of data.", "Доступность группы данных."),
            "questions": qs[s : s + per_section],
        }
        sections.append(section)
    first = qs[0]["id"]
    return {
        "format": 2,
        "id": f"bench_{seed}",
        "version": "1.0.0",
        "title": _text(f"Benchmark questionnaire {seed}", f"Опросник для замеров {seed}"),
        "description": _text("Generated for benchmarks.", "Создан для замеров."),
        "languages": ["en", "ru"],
        "disclaimer": _text("This is not legal advice.", "Это не юридическая консультация."),
        "sources": [
            {"id": sid, "title": title, "url": url, "publisher": "Publisher", "date": "2011"}
            for sid, title, url in _SOURCES
        ],
        "sections": sections,
        "areas": [
            {
                "id": area,
                "title": _text(f"Risk area {area}", f"Область риска {area}"),
                "rights": ["ICCPR Art. 17 (privacy)"],
                "exposure": [f"path_{area}"],
                "references": [_ref(i)],
            }
            for i, area in enumerate(_AREAS)
        ],
        "impacts": [
            {
                "id": f"harm_{area}",
                "title": _text(f"Harm through {area}", f"Вред через {area}"),
                "description": _text("People are harmed.", "Людям причинён вред."),
                "rights": ["ICCPR 17"],
                "rights_holders": [_text("users", "пользователи")],
                "paths": [f"path_{area}"],
                "irremediability": {"level": 4 + i % 2},
                "references": [_ref(i)],
            }
            for i, area in enumerate(_AREAS)
        ],
        "paths": [
            {
                "id": f"path_{area}",
                "title": _text(f"Path {area}", f"Путь {area}"),
                "levels": [
                    {
                        "when": f"{first} == 'yes'",
                        "likelihood": 3 + i % 3,
                        "floor": 2,
                        "label": _text("data in reach", "данные доступны"),
                    }
                ],
                "reaches": [
                    {
                        "when": f"{first} != 'no'",
                        "scale": 4,
                        "data": _text("account data", "данные учётных записей"),
                    }
                ],
                "scope": {"fixed": 3},
                "default_involvement": {
                    "involvement": "contribute",
                    "reason": _text("own servers", "собственные серверы"),
                },
            }
            for i, area in enumerate(_AREAS)
        ],
        "matrix": {
            "bands": [
                {"id": band, "label": _text(band.title(), band)}
                for band in ("low", "medium", "high", "critical")
            ],
            "rows": [
                {
                    "severity": 5,
                    "likelihood": ["medium", "high", "critical", "critical", "critical"],
                },
                {"severity": 4, "likelihood": ["low", "medium", "high", "high", "critical"]},
                {"severity": 3, "likelihood": ["low", "medium", "medium", "high", "high"]},
                {"severity": 2, "likelihood": ["low", "low", "medium", "medium", "medium"]},
                {"severity": 1, "likelihood": ["low", "low", "low", "low", "medium"]},
            ],
            "headline_from": "medium",
        },
        "mitigations": [
            {
                "id": f"mitigate_{area}",
                "type": "close",
                "title": _text(f"Reduce {area}", f"Снизить {area}"),
                "action": _text(f"Act on {area}.", f"Действовать по {area}."),
                "closes": [f"path_{area}"],
                "when": f"{first} != 'no'",
                "horizon": ("immediate", "90_days", "180_days", "ongoing")[i],
                "effort": ("low", "medium", "high", "low")[i],
                "review": i % 2 == 0,
                "references": [_ref(i)],
            }
            for i, area in enumerate(_AREAS)
        ],
    }


class _IndentedDumper(yaml.SafeDumper):
    """Indent block sequences under their key, the style yamllint's defaults expect."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_yaml(data: object) -> str:
    """Render ``data`` as block-style YAML with a document start and lines under 80 characters."""
    return yaml.dump(
        data,
        Dumper=_IndentedDumper,
        sort_keys=False,
        allow_unicode=True,
        width=60,
        explicit_start=True,
    )


def finish(
    name: str,
    timings: Mapping[str, Timing],
    targets: Sequence[Target],
    extra: Mapping[str, object] | None,
    json_path: str | None,
) -> int:
    """Print the timings and the targets; write JSON when asked; return 0 if every target held.

    ``json_path`` is the ``--json`` option: None (not given), "" (the default file) or a path.
    """
    print()
    print(format_timings(timings))
    print()
    print(format_targets(targets, timings))
    if json_path is not None:
        chosen = Path(json_path) if json_path else None
        path = write_results(name, timings, targets, extra, path=chosen)
        print(f"\nwrote {path}", file=sys.stderr)
    return 0 if all(t.met(timings) for t in targets) else 1
