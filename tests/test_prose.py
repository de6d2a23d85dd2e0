"""The book's words held to its numbers: guards stop the build, word functions choose words right."""

from __future__ import annotations

import os
import shutil

import jupytext
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from pairing.data import sources
from pairing.report import prose
from pairing.paths import ROOT
from pairing.report.prose import Prose, ProseError, compared, count_of, in_words, listed, p_value, significance


def test_a_guard_that_holds_is_counted_and_lets_the_chapter_go_on():
    chapter = Prose("notebooks/x.md")
    chapter.guard(3 > 2, "three is more than two")
    assert chapter.guards == ["three is more than two"]


def test_a_guard_that_fails_names_the_chapter_quotes_the_sentence_and_gives_the_values():
    chapter = Prose("notebooks/04_turning_point.md")
    with pytest.raises(ProseError) as stop:
        chapter.guard(28 <= 22, "it crossed zero around day 22", "first at or below zero on day 28")
    message = str(stop.value)
    assert message.startswith("notebooks/04_turning_point.md: the sentence “it crossed zero around day 22”")
    assert "first at or below zero on day 28" in message
    # A ProseError is an AssertionError, so nbclient reports it as a failed cell and the build stops.
    assert isinstance(stop.value, AssertionError)


@pytest.mark.parametrize("k, n, noun, expected", [
    (0, 16, "divisions", "none of the 16 divisions"),
    (16, 16, "divisions", "all 16 divisions"),
    (1, 12, "", "1 of the 12"),
    (7, 16, "pairings", "7 of the 16 pairings"),
    (2, 2, "areas", "both areas"),
])
def test_count_of_says_none_and_all_where_it_should(k, n, noun, expected):
    assert count_of(k, n, noun) == expected


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError):
        count_of(5, 4)


def test_compared_picks_the_word_for_the_direction_and_refuses_to_guess_a_tie():
    assert compared(0.64, 0.47, "stronger", "weaker") == "stronger"
    assert compared(0.47, 0.64, "stronger", "weaker") == "weaker"
    assert compared(0.50, 0.51, "stronger", "weaker", "as strong", tolerance=0.02) == "as strong"
    with pytest.raises(ValueError):
        compared(0.5, 0.5, "stronger", "weaker")


def test_significance_reads_p_at_the_books_level():
    assert prose.ALPHA == 0.05
    assert significance(0.024) == "significant"
    assert significance(0.124) == "not significant"
    assert significance(0.05) == "not significant"


def test_p_values_never_print_as_zero():
    assert p_value(0.016) == "p = 0.016" and p_value(6e-5) == "p < 0.001"


def test_a_p_value_that_would_print_as_the_significance_level_says_which_side_it_is_on():
    # A fresh reader's finding: "p = 0.050", counted not significant, was 0.0502.
    assert p_value(0.0502) == "p = 0.0502" and p_value(0.0498) == "p = 0.0498"
    assert p_value(0.0512) == "p = 0.051" and p_value(0.0494) == "p = 0.049"


def test_listed_joins_names_and_says_so_when_there_are_none():
    assert listed(["Enshi"]) == "Enshi"
    assert listed(["Xiantao", "Qianjiang", "Tianmen"]) == "Xiantao, Qianjiang and Tianmen"
    assert listed([]) == "none"
    assert listed([], empty="no division") == "no division"


def test_a_count_is_said_in_words_up_to_ten_then_in_digits():
    assert [in_words(n, "day") for n in (0, 1, 2, 10, 11)] == ["no days", "one day", "two days", "ten days", "11 days"]
    assert in_words(3, "division") == "three divisions"
    with pytest.raises(ValueError, match="-1 days"):
        in_words(-1, "day")


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """A copy of the project whose curated data a test may change; a kernel started with it on
    PYTHONPATH imports the copy's package, which reads the copy's data."""
    for folder in ("src", "data", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for file in ("_toc.yml", "CITATION.cff"):
        shutil.copy(ROOT / file, tmp_path / file)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    mirror = sources.mirror()  # a relative mirror path is read from the project root: make it absolute for the copy
    if mirror is not None:
        monkeypatch.setenv(sources.MIRROR_VARIABLE, str(mirror))
    return tmp_path


def test_a_chapter_stops_when_an_input_makes_its_own_sentence_false(project_copy):
    # The data chapter says the 17 divisions sum to "exactly the bulletin's figures" on 31 March.
    # Change the bulletin's figure by one case: that sentence is false, and the chapter must stop.
    totals = project_copy / "data" / "curated" / "hubei_published_totals.csv"
    lines = totals.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("2020-03-31,"))
    date, confirmed, rest = lines[row].split(",", 2)
    lines[row] = f"{date},{int(confirmed) + 1},{rest}"
    totals.write_text("".join(lines), encoding="utf-8")

    notebook = jupytext.read(project_copy / "notebooks" / "01_the_data.md")
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(project_copy / "notebooks")}})
    with pytest.raises(CellExecutionError) as stop:
        client.execute()
    message = str(stop.value)
    assert "ProseError" in message
    assert "notebooks/01_the_data.md: the sentence “On 31 March the 17 divisions sum to … exactly the bulletin's figures”" in message
    assert "confirmed -1" in message  # …and says why: the panel is now one case short of the bulletin
