"""Tables as readers see them: no index, separators, flags in words, a dash for a missing value."""

from __future__ import annotations

import pandas as pd

from pairing.report import tables


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
    assert shown[1] == ["Wuhan", "50,007", "44.97", "2,571", "no", "yes", "13 February 2020"]
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
