"""The five exhibits of the two documents, each original set beside its reproduction.

The originals' images are not available to this book, so each chapter says what the original
shows from the document's own words, then lists every difference between it and the
reproduction, as a ReScience replication does: one row per aspect, with its kind (:data:`KINDS`).
The chapter passes the rows through :func:`differences` and publishes them with
:func:`pairing.figures.plots.save_table` as ``figures/<exhibit>-original.csv`` under a section labelled
``sec-<exhibit>-original``. The findings page reads them back (:func:`read`) and derives each
exhibit's status (:func:`status`) from its differences, so no status is typed by hand.
"""

from __future__ import annotations

import pandas as pd

from pairing.report import badges, catalogue, tables
from pairing.errors import DataError

#: The exhibits: the document, the original's label and its title as the document prints it.
EXHIBITS = {
    "letter-fig1": ("letter", "Fig. 1", "Mortality and diagnosis rates against medical personnel resources"),
    "letter-fig2": ("letter", "Fig. 2", "Pairing assistance with 29 provinces mobilized to support cities in Hubei "
                                        "province"),
    "letter-fig3": ("letter", "Fig. 3", "The change of the number of patients still undergoing treatment"),
    "par-fig1": ("article", "Figure 1", "Illustration of PAP operation in China in response to COVID-19"),
    "par-table1": ("article", "Table 1", "Critical Interactions among Key PAP Actors"),
}
#: What a difference can be.
KINDS = {
    "content": "what is shown differs: the places, the measure, the values or the numbers given",
    "addition": "the reproduction adds a mark, panel or statistic the original does not have",
    "form": "the same content, drawn or laid out differently",
    "unknown": "the original's words do not say, so the two cannot be compared",
}
#: How each kind reads in a sentence ("the differences are of …").
KIND_PHRASES = {"content": "what is shown", "addition": "marks added", "form": "layout",
                "unknown": "what the document leaves unsaid"}
#: Derived from the kinds of difference (:func:`status`).
STATUSES = ("reproduced", "reproduced as far as its words tell", "partly reproduced")
COLUMNS = ["exhibit", "aspect", "the original", "the reproduction", "kind"]
SUFFIX = "-original"


def differences(exhibit: str, rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """The differences of ``exhibit`` from its original, one ``(aspect, the original, the
    reproduction, kind)`` per row, the most important first; a :class:`DataError` names the row
    that breaks a rule (a known exhibit, a known kind, no empty cell, at least one row)."""
    name = f"differences of {exhibit}"
    if exhibit not in EXHIBITS:
        raise DataError(name, "the exhibit is one of " + ", ".join(EXHIBITS))
    if not rows:
        raise DataError(name, "an exhibit lists at least one difference, or says there is none")
    table = pd.DataFrame(rows, columns=COLUMNS[1:])
    for rule, broken in [("kind is one of " + ", ".join(KINDS), ~table["kind"].isin(list(KINDS))),
                         ("no cell is empty", table.apply(lambda column: column.astype(str).str.strip() == "").any(axis=1))]:
        if broken.any():
            raise DataError(name, rule, rows=[i + 1 for i in range(len(table)) if broken.iloc[i]], unit="row")
    return table.assign(exhibit=exhibit)[COLUMNS]


def status(table: pd.DataFrame) -> str:
    """"partly reproduced" if any difference is of content; else "reproduced as far as its words
    tell" if the original's words leave something open; else "reproduced"."""
    kinds = set(table["kind"])
    return STATUSES[2] if "content" in kinds else STATUSES[1] if "unknown" in kinds else STATUSES[0]


def kinds_phrase(table: pd.DataFrame) -> str:
    """The kinds of difference in ``table``, in words: "of layout, of marks added and of what the
    document leaves unsaid"."""
    from pairing.report.prose import listed

    return listed([f"of {KIND_PHRASES[kind]}" for kind in KINDS if kind in set(table["kind"])])


def read(folder=None) -> pd.DataFrame:
    """Every exhibit's differences, in book order, with its chapter and the label of its section."""
    parts = [table.assign(chapter=export.chapter, docname=export.docname, label=f"sec-{export.name}")
             for export, table in catalogue.published_tables(SUFFIX, folder)]
    return pd.concat(parts, ignore_index=True)


def status_table(found: pd.DataFrame) -> pd.DataFrame:
    """One row per exhibit: document, the original, its status, its main difference (the first of
    content, else the first) and the label of the section that lists them all."""
    rows = []
    for exhibit, table in found.groupby("exhibit", sort=False):
        document, label, title = EXHIBITS[exhibit]
        content = table[table["kind"] == "content"]
        main = (content if len(content) else table).iloc[0]
        said = main["the reproduction"] if main["kind"] != "unknown" else f"not said in the original; here, {main['the reproduction']}"
        rows.append({"document": document, "exhibit": f"{label}: {title}", "status": status(table),
                     "main difference": f"{main['aspect']}: {said}",
                     "differences": len(table), "label": table["label"].iloc[0]})
    missing = set(EXHIBITS) - set(found["exhibit"])
    if missing:
        raise DataError("the chapters' tables of differences", "every exhibit is set beside its original",
                        detail="missing " + ", ".join(sorted(missing)))
    return pd.DataFrame(rows)


def markdown(statuses: pd.DataFrame) -> str:
    """The status table as MyST, each exhibit linking the section that lists its differences (on a
    phone, one card per exhibit)."""
    rows = [[f"the {row['document']}'s {row['exhibit']}", badge(row["status"]), row["main difference"],
             f"{row['differences']}, in {{numref}}`§{{number}} <{row['label']}>`"] for row in statuses.to_dict("records")]
    return tables.myst(["exhibit", "status", "main difference", "all differences"], rows)


def badge(status: str) -> str:
    """The status as its badge (:mod:`pairing.report.badges`)."""
    return badges.myst(status)


def key_findings(statuses: pd.DataFrame, claims: pd.DataFrame) -> str:
    """What the book found, as the box that opens it (MyST): for each document, its claims'
    verdicts as badges with their counts, and each exhibit's status and main difference, linking
    the section that shows it."""
    from pairing.report import ledger

    titles = {"letter": "The letter ({cite:t}`chen2020pairing`)", "article": "The article ({cite:t}`hu2020hybrid`)"}
    counts = ledger.verdict_counts(claims)
    lines = [":::{admonition} What the book found", ":class: key-findings", ""]
    for document in ledger.DOCUMENTS:
        # The count before its badge, as the findings' bars read, held to it by a no-break space.
        verdicts = ", ".join(f"{int(n)}\u00a0{ledger.badge(verdict)}" for verdict, n in counts.loc[document].items() if n)
        n = int(counts.loc[document].sum())
        lines.append(f"**{titles[document]}**: {n} claim{'s' if n != 1 else ''} checked, {verdicts}")
        lines.append("")
        for row in statuses[statuses["document"] == document].to_dict("records"):
            # The badge ends its own sentence, so that it does not run on into the difference's aspect word.
            difference = row["main difference"]
            lines.append(f"- {row['exhibit'].split(':')[0]}: {badge(row['status'])}. {difference[:1].upper()}{difference[1:]} "
                         f"({{numref}}`§{{number}} <{row['label']}>`)")
        lines.append("")
    lines.append("Every verdict, with its evidence: {ref}`sec-claims-ledger`; the argument: {ref}`sec-findings`.")
    lines.append(":::")
    return "\n".join(lines)
