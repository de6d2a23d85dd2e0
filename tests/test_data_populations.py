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
