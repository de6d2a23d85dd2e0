"""The claims ledger: its rules, its sources in the chapters and the order it is built in."""

from __future__ import annotations

import pandas as pd
import pytest

from pairing import catalogue, ledger
from pairing.errors import DataError
from pairing.paths import ROOT


def claim(**changes) -> dict:
    row = {"document": "letter", "where": "¶4", "statement": "Day 22 was the turning point",
           "what the data show": "growth fell before day 22", "verdict": "partly"}
    return row | changes


def test_a_good_claims_table_passes_unchanged():
    table = pd.DataFrame([claim(), claim(document="article", verdict="cannot tell")])
    assert ledger.checked(table) is table


@pytest.mark.parametrize("bad, rule", [
    (claim(verdict="probably"), "verdict is one of"),
    (claim(document="press release"), "document is one of"),
    (claim(statement="  "), "no cell is empty"),
    (claim(where=None), "no cell is empty"),
])
def test_a_bad_claim_is_named_by_row_and_rule(bad, rule):
    with pytest.raises(DataError, match=rf"notebooks/x\.md at row\(s\) 2 breaks the rule '{rule}"):
        ledger.checked(pd.DataFrame([claim(), bad]), "notebooks/x.md")


def test_a_claims_table_without_a_verdict_column_is_refused():
    with pytest.raises(DataError, match="has the columns"):
        ledger.checked(pd.DataFrame([claim()]).drop(columns="verdict"))


def test_every_chapter_with_claims_labels_the_section_that_shows_them():
    tables = ledger.tables()
    assert {t.name for t in tables} >= {"letter-fig1-claims", "letter-fig2-claims", "letter-fig3-claims", "par-claims"}
    for table in tables:
        source = (ROOT / f"{table.docname}.md").read_text(encoding="utf-8")
        assert f"({ledger.section_label(table)})=" in source, table.docname


def test_the_ledger_pages_are_read_after_every_chapter_they_read():
    # Sphinx reads pages in name order; the ledger pages run the chapters' published tables.
    chapters = {t.docname for t in ledger.tables()}
    assert set(ledger.READERS) <= set(catalogue.chapters())
    assert min(ledger.READERS) > max(chapters)


def test_reading_before_the_chapters_ran_stops_with_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="claims table is written before the ledger is read"):
        ledger.read(tmp_path)


def test_the_ledger_keeps_every_row_links_its_section_and_counts_verdicts(tmp_path):
    for i, table in enumerate(ledger.tables()):
        pd.DataFrame([claim(statement=f"claim {i}"), claim(document="article", statement=f"claim {i}b",
                                                           verdict="not supported")]).to_csv(
            tmp_path / f"{table.name}.csv", index=False)
    claims = ledger.read(tmp_path)
    n = len(ledger.tables())
    assert len(claims) == 2 * n
    assert list(claims["document"]) == ["letter"] * n + ["article"] * n  # grouped, book order kept
    assert claims["statement"].iloc[0] == "claim 0"
    counts = ledger.verdict_counts(claims)
    assert counts.loc["letter", "partly"] == n and counts.loc["article", "not supported"] == n
    assert counts.loc["letter", "supported"] == 0
    text = ledger.markdown(claims, "article")
    assert text.count("{numref}`§{number} <sec-") == n and "claim 0b" in text
