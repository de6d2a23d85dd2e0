"""The offline day-slider map: values, colours, outlines, and a fragment that loads nothing."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from pairing import facts
from pairing.figures import interactive, plots


@pytest.fixture
def values() -> pd.DataFrame:
    cases = pd.DataFrame({
        "date": pd.to_datetime(["2020-02-01", "2020-02-01", "2020-02-02", "2020-02-02"]),
        "adcode": ["420100", "429006", "420100", "429006"], "name_en": ["Wuhan", "Tianmen"] * 2,
        "name_zh": ["武汉市", "天门市"] * 2, "active": [1000, 50, 2000, 40]})
    return interactive.active_per_10k(cases, cities_with(census_for_tianmen=None))


def cities_with(census_for_tianmen) -> pd.DataFrame:
    """Wuhan with a 2019 count and a census count; Tianmen with no 2019 count."""
    return pd.DataFrame({
        "adcode": ["420100", "429006"], "name_en": ["Wuhan", "Tianmen"],
        "population_2019": [1_000_000, None], "population_2019_year": ["2019 (year-end)", None],
        "population_2019_grade": ["B", None], "census_2020_population": [1_100_000, census_for_tianmen],
        "census_2020_grade": ["B", "B"]})


@pytest.fixture
def divisions() -> gpd.GeoDataFrame:
    # Two neighbours sharing the meridian 114°E, in Hubei.
    return gpd.GeoDataFrame({"adcode": ["420100", "429006"]},
                            geometry=[box(114, 30, 115, 31), box(113, 30, 114, 31)], crs="EPSG:4326")


def fragment_data(fragment: str) -> dict:
    return json.loads(re.search(r'<script type="application/json">(.*?)</script>', fragment).group(1))


def test_patients_per_10k_use_the_2019_population_and_stay_missing_without_one(values):
    assert values[values["adcode"] == "420100"]["active_per_10k"].tolist() == [10.0, 20.0]
    assert values[values["adcode"] == "429006"]["active_per_10k"].isna().all()
    assert values["census_2020_population"].iloc[0] == 1_100_000  # the count not used is kept beside


def test_the_census_stands_in_where_no_2019_population_is_sourced(values):
    cases = values[["date", "adcode", "name_en", "name_zh", "active"]]
    with_census = interactive.active_per_10k(cases, cities_with(census_for_tianmen=100_000))
    tianmen = with_census[with_census["adcode"] == "429006"]
    assert tianmen["active_per_10k"].tolist() == [5.0, 4.0]
    assert set(tianmen["population_basis"]) == {"2020 census"}
    divisions = gpd.GeoDataFrame({"adcode": ["420100", "429006"]},
                                 geometry=[box(114, 30, 115, 31), box(113, 30, 114, 31)], crs="EPSG:4326")
    assert "no population on record</div>" not in interactive.day_slider_map(with_census, divisions, element_id="m",
                                                                              description="d")


def test_colours_follow_a_square_root_scale_and_grey_marks_missing_values():
    colours = interactive.sqrt_colours(pd.Series([0.0, 5.0, 20.0, np.nan]), top=20.0)
    assert colours.iloc[3] == interactive.NO_DATA
    assert len(set(colours.iloc[:3])) == 3
    # sqrt: a quarter of the top is half-way along the ramp, darker than a linear scale would put it
    assert interactive.sqrt_colours(pd.Series([5.0]), 20.0).iloc[0] == interactive.sqrt_colours(pd.Series([10.0]), 40.0).iloc[0]


def test_outlines_fill_the_width_and_keep_north_up(divisions):
    paths, height = interactive.svg_paths(divisions)
    assert set(paths) == {"420100", "429006"}
    xs = [float(x) for d in paths.values() for x in re.findall(r"[ML](-?[\d.]+),", d)]
    assert min(xs) == pytest.approx(0, abs=0.1) and max(xs) == pytest.approx(interactive.WIDTH, abs=0.1)
    assert 0 < height < interactive.WIDTH  # 1° of latitude is shorter on the page than 2° of longitude here


def test_one_frame_per_day_with_exact_values_opening_on_the_start_day(values, divisions):
    fragment = interactive.day_slider_map(values, divisions, element_id="m", description="d",
                                          start=pd.Timestamp("2020-02-02"))
    data = fragment_data(fragment)
    assert data["days"] == ["1 February 2020", "2 February 2020"]
    assert data["divisions"]["420100"]["per10k"] == [10.0, 20.0]
    assert data["divisions"]["429006"]["per10k"] == [None, None]
    assert data["divisions"]["429006"]["fill"] == [interactive.NO_DATA] * 2
    assert 'value="1"' in fragment and "<output>2 February 2020</output>" in fragment
    assert ">no population on record</div>" in fragment  # the legend explains the grey only when there is some
    wuhan_now = data["divisions"]["420100"]["fill"][1]
    assert re.search(rf'data-adcode="420100" d="[^"]+" fill="{wuhan_now}"', fragment)  # right colours without script


def test_the_fragment_loads_nothing_and_describes_itself(values, divisions):
    fragment = interactive.day_slider_map(values, divisions, element_id="m", description='Map "of" Hubei')
    assert not re.search(r"(src|href)=\"(?!#)", fragment)
    assert "http" not in fragment
    assert '<title id="m-title">Map &quot;of&quot; Hubei</title>' in fragment
    assert fragment.startswith(f'<figure class="{interactive.MARKER}" id="m">')


def test_each_name_starts_at_the_middle_of_its_division(divisions):
    spots = interactive.name_spots(divisions).set_index("adcode")
    _, height = interactive.svg_paths(divisions)
    half = interactive.WIDTH / 2  # the two cells of 1° meet half-way across; on the page each is taller than wide
    for adcode, middle in (("420100", 3 * half / 2), ("429006", half / 2)):
        spot = spots.loc[adcode]
        assert spot["x"] == pytest.approx(middle, abs=3) and spot["across"] == pytest.approx(half, abs=3)
        assert spot["radius"] == pytest.approx(spot["across"] / 2, abs=1)  # the circle inside touches both sides
        assert spot["radius"] <= spot["y"] <= height - spot["radius"]


def test_the_names_are_the_short_english_names_and_hidden_from_screen_readers(values, divisions):
    fragment = interactive.day_slider_map(values, divisions, element_id="m", description="d")
    names = re.search(r'<g class="pairing-daymap-names" aria-hidden="true"[^>]*>(.*?)</g>', fragment).group(1)
    assert re.findall(r"<text [^>]*>([^<]*)</text>", names) == ["Wuhan", "Tianmen"]  # the paths' titles name them
    # Hidden until the script finds which fit on their divisions at the map's width on the screen.
    assert re.findall(r'<text [^>]*display="none"[^>]*>', names) == re.findall(r"<text [^>]*>", names)


def test_each_division_carries_its_number_of_every_map_at_its_middle_and_the_key_names_them_in_order(values, divisions):
    fragment = interactive.day_slider_map(values, divisions, element_id="m", description="d")
    numbers = re.search(r'<g class="pairing-daymap-numbers" aria-hidden="true"[^>]*font-weight="bold"[^>]*>(.*?)</g>',
                        fragment).group(1)
    spots = interactive.name_spots(divisions).set_index("adcode")
    shown = {code: (float(x), float(y), int(n))
             for code, x, y, n in re.findall(r'<text data-adcode="(\d+)" x="([\d.]+)" y="([\d.]+)">(\d+)</text>', numbers)}
    assert shown == {code: (spots.at[code, "x"], spots.at[code, "y"], plots.DIVISION_NUMBERS[code])
                     for code in ("420100", "429006")}
    assert (plots.DIVISION_NUMBERS["429006"], plots.DIVISION_NUMBERS["420100"]) == (9, 14)  # west to east
    # The key is page text under the map (it keeps the page's size on a phone), every division in number
    # order: all of it shows without a script, which hides the entries of the divisions it names on the map.
    key = re.search(r'</svg><ul class="pairing-daymap-key"[^>]*>(.*?)</ul>', fragment).group(1)
    assert re.findall(r'<li data-adcode="(\d+)"[^>]*><b>(\d+)</b> ([^<]*)</li>', key) == [
        ("429006", "9", "Tianmen"), ("420100", "14", "Wuhan")]
    assert "display:none" not in key and "hidden" not in key


def test_a_map_of_places_without_a_number_of_the_book_is_refused(values):
    elsewhere = gpd.GeoDataFrame({"adcode": ["420100", "110000"]},
                                 geometry=[box(114, 30, 115, 31), box(116, 39, 117, 40)], crs="EPSG:4326")
    with pytest.raises(ValueError, match=r"\['110000'\] are not divisions of Hubei"):
        interactive.day_slider_map(values, elsewhere, element_id="m", description="d")


def test_the_legend_is_page_text_with_ticks_on_the_square_root_scale(values, divisions):
    fragment = interactive.day_slider_map(values, divisions, element_id="m", description="d")
    legend = re.search(r'<div class="pairing-daymap-legend".*?</div></div>', fragment).group(0)
    assert "<svg" not in legend and "<text" not in legend  # it keeps the page's size when the map shrinks
    # the top is Wuhan's 20 per 10,000: 5 is a quarter of it, half-way along the bar
    assert re.search(r"left:50\.0%[^>]*>(<[^>]*></span>)?5</span>", legend)
    assert ">30</span>" not in legend  # no tick beyond the largest value


def test_the_slider_is_marked_at_the_letters_day_when_the_map_shows_it(divisions):
    dates = pd.date_range(facts.TEAMS_AT_WORK - pd.Timedelta(days=2), periods=5)
    cases = pd.concat([pd.DataFrame({"date": dates, "adcode": code, "name_en": name, "name_zh": "", "active": 10})
                       for code, name in (("420100", "Wuhan"), ("429006", "Tianmen"))])
    values = interactive.active_per_10k(cases, cities_with(census_for_tianmen=None))
    fragment = interactive.day_slider_map(values, divisions, element_id="m", description="d")
    mark = re.search(r'<button type="button" class="pairing-daymap-mark" data-day="(\d+)"[^>]*left:([\d.]+)%.*?'
                     r'</span>([^<]*)</button>', fragment)
    assert mark.group(3) == f"day {facts.TEAMS_AT_WORK_DAY}"
    assert int(mark.group(1)) == 2 and float(mark.group(2)) == pytest.approx(50)  # the middle of five days
    # a map of days without it has no mark
    later = values.assign(date=values["date"] + pd.Timedelta(days=10))
    assert "pairing-daymap-mark" not in interactive.day_slider_map(later, divisions, element_id="m", description="d")


def test_the_hint_offers_both_hover_and_tap(values, divisions):
    fragment = interactive.day_slider_map(values, divisions, element_id="m", description="d")
    assert re.search(r'<p class="pairing-daymap-readout" aria-live="polite">Hover or tap a division', fragment)
