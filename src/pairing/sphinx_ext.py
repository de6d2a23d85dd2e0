"""Sphinx hook: what the book build needs from the project besides its pages.

* Before anything is read: forget cached executions made with other code or data
  (:func:`_forget_stale_executions`) and write the tidy tables into the exports folder
  (``_build/exports``, published at the site root by ``html_extra_path``: ``data/*.csv`` and,
  written by the notebooks through :func:`pairing.plots.save_figure`, ``figures/<name>.*``).
  A bad raw file stops the build here, before any page is written.
* While reading: when a chapter is read again, read the pages that gather its claims again too.
  Those pages need the chapters read first, so pages are read one at a time, in name order.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from . import build, catalogue, ledger, paths, sources


def _prepare(app, config) -> None:
    """Before anything is read: forget stale executions and write the tidy tables."""
    # Notebook kernels run in their own folder and inherit this environment: make a relative
    # mirror path absolute, as seen from where the build was started.
    mirror = sources.mirror()
    if mirror is not None:
        os.environ[sources.MIRROR_VARIABLE] = str(mirror)
    _forget_stale_executions(app)
    paths.FIGURES.mkdir(parents=True, exist_ok=True)
    if not _tables_are_current():
        build.build_tables().write(paths.TABLES)


def _inputs() -> list[Path]:
    """What every chapter's results depend on besides its own code: the package, the curated
    data, the raw-file registry and the pinned environment."""
    package = Path(__file__).parent
    return sorted([*package.glob("*.py"), *package.glob("*.js"), *paths.CURATED.glob("*.csv"), paths.RAW_REGISTRY,
                   paths.ROOT / "requirements.txt"])


def _forget_stale_executions(app) -> None:
    """The execution cache keys a chapter on its own code only. When anything in :func:`_inputs`
    changes, drop the cache and the saved environment so that every chapter runs again: an
    incremental build never publishes results computed by older code or data."""
    digest = hashlib.sha256()
    for path in _inputs():
        digest.update(path.relative_to(paths.ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    stamp = paths.ROOT / "_build" / "inputs.sha256"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    shutil.rmtree(app.doctreedir, ignore_errors=True)
    shutil.rmtree(Path(app.outdir).parent / ".jupyter_cache", ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest.hexdigest())


def _tables_are_current() -> bool:
    """True if the written tables are newer than everything they are built from. Raw files
    are pinned by the registry's sha256, so the registry stands for them."""
    outputs = [paths.TABLES / "cases_daily.csv", paths.TABLES / "case_flags.csv"]
    if not all(p.exists() for p in outputs):
        return False
    inputs = [paths.RAW_REGISTRY, *paths.CURATED.glob("*.csv"), *Path(__file__).parent.glob("*.py")]
    return min(p.stat().st_mtime for p in outputs) > max(p.stat().st_mtime for p in inputs)


def _reread_ledger(app, env, added, changed, removed) -> list[str]:
    """When a chapter is read again, its claims may have changed: read the ledger pages again too
    (they are executed on every read, see their ``execution_mode``)."""
    chapters = set(catalogue.chapters()) - set(ledger.READERS)
    return list(ledger.READERS) if (added | changed) & chapters else []


def setup(app):
    # Lower priorities run first: the folder exists before Sphinx checks html_extra_path.
    app.connect("config-inited", _prepare, priority=100)
    app.connect("env-get-outdated", _reread_ledger)
    # The ledger pages read what the chapters write: no parallel reading.
    return {"parallel_read_safe": False, "parallel_write_safe": True}
