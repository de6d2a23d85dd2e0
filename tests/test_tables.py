"""Tables as readers see them: no index, separators, flags in words, a dash for a missing value."""

from __future__ import annotations

import re

import pandas as pd

from pairing.paths import ROOT
from pairing.report import badges, tables


def cells(styler) -> list[list[str]]:
    """The table's rows as the page shows them, header first (hidden cells left out)."""
    from bs4 import BeautifulSoup

    rows = BeautifulSoup(styler.to_html(), "html.parser").find_all("tr")
    return [[cell.get_text() for cell in row.find_all(["th", "td"]) if "display:none" not in cell.get("style", "")]
            for row in rows]


def test_numbers_flags_dates_and_gaps_are_written_for_readers():
    frame = pd.DataFrame({
        "division": ["Wuhan", "Tianmen"],
        "cases": pd.array([50007, None], dtype="Int64"),
        "rate": [44.96547, None],
        "deaths (whole, stored as float)": [2571.0, 15.0],
        "in the pairing": [False, True],
        "flag with a gap": pd.array([True, None], dtype="boolean"),
        "date": pd.to_datetime(["2020-02-13", None]),
    }, index=pd.Index([7, 8], name="row"))
    shown = cells(tables.show(frame))
    assert shown[0] == list(frame.columns)  # no index column
    assert shown[1] == ["Wuhan", "50,007", "44.97", "2,571", "no", "yes", "13\u00a0February\u00a02020"]  # a date on one line
    assert shown[2] == ["Tianmen", "–", "–", "15", "yes", "–", "–"]


def test_decimals_per_column_and_a_kept_index():
    frame = pd.DataFrame({"r": [0.12345], "p": [0.0312]}, index=pd.Index(["Ezhou"], name="left out"))
    shown = cells(tables.show(frame, decimals={"p": 3}, index=True))
    assert shown == [["left out", "r", "p"], ["Ezhou", "0.12", "0.031"]]


def test_text_is_never_cut_short():
    long = "as the bulletins of the provincial health commission give them, day by day " * 3
    assert long.strip() in tables.show(pd.DataFrame({"note": [long.strip()]})).to_html()


def test_p_values_never_print_as_zero():
    frame = pd.DataFrame({"estimate": [0.5, 0.2], "p": [0.00012, 0.0312], ("p (ρ)"): [0.2, None]})
    assert cells(tables.show(frame))[1:] == [["0.50", "< 0.001", "0.200"], ["0.20", "0.031", "–"]]


def test_one_style_numbers_right_aligned_and_unbroken_words_to_the_left():
    frame = pd.DataFrame({"division": ["Wuhan"], "cases": [50007], "share": [0.5], "flag": [True]})
    html = tables.show(frame).to_html()
    assert 'class="book-table"' in html and "cards" not in html
    # The table's own style sheet: each number column (header and cells) right-aligned, its cells on one
    # line; its header may wrap between words.
    for column in (1, 2):
        assert re.search(rf"\.col{column} \{{\s*text-align: right;\s*\}}", html), column
        assert re.search(rf"td\.col{column} \{{\s*white-space: nowrap;\s*\}}", html), column
    assert not re.search(r"\.col[03] \{\s*text-align: right", html)
    assert re.search(r"_row0_col0, #T_\w+_row0_col3 \{\s*text-align: left;", html)  # words and flags


def test_phrases_of_numbers_stand_as_numbers_and_dates_written_as_text_stay_on_one_line():
    frame = pd.DataFrame({"division": ["Wuhan", "Ezhou"], "interval": ["-1.7 to 0.6", "18.93 to 50.72"],
                          "days": ["1–50", "3–50"], "r": ["-0.68 (p = 0.016)", "-0.47 (p < 0.001)"],
                          "peak": ["18 Feb (day 27)", "13 February 2020"], "note": ["as 1 to 2", "a"]})
    html = tables.show(frame).to_html()
    for column in (1, 2, 3):  # right-aligned, unbroken
        assert re.search(rf"td\.col{column} \{{\s*white-space: nowrap;", html), column
    assert not re.search(r"td\.col[045] \{", html)
    assert cells(tables.show(frame))[1][1:5] == ["-1.7\u00a0to\u00a00.6", "1–50", "-0.68\u00a0(p\u00a0=\u00a00.016)",
                                                  "18\u00a0Feb\u00a0(day\u00a027)"]
    assert cells(tables.show(frame))[2][5] == "a"  # a text column keeps its spaces


def test_a_coefficient_with_its_p_value_is_one_right_aligned_cell():
    cell = tables.estimate_with_p(-0.7012, 0.0171)
    assert cell == '-0.70<br><span class="p-value">p\u00a0=\u00a00.017</span>'
    assert tables.estimate_with_p(-0.92, 0.0004).endswith("p\u00a0<\u00a00.001</span>")
    html = tables.show(pd.DataFrame({"left out": ["Ezhou"], "r": [cell]})).to_html()
    assert cell in html and re.search(r"td\.col1 \{\s*white-space: nowrap;", html)


def test_a_hash_may_break_anywhere_rather_than_widen_its_column():
    frame = pd.DataFrame({"name": ["a file"], "sha256": ["06ae7ad4a47ca8ef7ad30d24d1d5b7e17595b732" * 2]})
    html = tables.show(frame).to_html()
    assert re.search(r"_row0_col1 \{[^}]*overflow-wrap: anywhere;", html)
    assert "overflow-wrap" not in tables.show(frame[["name"]]).to_html()
    # A long path breaks after its separators (book.js marks them), so its column is no narrower than its
    # longest part: it does not break anywhere.
    paths = pd.DataFrame({"name": ["canghailan-wuhan-2019-ncov/Data/2020-01-20.csv" * 1], "bytes": [1037]})
    html = tables.show(paths).to_html()
    assert re.search(r"_row0_col0 \{[^}]*overflow-wrap: break-word;", html) and "anywhere" not in html


def test_verdicts_and_statuses_are_badges_and_their_tables_of_sentences_cards():
    frame = pd.DataFrame({"claim": ["a", "b"], "verdict": ["supported", "not shown"]})
    html = tables.show(frame).to_html()
    assert 'class="book-table"' in html  # short rows: a table
    sentences = frame.assign(claim=["a" * tables.SENTENCE_CHARS, "b"])
    assert 'class="book-table cards"' in tables.show(sentences).to_html()
    assert badges.html("supported") in html and badges.html("not shown") in html
    assert cells(tables.show(frame))[1:] == [["a", "supported"], ["b", "not shown"]]


def test_a_verdict_is_a_badge_wherever_it_is_shown_a_header_and_a_kind_of_difference_too():
    """A fresh reader's finding: the findings' counts were headed by verdicts in plain words, and the
    chapters' tables of differences gave each kind in plain words, where elsewhere they are badges."""
    counts = pd.DataFrame({"supported": [3], "cannot tell": [2]}, index=pd.Index(["letter"], name="document"))
    html = tables.show(counts, index=True).to_html()
    assert badges.html("supported") in html and badges.html("cannot tell") in html
    differences = pd.DataFrame({"aspect": ["cities", "layout"], "kind": ["content", "form"]})
    html = tables.show(differences).to_html()
    assert badges.html("content") in html and badges.html("form") in html
    # A column named "kind" whose words are no badge's (a division's kind) stays words.
    divisions = pd.DataFrame({"division": ["Wuhan"], "kind": ["sub-provincial city"]})
    assert "sd-badge" not in tables.show(divisions).to_html()
    from pairing.report import exhibits

    assert set(exhibits.KINDS) <= set(badges.COLOURS)


def test_a_badge_is_the_same_in_myst_and_in_html():
    assert badges.myst("partly") == "{bdg-warning}`partly`"
    assert badges.html("partly") == '<span class="sd-sphinx-override sd-badge sd-bg-warning sd-bg-text-warning">partly</span>'
    assert badges.html("reproduced as far as its words tell") == (
        '<span class="sd-sphinx-override sd-badge sd-outline-success sd-text-success">reproduced as far as its words tell</span>')


def test_a_myst_table_escapes_its_cells_and_reads_as_cards_on_a_phone():
    text = tables.myst(["a", "b"], [["x | y", "line\nbreak"], ["{bdg-info}`not shown`", "2"]])
    assert text.splitlines() == ["```{table}", ":class: cards", "", "| a | b |", "|---|---|",
                                 "| x \\| y | line break |", "| {bdg-info}`not shown` | 2 |", "```"]
    assert ":class: book-table" in tables.myst(["a"], [["1"]], cards=False)


def test_a_table_is_written_the_same_every_time_and_two_tables_apart():
    """pandas names a styled table's CSS by a random id: a page built twice differed in every table.
    The id comes from the table's content, so the same table is the same HTML, and two tables differ."""
    frame = pd.DataFrame({"division": ["Wuhan", "Xiaogan"], "cases": [50_006, 3_518]})
    first, again = tables.show(frame).to_html(), tables.show(frame.copy()).to_html()
    other = tables.show(frame.assign(cases=[1, 2])).to_html()
    table_id = re.search(r'<table id="(T_\w+)"', first).group(1)
    assert first == again
    assert table_id != re.search(r'<table id="(T_\w+)"', other).group(1)


def test_the_page_script_and_the_package_share_one_sentence_length_and_one_phone_width():
    # book.js decides on the reader's screen which tables are cards, by the rule tables.py applies to
    # the tables it writes: the two must not drift apart, nor the script's phone width from the style's.
    script = (ROOT / "assets" / "book.js").read_text(encoding="utf-8")
    style = (ROOT / "assets" / "book.css").read_text(encoding="utf-8")
    assert re.findall(r"const SENTENCE_CHARS = (\d+);", script) == [str(tables.SENTENCE_CHARS)]
    script_widths = set(re.findall(r'matchMedia\("\(max-width: (\d+)px\)"\)', script))
    assert script_widths and script_widths <= set(re.findall(r"@media \(max-width: (\d+)px\)", style)), script_widths


def test_a_group_column_is_written_once_at_the_head_of_each_run():
    frame = pd.DataFrame({"variant": ["a", "a", "a", "b", "b", "a"], "outcome": list("xyzxyx"), "r": [0.1] * 6})
    html = tables.show(frame, group="variant").to_html()
    cells = re.findall(r'<td id="T_\w+_row\d+_col0" class="[^"]*" >([^<]*)</td>', html)
    assert cells == ["a", "", "", "b", "", "a"]  # a run that starts again is headed again
    assert frame["variant"].tolist() == ["a", "a", "a", "b", "b", "a"]  # the caller's frame is left whole


def test_a_column_of_chinese_names_keeps_its_short_names_on_one_line():
    # A browser may break Chinese text after any character: on a phone, Enshi's name took ten lines. The short
    # names kept whole hold the column to their width, so that a long one breaks there, not after each character.
    frame = pd.DataFrame({"division": ["Wuhan", "Shennongjia", "Enshi"], "中文": ["武汉市", "神农架林区", "恩施土家族苗族自治州"],
                          "n": [1, 2, 3]})
    html = tables.show(frame).to_html()
    nowrap = {cell for selector, props in re.findall(r"([^{}]+)\{([^}]*)\}", html) if "white-space: nowrap" in props
              for cell in re.findall(r"_(row\d+_col\d+)", selector)}
    assert nowrap == {"row0_col1", "row1_col1"}, nowrap
