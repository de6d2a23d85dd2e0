"""The daily case panel: its alignment rules proved against published bulletin figures,
its shape, and the clear errors that bad input raises."""

from __future__ import annotations

import pandas as pd
import pytest

from pairing import data, paths
from pairing.data import panel, sources
from pairing.__main__ import main
from pairing.errors import DataError

WUHAN, JINGMEN = "420100", "420800"


def value(frame: pd.DataFrame, adcode: str, date: str, column: str) -> int:
    row = frame[(frame["adcode"] == adcode) & (frame["date"] == pd.Timestamp(date))]
    assert len(row) == 1
    return int(row[column].iloc[0])


def hubei_total(hubei: pd.DataFrame, date: str) -> pd.Series:
    return hubei[hubei["date"] == pd.Timestamp(date)][["confirmed", "cured", "deaths"]].sum()


# -- alignment, proved by events the bulletins date ---------------------------------------

def test_0206_file_repeats_0207_file_but_with_cured_placeholders():
    old, new = (panel.read_canghailan([pd.Timestamp(d)]) for d in ("2020-02-06", "2020-02-07"))
    key = ["cityCode", "city"]
    hubei = [f[(f["provinceCode"] == "420000") & f["cityCode"].str.fullmatch(r"\d{6}", na=False)].set_index(key).sort_index()
             for f in (old, new)]
    pd.testing.assert_frame_equal(hubei[0][["confirmed", "deaths"]], hubei[1][["confirmed", "deaths"]])
    assert hubei[0]["cured"].eq(0).all() and hubei[1]["cured"].gt(0).sum() >= 15


def test_criteria_change_lands_on_0212(hubei):
    # Bulletin of 2020-02-13: Hubei +14,840 on 02-12, of which Wuhan +13,436.
    assert value(hubei, WUHAN, "2020-02-12", "confirmed") - value(hubei, WUHAN, "2020-02-11", "confirmed") == 13436
    assert hubei_total(hubei, "2020-02-12")["confirmed"] - hubei_total(hubei, "2020-02-11")["confirmed"] == 14840


def test_0213_revisions_land_on_0213(hubei):
    assert [value(hubei, WUHAN, d, "deaths") for d in ("2020-02-12", "2020-02-13")] == [1036, 1016]
    assert [value(hubei, JINGMEN, d, "confirmed") for d in ("2020-02-12", "2020-02-13")] == [927, 901]


def test_0219_one_day_dip_is_kept_as_published(hubei):
    assert [value(hubei, JINGMEN, d, "confirmed") for d in ("2020-02-18", "2020-02-19", "2020-02-20")] == [901, 794, 912]


def test_hubei_on_0331_sums_to_the_bulletin(hubei):
    assert hubei_total(hubei, "2020-03-31").tolist() == [67802, 63326, 3193]
    assert hubei_total(hubei, "2020-03-30")["deaths"] == 3187


def test_wuhan_revision_of_0416(hubei):
    assert value(hubei, WUHAN, "2020-04-16", "confirmed") - value(hubei, WUHAN, "2020-04-15", "confirmed") == 325
    assert value(hubei, WUHAN, "2020-04-16", "deaths") == 3869
    assert value(hubei, WUHAN, "2020-04-16", "confirmed") == 50333


def test_panel_agrees_with_every_published_hubei_total(hubei):
    published = data.load_hubei_published_totals().set_index("date")
    panel = hubei.groupby("date")[["confirmed", "cured", "deaths"]].sum().loc[published.index]
    assert (panel["confirmed"] == published["confirmed"]).all()
    deaths = published["deaths"].notna()
    assert (panel.loc[deaths, "deaths"] - published.loc[deaths, "deaths"]).abs().max() <= 1
    cured = published["cured"].notna()
    gap = panel.loc[cured, "cured"] - published.loc[cured, "cured"]
    # City cured are scraped late in the day and run slightly ahead of the provincial bulletin.
    assert (gap >= 0).all()
    assert (gap <= (0.006 * published.loc[cured, "cured"]).clip(lower=20)).all()


def test_dxy_rule_matches_canghailan_where_both_have_city_figures(hubei):
    dxy = panel.read_dxy()
    overlap = dxy.merge(hubei, on=["adcode", "date"], suffixes=("_dxy", ""))
    overlap = overlap[overlap["date"].between("2020-02-06", "2020-02-16")]
    assert len(overlap) == 17 * 11
    assert (overlap["confirmed_dxy"] == overlap["confirmed"]).all()
    assert (overlap["deaths_dxy"] == overlap["deaths"]).all()


def test_imported_case_is_counted_in_wuhan(tables):
    flag = tables.case_flags.query("flag == 'added_to_wuhan'")
    assert len(flag) == 1 and flag["date_start"].iloc[0] == pd.Timestamp("2020-03-31")


# -- shape and flags ------------------------------------------------------------------------

def test_panel_is_complete_and_typed(tables):
    cases = tables.cases_daily
    assert list(cases.columns) == ["date", "adcode", "province_adcode", "name_zh", "name_en",
                                   "confirmed", "cured", "deaths", "active"]
    assert cases["date"].min() == pd.Timestamp("2020-01-23") and cases["date"].max() == pd.Timestamp("2020-04-30")
    assert len(cases) == cases["adcode"].nunique() * 99
    assert not cases.duplicated(["adcode", "date"]).any()
    assert (cases["active"] == cases["confirmed"] - cases["cured"] - cases["deaths"]).all()
    assert (cases[["confirmed", "cured", "deaths", "active"]] >= 0).all().all()
    for control in ["411500", "360500", "360400", "430700", "430600", "430500"]:  # later chapters' controls
        assert control in set(cases["adcode"])


def test_hubei_has_17_divisions_with_english_names(hubei):
    names = hubei.drop_duplicates("adcode")
    assert len(names) == 17 and names["name_en"].notna().all()
    assert set(names["name_en"]) >= {"Wuhan", "Shennongjia", "Enshi", "Xiantao"}


def test_flags_record_every_kind_of_change(tables):
    flags = tables.case_flags
    assert len(flags.query("flag == 'criteria_change'")) == 17
    assert len(flags.query("flag == 'rejected_row'")) == len(pd.read_csv(paths.CURATED / "rejected_source_rows.csv"))
    revisions = flags.query("flag == 'revision' and adcode == @JINGMEN")
    assert pd.Timestamp("2020-02-19") in set(revisions["date_start"])
    excluded = set(flags.query("flag == 'excluded_row'")["name_zh"])
    assert {"监狱系统", "未公布来源"} <= excluded
    assert flags.query("flag == 'cured_from_dxy'")["date_end"].max() == pd.Timestamp("2020-02-05")


# -- bad input: a clear error naming file, row and rule; nothing written -------------------

DAY = sources.canghailan_name("2020-02-10")


def edit_line(text: str, contains: str, old: str, new: str) -> str:
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if contains in line)
    lines[index] = lines[index].replace(old, new, 1)
    return "\n".join(lines)


def line_of(text: str, contains: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if contains in line)


def assert_stops(mirror, tmp_path, *fragments: str) -> None:
    with pytest.raises(DataError) as caught:
        panel.build_tables()
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)
    out = tmp_path / "out"
    assert main(["data", "--out", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir()), "nothing may be written when the build fails"


def test_negative_count_names_file_row_and_rule(mirror, tmp_path):
    text = mirror.text(DAY)
    mirror.rewrite(DAY, edit_line(text, "孝感市", ",2541,", ",-2541,"))
    assert_stops(mirror, tmp_path, "2020-02-10.csv", f"line {line_of(text, '孝感市')}", "non-negative")


def test_duplicated_row_names_both_rows(mirror, tmp_path):
    text = mirror.text(DAY)
    row = next(line for line in text.split("\n") if "荆门市" in line)
    mirror.rewrite(DAY, text.rstrip("\n") + "\n" + row + "\n")
    assert_stops(mirror, tmp_path, "2020-02-10.csv", str(line_of(text, "荆门市")), "unique")


def test_missing_column_names_the_column(mirror, tmp_path):
    frame = pd.read_csv(mirror.path(DAY), dtype=str)
    mirror.rewrite(DAY, frame.drop(columns="cured").to_csv(index=False))
    assert_stops(mirror, tmp_path, "2020-02-10.csv", "required columns", "cured")


def test_unknown_hubei_code_stops_the_build(mirror, tmp_path):
    text = mirror.text(DAY)
    mirror.rewrite(DAY, edit_line(text, "神农架林区", "神农架林区,429021", "新区,429099"))
    assert_stops(mirror, tmp_path, "2020-02-10.csv", str(line_of(text, "神农架林区")), "17 divisions", "429099")


def test_date_out_of_range_names_the_row(mirror, tmp_path):
    text = mirror.text(DAY)
    mirror.rewrite(DAY, edit_line(text, "武汉市", "2020-02-10", "2020-06-10"))
    assert_stops(mirror, tmp_path, "2020-02-10.csv", str(line_of(text, "武汉市")), "date must equal")


def test_truncated_file_with_matching_hash_names_the_broken_row(mirror, tmp_path):
    text = mirror.text(DAY)
    cut = text.index("黄冈市")
    mirror.rewrite(DAY, text[:cut + 10])
    assert_stops(mirror, tmp_path, "2020-02-10.csv", str(line_of(text, "黄冈市")))


def test_wrong_hash_stops_the_build_and_writes_nothing(mirror, tmp_path):
    mirror.rewrite(DAY, mirror.text(DAY).replace("16902", "16903"), update_hash=False)
    assert_stops(mirror, tmp_path, "2020-02-10.csv", "sha256")


def test_stale_rejection_list_is_an_error(mirror, tmp_path, copy_of_curated):
    listed = pd.read_csv(copy_of_curated / "rejected_source_rows.csv", dtype=str)
    listed.loc[0, "published_value"] = "999"
    listed.to_csv(copy_of_curated / "rejected_source_rows.csv", index=False)
    with pytest.raises(DataError, match=r"rejected_source_rows.csv line 2: each rejected row must still be in its raw file"):
        panel.build_tables()


def test_write_is_all_or_nothing(tables, tmp_path):
    written = tables.write(tmp_path / "out")
    assert sorted(p.name for p in written) == ["case_flags.csv", "cases_daily.csv"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["case_flags.csv", "cases_daily.csv"]
    again = pd.read_csv(tmp_path / "out" / "cases_daily.csv", dtype={"adcode": str})
    assert len(again) == len(tables.cases_daily)


def test_bad_curated_city_row_stops_the_build(copy_of_curated):
    cities = pd.read_csv(copy_of_curated / "cities.csv", dtype=str)
    cities.loc[3, "population_2019_source"] = None
    cities.to_csv(copy_of_curated / "cities.csv", index=False)
    with pytest.raises(DataError, match=r"cities.csv.*every population value must name its year, source and grade"):
        panel.build_tables()


def test_the_tables_read_back_exactly_as_the_build_made_them(tables, tmp_path):
    # Kernels of a book build read the tables the build wrote instead of building them again.
    tables.write(tmp_path)
    read = panel.Tables.read(tmp_path)
    pd.testing.assert_frame_equal(read.cases_daily, tables.cases_daily)
    pd.testing.assert_frame_equal(read.case_flags, tables.case_flags)
