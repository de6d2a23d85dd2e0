"""The book's source as the site offers it: ``source.zip`` beside the pages, the files the build was
made from (code, chapters, curated tables, configuration), so that a reader who has only the site can
rebuild it (``make book`` in the unzipped folder). Raw third-party files are not in it: the build
fetches them by pinned address and checks their sha256, as it does from a repository.

Which files: those git would commit (tracked, or new and not ignored), as they are in the working
folder; outside a git checkout, those a source zip listed (:data:`LISTING`), so that a book rebuilt
from the zip offers the same zip again. The same files give the same zip, byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

#: The list of the zip's files, written into it: where a folder without git learns its own files.
LISTING = "SOURCE_FILES"
#: The name of the zip in the site and of the one folder inside it.
NAME = "source.zip"
FOLDER = "pairing-book"


def source_files(root: Path) -> list[str] | None:
    """The project's source files, relative and sorted, or None when neither git nor a listing can tell."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                                capture_output=True, text=True, check=True).stdout.split("\0")
    except (OSError, subprocess.CalledProcessError):
        listing = root / LISTING
        if not listing.exists():
            return None
        listed = listing.read_text(encoding="utf-8").splitlines()
    return sorted(name for name in listed if name and name != LISTING and (root / name).is_file())


def write_source_zip(root: Path, target: Path, day: str) -> bool:
    """Write ``target``: the source files of ``root`` under ``pairing-book/``, each stamped ``day``
    (ISO, the build's), with their listing. False, and nothing written, when the files cannot be told."""
    files = source_files(root)
    if files is None:
        return False
    stamp = tuple(int(part) for part in day.split("-")) + (0, 0, 0)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, data in [*((name, (root / name).read_bytes()) for name in files),
                           (LISTING, "".join(f"{name}\n" for name in files).encode())]:
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if os.access(root / name, os.X_OK) else 0o644) << 16
            zipped.writestr(info, data)
    return True
