"""The build publishes only what fully succeeded: tried on a small book with the same machinery
(pairing.book.site), so that each failure of the past is a test that runs in seconds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from pairing import paths
from pairing.book import site
from pairing.errors import DataError

CONFIG = """title: A small book
author: Tests
only_build_toc_files: true
exclude_patterns: [_build]
execute:
  execute_notebooks: "off"
html:
  use_repository_button: false
"""
TOC = """format: jb-book
root: intro
chapters:
  - file: chapter
"""


def write_book(root, chapter_text="(sec-chapter)=\n# Chapter\n\nThe chapter says {n}.\n", n=1):
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(CONFIG)
    (root / "_toc.yml").write_text(TOC)
    (root / "intro.md").write_text("# Intro\n\nSee {ref}`sec-chapter`.\n")
    (root / "chapter.md").write_text(chapter_text.format(n=n))


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A small book, and the environment a build changes put back afterwards."""
    monkeypatch.setenv(paths.EXPORTS_VARIABLE, str(paths.EXPORTS))
    monkeypatch.setenv("IPYTHONDIR", os.environ.get("IPYTHONDIR", str(tmp_path / "ipython")))
    monkeypatch.setattr(paths, "EXPORTS", paths.EXPORTS)
    monkeypatch.setattr(paths, "FIGURES", paths.FIGURES)
    monkeypatch.setattr(paths, "TABLES", paths.TABLES)
    root = tmp_path / "book"
    write_book(root)
    return site.Layout(root)


def pages(layout: site.Layout) -> dict[str, str]:
    # Sphinx adds a cache-busting "?v=<checksum>" to an asset link only when the asset is already in
    # the output folder, so a clean and an incremental build differ there and nowhere else.
    return {p.relative_to(layout.site).as_posix(): re.sub(r"\?v=[0-9a-f]+", "", p.read_text())
            for p in layout.site.rglob("*.html")}


def build(layout):
    return site.build(layout, inputs=False)


def test_a_good_build_is_published_behind_a_link(book):
    final = build(book)
    assert book.site.is_symlink() and book.site.resolve() == final / "html"
    assert "The chapter says 1." in (book.site / "chapter.html").read_text()
    assert not (book.builds / site.STAGING).exists()


def test_a_failed_build_leaves_the_site_and_fails_again_until_fixed(book):
    build(book)
    before = pages(book)
    (book.root / "intro.md").write_text("# Intro\n\nSee {ref}`sec-nowhere`.\n")  # a broken reference
    for _ in range(2):  # the second build must not pass on what the first left behind
        with pytest.raises(site.BuildFailed, match="warnings"):
            build(book)
        assert pages(book) == before
    write_book(book.root, n=2)
    build(book)
    assert "The chapter says 2." in (book.site / "chapter.html").read_text()


def test_an_interrupted_build_changes_nothing_and_the_next_equals_a_clean_build(book, monkeypatch, tmp_path):
    build(book)
    before = pages(book)
    write_book(book.root, n=3)
    import jupyter_book.sphinx

    def killed(*args, **kwargs):  # writes part of a page, then is stopped
        (args[1]).mkdir(parents=True, exist_ok=True)
        (args[1] / "chapter.html").write_text("half a page")
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(jupyter_book.sphinx, "build_sphinx", killed)
        with pytest.raises(KeyboardInterrupt):
            build(book)
    assert pages(book) == before
    # A build killed outright (SIGKILL) leaves its staging folder: the next build starts afresh anyway.
    (book.builds / site.STAGING / "html").mkdir(parents=True)
    (book.builds / site.STAGING / "html" / "chapter.html").write_text("left by a killed build")
    build(book)
    clean = site.Layout(tmp_path / "clean")
    write_book(clean.root, n=3)
    build(clean)
    assert pages(book) == pages(clean)


def test_a_build_with_nothing_new_to_do_keeps_the_last_good_build(book):
    first = build(book)
    assert build(book) == first  # nothing changed: no new build
    (book.root / "intro.md").write_text("# Intro\n\nSee {ref}`sec-chapter` again.\n")
    second = build(book)
    assert second != first and "again" in (book.site / "intro.html").read_text()


def test_a_build_with_nothing_new_to_do_checks_only_the_raw_files_hashes(book, monkeypatch):
    from pairing.data import checks, sources
    from pairing.errors import RawFileError

    full, hashes = [], []
    monkeypatch.setattr(checks, "check", lambda: full.append(1) or [])
    monkeypatch.setattr(sources, "check_files", lambda: hashes.append(1) or [])
    first = site.build(book)
    assert (len(full), len(hashes)) == (1, 0)
    # The project's files are those the last good build checked: only the raw files outside it can differ.
    assert site.build(book) == first and (len(full), len(hashes)) == (1, 1)
    monkeypatch.setattr(sources, "check_files", lambda: [RawFileError("mirror/cases.csv", "the sha256 must be the pinned one")])
    with pytest.raises(site.BuildFailed, match="mirror/cases.csv: the sha256 must be the pinned one"):
        site.build(book)
    assert book.current() == first


def test_a_stray_notebook_beside_a_chapter_stops_the_build_before_anything_is_written(book):
    (book.root / "chapter.ipynb").write_text("{}")
    with pytest.raises(site.BuildFailed, match="chapter.ipynb: a stray notebook beside its chapter chapter.md"):
        build(book)
    assert not book.build.exists()


def test_a_hand_edited_cached_output_is_never_trusted(book):
    executed = book.cache / "executed" / "abc"
    executed.mkdir(parents=True)
    (executed / "base.ipynb").write_text('{"outputs": "2.57"}')
    book.build.mkdir(exist_ok=True)
    book.cache_manifest.write_text(json.dumps(site._cache_files(book)))
    assert site.check_cache(book) == ""
    (executed / "base.ipynb").write_text('{"outputs": "3.26"}')
    assert "edited outside a build" in site.check_cache(book)
    assert not book.cache.exists()


def test_an_execution_of_a_build_that_failed_is_not_reused(book, tmp_path):
    import nbformat
    from jupyter_cache import get_cache

    def executed(name: str, code: str) -> Path:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code, execution_count=1)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(notebook, path)
        return path

    cache = get_cache(book.cache)
    kept = cache.cache_notebook_file(str(executed("good", "1 + 1")), uri="chapter_good.md", check_validity=False)
    book.build.mkdir(exist_ok=True)
    book.cache_manifest.write_text(json.dumps(site._cache_files(book)))  # as the last good build recorded it
    # A later build ran a chapter, then failed: its execution stayed, its record of the run did not.
    cache.cache_notebook_file(str(executed("failed", "2 + 2")), uri="chapter_failed.md", check_validity=False)
    assert site.check_cache(book) == "executions of a build that did not succeed dropped (chapter_failed): they run again"
    assert [record.pk for record in get_cache(book.cache).list_cache_records()] == [kept.pk]
    assert site.check_cache(book) == ""


def test_no_schema_the_build_validates_asks_for_the_iri_format_it_leaves_unchecked():
    """site.build and its kernels keep jsonschema from importing rfc3987_syntax (3 s in each),
    which only checks the "iri" formats: safe while no schema of Jupyter Book, its config, nbformat,
    myst-nb or jupyter-cache uses them."""
    import importlib

    for package in ("jupyter_book", "nbformat", "jupyter_cache", "myst_nb", "sphinx_book_theme"):
        folder = Path(importlib.import_module(package).__file__).parent
        for schema in [*folder.rglob("*.json"), *folder.rglob("*.py")]:
            assert not re.search(r'"format"\s*:\s*"iri', schema.read_text(encoding="utf-8", errors="replace")), schema


def test_a_kernel_of_the_build_imports_jsonschema_without_the_iri_grammar(tmp_path):
    from jupyter_client.manager import start_new_kernel

    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    (profile / "ipython_kernel_config.py").write_text(site.KERNEL_CONFIG)
    manager, client = start_new_kernel(env={**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")})
    try:
        shown = []
        client.execute_interactive("import sys, jsonschema; print(repr(sys.modules.get('rfc3987_syntax', 'absent')))",
                                   output_hook=lambda message: shown.append(message["content"].get("text", "")),
                                   timeout=60)
        assert "".join(shown).strip() == "None"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_the_reason_of_a_failure_is_the_data_error_at_its_root():
    try:
        try:
            raise DataError("data/curated/pairings.csv", "city_adcode is a Hubei division", rows=[7])
        except DataError as error:
            raise RuntimeError("Handler threw an exception") from error
    except RuntimeError as outer:
        assert site.reason(outer) == "DataError: data/curated/pairings.csv line 7: city_adcode is a Hubei division"
    assert "warnings" in site.reason(1)


def test_a_notebook_run_by_hand_writes_its_figures_to_scratch_not_to_the_site(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != paths.EXPORTS_VARIABLE}
    code = ("import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt; import pandas as pd; "
            "from pairing import paths; from pairing.figures import plots; fig, ax = plt.subplots(figsize=(3, 2)); "
            "plots.save_figure(fig, 'by-hand-test', pd.DataFrame({'x': [1]})); print(paths.FIGURES)")
    before = {p: p.stat().st_mtime for p in (paths.ROOT / "_build").rglob("*")} if (paths.ROOT / "_build").exists() else {}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    try:
        assert out.strip() == str(paths.SCRATCH / "figures")
        assert (paths.SCRATCH / "figures" / "by-hand-test.svg").exists()
        after = {p: p.stat().st_mtime for p in (paths.ROOT / "_build").rglob("*")} if (paths.ROOT / "_build").exists() else {}
        assert after == before
    finally:
        for file in (paths.SCRATCH / "figures").rglob("by-hand-test*"):
            file.unlink()


def test_a_chapter_is_stale_exactly_when_something_it_used_changed(tmp_path, monkeypatch):
    from pairing.data import usage

    table, other = tmp_path / "table.csv", tmp_path / "other.csv"
    table.write_text("a\n1\n")
    other.write_text("b\n2\n")
    monkeypatch.setenv(paths.EXPORTS_VARIABLE, str(tmp_path / "build" / "exports"))
    monkeypatch.setattr(usage, "_files", set())
    monkeypatch.setattr(usage, "_chapter", None)
    usage.track("notebooks/01_the_data.md")
    usage.used(table)
    written = usage.write()
    assert written == tmp_path / "build" / "usage" / "01_the_data.json"
    recorded = json.loads(written.read_text())["inputs"]
    assert table.as_posix() in recorded and "src/pairing/data/usage.py" in recorded  # the modules it imported
    assert usage.stale(written.parent) == {}
    other.write_text("b\n3\n")  # a file the chapter did not read
    assert usage.stale(written.parent) == {}
    table.write_text("a\n2\n")
    assert usage.stale(written.parent) == {"notebooks/01_the_data.md": [table.as_posix()]}
    # A chapter renamed or removed since it ran has nothing to rerun, and its record goes.
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    assert usage.stale(written.parent) == {} and not written.exists()


def test_the_tidy_tables_are_written_again_exactly_when_a_file_they_read_changed(tmp_path, monkeypatch):
    """The build records what the case panel read (pairing.data.usage.reads) with the data layer's
    modules, and writes the tables again only when one of them changed: not for every curated table."""
    from pairing.book import sphinx_ext
    from pairing.data import panel, usage

    table, other = tmp_path / "read.csv", tmp_path / "other.csv"
    table.write_text("a\n1\n")
    other.write_text("b\n2\n")
    monkeypatch.setattr(paths, "TABLES", tmp_path / "data")
    monkeypatch.setattr(usage, "_files", {other})  # read earlier in the process: not the panel's
    builds = []

    def build_tables():
        builds.append(1)
        usage.used(table)
        return SimpleNamespace(write=lambda folder: [(folder / name).parent.mkdir(exist_ok=True) or
                                                     (folder / name).write_text("x") for name in ("cases_daily.csv", "case_flags.csv")])

    monkeypatch.setattr(panel, "build_tables", build_tables)
    record = tmp_path / "tables.json"
    sphinx_ext._write_tables(record)
    inputs = json.loads(record.read_text())
    assert table.as_posix() in inputs and other.as_posix() not in inputs and "src/pairing/data/panel.py" in inputs
    assert usage._files == {other, table.resolve()}  # the process's own record keeps both
    sphinx_ext._write_tables(record)
    other.write_text("b\n3\n")
    sphinx_ext._write_tables(record)
    assert len(builds) == 1, "nothing the tables read changed"
    table.write_text("a\n2\n")
    sphinx_ext._write_tables(record)
    assert len(builds) == 2
    (tmp_path / "data" / "case_flags.csv").unlink()
    sphinx_ext._write_tables(record)
    assert len(builds) == 3, "a table missing is written again"


def test_each_chapter_of_the_built_book_recorded_the_tables_it_read():
    records = paths.ROOT / "_build" / "html"
    if not records.is_symlink():
        pytest.skip("the book is not built: build it first (make test does)")
    usage_folder = records.resolve().parent / "usage"
    inputs = {path.stem: json.loads(path.read_text())["inputs"] for path in usage_folder.glob("*.json")}
    assert {"01_the_data", "04_turning_point", "03_pairing", "05_coordination", "02_personnel",
            "reproducibility"} <= set(inputs)
    assert "data/curated/health_resources.csv" in inputs["02_personnel"]
    assert "data/curated/health_resources.csv" not in inputs["05_coordination"]
    assert "data/curated/par_interactions.csv" in inputs["05_coordination"]
    assert "data/curated/par_interactions.csv" not in inputs["04_turning_point"]
    assert "data/raw_files.csv" in inputs["01_the_data"]


def test_a_one_table_edit_reruns_only_the_chapter_that_read_it():
    """On the real book: change a row of a table only the coordination chapter reads, rebuild, and
    only that chapter runs again (no other page starts a kernel: the pages that gather the chapters
    have none); then put it back."""
    site_link = paths.ROOT / "_build" / "html"
    if not site_link.is_symlink():
        pytest.skip("the book is not built: build it first (make test does)")
    table = paths.ROOT / "data" / "curated" / "par_us_comparison.csv"
    original = table.read_text(encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in (paths.EXPORTS_VARIABLE, "IPYTHONDIR")}

    def rebuild() -> str:
        result = subprocess.run([sys.executable, "-m", "pairing", "book"], cwd=paths.ROOT, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout + result.stderr

    try:
        table.write_text(original.replace("weeks passed before there was a response",
                                          "weeks passed before there was any response", 1), encoding="utf-8")
        log = rebuild()
        assert re.findall(r"(\S+) runs again: (\S+) changed", log) == [
            ("notebooks/05_coordination.md", "data/curated/par_us_comparison.csv")]
        executed_in_sphinx = {Path(line.split(": Executing")[0]).relative_to(paths.ROOT).as_posix()
                              for line in log.splitlines() if ": Executing notebook" in line}
        assert executed_in_sphinx == set()
        assert "any response" in (site_link / "notebooks" / "05_coordination.html").read_text(encoding="utf-8")
    finally:
        table.write_text(original, encoding="utf-8")
        rebuild()
    assert "any response" not in (site_link / "notebooks" / "05_coordination.html").read_text(encoding="utf-8")


def test_a_cached_execution_without_a_record_or_made_in_another_folder_runs_again(tmp_path):
    # A chapter executed in a build that failed later keeps its cached execution, but the failed
    # build's records went with it: nothing would ever tell it that its inputs changed.
    from types import SimpleNamespace

    import jupytext
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from pairing.book import sphinx_ext

    cache = get_cache(tmp_path / "cache")
    for chapter in ("notebooks/01_the_data.md", "notebooks/02_personnel.md"):
        notebook = jupytext.read(paths.ROOT / chapter)
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(paths.ROOT / chapter)), check_validity=False)
    # One cached in a copy of the project elsewhere (a moved folder, a copied _build): it cannot be told
    # stale by its path, and the cache would match it by its code alone.
    elsewhere = tmp_path / "elsewhere" / "notebooks" / "03_pairing.md"
    cache.cache_notebook_bundle(CacheBundleIn(jupytext.read(paths.ROOT / "notebooks" / "03_pairing.md"), str(elsewhere)),
                                check_validity=False)
    records = tmp_path / "usage"
    records.mkdir()
    (records / "01_the_data.json").write_text(json.dumps({"chapter": "notebooks/01_the_data.md", "inputs": {}, "outputs": []}))
    # A record from before records listed what the chapter published is no record.
    (records / "02_personnel.json").write_text(json.dumps({"chapter": "notebooks/02_personnel.md", "inputs": {}}))
    app = SimpleNamespace(config=SimpleNamespace(nb_execution_cache_path=str(tmp_path / "cache")))
    assert sphinx_ext._forget_stale_chapters(app, records) == {"notebooks/02_personnel"}
    assert [Path(r.uri).name for r in cache.list_cache_records()] == ["01_the_data.md"]


def test_chapters_start_longest_first_and_unmeasured_ones_before_all():
    """On two cores, the longest chapter started last runs alone at the end of the build."""
    from pairing.book.sphinx_ext import longest_first

    seconds = {"a": 3.0, "b": 30.0, "c": 12.5}
    assert longest_first(["a", "b", "c", "new"], seconds) == ["new", "b", "c", "a"]


def test_pages_are_read_one_by_one_and_written_by_every_core():
    """The pages are read serially (the gathering pages read what the chapters wrote) and written in
    parallel: the switch is made once reading is done, so Sphinx never tries, and warns of, a parallel read."""
    from pairing.book import sphinx_ext

    app = SimpleNamespace(parallel=1)
    assert sphinx_ext._write_in_parallel(app, env=None) == []
    assert app.parallel == (os.cpu_count() or 1) + 1 > 1


def test_the_recorded_kernel_seconds_name_only_pages_that_run_a_kernel():
    """A renamed chapter would keep a stale record and lose its place in the order silently."""
    from pairing.book.sphinx_ext import EXECUTION_SECONDS
    from pairing.report import catalogue

    recorded = json.loads(EXECUTION_SECONDS.read_text(encoding="utf-8"))
    assert recorded and set(recorded) <= set(catalogue.notebooks())
    assert all(seconds > 0 for seconds in recorded.values())
