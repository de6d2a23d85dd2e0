"""The claims ledger: its rules, its sources in the chapters and the order it is built in."""

from __future__ import annotations

import pandas as pd
import pytest

import documents
from conftest import BUILT
from pairing import paths
from pairing.analysis import claims
from pairing.report import badges, catalogue, ledger
from pairing.analysis.claims import Fact, NoTest, Share
from pairing.errors import DataError
from pairing.paths import ROOT


#: Evidence that gives each verdict under the one rule (pairing.analysis.claims).
EVIDENCE = {"supported": [Fact(True)], "partly": [Fact(True), Fact(False)], "not shown": [Share(3, 10, against=2)],
            "contradicted": [Fact(False)], "cannot tell": [NoTest("no source")]}


def claim(**changes) -> dict:
    verdict = changes.pop("verdict", "partly")
    row = {"document": "letter", "where": "¶4", "quote": "was the turning point in fighting the epidemic",
           "statement": "Day 22 was the turning point", "what the data show": "growth fell before day 22",
           "verdict": verdict, "evidence": claims.encode(*EVIDENCE.get(verdict, [Fact(True)]))}
    return row | changes


def claims_tables() -> list[catalogue.Export]:
    return [e for e in catalogue.exports() if e.kind == "table" and e.name.endswith(ledger.SUFFIX)]


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
    with pytest.raises(DataError, match=rf"notebooks/x\.md row 2: {rule}"):
        ledger.checked(pd.DataFrame([claim(), bad]), "notebooks/x.md")


def test_a_verdict_its_evidence_does_not_give_is_refused():
    written_by_hand = claim(verdict="supported") | {"evidence": claims.encode(Fact(False))}
    with pytest.raises(DataError, match=r"row 2: the verdict is the one pairing.analysis.claims.verdict gives.*'supported' "
                                        r"written, the evidence gives 'contradicted'"):
        ledger.checked(pd.DataFrame([claim(), written_by_hand]), "notebooks/x.md")
    with pytest.raises(DataError, match="row 1: the evidence is what pairing.analysis.claims.encode writes"):
        ledger.checked(pd.DataFrame([claim() | {"evidence": '[{"kind": "Hunch"}]'}]))


def test_a_claims_table_without_a_verdict_column_is_refused():
    with pytest.raises(DataError, match="has the columns"):
        ledger.checked(pd.DataFrame([claim()]).drop(columns="verdict"))


@BUILT
def test_every_chapter_with_claims_labels_the_section_that_shows_them():
    tables = claims_tables()
    assert {t.name for t in tables} >= {"letter-fig1-claims", "letter-fig2-claims", "letter-fig3-claims", "par-claims"}
    for table in tables:
        source = (ROOT / f"{table.docname}.md").read_text(encoding="utf-8")
        assert f"({ledger.section_label(table)})=" in source, table.docname


@BUILT
def test_reading_before_the_chapters_ran_stops_with_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="table is written before the pages that gather them are read"):
        ledger.read(tmp_path)


@BUILT
def test_the_ledger_keeps_every_row_links_its_section_and_counts_verdicts(tmp_path):
    for i, table in enumerate(claims_tables()):
        pd.DataFrame([claim(statement=f"claim {i}"), claim(document="article", statement=f"claim {i}b",
                                                           verdict="contradicted")]).to_csv(
            tmp_path / f"{table.name}.csv", index=False)
    claims = ledger.read(tmp_path)
    n = len(claims_tables())
    assert len(claims) == 2 * n
    assert list(claims["document"]) == ["letter"] * n + ["article"] * n  # grouped, book order kept
    assert claims["statement"].iloc[0] == "claim 0"
    counts = ledger.verdict_counts(claims)
    assert counts.loc["letter", "partly"] == n and counts.loc["article", "contradicted"] == n
    assert counts.loc["letter", "supported"] == 0
    text = ledger.markdown(claims, "article")
    assert text.count("{numref}`§{number} <sec-") == n and "claim 0b" in text
    assert text.count(ledger.badge("contradicted")) == n
    assert ledger.verdict_sentence(counts.loc["article"]) == f"the data contradict {n}"
    assert ledger.verdict_sentence(counts.loc["letter"]) == f"the data support in part {n}"


@BUILT
def test_a_row_can_link_the_section_that_holds_its_analysis(tmp_path):
    for table in claims_tables():
        rows = [claim(), claim(statement="by timing")]
        frame = pd.DataFrame(rows)
        if table.name == "letter-fig3-claims":
            frame[ledger.SECTION] = ["", "sec-turning-event-study"]
        frame.to_csv(tmp_path / f"{table.name}.csv", index=False)
    claims = ledger.read(tmp_path)
    fig3 = claims[claims["table"] == "letter-fig3-claims"].set_index("statement")["label"]
    assert fig3["by timing"] == "sec-turning-event-study"
    assert fig3["Day 22 was the turning point"] == "sec-letter-fig3-claims"  # blank: the table's own section
    assert (claims.loc[claims["table"] != "letter-fig3-claims", "label"].str.endswith("-claims")).all()
    assert "{numref}`§{number} <sec-turning-event-study>`" in ledger.markdown(claims, "letter")


def test_every_verdict_is_defined_once_and_printed_with_its_meaning():
    text = ledger.definitions()
    for verdict, meaning in ledger.VERDICTS.items():
        assert f"`{verdict}`\n: {meaning}" in text
    assert set(ledger.VERDICT_VERBS) == set(ledger.VERDICTS) <= set(badges.COLOURS)
    assert len({badges.COLOURS[v] for v in ledger.VERDICTS}) == len(ledger.VERDICTS)  # one colour, one verdict
    counts = pd.Series({"supported": 3, "partly": 0, "not shown": 1, "contradicted": 0, "cannot tell": 2})
    assert ledger.verdict_sentence(counts) == "the data support 3, do not show 1 and cannot tell 2"


def published_claims() -> pd.DataFrame:
    published = paths.ROOT / "_build" / "html" / "figures"
    if not all((published / f"{t.name}.csv").exists() for t in claims_tables()):
        pytest.skip("the book is not built: build it first (make test does)")
    return ledger.read(published)


FIGURE_PART = r"^(Fig\. \d|Figure \d)$"  # a figure itself, which has no words to quote


@pytest.mark.skipif(not documents.PRESENT, reason="the documents' text is not beside the project")
def test_every_claim_quotes_the_part_of_the_document_its_where_names():
    import re

    claims = published_claims()
    for row in claims.to_dict("records"):
        parts = documents.parts(row["document"])
        named = row["where"].split("; ")
        unknown = [p for p in named if p not in parts and not re.match(FIGURE_PART, p)]
        assert not unknown, f"{row['statement']}: no part {unknown} in the {row['document']}"
        textual = [p for p in named if not re.match(FIGURE_PART, p)]
        quotes = row["quote"].split(" | ")
        assert len(quotes) == len(textual), f"{row['statement']}: {len(quotes)} quotations for parts {textual}"
        for part, quote in zip(textual, quotes):
            text, start = parts[part], 0
            for piece in quote.split(" … "):  # an ellipsis leaves words out; the pieces come in order
                found = text.find(documents.normalised(piece), start)
                assert found >= 0, f"{row['statement']}: “{piece}” is not in the {row['document']}'s {part}"
                start = found + len(piece)
