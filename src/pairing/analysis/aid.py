"""Who helped whom: staff per Hubei city from the pairing list, what each province sent, and
the layout and geometry of the province-to-city links of the pairing map. Pure computations; no I/O."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString

from pairing import facts
from pairing.analysis import dynamics, stats
from pairing.data import geo

#: The first pairing list, one province to one city (7 February 2020), and the list that replaced it
#: (10 February 2020, the National Health Commission's), which the book draws.
FIRST_LIST = pd.Timestamp("2020-02-07")
PAIRING_DAY = pd.Timestamp("2020-02-10")


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


#: How the pairing map classes each provincial-level unit (:func:`sender_classes`), each class named
#: once, here: the map's legend, its export (``figures/letter-fig2-senders.csv``) and the chapter's
#: guards read these names.
PAIRED = "paired"
MEDICAL = "medical teams, not paired"
DISEASE_CONTROL = "disease-control staff only"
#: Taiwan, Hong Kong and Macao: not among the provincial-level units the mainland's dispatch of teams
#: drew on (:data:`pairing.data.geo.NOT_MAINLAND`). Not a search that came back empty.
OUTSIDE_DISPATCH = "outside the mainland's dispatch"
#: A unit of the mainland that neither the pairing list nor the other senders name: a search that came
#: back empty, kept apart from the units outside the dispatch.
NO_TEAM = "no team found"
HUBEI = "Hubei"
SENDER_CLASSES = (PAIRED, MEDICAL, DISEASE_CONTROL, OUTSIDE_DISPATCH, NO_TEAM, HUBEI)
#: The classes of the units that sent staff to Hubei.
SENT = (PAIRED, MEDICAL, DISEASE_CONTROL)


def first_teams(pairings: pd.DataFrame) -> pd.Series:
    """Each paired division's first team from a partner province, by ``city_adcode``: the earliest
    ``first_team_date`` of its pairings (each the day a province's first team for the city left or
    arrived, as the sources report it). A division with a pairing whose date was not found gets no
    date (NaT): its first team cannot be known if one of its partners' is not. The one definition,
    for every chapter and section that dates a division's first team."""
    dates = pairings.groupby("city_adcode")["first_team_date"]
    return dates.min().where(~dates.apply(lambda d: d.isna().any())).rename("first_team_date")


def sender_classes(adcodes: pd.Series, pairings: pd.DataFrame, unpaired: pd.DataFrame,
                   hubei: str = facts.HUBEI, outside: frozenset[str] | set[str] = frozenset(geo.NOT_MAINLAND)) -> pd.Series:
    """What each provincial-level unit in ``adcodes`` sent to Hubei, as far as the sources say:
    :data:`PAIRED` (on the pairing list), :data:`MEDICAL` and :data:`DISEASE_CONTROL` (from
    ``unpaired``'s ``team_kind``), :data:`HUBEI` itself, :data:`OUTSIDE_DISPATCH` for the units of
    ``outside`` (Taiwan, Hong Kong, Macao) that no list names, and :data:`NO_TEAM` for a unit of the
    mainland that none names. Indexed like ``adcodes``."""
    kinds = unpaired.set_index("province_adcode")["team_kind"].map({"medical": MEDICAL, "disease control": DISEASE_CONTROL})
    if kinds.isna().any():
        raise ValueError(f"unknown team_kind for {', '.join(kinds[kinds.isna()].index)}")
    overlap = set(kinds.index) & set(pairings["province_adcode"])
    if overlap:
        raise ValueError(f"on the pairing list and among the unpaired senders: {', '.join(sorted(overlap))}")
    classes = adcodes.map(kinds)
    classes = classes.where(classes.notna(), np.where(adcodes.isin(list(outside)), OUTSIDE_DISPATCH, NO_TEAM))
    classes[adcodes.isin(pairings["province_adcode"])] = PAIRED
    classes[adcodes == hubei] = HUBEI
    return classes


def link_layout(pairings: pd.DataFrame, cities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where each assisting province's label goes beside a map of Hubei: in a column on the
    ``"left"`` or the ``"right"`` of the map, half the provinces each (those whose cities lie
    furthest west on the left), each column in the north-to-south order of the provinces' cities,
    so that the links from the labels to the cities barely cross.

    One row per province: ``province_adcode``, ``side``, ``rank`` (0 at the top of its column),
    ``x`` and ``y`` (the mean position of its cities' points, in the CRS of ``cities``).
    """
    points = cities.set_index("adcode").geometry.representative_point()
    missing = sorted(set(pairings["city_adcode"]) - set(points.index))
    if missing:
        raise KeyError(f"no boundary for adcode(s) {', '.join(missing)}")
    frame = pairings.assign(x=pairings["city_adcode"].map(points.x), y=pairings["city_adcode"].map(points.y))
    layout = (frame.groupby(["province_adcode", "province_en"], as_index=False)[["x", "y"]].mean()
              .sort_values(["x", "province_en"]).reset_index(drop=True))
    n_left = (len(layout) + 1) // 2
    layout["side"] = ["left"] * n_left + ["right"] * (len(layout) - n_left)
    layout = layout.sort_values(["side", "y", "province_en"], ascending=[True, False, True]).reset_index(drop=True)
    layout["rank"] = layout.groupby("side").cumcount()
    return layout[["province_adcode", "side", "rank", "x", "y"]]


def _bezier(start: tuple[float, float], end: tuple[float, float], n: int = 40) -> LineString:
    """A cubic curve that leaves ``start`` and reaches ``end`` horizontally."""
    (x0, y0), (x3, y3) = start, end
    x1, x2 = x0 + 0.5 * (x3 - x0), x3 - 0.25 * (x3 - x0)
    t = np.linspace(0, 1, n)[:, None]
    controls = np.array([[x0, y0], [x1, y0], [x2, y3], [x3, y3]])
    weights = np.hstack([(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3])
    return LineString(weights @ controls)


def pairing_arcs(pairings: pd.DataFrame, cities: gpd.GeoDataFrame, layout: pd.DataFrame,
                 starts: dict[str, float], top: float, bottom: float) -> gpd.GeoDataFrame:
    """One curve per pairing, from its province's label (:func:`link_layout`) to a point inside
    its city, in the CRS of ``cities``.

    ``starts`` gives the x where each column's links begin (``{"left": …, "right": …}``); a
    column's labels are spread evenly from ``top`` to ``bottom``. The curve's last point is the
    city's ``representative_point()``, which lies inside the city's polygon.
    """
    points = cities.set_index("adcode").geometry.representative_point()
    sizes = layout.groupby("side")["rank"].max()
    slots = layout.set_index("province_adcode")
    lines, label_y = [], []
    for province, city in zip(pairings["province_adcode"], pairings["city_adcode"]):
        side, rank = slots.at[province, "side"], slots.at[province, "rank"]
        y0 = top - (top - bottom) * rank / max(int(sizes[side]), 1)
        label_y.append(y0)
        lines.append(_bezier((starts[side], y0), (points[city].x, points[city].y)))
    arcs = gpd.GeoDataFrame(pairings.reset_index(drop=True), geometry=lines, crs=cities.crs)
    arcs["side"] = arcs["province_adcode"].map(slots["side"])
    arcs["label_y"] = label_y
    return arcs


def several_cities(pairings: pd.DataFrame) -> pd.Series:
    """The provinces paired with more than one city: each ``province_en`` with the list of its
    cities' ``city_en``, in the order of the pairing list."""
    cities = pairings.groupby("province_en")["city_en"].agg(list)
    return cities[cities.str.len() > 1]


def superseded_fate(superseded: pd.DataFrame, pairings: pd.DataFrame) -> pd.DataFrame:
    """What became of each pairing of the first list (``superseded``) on the final one: ``fate`` is
    ``"kept"`` where the province kept its city, ``"dropped"`` where the province is not on the final
    list, and ``"moved"`` where it was given another city. One row per row of ``superseded``, in its
    order."""
    final = pairings.groupby("province_adcode")["city_adcode"].agg(set)
    cities = superseded["province_adcode"].map(final)
    kept = [isinstance(c, set) and city in c for c, city in zip(cities, superseded["city_adcode"])]
    fate = np.where(kept, "kept", np.where(cities.isna(), "dropped", "moved"))
    return superseded.assign(fate=fate)


def medical_senders(pairings: pd.DataFrame, unpaired: pd.DataFrame) -> int:
    """How many provinces sent medical teams: those on the pairing list and the unpaired senders
    whose ``team_kind`` is ``"medical"``."""
    return pairings["province_adcode"].nunique() + int((unpaired["team_kind"] == "medical").sum())


def staff_need(staff: pd.DataFrame, panel: pd.DataFrame, populations: pd.DataFrame,
               day: pd.Timestamp = PAIRING_DAY) -> pd.DataFrame:
    """Each paired city's staff (:func:`staff_by_city`) beside its need: its peak of patients under
    treatment (``peak``, ``peak_date``), its ``confirmed_0210`` and ``active_0210`` on ``day`` (the day
    of the pairing list), its population (``populations``: :func:`pairing.data.per_head_population`),
    and staff per 10,000 residents (``staff_per_10k``) and per patient at the peak
    (``staff_per_peak_patient``), missing where the staff count is."""
    peaks = dynamics.peaks(panel)[["adcode", "peak", "peak_date"]]
    on_day = panel[panel["date"] == day][["adcode", "confirmed", "active"]].rename(
        columns={"confirmed": "confirmed_0210", "active": "active_0210"})
    need = (staff.merge(peaks, on="adcode").merge(on_day, on="adcode")
            .merge(populations[["adcode", "population", "population_basis", "population_grade",
                                "census_2020_population"]], on="adcode"))
    need["staff_per_10k"] = stats.per_10k(need["staff_sent"], need["population"]).astype(float)
    need["staff_per_peak_patient"] = (need["staff_sent"].astype(float) / need["peak"]).astype(float)
    return need


def staff_need_correlation(need: pd.DataFrame):
    """Spearman's rank correlation between patients under treatment on the day of the pairing list
    and staff sent, over the cities whose staff count is known (scipy's result: ``statistic``,
    ``pvalue``)."""
    from scipy import stats as scipy_stats  # 0.7 s to import: paid only by the chapter that correlates

    known = need[need["staff_sent"].notna()]
    return scipy_stats.spearmanr(known["active_0210"], known["staff_sent"].astype(float))


def timeline_row(timeline: pd.DataFrame, date: str, measure: str = "in Hubei") -> pd.Series:
    """The report of ``measure`` (``"in Hubei"``, ``"in Wuhan"``) dated ``date`` in the aid timeline."""
    return timeline[(timeline["as_of"] == pd.Timestamp(date)) & (timeline["measure"] == measure)].iloc[0]


def sender_count(counts: pd.DataFrame, date: str, outlet: str) -> pd.Series:
    """The count of senders reported on ``date`` by the outlet whose name begins ``outlet`` (the
    first word of the ``source``: ``"Xinhua"``, ``"People's"``, ``"China"``)."""
    by_source = counts.assign(outlet=counts["source"].str.split(" ").str[0]).set_index(["as_of", "outlet"])
    return by_source.loc[(pd.Timestamp(date), outlet)]
