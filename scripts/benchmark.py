"""Measure how fast the book installs, builds and loads, against a skeleton of itself.

    .venv/bin/python scripts/benchmark.py [--skip-install] [--write-readme]

Not a test: timings depend on the machine. It reports

* fresh install: a new virtual environment and ``pip install -r requirements.txt`` (with whatever
  pip cache the machine has; the report says which);
* data build: ``python -m pairing data`` (raw files to tidy tables);
* clean build: ``python -m pairing book`` (what ``make book`` runs) after removing ``_build`` (every
  chapter executed);
* no-op rebuild: the same command again, nothing changed (the raw files' hashes still checked);
* one-table edit: a row of a curated table that one chapter reads changed, then the rebuild timed
  (only that chapter should run again; the pages that gather the chapters are read again, without a kernel);
* a skeleton book built clean in the same run (three times, the median counts): the same pages,
  each code cell replaced by ``pass`` and each text cell by a line, without the project's Sphinx
  hook, so that clean build ÷ skeleton build is the cost of the book's own code and data;
* page weight: every HTML page opened in chromium from 127.0.0.1, summing every response.

It rebuilds this checkout's ``_build`` (run it after committing, like ``make test`` does).
With ``--write-readme`` the results replace the "Speed" table in ``README.md``, and the chapters' kernel
seconds are recorded for the build to start the longest first (``notebooks/execution_seconds.json``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import jupytext
import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BOOK = [str(BIN / "jupyter-book")]  # the skeleton is built with jupyter-book itself
PROJECT_BOOK = [sys.executable, "-m", "pairing", "book"]
SITE = ROOT / "_build" / "html"
TARGETS = {"ratio": 5.0, "one_table": 0.3, "noop_s": 3.0, "median_mb": 1.5, "max_mb": 6.0}
#: The one-table edit: a curated table that one chapter reads (the article's US comparison, read by
#: the coordination chapter only), changed in a way the build accepts, then put back.
ONE_TABLE = ROOT / "data" / "curated" / "par_us_comparison.csv"
SKELETON_RUNS = 3
README_START, README_END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"


def timed(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> float:
    """Seconds ``command`` took; stops the benchmark if it fails."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"benchmark: {' '.join(command)} failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def fresh_install() -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder) / "venv"
        cache = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True).stdout.strip()
        warm = bool(cache) and Path(cache).exists() and any(Path(cache).rglob("*"))
        seconds = timed([sys.executable, "-m", "venv", str(venv)])
        seconds += timed([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                          "-r", "requirements.txt"])
    return seconds, "warm pip cache" if warm else "cold pip cache"


def skeleton(folder: Path) -> None:
    """The book's pages with trivial content: same table of contents, same number of cells."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"].pop("extra_extensions", None)
    # What needs the project's extensions, templates and assets: its bibliography style, the footer's
    # edition, its style sheet and script.
    for option in ("bibtex_reference_style", "bibtex_default_style", "templates_path", "html_static_path",
                   "html_css_files", "html_js_files"):
        config["sphinx"]["config"].pop(option, None)
    config["sphinx"]["config"].get("html_theme_options", {}).pop("footer_content_items", None)
    config["sphinx"]["config"].pop("html_extra_path", None)
    config["html"].pop("favicon", None)
    (folder / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    shutil.copy(ROOT / "_toc.yml", folder)
    shutil.copy(ROOT / "references.bib", folder)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"], *(c["file"] for part in toc["parts"] for c in part["chapters"])]
    for page in pages:
        notebook = jupytext.read(ROOT / f"{page}.md", fmt="myst")
        title = next(line for cell in notebook.cells if cell.cell_type == "markdown"
                     for line in cell.source.splitlines() if line.startswith("# "))
        target = folder / f"{page}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        if "kernelspec" not in notebook.metadata:  # a plain Markdown page
            text_cells = sum(cell.cell_type == "markdown" for cell in notebook.cells)
            target.write_text(title + "\n\n" + "A paragraph.\n\n" * text_cells, encoding="utf-8")
            continue
        trivial = nbformat.v4.new_notebook(metadata=notebook.metadata)
        trivial.cells = [nbformat.v4.new_markdown_cell(title)] + [
            nbformat.v4.new_code_cell("pass") if cell.cell_type == "code" else nbformat.v4.new_markdown_cell("A paragraph.")
            for cell in notebook.cells]
        jupytext.write(trivial, target, fmt="md:myst")


def chapter_execution() -> dict[str, float]:
    """Seconds each notebook's kernel took in the last clean build (the pages that gather the
    chapters' results run no kernel)."""
    from jupyter_cache import get_cache

    records = get_cache(ROOT / "_build" / ".jupyter_cache").list_cache_records()
    return {Path(r.uri).relative_to(ROOT).with_suffix("").as_posix(): r.data["execution_seconds"] for r in records}


def write_execution_seconds(execution: dict[str, float]) -> None:
    """Record the kernels' seconds where the build reads them to start the longest first
    (:data:`pairing.book.sphinx_ext.EXECUTION_SECONDS`)."""
    from pairing.book.sphinx_ext import EXECUTION_SECONDS

    EXECUTION_SECONDS.write_text(json.dumps({name: round(seconds, 1) for name, seconds in sorted(execution.items())},
                                            indent=1) + "\n", encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def page_weights() -> dict[str, int]:
    """Bytes each page loads in chromium (HTML, scripts, styles, fonts, images), served locally."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    weights = {}
    pages = sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts and p.name != "index.html"
                   and p.name not in ("search.html", "genindex.html"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
            for path in pages:
                context = browser.new_context()  # empty cache: every page as a first visit
                page = context.new_page()
                sizes = []
                page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
                page.goto(f"http://127.0.0.1:{server.server_port}/{path.relative_to(SITE).as_posix()}",
                          wait_until="networkidle")
                weights[path.relative_to(SITE).as_posix()] = sum(sizes)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return weights


def report(results: dict) -> str:
    ratio = results["clean_s"] / results["skeleton_s"]
    weights = results["weights"]
    median_mb = statistics.median(weights.values()) / 1e6
    largest = sorted(weights.items(), key=lambda item: -item[1])[:3]
    ok = lambda passed: "meets the target" if passed else "**misses the target**"  # noqa: E731
    rows = [
        ("fresh install (new venv, `pip install -r requirements.txt`)",
         f"{results['install_s']:.0f} s ({results['install_cache']})" if "install_s" in results else "not measured"),
        ("data build (`python -m pairing data`)", f"{results['data_s']:.1f} s"),
        ("clean build (`python -m pairing book` after removing `_build`, every chapter executed)", f"{results['clean_s']:.0f} s"),
        ("… the chapters' kernels (cached notebooks, run in parallel: seconds summed over kernels)",
         f"{sum(results['execution'].values()):.0f} s; slowest: " + ", ".join(
             f"`{name}` {sec:.0f} s" for name, sec in sorted(results["execution"].items(), key=lambda i: -i[1])[:3])),
        ("skeleton book, clean build (same pages, trivial cells)",
         f"{results['skeleton_s']:.0f} s (median of {len(results['skeleton_runs'])} runs: "
         + ", ".join(f"{r:.0f}" for r in results["skeleton_runs"]) + " s)"),
        ("clean build ÷ skeleton", f"{ratio:.1f}× (target ≤ {TARGETS['ratio']}×: {ok(ratio <= TARGETS['ratio'])})"),
        ("after editing one curated table that one chapter reads",
         f"{results['one_table_s']:.0f} s = {results['one_table_s'] / results['clean_s']:.2f}× the clean build (target ≤ "
         f"{TARGETS['one_table']}×: {ok(results['one_table_s'] / results['clean_s'] <= TARGETS['one_table'])})"),
        ("no-op rebuild (`make book`, nothing changed)",
         f"{results['noop_s']:.1f} s (target ≤ {TARGETS['noop_s']:.0f} s: {ok(results['noop_s'] <= TARGETS['noop_s'])})"),
        ("median page weight (HTML + everything it loads, first visit)",
         f"{median_mb:.2f} MB (target ≤ {TARGETS['median_mb']} MB: {ok(median_mb <= TARGETS['median_mb'])})"),
        ("largest pages", "; ".join(f"`{name}` {size / 1e6:.2f} MB" for name, size in largest)
         + f" (target none > {TARGETS['max_mb']:.0f} MB: {ok(largest[0][1] / 1e6 <= TARGETS['max_mb'])})"),
    ]
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {date.today():%Y-%m-%d}"
    lines = [f"Measured by `scripts/benchmark.py` ({machine}):", "", "| step | result |", "|---|---|"]
    lines += [f"| {step} | {value} |" for step, value in rows]
    return "\n".join(lines)


def write_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        sys.exit(f"benchmark: README.md has no {README_START} … {README_END} section to replace")
    readme.write_text(pattern.sub(lambda _: f"{README_START}\n{table}\n{README_END}", text), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-install", action="store_true", help="do not time a fresh install")
    parser.add_argument("--write-readme", action="store_true", help="replace the Speed table in README.md")
    args = parser.parse_args()
    results = {}
    if not args.skip_install:
        results["install_s"], results["install_cache"] = fresh_install()
    with tempfile.TemporaryDirectory() as folder:
        results["data_s"] = timed([sys.executable, "-m", "pairing", "data", "--out", folder])
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    results["clean_s"] = timed(PROJECT_BOOK)
    results["execution"] = chapter_execution()
    results["noop_s"] = timed(PROJECT_BOOK)
    original = ONE_TABLE.read_text(encoding="utf-8")
    try:
        ONE_TABLE.write_text(original.replace("weeks passed before there was a response",
                                              "weeks passed before there was any response", 1), encoding="utf-8")
        results["one_table_s"] = timed(PROJECT_BOOK)
    finally:
        ONE_TABLE.write_text(original, encoding="utf-8")
    timed(PROJECT_BOOK)  # the site again as the sources are
    runs = []
    for _ in range(SKELETON_RUNS):  # cheap and noisy on a shared machine: take the median
        with tempfile.TemporaryDirectory() as folder:
            skeleton(Path(folder))
            runs.append(timed(BOOK + ["build", folder, "-W", "--keep-going"]))
    results["skeleton_s"], results["skeleton_runs"] = statistics.median(runs), runs
    results["weights"] = page_weights()
    table = report(results)
    print(table)
    if args.write_readme:
        write_readme(table)
        write_execution_seconds(results["execution"])


if __name__ == "__main__":
    main()
