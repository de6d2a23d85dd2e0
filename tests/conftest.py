"""Shared fixtures. Data tests read the raw files through ``pairing.data.sources``: from the mirror
named by ``PAIRING_DATA_MIRROR`` (as CI does) or from the user cache after a verified download."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pairing import data, paths
from pairing.data import panel, sources
from pairing.paths import RAW_REGISTRY


#: Set by ``make test``: what the built-site and browser tests need was made or installed first, so
#: a missing site or browser is a failure there, not a skip (a bare ``pytest`` skips them and says why).
REQUIRE_SITE = "PAIRING_REQUIRE_SITE"


def needs(present: bool, what: str):
    """A mark that skips a test when ``what`` is missing, or fails it when ``make test`` ran it."""
    if not present and os.environ.get(REQUIRE_SITE):
        pytest.fail(f"{what} is missing, and make test ({REQUIRE_SITE}) needs it", pytrace=False)
    return pytest.mark.skipif(not present, reason=f"{what} is missing: make test builds or installs it")


def pytest_collection_modifyitems(items):
    """The tests that build a book in this process run first. sphinx-external-toc finds Sphinx's
    toc collector by testing every object on the heap, and fails on a dead weak proxy; the event-study
    tests leave some behind (wildboottest compiles with numba, whose compiled modules keep them)."""
    items.sort(key=lambda item: item.module.__name__ != "test_site_build")


#: The built book: the chapters' records of what they published, which the catalogue, the ledger and
#: the findings read, are those of its build.
BUILT = needs((paths.SITE / "index.html").exists(), "the built book (_build/html)")


@pytest.fixture
def book_style():
    """The book's figure style for a test that draws (``pytestmark = pytest.mark.usefixtures("book_style")``),
    and no figure left open after it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from pairing.figures import plots

    plots.set_style()
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def tables() -> panel.Tables:
    return panel.build_tables()


@pytest.fixture(scope="session")
def hubei(tables) -> pd.DataFrame:
    return data.load_hubei_cases()


@pytest.fixture(scope="module")  # a test may change its copy: one per module
def resources() -> pd.DataFrame:
    return data.load_health_resources()


@pytest.fixture(scope="module")
def cities() -> pd.DataFrame:
    return data.load_cities()


class Mirror:
    """A private mirror of the registered raw files whose contents a test may change."""

    def __init__(self, root: Path):
        self.root = root
        self.registry_path = root / "raw_files.csv"
        self.registry = pd.read_csv(RAW_REGISTRY, dtype=str)
        for name in self.registry["name"]:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(sources.fetch(name))
        self.registry.to_csv(self.registry_path, index=False)

    def path(self, name: str) -> Path:
        return self.root / name

    def rewrite(self, name: str, text: str, update_hash: bool = True) -> None:
        """Replace a file's text; with ``update_hash`` the registry follows, so the file passes
        the hash check and the rules inside the file are what is tested."""
        target = self.path(name)
        target.unlink()
        target.write_text(text, encoding="utf-8")
        if update_hash:
            self.registry.loc[self.registry["name"] == name, "sha256"] = sources.sha256(target)
            self.registry.to_csv(self.registry_path, index=False)
            sources._registry.cache_clear()

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")


@pytest.fixture
def mirror(tmp_path, monkeypatch) -> Mirror:
    # Resolve the real files before pointing the project at the private mirror.
    private = Mirror(tmp_path / "mirror")
    monkeypatch.setenv(sources.MIRROR_VARIABLE, str(private.root))
    monkeypatch.setattr(paths, "RAW_REGISTRY", private.registry_path)
    yield private
    sources._registry.cache_clear()


@pytest.fixture
def copy_of_curated(tmp_path, monkeypatch):
    """A private copy of ``data/curated`` that ``pairing.data`` and ``pairing.data.panel`` read."""
    from pairing import paths

    folder = tmp_path / "curated"
    shutil.copytree(paths.CURATED, folder)
    monkeypatch.setattr(paths, "CURATED", folder)
    return folder
