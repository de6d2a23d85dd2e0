"""The "Figures" page's catalogue: read from the chapters, complete, citable."""

from __future__ import annotations

import re

from pairing.book import citing
from pairing.report import catalogue


def test_every_reproduced_figure_and_table_is_catalogued_once():
    from pairing import data
    from pairing.report import divisions

    cities = data.load_cities().set_index("adcode", drop=False)
    exports = catalogue.exports()
    names = [e.name for e in exports]
    assert len(names) == len(set(names)), "a published name is used twice"
    for required in ("letter-fig1", "letter-fig2", "letter-fig3", "par-fig1", "par-table1"):
        assert required in names
    # The catalogue sees every save_figure call of every chapter, and every figure the divisions'
    # template saves for a section that calls it.
    calls = set()
    for notebook in catalogue.NOTEBOOKS.glob("*.md"):
        text = notebook.read_text()
        calls |= set(re.findall(r'save_figure\(\s*fig,\s*"([^"]+)"', text))
        calls |= {divisions.figure_name(cities.at[code, "name_en"])
                  for code in re.findall(r'divisions\.profile\(\s*"(\d{6})"', text)}
    assert calls == {e.name for e in exports if e.kind == "figure"}
    assert {f"division-{divisions.slug(name)}" for name in cities["name_en"]} <= calls


def test_every_figure_has_its_label_caption_and_alt_text():
    for export in catalogue.exports():
        if export.kind == "figure":
            assert export.label == f"fig-{export.name}", export.name
            assert "Exported as figures/" + export.name in export.caption, export.name
            assert export.alt and export.title, export.name
            assert "{" not in export.title
            assert not re.search(r"\bfig-", export.plain_caption), export.name  # a label is never shown


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
