"""``source.zip``: the site offers the files it was built from, so that it can be built again from
the site alone (a reader's finding: it could not), and a book built from that zip offers the same zip."""

from __future__ import annotations

import os
import subprocess
import zipfile

import pytest

from conftest import BUILT
from pairing.book import source
from pairing.paths import ROOT, SITE

DAY = "2026-12-07"


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "src" / "code.py").write_text("print('hi')\n")
    (root / "run").write_text("#!/bin/sh\n")
    (root / "run").chmod(0o755)
    (root / ".gitignore").write_text("_build/\n")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    (root / "_build").mkdir()
    (root / "_build" / "page.html").write_text("built")  # ignored: not a source
    (root / "new.md").write_text("a chapter not yet committed\n")  # untracked: a source
    return root


def test_the_zip_holds_what_git_would_commit_under_one_folder_with_its_listing(project, tmp_path):
    target = tmp_path / "site" / source.NAME
    assert source.write_source_zip(project, target, DAY)
    with zipfile.ZipFile(target) as zipped:
        names = zipped.namelist()
        assert names == [f"{source.FOLDER}/{name}" for name in [".gitignore", "new.md", "run", "src/code.py"]] + [
            f"{source.FOLDER}/{source.LISTING}"]
        assert zipped.read(f"{source.FOLDER}/{source.LISTING}").decode().split() == [".gitignore", "new.md", "run",
                                                                                       "src/code.py"]
        modes = {info.filename: info.external_attr >> 16 for info in zipped.infolist()}
        assert modes[f"{source.FOLDER}/run"] == 0o755 and modes[f"{source.FOLDER}/src/code.py"] == 0o644
        assert {info.date_time for info in zipped.infolist()} == {(2026, 12, 7, 0, 0, 0)}
    first = target.read_bytes()
    assert source.write_source_zip(project, target, DAY) and target.read_bytes() == first  # byte for byte


def test_a_book_built_from_the_zip_offers_the_same_zip_and_without_either_none(project, tmp_path):
    target = tmp_path / "first.zip"
    source.write_source_zip(project, target, DAY)
    with zipfile.ZipFile(target) as zipped:
        zipped.extractall(tmp_path / "unzipped")
    unzipped = tmp_path / "unzipped" / source.FOLDER
    (unzipped / "run").chmod(0o755)  # as unzip restores it (Python's extractall does not)
    (unzipped / "scratch.txt").write_text("made after unzipping: not a source")
    assert source.source_files(unzipped) == [".gitignore", "new.md", "run", "src/code.py"]
    again = tmp_path / "again.zip"
    assert source.write_source_zip(unzipped, again, DAY) and again.read_bytes() == target.read_bytes()
    (unzipped / source.LISTING).unlink()
    assert source.source_files(unzipped) is None
    assert not source.write_source_zip(unzipped, tmp_path / "none.zip", DAY) and not (tmp_path / "none.zip").exists()


@BUILT
def test_the_built_site_offers_the_project_s_sources_and_no_raw_data():
    with zipfile.ZipFile(SITE / source.NAME) as zipped:
        names = {name.removeprefix(f"{source.FOLDER}/") for name in zipped.namelist()}
        listed = zipped.read(f"{source.FOLDER}/{source.LISTING}").decode().split()
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True).stdout.split()
    assert set(listed) == names - {source.LISTING}
    assert {name for name in tracked if (ROOT / name).exists()} <= names
    assert {"Makefile", "requirements.txt", "src/pairing/book/source.py", "notebooks/04_turning_point.md"} <= names
    assert not [name for name in names if name.split("/")[0] in {"_build", ".venv", "dist", "scratch"}
                or name.startswith("data/raw/") or "__pycache__" in name]
    assert os.path.getsize(SITE / source.NAME) < 5_000_000
