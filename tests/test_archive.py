"""``python -m pairing archive``: the deposit of a built site, whole, checked and the same each time."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from conftest import needs
from pairing.book import archive
from pairing.paths import ROOT
from pairing.book.site import BuildFailed, Layout

SITE = ROOT / "_build" / "html"


def _built(tmp_path, commit="abc1234", page='<a href="../data/x.csv">x</a>') -> Layout:
    layout = Layout(tmp_path)
    html = layout.builds / "20261203-090000" / "html"
    (html / "book").mkdir(parents=True)
    (html / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/intro.html" />')
    (html / "book" / "intro.html").write_text(page)
    (html / "CITATION.cff").write_text(f"version: 1.2.3\ncommit: {commit}\n")
    (html / "build.json").write_text(json.dumps({"version": "1.2.3", "commit": commit, "built": "2026-12-03"}))
    layout.site.symlink_to(html.relative_to(layout.build), target_is_directory=True)
    return layout


def test_the_archive_holds_the_site_its_citation_file_and_checksums_and_is_the_same_each_time(tmp_path):
    layout = _built(tmp_path)
    first = archive.archive(layout)
    assert first == tmp_path / "dist" / "pairing-book-1.2.3.zip"
    content = first.read_bytes()
    assert archive.archive(layout).read_bytes() == content  # byte for byte
    with zipfile.ZipFile(first) as zipped:
        names = zipped.namelist()
        assert names == sorted(n for n in names if not n.endswith("SHA256SUMS")) + ["pairing-book-1.2.3/SHA256SUMS"]
        assert {"pairing-book-1.2.3/index.html", "pairing-book-1.2.3/CITATION.cff"} <= set(names)
        sums = zipped.read("pairing-book-1.2.3/SHA256SUMS").decode().splitlines()
        assert len(sums) == len(names) - 1
        for line in sums:
            digest, name = line.split("  ")
            assert hashlib.sha256(zipped.read(f"pairing-book-1.2.3/{name}")).hexdigest() == digest
    assert not list((tmp_path / "dist").glob("*.partial"))


@pytest.mark.parametrize("commit, page, says", [
    ("abc1234 with uncommitted changes", "", "not from a commit"),
    ("unknown", "", "not from a commit"),
    ("abc1234", '<img src="/home/me/fig.png">', "book/intro.html: /home/me/fig.png"),
    ("abc1234", '<a href="file:///tmp/x.html">', "file:///tmp/x.html"),
])
def test_a_site_that_cannot_be_deposited_is_refused_and_nothing_written(tmp_path, commit, page, says):
    with pytest.raises(BuildFailed, match=says.replace(".", r"\.")):
        archive.archive(_built(tmp_path, commit, page))
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_no_site_no_archive(tmp_path):
    with pytest.raises(BuildFailed, match="make book"):
        archive.archive(Layout(tmp_path))


@needs((SITE / "index.html").exists(), "the built book (_build/html)")
def test_the_built_site_opens_from_any_folder():
    assert archive.portability_problems(SITE) == []
