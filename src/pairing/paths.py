"""Project paths, found from the package location, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CURATED = DATA / "curated"
RAW_REGISTRY = DATA / "raw_files.csv"

#: Set by the book build (:mod:`pairing.book.site`) for itself and the notebooks' kernels: the folder
#: whose ``figures/`` and ``data/`` it publishes beside the pages. A notebook run by hand, without
#: it, writes to ``scratch/`` instead, so that an experiment never becomes the book's download.
EXPORTS_VARIABLE = "PAIRING_EXPORTS"
SCRATCH = ROOT / "scratch"
#: What readers open: a link to the html folder of the last good build (:mod:`pairing.book.site`),
#: beside which that build keeps its exports and its chapters' records.
SITE = ROOT / "_build" / "html"


def _point(folder: Path) -> None:
    global EXPORTS, FIGURES, TABLES
    EXPORTS = Path(folder)
    FIGURES = EXPORTS / "figures"
    TABLES = EXPORTS / "data"


def use_exports(folder: Path) -> None:
    """Write figures and tables into ``folder`` (``figures/``, ``data/``), here and in every kernel
    started from now on."""
    os.environ[EXPORTS_VARIABLE] = str(folder)
    _point(folder)


_point(Path(os.environ.get(EXPORTS_VARIABLE) or SCRATCH))


def cache_dir() -> Path:
    """Where fetched raw files are kept: ``$PAIRING_CACHE`` or the user cache."""
    if os.environ.get("PAIRING_CACHE"):
        return Path(os.environ["PAIRING_CACHE"]).expanduser()
    import pooch

    return Path(pooch.os_cache("pairing"))


def addresses(root: Path = ROOT) -> tuple[str, str]:
    """The canonical URL (``html.baseurl``) and the repository's (``repository.url``) from
    ``_config.yml``: set once there, empty when not set. The book's identity (its citations, the
    header's repository button) and the pages that tell a reader where the sources are read them here."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return ((config.get("html") or {}).get("baseurl") or "").strip(), \
        ((config.get("repository") or {}).get("url") or "").strip()
