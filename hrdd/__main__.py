"""Run the command-line interface as ``python -m hrdd``."""

from hrdd.cli import main

if __name__ == "__main__":
    main()
