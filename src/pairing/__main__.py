"""Command line: ``python -m pairing data --out DIR`` writes the tidy tables as CSV."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import build
from .errors import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pairing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    data = commands.add_parser("data", help="build the daily case panel and its flags from the raw files")
    data.add_argument("--out", type=Path, required=True, help="folder to write cases_daily.csv and case_flags.csv into")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    try:
        written = build.build_tables().write(args.out)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"data build took {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
