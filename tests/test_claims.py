"""The one verdict rule: each kind of evidence, the way parts combine, the ledger's rows pinned on
their evidence, and no chapter writing a verdict word by hand."""

from __future__ import annotations

import ast
import re

import pytest

from pairing.analysis import claims
from pairing.analysis.claims import Bracket, Effect, Fact, NoTest, Share, Significance
from pairing.paths import ROOT


def test_the_scale_is_the_ledgers_and_every_reading_maps_to_it():
    from pairing.report import ledger

    assert ledger.VERDICTS is claims.SCALE
    assert set(claims.READING_VERDICTS) == set(claims.READINGS)
    assert set(claims.READING_VERDICTS.values()) == set(claims.SCALE)


@pytest.mark.parametrize("verdicts, expected", [
    (["supported", "supported"], "supported"),
    (["supported", "contradicted"], "partly"),
    (["partly", "cannot tell"], "partly"),
    (["cannot tell", "not shown"], "not shown"),  # one part ruled out: not shown, whatever the other
    (["not shown", "contradicted", "cannot tell"], "contradicted"),
    (["cannot tell", "cannot tell"], "cannot tell"),  # only when no part could be tested
])
def test_parts_combine(verdicts, expected):
    assert claims.combine(verdicts) == expected
    assert claims.combine(reversed(verdicts)) == expected  # order does not matter


def test_combine_refuses_nothing_and_unknown_words():
    with pytest.raises(ValueError):
        claims.combine([])
    with pytest.raises(ValueError):
        claims.combine(["probably"])
    with pytest.raises(ValueError):
        claims.verdict()


@pytest.mark.parametrize("effect, reading", [
    (Effect(2.0, 1.0, 3.0, claimed=2.5), "as claimed"),
    (Effect(0.4, 0.1, 0.7, claimed=2.5), "other size"),
    (Effect(-2.0, -3.0, -1.0, claimed=2.5), "against"),
    (Effect(0.5, -1.0, 3.0, claimed=2.5), "undecided"),
    (Effect(0.0, -1.0, 1.0, claimed=2.5), "ruled out"),
    (Effect(-0.3, -0.5, -0.1, claimed=-0.2), "as claimed"),  # a claimed fall
    (Effect(2.0, 1.0, 3.0, claimed=2.5, bias=(-1.0, 4.0)), "biased as claimed"),
    (Effect(-2.0, -3.0, -1.0, claimed=2.5, bias=(-4.0, 1.0)), "biased against"),
    (Effect(-2.0, -3.0, -1.0, claimed=2.5, bias=(-1.0, 1.0)), "against"),  # beyond what the bias could do
    (Effect(0.0, -1.0, 1.0, claimed=2.5, bias=(-4.0, 4.0)), "ruled out"),  # the bias matters only beyond zero
])
def test_an_effect_reads_against_zero_the_claim_and_the_bias(effect, reading):
    assert effect.reading == reading
    assert effect.verdict == claims.READING_VERDICTS[reading]


def test_a_claimed_effect_outside_the_interval_is_ruled_out_however_wide_the_interval():
    # The decision: the interval, not the power before the data, reads the claim. An interval too wide
    # to have found the claimed rise still rejects it when it leaves it out (the estimate lies on the
    # other side of zero); the verdict is not shown, never contradicted, and the book says why.
    wide = Effect(-1.0, -6.0, 4.0, claimed=4.5)
    assert not wide.could_find  # a rise of 4.5 measured this precisely is seen only about half the time
    assert wide.reading == "ruled out" and wide.verdict == "not shown"
    assert Effect(-1.0, -6.0, 4.0, claimed=2.2).reading == "undecided"


def test_an_effect_states_its_power_and_refuses_nonsense():
    # The width toward zero from the claimed side: how far the claimed way an effect must be to be seen.
    assert Effect(0.0, -1.5, 2.5, claimed=1.0).detectable == pytest.approx(1.5)
    assert Effect(0.0, -1.5, 2.5, claimed=-1.0).detectable == pytest.approx(2.5)
    assert Effect(0.0, -1.5, 2.5, claimed=2.0).could_find
    assert not Effect(0.0, -1.5, 2.5, claimed=-2.0).could_find
    with pytest.raises(ValueError):
        Effect(3.0, -1.0, 1.0, claimed=1.0)  # estimate outside its interval
    with pytest.raises(ValueError):
        Effect(0.0, -1.0, 1.0, claimed=0.0)  # a claim implies a direction


@pytest.mark.parametrize("share, verdict", [
    (Share(9, 16), "supported"),
    (Share(8, 16), "not shown"),  # half is not most, for or against
    (Share(5, 16), "contradicted"),  # most are against it
    (Share(5, 16, against=6), "not shown"),  # neither most for nor most against
    (Share(2, 2, "all"), "supported"),
    (Share(1, 2, "all"), "partly"),
    (Share(0, 2, "all"), "contradicted"),
    (Share(0, 2, "all", against=1), "not shown"),
])
def test_a_share_reads_its_quantifier(share, verdict):
    assert share.verdict == verdict


def test_a_share_refuses_counts_that_do_not_add_up():
    with pytest.raises(ValueError):
        Share(5, 4)
    with pytest.raises(ValueError):
        Share(3, 4, against=2)
    with pytest.raises(ValueError):
        Share(3, 4, "some")


@pytest.mark.parametrize("test, verdict", [
    (Significance(-0.68, 0.016), "supported"),
    (Significance(-0.47, 0.124), "not shown"),
    (Significance(0.61, 0.04), "contradicted"),
    (Significance(0.61, 0.04, direction=+1), "supported"),
])
def test_a_significance_claim_is_the_test_repeated(test, verdict):
    assert test.verdict == verdict


LINE_AGAINST = Effect(0.115, 0.077, 0.151, claimed=-0.063)  # growth above a straight-line trend
FLOOR_RULED_OUT = Effect(0.024, -0.019, 0.101, claimed=-0.063)  # within a decay toward a floor


@pytest.mark.parametrize("effects, verdict", [
    ((LINE_AGAINST, FLOOR_RULED_OUT), "not shown"),  # the book's day-22 trend test: against, or ruled out
    ((LINE_AGAINST, LINE_AGAINST), "contradicted"),
    ((Effect(-0.1, -0.15, -0.05, claimed=-0.1), Effect(-0.02, -0.03, -0.01, claimed=-0.1)), "partly"),
    ((Effect(-0.1, -0.15, -0.05, claimed=-0.1), LINE_AGAINST), "cannot tell"),  # the counterfactual decides
    ((FLOOR_RULED_OUT, Effect(0.0, -0.2, 0.2, claimed=-0.063)), "cannot tell"),
])
def test_a_bracket_counts_only_as_far_as_its_counterfactuals_agree(effects, verdict):
    assert Bracket(effects).verdict == verdict
    with pytest.raises(ValueError):
        Bracket((LINE_AGAINST,))


def test_evidence_survives_the_csv_round_trip():
    evidence = [Fact(True, "16 cities"), NoTest("no source"), Share(9, 16, against=5), Significance(-0.5, 0.03),
                Effect(-2.38, -4.17, -0.6, claimed=2.23, bias=(-5.7, 1.5)), Bracket((LINE_AGAINST, FLOOR_RULED_OUT))]
    back = claims.decode(claims.encode(*evidence))
    assert back == evidence
    assert claims.verdict(*back) == claims.verdict(*evidence)
    import numpy as np

    assert claims.decode(claims.encode(Fact(np.bool_(True)), Share(np.int64(3), 4))) == [Fact(True), Share(3, 4)]
    with pytest.raises(ValueError, match="unknown kind"):
        claims.decode('[{"kind": "Hunch", "holds": true}]')


def test_a_claim_row_carries_its_verdict_and_evidence():
    row = claims.claim("letter", "¶4", "quoted", "stated", "shown", Fact(True), Fact(False), section="sec-x")
    assert row["verdict"] == "partly" and row["section"] == "sec-x"
    assert claims.decode(row["evidence"]) == [Fact(True), Fact(False)]


# The ledger's rows on the evidence a referee recomputed from the exports: each verdict must follow from
# its numbers under the rule, whatever the chapter's data say now.
@pytest.mark.parametrize("row, evidence, verdict", [
    ("cure rate against control cities (DiD, against the claim, inside the pre-trends' reach)",
     [Effect(-2.38, -4.17, -0.60, claimed=2.23, bias=(-5.7, 1.5))], "not shown"),
    ("event study: growth undecided, cure rate ruled out (a conjunction)",
     [Effect(-0.049, -0.458, 0.360, claimed=-0.063), Effect(-4.3, -10.20, 1.64, claimed=2.23)], "not shown"),
    ("event study against Hubei's benchmark: both undecided",
     [Effect(-0.049, -0.458, 0.360, claimed=-0.063), Effect(-4.3, -10.20, 1.64, claimed=0.73)], "cannot tell"),
    ("peaked around day 22: 9 of 16 within two days net of the counting change, median near it",
     [Share(9, 16), Share(9, 16), Fact(True)], "supported"),
    ("peaked around day 22 under the book's window but not a day narrower (the letter gives none)",
     [Share(9, 16), Share(8, 16), Fact(True)], "partly"),
    ("peaked around day 22 if fewer than half were near it but the median was", [Share(7, 16), Fact(True)], "partly"),
    ("day 22 a turning point: departures from two trends, change points neither most for nor against",
     [Bracket((LINE_AGAINST, FLOOR_RULED_OUT)), Share(8, 16, against=8)], "not shown"),
    ("29 provinces: true of the senders, not of the pairing", [Fact(True), Fact(False)], "partly"),
    ("19 provinces, 16 cities", [Fact(True)], "supported"),
    ("more than 30,000 to Wuhan by early February", [Fact(False)], "contradicted"),
    ("the US side: no data here", [NoTest("no data on the United States here")], "cannot tell"),
    ("the spread slowed in Wuhan and outside it", [Share(2, 2, "all")], "supported"),
    ("confirmed cases still rising (yes) rapidly (no)", [Fact(True), Fact(False)], "partly"),
])
def test_ledger_rows_follow_from_their_evidence(row, evidence, verdict):
    assert claims.verdict(*evidence) == verdict, row


def code_cells(path) -> list[str]:
    """The code cells of a MyST notebook, their option lines dropped."""
    text = path.read_text(encoding="utf-8")
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    out = []
    for cell in cells:
        lines = cell.splitlines()
        if lines and lines[0].strip() == "---":  # a YAML header of options
            end = lines.index("---", 1)
            lines = lines[end + 1:]
        out.append("\n".join(line for line in lines if not line.startswith(":")))
    return out


def test_no_chapter_writes_a_verdict_word_by_hand():
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.md")):
        for cell in code_cells(path):
            for node in ast.walk(ast.parse(cell)):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in claims.SCALE:
                    found.append(f"{path.name} line {node.lineno} of its cell: {node.value!r}")
    assert not found, "verdicts come from pairing.analysis.claims, not from a chapter:\n" + "\n".join(found)


def test_the_scan_finds_a_verdict_word_written_by_hand(tmp_path):
    # The test above must be able to fail.
    chapter = tmp_path / "x.md"
    chapter.write_text('```{code-cell} ipython3\n:tags: [hide-input]\n\nrow = {"verdict": "supported"}\n```\n')
    (cell,) = code_cells(chapter)
    words = [n.value for n in ast.walk(ast.parse(cell)) if isinstance(n, ast.Constant)]
    assert "supported" in words
