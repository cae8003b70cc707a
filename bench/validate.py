"""Benchmark `hrdd validate` and `hrdd --help` against yamllint, check-jsonschema and libyaml.

Run from the repository root, in the environment hrdd is installed in:

    python -m bench.validate              # default runs, prints the tables
    python -m bench.validate --json       # also writes bench/results/validate.json
    python -m bench.validate --runs 3 --files 200    # a quicker, rougher look

It generates (always the same) one 150-question questionnaire and a folder of 20-question
questionnaires in a temporary folder, then times whole processes in interleaved rounds and
prints the medians and the ratios the project aims for. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from bench.common import (
    Command,
    Target,
    Timing,
    dump_yaml,
    finish,
    synthetic_questionnaire,
    time_commands,
    tool,
)

TARGETS = (
    Target("hrdd validate 150q", "yamllint 150q", 0.5),
    Target("hrdd validate dir", "yamllint dir", 0.1),
    Target("hrdd validate dir", "check-jsonschema dir", 0.1),
    Target("hrdd validate dir", "libyaml parse dir", 1.3),
    Target("hrdd --help", "yamllint --help", 2.0),
)

# Parses every file with libyaml and does nothing else: the floor any YAML validator stands on.
_PARSE_ONLY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import yaml
    for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
        with path.open("rb") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)
    """
)


def write_inputs(root: Path, files: int) -> tuple[Path, Path, list[Path]]:
    """Write the 150-question file and ``files`` 20-question files; return their paths."""
    big = root / "questionnaire-150.yaml"
    big.write_text(dump_yaml(synthetic_questionnaire(150)), encoding="utf-8")
    folder = root / "many"
    folder.mkdir()
    small = []
    for n in range(files):
        path = folder / f"questionnaire-{n:04d}.yaml"
        path.write_text(dump_yaml(synthetic_questionnaire(20, seed=n + 1)), encoding="utf-8")
        small.append(path)
    return big, folder, small


def export_schema(hrdd: list[str], root: Path) -> Path:
    """Write hrdd's questionnaire JSON Schema for check-jsonschema; return its path."""
    schema = root / "questionnaire.schema.json"
    completed = subprocess.run(
        [*hrdd, "schema", "questionnaire"], capture_output=True, text=True, check=True
    )
    schema.write_text(completed.stdout, encoding="utf-8")
    return schema


def main(argv: list[str] | None = None) -> int:
    """Generate the inputs, time every command, print the tables; 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.validate", description=__doc__)
    parser.add_argument("--runs", type=int, default=10, help="timed runs of the quick commands")
    parser.add_argument(
        "--dir-runs", type=int, default=3, help="timed runs of the commands over the folder"
    )
    parser.add_argument("--files", type=int, default=1000, help="files in the folder")
    parser.add_argument(
        "--json",
        nargs="?",
        const="",
        metavar="PATH",
        help="also write the results as JSON (default bench/results/validate.json)",
    )
    args = parser.parse_args(argv)

    hrdd = tool("hrdd", module="hrdd")
    yamllint = tool("yamllint")
    check_jsonschema = tool("check-jsonschema")

    with tempfile.TemporaryDirectory(prefix="hrdd-bench-") as tmp:
        root = Path(tmp)
        print(f"generating 1 x 150 and {args.files} x 20 questions in {root}", file=sys.stderr)
        big, folder, small = write_inputs(root, args.files)
        schema = export_schema(hrdd, root)
        jsonschema = [*check_jsonschema, "--schemafile", str(schema)]

        print("timing start-up and the 150-question file", file=sys.stderr)
        quick = time_commands(
            [
                Command("hrdd --help", [*hrdd, "--help"]),
                Command("yamllint --help", [*yamllint, "--help"]),
                Command("hrdd validate 150q", [*hrdd, "validate", str(big)]),
                Command("yamllint 150q", [*yamllint, str(big)]),
                Command("check-jsonschema 150q", [*jsonschema, str(big)]),
            ],
            runs=args.runs,
        )
        print(f"timing the folder of {args.files} files", file=sys.stderr)
        slow = time_commands(
            [
                Command("hrdd validate dir", [*hrdd, "validate", str(folder)]),
                Command("libyaml parse dir", [sys.executable, "-c", _PARSE_ONLY, str(folder)]),
                Command("yamllint dir", [*yamllint, str(folder)]),
                Command("check-jsonschema dir", [*jsonschema, *map(str, small)]),
            ],
            runs=args.dir_runs,
        )

    timings: dict[str, Timing] = {**quick, **slow}
    inputs = {"big_questions": 150, "files": args.files, "questions_per_file": 20}
    return finish("validate", timings, TARGETS, {"inputs": inputs}, args.json)


if __name__ == "__main__":
    sys.exit(main())
