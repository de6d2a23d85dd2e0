"""Raw files come only through the registry, verified by sha256, from a mirror or a download."""

from __future__ import annotations

import functools
import http.server
import threading

import pandas as pd
import pytest

from pairing import paths
from pairing.data import sources
from pairing.errors import RawFileError
from pairing.paths import RAW_REGISTRY

FIRST_FILE = sources.canghailan_name("2020-01-23")


def test_registry_pins_every_file_to_a_commit_and_hash():
    registry = pd.read_csv(RAW_REGISTRY, dtype=str)
    assert registry["name"].is_unique
    assert registry["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert registry["commit"].str.fullmatch(r"[0-9a-f]{40}").all()
    assert (registry.apply(lambda r: r["commit"] in r["url"], axis=1)).all(), "each URL must name its pinned commit"
    dates = registry["name"].str.extract(r"Data/(\d{4}-\d{2}-\d{2})\.csv")[0].dropna()
    assert list(pd.to_datetime(dates)) == list(pd.date_range("2020-01-20", "2020-05-01"))
    assert sources.DXY_NAME in set(registry["name"])


def test_fetch_returns_a_verified_file():
    path = sources.fetch(FIRST_FILE)
    assert sources.sha256(path) == sources.registry().at[FIRST_FILE, "sha256"]


def test_unregistered_file_is_refused():
    with pytest.raises(RawFileError, match="listed in the registry"):
        sources.fetch("canghailan-wuhan-2019-ncov/Data/2021-01-01.csv")


def test_missing_file_in_mirror_names_the_file(mirror):
    mirror.path(FIRST_FILE).unlink()
    with pytest.raises(RawFileError, match=r"2020-01-23\.csv.*must exist in the mirror"):
        sources.fetch(FIRST_FILE)


def test_wrong_hash_names_the_file_and_both_hashes(mirror):
    expected = sources.registry().at[FIRST_FILE, "sha256"]
    mirror.rewrite(FIRST_FILE, mirror.text(FIRST_FILE) + "\n", update_hash=False)
    with pytest.raises(RawFileError) as caught:
        sources.fetch(FIRST_FILE)
    message = str(caught.value)
    assert "2020-01-23.csv" in message and expected in message
    assert sources.sha256(mirror.path(FIRST_FILE)) in message


def test_truncated_file_fails_the_hash_check(mirror):
    text = mirror.text(FIRST_FILE)
    mirror.rewrite(FIRST_FILE, text[: len(text) // 2], update_hash=False)
    with pytest.raises(RawFileError, match="sha256 must match"):
        sources.fetch(FIRST_FILE)


@pytest.fixture
def local_server(tmp_path):
    """Serve a folder on 127.0.0.1: the download path, exercised without leaving the machine."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _use_registry(tmp_path, monkeypatch, url: str, sha: str) -> None:
    """Point the project at a one-file registry and no mirror, so ``fetch`` downloads."""
    path = tmp_path / "registry.csv"
    pd.DataFrame([dict(name="x/file.csv", source="test", repo="r", commit="0" * 40, sha256=sha,
                       size_bytes="0", licence="MIT", url=url)]).to_csv(path, index=False)
    monkeypatch.setattr(paths, "RAW_REGISTRY", path)
    monkeypatch.delenv(sources.MIRROR_VARIABLE, raising=False)
    monkeypatch.setenv("PAIRING_CACHE", str(tmp_path / "cache"))


def test_download_without_mirror_is_verified_and_cached(tmp_path, monkeypatch, local_server):
    folder, base = local_server
    (folder / "file.csv").write_text("a,b\n1,2\n")
    _use_registry(tmp_path, monkeypatch, f"{base}/file.csv", sources.sha256(folder / "file.csv"))
    path = sources.fetch("x/file.csv")
    assert path.read_text() == "a,b\n1,2\n" and str(path).startswith(str(tmp_path / "cache"))


def test_download_with_wrong_hash_is_an_error(tmp_path, monkeypatch, local_server):
    folder, base = local_server
    (folder / "file.csv").write_text("a,b\n1,2\n")
    _use_registry(tmp_path, monkeypatch, f"{base}/file.csv", "f" * 64)
    with pytest.raises(RawFileError, match="file.csv.*sha256 must match"):
        sources.fetch("x/file.csv")


def test_unreachable_url_names_the_file_and_the_mirror_variable(tmp_path, monkeypatch, local_server):
    _, base = local_server
    _use_registry(tmp_path, monkeypatch, f"{base}/absent.csv", "f" * 64)
    with pytest.raises(RawFileError, match=f"x/file.csv.*downloadable.*{sources.MIRROR_VARIABLE}"):
        sources.fetch("x/file.csv")
