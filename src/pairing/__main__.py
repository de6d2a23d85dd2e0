"""Command line of the project.

python -m pairing book            check the inputs, build the book aside, publish it to _build/html
python -m pairing data --out DIR  write the tidy tables (cases_daily.csv, case_flags.csv) into DIR
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import build
from .errors import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pairing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    data = commands.add_parser("data", help="build the daily case panel and its flags from the raw files")
    data.add_argument("--out", type=Path, required=True, help="folder to write cases_daily.csv and case_flags.csv into")
    commands.add_parser("book", help="check the inputs, build the book aside and publish it only if the build succeeds")
    args = parser.parse_args(argv)
    if args.command == "book":
        from . import site

        return site.main()

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
