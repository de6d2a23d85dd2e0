"""What an author deposits to get a DOI: the last good build of the site as one zip file,
``dist/pairing-book-<version>.zip``. ``python -m pairing archive`` (``make archive``) writes it.

Inside, one folder ``pairing-book-<version>/``: the site as built (its links are relative, so it
opens offline from ``index.html``; its ``source.zip`` builds it again: :mod:`pairing.book.source`), its ``CITATION.cff`` (version, commit, addresses) and
``SHA256SUMS`` (``sha256sum -c SHA256SUMS`` in the folder checks every file). The same site gives
the same zip, byte for byte: files in name order, each stamped with the day the site was built.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

from pairing.book.site import PROJECT, BuildFailed, Layout

#: A link a page could only follow on the machine that built it, or on a server's root.
NOT_PORTABLE = re.compile(r'(?:href|src)="(/(?!/)[^"]*|file:[^"]*)"')


def _files(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.is_file())


def portability_problems(site: Path) -> list[str]:
    """Every link in the site's pages that would not work once the folder is moved."""
    problems = []
    for page in site.rglob("*.html"):
        for link in NOT_PORTABLE.findall(page.read_text(encoding="utf-8")):
            problems.append(f"{page.relative_to(site)}: {link}")
    return problems


def archive(layout: Layout = PROJECT, out: Path | None = None) -> Path:
    """Zip the last good build; :class:`BuildFailed` says why not when it cannot be deposited."""
    good = layout.current()
    if good is None:
        raise BuildFailed("there is no built site to archive: run `make book` first")
    site = good / "html"
    edition = json.loads((site / "build.json").read_text(encoding="utf-8"))
    if edition["commit"] == "unknown" or " " in edition["commit"]:
        raise BuildFailed(f"the site was built from {edition['commit']!r}, not from a commit: commit your changes, "
                          "build again (`make book`), then archive, so that the deposit names the commit it is")
    problems = portability_problems(site)
    if problems:
        raise BuildFailed("links that would break once the site is moved:\n  " + "\n  ".join(problems[:10]))
    folder = f"pairing-book-{edition['version']}"
    out = out or layout.root / "dist" / f"{folder}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = tuple(int(part) for part in edition["built"].split("-")) + (0, 0, 0)
    files = _files(site)
    sums = "".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(site).as_posix()}\n"
                   for path in files)
    partial = out.with_name(out.name + ".partial")  # an interrupted run leaves no zip that looks whole
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, data in [*((path.relative_to(site).as_posix(), path.read_bytes()) for path in files),
                           ("SHA256SUMS", sums.encode())]:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            zipped.writestr(info, data)
    partial.replace(out)
    return out


def main(layout: Layout = PROJECT) -> int:
    import sys

    try:
        written = archive(layout)
    except BuildFailed as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    digest = hashlib.sha256(written.read_bytes()).hexdigest()
    print(f"wrote {written} ({written.stat().st_size / 1e6:.1f} MB, sha256 {digest})")
    return 0
