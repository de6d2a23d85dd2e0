"""The divisions chapter: one section per division of cities.csv, made by one template."""

from __future__ import annotations

import re

import geopandas as gpd
import jupytext
import pandas as pd
import pytest
import yaml
from shapely.geometry import box

from conftest import BUILT
from pairing import data, facts
from pairing.data import panel
from pairing.analysis import aid, dynamics
from pairing.report import catalogue, divisions
from pairing.paths import ROOT

CHAPTER = ROOT / "notebooks" / "08_divisions.md"
STANZA = re.compile(r"^\((div-[^)]*)\)=\s*\n## (.+?)\s*$", re.M)
CALL = re.compile(r'divisions\.profile\(\s*"([^"]*)"\s*\)')


def stanzas() -> list[tuple[str, str, list[str]]]:
    """(label, heading, codes the next code cell passes to the template) for each labelled section."""
    cells = jupytext.read(CHAPTER).cells
    found = []
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        for label, heading in STANZA.findall(cell.source):
            following = next(c for c in cells[i + 1:] if c.cell_type == "code")
            found.append((label, heading, CALL.findall(following.source)))
    return found


def test_the_chapter_has_one_section_per_division_in_the_order_of_cities_csv():
    cities = data.load_cities()
    expected = [(f"div-{divisions.slug(en)}", f"{en} {zh}", [code])
                for code, en, zh in zip(cities["adcode"], cities["name_en"], cities["name_zh"])]
    assert stanzas() == expected
    # No other section calls the template, and no division label is used twice.
    text = CHAPTER.read_text(encoding="utf-8")
    assert len(CALL.findall(text)) == len(cities)
    assert len(re.findall(r"^\(div-", text, re.M)) == len(cities)


def test_the_chapter_is_its_own_numbered_part_after_findings():
    parts = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["parts"]
    captions = [part["caption"] for part in parts]
    at = captions.index("The divisions")
    assert captions[at - 1] == "Findings" and captions[at + 1] == "Back matter"
    assert parts[at]["numbered"] and parts[at]["chapters"] == [{"file": "notebooks/08_divisions"}]


def test_names_labels_and_figure_names():
    assert divisions.slug("Xiaogan") == "xiaogan" and divisions.slug("Inner Mongolia") == "inner-mongolia"
    assert divisions.label("Shennongjia") == "div-shennongjia"
    assert divisions.heading("Xiaogan", "孝感市") == "Xiaogan 孝感市"
    assert divisions.figure_name("Xiaogan") == "division-xiaogan"


def test_timing_counts_days_from_day_22():
    assert divisions.timing(25) == "3 days after day 22"
    assert divisions.timing(21) == "1 day before day 22"
    assert divisions.timing(22) == "the day of the letter's turning point"


@pytest.mark.parametrize("dx, dy, word", [(1, 0, "east"), (1, 1, "north-east"), (0, 1, "north"), (-1, 1, "north-west"),
                                          (-1, 0, "west"), (-1, -1, "south-west"), (0, -1, "south"),
                                          (1, -1, "south-east"), (3, 1, "east"), (1, 3, "north")])
def test_compass(dx, dy, word):
    assert divisions.compass(dx, dy) == word


def test_compass_refuses_no_displacement():
    with pytest.raises(ValueError):
        divisions.compass(0, 0)


def test_whereabouts_is_from_wuhan_or_for_wuhan_within_hubei():
    shapes = gpd.GeoDataFrame({"adcode": [facts.WUHAN, "420900", "429021"]},
                              geometry=[box(10, 0, 12, 2), box(8, 2, 10, 4), box(0, 0, 2, 2)])
    assert divisions.whereabouts("420900", shapes) == "north-west of Wuhan"
    assert divisions.whereabouts("429021", shapes) == "west of Wuhan"
    assert divisions.whereabouts(facts.WUHAN, shapes) == "in the east of Hubei"


def city(**changes) -> pd.Series:
    row = data.load_cities().set_index("adcode").loc["420900"].copy()
    for key, value in changes.items():
        row[key] = value
    return row


def test_populations_give_source_and_grade_or_say_unsourced():
    year_end, census = divisions.population_lines(city())
    assert "4,921,000" in year_end and "grade C" in year_end and "unstated (likely 2019)" in year_end
    # A pinned dataset: linked at its commit under its name; the commit itself is left to the data page.
    assert "[kangqiao-ctrl/EnvCausal](<https://github.com/kangqiao-ctrl/EnvCausal/blob/c3ab9c2" in year_end
    assert "{ref}`data page <data-cities>`" in year_end and not re.search(r"(?<![/\w])[0-9a-f]{40}\b", year_end)
    assert "(population in units of 10,000; year not stated)" in year_end
    assert "4,270,371" in census and "grade B" in census
    assert census.endswith("[French Wikipedia 'Xiaogan'](<https://fr.xcv.wiki/wiki/Xiaogan>) (a copy)")
    year_end, census = divisions.population_lines(city(population_2019=pd.NA, census_2020_population=pd.NA))
    assert "not sourced" in year_end and "2020 census" in year_end and "not sourced" in census
    tianmen = data.load_cities().set_index("adcode").loc["429006"]
    assert "not sourced" in divisions.population_lines(tianmen)[0]


def pair(**changes) -> pd.DataFrame:
    row = data.load_pairings().query("city_adcode == '420900' and province_en == 'Chongqing'").copy()
    for key, value in changes.items():
        row[key] = value
    return row


def test_partner_lines_give_status_and_grade_or_say_not_found():
    (line,) = divisions.partner_lines(pair())
    assert line.startswith("Chongqing 重庆市: announced 10 February 2020 (grade B)")
    assert "first team to Xiaogan 26 January 2020" in line and "812 staff sent, in all" in line
    assert "(7 batches, 26 January to 28 March 2020)" in line
    assert "from [Shangyou News/Chongqing Morning Post, 11 April 2020](<http://cqcb.com/" in line
    assert line.endswith("Note: Chongqing first team (141) was already in Xiaogan before the pairing; 158 more (142 "
                         "medical) left on 11 February 2020 (ttnews mirror of People's Daily). The list of 7 February "
                         "had Chongqing paired with Yichang.")
    (line,) = divisions.partner_lines(pair(staff_count_type="at least"))
    assert "at least (a lower bound" in line
    (line,) = divisions.partner_lines(pair(staff_sent=pd.NA, first_team_date=pd.NaT, notes=pd.NA))
    assert "staff sent: not found" in line and "first team: date not found" in line and "Note:" not in line


def test_a_share_of_a_peak_too_small_for_a_whole_percentage_is_said_in_words():
    """A fresh reader's finding: Yichang's step was "0% of its peak", which reads as nothing left."""
    assert divisions.share_of_peak(0.0025) == "under 1%"
    assert divisions.share_of_peak(0.08) == "8%" and divisions.share_of_peak(0.012) == "1%"


def test_a_partners_first_team_is_its_first_to_the_division_and_its_note_says_what_its_batches_count():
    """A fresh reader's finding: Ningxia's "2nd batch arrived 12 Feb" stood beside its first team of 12
    February. The data are right (the batches are numbered among all Ningxia sent to Hubei); the line
    says whose first team it is, and the note what the number counts."""
    pairs = data.load_pairings().query("city_en == 'Xiangyang'")
    lines = dict(zip(pairs["province_en"], divisions.partner_lines(pairs)))
    assert "first team to Xiangyang 12 February 2020" in lines["Ningxia"]
    assert "Ningxia's 2nd batch to Hubei, the first to Xiangyang, arrived Xiangyang on 12 February 2020 at 16:45" \
        in lines["Ningxia"]
    assert "First batch to Xiangyang" in lines["Liaoning"] and "KR" not in lines["Liaoning"]
    assert "83 of the 115 staff Liaoning sent that day" in lines["Liaoning"]
    first = aid.first_teams(pairs)  # the rule that picks a division's first team: the earliest of its partners'
    assert first[pairs["city_adcode"].iloc[0]] == pairs["first_team_date"].min()


def test_no_section_shows_the_curators_shorthand_named_by_a_reader():
    inp = divisions.inputs()
    for adcode in inp.cities["adcode"]:
        body = shown(divisions.profile_markdown(adcode, inp))
        for shorthand in ("KR caption", "newsInfo", "(0514f.cn)", "Computed sum", "computed sum", "no.1", "(reprint "):
            assert shorthand not in body, (adcode, shorthand)
        assert not re.search(r"(?<![\d.])0% of", body), adcode


def test_staff_per_patient_is_labelled_by_what_is_known():
    staff = aid.staff_by_city(data.load_pairings()).set_index("adcode")
    assert divisions.staff_per_patient(staff.loc["420900"], 1450) == "1.00 (1,450 staff ÷ 1,450 patients)"
    assert divisions.staff_per_patient(staff.loc["421200"], 1000).startswith("at least 0.49 (493 or more staff")
    # Shennongjia has one partner, Xiangyang two: "at least one partner" was said of a division with one.
    assert divisions.staff_per_patient(staff.loc["429021"], 8) == "not known: the staff its partner sent were not found"
    assert divisions.staff_per_patient(staff.loc["420600"], 8).endswith("at least one of its partners were not found")
    assert divisions.staff_per_patient(None, 8).startswith("not computed")


def test_wuhan_aid_lines_are_the_reported_counts_in_wuhan_by_date():
    timeline = data.load_aid_timeline()
    lines = divisions.wuhan_aid_lines(timeline)
    counts = timeline.dropna(subset=["staff_wuhan"]).sort_values("as_of")["staff_wuhan"]
    assert [int(line.split(" ")[0].replace(",", "")) for line in lines] == counts.tolist()
    assert any("32,572 on 20 February 2020 (grade A" in line for line in lines)


def test_personnel_lines_follow_the_book_s_measures_and_keep_the_rest():
    resources, cities = data.load_health_resources(), data.load_cities()
    xiaogan = divisions.personnel_lines("420900", resources, cities)
    # The series' key ("sosc") is named by its dataset, linked at the version read.
    assert xiaogan[0].startswith("doctors per 1000 residents (2019 population): 1.78, from doctors in "
                                 "[onjas-buidl/COVID-19_sosc](<https://github.com/onjas-buidl/COVID-19_sosc/blob/")
    assert "nurses per 1000 in [kangqiao-ctrl/EnvCausal](" in xiaogan[4] and "envcausal" not in " ".join(xiaogan)
    assert len(xiaogan) == 5 and not any("beds" in line for line in xiaogan)
    shennongjia = divisions.personnel_lines("429021", resources, cities)
    assert len(shennongjia) == 1 and "2.999" in shennongjia[0] and "grade A" in shennongjia[0]
    wuhan = divisions.personnel_lines(facts.WUHAN, resources, cities)
    assert any("3.42" in line and "grade B" in line for line in wuhan)
    assert any("38,200" in line and "grade C" in line for line in wuhan)
    assert divisions.personnel_lines("429006", resources, cities) == []


def test_summary_has_each_division_once_with_its_peak_and_first_team():
    frame = divisions.summary()
    cities, pairings = data.load_cities(), data.load_pairings()
    assert frame["adcode"].tolist() == cities["adcode"].tolist()
    hubei = data.load_hubei_cases()
    window = hubei[facts.lockdown_day(hubei["date"]) <= divisions.LAST_DAY]
    assert frame.set_index("adcode")["peak"].to_dict() == window.groupby("adcode")["active"].max().to_dict()
    wuhan = frame.set_index("adcode").loc[facts.WUHAN]
    assert wuhan["partners"] == "not in the pairing" and pd.isna(wuhan["first_team_date"])
    first = pairings.groupby("city_adcode")["first_team_date"].min()
    assert (frame.set_index("adcode").loc[first.index, "first_team_date"] == first).all()


def test_the_index_links_every_division_to_its_section():
    html = divisions.index_table().to_html()
    for en in data.load_cities()["name_en"]:
        assert f'href="#{divisions.label(en)}"' in html


def test_the_figure_draws_the_division_above_hubei_and_the_map():
    fig, plotted = divisions.figure("429021")
    assert len(fig.axes) == 3
    assert set(plotted["adcode"]) == {"429021", facts.HUBEI}
    hubei = plotted[plotted["adcode"] == facts.HUBEI].set_index("day")["active"]
    panel = data.load_hubei_cases()
    panel = panel[facts.lockdown_day(panel["date"]) <= divisions.LAST_DAY]
    assert hubei.max() == panel.groupby("date")["active"].sum().max()
    assert plotted["day"].between(1, divisions.LAST_DAY).all()


def test_the_alt_text_says_the_peak_and_its_timing_and_when_the_curve_empties_for_good():
    caption, alt = divisions.figure_text("429021")
    peak = divisions.inputs().peaks.loc["429021"]
    # The caption's headline is the finding, in numbers from the data; the figures page lists the files.
    assert caption.startswith(f"Shennongjia 神农架林区: patients under treatment peaked at {peak['peak']:,} on day "
                              f"{peak['peak_day']}, {divisions.timing(peak['peak_day'])}. ")
    assert "Exported" not in caption and "figures/" not in caption
    assert f"peak at {peak['peak']:,}, first reached on day {peak['peak_day']}" in alt
    assert divisions.timing(peak["peak_day"]) in alt
    # Shennongjia emptied, then had one patient again: empty for good only after the last one.
    series = divisions.inputs().curves.query("adcode == '429021'").set_index("day")["active"]
    last = int(series[series > 0].index.max())
    assert (series.loc[peak["peak_day"]:last] == 0).any(), "the data no longer have the bump this test is about"
    assert f"no one is under treatment from day {last + 1} (" in alt
    _, wuhan = divisions.figure_text(facts.WUHAN)
    assert "under treatment on 31 March" in wuhan or "no one is under treatment from day" in wuhan


def test_a_peak_held_for_days_is_said_as_first_reached_and_held():
    import pandas as pd

    series = pd.Series([1, 8, 8, 8, 5], index=[10, 11, 12, 13, 14])
    peak = pd.Series({"peak": 8, "peak_day": 11})
    assert divisions.peak_held(series, peak).startswith("first reached on day 11 (") and "held to day 13 (" in divisions.peak_held(series, peak)
    assert divisions.peak_held(series.replace({8: 7}).mask(series.index == 11, 8), peak).startswith("on day 11 (")


def test_the_section_renders_its_figure_with_name_and_quoted_alt():
    text = divisions.profile_markdown("429006")
    assert "```{glue:figure} division-tianmen\n---\nname: fig-division-tianmen\nalt: \"" in text
    options = yaml.safe_load(text.split("---\n")[1])
    assert options["alt"] == divisions.figure_text("429006")[1]
    assert "not sourced" in text and "none found" in text
    wuhan = divisions.profile_markdown(facts.WUHAN)
    assert "not in the pairing" in wuhan and "32,572" in wuhan


def test_each_section_opens_with_its_figure_and_its_reading_and_gives_the_sources_after():
    """A reader's finding (issue 27): the sections opened with a long list of sources before the figure."""
    inp = divisions.inputs()
    for adcode in inp.cities["adcode"]:
        text = divisions.profile_markdown(adcode, inp)
        reading, figure, facts_list = text.split("\n\n", 2)
        assert reading.startswith("Peak of patients under treatment: **") and "\n" not in reading
        assert figure.startswith("```{glue:figure}") and figure.endswith("```")
        assert facts_list.startswith("- Names: ") and "Population:" in facts_list and "source" in facts_list
        assert "Elsewhere in the book:" in facts_list and "```" not in facts_list


def test_unknown_division_is_an_error_naming_the_table():
    with pytest.raises(KeyError, match="cities.csv"):
        divisions.figure_text("110000")


@BUILT
def test_the_catalogue_lists_each_division_s_figure_with_the_template_s_caption():
    exported = {e.name: e for e in catalogue.exports() if e.docname == "notebooks/08_divisions"}
    for code, en in zip(data.load_cities()["adcode"], data.load_cities()["name_en"]):
        export = exported[divisions.figure_name(en)]
        assert (export.caption, export.alt) == divisions.figure_text(code)
        assert export.section.startswith(en)


def test_each_paired_division_marks_its_own_first_team_and_wuhan_none():
    inp = divisions.inputs()
    for adcode in ("420900", facts.WUHAN):
        team = divisions.first_team(adcode, inp)
        caption, alt = divisions.figure_text(adcode, inp)
        assert (team is None) == (adcode == facts.WUHAN)
        assert ("Triangle: the division's first team" in caption) == (team is not None)
        if team is not None:
            assert team == inp.pairings.loc[inp.pairings["city_adcode"] == adcode, "first_team_date"].min()
            assert f"marked on day {facts.lockdown_day(team)} (" in alt
            fig, _ = divisions.figure(adcode, inp)
            assert any(line.get_marker() == "^" for line in fig.axes[0].lines)


def test_each_section_says_what_the_change_of_counting_added():
    inp = divisions.inputs()
    step = dynamics.criteria_step(data.load_hubei_cases()).set_index("adcode")["excess"]
    for adcode in inp.cities["adcode"]:
        line = divisions.step_line(adcode, inp)
        assert line in divisions.profile_markdown(adcode, inp)
        if round(step[adcode]) == 0:
            assert line.startswith("no step")
        else:
            share = step[adcode] / inp.peaks.at[adcode, "peak"]
            cases = "case" if round(step[adcode]) == 1 else "cases"
            assert line.startswith(f"about {step[adcode]:,.0f} {cases} ")
            assert f"{divisions.share_of_peak(share)} of its peak" in line and not re.search(r"(?<![\d.])0% of", line)


# -- the division's figure as the page shows it ------------------------------------------------

#: The divisions whose labels the day-22 line or the locator's ring used to cut (issue 27), and Wuhan.
CROWDED = {"429021": "Shennongjia", "422800": "Enshi", "420700": "Ezhou", "429004": "Xiantao", facts.WUHAN: "Wuhan"}
PAGE_PX, PAGE_DPI = 768, 110  # the text column of a chapter page; the notebook's figure resolution


def test_a_label_goes_nearest_its_point_clear_of_what_it_must_not_cross():
    from pairing.figures.divisions import free_span

    assert free_span(10, 50, (0, 100), [], 2) == 52  # right beside the point
    assert free_span(10, 50, (0, 100), [(55, 60)], 2) == 38  # the band on its right: on its left
    # Shennongjia's peak: too near the axis for the left, the band on the right: over the point,
    # stopping short of the band
    assert free_span(16, 12, (1, 69), [(19.5, 22)], 1) == 2.5
    assert free_span(10, 5, (0, 100), [(9, 12)], 2) == 14  # no room before the band: past it
    assert free_span(200, 5, (0, 100), [], 2) is None


#: The two layouts of a division's figure: the page's and the phone's (issue 27), with the width of
#: the column each is shown in, in pixels.
LAYOUTS = {"page": PAGE_PX, "phone": 352}


@pytest.fixture(scope="module")
def crowded_figures():
    """What the renderer drew in the figures of :data:`CROWDED`, in both layouts (:data:`LAYOUTS`),
    drawn in the book's style: the labels' boxes (in pixels), the x of the day-22 line and the
    extent of each curve panel, the locator's ring (centre and radius) and label boxes, the width as
    saved and the smallest font, keyed by (adcode, layout)."""
    import matplotlib
    import matplotlib.pyplot as plt

    from pairing.figures import plots

    assert LAYOUTS["phone"] == plots.PHONE_COLUMN_PX
    measured = {}
    with matplotlib.rc_context():
        plots.set_style()
        inp = divisions.inputs()
        for adcode, layout in [(code, layout) for code in CROWDED for layout in LAYOUTS]:
            fig, _ = divisions.figure(adcode, inp, width=plots.PHONE_WIDTH if layout == "phone" else None)
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            top, bottom, where = fig.axes
            texts = [t for ax in (top, bottom, where) for t in ax.texts] + [top.yaxis.label, bottom.xaxis.label]
            rings = [(*where.transData.transform((line.get_xdata()[0], line.get_ydata()[0])),
                      line.get_markersize() / 2 * fig.dpi / 72) for line in where.lines if line.get_marker() == "o"]
            shown = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip() and t.get_visible()
                     and (t.axes is not where or t in where.texts)]
            measured[adcode, layout] = {
                "labels": {t.get_text(): t.get_window_extent(renderer) for t in texts if t.get_text().strip()},
                "map_labels": [t.get_bbox_patch().get_window_extent(renderer) for t in where.texts],
                "day22": [(ax.transData.transform((facts.TEAMS_AT_WORK_DAY, 0))[0], ax.get_window_extent(renderer))
                          for ax in (top, bottom)],
                "rings": rings,
                "width": fig.get_tightbbox(renderer).width + 2 * matplotlib.rcParams["savefig.pad_inches"],
                "smallest": min(t.get_fontsize() for t in shown),
                "figwidth": fig.get_figwidth(),
                "stacked": where.get_position().y1 <= bottom.get_position().y0,
            }
            plt.close(fig)
    return measured


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("adcode", CROWDED)
def test_no_label_is_cut_by_the_day_22_line_or_another_label(crowded_figures, adcode, layout):
    drawn = crowded_figures[adcode, layout]
    assert any(text.startswith("peak ") for text in drawn["labels"])
    for x, panel_box in drawn["day22"]:
        for text, extent in drawn["labels"].items():
            inside = extent.y0 < panel_box.y1 and extent.y1 > panel_box.y0
            assert not (inside and extent.x0 - 1 < x < extent.x1 + 1), \
                f"{CROWDED[adcode]}: the day-22 line cuts {text!r}"
    labels = list(drawn["labels"].items())
    for n, (text, extent) in enumerate(labels):
        for other, other_extent in labels[n + 1:]:
            assert not extent.overlaps(other_extent), f"{CROWDED[adcode]}: {text!r} overlaps {other!r}"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("adcode", [code for code in CROWDED if code != facts.WUHAN])
def test_wuhan_is_named_off_the_ring_of_a_small_division(crowded_figures, adcode, layout):
    drawn = crowded_figures[adcode, layout]
    assert drawn["map_labels"], "Wuhan is not named on the locator"
    for cx, cy, radius in drawn["rings"]:
        for extent in drawn["map_labels"]:
            dx, dy = max(extent.x0 - cx, 0, cx - extent.x1), max(extent.y0 - cy, 0, cy - extent.y1)
            assert (dx * dx + dy * dy) ** 0.5 > radius + 1, f"{CROWDED[adcode]}: Wuhan's label on the ring"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("adcode", CROWDED)
def test_the_smallest_text_is_11_pixels_high_on_the_page_and_on_a_phone(crowded_figures, adcode, layout):
    drawn = crowded_figures[adcode, layout]
    width = drawn["width"]  # inches, as saved with bbox_inches="tight"
    assert drawn["smallest"] >= 7.5
    assert drawn["smallest"] * min(LAYOUTS[layout] / (72 * width), PAGE_DPI / 72) >= 11, f"{width:.2f} in wide"
    if layout == "phone":  # no wider than a phone's rendering, the map under the curves
        assert drawn["figwidth"] <= 3.2 and drawn["width"] <= 3.2 + 2 * 0.1 and drawn["stacked"]


@pytest.fixture(scope="module")
def every_figure():
    """What the renderer drew in each of the 17 divisions' figures, in both layouts (:data:`LAYOUTS`),
    keyed by (adcode, layout), in pixels: the day-22 label's box, the line's x, the days 20–21 band's
    left and right, the curve panel's other labels' boxes, its curve and peak dot as points, and the
    first team's triangle (centre, z-order, colours, the pixel drawn at its centre) with the
    z-orders of what it must be drawn over and the panel's box."""
    import matplotlib
    import matplotlib.patheffects
    import matplotlib.pyplot as plt
    import numpy as np

    from pairing.figures import plots

    measured = {}
    with matplotlib.rc_context():
        plots.set_style()
        inp = divisions.inputs()
        for adcode in inp.cities["adcode"]:
            for layout in LAYOUTS:
                fig, _ = divisions.figure(adcode, inp, width=plots.PHONE_WIDTH if layout == "phone" else None)
                fig.canvas.draw()
                renderer, pixels = fig.canvas.get_renderer(), np.asarray(fig.canvas.buffer_rgba())
                top = fig.axes[0]
                (band,) = top.patches
                day22 = next(t for t in top.texts if t.get_text() == f"day {facts.TEAMS_AT_WORK_DAY}")
                line = next(l for l in top.lines if list(l.get_xdata()) == [facts.TEAMS_AT_WORK_DAY] * 2)
                points = [l for l in top.lines if l is not line and l.get_marker() != "^"]
                teams = [l for l in top.lines if l.get_marker() == "^"]
                drawn = {
                    "day22": day22.get_window_extent(renderer),
                    "line": top.transData.transform((facts.TEAMS_AT_WORK_DAY, 0))[0],
                    "band": tuple(band.get_window_extent(renderer).intervalx),
                    "labels": {t.get_text(): t.get_window_extent(renderer) for t in top.texts if t is not day22},
                    "points": np.vstack([top.transData.transform(l.get_xydata()) for l in points]),
                    "panel": top.get_window_extent(renderer),
                    "teams": [],
                }
                for team in teams:
                    x, y = top.transData.transform(team.get_xydata()[0])
                    drawn["teams"].append({
                        "centre": (x, y), "zorder": team.get_zorder(), "under": max(band.get_zorder(), line.get_zorder(),
                                                                                   *(s.get_zorder() for s in top.spines.values())),
                        "face": matplotlib.colors.to_rgb(team.get_markerfacecolor()),
                        "edge": matplotlib.colors.to_rgb(team.get_markeredgecolor()), "edge_width": team.get_markeredgewidth(),
                        "band": matplotlib.colors.to_rgb(band.get_facecolor()),
                        "halo": [matplotlib.colors.to_rgb(e._gc["foreground"]) for e in team.get_path_effects()
                                 if isinstance(e, matplotlib.patheffects.withStroke)],
                        "pixel": pixels[int(round(pixels.shape[0] - y - 2)), int(round(x))][:3] / 255,
                    })
                measured[adcode, layout] = drawn
                plt.close(fig)
    return measured


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_day_22_label_names_its_line_at_its_top_right_clear_of_the_band_curves_and_labels(every_figure, layout):
    for (adcode, shown), drawn in every_figure.items():
        if shown != layout:
            continue
        label, panel = drawn["day22"], drawn["panel"]
        where = f"{adcode} ({layout})"
        # on the line's right, near it, and so past the band on its left
        assert drawn["band"][1] <= drawn["line"] < label.x0 <= drawn["line"] + 8, where
        # at the panel's top, inside it
        assert panel.y1 - 6 <= label.y1 <= panel.y1 and label.x1 <= panel.x1, where
        # no curve or peak dot under it, with a few pixels to spare
        near = drawn["points"][(drawn["points"][:, 0] >= label.x0 - 4) & (drawn["points"][:, 0] <= label.x1 + 4)]
        assert not len(near) or near[:, 1].max() < label.y0 - 4, where
        for text, extent in drawn["labels"].items():
            assert not extent.overlaps(label), f"{where}: day 22 overlaps {text!r}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_first_team_s_triangle_is_drawn_over_the_band_and_line_and_shows(every_figure, layout):
    from pairing.analysis import aid

    teams = aid.first_teams(divisions.inputs().pairings)
    for (adcode, shown), drawn in every_figure.items():
        if shown != layout:
            continue
        where = f"{adcode} ({layout})"
        assert len(drawn["teams"]) == (0 if pd.isna(teams.get(adcode, pd.NaT)) else 1), where
        for team in drawn["teams"]:
            x, y = team["centre"]
            panel = drawn["panel"]
            assert panel.x0 <= x <= panel.x1 and abs(y - panel.y0) < 1, where  # on the panel's time axis
            assert team["zorder"] > team["under"], where  # over the band, the day-22 line and the axis
            # outlined in a colour far from the band's and the page's, and haloed in white against a dark face
            assert team["edge_width"] > 0 and sum(abs(a - b) for a, b in zip(team["edge"], team["band"])) > 1.5, where
            assert team["halo"] == [(1.0, 1.0, 1.0)], where
            # what shows at its centre is its own colour, not the band's or the line's
            assert sum(abs(a - b) for a, b in zip(team["pixel"], team["face"])) < 0.1, (where, team)


def test_a_first_team_outside_the_figure_s_days_is_refused():
    import matplotlib.pyplot as plt

    from pairing.figures import divisions as drawing

    inp = divisions.inputs()
    own = inp.curves[inp.curves["adcode"] == "420900"]
    peak, hubei_peak = inp.peaks.loc["420900"], inp.peaks.loc[facts.HUBEI]
    for day in (0, divisions.LAST_DAY + 1):
        with pytest.raises(ValueError, match=f"first team's day {day} lies outside"):
            drawing.division_figure(own, inp.hubei, adcode="420900", name="Xiaogan", color="#333333",
                                    peak=(int(peak["peak_day"]), int(peak["peak"])),
                                    hubei_peak=(int(hubei_peak["peak_day"]), int(hubei_peak["peak"])),
                                    shapes=inp.shapes, team_day=day, last_day=divisions.LAST_DAY)
    plt.close("all")


def test_the_phone_s_figure_plots_the_same_values_and_the_phone_s_index_map_is_legible():
    import io

    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np

    from pairing.figures import plots

    inp = divisions.inputs()
    with matplotlib.rc_context():
        plots.set_style()
        page, plotted = divisions.figure("420700", inp)
        phone, phone_plotted = divisions.figure("420700", inp, width=plots.PHONE_WIDTH)
        assert phone_plotted.equals(plotted)
        for page_ax, phone_ax in zip(page.axes[:2], phone.axes[:2], strict=True):
            for a, b in zip(page_ax.get_lines(), phone_ax.get_lines(), strict=True):
                assert np.array_equal(np.asarray(a.get_xydata(), float), np.asarray(b.get_xydata(), float))
        page_map, map_plotted = divisions.index_map(inp)
        phone_map, phone_map_plotted = divisions.index_map(inp, width=plots.PHONE_WIDTH)
        assert phone_map_plotted.equals(map_plotted)
        for fig in (phone, phone_map):
            out = io.StringIO()
            fig.savefig(out, format="svg")
            assert plots.shown_text_px(out.getvalue(), plots.PHONE_COLUMN_PX) >= plots.LEGIBLE_PX
            assert fig.get_figwidth() <= plots.PHONE_WIDTH
            assert fig.get_tightbbox(fig.canvas.get_renderer()).width <= plots.PHONE_WIDTH
        # every division on the phone's map named, in place or in the key
        names = {t.get_text() for t in phone_map.axes[0].texts}
        assert set(inp.cities["name_en"]) <= names
    plt.close("all")


# -- the curated tables' words, as a reader reads them (issue 27) -------------------------------

#: Any 40-digit commit hash.
HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])")


def shown(markdown: str) -> str:
    """What a reader sees of MyST text: link targets (``(<…>)``) and role targets dropped."""
    return re.sub(r"\(<[^>]*>\)|<[\w-]+>`", "", markdown)


@pytest.mark.parametrize("shorthand, words", [
    ("total NOT found", "no total was found"),
    ("first team 117 arrived 12:17 2020-02-12; total to Enshi NOT found (partial facts; no total to this city found, "
     "left blank)", "first team 117 arrived on 12 February 2020 at 12:17; no total to Enshi was found"),
    ("Feb-7 list had Chongqing->Yichang.", "the list of 7 February had Chongqing paired with Yichang."),
    ("teams predate the Feb-10 pairing", "teams predate the pairing of 10 February"),
    ("108 (dep. 2020-02-10), 434 incl. journalists", "108 (departed on 10 February 2020), 434 including journalists"),
    ("7 batches, 2020-01-26..2020-03-28", "7 batches, 26 January to 28 March 2020"),
    ("2020-12-30..2021-01-02", "30 December 2020 to 2 January 2021"),
    ("arrival ~22:00 2020-02-11", "arrival on 11 February 2020 at about 22:00"),
    ("arrived 2020-02-14 23:55", "arrived on 14 February 2020 at 23:55"),
    ("due in Xiaogan ~22:00", "due in Xiaogan at about 22:00"),
    ("12 CDC+2 infection-control; 149 (1st) + 4th batch 125", "12 CDC and 2 infection-control; 149 (1st) and 4th batch 125"),
    ("150+141+156+191; +131,000 on 2018", "150+141+156+191; +131,000 on 2018"),  # sums and changes stay
    ("see Xiantao row (434 combined)", "see {ref}`Xiantao <div-xiantao>` (434 combined)"),
    ("(POP in 10k; year not stated)", "(population in units of 10,000; year not stated)"),
    ("took over the hospital 2020-02-13", "took over the hospital on 13 February 2020"),
    ("389 by 2020-02-18; first 2020-01-25, last 2020-02-28", "389 by 18 February 2020; first 25 January 2020, last 28 February 2020"),
    ("Liaoning total to Hubei 2,054 (Liaoning Today 2020 no.1)", "Liaoning total to Hubei 2,054 (Liaoning Today 2020 issue 1)"),
    ("arrival ~22:00 2020-02-11 (0514f.cn)", "arrival on 11 February 2020 at about 22:00 (as reported on 0514f.cn)"),
])
def test_the_curators_shorthand_reads_as_words(shorthand, words):
    assert divisions.in_words(shorthand) == words


def test_a_date_after_a_name_is_when_it_happened_in_a_note_and_when_it_was_published_in_a_source():
    assert divisions.in_words("Southern Daily 2020-03-21") == "Southern Daily on 21 March 2020"
    assert divisions.in_words("Xinhua 2020-01-29", "source") == "Xinhua, 29 January 2020"
    assert divisions.in_words("Xinhua English 2020-03-17 (returned 2020-03-20)", "source") == \
        "Xinhua English, 17 March 2020 (returned on 20 March 2020)"


def test_a_note_reads_as_sentences():
    assert divisions.sentence("see Xiantao row; per-city split NOT found") == \
        "See {ref}`Xiantao <div-xiantao>`; no per-city split was found."
    assert divisions.sentence("computed sum. feb-7 aside") == "The count is the sum of the parts reported. Feb-7 aside."
    assert divisions.sentence("computed sum of two reported batches") == "The count is the sum of two reported batches."


@pytest.mark.parametrize("source, markdown", [
    # an address alone: the site names it
    ("https://www.citypopulation.de/en/china/hubei/admin/",
     "[citypopulation.de](<https://www.citypopulation.de/en/china/hubei/admin/>)"),
    ("http://a.example.org/x (mirror of 公报); http://m.b.example.com/y",
     "[a.example.org](<http://a.example.org/x>) (mirror of 公报); [b.example.com](<http://m.b.example.com/y>)"),
    # a title before it names it; read on a mirror: said so
    ("German Wikipedia 'Enshi' via https://dewiki.de/Lexikon/Enshi",
     "[German Wikipedia 'Enshi'](<https://dewiki.de/Lexikon/Enshi>) (a copy)"),
    ("German Wikipedia 'Jingmen', http://de.wikipedia.org./wiki/Jingmen",
     "[German Wikipedia 'Jingmen'](<http://de.wikipedia.org./wiki/Jingmen>)"),
    # a publisher and its date; the date in the address is left alone
    ("Guangxi Radio 2020-03-21 http://www.bbrtv.com/2020-03-21/1.html; China News 2020-04-03",
     "[Guangxi Radio, 21 March 2020](<http://www.bbrtv.com/2020-03-21/1.html>); China News, 3 April 2020"),
    # an address without its scheme, in brackets after its publisher
    ("China News 2020-02-11 (jiangsulong.com/a/2020/0211/1.html); arrival ~22:00 2020-02-11 (0514f.cn)",
     "China News, 11 February 2020 ([jiangsulong.com](<http://jiangsulong.com/a/2020/0211/1.html>)); "
     "arrival on 11 February 2020 at about 22:00 (as reported on 0514f.cn)"),
    ("Xinhua 2020-01-29 (reprint tech.example.com/a/1.html)",
     "Xinhua, 29 January 2020 (reprinted on [tech.example.com](<http://tech.example.com/a/1.html>))"),
    ("China Daily 2020-02-03 (reprint dictall.com/dictall/newsInfo.jsp?id=109311)",
     "China Daily, 3 February 2020 (reprinted on [dictall.com](<http://dictall.com/dictall/newsInfo.jsp?id=109311>))"),
    # a GitHub file at a pinned commit, in the two forms the tables write
    ("github owner/repo data/file.csv @" + "a" * 40 + " (POP in 10k)",
     "[owner/repo](<https://github.com/owner/repo/blob/" + "a" * 40 + "/data/file.csv>), the version the "
     "{ref}`data page <data-cities>` records (population in units of 10,000)"),
    ("GitHub owner/repo, Data/文件.csv, commit " + "b" * 40,
     "[owner/repo](<https://github.com/owner/repo/blob/" + "b" * 40 + "/Data/文件.csv>), the version the "
     "{ref}`data page <data-cities>` records"),
    ("a page [sic] *quoted*", "a page \\[sic\\] \\*quoted\\*"),
])
def test_sources_are_links_named_by_publisher_title_or_site(source, markdown):
    assert divisions.linked(source, "cities.csv") == markdown


def test_no_curated_source_shows_an_address_or_a_hash():
    for table, columns in [("cities", ["population_2019_source", "census_2020_source"]), ("pairings", ["staff_source"]),
                           ("health_resources", ["source"]), ("aid_timeline", ["source"])]:
        frame = pd.read_csv(ROOT / "data" / "curated" / f"{table}.csv", dtype=str)
        for source in frame[columns].stack().dropna().unique():
            seen = shown(divisions.linked(source, f"{table}.csv"))
            assert not re.search(r"https?://|\b\w[\w-]*\.\w+/", seen) and not HASH.search(seen), (source, seen)


def test_each_section_bolds_its_peak_only_and_shows_no_shorthand_address_or_hash():
    inp = divisions.inputs()
    for adcode in inp.cities["adcode"]:
        text = divisions.profile_markdown(adcode, inp)
        before, rest = text.split("```{glue:figure}")
        body = shown(before + rest.split("\n```\n", 1)[1])  # all but the figure's block
        assert re.findall(r"\*\*(.+?)\*\*", body) == [f"{inp.peaks.at[adcode, 'peak']:,}"], adcode
        for shorthand in ("NOT found", "->", "left blank", "dep.", "incl.", "Feb-", "~", "POP in", "sosc ", "envcausal"):
            assert shorthand not in body, (adcode, shorthand)
        assert not re.search(r"https?://|\d{4}-\d{2}-\d{2}", body) and not HASH.search(body), adcode


@BUILT
def test_the_built_chapter_links_its_sources_by_name_and_bolds_one_number_a_division():
    from bs4 import BeautifulSoup

    page = BeautifulSoup((ROOT / "_build" / "html" / "notebooks" / "08_divisions.html").read_text(encoding="utf-8"),
                         "html.parser")
    main = page.select_one("main")
    external = main.select('a.reference.external[href^="http"]')
    assert len(external) > 50
    assert not [a.get_text() for a in external if re.match(r"https?://", a.get_text())]
    text = main.get_text(" ")
    assert not re.search(r"https?://", text) and not HASH.search(text)
    # one number a division, the peak a reader scans for, and nothing else in bold
    assert len(main.select("strong")) == len(data.load_cities())
    assert len(main.select('a.reference.internal[href$="data.html#data-cities"]')) >= 8


# -- Enshi's colour --------------------------------------------------------------------------------

def _lab(color) -> tuple[float, float, float]:
    """CIELAB (D65) of a colour, for distances as the eye sees them."""
    import numpy as np
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(color))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    f = np.cbrt(np.maximum(xyz / [0.95047, 1.0, 1.08883], 0.008856))
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _distance(a, b) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(_lab(a), _lab(b))) ** 0.5)


def test_enshi_has_a_colour_of_its_own_and_not_the_grey_of_not_paired():
    from pairing.figures import plots

    enshi = plots.CITY_COLORS["422800"]
    _, a, b = _lab(enshi)
    # Far from every grey (grey has no chroma): "not paired", "no data", the locator's other divisions.
    assert (a * a + b * b) ** 0.5 > 30, "Enshi's colour is a grey"
    others = [c for code, c in plots.CITY_COLORS.items() if code != "422800"]
    closest_pair = min(_distance(x, y) for i, x in enumerate(others) for y in others[i + 1:])
    # As far from every other division, and from the groups' colours, as the other 16 are from each other.
    assert min(_distance(enshi, c) for c in [*others, *plots.GROUP_COLORS.values()]) >= closest_pair
