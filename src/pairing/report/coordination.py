"""The coordination chapter's words (``notebooks/05_coordination.md``, Hu et al. 2020's Figure 1,
Table 1 and numbers): the tables it shows, the numbers and phrases it glues, the guards that hold
its sentences to the data, the differences of Figure 1 and Table 1 from the originals, and the
evidence for the article's claims.

Each ``*_numbers`` function returns the mapping the chapter glues (:func:`pairing.report.chapter.glue`)
under the names its text uses; each ``guard_*`` function takes the chapter's
:class:`~pairing.report.prose.Prose` and checks the sentences of one passage, quoted as the chapter
writes them. The computations are in :mod:`pairing.analysis.network` and :mod:`pairing.analysis.surge`.
"""

from __future__ import annotations

import pandas as pd

from pairing import facts
from pairing.analysis import dynamics, network, surge
from pairing.analysis.claims import Fact, NoTest, Share, claim
from pairing.figures import par_diagram
from pairing.report import badges, exhibits, ledger, par_tables
from pairing.report.prose import Prose

#: Crude case fatality on 3 March as Zhang et al. (2020) report it.
ZHANG = {"Hubei": 0.035, "Wuhan": 0.045, "outside Wuhan": 0.021}
#: The interactions the book classes itself (``typed_by = book``), as the chapter lists them.
BOOK_TYPED = {("central_leadership_group", "nhc"), ("nhc", "assisting_provincial_health_commissions"),
              ("nhc", "state_council_jpc"), ("nhc", "member_ministries"), ("hubei_provincial_government", "nhc"),
              ("assisting_hospitals", "assisting_medical_teams"),
              ("onsite_coordination_centers", "assisting_medical_teams"),
              ("onsite_coordination_centers", "assisted_city_health_commissions")}
PAGE = "notebooks/05_coordination.md"


def _name(names: pd.Series) -> pd.Series:
    """Actors' names as the article writes them: without the book's parenthesis."""
    return names.str.split(" \\(").str[0]


# -- actors and interactions as data --------------------------------------------------------------


def data_numbers(actors: pd.DataFrame, interactions: pd.DataFrame) -> dict:
    """How many actors and interactions, and who classed the interactions."""
    return {"n_actors": len(actors), "n_interactions": len(interactions),
            "n_from_table": int((interactions["section"] == "Table 1").sum()),
            "n_typed_by_article": int((interactions["typed_by"] == "article").sum()),
            "n_typed_by_book": int((interactions["typed_by"] == "book").sum())}


def guard_book_typed(prose: Prose, interactions: pd.DataFrame) -> None:
    """The interactions the chapter lists as classed by the book."""
    book_typed = network.links(interactions[interactions["typed_by"] == "book"])
    prose.guard(book_typed == BOOK_TYPED,
                "the NHC's links with the Central Leadership Group, … the onsite coordination centers' work with the "
                "teams and the assisted health commissions", str(sorted(book_typed)))


def actors_table(actors: pd.DataFrame) -> pd.DataFrame:
    """The actors by level and side, their names joined."""
    return (actors.groupby(["level", "side"], sort=False)["name"].agg("; ".join).reset_index()
            .rename(columns={"name": "actors"}))


# -- Figure 1 -------------------------------------------------------------------------------------


def guard_figure1(prose: Prose, diagram: par_diagram.Diagram, interactions: pd.DataFrame) -> None:
    """Figure 1's caption and alt text (``diagram``: :func:`pairing.figures.par_diagram.figure1`'s)."""
    prose.guard(len(diagram.boxes) == 16 and len(diagram.rows) == 5, "Sixteen boxes in five levels",
                f"{len(diagram.boxes)} boxes, {len(diagram.rows)} rows")
    authority = network.links(interactions[interactions["type"] == "authority compliance"])
    prose.guard({("central_leadership_group", "nhc"), ("central_leadership_group", "assisting_provincial_governments"),
                 ("central_leadership_group", "hubei_provincial_government")}
                | {("assisting_provincial_governments", t) for t in ["assisting_provincial_health_commissions",
                                                                      "assisting_city_governments", "onsite_coordination_centers",
                                                                      "assisting_medical_teams"]} <= authority,
                "Orange lines of authority compliance run down from the Central Leadership Group to the provincial "
                "governments of both sides, and from the assisting provincial governments on to their health commissions, "
                "cities, onsite coordination centers and medical teams")
    across = interactions[interactions["type"].isin(["resource coordination", "knowledge sharing"])]
    from_teams_and_centres = across["source_actor"].isin(["assisting_medical_teams", "onsite_coordination_centers"])
    prose.guard(from_teams_and_centres.sum() > len(across) / 2 and (across["direction"] == "horizontal").mean() > 0.9,
                "blue and green lines … run across …, most of them from the assisting medical teams and the onsite "
                "coordination centers", f"{from_teams_and_centres.sum()} of {len(across)}")
    added = interactions[~interactions["type"].isin(network.ARTICLE_TYPES)]
    prose.guard(len(network.ARTICLE_TYPES) == 3 and set(added["type"]) == {"interagency coordination"}
                and (added["typed_by"] == "book").all()
                and network.links(added) == {("nhc", "state_council_jpc"), ("nhc", "member_ministries")},
                "the one type the book adds to Table 1's three, interagency coordination … two pink lines of interagency "
                "coordination from the NHC to the State Council mechanism and the member ministries",
                str(added[["source_actor", "target_actor", "type"]].values))
    demand = interactions[(interactions["source_actor"] == "hubei_provincial_government") & (interactions["target_actor"] == "nhc")]
    prose.guard(len(demand) == 1 and demand.iloc[0][["type", "direction", "stage", "typed_by"]].tolist()
                == ["resource coordination", "vertical", "initiation", "book"],
                "the Hubei government's reporting of demand to the NHC, read as vertical resource coordination at initiation")
    lines = {(r.source, r.target, r.index): list(r.points) for r in diagram.routes}
    prose.guard(not par_diagram.box_crossings(diagram.boxes, lines) and not par_diagram.overlaps(diagram),
                "Lines are routed around the boxes")


# -- what "hybrid" means on this network ----------------------------------------------------------


def both_kinds(bridging: pd.DataFrame) -> pd.DataFrame:
    """The actors of :func:`pairing.analysis.network.bridges` with both vertical and horizontal links,
    most central first: what the chapter's table shows and its sentence counts."""
    return bridging[bridging["vertical_and_horizontal"]]


#: How the article's Table 1 files each stage's interactions.
FILED = {"initiation": "vertical", "operation": "horizontal"}


def split_by_classifier(interactions: pd.DataFrame) -> tuple[dict[str, tuple[int, int]], bool, int]:
    """Whose classification the stage-by-direction split counts (``typed_by``): for each stage of
    :data:`FILED`, the links the article types and all its links; whether every link the article
    types falls as its Table 1 files it; and how many links this book types."""
    counts, own_as_filed = {}, True
    for stage, direction in FILED.items():
        links = interactions[interactions["stage"] == stage]
        by_article = links[links["typed_by"] == "article"]
        own_as_filed &= bool((by_article["direction"] == direction).all())
        counts[stage] = (len(by_article), len(links))
    return counts, own_as_filed, int((interactions["typed_by"] == "book").sum())


def split_reading(interactions: pd.DataFrame) -> str:
    """The chapter's sentence on whose classification the split counts (:func:`split_by_classifier`)."""
    counts, own_as_filed, n_book = split_by_classifier(interactions)
    (a_init, n_init), (a_op, n_op) = counts["initiation"], counts["operation"]
    classed = f"the article classes {a_init} of the {n_init} at initiation and {a_op} of the {n_op} in operation"
    if not own_as_filed:
        return f"Of these links, {classed}, not all as its Table 1 files them; this book classes the other {n_book}."
    return (f"That split is partly the article's own classification read back and partly this book's: {classed}, "
            "each as its Table 1 files them (authority under initiation and vertical, resources and knowledge under "
            f"operation and horizontal), so those counts restate the claim rather than test it; the other {n_book} "
            "are this book's reading of the text, drawn dotted.")


def split_findings(interactions: pd.DataFrame) -> str:
    """The findings chapter's clause on the same split (:func:`split_by_classifier`)."""
    counts, own_as_filed, n_book = split_by_classifier(interactions)
    n_article = sum(article for article, _ in counts.values())
    if not own_as_filed:
        return f"the article classes {n_article} of these links, not all as its Table 1 files them, and this book {n_book}"
    return (f"the article's own {n_article} links fall as its Table 1 files them, which restates it, and the other "
            f"{n_book} are this book's reading")


def hybrid_numbers(shares: pd.DataFrame, bridging: pd.DataFrame, interactions: pd.DataFrame) -> dict:
    """The shares of vertical links at initiation and horizontal ones in operation
    (:func:`pairing.analysis.network.direction_shares`), whose classification they count
    (:func:`split_reading`), and the actors that bridge the two (:func:`both_kinds`)."""
    both = both_kinds(bridging)
    top = bridging.iloc[0]
    return {"initiation_vertical_share": float(shares.loc["initiation", ("share", "vertical")] * 100),
            "operation_horizontal_share": float(shares.loc["operation", ("share", "horizontal")] * 100),
            "n_initiation": int(shares.loc["initiation", "n"].sum()),
            "n_operation": int(shares.loc["operation", "n"].sum()),
            "split_reading": split_reading(interactions), "split_findings": split_findings(interactions),
            "n_both_kinds": len(both), "both_kinds": "; ".join(_name(both["name"])),
            "top_bridge": top["name"].split(" (")[0], "top_bridge_levels": int(top["levels_touched"]),
            "top_bridge_betweenness": float(top["betweenness"])}


def guard_hybrid(prose: Prose, bridging: pd.DataFrame) -> None:
    top = bridging.iloc[0]
    prose.guard(top["actor_id"] == "assisting_provincial_governments",
                "in this reading the hybrid runs through the assisting provinces", f"the most central actor is {top['name']}")
    prose.guard(bool(top["vertical_and_horizontal"]),
                "The most central [of all actors, the first row of the table of those with both kinds of link] is …")


def bridges_table(bridging: pd.DataFrame) -> pd.DataFrame:
    """The actors with both vertical and horizontal links (:func:`both_kinds`), most central first,
    as the chapter shows them."""
    return (both_kinds(bridging).assign(name=lambda f: _name(f["name"]))
            [["name", "level", "partners", "levels_touched", "betweenness"]]
            .rename(columns={"levels_touched": "levels touched"}))


# -- Table 1 and the book's reading of it ---------------------------------------------------------


def table1_markdown(table1: pd.DataFrame) -> str:
    """The article's Table 1 as printed, numbered and captioned (``tbl-par-table1``)."""
    return par_tables.table1_markdown(table1, name="tbl-par-table1", caption=(
        "Critical Interactions among Key PAP Actors: the article's Table 1 (Hu, Zhang, Kapucu and Chen 2020), "
        "in its own words, spelling and order, set from {ref}`data/curated/par_table1.csv <data-par_table1>`, one item of a cell "
        "to a row."))


def reading_numbers(reading: pd.DataFrame) -> dict:
    """How many arrows of the reading (:func:`pairing.analysis.network.table1_reading`) come from
    Table 1's items, from the article's text, and from the book."""
    by_article = reading["classified by"] == "the article"
    from_items = reading["where"].str.startswith("Table 1")
    return {"n_read_from_items": int(from_items.sum()), "n_read_from_text": int((by_article & ~from_items).sum()),
            "n_read_by_book": int((~by_article).sum())}


def reading_markdown(reading: pd.DataFrame) -> str:
    """The book's reading of Table 1, numbered and captioned (``tbl-par-table1-reading``)."""
    return par_tables.reading_markdown(reading, name="tbl-par-table1-reading", caption=(
        "This book's reading of Table 1, not the article's: each interaction of {ref}`data/curated/par_interactions.csv <data-par_interactions>` as "
        "an arrow from one actor to another, beside the words of the article it rests on (an item of Table 1, or a "
        "passage of another section) and with its output or outcome, in Table 1's words where the article classes "
        "the interaction. These are the lines of Figure 1."))


# -- Figure 1 and Table 1 beside the originals ----------------------------------------------------


def figure1_differences(actors: pd.DataFrame, interactions: pd.DataFrame) -> pd.DataFrame:
    """How the book's Figure 1 differs from the article's (:func:`pairing.report.exhibits.differences`)."""
    types = interactions["type"].value_counts()
    extra_types = sorted(set(types.index) - set(network.ARTICLE_TYPES))
    return exhibits.differences("par-fig1", [
        ("kinds of link", "authority compliance, resource coordination and knowledge sharing",
         "the same three, and " + (", ".join(extra_types) + f" ({int(types[extra_types].sum())} links among the central "
                                   "bodies, which the article describes but does not type; drawn dotted and named in the "
                                   "legend as this book's label)" if extra_types else "no other"),
         # A kind of link the article does not type is a mark the book adds, not a difference of what is shown.
         "addition" if extra_types else "form"),
        ("actors", "central, provincial and city governments, hospitals and teams, nonprofits, onsite coordination centers",
         f"{len(actors)} actors named in the article's text, each a group (all assisting provinces are one)", "unknown"),
        ("links", "not listed beyond Table 1",
         f"{len(interactions)} interactions, {int((interactions['typed_by'] == 'book').sum())} of them classified by this "
         "book and drawn dotted", "unknown"),
        ("direction", "Table 1 lists the actors of each kind of interaction together",
         "each interaction an arrow from the actor who commands, sends or shares", "addition"),
        ("layout", "not described", "rows by level of government; assisting side left, assisted side right; lines "
                                    "routed around the boxes", "unknown"),
    ])


def table1_differences() -> pd.DataFrame:
    """How the book's Table 1 differs from the article's (:func:`pairing.report.exhibits.differences`)."""
    return exhibits.differences("par-table1", [
        ("typography", "not visible in the article's text, which keeps its line breaks but not its rules, italics or "
                       "any marks before the items", "each cell's items as a bulleted list, the kind of interactions in "
                                                     "italics above the actors", "unknown"),
        ("directed interactions", "none: the actors of each item are listed together, as a group, and no output is "
                                  "tied to a group",
         "kept out of the table: this book's reading, one arrow per pair of actors with its output, is a table of its "
         "own, labelled as the book's", "addition"),
        ("words and order", "the article's", "the same, set from a data file one item to a row and checked word for word "
                                             "against the article's text by a test", "form"),
    ])


def exhibit_statuses(original_fig1: pd.DataFrame, original_table1: pd.DataFrame) -> dict:
    """Each exhibit's status, derived from its differences (:func:`pairing.report.exhibits.status`)."""
    return {"par_fig1_status": exhibits.status(original_fig1), "par_table1_status": exhibits.status(original_table1)}


def guard_exhibits(prose: Prose, original_fig1: pd.DataFrame, original_table1: pd.DataFrame) -> None:
    kinds_of_link = original_fig1.set_index("aspect").at["kinds of link", "kind"]
    prose.guard(exhibits.status(original_fig1) == "reproduced as far as its words tell" and kinds_of_link == "addition",
                "Figure 1 is … the article's own drawing cannot be compared, and it adds a kind of link the article's "
                "Table 1 does not have", f"{exhibits.status(original_fig1)}; kinds of link: {kinds_of_link}")
    prose.guard(exhibits.status(original_table1) == "reproduced as far as its words tell",
                "Table 1 is reproduced as far as its words tell")


# -- the article's numbers, checked ---------------------------------------------------------------


def staff_numbers(staff: surge.Staff) -> dict:
    return {"feb14_wuhan_staff": int(staff.feb14["staff_wuhan"]), "feb14_total_staff": int(staff.feb14["staff"])}


def spread_numbers(new_cases: pd.DataFrame) -> dict:
    """Each area's peak of new cases a day (:func:`pairing.analysis.surge.new_cases_by_area`), its
    date, and where it stood on 29 February, in all and as a share of the peak."""
    numbers = {}
    for column, key in zip(surge.AREAS, ("wuhan", "outside")):
        series = new_cases[column].dropna()
        numbers |= {f"new_{key}_peak_date": f"{series.idxmax():%-d %B}", f"new_{key}_peak": float(series.max()),
                    f"new_{key}_end_feb": float(series.loc[surge.END_FEB]),
                    f"new_{key}_end_feb_pct": float(series.loc[surge.END_FEB] / series.max() * 100)}
    return numbers


def fatality_numbers(crude: dict[str, float], published: pd.DataFrame) -> dict:
    """Crude fatality on 3 March in the panel (``crude``: :func:`pairing.analysis.surge.crude_fatality`),
    by Zhang et al., and in Hubei's bulletins of 2 and 4 March (``published``: the published totals)."""
    by_date = published.set_index("date")
    numbers = {f"cfr_{key.replace(' ', '_')}": float(value) for key, value in crude.items()}
    for date in ("2020-03-02", "2020-03-04"):
        row = by_date.loc[pd.Timestamp(date)]
        numbers[f"cfr_published_{date[-2:]}"] = float(row["deaths"] / row["confirmed"])
    return numbers | {f"zhang_{key.replace(' ', '_')}": value for key, value in ZHANG.items()}


def over_30k_by_early_february(staff: surge.Staff) -> bool:
    """The evidence for the article's "more than 30,000 medical staff were sent to Wuhan" from late
    January to early February: more than 30,000 in all of Hubei on 12 February, or in Wuhan on 14
    February. The claim's fact (:func:`claims_table`) and the chapter's opening answer read it."""
    return bool(staff.feb12["staff"] > 30_000 or staff.feb14["staff_wuhan"] > 30_000)


def guard_numbers(prose: Prose, staff: surge.Staff, crude: dict[str, float], published: pd.DataFrame,
                  hubei: pd.DataFrame) -> None:
    """The passages on fatality, the staff's timing and the peaks of the paired cities."""
    prose.guard(not over_30k_by_early_february(staff),
                "the official counts contradict its 30,000 staff in Wuhan by early February")  # the opening
    by_date = published.set_index("date")
    for date in ("2020-03-02", "2020-03-04"):
        row = by_date.loc[pd.Timestamp(date)]
        prose.guard(abs(row["deaths"] / row["confirmed"] - crude["Hubei"]) < 0.001,
                    "Hubei's own bulletins give … on 2 March and … on 4 March, as the panel does")
    prose.guard(abs(crude["Wuhan"] - ZHANG["Wuhan"]) < 0.002
                and all(abs(crude[key] - ZHANG[key]) > 0.005 for key in ("Hubei", "outside Wuhan")),
                "Wuhan's agrees, the other two do not")
    prose.guard(crude["outside Wuhan"] < crude["Wuhan"] and ZHANG["outside Wuhan"] < ZHANG["Wuhan"],
                "Both sources agree …: fatality was lower outside Wuhan")
    prose.guard(staff.first_30k == pd.Timestamp("2020-02-17"), "the 30,000 mark was passed, for all of Hubei, only around 17 February",
                f"first on {staff.first_30k:%d %B}")
    prose.guard(staff.feb14["staff_wuhan"] > staff.feb14["staff"] / 2,
                "… staff from outside Hubei were in the province by 14 February … most of them in Wuhan")
    paired_peaks = dynamics.peaks(hubei[hubei["adcode"] != facts.WUHAN])
    prose.guard(paired_peaks["peak_date"].max() <= pd.Timestamp("2020-02-17"),
                "the cities they were paired with had passed their peak of patients under treatment within days of the pairing")


def guard_spread(prose: Prose, new_cases: pd.DataFrame) -> None:
    """The new-cases figure's alt text and caption, and the chapter's "the spread did slow"."""
    end_feb = surge.END_FEB
    below_10 = surge.first_below(new_cases)
    prose.guard(new_cases["16 other divisions"].idxmax() < pd.Timestamp("2020-02-10")
                and new_cases.at[end_feb, "16 other divisions"] < 10
                and new_cases.at[end_feb, "Wuhan"] >= 100 and pd.Timestamp("2020-03-10") <= below_10["Wuhan"] <= pd.Timestamp("2020-03-20"),
                "New cases outside Wuhan peak in early February …, to a handful a day by 29 February; Wuhan's … still in "
                "the hundreds at the end of February, reaching single figures only in mid-March", str(below_10))
    prose.guard((new_cases.loc[:"2020-03-31"] <= 0).any().all(), "days whose mean is zero are left out, so a curve breaks "
                "off where new cases stop")


def guard_slowed(prose: Prose, new_cases: pd.DataFrame) -> None:
    slowed = surge.slowed(new_cases)
    prose.guard(slowed.all(), "The spread did slow: outside Wuhan … in Wuhan they peaked", str(slowed.to_dict()))


NO_US_DATA = "this book has no data on the United States; the article cites its sources for it"
NO_US_TEST = NoTest("no data on the United States here")


def claims_table(shares: pd.DataFrame, bridging: pd.DataFrame, pairings: pd.DataFrame, staff: surge.Staff,
                 new_cases: pd.DataFrame, crude: dict[str, float]) -> pd.DataFrame:
    """The article's claims this chapter checks, each with the evidence that decides its verdict
    (:mod:`pairing.analysis.claims`), checked by :func:`pairing.report.ledger.checked`."""
    n_provinces, n_cities = pairings["province_adcode"].nunique(), pairings["city_adcode"].nunique()
    n_both = len(bridging[bridging["vertical_and_horizontal"]])
    feb12, feb14, first_30k = staff.feb12, staff.feb14, staff.first_30k
    end_feb, week_before = surge.END_FEB, surge.END_FEB - pd.Timedelta(days=7)
    # "Slowed" is read as: new cases a day at the end of February below half their peak and below their level
    # a week earlier. The introduction's "cities" leave Wuhan out (its note 1); "PAP Assessment" speaks of all.
    slowed = surge.slowed(new_cases)
    return ledger.checked(pd.DataFrame([
        claim("article", "“Paired Assistance Programs for Increasing Medical Surge Capacity”; "
                         "“Hybrid Coordination of Medical Personnel and Resources”; Table 1; Figure 1",
              "a close examination of the operation of these PAPs reveals a hybrid mode of coordination | "
              "these PAPs sought to achieve collaborative performance through both vertical and horizontal "
              "coordination of medical resources | vertical interactions",
              "Coordination was hybrid: vertical (authority) at initiation, horizontal (resources, knowledge) in operation",
              f"on the curated network {shares.loc['initiation', ('share', 'vertical')]:.0%} of initiation links are vertical "
              f"and {shares.loc['operation', ('share', 'horizontal')]:.0%} of operation links horizontal, which restates "
              f"the article's own Table 1; {n_both} actors hold both kinds of link; no source counts how often a link was used",
              NoTest("the network restates the article's Table 1; no source counts how often a link was used"),
              section="sec-par-hybrid"),
        claim("article", "introduction; “Paired Assistance Programs for Increasing Medical Surge Capacity”",
              "received help from 19 provinces | requested that 19 provinces assist 16 severely impacted cities in Hubei",
              "19 provinces assist 16 severely impacted cities",
              f"the NHC list of 10 February: {n_provinces} provinces, {n_cities} cities",
              Fact((n_provinces, n_cities) == (19, 16), "19 provinces and 16 cities on the pairing list")),
        claim("article", "“PAP Assessment”",
              "From late January to early February, more than 30,000 medical staff were sent to Wuhan",
              "More than 30,000 medical staff sent to Wuhan from late January to early February",
              f"all of Hubei had {int(feb12['staff']):,} staff from outside on 12 February; Wuhan had "
              f"{int(feb14['staff_wuhan']):,} on 14 February (State Council, excluding military); the 30,000 "
              f"mark was passed, for all of Hubei, on {first_30k:%-d %B}",
              Fact(over_30k_by_early_february(staff), "more than 30,000 in Hubei on 12 February or in Wuhan on 14 February")),
        claim("article", "“PAP Assessment”",
              "From late January to early February, more than 30,000 medical staff were sent to Wuhan and 11,225 doctors "
              "and nurses dispatched from 19 assisting provinces and cities to other areas in Hubei",
              "11,225 doctors and nurses to the other cities, from late January to early February",
              f"{int(feb14['staff_other_cities']):,} in the other cities on 14 February (State Council); "
              f"the {int(pairings['staff_sent'].notna().sum())} pairing counts found, most of them totals to "
              f"March, sum to {int(pairings['staff_sent'].sum()):,}",
              # Dated by the article with the 30,000 ("From late January to early February, ... and 11,225 ...").
              Fact(feb14["staff_other_cities"] >= 11_225, "11,225 in the other cities by 14 February")),
        claim("article", "introduction", "gradually slowing the spread of COVID-19 by late February",
              "The spread slowed by late February",
              "; ".join(
                  f"{area}: new cases a day on 29 February {new_cases.loc[end_feb, area] / new_cases[area].max():.0%} of the "
                  f"peak, {'down' if new_cases.loc[end_feb, area] < new_cases.loc[week_before, area] else 'not down'} on the "
                  f"week before" for area in new_cases.columns) + " (slowed: below half the peak and falling)",
              Share(int(slowed.sum()), len(slowed), "all")),
        claim("article", "“PAP Assessment”",
              "The medical assistance alleviated pressure on Hubei's public healthcare system, decreased the death "
              "toll, and slowed down further spread of the disease",
              "The medical assistance decreased the death toll and slowed the spread",
              f"crude fatality on 3 March: Wuhan {crude['Wuhan']:.3f}, outside Wuhan {crude['outside Wuhan']:.3f}; "
              "the spread slowed (row above), but no counterfactual: the deaths and cases without the "
              "assistance are not observed",
              NoTest("no counterfactual: the deaths and cases without the assistance are not observed")),
        claim("article", "“Hybrid Coordination in a Decentralized Governance System”",
              "more than 90,000 retired and active healthcare professionals signed up online to volunteer to work in "
              "hospitals in New York, including 25,000 from outside the state",
              "More than 90,000 health professionals volunteered for New York's hospitals, 25,000 from outside the state",
              NO_US_DATA, NO_US_TEST),
        claim("article", "“Hybrid Coordination in a Decentralized Governance System”",
              "reached out to other states for ventilator donations, but because there was little facilitation by the "
              "federal government, weeks passed before there was a response",
              "New York's request to other states for ventilators went weeks without a response",
              NO_US_DATA, NO_US_TEST),
        claim("article", "“Hybrid Coordination in a Decentralized Governance System”",
              "the use of interstate mutual aid agreements has been limited",
              "Interstate mutual aid (EMAC) was little used against COVID-19", NO_US_DATA, NO_US_TEST),
    ]), PAGE)


# -- China and the United States ------------------------------------------------------------------


def rated_as(claims: pd.DataFrame, words: str) -> str:
    """The verdict of the one claim of ``claims`` whose statement contains ``words``."""
    match = claims.loc[claims["statement"].str.contains(words, regex=False), "verdict"]
    if len(match) != 1:
        raise ValueError(f"{len(match)} claims contain {words!r}, not one")
    return match.iloc[0]


def comparison_table(comparison: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The article's comparison of China and the United States, dimension by dimension, each side
    with the article's section in brackets, and beside it how this chapter rated the article's own
    numbers (the claims of ``claims``), each verdict as its badge (:mod:`pairing.report.badges`): said
    so, not restated as facts."""
    def badge(words: str) -> str:
        return badges.html(rated_as(claims, words))

    rated = {"who pairs": f"19 provinces for 16 cities: {badge('19 provinces assist')}",
             "scale": f"“more than 30,000” to Wuhan: {badge('More than 30,000')}; "
                      f"11,225: {badge('11,225')}; the US figures: {badge('90,000')}",
             "speed": f"New York's wait for ventilators: {badge('ventilators')}",
             "coordination mode": f"hybrid: {badge('Coordination was hybrid')}"}
    return (comparison.assign(China=comparison["china"] + " [" + comparison["china_section"] + "]",
                              **{"United States": comparison["united_states"] + " [" + comparison["us_section"] + "]",
                                 "rated in this chapter": comparison["dimension"].map(rated).fillna("not a claim the data can test")})
            [["dimension", "China", "United States", "rated in this chapter"]])
