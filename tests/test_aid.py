"""The curated pairing tables hold what the documents and announcements say, bad rows stop
the build, and staff sums never pass a partial count off as a total."""

from __future__ import annotations

import pandas as pd
import pytest
from shapely.geometry import Point

from pairing import data
from pairing.data import geo
from pairing.analysis import aid
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


def test_the_unpaired_senders_and_the_pairing_cover_the_mainland_once():
    """Every mainland province but Hubei sent a team: 19 paired, the rest in unpaired_senders.csv,
    and no province in both."""
    pairings, unpaired = data.load_pairings(), data.load_unpaired_senders()
    paired = set(pairings["province_adcode"])
    assert paired.isdisjoint(unpaired["province_adcode"])
    assert paired | set(unpaired["province_adcode"]) == set(geo.provinces()["adcode"]) - {"420000"}
    assert unpaired["source"].str.strip().ne("").all() and unpaired["grade"].str.match("^[ABC]").all()


def test_sender_classes_say_what_each_unit_sent():
    pairings, unpaired = data.load_pairings(), data.load_unpaired_senders()
    units = geo.provinces(mainland_only=False)["adcode"]
    classes = aid.sender_classes(units, pairings, unpaired).set_axis(units)
    assert classes.value_counts().to_dict() == {aid.PAIRED: 19, aid.MEDICAL: 10, aid.OUTSIDE_DISPATCH: 3,
                                                aid.DISEASE_CONTROL: 1, aid.HUBEI: 1}
    assert classes["710000"] == "outside the mainland's dispatch" and classes["540000"] == "disease-control staff only"
    assert set(classes[classes == "paired"].index) == set(pairings["province_adcode"])
    with pytest.raises(ValueError, match="on the pairing list and among the unpaired senders"):
        aid.sender_classes(units, pairings, pd.concat([unpaired, unpaired.head(1).assign(province_adcode="500000")]))


def test_a_mainland_unit_no_source_names_is_no_team_found_and_taiwan_is_never_that():
    """A fresh reader's finding: Taiwan, Hong Kong and Macao were classed "no team found", which reads as
    a search that failed; they lie outside the mainland's dispatch. A unit of the mainland that neither
    list names is the search that came back empty, and keeps that name."""
    units = pd.Series(["110000", "420000", "540000", "620000", "710000", "810000"])
    pairings = pd.DataFrame({"province_adcode": ["110000"]})
    unpaired = pd.DataFrame({"province_adcode": ["540000"], "team_kind": ["disease control"]})
    classes = aid.sender_classes(units, pairings, unpaired).tolist()
    assert classes == [aid.PAIRED, aid.HUBEI, aid.DISEASE_CONTROL, aid.NO_TEAM, aid.OUTSIDE_DISPATCH,
                       aid.OUTSIDE_DISPATCH]
    assert aid.NO_TEAM != aid.OUTSIDE_DISPATCH and set(aid.SENT) < set(aid.SENDER_CLASSES)
    # Named on a list, a unit outside the mainland is classed by what it sent.
    assert aid.sender_classes(units, pairings, unpaired.assign(province_adcode="810000")).iloc[5] == aid.DISEASE_CONTROL


def test_link_layout_splits_west_from_east_and_orders_north_to_south():
    pairings = data.load_pairings()
    cities = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)
    layout = aid.link_layout(pairings, cities)
    assert len(layout) == 19 and layout["side"].value_counts().to_dict() == {"left": 10, "right": 9}
    assert layout.groupby("side")["x"].agg(["min", "max"]).loc["left", "max"] <= layout.loc[layout["side"] == "right", "x"].min()
    for _, column in layout.groupby("side"):
        assert column.sort_values("rank")["y"].is_monotonic_decreasing


def test_pairing_arcs_run_from_each_label_into_its_city():
    pairings = data.load_pairings()
    cities = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)
    layout = aid.link_layout(pairings, cities)
    x0, y0, x1, y1 = cities.total_bounds
    arcs = aid.pairing_arcs(pairings, cities, layout, {"left": x0 - 1, "right": x1 + 1}, top=y1, bottom=y0)
    assert len(arcs) == len(pairings)
    by_code = cities.set_index("adcode").geometry
    assert all(by_code[c].contains(Point(line.coords[-1])) for c, line in zip(arcs["city_adcode"], arcs.geometry))
    starts = [line.coords[0] for line in arcs.geometry]
    assert all(x in (x0 - 1, x1 + 1) for x, _ in starts)
    # One label per province: every link of a province starts at the same point.
    assert arcs.assign(start=starts).groupby("province_adcode")["start"].nunique().eq(1).all()


def test_a_division_s_first_team_is_its_earliest_pairing_unless_one_date_is_unknown():
    pairings = pd.DataFrame({"city_adcode": ["420200", "420200", "420300", "420300", "420500"],
                             "first_team_date": pd.to_datetime(["2020-02-09", "2020-01-28", "2020-02-11", None,
                                                                "2020-02-10"])})
    first = aid.first_teams(pairings)
    assert first["420200"] == pd.Timestamp("2020-01-28")  # the earliest of two partners
    assert pd.isna(first["420300"])  # one partner's date unknown: the first cannot be known
    assert first["420500"] == pd.Timestamp("2020-02-10")
