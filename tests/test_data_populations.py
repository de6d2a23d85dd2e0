"""What a per-head rate is divided by, said in words from the cities table."""

from __future__ import annotations

import pandas as pd

from pairing import data
from pairing.report import populations


def test_the_population_note_counts_years_grades_and_gaps():
    cities = pd.DataFrame({
        "adcode": ["1", "2", "3", "4"], "name_en": ["A", "B", "C", "D"],
        "population_2019": [10, 20, 30, None], "population_2019_year": ["2019 (year-end)", "unstated", "2019", None],
        "population_2019_grade": ["B", "C", "C", None],
        "census_2020_population": [11, 21, 31, 41], "census_2020_grade": ["B", "B", "C (derived)", "B"]})
    assert populations.population_note(cities, "population_2019") == (
        "the year-end 2019 resident population (dated 2019 for 2 divisions, grade B 1, grade C 1; of "
        "unstated year for B, grade C; none for D)")
    assert populations.population_note(cities, "census_2020_population").endswith("(all 4 divisions, grade B 3, grade C 1)")
    assert populations.population_note(cities, "population_2019", adcodes=["1"]) == (
        "the year-end 2019 resident population (dated 2019 for 1 division, grade B)")
    # The book's rates: the census stands in for D, and the note says so by name.
    assert populations.population_note(cities).endswith("; of unstated year for B, grade C; the 2020 census for D, grade B)")

def test_the_per_head_population_takes_the_census_only_where_2019_is_missing():
    cities = data.load_cities()
    per_head = data.per_head_population(cities).set_index("name_en")
    assert per_head["population"].notna().all()
    from_2019 = cities.set_index("name_en")["population_2019"].notna()
    assert (per_head.loc[from_2019, "population"] == per_head.loc[from_2019, "population_2019"]).all()
    assert (per_head.loc[~from_2019, "population"] == per_head.loc[~from_2019, "census_2020_population"]).all()
    assert set(per_head.loc[~from_2019, "population_basis"]) == {"2020 census"}
    assert per_head["census_2020_population"].notna().all()  # both counts kept beside the one used


def test_every_division_has_a_census_count_summing_to_hubeis_total():
    cities = data.load_cities()
    assert cities["census_2020_population"].notna().all()
    assert int(cities["census_2020_population"].sum()) == 57_752_557  # Hubei's seventh census bulletin


def test_census_sources_link_the_page_of_their_division_directly():
    """A reader's finding: Tianmen's census count was linked through a redirecting proxy (an address
    carrying another address as a parameter), and Shennongjia's through the page of Shennong Peak
    (神农顶), not of the forestry district (神农架林区)."""
    import re
    from urllib.parse import unquote

    cities = data.load_cities().set_index("name_en")
    for name, source in cities["census_2020_source"].items():
        assert not re.search(r"\?\w+=https?(%3A|:)", source), f"{name}: {source}"  # no redirector
    shennongjia = unquote(cities.at["Shennongjia", "census_2020_source"])
    assert "神农顶" not in shennongjia and "神农架林区" in shennongjia
    assert "天门市" in unquote(cities.at["Tianmen", "census_2020_source"])


def test_the_census_sum_is_said_to_hold_by_construction():
    """A reader's finding: the 17 census counts summing to Hubei's total was presented as a check,
    though Xiantao's count is derived as that total less the other 16."""
    from pairing.data import schemas
    from pairing.paths import ROOT

    readme = " ".join((ROOT / "data" / "README.md").read_text(encoding="utf-8").split())
    assert readme.count("by construction") >= 2  # where the checks are listed and in the known gaps
    assert "they sum exactly to Hubei's census total" not in readme
    messages = [check.error for check in schemas.CURATED["cities.csv"].checks]
    assert any("must sum to" in m and "by construction" in m for m in messages)
