"""The "Figures" page's catalogue: what the chapters wrote, complete, citable."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from conftest import BUILT
from pairing import data
from pairing.book import citing
from pairing.data import usage
from pairing.report.turning import DAY_MAP_WORDS
from pairing.errors import DataError
from pairing.figures import plots
from pairing.paths import SITE
from pairing.report import catalogue, divisions


@BUILT
def test_the_catalogue_lists_every_figure_and_table_the_site_publishes_once():
    exports = catalogue.exports()
    names = [e.name for e in exports]
    assert len(names) == len(set(names)), "a published name is used twice"
    for required in ("letter-fig1", "letter-fig2", "letter-fig3", "par-fig1", "par-table1"):
        assert required in names
    # What the chapters noted as they wrote it is what the site carries: every figure (its SVG) and
    # every table (a CSV that is no figure's data) of the build, and nothing else.
    published = SITE / "figures"
    assert {e.name for e in exports if e.kind == "figure" and not e.html} == {p.stem for p in published.glob("*.svg")}
    assert {e.name for e in exports if e.kind == "table" or e.html} == ({p.stem for p in published.glob("*.csv")}
                                                                         - {p.stem for p in published.glob("*.svg")})
    # The day map, a figure drawn in its page, is listed as the figure it is, its data its file.
    (day_map,) = [e for e in exports if e.html]
    assert (day_map.name, day_map.label, day_map.kind, day_map.files) == (
        "turning-active-map", "fig-turning-day-map", "figure", ("csv",))
    cities = data.load_cities()
    assert {divisions.figure_name(name) for name in cities["name_en"]} <= set(names)


def _records(folder, written: dict[str, list[dict]]):
    """Records as a build leaves them: every page with code has one; ``written`` gives what some wrote."""
    folder.mkdir()
    for docname in catalogue.notebooks():
        record = {"chapter": f"{docname}.md", "inputs": {}, "outputs": written.get(docname, [])}
        (folder / f"{docname.rsplit('/', 1)[-1]}.json").write_text(json.dumps(record))
    return folder


def test_the_catalogue_reads_what_each_chapter_wrote_in_order_with_its_own_captions(tmp_path):
    records = _records(tmp_path / "usage", {
        "notebooks/04_turning_point": [{"name": "letter-fig3", "kind": "figure", "cell": 3},
                                       {"name": "letter-fig3-claims", "kind": "table", "cell": None}],
        "notebooks/01_the_data": [{"name": "made-here", "kind": "figure", "caption": "A caption given.",
                                   "alt": "An alt text given.", "cell": 1}],
    })
    exports = catalogue.exports(records)
    assert [e.name for e in exports] == ["made-here", "letter-fig3", "letter-fig3-claims"]  # book order, then written
    given, fig3, table = exports
    assert (given.caption, given.alt, given.label) == ("A caption given.", "An alt text given.", "fig-made-here")
    # A figure's caption and alt text are its cell's, in the chapter; a table sits under its cell's section.
    assert "The letter's Fig. 3 reproduced" in fig3.caption and fig3.alt and fig3.chapter.startswith("Day 22")
    assert table.kind == "table" and table.section == ""  # no cell known: no section


def test_a_table_a_figure_cell_writes_without_a_figure_is_the_data_of_a_figure_drawn_in_html(tmp_path):
    """A fresh reader's finding: the figures page skipped Fig. 4.5, the day map, which its cell draws in
    HTML and publishes as a table. The catalogue lists it as a figure, under its cell's label and caption."""
    _, _, _, labels = catalogue._cells("notebooks/04_turning_point")
    cell = labels.index("fig-turning-day-map") + 1
    figure_cell = labels.index("fig-letter-fig3") + 1
    records = _records(tmp_path / "usage", {"notebooks/04_turning_point": [
        {"name": "letter-fig3", "kind": "figure", "cell": figure_cell},
        {"name": "letter-fig3-data", "kind": "table", "cell": figure_cell},  # a figure's cell may write a table too
        {"name": "turning-active-map", "kind": "table", "cell": cell}]})
    fig3, data_table, day_map = catalogue.exports(records)
    assert (fig3.kind, fig3.html, fig3.files) == ("figure", False, ("svg", "png", "csv"))
    assert (data_table.kind, data_table.files) == ("table", ("csv",))
    assert (day_map.kind, day_map.html, day_map.label, day_map.files) == ("figure", True, "fig-turning-day-map", ("csv",))
    assert day_map.title.startswith(DAY_MAP_WORDS.split(";")[0]) and day_map.section == "Day by day on the map"
    plain, _ = citing.citation(day_map, citing.Place("Figure 4.5", "4"), _identity())
    assert "figures/turning-active-map.csv" in plain and ".svg" not in plain  # its data: it has no SVG


def test_a_figure_without_a_caption_or_a_chapter_without_a_record_stops_the_catalogue(tmp_path):
    records = _records(tmp_path / "usage", {"notebooks/01_the_data": [{"name": "nameless", "kind": "figure", "cell": 2}]})
    with pytest.raises(DataError, match="fig-nameless"):
        catalogue.exports(records)
    (records / "01_the_data.json").unlink()
    with pytest.raises(DataError, match="run notebooks/01_the_data"):
        catalogue.exports(records)


def test_a_chapter_notes_each_export_once_in_the_order_it_first_wrote_it(tmp_path, monkeypatch):
    monkeypatch.setattr(usage, "_outputs", {})
    monkeypatch.setattr(usage, "_chapter", "notebooks/01_the_data.md")
    monkeypatch.setattr(usage, "folder", lambda: tmp_path)
    plots.save_table(pd.DataFrame({"a": [1]}), "first", folder=tmp_path)
    plots.save_table(pd.DataFrame({"a": [1]}), "second", folder=tmp_path)
    plots.save_table(pd.DataFrame({"a": [2]}), "first", folder=tmp_path)  # written again: keeps its place
    usage.write()
    assert [(o["name"], o["kind"]) for o in usage.outputs(tmp_path, "notebooks/01_the_data.md")] == [
        ("first", "table"), ("second", "table")]
    assert usage.outputs(tmp_path, "notebooks/02_personnel.md") is None


@BUILT
def test_every_figure_has_its_label_caption_and_alt_text_and_the_figures_page_its_files():
    figures_page = (SITE / "book" / "figures.html").read_text(encoding="utf-8")
    for export in catalogue.exports():
        if export.kind == "figure":
            # A figure drawn in its page (the day map) is named by its data, labelled by its cell, and has
            # no image to describe: the page's own text and readout do.
            assert export.label == f"fig-{export.name}" or export.html, export.name
            assert (export.alt or export.html) and export.title, export.name
            assert "{" not in export.title
            assert not re.search(r"\bfig-", export.plain_caption), export.name  # a label is never shown
            # The caption says what to notice and where the data come from; the figures page lists
            # the files (a caption names none), each beside the figure's entry.
            entry = figures_page[figures_page.index(f'id="export-{export.name}"'):]
            entry = entry[:entry.index("</section>")]
            for ext in export.files:
                assert f'href="../figures/{export.name}.{ext}"' in entry, (export.name, ext)


def test_a_reference_to_a_figure_reads_as_its_published_name():
    export = catalogue.Export("b", "figure", "notebooks/x", "X", "fig-b",
                              "The curves of {numref}`fig-letter-fig3` and {numref}`Fig. %s <fig-a>`.")
    assert export.plain_caption == "The curves of figure letter-fig3 and figure a."
    # Once Sphinx has numbered the figures, the figures page and the citations give the number.
    numbered = export.numbered({"letter-fig3": "Figure 4.1", "a": "Figure 1.2"})
    assert numbered.plain_caption == "The curves of Figure 4.1 and Figure 1.2."
    assert numbered.title == "The curves of Figure 4.1 and Figure 1.2"


def _identity(**changes):
    from pairing.book.identity import Identity

    fields = dict(title="A book: of {curly} things & more", authors="The authors", version="1.2.3",
                  released="2026-11-22", commit="abc1234", built="2026-12-03", licence="MIT and CC-BY-4.0")
    return Identity(**{**fields, **changes})


@BUILT
def test_every_citation_gives_number_title_chapter_edition_and_place_and_its_bibtex_parses():
    from pybtex.database import parse_string

    place = citing.Place("Figure 4.2", "4")
    for identity, where in [(_identity(), "local build: figures/"), (_identity(url="https://example.org/book/"),
                                                                        "https://example.org/book/figures/")]:
        for export in catalogue.exports():
            plain, bibtex = citing.citation(export, place, identity)
            for part in ("Figure 4.2: " + export.title[:20], "chapter 4, “" + export.chapter, identity.title,
                         "Version 1.2.3, commit abc1234, built 2026-12-03", where.capitalize() if not identity.url else where):
                assert part in plain, (export.name, part)
            entry = parse_string(bibtex, "bibtex").entries[f"pairinghubei-{export.name}"]
            assert entry.fields["version"] == "1.2.3" and entry.fields["year"] == "2026"
            assert "abc1234" in entry.fields["note"] and where in entry.fields["note"]
            assert entry.fields["title"].startswith("Figure 4.2: ") and "fig-" not in entry.fields["title"]
            assert ("url" in entry.fields) == bool(identity.url)
        plain, bibtex = citing.book_citation(identity)
        assert identity.title in plain and "Version 1.2.3" in plain
        assert parse_string(bibtex, "bibtex").entries["pairinghubei2026"].fields["version"] == "1.2.3"


def test_bibtex_special_characters_are_escaped_and_braces_dropped():
    from pybtex.database import parse_string

    export = catalogue.Export("x", "figure", "notebooks/x", "Ch {1}", "fig-x", "50% of A & B {x}_y #1. More.")
    bibtex = citing.citation(export, citing.Place("Figure 1.1", "1"), _identity())[1]
    assert r"50\% of A \& B x\_y \#1" in bibtex
    assert parse_string(bibtex, "bibtex").entries["pairinghubei-x"].fields["title"] == r"Figure 1.1: 50\% of A \& B x\_y \#1"


def test_a_link_to_a_data_file_reads_as_its_text():
    export = catalogue.Export("b", "figure", "notebooks/x", "X", "fig-b",
                              "Sources: {ref}`data/curated/pairings.csv <data-pairings>`.")
    assert export.plain_caption == "Sources: data/curated/pairings.csv."


@BUILT
def test_every_table_is_named_by_the_section_that_makes_it():
    tables = [e for e in catalogue.exports() if e.kind == "table"]
    assert tables
    for table in tables:
        assert table.section and table.title.startswith(table.section) and table.chapter in table.title, table.name
    assert next(t for t in tables if t.name == "par-table1").section.startswith("Table 1")


def test_one_version_for_the_book():
    # CITATION.cff sets it; the package and the changelog's latest release follow.
    import tomllib

    from pairing.book import identity
    from pairing.paths import ROOT

    book = identity.current()
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"] == book.version
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"),
                          flags=re.M)
    assert releases and releases[0] == (book.version, book.released)
