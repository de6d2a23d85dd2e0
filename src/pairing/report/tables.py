"""Tables as the book shows them to readers: one way for every table of every page.

No index column; whole numbers with thousands separators; decimals to a stated precision; p-values
(a column named "p" or "p (…)") to three decimals or "< 0.001"; flags as "yes" and "no"; dates
written out, on one line (a date already written as text, "13 Feb (day 22)", too); a verdict, an
exhibit's status or a difference's kind as its badge, and a header that names a verdict as its badge
too; a missing value as an en dash (the page says what it means); text left-aligned and never cut
short, numbers right-aligned and never broken (so are phrases of numbers: an interval "-1.7 to 0.6",
a range "14–19", "-0.68 (p = 0.016)"); a header wraps between its words. Every table carries the
class ``book-table`` (one style, ``assets/book.css``); a table of verdicts or statuses also
``cards``. On a phone a table of cards, and any table wider than the screen, reads as one card per
row, each cell under its column's name (``assets/book.js``). The data behind a table are exported
unformatted (:func:`pairing.figures.plots.save_table`); this is only how the page shows them.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
from pandas.api import types
from pandas.io.formats.style import Styler

from pairing.report import badges
from pairing.report.prose import p_number, p_value

MISSING = "–"
#: The columns whose words are badges (:mod:`pairing.report.badges`), when every word in them is one: a
#: claim's verdict, an exhibit's status, a difference's kind (a division's kind, "prefecture-level
#: city", stays a word).
BADGED = ("verdict", "status", "kind")
NBSP = "\u00a0"
_NUMBER = r"[-−+]?\d[\d,]*(?:\.\d+)?%?"
#: Text that reads as a number: an interval, a range, a coefficient with its p-value.
NUMBER_PHRASE = re.compile(rf"^(?:< )?{_NUMBER}(?:(?: to |–){_NUMBER})?(?: \(p [=<] {_NUMBER}\))?$")
#: A coefficient over its p-value, in one cell (:func:`estimate_with_p`).
ESTIMATE_WITH_P = re.compile(rf'^{_NUMBER}<br><span class="p-value">')
#: A word this long (a hash, a file's path) breaks rather than widen its column: a path after its
#: separators (book.js marks where), a word with none (a hash) anywhere.
LONG_WORD = 40
SEPARATOR = re.compile(r"[/_.\-?&=#]")
TAG = re.compile(r"<[^>]*>")
#: A name in Chinese characters: a browser may break it after any character, which a phone's narrow
#: column did (Enshi's ten characters on ten lines). A name up to :data:`CJK_ONE_LINE` characters is
#: kept on one line, so that the column is at least that wide and a longer name breaks there too;
#: keeping every name whole would widen the table past its column on a middle-sized screen.
CJK_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
CJK_ONE_LINE = 5
#: A date written as text: "13 Feb", "13 February 2020", "18 Feb (day 27)".
DATE_TEXT = re.compile(r"^\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*(?: \d{4})?(?: \(day -?\d+\))?$")


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array in a cell is not missing
        return False


def _is_flag(values: pd.Series) -> bool:
    present = values.dropna()
    return len(present) > 0 and all(isinstance(v, (bool, np.bool_)) for v in present)


def _is_whole(values: pd.Series) -> bool:
    present = pd.to_numeric(values.dropna(), errors="coerce")
    return present.notna().all() and (present % 1 == 0).all()


def _is_p_value(column) -> bool:
    name = column[-1] if isinstance(column, tuple) else str(column)
    return name == "p" or name.startswith("p (")


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or types.is_string_dtype(values)


def _all_text(values: pd.Series, pattern: re.Pattern) -> bool:
    """Whether every present cell of a text column matches ``pattern``."""
    present = values.dropna()
    return _is_text(values) and len(present) > 0 and all(isinstance(v, str) and pattern.match(v) for v in present)


def _one_line(text: str) -> str:
    return text.replace(" ", NBSP)


def _long_words(values: pd.Series) -> list[str]:
    """The words (HTML tags aside) of a text column's cells longer than :data:`LONG_WORD`."""
    if not _is_text(values):
        return []
    return [word for v in values if isinstance(v, str) for word in TAG.sub(" ", v).split() if len(word) > LONG_WORD]


def _wrap(values: pd.Series) -> str | None:
    """How a text column's long words break (``overflow-wrap``): "anywhere" where one has no separator (a
    hash: its column may be narrower than it), "break-word" where each has (a path: its column is no
    narrower than its longest part, so that it breaks only after a separator), None with no long word."""
    words = _long_words(values)
    return None if not words else "break-word" if all(SEPARATOR.search(word) for word in words) else "anywhere"


#: The length from which a text cell reads as a sentence, not a name (the ledger's claims, an exhibit's reading).
SENTENCE_CHARS = 60


def _short_cjk(frame: pd.DataFrame) -> pd.Series:
    """The rows whose Chinese names (:data:`CJK_NAME`) are all :data:`CJK_ONE_LINE` characters or fewer."""
    columns = [c for c in frame.columns if _all_text(frame[c], CJK_NAME)]
    return frame[columns].apply(lambda column: column.str.len() <= CJK_ONE_LINE).all(axis=1)


def _prose(values: pd.Series) -> bool:
    """Whether a text column holds sentences: a cell of :data:`SENTENCE_CHARS` characters or more."""
    return _is_text(values) and any(isinstance(v, str) and len(v) >= SENTENCE_CHARS for v in values.dropna())


def _is_badged(column, values: pd.Series) -> bool:
    """Whether a column's words are shown as badges: it is one of :data:`BADGED`, and each word is a badge's."""
    present = values.dropna()
    return str(column) in BADGED and len(present) > 0 and all(isinstance(v, str) and v in badges.COLOURS for v in present)


def _header(name) -> str:
    """A column's header: its name, or the badge of a verdict or status it names (a table of counts by verdict)."""
    return badges.html(name) if isinstance(name, str) and name in badges.COLOURS else name


def estimate_with_p(estimate: float, p: float, decimals: int = 2) -> str:
    """A coefficient with its p-value under it, in one cell: "-0.70" over "p = 0.017". A table of
    coefficients and their p-values takes half the columns, and still reads as numbers."""
    return f'{estimate:.{decimals}f}<br><span class="p-value">{_one_line(p_value(p))}</span>'


def _formatter(values: pd.Series, decimals: int, p_value: bool = False, badged: bool = False):
    """How one column's cells are written."""
    if badged:
        return lambda v: MISSING if _missing(v) else badges.html(str(v))
    if p_value:
        return lambda v: MISSING if _missing(v) else p_number(v)
    if types.is_bool_dtype(values) or (values.dtype == object and _is_flag(values)):
        return lambda v: MISSING if _missing(v) else ("yes" if v else "no")
    if types.is_datetime64_any_dtype(values):
        return lambda v: MISSING if _missing(v) else f"{v:%-d %B %Y}".replace(" ", NBSP)
    if types.is_numeric_dtype(values):
        whole = types.is_integer_dtype(values) or (types.is_float_dtype(values) and _is_whole(values))
        pattern = "{:,.0f}" if whole else f"{{:,.{decimals}f}}"
        return lambda v: MISSING if _missing(v) else pattern.format(v)
    if _all_text(values, DATE_TEXT) or _all_text(values, NUMBER_PHRASE):
        return lambda v: MISSING if _missing(v) else _one_line(v)
    return lambda v: MISSING if _missing(v) else str(v)


def show(frame: pd.DataFrame, decimals: int | dict[str, int] = 2, index: bool = False, group: str | None = None) -> Styler:
    """``frame`` styled for the page. ``decimals``: places after the point for columns of
    fractions, one number for all or one per column (others take 2). ``index``: keep the index as
    the first columns (named, as in a grouped table). ``group``: a column whose value is written once,
    at the head of its run of rows, as a table of groups reads (a long label said on every row made a
    phone's table three times as tall)."""
    shown = frame.reset_index() if index else frame.reset_index(drop=True)  # a styled table needs a unique index
    if group is not None:
        shown[group] = shown[group].where(shown[group].ne(shown[group].shift()), "")
    places = decimals if isinstance(decimals, dict) else {}
    default = decimals if isinstance(decimals, int) else 2
    badged = [column for column in shown.columns if _is_badged(column, shown[column])]
    formats = {column: _formatter(shown[column], places.get(column, default), _is_p_value(column), column in badged)
               for column in shown.columns}
    numeric = [column for column in shown.columns
               if (types.is_numeric_dtype(shown[column]) and not types.is_bool_dtype(shown[column]))
               or _all_text(shown[column], NUMBER_PHRASE) or _all_text(shown[column], ESTIMATE_WITH_P)]
    text = [column for column in shown.columns if column not in numeric]
    wraps = {column: _wrap(shown[column]) for column in text}
    # A table of verdicts whose rows hold sentences reads as cards on a phone (book.css); one of short
    # cells (names, dates, numbers) stays a table, which fits or scrolls: as cards, each short row took a screen's fifth.
    carded = badged and any(_prose(shown[column]) for column in text)
    classes = "book-table cards" if carded else "book-table"
    # The table's id is drawn from its content, not at random, so that a page built twice is the same page.
    uuid = hashlib.sha256(shown.to_csv().encode()).hexdigest()[:5]
    return (shown.style.set_uuid(uuid).hide(axis="index").format(formats).format_index(_header, axis=1)
            .set_table_attributes(f'class="{classes}"')
            .set_properties(subset=text, **{"text-align": "left"})
            .set_properties(subset=[c for c, wrap in wraps.items() if wrap == "anywhere"], **{"overflow-wrap": "anywhere"})
            .set_properties(subset=[c for c, wrap in wraps.items() if wrap == "break-word"], **{"overflow-wrap": "break-word"})
            .set_properties(subset=(shown.index[_short_cjk(shown)], [c for c in text if _all_text(shown[c], CJK_NAME)]),
                            **{"white-space": "nowrap"})
            # A number's column, its header included, is right-aligned; its cells never break across lines
            # (its header may, between words).
            .set_table_styles({column: [{"selector": "", "props": "text-align: right;"},
                                        {"selector": "td", "props": "white-space: nowrap;"}]
                               for column in numeric}, overwrite=False))


def myst(header: list[str], rows: list[list[str]], cards: bool = True) -> str:
    """A table written as MyST (its cells may hold roles: badges, references), for the pages that
    gather the chapters' results; with ``cards``, a phone shows one card per row, as :func:`show`
    does for a table of verdicts. A ``|`` or a line break inside a cell is escaped."""
    def line(cells) -> str:
        return "| " + " | ".join(str(cell).replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"

    body = [line(header), "|" + "---|" * len(header), *map(line, rows)]
    return "\n".join(["```{table}", ":class: cards" if cards else ":class: book-table", "", *body, "```"])
