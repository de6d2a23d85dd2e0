"""What each chapter used and published while it ran, so that a build re-executes exactly the
chapters whose inputs changed, and the pages that gather the chapters' results know what there is.

A chapter calls :func:`track` with its own name in its first hidden cell. From then on, in that
kernel, every curated table and raw file read through :mod:`pairing.data` and
:mod:`pairing.data.sources` is noted (:func:`used`), and when the kernel ends, the files it read and
the modules of the package it imported are written with their sha256 to
``<build>/usage/<chapter>.json`` (only during a book build, see :data:`pairing.paths.EXPORTS`).
Before the next build reads anything, :func:`stale` compares those digests with the files as they
are now; the Sphinx hook then drops the cached execution of each stale chapter and reads it again.

The same record lists, in order, the figures and tables the chapter published (:func:`wrote`, called
by :func:`pairing.figures.plots.save_figure` and ``save_table``): the book's manifest of exports,
which the figures page, the ledger and the findings read (:func:`outputs`); and the sentences its
guards quote (:func:`guarded`), which a test finds on the built page.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from pairing import paths

_chapter: str | None = None
_files: set[Path] = set()
_outputs: dict[str, dict] = {}  # published name -> what the catalogue needs, in the order written
_guards: list[str] = []  # the sentences the chapter's guards quote, in order
#: The chapter's code cell running now, counted from 1 in the order the cells run (the chapter's
#: preamble counts them, :func:`pairing.report.chapter.start`); None outside a chapter's kernel.
cell: int | None = None


def folder() -> Path | None:
    """Where the records go: beside the build's exports, so each build carries its own; None
    outside a build."""
    exports = os.environ.get(paths.EXPORTS_VARIABLE)
    return Path(exports).parent / "usage" if exports else None


def published() -> Path | None:
    """The records to read what the chapters published from: this build's, or outside a build
    those of the last good build (beside its site); None when there is neither."""
    last = paths.SITE.resolve().parent / "usage"
    return folder() or (last if paths.SITE.exists() and last.is_dir() else None)


def track(chapter: str) -> None:
    """Record, when this kernel ends, what the chapter ``chapter`` (e.g. ``notebooks/01_the_data.md``) used."""
    global _chapter
    if _chapter is None:
        atexit.register(write)
    _chapter = chapter


def used(path: Path) -> None:
    """Note that the running chapter read ``path``."""
    _files.add(Path(path).resolve())


def next_cell(*_) -> None:
    """One more of the chapter's code cells is running (an IPython ``pre_run_cell`` event)."""
    global cell
    cell = (cell or 0) + 1


def wrote(name: str, kind: str, **details) -> None:
    """Note that the running chapter published the figure or table ``name`` (``kind``), with
    ``details`` for the catalogue (the code cell that wrote it; a caption and alt text the chapter's
    own cell metadata does not hold). Written again, it keeps its first place."""
    _outputs[name] = {**_outputs.get(name, {}), "name": name, "kind": kind, **details}


def guarded(sentence: str) -> None:
    """Note that the running chapter guarded ``sentence`` (:meth:`pairing.report.prose.Prose.guard`):
    the record lists them, so a test can check that each is still the page's wording."""
    if sentence not in _guards:
        _guards.append(sentence)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def _name(path: Path) -> str:
    try:
        return path.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def record() -> dict[str, str]:
    """The files this kernel's chapter depends on, by name, with their sha256: what it read and the
    package modules it imported."""
    modules = {Path(module.__file__).resolve() for name, module in list(sys.modules.items())
               if (name == "pairing" or name.startswith("pairing.")) and getattr(module, "__file__", None)}
    return {_name(path): _digest(path) for path in sorted(modules | _files)}


def write() -> Path | None:
    """Write the record of the tracked chapter (at the kernel's end, by :func:`track`)."""
    target = folder()
    if _chapter is None or target is None:
        return None
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{Path(_chapter).stem}.json"
    entry = {"chapter": _chapter, "inputs": record(), "outputs": list(_outputs.values()), "guards": _guards}
    path.write_text(json.dumps(entry, indent=1, ensure_ascii=False))
    return path


def outputs(records: Path, chapter: str) -> list[dict] | None:
    """What ``chapter`` (e.g. ``notebooks/04_turning_point.md``) published when it last ran, in
    order, from its record in ``records``; None when it has no record (or one from before records
    listed what was published)."""
    path = Path(records) / f"{Path(chapter).stem}.json"
    return json.loads(path.read_text(encoding="utf-8")).get("outputs") if path.exists() else None


def recorded(records: Path) -> set[str]:
    """The chapters that have a whole record in ``records`` (one without the list of what it published
    is from an older build: the chapter runs again)."""
    entries = [json.loads(path.read_text()) for path in Path(records).glob("*.json")]
    return {entry["chapter"] for entry in entries if "outputs" in entry}


@contextlib.contextmanager
def reads() -> Iterator[set[Path]]:
    """The files read through :mod:`pairing.data` inside the block (as :func:`used` notes them), apart
    from what the process read before: how the build learns what the tidy tables are made from."""
    global _files
    before, _files = _files, set()
    read: set[Path] = set()
    try:
        yield read
    finally:
        read |= _files
        _files = before | _files


def digests(files: list[Path]) -> dict[str, str]:
    """``files`` by name, with their sha256, as a record lists them."""
    return {_name(Path(path).resolve()): _digest(Path(path).resolve()) for path in sorted(files)}


def changed(recorded: dict[str, str]) -> list[str]:
    """The files of a record (:func:`digests`) that differ from it now."""
    return [name for name, digest in recorded.items()
            if _digest(paths.ROOT / name if not Path(name).is_absolute() else Path(name)) != digest]


def stale(records: Path) -> dict[str, list[str]]:
    """The chapters whose recorded inputs changed since they ran, each with the inputs that did."""
    chapters = {}
    for path in sorted(Path(records).glob("*.json")):
        entry = json.loads(path.read_text())
        if not (paths.ROOT / entry["chapter"]).exists():  # renamed or removed: nothing left to rerun
            path.unlink()
            continue
        differ = changed(entry["inputs"])
        if differ:
            chapters[entry["chapter"]] = differ
    return chapters
