"""Who helped whom (the chapter ``notebooks/03_pairing.md``): its numbers and phrases as glue
mappings, its guarded sentences, its tables as shown, the table of differences from the letter's
Fig. 2 and the evidence for the letter's and the article's claims about the pairing.

The guards take the chapter's :class:`~pairing.report.prose.Prose` and quote the chapter's own
sentences; the computations are :mod:`pairing.analysis.aid`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler

from pairing import facts
from pairing.analysis import aid
from pairing.analysis.claims import Fact, NoTest, claim
from pairing.data import geo
from pairing.figures import staffing
from pairing.figures.pairmap import OUTSIDE_MAINLAND, PairingMap
from pairing.report import exhibits, tables
from pairing.report.prose import Prose, count_of, listed, significance

#: Hu et al. 2020: doctors and nurses sent to Hubei's cities other than Wuhan.
ARTICLE_OTHER_CITIES = 11_225
#: The letter's count of medical staff in Wuhan by 20 February.
LETTER_WUHAN = 32_572
TIBET = "540000"
#: The five cities with two partners, and Shanxi's three small cities (Xiantao, Qianjiang, Tianmen),
#: as the chapter names them.
TWO_PARTNERS = {"Xiaogan", "Huanggang", "Jingzhou", "Xiangyang", "Jingmen"}
SHANXI_CITIES = ("429004", "429005", "429006")
#: The columns of the pairing list the map's export carries.
FIG2_COLUMNS = ["province_adcode", "province_en", "province_zh", "city_adcode", "city_en", "city_zh", "announced",
                "first_team_date", "staff_sent", "staff_count_type", "source", "staff_source"]


def names(provinces: pd.DataFrame, cities: pd.DataFrame) -> dict[str, str]:
    """The English name of every province (``data.load_provinces()``) and Hubei division
    (``data.load_cities()``), by adcode."""
    return {**provinces.set_index("adcode")["name_en"].to_dict(), **cities.set_index("adcode")["name_en"].to_dict()}


# -- the pairing list ----------------------------------------------------------------------------


def list_numbers(pairings: pd.DataFrame, superseded: pd.DataFrame, staff: pd.DataFrame) -> dict[str, object]:
    """The glue of "The pairing list": the list's size, its cities with two partners and provinces
    with several cities, its staff counts, and what became of the first list of 7 February."""
    two_partners = staff[staff["n_partners"] > 1]
    multi_city = aid.several_cities(pairings)
    fate = aid.superseded_fate(superseded, pairings)["fate"]
    dropped = superseded.loc[fate == "dropped", "province_en"]
    union = set(pairings["province_adcode"]) | set(superseded["province_adcode"])
    before_lists = pairings[pairings["first_team_date"] < aid.FIRST_LIST]
    return {
        "n_pair_provinces": pairings["province_adcode"].nunique(),
        "n_pair_cities": pairings["city_adcode"].nunique(),
        "n_pairs": len(pairings),
        "n_cities_two_partners": len(two_partners),
        "cities_two_partners": ", ".join(two_partners["city_en"]),
        "multi_city_provinces": "; ".join(f"{p} ({', '.join(c)})" for p, c in multi_city.items()),
        "n_pairs_staff_known": int(pairings["staff_sent"].notna().sum()),
        "n_pairs_staff_total": int(pairings["staff_count_type"].eq("total").sum()),
        "n_superseded": len(superseded),
        "n_superseded_kept": int((fate == "kept").sum()),
        "superseded_dropped": ", ".join(dropped),
        "n_superseded_dropped": len(dropped),
        "n_superseded_moved": int((fate == "moved").sum()),
        "n_provinces_either_list": len(union),
        "n_team_before_lists": count_of(len(before_lists), len(pairings), "pairings"),
    }


def guard_list(prose: Prose, pairings: pd.DataFrame, staff: pd.DataFrame) -> None:
    """The sentences of "The pairing list" on its cities with two partners and its province with
    several cities."""
    two_partners = staff[staff["n_partners"] > 1]
    multi_city = aid.several_cities(pairings)
    prose.guard(len(multi_city) == 1, "one province has several cities", f"{len(multi_city)} provinces do")
    prose.guard(set(two_partners["city_en"]) == TWO_PARTNERS
                and multi_city.index.tolist() == ["Shanxi"] and len(multi_city.iloc[0]) == 3,
                "Shanxi, paired with three … Huanggang and Xiaogan, both with two partners")


#: What each count of staff sent is, as the pairing list shows it beside the number.
STAFF_COUNT = {"total": "total", "at least": "lower bound"}  # a sum of the batches reported: the text says so


def pairing_table(pairings: pd.DataFrame) -> Styler:
    """The pairing list as the page shows it: city, province, first team, the staff sent as a number
    (a dash where none was found) and, in a column of its own, what the count is: a total, a lower
    bound, or not found (:data:`STAFF_COUNT`); by city."""
    count = [STAFF_COUNT[t] if pd.notna(s) else "not found"
             for s, t in zip(pairings["staff_sent"], pairings["staff_count_type"])]
    return (pairings.assign(first_team=pairings["first_team_date"].dt.strftime("%-d %b"),
                            staff=pairings["staff_sent"].astype("Int64"), count=count)
            .sort_values(["city_adcode", "province_en"])
            [["city_en", "province_en", "first_team", "staff", "count"]]
            .rename(columns={"city_en": "Hubei city", "province_en": "assisting province",
                             "first_team": "first team (dispatched or arrived, as reported)", "staff": "staff sent",
                             "count": "the count is"})
            .pipe(tables.show))


# -- the map ---------------------------------------------------------------------------------------


def sender_numbers(pairings: pd.DataFrame, unpaired: pd.DataFrame) -> dict[str, object]:
    """The glue of the passage after the map: the provinces that sent teams outside the pairing."""
    unpaired_medical = unpaired[unpaired["team_kind"] == "medical"]
    return {
        "n_unpaired_medical": len(unpaired_medical),
        "n_medical_senders": aid.medical_senders(pairings, unpaired),
        "unpaired_disease_control": ", ".join(unpaired.loc[unpaired["team_kind"] == "disease control", "province_en"]),
        "n_unpaired_by_28_jan": int((unpaired_medical["earliest_found"] <= pd.Timestamp("2020-01-28")).sum()),
    }


def _by_class(drawn: PairingMap) -> pd.Series:
    """The adcodes the map drew in each class of :data:`pairing.analysis.aid.SENDER_CLASSES`."""
    return drawn.classes.groupby("sender_class")["adcode"].agg(set)


def guard_map(prose: Prose, drawn: PairingMap, pairings: pd.DataFrame, unpaired: pd.DataFrame) -> None:
    """The caption's and alt text's sentences on what the pairing map shows."""
    by_class = _by_class(drawn)
    # Every unit of the mainland but Hubei, the receiver, in a class that sent staff (none in "no team
    # found"), and every paired province's first team dated.
    sent = set().union(*[by_class.get(kind, set()) for kind in aid.SENT])
    mainland_but_hubei = set(geo.provinces()["adcode"]) - {facts.HUBEI}
    every_other_unit = (sent == mainland_but_hubei and aid.NO_TEAM not in by_class
                        and pairings["first_team_date"].notna().all())
    missing = sorted(mainland_but_hubei - sent)
    prose.guard(every_other_unit, "teams came from every other provincial-level unit of the mainland",
                f"not among the senders: {missing}")
    prose.guard(every_other_unit and unpaired.set_index("province_adcode").at[TIBET, "staff"] == 3,
                "Every other provincial-level unit of the mainland sent staff to Hubei, Tibet three for disease control",
                f"not among the senders: {missing}")
    prose.guard(len(by_class[aid.PAIRED]) == 19 and len(by_class[aid.MEDICAL]) == 10
                and aid.medical_senders(pairings, unpaired) == 29,
                "the 19 paired provinces …; light grey, the 10 other provinces that sent medical teams")
    prose.guard(by_class[aid.DISEASE_CONTROL] == {TIBET}, "light grey with grey hatching, Tibet, which sent three "
                "disease-control staff", str(unpaired.loc[unpaired["team_kind"] == "disease control", "staff"].tolist()))
    prose.guard(unpaired.set_index("province_adcode").at[TIBET, "staff"] == 3,
                "Tibet, which sent three disease-control staff")
    # The class's name is the chapter's words: renamed in aid, the sentence must follow.
    outside = "sand, Taiwan, Hong Kong and Macao, outside the mainland's dispatch of provincial teams"
    prose.guard(by_class.get(aid.OUTSIDE_DISPATCH) == geo.NOT_MAINLAND and "710000" in set(drawn.classes["adcode"])
                and aid.OUTSIDE_DISPATCH in outside, outside, f"{aid.OUTSIDE_DISPATCH}: {by_class.get(aid.OUTSIDE_DISPATCH)}")
    prose.guard({"650000", "630000", "110000", "310000"} <= by_class[aid.MEDICAL],
                "10 light grey ones (among them Xinjiang, Qinghai, Beijing and Shanghai)")
    prose.guard(set(drawn.arcs.groupby("city_en").size().loc[lambda n: n == 2].index) == TWO_PARTNERS
                and set(drawn.arcs.loc[drawn.arcs["province_en"] == "Shanxi", "city_adcode"]) == set(SHANXI_CITIES),
                "Xiaogan, Huanggang, Jingzhou, Xiangyang and Jingmen each receive two lines, Shanxi's three lines end "
                "in the small cities of the centre")


def fig2_data(pairings: pd.DataFrame) -> pd.DataFrame:
    """The pairings as the map's export gives them."""
    return pairings[FIG2_COLUMNS]


def senders(drawn: PairingMap, pairings: pd.DataFrame, unpaired: pd.DataFrame,
            provinces: pd.DataFrame) -> pd.DataFrame:
    """What each provincial-level unit on the map sent, with its names, class, source and grade
    (``figures/letter-fig2-senders.csv``); ``provinces`` is ``data.load_provinces()`` (the mainland's 31:
    Taiwan, Hong Kong and Macao take the map's names, :data:`pairing.figures.pairmap.OUTSIDE_MAINLAND`)."""
    province_names = {**OUTSIDE_MAINLAND, **provinces.set_index("adcode")["name_en"].to_dict()}
    table = drawn.classes.merge(unpaired.rename(columns={"province_adcode": "adcode"}), on="adcode", how="left")
    table["name_en"] = table["adcode"].map(province_names)
    table["name_zh"] = table["adcode"].map(geo.provinces(mainland_only=False).set_index("adcode")["name_zh"])
    paired = table["sender_class"] == aid.PAIRED
    table.loc[paired, "source"] = pairings["source"].iloc[0]
    table.loc[paired, "grade"] = pairings["grade"].iloc[0]
    table.loc[table["adcode"] == facts.HUBEI, "what"] = "received the teams"
    table.loc[paired, "what"] = "on the pairing list: " + table.loc[paired, "adcode"].map(
        pairings.groupby("province_adcode")["city_en"].agg(", ".join))
    return table[["adcode", "name_en", "name_zh", "sender_class", "team_kind", "earliest_found", "staff",
                  "what", "source", "grade"]]


def unpaired_table(unpaired: pd.DataFrame) -> Styler:
    """The provinces that sent teams outside the pairing, by earliest departure found, as shown."""
    return tables.show(unpaired.sort_values("earliest_found")
                       .assign(earliest=lambda f: f["earliest_found"].dt.strftime("%-d %b"),
                               staff=lambda f: [f"{s:,}" if pd.notna(s) else "not given" for s in f["staff"]])
                       [["province_en", "team_kind", "earliest", "staff", "what"]]
                       .rename(columns={"province_en": "province", "team_kind": "team",
                                        "earliest": "earliest departure found", "staff": "in that team",
                                        "what": "what the report says"}))


def differences(pairings: pd.DataFrame, unpaired: pd.DataFrame) -> pd.DataFrame:
    """The differences of the reproduced map from the letter's Fig. 2 (:func:`pairing.report.exhibits.differences`)."""
    n_medical_senders = aid.medical_senders(pairings, unpaired)
    n_provinces = pairings["province_adcode"].nunique()
    return exhibits.differences("letter-fig2", [
        ("provinces", "29 provinces mobilised",
         f"the {n_medical_senders} provinces that sent medical teams, {n_provinces} of them on the pairing list of "
         "10 February, each drawn by what it sent; the letter's words do not say which 29 it drew", "unknown"),
        # The letter's "(Fig. 2)" follows the sentence on the 16 cities, not the one with Wuhan's 32,572.
        ("Wuhan", "not stated: the text gives Wuhan 32,572 medical personnel by 20 February, but refers to the "
                  "figure only for the 16 cities partnered with a province",
         "drawn as assisted by the whole country, without a count (the sources found do not give 32,572)", "unknown"),
        ("the other cities", "each of the 16 partnered with at least one province",
         f"the {len(pairings)} pairings of the list, each a line in its city's colour from a label naming the province "
         "and the city", "form"),
        ("date of the list", "not stated", "the list announced on 10 February (it replaced one of 7 February)",
         "unknown"),
        ("staff per city", "not shown, as far as the text says", "in the next figures: staff per resident and per patient",
         "addition"),
        ("projection", "not stated", "Albers equal-area conic, for China and for Hubei", "unknown"),
    ])


def differences_status(prose: Prose, original: pd.DataFrame, timeline: pd.DataFrame) -> dict[str, str]:
    """The map's status beside the letter's (glued as ``letter_fig2_status``), guarded: the chapter
    says what the letter's words leave open and that no source but the letter gives Wuhan's 32,572."""
    status = exhibits.status(original)
    wuhan = original.set_index("aspect").loc["Wuhan"]
    prose.guard(status == "reproduced as far as its words tell" and wuhan["kind"] == "unknown",
                "its words do not say whether the map printed Wuhan's 32,572", f"{status}; Wuhan: {wuhan['kind']}")
    prose.guard(letter_only(timeline, LETTER_WUHAN),
                "no source confirms its 32,572 staff in Wuhan by 20 February")  # the opening
    return {"letter_fig2_status": status}


def letter_only(timeline: pd.DataFrame, staff_wuhan: int) -> bool:
    """Whether the letter itself is the only source of ``timeline`` (``data/curated/aid_timeline.csv``)
    that counts ``staff_wuhan`` or more in Wuhan."""
    sources = timeline.loc[timeline["staff_wuhan"] >= staff_wuhan, "source"]
    return bool(len(sources)) and sources.str.contains("(the letter)", regex=False).all()


def letter_grade(timeline: pd.DataFrame, staff_wuhan: int) -> str:
    """The grade ``timeline`` gives the letter's own row counting ``staff_wuhan`` or more in Wuhan: a grade
    of the letter as a source of what it says (one of the two documents, grade A), not of the number."""
    rows = timeline[(timeline["staff_wuhan"] >= staff_wuhan) & timeline["source"].str.contains("(the letter)", regex=False)]
    return "/".join(sorted(set(rows["grade"])))


# -- help and need ---------------------------------------------------------------------------------


def need_numbers(need: pd.DataFrame) -> dict[str, object]:
    """The glue of "How much help, for how much need" (``need``: :func:`pairing.analysis.aid.staff_need`)."""
    known = need[need["staff_sent"].notna()]
    lower_bounds = known.loc[known["staff_status"] == "at least", "city_en"].sort_values()
    ratio = known.set_index("city_en")["staff_per_peak_patient"]
    rho = aid.staff_need_correlation(need)
    return {
        "n_cities_staff_known": len(known),
        "staff_lower_bounds": "none of them is a lower bound" if lower_bounds.empty
        else f"for {listed(lower_bounds)} it is a lower bound, a sum of the batches reported",
        "cities_staff_unknown": ", ".join(need.loc[need["staff_sent"].isna(), "city_en"]),
        "staff_per_patient_max_city": ratio.idxmax(),
        "staff_per_patient_max": float(ratio.max()),
        "staff_per_patient_min_city": ratio.idxmin(),
        "staff_per_patient_min": float(ratio.min()),
        "spearman_staff_need": float(rho.statistic),
        "spearman_staff_need_p": float(rho.pvalue),
        "spearman_staff_need_reading": significance(rho.pvalue),
    }


def guard_need(prose: Prose, need: pd.DataFrame) -> None:
    """The sentences on help and need: the text's, the staff map's and the scatter's."""
    prose.guard(need["staff_per_10k"].isna().equals(need["staff_sent"].isna()),
                "Hatched: a partner's count not found", "every division with a staff count has a population")
    rho = aid.staff_need_correlation(need)
    prose.guard(0 < rho.statistic < 0.9, "the help tended to grow with the need, but loosely", f"ρ = {rho.statistic:.2f}")
    known = need[need["staff_sent"].notna()]
    by_city = known.set_index("city_en")
    prose.guard(len(known) == 8 and by_city.at["Xianning", "staff_sent"] > by_city.at["Suizhou", "staff_sent"]
                and by_city.at["Suizhou", "active_0210"] >= 2 * by_city.at["Xianning", "active_0210"]
                and set(by_city.nlargest(2, "staff_sent").index) == {"Huanggang", "Xiaogan"},
                "A scatter of eight labelled cities … Huanggang and Xiaogan … top right … Xianning, with few patients, "
                "received more staff than Suizhou, which had twice as many")


@dataclass(frozen=True)
class Extremes:
    """The divisions a measure of the staff map names as the most and the least, each list ordered from
    the extreme inwards (see :func:`extremes`)."""

    most: tuple[str, ...]
    least: tuple[str, ...]
    least_bounds: tuple[str, ...]  # in the lowest class on a lower bound only: not named among the least


def extremes(staff_map: pd.DataFrame) -> dict[str, Extremes]:
    """By measure of :data:`pairing.figures.staffing.STAFF_MEASURES`, the divisions that received the most
    and the least staff, by one rule for ties: the most are those the map draws in its highest class,
    the least those in its lowest (``<measure>_class`` of ``staff_map``, the divisions as
    :func:`pairing.figures.staffing.staff_map` drew them), where near-equal values share a class, so
    that a division level with another is never named alone. A count that is only a lower bound
    (``staff_status`` "at least") may be named among the most, where more staff only puts it further
    up, but not among the least, where it could belong elsewhere."""
    found = {}
    for measure in staffing.STAFF_MEASURES:
        drawn = staff_map.dropna(subset=[f"{measure}_class"])
        klass = drawn[f"{measure}_class"]
        top = drawn[klass == klass.max()].sort_values(measure, ascending=False)
        bottom = drawn[klass == klass.min()].sort_values(measure)
        bound = bottom["staff_status"] == "at least"
        found[measure] = Extremes(tuple(top["name_en"]), tuple(bottom.loc[~bound, "name_en"]),
                                  tuple(bottom.loc[bound, "name_en"]))
    return found


#: What each measure of the staff map is "for", as the caption's headline says it: a division's size
#: (staff per 10,000 residents) and its peak (staff per patient under treatment at its peak).
FOR_WHAT = {"staff_per_10k": "size", "staff_per_peak_patient": "peak"}


def extremes_headline(found: dict[str, Extremes]) -> str:
    """The staff map's headline, worded from :func:`extremes`: "Xiaogan, Huanggang and Xianning received
    the most staff for their size and peak; Shiyan and Yichang the least for their size, Shiyan
    for its peak"."""
    def for_what(names: tuple[str, ...], measure: str) -> str:
        return f"for {'its' if len(names) == 1 else 'their'} {FOR_WHAT[measure]}"

    def part(verb: str, by_measure: dict[str, tuple[str, ...]]) -> str:
        (first, names), *rest = by_measure.items()
        if all(set(other) == set(names) for _, other in rest):  # the same divisions for every measure
            their = "its" if len(names) == 1 else "their"
            return f"{listed(names)} {verb} for {their} " + " and ".join(FOR_WHAT[m] for m in by_measure)
        return ", ".join([f"{listed(names)} {verb} {for_what(names, first)}"]
                         + [f"{listed(other)} {for_what(other, m)}" for m, other in rest])

    most = part("received the most staff", {m: e.most for m, e in found.items()})
    least = part("the least", {m: e.least for m, e in found.items()})
    return f"{most}; {least}"


#: The staff map's headline, the first sentence of its caption, as :func:`extremes_headline` words it
#: on the data; the caption in the chapter's cell is this sentence, and :func:`guard_staff_map` stops the
#: build when the data word it otherwise.
STAFF_MAP_HEADLINE = ("Xiaogan, Huanggang and Xianning received the most staff for their size and peak; "
                      "Shiyan and Yichang the least for their size, Shiyan for its peak")


def guard_staff_map(prose: Prose, staff_map: pd.DataFrame) -> None:
    """The staff map's caption and alt text: Wuhan alone outside the pairing, about half of the
    divisions hatched (``staff_map``: the divisions as :func:`pairing.figures.staffing.staff_map` drew them)."""
    not_paired = sorted(staff_map.loc[staff_map["not_paired"], "adcode"])
    prose.guard(not_paired == [facts.WUHAN], "Light grey: Wuhan, not in the pairing", f"not paired: {not_paired}")
    hatched = staff_map["staff_per_10k"].isna() & ~staff_map["not_paired"]
    prose.guard(abs(hatched.sum() - len(staff_map) / 2) <= 2, "about half of the divisions are hatched for lack of data",
                f"{hatched.sum()} of {len(staff_map)}")


def guard_staff_extremes(prose: Prose, staff_map: pd.DataFrame) -> None:
    """The staff map's headline and alt text on which divisions received the most and the least staff
    (:func:`extremes` of ``staff_map``, the divisions as :func:`pairing.figures.staffing.staff_map` drew
    them): the headline is :data:`STAFF_MAP_HEADLINE`, and the build stops when the data word it otherwise."""
    bounds = staff_map.loc[staff_map["staff_status"].eq("at least") & staff_map["staff_per_10k"].notna(), "name_en"]
    prose.guard(sorted(bounds) == ["Huangshi", "Jingmen", "Xianning"],
                "Huangshi, Jingmen and Xianning are drawn at lower bounds, and not named among the least", str(sorted(bounds)))
    found = extremes(staff_map)
    prose.guard(extremes_headline(found) == STAFF_MAP_HEADLINE, STAFF_MAP_HEADLINE, extremes_headline(found))
    per_10k, per_patient = found["staff_per_10k"], found["staff_per_peak_patient"]
    prose.guard(set(per_10k.most) == set(per_patient.most) == {"Xiaogan", "Huanggang", "Xianning"}
                and per_10k.least == ("Shiyan", "Yichang") and per_10k.least_bounds == ("Jingmen",)
                and per_patient.least == ("Shiyan",) and not per_patient.least_bounds
                and set(staff_map.loc[staff_map["staff_per_peak_patient_class"] == 1, "name_en"])
                == {"Yichang", "Suizhou", "Huangshi", "Jingmen"},
                "the darkest are Xiaogan, Huanggang and Xianning, which received the most staff for their size and for "
                "their peak number of patients; the lightest, Shiyan and Yichang for their size (with Jingmen, whose "
                "count is a lower bound) and Shiyan alone for its peak, where Yichang is level with Suizhou, Huangshi "
                "and Jingmen", str(found))


# -- the national timeline and the numbers checked ---------------------------------------------------


def guard_timeline(prose: Prose, series: pd.DataFrame) -> None:
    """The timeline's alt text (``series``: the reports :func:`pairing.figures.staffing.timeline` plotted)."""
    hubei_staff = series[series["measure"] == "in Hubei"].set_index("as_of")
    letter = series[series["measure"] == "in Wuhan"]
    feb17 = hubei_staff.at[pd.Timestamp("2020-02-17"), "staff"]
    prose.guard(round(hubei_staff.at[pd.Timestamp("2020-01-28"), "staff"], -3) == 6_000
                and [round(hubei_staff.at[pd.Timestamp(d), "staff"], -2) for d in ("2020-02-12", "2020-02-14", "2020-03-17")]
                == [21_600, 25_600, 42_600] and feb17 == 32_000
                and (hubei_staff["staff_other_cities"] / hubei_staff["staff"]).max() < 0.26
                and letter["staff"].iloc[0] >= feb17,
                "Staff in Hubei climb from about 6,000 … to about 21,600 on 12 February, 25,600 on 14 February, more than "
                "32,000 on 17 February and 42,600 by mid-March; the other cities account for about a quarter of "
                "the total at most. The letter's point for Wuhan alone sits level with the total for all of Hubei reported three "
                "days earlier")


def checked_numbers(timeline: pd.DataFrame, pairings: pd.DataFrame, counts: pd.DataFrame) -> dict[str, object]:
    """The glue of "The numbers checked": the official counts at each date, the senders counted by
    Xinhua, People's Daily and China Daily, and the gaps to the letter's and the article's figures."""
    jan28, feb14, feb17 = (aid.timeline_row(timeline, d) for d in ("2020-01-28", "2020-02-14", "2020-02-17"))
    xinhua_jan28 = aid.sender_count(counts, "2020-01-28", "Xinhua")
    peoples_daily_jan28 = aid.sender_count(counts, "2020-01-28", "People's")
    china_daily_gloss = aid.sender_count(counts, "2020-02-10", "China")
    letter_wuhan = aid.timeline_row(timeline, "2020-02-20", "in Wuhan")
    return {
        "jan28_staff": int(jan28["staff"]),
        "feb14_wuhan": int(feb14["staff_wuhan"]),
        "feb14_other": int(feb14["staff_other_cities"]),
        "feb17_staff": int(feb17["staff"]),
        "known_pair_sum": int(pairings["staff_sent"].sum()),
        "jan28_provinces": int(xinhua_jan28["provinces"]),
        "jan28_military": int(xinhua_jan28["military"]),
        "jan28_provinces_pd": int(peoples_daily_jan28["provinces"]),
        "jan28_military_pd": int(peoples_daily_jan28["military"]),
        "china_daily_gloss": china_daily_gloss["quote"],
        "china_daily_provinces": int(china_daily_gloss["provinces"]),
        "wuhan_gap": int(letter_wuhan["staff"] - feb14["staff_wuhan"]),
        "wuhan_gap_days": int((letter_wuhan["as_of"] - feb14["as_of"]).days),
        "other_cities_ratio": ARTICLE_OTHER_CITIES / float(feb14["staff_other_cities"]),
        "feb12_staff": int(aid.timeline_row(timeline, "2020-02-12")["staff"]),
    }


def guard_checked(prose: Prose, timeline: pd.DataFrame, pairings: pd.DataFrame, counts: pd.DataFrame,
                  drawn: PairingMap) -> None:
    """The sentences of "The numbers checked"."""
    jan28, feb12, feb14 = (aid.timeline_row(timeline, d) for d in ("2020-01-28", "2020-02-12", "2020-02-14"))
    xinhua_jan28 = aid.sender_count(counts, "2020-01-28", "Xinhua")
    peoples_daily_jan28 = aid.sender_count(counts, "2020-01-28", "People's")
    china_daily_gloss = aid.sender_count(counts, "2020-02-10", "China")
    n_provinces, n_cities = pairings["province_adcode"].nunique(), pairings["city_adcode"].nunique()
    by_class = _by_class(drawn)
    prose.guard((xinhua_jan28[["teams", "staff"]] == peoples_daily_jan28[["teams", "staff"]]).all()
                and xinhua_jan28["staff"] == jan28["staff"] and xinhua_jan28["teams"] == jan28["teams"],
                "the same 52 teams and 6,097 staff")
    prose.guard(int(peoples_daily_jan28["provinces"]) == 29 and china_daily_gloss["provinces"] == n_provinces
                and "mobilized to alleviate pressure on cities in Hubei province" in china_daily_gloss["quote"],
                "People's Daily … counted 29 …; China Daily's gloss … nearly word for word")
    prose.guard(by_class[aid.PAIRED] | by_class[aid.MEDICAL]
                == set(geo.provinces()["adcode"]) - {facts.HUBEI, TIBET},
                "medical teams from … provinces in all, every one of the mainland but Hubei and Tibet")
    prose.guard((n_provinces, n_cities) == (19, 16),
                "The sources gathered here confirm the pairing list exactly as the article describes it")
    known_sum = int(pairings["staff_sent"].sum())
    prose.guard(known_sum < ARTICLE_OTHER_CITIES < 3 * feb14["staff_other_cities"]
                and feb14["staff_other_cities"] < ARTICLE_OTHER_CITIES / 1.5,
                "the partial counts of the pairings found here add up to … for that time the official counts are far below "
                "it; later batches could have reached it")
    below_30k = feb14["staff_wuhan"] < 30_000 and feb12["staff"] < 30_000
    prose.guard(below_30k,
                "The article's \"more than 30,000 medical staff were sent to Wuhan\" … is contradicted by the official counts")
    prose.guard(below_30k, "the official counts contradict the article's 30,000 there by early February")  # the opening


def claims(timeline: pd.DataFrame, pairings: pd.DataFrame, unpaired: pd.DataFrame, counts: pd.DataFrame,
           staff: pd.DataFrame) -> pd.DataFrame:
    """The letter's claims about the pairing, each with the evidence for it (the rows of
    ``figures/letter-fig2-claims.csv``, before :func:`pairing.report.ledger.checked`)."""
    feb14, feb17 = aid.timeline_row(timeline, "2020-02-14"), aid.timeline_row(timeline, "2020-02-17")
    xinhua_jan28 = aid.sender_count(counts, "2020-01-28", "Xinhua")
    peoples_daily_jan28 = aid.sender_count(counts, "2020-01-28", "People's")
    china_daily_gloss = aid.sender_count(counts, "2020-02-10", "China")
    jan28_provinces, jan28_military = int(xinhua_jan28["provinces"]), int(xinhua_jan28["military"])
    n_provinces, n_cities = pairings["province_adcode"].nunique(), pairings["city_adcode"].nunique()
    n_medical_senders = aid.medical_senders(pairings, unpaired)
    two_partners = staff[staff["n_partners"] > 1]
    return pd.DataFrame([
        claim("letter", "¶3; Fig. 2 title",
              "mobilizing 29 provinces to alleviate pressure on cities in Hubei province | "
              "Pairing assistance with 29 provinces mobilized to support cities in Hubei province",
              "29 provinces were mobilised to support cities in Hubei",
              f"{n_medical_senders} provinces sent medical teams, {n_provinces} of them on the pairing "
              f"list; by 28 January People's Daily counts {int(peoples_daily_jan28['provinces'])} provinces "
              f"with teams in Hubei, Xinhua {jan28_provinces} (and {jan28_military} military hospitals); the "
              f"pairing mobilised {n_provinces}, and the letter's sentence follows China Daily's gloss of it, "
              f"which says {int(china_daily_gloss['provinces'])}",
              # Two readings the letter leaves open: the provinces that sent teams, or those on the pairing list.
              Fact(n_medical_senders == 29, "29 provinces sent medical teams"),
              Fact(n_provinces == 29, "29 provinces on the pairing list")),
        claim("letter", "abstract; ¶3; Fig. 2",
              "with at least one province assisting one city | the other 16 cities with fewer technologies, "
              "personnel, and equipment than Wuhan were each partnered with at least one province",
              "Each of the other 16 cities was partnered with at least one province",
              f"{n_cities} cities outside Wuhan on the list, {len(two_partners)} with two partners",
              Fact(n_cities == 16, "16 cities on the pairing list")),
        claim("letter", "¶3", "had already received 32,572 medical personnel nationwide by Feb 20, 2020",
              "Wuhan had received 32,572 medical personnel by 20 February",
              f"{int(feb14['staff_wuhan']):,} in Wuhan on 14 February (excluding military); "
              f"more than {int(feb17['staff']):,} in all of Hubei on 17 February; "
              + (f"no source but the letter gives {LETTER_WUHAN:,} (its grade {letter_grade(timeline, LETTER_WUHAN)} in "
                 "aid_timeline.csv grades the letter as the record of its own words, not the number)"
                 if letter_only(timeline, LETTER_WUHAN)
                 else f"a source other than the letter gives {LETTER_WUHAN:,} or more in Wuhan (aid_timeline.csv)"),
              NoTest("no source gathered here counts the staff in Wuhan on 20 February")),
    ])
