"""The five exhibits set beside their originals: rules for the tables of differences, statuses
derived from them, and every exhibit covered by a chapter."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import BUILT
from pairing import paths
from pairing.report import catalogue, exhibits
from pairing.errors import DataError
from pairing.paths import ROOT

ROW = ("places", "16 cities", "12 of the 16", "content")


def test_a_good_table_names_its_exhibit_on_every_row():
    table = exhibits.differences("letter-fig1", [ROW, ("layout", "not stated", "two panels", "unknown")])
    assert list(table.columns) == exhibits.COLUMNS
    assert (table["exhibit"] == "letter-fig1").all()


@pytest.mark.parametrize("exhibit, rows, rule", [
    ("letter-fig9", [ROW], "the exhibit is one of"),
    ("letter-fig1", [], "at least one difference"),
    ("letter-fig1", [ROW, ("places", "16", "12", "different")], "kind is one of"),
    ("letter-fig1", [ROW, ("places", " ", "12", "form")], "no cell is empty"),
])
def test_a_bad_table_is_refused_with_its_rule(exhibit, rows, rule):
    with pytest.raises(DataError, match=rule):
        exhibits.differences(exhibit, rows)


@pytest.mark.parametrize("kinds, status", [
    (["form", "addition"], "reproduced"),
    (["form", "unknown", "addition"], "reproduced as far as its words tell"),
    (["unknown", "content"], "partly reproduced"),
])
def test_the_status_follows_from_the_kinds_of_difference(kinds, status):
    table = exhibits.differences("letter-fig3", [(f"aspect {i}", "a", "b", kind) for i, kind in enumerate(kinds)])
    assert exhibits.status(table) == status


def test_the_kinds_of_difference_are_said_in_words():
    table = exhibits.differences("letter-fig3", [("a", "x", "y", "unknown"), ("b", "x", "y", "form"),
                                                 ("c", "x", "y", "addition")])
    assert exhibits.kinds_phrase(table) == "of marks added, of layout and of what the document leaves unsaid"


def test_the_status_table_takes_the_first_difference_of_content_as_the_main_one():
    found = pd.concat([
        exhibits.differences(name, [("layout", "a", "b", "form"), ("places", "16 cities", "12 of them", "content")])
        for name in exhibits.EXHIBITS]).assign(label=lambda f: "sec-" + f["exhibit"] + "-original")
    table = exhibits.status_table(found)
    assert len(table) == len(exhibits.EXHIBITS) and (table["status"] == "partly reproduced").all()
    assert (table["main difference"] == "places: 12 of them").all()
    text = exhibits.markdown(table)
    assert text.count("{numref}`§{number} <sec-") == len(exhibits.EXHIBITS)
    with pytest.raises(DataError, match="every exhibit is set beside its original"):
        exhibits.status_table(found[found["exhibit"] != "par-table1"])


def test_the_key_findings_badge_every_exhibit_and_count_every_verdict():
    found = pd.concat([exhibits.differences(name, [("places", "16 cities", f"12 in {name}", "content")])
                       for name in exhibits.EXHIBITS]).assign(label=lambda f: "sec-" + f["exhibit"] + "-original")
    claims = pd.DataFrame({"document": ["letter", "letter", "letter", "article"],
                           "verdict": ["supported", "supported", "contradicted", "cannot tell"]})
    box = exhibits.key_findings(exhibits.status_table(found), claims)
    assert box.startswith(":::{admonition} What the book found") and box.endswith(":::")
    assert box.count(exhibits.badge("partly reproduced")) == len(exhibits.EXHIBITS)
    # The badge ends its sentence; the difference starts the next with its aspect, capitalised.
    assert box.count(f"{exhibits.badge('partly reproduced')}. Places: 12 in ") == len(exhibits.EXHIBITS)
    for name in exhibits.EXHIBITS:
        assert f"12 in {name} ({{numref}}`§{{number}} <sec-{name}-original>`)" in box
    assert "3 claims checked, 2\u00a0{bdg-success}`supported`, 1\u00a0{bdg-danger}`contradicted`" in box
    assert "1 claim checked, 1\u00a0{bdg-dark}`cannot tell`" in box
    assert "partly`" not in box.split("claims checked")[1].split("\n")[0]  # verdicts without a claim left out


@BUILT
def test_every_exhibit_has_its_section_in_the_chapter_that_reproduces_it():
    tables = {e.name: e for e in catalogue.exports() if e.kind == "table" and e.name.endswith(exhibits.SUFFIX)}
    assert set(tables) == {f"{name}{exhibits.SUFFIX}" for name in exhibits.EXHIBITS}
    for name, export in tables.items():
        assert f"(sec-{name})=" in (ROOT / f"{export.docname}.md").read_text(encoding="utf-8"), export.docname


def test_the_published_differences_cover_every_exhibit():
    published = paths.ROOT / "_build" / "html" / "figures"
    if not all((published / f"{name}{exhibits.SUFFIX}.csv").exists() for name in exhibits.EXHIBITS):
        pytest.skip("the book is not built: build it first (make test does)")
    table = exhibits.status_table(exhibits.read(published))
    assert list(table["document"]) == ["letter"] * 3 + ["article"] * 2  # book order: the letter's chapters first
    assert set(table["status"]) <= set(exhibits.STATUSES)
