"""Sphinx hook: what the book build needs from the project besides its pages.

* Before anything is read: refuse a build not made by :mod:`pairing.site` (which builds aside and
  publishes only a build that succeeded), forget cached executions made with other code or data
  (:func:`_forget_executions`) and write the tidy tables into the build's exports folder
  (:data:`pairing.paths.EXPORTS`, published at the site root by ``html_extra_path``: ``data/*.csv``
  and, written by the notebooks through :func:`pairing.plots.save_figure`, ``figures/<name>.*``).
* While reading: when a chapter is read again, read the pages that gather its claims again too.
  Those pages need the chapters read first, so pages are read one at a time, in name order.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

from sphinx.errors import ConfigError

from . import build, catalogue, ledger, paths, sources


def _prepare(app, config) -> None:
    """Before anything is read: forget stale executions and write the tidy tables."""
    # Notebook kernels run in their own folder and inherit this environment: make a relative
    # mirror path absolute, as seen from where the build was started.
    mirror = sources.mirror()
    if mirror is not None:
        os.environ[sources.MIRROR_VARIABLE] = str(mirror)
    if paths.EXPORTS_VARIABLE not in os.environ:
        raise ConfigError("build the book with `make book` (python -m pairing book), which builds aside and "
                          "publishes only a build that succeeded; `jupyter-book build` would write into the site "
                          "readers open")
    paths.FIGURES.mkdir(parents=True, exist_ok=True)
    # The stamp belongs to the build being made (it is seeded from the last good build).
    stamp, digest = Path(app.doctreedir).parent / "inputs.sha256", _inputs_digest()
    current = stamp.exists() and stamp.read_text() == digest
    if not current:
        _forget_executions(app)
    tables = [paths.TABLES / "cases_daily.csv", paths.TABLES / "case_flags.csv"]
    if not current or not all(table.exists() for table in tables):
        build.build_tables().write(paths.TABLES)
    stamp.write_text(digest)  # only once the tables are written: a failed build is redone in full


def _inputs_digest() -> str:
    """sha256 of what every chapter's results depend on besides its own code: the package, the
    curated data, the raw-file registry (which pins each raw file's sha256) and the pins."""
    package = Path(__file__).parent
    inputs = sorted([*package.glob("*.py"), *package.glob("*.js"), *paths.CURATED.glob("*.csv"), paths.RAW_REGISTRY,
                     paths.ROOT / "requirements.txt"])
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(path.relative_to(paths.ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _forget_executions(app) -> None:
    """The execution cache keys a chapter on its own code only: when the inputs of
    :func:`_inputs_digest` change, drop it and the saved environment so that every chapter runs
    again. An incremental build never publishes results computed by older code or data."""
    shutil.rmtree(app.doctreedir, ignore_errors=True)
    shutil.rmtree(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache", ignore_errors=True)


def _reread_ledger(app, env, added, changed, removed) -> list[str]:
    """When a chapter is read again, its claims may have changed: read the ledger pages again too
    (they are executed on every read, see their ``execution_mode``)."""
    chapters = set(catalogue.chapters()) - set(ledger.READERS)
    return list(ledger.READERS) if (added | changed) & chapters else []


class _QuietCopies(logging.Filter):
    """Sphinx notes each copied file whose content changed ("will overwrite data"): every rebuild
    that changes a figure prints dozens; they hide the warnings that matter."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "will overwrite data" not in str(record.msg)


def setup(app):
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(_QuietCopies())
    # Lower priorities run first: the folder exists before Sphinx checks html_extra_path.
    app.connect("config-inited", _prepare, priority=100)
    app.connect("env-get-outdated", _reread_ledger)
    # The ledger pages read what the chapters write: no parallel reading.
    return {"parallel_read_safe": False, "parallel_write_safe": True}
