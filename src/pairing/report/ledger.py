"""The claims ledger: every testable claim of the letter and the article, with its verdict.

Each chapter that checks claims ends with a table of them, passes it through :func:`checked`
and publishes it with :func:`pairing.figures.plots.save_table` as ``figures/<name>-claims.csv``, under a
section labelled ``sec-<name>-claims``. The ledger and the closing chapter read those files back
(:func:`read`), so no statement, value or verdict is typed twice: they run no code of their own
(:mod:`pairing.report.gathered`), and the build rereads them whenever a chapter is reread.
"""

from __future__ import annotations

import pandas as pd

from pairing.analysis import claims
from pairing.report import badges, catalogue, tables
from pairing.errors import DataError

#: The verdicts and what each means: defined, with the rule that assigns them, in :mod:`pairing.analysis.claims`.
VERDICTS = claims.SCALE
def badge(verdict: str) -> str:
    """The verdict as its badge (:mod:`pairing.report.badges`)."""
    return badges.myst(verdict)


#: How each verdict reads as a verb phrase with "the data" as subject, for sentences that count them.
VERDICT_VERBS = {"supported": "support", "partly": "support in part", "not shown": "do not show",
                 "contradicted": "contradict", "cannot tell": "cannot tell"}
DOCUMENTS = ("letter", "article")  # Chen, Wang and Hua (2020); Hu, Zhang, Kapucu and Chen (2020)
#: ``where``: the parts of the document that make the claim, separated by "; " (the letter's
#: ``abstract``, ``¶n`` and ``Fig. n``; the article's ``abstract``, ``introduction``, section titles in
#: curly quotes, ``Table 1`` and ``Figure 1``). ``quote``: the document's own words, one quotation
#: for each part of ``where`` that is text (not a figure), separated by " | "; a test finds each
#: quotation in its part of the document.
#: ``evidence``: what decided the verdict, as :func:`pairing.analysis.claims.encode` writes it; the ledger
#: re-derives every verdict from it.
COLUMNS = ["document", "where", "quote", "statement", "what the data show", "verdict", "evidence"]
#: An optional column: the label of the section of the same chapter that holds a claim's analysis,
#: where that is not the section of the claims table itself (left blank, the table's section).
SECTION = "section"
SUFFIX = "-claims"


def checked(table: pd.DataFrame, name: str = "claims table") -> pd.DataFrame:
    """``table`` unchanged if it has the ledger's columns, known documents and verdicts, no empty
    cell, and each verdict is the one :func:`pairing.analysis.claims.verdict` gives on the row's evidence;
    otherwise a :class:`DataError` naming the row and the rule."""
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise DataError(name, "a claims table has the columns " + ", ".join(COLUMNS), detail=f"missing {missing}")
    rules = [
        ("document is one of " + ", ".join(DOCUMENTS), ~table["document"].isin(DOCUMENTS)),
        ("verdict is one of " + ", ".join(VERDICTS), ~table["verdict"].isin(list(VERDICTS))),
        ("no cell is empty", table[COLUMNS].isna().any(axis=1) | (table[COLUMNS].astype(str).apply(
            lambda column: column.str.strip()) == "").any(axis=1)),
    ]
    for rule, broken in rules:
        if broken.any():
            raise DataError(name, rule, rows=[i + 1 for i in range(len(table)) if broken.iloc[i]], unit="row")
    for i, (evidence, given) in enumerate(zip(table["evidence"], table["verdict"]), start=1):
        try:
            derived = claims.verdict(*claims.decode(evidence))
        except (ValueError, TypeError) as error:
            raise DataError(name, "the evidence is what pairing.analysis.claims.encode writes", rows=[i], unit="row",
                            detail=str(error)) from None
        if derived != given:
            raise DataError(name, "the verdict is the one pairing.analysis.claims.verdict gives on the row's evidence",
                            rows=[i], unit="row", detail=f"{given!r} written, the evidence gives {derived!r}")
    return table



def shown(table: pd.DataFrame) -> pd.DataFrame:
    """A chapter's claims table as its page shows it: the document, quotation, evidence and section
    columns are in the published CSV and the ledger, not on the page."""
    return table.drop(columns=["document", "quote", "evidence", SECTION], errors="ignore")


def section_label(export: catalogue.Export) -> str:
    """The label of the section that shows the claims table ``export``."""
    return f"sec-{export.name}"


def read(folder=None) -> pd.DataFrame:
    """Every claim of every chapter, in book order, with the chapter and section that check it.

    Stops with a :class:`DataError` if a chapter's table has not been written (the chapter has
    not run) or breaks the rules of :func:`checked`.
    """
    parts = []
    for export, table in catalogue.published_tables(SUFFIX, folder):
        rows = checked(table, f"figures/{export.name}.csv")
        label = pd.Series(section_label(export), index=rows.index)
        if SECTION in rows:
            own = rows[SECTION].astype("string").str.strip()
            label = own.where(own.notna() & (own != ""), label).astype(str)
        parts.append(rows[COLUMNS].assign(table=export.name, docname=export.docname,
                                            chapter=export.chapter, label=label))
    ledger = pd.concat(parts, ignore_index=True)
    # Group by document, keeping the book's order within each.
    ledger["document"] = pd.Categorical(ledger["document"], categories=DOCUMENTS, ordered=True)
    return ledger.sort_values("document", kind="stable").reset_index(drop=True)


def verdict_counts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Claims per document and verdict (every verdict a column, zeros included)."""
    counts = pd.crosstab(ledger["document"], pd.Categorical(ledger["verdict"], categories=list(VERDICTS)),
                         dropna=False)
    counts.columns.name, counts.index.name = None, None
    return counts


def verdict_sentence(counts: pd.Series) -> str:
    """How many claims the data support, support in part, … (verdicts with no claim left out):
    "the data support 3, support in part 4 and cannot tell 6"."""
    from pairing.report.prose import listed

    parts = [f"{VERDICT_VERBS[verdict]} {int(n)}" for verdict, n in counts.items() if n]
    return "the data " + listed(parts, empty="decide none")


def definitions() -> str:
    """The verdicts, as their badges, and what each means, as a MyST definition list."""
    return "\n\n".join(f"{badge(verdict)}\n: {meaning}" for verdict, meaning in VERDICTS.items())


def markdown(ledger: pd.DataFrame, document: str) -> str:
    """The claims of ``document`` as a MyST table whose last column links each claim's section (on a
    phone, one card per claim)."""
    rows = []
    for row in ledger[ledger["document"] == document].to_dict("records"):
        quotes = " … ".join(f"“{q}”" for q in str(row["quote"]).split(" | "))
        rows.append([badge(row["verdict"]), f"{row['statement']}: *{quotes}*", row["where"], row["what the data show"],
                     f"{{numref}}`§{{number}} <{row['label']}>`"])
    # The verdict first: on a phone, the columns a reader must scroll to are the details.
    return tables.myst(["verdict", "claim", "where", "what the data show", "shown in"], rows)
