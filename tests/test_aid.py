"""The curated pairing tables hold what the documents and announcements say, bad rows stop
the build, and staff sums never pass a partial count off as a total."""

from __future__ import annotations

import pandas as pd
import pytest
from shapely.geometry import Point

from pairing import aid, data, geo
from pairing.errors import DataError


def test_the_2020_02_10_list_pairs_19_provinces_with_the_16_cities_outside_wuhan():
    pairings = data.load_pairings()
    cities = data.load_cities()
    assert pairings["province_adcode"].nunique() == 19
    outside_wuhan = set(cities["adcode"]) - {"420100"}
    assert set(pairings["city_adcode"]) == outside_wuhan
    # Names agree with the cities table wherever a code appears.
    names = cities.set_index("adcode")["name_zh"]
    assert (pairings["city_zh"] == pairings["city_adcode"].map(names)).all()
    # Every assisting province is a mainland province with a boundary.
    assert set(pairings["province_adcode"]) <= set(geo.provinces()["adcode"])


def test_the_superseded_list_was_one_province_to_one_city():
    superseded = data.load_pairings_superseded()
    assert len(superseded) == 16
    assert superseded["province_adcode"].is_unique and superseded["city_adcode"].is_unique


def test_a_staff_count_without_a_source_stops_the_build(copy_of_curated):
    path = copy_of_curated / "pairings.csv"
    table = pd.read_csv(path, dtype=str)
    row = table.index[table["staff_sent"].isna()][0]
    table.loc[row, "staff_sent"] = "500"
    table.to_csv(path, index=False)
    with pytest.raises(DataError) as error:
        data.load_pairings()
    message = str(error.value)
    assert "pairings.csv" in message and "source" in message


def test_staff_by_city_never_sums_a_partial_count():
    pairings = pd.DataFrame({
        "city_adcode": ["1", "1", "2", "2", "3"], "city_en": ["A", "A", "B", "B", "C"],
        "province_en": ["p", "q", "r", "s", "t"],
        "staff_sent": pd.array([100, 50, 30, None, 7], dtype="Int64"),
        "staff_count_type": ["total", "at least", "total", None, "total"],
    })
    staff = aid.staff_by_city(pairings).set_index("adcode")
    assert staff.loc["1", "staff_sent"] == 150 and staff.loc["1", "staff_status"] == "at least"
    assert pd.isna(staff.loc["2", "staff_sent"]) and staff.loc["2", "staff_status"] == "unknown"
    assert staff.loc["3", "staff_sent"] == 7 and staff.loc["3", "staff_status"] == "total"
    assert staff.loc["1", "n_partners"] == 2


def test_pairing_links_run_from_each_province_into_its_city():
    pairings = data.load_pairings()
    provinces = geo.provinces().to_crs(geo.CHINA_ALBERS)
    cities = geo.hubei_divisions().to_crs(geo.CHINA_ALBERS)
    links = aid.pairing_links(pairings, provinces, cities)
    assert len(links) == len(pairings)
    by_code = cities.set_index("adcode").geometry
    ends = [line.coords[-1] for line in links.geometry]
    assert all(by_code[c].contains(Point(e)) for c, e in zip(links["city_adcode"], ends))
    with pytest.raises(ValueError):
        aid.pairing_links(pairings, provinces, geo.hubei_divisions())
