"""Sphinx hook: when the book build starts, write the tidy tables into the exports folder.

The folder (``_build/exports``) is published at the site root by ``html_extra_path``:
``data/cases_daily.csv``, ``data/case_flags.csv`` and, written by the notebooks through
:func:`pairing.plots.save_figure`, ``figures/<name>.{svg,png,csv}``. A bad raw file stops
the build here, before any page is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import build, paths, sources


def _write_tables(app, config) -> None:
    # Notebook kernels run in their own folder and inherit this environment: make a relative
    # mirror path absolute, as seen from where the build was started.
    mirror = sources.mirror()
    if mirror is not None:
        os.environ[sources.MIRROR_VARIABLE] = str(mirror)
    paths.FIGURES.mkdir(parents=True, exist_ok=True)
    if not _tables_are_current():
        build.build_tables().write(paths.TABLES)


def _tables_are_current() -> bool:
    """True if the written tables are newer than everything they are built from. Raw files
    are pinned by the registry's sha256, so the registry stands for them."""
    outputs = [paths.TABLES / "cases_daily.csv", paths.TABLES / "case_flags.csv"]
    if not all(p.exists() for p in outputs):
        return False
    inputs = [paths.RAW_REGISTRY, *paths.CURATED.glob("*.csv"), *Path(__file__).parent.glob("*.py")]
    return min(p.stat().st_mtime for p in outputs) > max(p.stat().st_mtime for p in inputs)


def setup(app):
    # Lower priorities run first: the folder exists before Sphinx checks html_extra_path.
    app.connect("config-inited", _write_tables, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
