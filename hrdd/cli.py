"""The command-line interface: parse options, call one core function, write, pick the exit code.

Exit codes: 0 success; 1 findings (invalid file, failed test, risk at or over ``--fail-on``);
2 usage or input error; 3 an unexpected crash (a bug: please report it); 130 interrupted.
"""

from __future__ import annotations

import sys

import click
import typer

from hrdd import __version__
from hrdd.errors import HrddError

app = typer.Typer(
    name="hrdd",
    help=(
        "Human-rights due diligence for ICT companies exposed to Belarus Decree No. 368.\n\n"
        "Exit codes: 0 success; 1 findings (invalid file, failed test, risk at or over "
        "--fail-on); 2 usage or input error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ExitCode = int


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hrdd {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Human-rights due diligence for ICT companies exposed to Belarus Decree No. 368."""


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with its code; expected errors never show a traceback."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of exiting."""
    try:
        result = app(args=argv, prog_name="hrdd", standalone_mode=False)
    except KeyboardInterrupt:
        print("\nhrdd: interrupted", file=sys.stderr)
        return 130
    except click.exceptions.Abort:
        print("\nhrdd: interrupted", file=sys.stderr)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2 if exc.exit_code not in (0, 1) else exc.exit_code
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except HrddError as exc:
        print(f"hrdd: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 1
    except Exception as exc:  # noqa: BLE001 - the crash handler of last resort
        print(
            f"hrdd: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in hrdd. Please report it with the command you ran; "
            "set HRDD_TRACEBACK=1 to see the traceback.",
            file=sys.stderr,
        )
        import os

        if os.environ.get("HRDD_TRACEBACK"):
            raise
        return 3
    return result if isinstance(result, int) else 0
