"""Declarative rules for the raw files and the tidy tables, and how a broken rule is reported.

Every schema is a pandera ``DataFrameSchema``. :func:`validate` runs one lazily and turns
the first broken rule into a :class:`~pairing.errors.DataError` that names the file, the
rows (line numbers in the file where the table carries them) and the rule.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .errors import DataError

COUNTS = ["confirmed", "cured", "deaths"]
ADCODE = r"^\d{6}$"


def _count(name: str) -> pa.Column:
    return pa.Column("int64", pa.Check.ge(0, error=f"{name} must be a non-negative count"), coerce=True)


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> pd.DataFrame:
    """Validate ``frame``; on failure raise a :class:`DataError` naming file, rows and rule.

    If ``frame`` has columns ``file`` and ``line`` (as the raw readers add), the error names
    the raw file and its line numbers; otherwise it names ``file`` and the 1-based row of the
    table (header = line 1).
    """
    missing = [c for c, col in schema.columns.items() if col.required and c not in frame.columns]
    if missing:
        raise DataError(_first_file(frame, file), "required columns must be present",
                        detail=f"missing {', '.join(missing)}")
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        first = cases.iloc[0]
        same = cases[(cases["check"] == first["check"]) & (cases["column"].astype(str) == str(first["column"]))]
        index = [i for i in same["index"].tolist() if i is not None and i == i]
        rule = _rule_text(schema, first)
        detail = _values(same)
        if "uniqueness" in str(first["check"]) and index:
            keys = [k for k in schema.unique if k != "file"]
            detail = "repeated key: " + ", ".join(f"{k}={frame.loc[index[0], k]}" for k in keys)
        if {"file", "line"} <= set(frame.columns) and index:
            rows = frame.loc[index]
            return_file = rows["file"].iloc[0]
            lines = rows.loc[rows["file"] == return_file, "line"].astype(int).tolist()
            raise DataError(return_file, rule, lines, detail) from None
        rows = [int(frame.index.get_loc(i)) + 2 for i in index] if index else []
        raise DataError(file, rule, rows, detail) from None


def _first_file(frame: pd.DataFrame, file: str) -> str:
    return frame["file"].iloc[0] if "file" in frame.columns and len(frame) else file


def _rule_text(schema: pa.DataFrameSchema, case: pd.Series) -> str:
    check = str(case["check"])
    column = case["column"]
    if check in ("column_in_dataframe", "column_in_schema"):
        return "required columns must be present"
    if "uniqueness" in check or check == "field_uniqueness":
        keys = [k for k in (schema.unique or [column]) if k != "file"]
        return f"rows must be unique on ({', '.join(keys)})" + (" within a file" if "file" in (schema.unique or []) else "")
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        wanted = check.split("(")[-1].rstrip(")").strip("'")
        kind = "a whole number" if "int" in wanted else "a date" if "datetime" in wanted else wanted
        return f"{column} must be {kind}"
    if check == "not_nullable":
        return f"{column} must not be empty"
    return check if column in (None, "") or column != column else f"{column}: {check}"


def _values(cases: pd.DataFrame) -> str:
    values = [str(v) for v in cases["failure_case"].unique()[:5]]
    return "offending value(s): " + ", ".join(values)


# -- raw files --------------------------------------------------------------------------

RAW_CANGHAILAN = pa.DataFrameSchema(
    {
        "date": pa.Column(str),
        "country": pa.Column(str),
        "countryCode": pa.Column(str, nullable=True),
        "province": pa.Column(str, nullable=True),
        "provinceCode": pa.Column(str, nullable=True),
        "city": pa.Column(str, nullable=True),
        "cityCode": pa.Column(str, nullable=True),
        "confirmed": _count("confirmed"),
        "cured": _count("cured"),
        "dead": _count("dead"),
        "file_date": pa.Column(str),
    },
    checks=[
        pa.Check(lambda df: df["date"] == df["file_date"], name="every row's date must equal the date in the file's name",
                 error="every row's date must equal the date in the file's name"),
    ],
    unique=["file", "country", "provinceCode", "city"],
    report_duplicates="all",
)

RAW_DXY = pa.DataFrameSchema(
    {
        "provinceName": pa.Column(str),
        "cityName": pa.Column(str, nullable=True),
        "city_zipCode": pa.Column(float, nullable=True, coerce=True),
        "city_confirmedCount": _count("city_confirmedCount"),
        "city_curedCount": _count("city_curedCount"),
        "city_deadCount": _count("city_deadCount"),
        "updateTime": pa.Column("datetime64[ns]", coerce=True),
    }
)

# -- tidy tables ------------------------------------------------------------------------


def cases_daily_schema(known_codes: set[str], dates: pd.DatetimeIndex) -> pa.DataFrameSchema:
    """The daily case panel: one row per unit per day, complete over ``dates``."""
    n_dates = len(dates)
    return pa.DataFrameSchema(
        {
            "date": pa.Column("datetime64[ns]", pa.Check.in_range(dates.min(), dates.max(),
                                                                  error="date must lie in the panel's range")),
            "adcode": pa.Column(str, [pa.Check.str_matches(ADCODE),
                                      pa.Check.isin(sorted(known_codes), error="adcode must be a known prefecture-level code")]),
            "province_adcode": pa.Column(str, pa.Check.str_matches(r"^\d{2}0000$")),
            "name_zh": pa.Column(str),
            "name_en": pa.Column(str, nullable=True),
            **{c: _count(c) for c in COUNTS},
            "active": _count("active"),
        },
        checks=[
            pa.Check(lambda df: df["active"] == df["confirmed"] - df["cured"] - df["deaths"],
                     name="active must equal confirmed - cured - deaths", element_wise=False),
            pa.Check(lambda df: df.groupby("adcode")["date"].transform("size") == n_dates,
                     name=f"every unit must have all {n_dates} days of the panel"),
        ],
        unique=["adcode", "date"],
        report_duplicates="all",
        strict=True,
        ordered=True,
    )


FLAG_KINDS = [
    "revision", "criteria_change", "excluded_row", "rejected_row", "added_to_wuhan", "zero_before_first_report",
    "carried_forward", "cured_from_dxy", "deaths_from_dxy",
]

CASE_FLAGS = pa.DataFrameSchema(
    {
        "adcode": pa.Column(str, nullable=True),
        "name_zh": pa.Column(str),
        "flag": pa.Column(str, pa.Check.isin(FLAG_KINDS)),
        "column": pa.Column(str, nullable=True),
        "date_start": pa.Column("datetime64[ns]"),
        "date_end": pa.Column("datetime64[ns]"),
        "detail": pa.Column(str),
        "source_file": pa.Column(str, nullable=True),
    },
    checks=[pa.Check(lambda df: df["date_end"] >= df["date_start"], name="date_end must not precede date_start")],
    strict=True,
)

# -- curated tables ---------------------------------------------------------------------

GRADE = pa.Check.str_matches(r"^[ABC]\b", error="grade must be A, B or C")

#: Where a curated row comes from: every such table carries these three columns.
SOURCE_COLUMNS = {
    "source": pa.Column(str),
    "grade": pa.Column(str, GRADE),
    "notes": pa.Column(str, nullable=True),
}

CITIES = pa.DataFrameSchema(
    {
        "adcode": pa.Column(str, pa.Check.str_matches(r"^42\d{4}$"), unique=True),
        "name_zh": pa.Column(str),
        "name_en": pa.Column(str),
        "division_type": pa.Column(str, pa.Check.isin([
            "prefecture-level city", "autonomous prefecture",
            "province-administered county-level city", "forestry district"])),
        "names_source": pa.Column(str),
        "population_2019": pa.Column("Int64", pa.Check.gt(0), nullable=True, coerce=True),
        "population_2019_year": pa.Column(str, nullable=True),
        "population_2019_definition": pa.Column(str, nullable=True),
        "population_2019_source": pa.Column(str, nullable=True),
        "population_2019_grade": pa.Column(str, GRADE, nullable=True),
        "census_2020_population": pa.Column("Int64", pa.Check.gt(0), nullable=True, coerce=True),
        "census_2020_source": pa.Column(str, nullable=True),
        "census_2020_grade": pa.Column(str, GRADE, nullable=True),
        "notes": pa.Column(str, nullable=True),
    },
    checks=[
        pa.Check(lambda df: df["population_2019"].isna() | df["population_2019_source"].notna(),
                 name="every population value must name its source"),
        pa.Check(lambda df: df["census_2020_population"].isna() | df["census_2020_source"].notna(),
                 name="every census value must name its source"),
    ],
    strict=True,
)

PUBLISHED_TOTALS = pa.DataFrameSchema(
    {
        "date": pa.Column("datetime64[ns]", coerce=True, unique=True),
        **{c: pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True) for c in COUNTS},
        **SOURCE_COLUMNS,
    },
    strict=True,
)

EVENTS = pa.DataFrameSchema(
    {
        "date": pa.Column("datetime64[ns]", coerce=True),
        "event": pa.Column(str),
        **SOURCE_COLUMNS,
    },
    strict=True,
)

PROVINCE_CODE = pa.Check.str_matches(r"^\d{2}0000$", error="province adcode must be 6 digits ending in 0000")
HUBEI_CODE = pa.Check.str_matches(r"^42\d{4}$", error="city adcode must be one of Hubei's (42xxxx)")

PAIRINGS = pa.DataFrameSchema(
    {
        "province_adcode": pa.Column(str, PROVINCE_CODE),
        "province_en": pa.Column(str),
        "province_zh": pa.Column(str),
        "city_adcode": pa.Column(str, HUBEI_CODE),
        "city_en": pa.Column(str),
        "city_zh": pa.Column(str),
        "announced": pa.Column("datetime64[ns]", coerce=True),
        "source": pa.Column(str),
        "grade": pa.Column(str, GRADE),
        "first_team_date": pa.Column("datetime64[ns]", coerce=True, nullable=True),
        "staff_sent": pa.Column("Int64", pa.Check.gt(0), nullable=True, coerce=True),
        "staff_count_type": pa.Column(str, pa.Check.isin(["total", "at least"]), nullable=True),
        "staff_basis": pa.Column(str, nullable=True),
        "staff_source": pa.Column(str, nullable=True),
        "staff_grade": pa.Column(str, GRADE, nullable=True),
        "notes": pa.Column(str, nullable=True),
    },
    checks=[
        pa.Check(lambda df: df["staff_sent"].isna() | (df["staff_source"].notna() & df["staff_grade"].notna()
                                                       & df["staff_count_type"].notna() & df["staff_basis"].notna()),
                 name="every staff count must name its source, grade, type and basis"),
        pa.Check(lambda df: ~df.duplicated(["province_adcode", "city_adcode"]),
                 name="a province-city pair must appear once"),
    ],
    strict=True,
)

PAIRINGS_SUPERSEDED = pa.DataFrameSchema(
    {
        "province_adcode": pa.Column(str, PROVINCE_CODE),
        "province_en": pa.Column(str),
        "province_zh": pa.Column(str),
        "city_adcode": pa.Column(str, HUBEI_CODE),
        "city_en": pa.Column(str),
        "reported": pa.Column("datetime64[ns]", coerce=True),
        **SOURCE_COLUMNS,
    },
    strict=True,
)

AID_TIMELINE = pa.DataFrameSchema(
    {
        "as_of": pa.Column("datetime64[ns]", coerce=True),
        "scope": pa.Column(str),
        "measure": pa.Column(str, pa.Check.isin(["in Hubei", "in Wuhan", "dispatched that day", "year total"])),
        "teams": pa.Column("Int64", pa.Check.gt(0), nullable=True, coerce=True),
        "staff": pa.Column("Int64", pa.Check.gt(0), coerce=True),
        "qualifier": pa.Column(str, pa.Check.isin(["more than"]), nullable=True),
        "staff_wuhan": pa.Column("Int64", pa.Check.gt(0), nullable=True, coerce=True),
        "staff_other_cities": pa.Column("Int64", pa.Check.gt(0), nullable=True, coerce=True),
        **SOURCE_COLUMNS,
    },
    checks=[pa.Check(lambda df: (df["staff_wuhan"].fillna(0) + df["staff_other_cities"].fillna(0)) <= df["staff"],
                     name="Wuhan's and the other cities' staff must not exceed the total")],
    strict=True,
)

#: Levels of the actors of the Paired Assistance Programs, top to bottom of the article's Figure 1.
PAR_LEVELS = ["central", "provincial", "city", "hospital & team", "non-governmental"]
PAR_TYPES = ["authority compliance", "resource coordination", "knowledge sharing", "interagency coordination"]

PAR_ACTORS = pa.DataFrameSchema(
    {
        "actor_id": pa.Column(str, pa.Check.str_matches(r"^[a-z_]+$"), unique=True),
        "name": pa.Column(str),
        "level": pa.Column(str, pa.Check.isin(PAR_LEVELS)),
        "side": pa.Column(str, pa.Check.isin(["assisting", "assisted", "coordinating"])),
        "role": pa.Column(str),
        "section": pa.Column(str),
        "evidence": pa.Column(str),
    },
    strict=True,
)

PAR_INTERACTIONS = pa.DataFrameSchema(
    {
        "source_actor": pa.Column(str),
        "target_actor": pa.Column(str),
        "type": pa.Column(str, pa.Check.isin(PAR_TYPES)),
        "stage": pa.Column(str, pa.Check.isin(["initiation", "operation"])),
        "direction": pa.Column(str, pa.Check.isin(["vertical", "horizontal"])),
        "output": pa.Column(str),
        "section": pa.Column(str),
        "evidence": pa.Column(str),
        "typed_by": pa.Column(str, pa.Check.isin(["article", "book"])),
    },
    checks=[pa.Check(lambda df: df["source_actor"] != df["target_actor"], name="an interaction joins two different actors")],
    strict=True,
)

PAR_US_COMPARISON = pa.DataFrameSchema(
    {
        "dimension": pa.Column(str, unique=True),
        **{c: pa.Column(str) for c in ["china", "china_section", "china_evidence",
                                        "united_states", "us_section", "us_evidence"]},
    },
    strict=True,
)

#: The series of pre-pandemic health statistics in ``health_resources.csv`` (see data/README.md).
RESOURCE_SERIES = ["sosc", "envcausal", "caixin", "globaltimes", "hbhc2019", "letter"]
RESOURCE_MEASURES = ["doctors", "nurses", "health_personnel", "beds", "registered_population",
                     "doctors_per_1000", "nurses_per_1000", "beds_per_1000", "medical_personnel_per_1000"]

HEALTH_RESOURCES = pa.DataFrameSchema(
    {
        "adcode": pa.Column(str, pa.Check.str_matches(r"^42\d{4}$", error="adcode must be Hubei's (42xxxx)")),
        "name_en": pa.Column(str),
        "series": pa.Column(str, pa.Check.isin(RESOURCE_SERIES)),
        "measure": pa.Column(str, pa.Check.isin(RESOURCE_MEASURES)),
        "value": pa.Column(float, pa.Check.gt(0, error="value must be a positive number"), coerce=True),
        "unit": pa.Column(str),
        "year": pa.Column(str),
        "definition": pa.Column(str),
        **SOURCE_COLUMNS,
    },
    checks=[pa.Check(lambda df: df["measure"].str.endswith("_per_1000") == df["unit"].eq("per 1000 residents"),
                     name="a _per_1000 measure must be in 'per 1000 residents', and only such a measure")],
    unique=["adcode", "series", "measure"],
    report_duplicates="all",
    strict=True,
)
