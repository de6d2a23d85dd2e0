"""What each chapter used while it ran, so that a build re-executes exactly the chapters whose
inputs changed, and no others.

A chapter calls :func:`track` with its own name in its first hidden cell. From then on, in that
kernel, every curated table and raw file read through :mod:`pairing.data` and
:mod:`pairing.data.sources` is noted (:func:`used`), and when the kernel ends, the files it read and
the modules of the package it imported are written with their sha256 to
``<build>/usage/<chapter>.json`` (only during a book build, see :data:`pairing.paths.EXPORTS`).
Before the next build reads anything, :func:`stale` compares those digests with the files as they
are now; the Sphinx hook then drops the cached execution of each stale chapter and reads it again.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import sys
from pathlib import Path

from pairing import paths

_chapter: str | None = None
_files: set[Path] = set()


def folder() -> Path | None:
    """Where the records go: beside the build's exports, so each build carries its own; None
    outside a build."""
    exports = os.environ.get(paths.EXPORTS_VARIABLE)
    return Path(exports).parent / "usage" if exports else None


def track(chapter: str) -> None:
    """Record, when this kernel ends, what the chapter ``chapter`` (e.g. ``notebooks/01_the_data.md``) used."""
    global _chapter
    if _chapter is None:
        atexit.register(write)
    _chapter = chapter


def used(path: Path) -> None:
    """Note that the running chapter read ``path``."""
    _files.add(Path(path).resolve())


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
    path.write_text(json.dumps({"chapter": _chapter, "inputs": record()}, indent=1))
    return path


def recorded(records: Path) -> set[str]:
    """The chapters that have a record in ``records``."""
    return {json.loads(path.read_text())["chapter"] for path in Path(records).glob("*.json")}


def stale(records: Path) -> dict[str, list[str]]:
    """The chapters whose recorded inputs changed since they ran, each with the inputs that did."""
    changed = {}
    for path in sorted(Path(records).glob("*.json")):
        entry = json.loads(path.read_text())
        if not (paths.ROOT / entry["chapter"]).exists():  # renamed or removed: nothing left to rerun
            path.unlink()
            continue
        differ = [name for name, digest in entry["inputs"].items()
                  if _digest(paths.ROOT / name if not Path(name).is_absolute() else Path(name)) != digest]
        if differ:
            changed[entry["chapter"]] = differ
    return changed
