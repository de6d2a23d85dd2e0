"""Who helped whom: staff per Hubei city from the pairing list, and the geometry of the
province-to-city links for the pairing map. Pure computations; no I/O."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString


def staff_by_city(pairings: pd.DataFrame) -> pd.DataFrame:
    """Staff sent to each paired city, summed over its partner provinces.

    ``staff_sent`` is the sum of the known counts; ``staff_status`` says what that sum is:
    ``"total"`` when every partner's total is known, ``"at least"`` when every partner has a
    count but some are lower bounds, ``"unknown"`` (and ``staff_sent`` missing) when any
    partner's count is missing, since a partial sum would understate the city's help.
    """
    rows = []
    for (adcode, name), group in pairings.groupby(["city_adcode", "city_en"], sort=True):
        known = group["staff_sent"].notna()
        if not known.all():
            status, staff = "unknown", pd.NA
        else:
            status = "total" if group["staff_count_type"].eq("total").all() else "at least"
            staff = int(group["staff_sent"].sum())
        rows.append({"adcode": adcode, "city_en": name, "partners": ", ".join(group["province_en"]),
                     "n_partners": len(group), "staff_sent": staff, "staff_status": status})
    frame = pd.DataFrame(rows)
    frame["staff_sent"] = frame["staff_sent"].astype("Int64")
    return frame


def pairing_links(pairings: pd.DataFrame, provinces: gpd.GeoDataFrame, cities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One straight line per pairing, from a point inside the assisting province to a point
    inside its Hubei city, in the CRS of ``provinces`` (``cities`` must share it).

    ``provinces`` and ``cities`` are indexed by anything but must have an ``adcode`` column.
    """
    if provinces.crs != cities.crs:
        raise ValueError("provinces and cities must share a CRS")
    start = provinces.set_index("adcode").geometry.representative_point()
    end = cities.set_index("adcode").geometry.representative_point()
    missing = sorted(set(pairings["province_adcode"]) - set(start.index) | set(pairings["city_adcode"]) - set(end.index))
    if missing:
        raise KeyError(f"no boundary for adcode(s) {', '.join(missing)}")
    lines = [LineString([start[p], end[c]]) for p, c in zip(pairings["province_adcode"], pairings["city_adcode"])]
    return gpd.GeoDataFrame(pairings.reset_index(drop=True), geometry=lines, crs=provinces.crs)
