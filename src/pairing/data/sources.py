"""Raw third-party files, by pinned URL and sha256 — never committed to the project.

The registry ``data/raw_files.csv`` lists each file the book reads: its name (the path
under a mirror folder), the repository and commit it is pinned to, its sha256 and URL.

* With ``PAIRING_DATA_MIRROR`` set to a folder laid out like the registry names (as
  ``../shared/upstream`` is; a relative path is taken from the project folder), files are read
  from there and nothing touches the network.
* Otherwise each file is downloaded once with pooch into the user cache
  (``PAIRING_CACHE`` overrides where) and checked against its sha256 every time.

Either way a missing file or a wrong hash raises :class:`~pairing.errors.RawFileError`
naming the file and, for a mismatch, both hashes.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pairing import paths
from pairing.data import usage
from pairing.errors import RawFileError
from pairing.paths import cache_dir

MIRROR_VARIABLE = "PAIRING_DATA_MIRROR"


def registry() -> pd.DataFrame:
    """The registry of raw files (``data/raw_files.csv``), indexed by name. It pins each file's
    sha256, so a chapter that reads raw files depends on it (:mod:`pairing.data.usage`)."""
    usage.used(paths.RAW_REGISTRY)
    return _registry(paths.RAW_REGISTRY)


@lru_cache(maxsize=None)
def _registry(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str).set_index("name")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mirror() -> Path | None:
    """The mirror folder named by ``PAIRING_DATA_MIRROR``, if any; a relative path is taken from the
    project folder, wherever it is read (a kernel started in ``notebooks/`` included)."""
    value = os.environ.get(MIRROR_VARIABLE)
    return (paths.ROOT / Path(value).expanduser()).resolve() if value else None


def fetch(name: str) -> Path:
    """Return a local, verified path to the raw file ``name``.

    Raises
    ------
    RawFileError
        If ``name`` is not registered, the file is missing, or its sha256 differs.
    """
    entries = registry()
    if name not in entries.index:
        raise RawFileError(name, "every raw file must be listed in the registry", detail=str(paths.RAW_REGISTRY))
    expected = entries.at[name, "sha256"]
    folder = mirror()
    if folder is not None:
        path = folder / name
        if not path.is_file():
            raise RawFileError(path, "a registered raw file must exist in the mirror folder",
                               detail=f"{MIRROR_VARIABLE}={folder}")
    else:
        path = _download(name, entries.at[name, "url"], expected)
    actual = sha256(path)
    if actual != expected:
        raise RawFileError(path, "sha256 must match the registry",
                           detail=f"expected {expected}, got {actual}")
    return path


def check_files() -> list[RawFileError]:
    """Every registered raw file, present and with its pinned sha256: one error per problem."""
    folder = mirror()
    if folder is not None and not folder.is_dir():
        return [RawFileError(folder, f"the mirror folder named by {MIRROR_VARIABLE} must exist")]
    problems = []
    for name in registry().index:
        try:
            fetch(name)
        except RawFileError as error:
            problems.append(error)
    return problems


def _download(name: str, url: str, expected: str) -> Path:
    import pooch

    target = cache_dir() / name
    try:
        return Path(pooch.retrieve(url, known_hash=f"sha256:{expected}", fname=target.name,
                                   path=target.parent, progressbar=False))
    except ValueError as error:  # pooch's hash mismatch; keep its message, name the file
        raise RawFileError(target, "sha256 must match the registry", detail=str(error)) from error
    except OSError as error:  # no network (requests' errors are OSErrors)
        raise RawFileError(name, "a raw file must be downloadable from its pinned URL",
                           detail=f"{url} ({type(error).__name__}); offline, set {MIRROR_VARIABLE} to a mirror folder") from error


def canghailan_name(file_date: pd.Timestamp | str) -> str:
    """Registry name of canghailan's daily file for ``file_date`` (the date in its name)."""
    return f"canghailan-wuhan-2019-ncov/Data/{pd.Timestamp(file_date):%Y-%m-%d}.csv"


DXY_NAME = "blankerl-dxy-covid-19-data/csv/DXYArea.csv"
