"""Every input checked before anything is built: ``python -m pairing check``.

:func:`check` verifies every registered raw file against its sha256 and every curated table
against its schema (:data:`pairing.data.schemas.CURATED`), then the rules that look into the raw files
(the rules inside the raw files, and the rejected source rows still what the files say). It returns one
:class:`~pairing.errors.DataError` per problem, each a line a person can act on. The data command
and the book build run it first and stop before writing anything when it finds a problem.
"""

from __future__ import annotations

from pathlib import Path

from pairing import paths
from pairing.data import panel, schemas, sources
from pairing.data.curated import load_curated, read_curated
from pairing.errors import DataError


def check_raw_contents() -> list[DataError]:
    """The rules inside the raw files (:mod:`pairing.data.schemas`), every Hubei row known, and each
    rejected source row still in its raw file with the value listed."""
    try:
        raw = panel.read_canghailan(panel.file_dates())
        panel.read_dxy()
        panel.check_hubei_rows(raw)
    except DataError as error:
        return getattr(error, "problems", [error])
    return panel.unmatched_rejected_rows(raw, load_curated("rejected_source_rows.csv"))


def check() -> list[DataError]:
    """Every problem of every input, raw and curated, one per line. The raw files' contents are
    read only when their hashes and the curated tables pass (a problem there would repeat)."""
    problems = sources.check_files() + unknown_files()
    for name in schemas.CURATED:
        problems += read_curated(name)[1]
    return problems or check_raw_contents()


def unknown_files(folder: Path | None = None) -> list[DataError]:
    """Curated files with no schema: a table nothing checks would be published unchecked."""
    folder = folder or paths.CURATED
    return [DataError(f"data/curated/{path.name}", "every curated table must be declared in pairing.data.schemas.CURATED")
            for path in sorted(folder.glob("*.csv")) if path.name not in schemas.CURATED]
