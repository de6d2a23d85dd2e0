"""The letter's Fig. 1: measures built from the curated series, correlations with bootstrap
intervals, sensitivity and leave-one-out, and the arithmetic behind Shennongjia's 2.999."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from pairing import data, facts
from pairing.analysis import personnel
from pairing.errors import DataError


def test_doctors_per_1000_is_the_count_over_the_population(resources, cities):
    measured = personnel.personnel_per_1000(resources, cities, "doctors_2019").set_index("adcode")
    doctors = resources[(resources["series"] == "sosc") & (resources["measure"] == "doctors")].set_index("adcode")["value"]
    population = cities.set_index("adcode")["population_2019"].astype(float)
    for adcode, value in measured["personnel_per_1000"].items():
        assert value == pytest.approx(doctors[adcode] / population[adcode] * 1000)
    # Every value says where it comes from, and nothing is estimated for divisions without data.
    assert measured["personnel_source"].str.contains("grade").all()
    assert set(measured.index) == set(doctors.index) & set(population.dropna().index)


def test_the_letter_value_is_added_only_when_asked_and_says_so(resources, cities):
    without = personnel.personnel_per_1000(resources, cities, "doctors_2019")
    with_letter = personnel.personnel_per_1000(resources, cities, "doctors_2019", letter_shennongjia=True)
    assert facts.SHENNONGJIA not in set(without["adcode"])
    row = with_letter.set_index("adcode").loc[facts.SHENNONGJIA]
    assert row["personnel_per_1000"] == personnel.LETTER_SHENNONGJIA
    assert "letter" in row["personnel_source"]


def test_summed_ratios_add_doctors_and_nurses(resources, cities):
    both = personnel.personnel_per_1000(resources, cities, "envcausal_doctors_nurses").set_index("adcode")
    doctors = personnel.personnel_per_1000(resources, cities, "envcausal_doctors").set_index("adcode")
    nurses = resources[resources["measure"] == "nurses_per_1000"].set_index("adcode")["value"]
    assert (both["personnel_per_1000"] - doctors["personnel_per_1000"]).round(6).equals(nurses.loc[both.index].round(6))


def test_outcomes_are_the_letters_two_rates(hubei, cities):
    frame = personnel.outcomes(hubei, cities).set_index("adcode")
    day = hubei[hubei["date"] == facts.CROSS_SECTION].set_index("adcode")
    assert len(frame) == 17
    assert frame["mortality"].equals(day.loc[frame.index, "deaths"] / day.loc[frame.index, "confirmed"])
    wuhan = frame.loc[facts.WUHAN]
    assert wuhan["diagnosis_rate"] == pytest.approx(wuhan["confirmed"] / wuhan["population"] * 1000)
    # No population, no rate: left blank, not estimated.
    assert frame.loc[frame["population"].isna(), "diagnosis_rate"].isna().all()


def test_correlate_matches_scipy_and_brackets_its_estimate():
    rng = np.random.default_rng(1)
    x = rng.normal(size=30)
    y = -0.6 * x + rng.normal(scale=0.8, size=30)
    result = personnel.correlate(x, y)
    assert result["pearson_r"] == pytest.approx(scipy_stats.pearsonr(x, y).statistic)
    assert result["spearman_rho"] == pytest.approx(scipy_stats.spearmanr(x, y).statistic)
    assert result["pearson_low"] < result["pearson_r"] < result["pearson_high"] < 0
    assert result["spearman_low"] < result["spearman_rho"] < result["spearman_high"]
    # Same seed, same interval; another seed, a slightly different one.
    assert personnel.correlate(x, y)["pearson_low"] == result["pearson_low"]
    assert personnel.correlate(x, y, seed=7)["pearson_low"] != result["pearson_low"]


def test_correlate_of_unrelated_variables_is_not_significant():
    rng = np.random.default_rng(3)
    result = personnel.correlate(rng.normal(size=40), rng.normal(size=40))
    assert result["pearson_low"] < 0 < result["pearson_high"]
    assert result["pearson_p"] > 0.05 and result["spearman_p"] > 0.05


def test_correlate_refuses_too_few_pairs():
    with pytest.raises(ValueError, match="at least 4"):
        personnel.correlate([1, 2, 3], [3, 2, 1])


def test_bootstrap_drops_constant_resamples():
    # With two distinct x values many resamples are constant; the interval must still be finite.
    result = personnel.correlate([0, 0, 0, 0, 1], [1, 2, 3, 4, 9], n_boot=500)
    assert np.isfinite([result["pearson_low"], result["pearson_high"]]).all()


def test_leave_one_out_drops_each_division_once(hubei, resources, cities):
    frame = personnel.figure_data(hubei, resources, cities)
    table = personnel.leave_one_out(frame, "mortality")
    assert sorted(table["left_out"]) == sorted(frame["name_en"])
    rest = frame[frame["name_en"] != table.loc[0, "left_out"]]
    assert table.loc[0, "pearson_r"] == pytest.approx(scipy_stats.pearsonr(rest["personnel_per_1000"], rest["mortality"]).statistic)


def test_sensitivity_covers_every_variant_and_outcome(hubei, resources, cities):
    table = personnel.sensitivity(hubei, resources, cities, n_boot=200)
    assert len(table) == len(personnel.OUTCOMES) * len(personnel.VARIANTS)
    rows = table.set_index(["key", "outcome"])
    # The letter's 16 are the divisions outside Wuhan; the variant with Wuhan adds exactly one.
    assert "Wuhan" not in rows.loc[("book", "mortality"), "divisions"]
    assert (rows.loc["wuhan", "n"] == rows.loc["book", "n"] + 1).all()
    assert (table["pearson_low"] <= table["pearson_high"]).all()
    # Numbers only: how each coefficient reads in words is the report's (pairing.report.letter_fig1.sensitivity).
    assert not any(column.endswith("_reading") for column in table.columns)
    assert table.columns[-1] == "divisions"


def test_whole_counts_reproducing_a_ratio():
    assert personnel.reproducing_counts(2.999, 76_700) == [230]
    assert personnel.reproducing_counts(2.999, 76_100) == []
    low, high = personnel.nearest_ratios(2.999, 76_100).itertuples(index=False)
    assert (low.count, high.count) == (228, 229) and low.per_1000 < 2.999 < high.per_1000
    found = personnel.reproducing_populations(2.999, 76_000, 77_000)
    assert list(found.itertuples(index=False, name=None)) == [(76_700, 230)]


def test_hubei_ratios_use_the_population_the_release_implies(resources):
    ratios = personnel.hubei_ratios(resources)
    assert ratios["population"] == pytest.approx(406_500 / 6.86 * 1000)
    assert ratios["doctors_per_1000"] < ratios["doctors_nurses_per_1000"] < ratios["health_personnel_per_1000"]


def test_a_bad_health_resource_row_names_file_row_and_rule(copy_of_curated):
    table = pd.read_csv(copy_of_curated / "health_resources.csv", dtype=str)
    table.loc[3, "value"] = "-5"
    table.to_csv(copy_of_curated / "health_resources.csv", index=False)
    with pytest.raises(DataError) as error:
        data.load_health_resources()
    message = str(error.value)
    assert message == "data/curated/health_resources.csv line 5, value: must be greater than 0; found '-5'"  # header + 4


def test_a_per_1000_value_in_the_wrong_unit_is_refused(copy_of_curated):
    table = pd.read_csv(copy_of_curated / "health_resources.csv", dtype=str)
    table.loc[table["measure"] == "doctors_per_1000", "unit"] = "persons"
    table.to_csv(copy_of_curated / "health_resources.csv", index=False)
    with pytest.raises(DataError, match="per 1000 residents"):
        data.load_health_resources()


def test_mortality_is_read_both_ways_per_case_and_per_head(hubei):
    from pairing import data

    cities = data.load_cities()
    frame = personnel.outcomes(hubei, cities).set_index("name_en")
    wuhan = frame.loc["Wuhan"]
    assert wuhan["death_rate"] == pytest.approx(wuhan["deaths"] / wuhan["population"] * 100_000)
    assert wuhan["death_rate"] == pytest.approx(wuhan["diagnosis_rate"] * wuhan["mortality"] * 100)
    assert set(personnel.OUTCOMES) == {"mortality", "diagnosis_rate", "death_rate"}


def test_significance_evidence_is_every_variant_and_coefficient():
    from pairing.analysis import claims

    variants = pd.DataFrame([
        {"key": "book", "outcome": "mortality", "pearson_r": -0.7, "pearson_p": 0.01, "spearman_rho": -0.4, "spearman_p": 0.2},
        {"key": "other", "outcome": "mortality", "pearson_r": -0.5, "pearson_p": 0.1, "spearman_rho": -0.3, "spearman_p": 0.3},
        {"key": "book", "outcome": "death_rate", "pearson_r": -0.7, "pearson_p": 0.01, "spearman_rho": -0.9, "spearman_p": 0.001},
        {"key": "book", "outcome": "diagnosis_rate", "pearson_r": 0.4, "pearson_p": 0.01, "spearman_rho": -0.8, "spearman_p": 0.001},
    ])
    mortality = personnel.significance_evidence(variants, "mortality")
    assert [(e.coefficient, e.p, e.direction) for e in mortality] == [
        (-0.7, 0.01, -1), (-0.4, 0.2, -1), (-0.5, 0.1, -1), (-0.3, 0.3, -1)]
    assert claims.verdict(*mortality) == "partly"
    assert claims.verdict(*personnel.significance_evidence(variants, "death_rate")) == "supported"
    # A significant positive coefficient is against the claimed negative correlation.
    assert [e.verdict for e in personnel.significance_evidence(variants, "diagnosis_rate")] == ["contradicted", "supported"]
    assert len(personnel.significance_evidence(variants, "mortality", "death_rate")) == 6
    with pytest.raises(ValueError, match="OUTCOMES"):
        personnel.significance_evidence(variants, "deaths")


def test_paired_staff_beside_local_doctors(hubei, resources, cities):
    from pairing.analysis import aid

    points = personnel.figure_data(hubei, resources, cities)
    staff = aid.staff_by_city(data.load_pairings())
    table = personnel.paired_beside_local(points, staff).set_index("name_en")
    assert list(table.index) == list(points["name_en"])
    xiaogan = table.loc["Xiaogan"]
    row = points.set_index("name_en").loc["Xiaogan"]
    assert xiaogan["doctors"] == pytest.approx(row["personnel_per_1000"] * row["population"] / 1000, abs=0.5)
    assert xiaogan["staff_sent"] == staff.set_index("city_en").at["Xiaogan", "staff_sent"]
    assert xiaogan["staff_per_100_doctors"] == pytest.approx(xiaogan["staff_sent"] / xiaogan["doctors"] * 100)
    # The letter's 2.999 is a ratio, not a count of doctors; a missing team count stays missing.
    assert pd.isna(table.at["Shennongjia", "doctors"])
    unknown = table[table["staff_status"] == "unknown"]
    assert unknown["staff_sent"].isna().all() and unknown["staff_per_100_doctors"].isna().all()


def test_correlations_cover_every_outcome_over_the_same_divisions(hubei, resources, cities):
    points = personnel.figure_data(hubei, resources, cities)
    headline = personnel.correlations(points)
    assert list(headline) == list(personnel.OUTCOMES)
    assert {int(result["n"]) for result in headline.values()} == {len(points)}
    assert headline["mortality"]["pearson_r"] == pytest.approx(
        scipy_stats.pearsonr(points["personnel_per_1000"], points["mortality"]).statistic)


def test_breakers_are_the_divisions_whose_absence_ends_significance():
    table = pd.DataFrame({"left_out": ["A", "B", "C"], "pearson_p": [0.01, 0.2, 0.05], "spearman_p": [0.3, 0.01, 0.02]})
    assert personnel.breakers(table) == ["B", "C"]  # p at the level is not significant
    assert personnel.breakers(table, "spearman") == ["A"]
    loo = personnel.leave_each_out(pd.DataFrame({
        "name_en": list("abcde"), "personnel_per_1000": [1.0, 2, 3, 4, 5], "mortality": [5.0, 4, 3, 1, 2],
        "diagnosis_rate": [1.0, 2, 3, 4, 6], "death_rate": [2.0, 2, 1, 1, 0]}))
    assert list(loo) == list(personnel.OUTCOMES)
    assert all(list(table["left_out"]) == list("abcde") for table in loo.values())


def test_doctors_per_case_is_doctors_per_head_over_cases_per_head():
    points = pd.DataFrame({"adcode": ["1", "2", "3", "4", facts.SHENNONGJIA],
                           "personnel_per_1000": [2.0, 2.5, 1.8, 2.2, 3.0], "diagnosis_rate": [1.0, 0.5, 3.0, 2.0, 0.2],
                           "mortality": [0.02, 0.01, 0.05, 0.04, 0.0]})
    with_all, without = personnel.per_case(points)
    ratio = points["personnel_per_1000"] / points["diagnosis_rate"]
    assert with_all["spearman_rho"] == pytest.approx(scipy_stats.spearmanr(ratio, points["mortality"]).statistic)
    assert with_all["n"] == 5 and without["n"] == 4
    assert "doctors_per_case" not in points  # the frame given is left as it was


def test_the_ring_is_the_divisions_that_share_a_border_with_the_centre():
    import geopandas as gpd
    from shapely.geometry import box

    shapes = gpd.GeoDataFrame({"adcode": ["c", "east", "corner", "far"]},
                              geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(1, 1, 2, 2), box(3, 0, 4, 1)])
    ring = personnel.ring(shapes, "c").set_index("adcode")["ring"]
    assert ring.to_dict() == {"east": True, "corner": True, "far": False}  # a shared corner counts as touching


def test_map_values_give_every_division_and_the_letters_shennongjia(hubei, resources, cities):
    values = personnel.map_values(hubei, resources, cities, data.per_head_population(cities)).set_index("adcode")
    assert len(values) == 17
    assert values.at[facts.SHENNONGJIA, "personnel_per_1000"] == personnel.LETTER_SHENNONGJIA
    assert values.at[facts.SHENNONGJIA, "personnel_source"] == personnel.LETTER_SOURCE
    assert values["personnel_per_1000"].isna().sum() == 4  # left blank, never estimated


def test_the_maps_rates_per_head_follow_the_books_one_population_rule(hubei, resources, cities):
    """A reader's finding: Tianmen's rate per head was blank on the letter's maps (they divided by the
    2019 count only) but not on chapter 1's (the 2020 census where no 2019 count is sourced)."""
    per_head = data.per_head_population(cities)
    values = personnel.map_values(hubei, resources, cities, per_head).set_index("adcode")
    assert values["diagnosis_rate"].notna().all() and values["death_rate"].notna().all()
    population = per_head.set_index("adcode")["population"]
    assert (values["population"] == population[values.index]).all()
    tianmen = cities.set_index("name_en").at["Tianmen", "adcode"]
    day = hubei[(hubei["date"] == facts.CROSS_SECTION) & (hubei["adcode"] == tianmen)].iloc[0]
    census = cities.set_index("adcode").at[tianmen, "census_2020_population"]
    assert values.at[tianmen, "diagnosis_rate"] == pytest.approx(day["confirmed"] / census * 1000)
