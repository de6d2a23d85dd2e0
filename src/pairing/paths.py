"""Project paths, found from the package location, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CURATED = DATA / "curated"
RAW_REGISTRY = DATA / "raw_files.csv"

# What the build publishes beside the HTML pages (copied by html_extra_path):
# ``figures/<name>.{svg,png,csv}`` and ``data/<table>.csv``.
EXPORTS = ROOT / "_build" / "exports"
FIGURES = EXPORTS / "figures"
TABLES = EXPORTS / "data"


def cache_dir() -> Path:
    """Where fetched raw files are kept: ``$PAIRING_CACHE`` or the user cache."""
    if os.environ.get("PAIRING_CACHE"):
        return Path(os.environ["PAIRING_CACHE"]).expanduser()
    import pooch

    return Path(pooch.os_cache("pairing"))
