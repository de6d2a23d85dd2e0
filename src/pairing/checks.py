"""Every input checked before anything is built: ``python -m pairing check``.

:func:`check` verifies every registered raw file against its sha256 and every curated table
against its schema (:data:`pairing.schemas.CURATED`), then the rules that look into the raw files
(the rules inside the raw files, and the rejected source rows still what the files say). It returns one
:class:`~pairing.errors.DataError` per problem, each a line a person can act on. The data command
and the book build run it first and stop before writing anything when it finds a problem.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths, schemas, sources, usage
from .errors import DataError, RawFileError, raise_all


def read_curated(name: str, folder: Path | None = None) -> tuple[pd.DataFrame, list[DataError]]:
    """A curated table as text, indexed by the line each row starts on, and the problems of its
    schema (file-level problems first: missing, empty, ragged). Blank cells are missing values."""
    path = (folder or paths.CURATED) / name
    file = f"data/curated/{name}"
    schema = schemas.CURATED[name]
    if not path.is_file():
        return pd.DataFrame(), [DataError(file, "the file must exist")]
    try:
        reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
        header, records, lines, ragged = None, [], [], []
        for record in reader:
            if not record:  # a blank line
                continue
            if header is None:
                header = record
                continue
            if len(record) != len(header):
                ragged.append(DataError(file, f"must have the header's {len(header)} fields", [reader.line_num],
                                        f"found {len(record)}"))
                continue
            records.append(record)
            lines.append(reader.line_num - record_span(record) + 1)
    except (UnicodeDecodeError, csv.Error) as error:
        return pd.DataFrame(), [DataError(file, "must be a CSV file in UTF-8", detail=str(error))]
    if header is None:
        return pd.DataFrame(), [DataError(file, "must have a header row: the file is empty")]
    if ragged:
        return pd.DataFrame(), ragged
    frame = pd.DataFrame(records, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    frame = frame.replace("", np.nan).astype("str")  # as read_csv(dtype=str) types text
    if frame.empty and not schema.metadata["may_be_empty"]:
        return frame, [DataError(file, "must have at least one row below its header")]
    return frame, schemas.problems(frame, schema, file, lines=True)


def record_span(record: list[str]) -> int:
    """How many lines of the file a record spans (quoted fields may hold line breaks)."""
    return 1 + sum(field.count("\n") for field in record)


def load_curated(name: str) -> pd.DataFrame:
    """A curated table, validated and typed; every problem raised as a :class:`DataError`."""
    usage.used(paths.CURATED / name)
    frame, problems = read_curated(name)
    raise_all(problems)
    table = schemas.typed(frame, schemas.CURATED[name]).reset_index(drop=True)
    table.attrs["lines"] = frame.index.tolist()  # where each row starts in the file
    return table


def check_raw_files() -> list[DataError]:
    """Every registered raw file, present and with its pinned sha256."""
    folder = sources.mirror()
    if folder is not None and not folder.is_dir():
        return [RawFileError(folder, f"the mirror folder named by {sources.MIRROR_VARIABLE} must exist")]
    problems = []
    for name in sources.registry().index:
        try:
            sources.fetch(name)
        except RawFileError as error:
            problems.append(error)
    return problems


def check_raw_contents() -> list[DataError]:
    """The rules inside the raw files (:mod:`pairing.schemas`), every Hubei row known, and each
    rejected source row still in its raw file with the value listed."""
    from . import build

    try:
        raw = build.read_canghailan(build.file_dates())
        build.read_dxy()
        build.check_hubei_rows(raw)
    except DataError as error:
        return getattr(error, "problems", [error])
    return build.unmatched_rejected_rows(raw, load_curated("rejected_source_rows.csv"))


def check() -> list[DataError]:
    """Every problem of every input, raw and curated, one per line. The raw files' contents are
    read only when their hashes and the curated tables pass (a problem there would repeat)."""
    problems = check_raw_files() + unknown_files()
    for name in schemas.CURATED:
        problems += read_curated(name)[1]
    return problems or check_raw_contents()


def unknown_files(folder: Path | None = None) -> list[DataError]:
    """Curated files with no schema: a table nothing checks would be published unchecked."""
    folder = folder or paths.CURATED
    return [DataError(f"data/curated/{path.name}", "every curated table must be declared in pairing.schemas.CURATED")
            for path in sorted(folder.glob("*.csv")) if path.name not in schemas.CURATED]
