"""The codebook: every curated table and column described once, beside its rules; the chapters
link every data file they name to it."""

from __future__ import annotations

import re

import pandera.pandas as pa
import pytest

from pairing.data import schemas
from pairing.book import codebook
from pairing.paths import CURATED, ROOT


def test_every_curated_column_is_described():
    for name, schema in schemas.CURATED.items():
        for column, spec in schema.columns.items():
            assert (spec.description or "").strip(), f"{name}: column {column} has no description in pairing.data.schemas"


def test_a_column_without_a_description_cannot_be_declared():
    with pytest.raises(TypeError):
        schemas.text()  # the description comes first, always


def test_every_curated_table_is_described_in_the_readme_once():
    described = codebook.described()
    assert set(described) == set(schemas.CURATED), "data/README.md's list of curated tables and pairing.data.schemas.CURATED differ"
    assert all(what and grades for what, grades in described.values())
    # The data page shows the README around the list, which the sections replace.
    page = (ROOT / "book" / "data.md").read_text(encoding="utf-8")
    assert codebook.LIST_START in page and codebook.LIST_END in page


def test_columns_carry_their_rules():
    table = codebook.columns("pairings.csv")
    assert table["column"].tolist() == list(schemas.PAIRINGS.columns)
    rules = table.set_index("column")["rule"]
    assert rules["province_adcode"].startswith("required; must be the code of one of mainland China's 31")
    assert rules["staff_sent"].startswith("may be empty; must be a whole number")
    # A rule on whole rows that names a column is that column's rule.
    assert "every staff count must name its source, grade, type and basis" in rules["staff_sent"]
    assert "must be the name of the city_adcode beside it" in rules["city_en"]


def test_table_rules_name_the_key():
    assert codebook.table_rules("pairings.csv")[0] == "no two rows may share the `province_adcode`, `city_adcode`"
    assert codebook.table_rules("events.csv")[:2] == ["no two rows may share the `date`, `event`",
                                                      "the table must have at least one row"]


def test_rows_are_counted_as_the_reader_reads_them():
    # Quoted fields may span lines: the count is of records, not lines.
    assert codebook.rows("cities.csv") == 17


def test_publish_copies_every_curated_table_and_the_registry_byte_for_byte(tmp_path):
    (tmp_path / "curated").mkdir()
    (tmp_path / "curated" / "gone.csv").write_text("a table curated no more")
    codebook.publish(tmp_path)
    assert sorted(p.name for p in (tmp_path / "curated").iterdir()) == sorted(schemas.CURATED)
    for name in schemas.CURATED:
        assert (tmp_path / "curated" / name).read_bytes() == (CURATED / name).read_bytes()
    assert (tmp_path / "raw_files.csv").read_bytes() == (ROOT / "data" / "raw_files.csv").read_bytes()


def test_the_readme_sentence_on_census_denominators_holds():
    codebook.guard_readme()
    assert codebook.census_divisions() == ["Tianmen"]


#: A data file a chapter names, linked to its section of the codebook.
LINKED = re.compile(r"\{ref\}`data/curated/(\w+)\.csv <data-(\w+)>`")


@pytest.mark.parametrize("page", sorted([*ROOT.glob("notebooks/*.md"), *ROOT.glob("book/*.md")]),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chapters_link_every_data_file_they_name(page):
    text = page.read_text(encoding="utf-8")
    for file, target in LINKED.findall(text):
        assert file == target and f"{file}.csv" in schemas.CURATED, f"{page.name}: data/curated/{file}.csv links to data-{target}"
    unlinked = re.findall(r"data/curated/\w+\.csv", LINKED.sub("", text))
    assert not unlinked, f"{page.name}: {unlinked} not linked to the codebook ({{ref}}`data/curated/x.csv <data-x>`)"
    assert "`data/README.md` lists" not in text
    assert not re.search(r"(?<!project's )`tests/test_\w+\.py`", text), f"{page.name}: say a test file is the project's"


def test_the_codebook_and_fig_5_1_agree_on_who_names_interagency_coordination():
    """A fresh reader's finding: the codebook called interagency coordination "the article's", Fig. 5.1's
    caption "the one type the book adds". The article's text speaks of it, its Table 1 classes no
    interaction so: both say this book adds the type, named from the article's text."""
    import jupytext

    import documents

    described = codebook.columns("par_interactions.csv").set_index("column").at["type", "description"]
    figure = next(cell for cell in jupytext.read(ROOT / "notebooks" / "05_coordination.md").cells
                  if cell.metadata.get("mystnb", {}).get("figure", {}).get("name") == "fig-par-fig1")
    caption = " ".join(figure.metadata["mystnb"]["figure"]["caption"].split())
    for said in (described, caption):
        assert "this book adds" in said or "the book adds" in said, said
        assert "named from the article's text" in said and "Table 1's three" in said, said
    assert "the article's interagency coordination" not in described
    if documents.PRESENT:
        parts = documents.article_parts()
        assert "interagency coordination was not smooth" in parts["“PAP Assessment”"]
        assert "interagency connective network" in parts["“PAP Initiation, Operation, and Governance Structures”"]
        assert "interagency" not in parts["Table 1"]


def test_the_readme_s_raw_commits_are_linked_as_every_page_writes_a_commit():
    """A fresh reader's finding: the data page wrote the raw sources' commits in 8 characters, the
    reproducibility page in 12. The data page shows the README's table with each commit as
    :func:`pairing.book.provenance.commit_markdown` writes it, from the registry, not as typed."""
    import pandas as pd

    from pairing.book import provenance
    from pairing.errors import DataError

    registry = pd.DataFrame({"repo": ["a/b", "a/b", "c/d"], "commit": ["1" * 40, "1" * 40, "2" * 40]})
    text = ("intro\n| source | files | commit | licence |\n|---|---|---|---|\n"
            "| a/b | `x.csv` (daily) | 11111111 | MIT |\n| c/d | `y.csv` | 2222222 | MIT |\nafter\n")
    shown = codebook.linked_commits(text, registry)
    assert shown == text.replace("11111111", provenance.commit_markdown("a/b", "1" * 40)).replace(
        "2222222", provenance.commit_markdown("c/d", "2" * 40))
    with pytest.raises(DataError, match="line 4"):  # a typed commit that is not the registry's
        codebook.linked_commits(text.replace("11111111", "1111112"), registry)
    with pytest.raises(DataError, match="table of raw sources"):
        codebook.linked_commits("no table here\n", registry)
    # The repository's README, with the registry's commits.
    readme = codebook.README.read_text(encoding="utf-8")
    assert re.findall(r"\[([0-9a-f]{7})\]\(https://github\.com/[\w./-]+/tree/[0-9a-f]{40}\)",
                      codebook.linked_commits(readme)) == ["0dfcac4", "bd43a6a"]
