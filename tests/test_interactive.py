"""The offline interactive map: values, frames, missing populations, and no script from elsewhere."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from pairing import interactive


@pytest.fixture
def values() -> pd.DataFrame:
    cases = pd.DataFrame({
        "date": pd.to_datetime(["2020-02-01", "2020-02-01", "2020-02-02", "2020-02-02"]),
        "adcode": ["420100", "429006", "420100", "429006"], "name_en": ["Wuhan", "Tianmen"] * 2,
        "name_zh": ["武汉市", "天门市"] * 2, "active": [1000, 50, 2000, 40]})
    cities = pd.DataFrame({"adcode": ["420100", "429006"], "population_2019": [1_000_000, None]})
    return interactive.active_per_10k(cases, cities)


@pytest.fixture
def divisions() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"adcode": ["420100", "429006"]}, geometry=[box(114, 30, 115, 31), box(113, 30, 114, 31)],
                            crs="EPSG:4326")


def test_patients_per_10k_use_the_2019_population_and_stay_missing_without_one(values):
    wuhan = values[values["adcode"] == "420100"]["active_per_10k"].tolist()
    assert wuhan == [10.0, 20.0]
    assert values[values["adcode"] == "429006"]["active_per_10k"].isna().all()


def test_one_frame_per_day_carrying_values_only(values, divisions):
    fig = interactive.day_slider_map(values, divisions, "title")
    assert [f.name for f in fig.frames] == ["1 Feb", "2 Feb"]
    frame = fig.frames[1].data[0]
    assert frame.geojson is None and list(frame.locations) == ["420100"]
    assert frame.customdata[0][3] == 20.0  # the exact value for the hover
    assert [s["label"] for s in fig.layout.sliders[0].steps] == ["1 Feb", "2 Feb"]
    assert fig.layout.map.style == "white-bg"  # no tiles, no requests


def test_a_division_without_population_is_drawn_grey_and_says_so(values, divisions):
    fig = interactive.day_slider_map(values, divisions, "title")
    grey = fig.data[1]
    assert list(grey.locations) == ["429006"] and "no population" in grey.hovertemplate
    assert all(frame.data[0].locations is not None and "429006" not in frame.data[0].locations for frame in fig.frames)


def test_the_html_fragment_loads_no_script_and_describes_the_map(values, divisions):
    fragment = interactive.html(interactive.day_slider_map(values, divisions, "title"), 'Map "of" Hubei')
    assert not re.search(r"<script[^>]+src=", fragment)
    assert 'aria-label="Map &quot;of&quot; Hubei"' in fragment
    assert interactive.MARKER in fragment
    assert interactive.plotly_js().stat().st_size > 1_000_000
