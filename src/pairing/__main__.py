"""The project's command line: check the inputs, build the tidy tables, build the book, archive it.

  python -m pairing check            check every raw file and curated table; build nothing
  python -m pairing data --out DIR   check, then write the tidy tables (cases_daily.csv,
                                     case_flags.csv) into DIR
  python -m pairing book             check, build the book aside, publish it to _build/html
                                     only if the whole build succeeds
  python -m pairing archive          zip the last good build for deposit:
                                     dist/pairing-book-<version>.zip

Raw files are read from the folder named by PAIRING_DATA_MIRROR when it is set (laid out like
the names in data/raw_files.csv; a relative path is taken from the project folder), otherwise
downloaded once from their pinned URLs and checked against their sha256.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pairing.errors import DataError


def report(problems: list[DataError]) -> int:
    """Print one line per problem; 1 if there was any, else 0."""
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found; nothing was written", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pairing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="{check,data,book,archive}")
    commands.add_parser("check", help="check every raw file and curated table, build nothing")
    data = commands.add_parser("data", help="check, then build the daily case panel and its flags")
    data.add_argument("--out", type=Path, required=True, help="folder to write cases_daily.csv and case_flags.csv into")
    commands.add_parser("book", help="check, build the book aside and publish it only if the build succeeds")
    commands.add_parser("archive", help="zip the last good build, its citation file and checksums for deposit")
    args = parser.parse_args(argv)
    if args.command == "book":
        from pairing.book import site

        return site.main()
    if args.command == "archive":
        from pairing.book import archive

        return archive.main()

    from pairing.data import checks, panel, schemas

    start = time.perf_counter()
    if report(checks.check()):
        return 1
    if args.command == "check":
        print(f"all inputs pass: {len(panel.sources.registry())} raw files and {len(schemas.CURATED)} curated tables "
              f"({time.perf_counter() - start:.1f} s)")
        return 0
    try:
        written = panel.build_tables().write(args.out)
    except DataError as error:
        return report(getattr(error, "problems", [error]))
    except OSError as error:
        print(f"error: cannot write the tables into {args.out}: {error.strerror or error}; nothing was written",
              file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"data build took {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
