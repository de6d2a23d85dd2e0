"""The curated tables read as the book reads them: as text, line by line, so that every problem
names the line of the file it is on; then validated against their rules and typed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from pairing import paths
from pairing.data import schemas, usage
from pairing.errors import DataError, raise_all


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
