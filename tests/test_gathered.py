"""The pages that gather what the chapters published: no code of their own, every block and value
they ask for made from the chapters' tables, their sentences guarded."""

from __future__ import annotations

import re
from html import escape, unescape

import pytest

from conftest import BUILT
from pairing.book import gather
from pairing.paths import ROOT
from pairing.report import badges, catalogue, gathered, ledger
from pairing.report.prose import ProseError

BLOCK = re.compile(r"^```\{gathered\} (\S+)$", re.M)
VALUE = re.compile(r"\{gathered\}`([^`]+)`")


def gathering_pages() -> dict[str, str]:
    return {docname: text for docname in catalogue.pages()
            if gather.MARK in (text := (ROOT / f"{docname}.md").read_text(encoding="utf-8"))}


def test_the_gathering_pages_run_no_code_and_ask_only_for_blocks_that_exist():
    pages = gathering_pages()
    assert set(pages) == {"book/intro", "book/figures", "book/rerun", "notebooks/06_findings", "notebooks/07_claims_ledger"}
    for docname, text in pages.items():
        assert "```{code-cell}" not in text and "kernelspec" not in text, docname
        assert docname not in catalogue.notebooks()
        for name in BLOCK.findall(text):
            assert name in gathered.BLOCKS, (docname, name)
    with pytest.raises(KeyError, match="the blocks are key-findings"):
        gathered.block("no-such-block")


@BUILT
def test_every_value_a_page_quotes_is_made_from_the_chapters_tables():
    values = gathered.values()
    asked = {name for text in gathering_pages().values() for name in VALUE.findall(text)}
    assert asked and asked <= set(values)
    claims = ledger.read()
    assert values["n_claims"] == str(len(claims))
    assert int(values["n_letter"]) + int(values["n_article"]) == len(claims)
    assert values["method_draws"] == "9,999"


@BUILT
def test_a_findings_sentence_that_stops_holding_stops_the_page(monkeypatch):
    claims = ledger.read()
    timing = claims["statement"].str.startswith("The paired teams turned each city's epidemic")
    assert timing.sum() == 1
    claims.loc[timing, "verdict"] = "supported"  # the event study found the effect after all
    monkeypatch.setattr(ledger, "read", lambda folder=None: claims)
    with pytest.raises(ProseError, match="no design in this book separates the teams' effect"):
        gathered.values()


@BUILT
def test_the_verdict_chart_draws_each_document_s_counts_in_its_badges_colours():
    counts = ledger.verdict_counts(ledger.read())
    chart = gathered.block("verdict-chart")
    assert chart.html
    bars = re.findall(r'<div class="verdict-bar"><p>The (\w+), (\d+) claims</p>(.*?)</div></div>', chart.text)
    assert [(document, int(total)) for document, total, _ in bars] == [
        (document, int(row.sum())) for document, row in counts.iterrows()]
    for (document, _, segments), (_, row) in zip(bars, counts.iterrows()):
        drawn = re.findall(r'sd-bg-(\w+) [^"]*" style="flex: (\d+) 1 0" title="([^:]+): \d+"', segments)
        assert [(verdict, int(n)) for _, n, verdict in drawn] == [(v, int(n)) for v, n in row.items() if n], document
        assert all(colour == badges.COLOURS[verdict] for colour, _, verdict in drawn)
        # Read as text (by a screen reader, or copied), each bar says its counts with their verdicts, in
        # visually hidden words, not its numbers run together ("3633").
        assert "aria-hidden" not in segments
        words = ", ".join(f"{int(n)} {verdict}" for verdict, n in row.items() if n) + "."
        assert " ".join(unescape(re.sub(r"<[^>]+>", "", segments)).split()) == words, document
        assert re.sub(r'<span class="visually-hidden">[^<]*</span>', "", segments).count("visually-hidden") == 0


@BUILT
def test_the_figures_page_shows_each_chapter_s_figures_as_a_gallery_then_its_tables():
    exports = catalogue.exports()
    chapters = list(dict.fromkeys(e.docname for e in exports))
    listing = gathered.block("figure-list")
    assert listing.html and listing.text.count("<h3>") == len(chapters)
    entries = re.findall(r'<(figure|section) class="gallery-entry" id="export-([\w-]+)">(.*?)</\1>', listing.text, re.S)
    in_order = sorted(exports, key=lambda e: (chapters.index(e.docname), e.kind != "figure"))
    assert [name for _, name, _ in entries] == [e.name for e in in_order]
    for export, (tag, name, entry) in zip(in_order, entries):
        figure = export.kind == "figure"
        assert tag == ("figure" if figure else "section"), name
        # Its number over its headline, both filled in by the build: never its file's name as a title.
        assert f'<h4><span data-pairing-number="{name}"></span> <span data-pairing-title="{name}"></span></h4>' in entry
        formats = export.files  # a drawn figure's SVG, PNG and CSV; a table's or an in-page figure's CSV
        assert formats == (("svg", "png", "csv") if figure and not export.html else ("csv",)), name
        assert re.findall(r'<a href="\.\./figures/([\w.-]+)">', entry) == [f"{name}.{ext}" for ext in formats], name
        # The build details a caption leaves out: the files' names and the columns of the CSV.
        assert all(f"<code>figures/{name}.{ext}</code>" in entry for ext in formats), name
        columns = re.search(r"the CSV's columns: (.*?)\.</p>", entry).group(1)
        assert [unescape(c) for c in re.findall(r"<code>([^<]+)</code>", columns)] == gathered._published_columns(name) != [], name
        assert (f'data-pairing-caption="{name}"' in entry) == bool(export.caption) and f'data-pairing-citation="{name}"' in entry
        thumbnails = re.findall(r'<a class="gallery-thumb" href="\.\./figures/([\w-]+)\.png"[^>]*>'
                                r'<img src="\.\./figures/thumbs/([\w-]+)\.png" alt="([^"]+)"></a>', entry)
        assert thumbnails == ([(name, name, escape(export.alt))] if figure and not export.html else []), name
        # An in-page figure (the day map) opens where it runs, in its chapter.
        assert (f'<a class="gallery-thumb in-page" href="../{export.docname}.html#{export.label}">' in entry) == export.html
    # The figures in a gallery, the tables after it.
    galleries = "".join(re.findall(r'<div class="figure-gallery">(.*?)\n</div>', listing.text, re.S))
    assert galleries.count('<figure class="gallery-entry"') == sum(e.kind == "figure" for e in exports)
    assert any(e.html for e in exports)  # the day map is listed among the figures
    assert "<section" not in galleries


def test_the_rerun_page_says_where_the_sources_are_by_the_header_s_condition(tmp_path):
    """Readers' findings: the Rerun page said "clone the project's repository" though the book names
    none, and then that the book could not be rebuilt from what the site offers. The site offers its
    sources (source.zip) in every edition; the clone follows repository.url of _config.yml, the setting
    the header's button reads."""
    from pairing import paths

    named = gathered.sources_step("https://example.org/pairing")
    assert "clone the project's repository, <https://example.org/pairing>" in named
    unnamed = gathered.sources_step("")
    assert "clone" not in unnamed.lower()
    assert all('href="../source.zip"' in step and "SOURCE_FILES" in step for step in (named, unnamed))
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://example.org/pairing\n", encoding="utf-8")
    assert paths.addresses(tmp_path)[1] == "https://example.org/pairing"
    assert "sources-step" in gathered.BLOCKS and "{gathered} sources-step" in (
        paths.ROOT / "book" / "rerun.md").read_text(encoding="utf-8")


@BUILT
def test_the_verdict_counts_are_a_row_per_verdict_a_column_per_document_a_phone_shows_whole():
    """A reader's finding: a column per verdict was cut after "contradi…" on a phone."""
    counts = ledger.verdict_counts(ledger.read())
    table = gathered.block("verdict-counts").text
    heads = re.findall(r'<th id="T_\w+_level0_col\d+" class="col_heading[^"]*" >(.*?)</th>', table)
    assert heads == ["verdict", *counts.index]
    rows = re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>", table)
    assert [(int(a), int(b)) for _, a, b in rows] == list(zip(*(counts.loc[d] for d in counts.index)))
    assert all("sd-bg-" in badge for badge, _, _ in rows) and "cards" not in table


def test_a_table_of_verdicts_reads_as_cards_only_when_its_rows_hold_sentences():
    import pandas as pd
    from pairing.report import tables

    short = pd.DataFrame({"city": ["Xiaogan"], "verdict": ["supported"], "staff": [1_450]})
    long = short.assign(claim=["the teams arrived in time to turn the epidemic in every city they were sent to"])
    assert 'class="book-table"' in tables.show(short).to_html()
    assert 'class="book-table cards"' in tables.show(long).to_html()
