"""The "Figures" page's catalogue: read from the chapters, complete, citable."""

from __future__ import annotations

import re

from pairing import catalogue


def test_every_reproduced_figure_and_table_is_catalogued_once():
    from pairing import data, divisions

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


def test_citations_name_the_figure_the_book_and_its_version():
    meta = catalogue.book()
    for export in catalogue.exports():
        plain, bibtex = catalogue.citation(export, meta)
        assert export.name in plain and meta["title"] in plain and str(meta["version"]) in plain
        assert bibtex.startswith("@misc{pairinghubei") and bibtex.count("{") == bibtex.count("}")


def test_every_table_is_named_by_the_section_that_makes_it():
    tables = [e for e in catalogue.exports() if e.kind == "table"]
    assert tables
    for table in tables:
        assert table.section and table.title.startswith(table.section) and table.chapter in table.title, table.name
    assert next(t for t in tables if t.name == "par-table1").section.startswith("Table 1")


def test_one_version_for_the_book():
    # CITATION.cff sets it; the package and the changelog's latest release follow.
    import re
    import tomllib

    from pairing import catalogue
    from pairing.paths import ROOT

    version = str(catalogue.book()["version"])
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"] == version
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"),
                          flags=re.M)
    assert releases and releases[0] == (version, str(catalogue.book()["date-released"]))
