"""The codebook: the data files the book publishes, and each curated table's columns with what
they hold and the rules they must satisfy.

One source for each part, so that the book's data page (``book/data.md``) cannot drift from the
files: what a table holds is the row of ``data/README.md``'s list of curated tables; what a column
holds is its ``description`` in :mod:`pairing.data.schemas`, beside the rules it is checked against;
the number of rows is counted from the file. :func:`publish` copies the curated tables and the
raw-file registry, byte for byte, into the build's exports (``data/curated/<name>`` and
``data/raw_files.csv`` in the site). The ``{codebook}`` directive writes the page's sections.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pairing import paths
from pairing.data import schemas
from pairing.errors import DataError

README = paths.DATA / "README.md"
#: The tidy tables the build writes (:func:`pairing.data.panel.build_tables`), published beside the curated ones.
TIDY = ["cases_daily.csv", "case_flags.csv"]
#: Where ``data/README.md``'s list of curated tables starts and ends (HTML comments: unseen on GitHub).
LIST_START = "<!-- The book's data page shows each table of this list"
LIST_END = "<!-- End of the list of curated tables. -->"
_README_ROW = re.compile(r"^\| `([\w.]+)` \| (.+) \| (.+) \|$")


def publish(folder: Path) -> None:
    """Copy every curated table to ``folder/curated/<name>`` and the raw-file registry to
    ``folder/raw_files.csv``, byte for byte; a table no longer curated is removed."""
    curated = folder / "curated"
    curated.mkdir(parents=True, exist_ok=True)
    for old in curated.glob("*"):
        if old.name not in schemas.CURATED:
            old.unlink()
    for name in schemas.CURATED:
        shutil.copyfile(paths.CURATED / name, curated / name)
    shutil.copyfile(paths.RAW_REGISTRY, folder / paths.RAW_REGISTRY.name)


def label(name: str) -> str:
    """The link target of a table's section: ``data-<stem>``."""
    return f"data-{Path(name).stem}"


def described() -> dict[str, tuple[str, str]]:
    """What each curated table holds and its grades, from the list in ``data/README.md`` (between
    its two markers, which ``book/data.md`` also includes the file around)."""
    text = README.read_text(encoding="utf-8")
    if LIST_START not in text or LIST_END not in text:
        raise DataError("data/README.md", "must mark its list of curated tables", detail=f"with {LIST_START} and {LIST_END}")
    found = {}
    for line in text.split(LIST_START, 1)[1].split(LIST_END, 1)[0].splitlines():
        match = _README_ROW.match(line.strip())
        if match:
            found[match[1]] = (match[2].strip(), match[3].strip())
    return found


def _rules(column: pa.Column, table_rules: list[pa.Check]) -> str:
    """The rules a column's values must satisfy, as the checks word them."""
    said = ["may be empty" if column.nullable else "required"]
    said += [check.error for check in column.checks if check.error]
    said += [check.error for check in table_rules if check.statistics.get("column") == column.name]
    return "; ".join(dict.fromkeys(said))


def columns(name: str) -> pd.DataFrame:
    """The columns of curated table ``name``: ``column``, ``description``, ``rule``."""
    schema = schemas.CURATED[name]
    return pd.DataFrame([(column, spec.description, _rules(spec, schema.checks))
                         for column, spec in schema.columns.items()], columns=["column", "description", "rule"])


def table_rules(name: str) -> list[str]:
    """The rules on a curated table's rows as a whole: its key, whether it may be empty, and the
    rules that name no single column."""
    schema = schemas.CURATED[name]
    key = ", ".join(f"`{column}`" for column in schema.unique)
    said = [f"no two rows may share {'the' if len(schema.unique) > 1 else 'their'} {key}"]
    said.append("the table may have no rows" if schema.metadata["may_be_empty"] else "the table must have at least one row")
    return said + [check.error for check in schema.checks if check.statistics.get("column") is None]


def rows(name: str) -> int:
    """The number of rows of a curated table, as the checked reader counts them."""
    from pairing.data.checks import read_curated

    return len(read_curated(name)[0])


def census_divisions() -> list[str]:
    """The divisions whose per-head rates divide by the 2020 census (no 2019 count is sourced)."""
    from pairing.data import per_head_population

    population = per_head_population(schemas.curated("cities.csv"))
    return population.loc[population["population_basis"] == "2020 census", "name_en"].tolist()


def guard_readme() -> None:
    """The sentences of ``data/README.md`` that name divisions by the data hold for the data."""
    from pairing.report.prose import Prose

    divisions = census_divisions()
    Prose("data/README.md").guard(divisions == ["Tianmen"],
                                  "Year-end 2019 resident population: none sourced yet for Tianmen; "
                                  "the book's rates per head divide by the 2020 census where no 2019 count is "
                                  "sourced (Tianmen)", detail="the census divides for " + (", ".join(divisions) or "none"))


#: A row of ``data/README.md``'s table of raw sources: repository, files, commit (a prefix typed by hand), licence.
_RAW_ROW = re.compile(r"^(\| ([\w.-]+/[\w.-]+) \| .+ \| )([0-9a-f]{7,40})( \| [^|]+ \|)$")


def linked_commits(text: str, registry: pd.DataFrame | None = None) -> str:
    """``data/README.md`` as the data page shows it: each commit of its table of raw sources written as
    every page writes a commit (:func:`pairing.book.provenance.commit_markdown`: the short form linked
    to the full commit), taken from the raw-file registry (``registry``, :func:`pairing.data.sources.registry`
    by default). A commit the README types that is not its repository's in the registry, or a table
    without a row, is a :class:`DataError` naming the line."""
    from pairing.book import provenance
    from pairing.data import sources

    registry = sources.registry() if registry is None else registry
    pinned = registry.groupby("repo")["commit"].agg(set)
    lines, found = [], 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        match = _RAW_ROW.match(line.rstrip("\n"))
        if match:
            head, repo, typed, tail = match.groups()
            full = [commit for commit in pinned.get(repo, ()) if commit.startswith(typed)]
            if len(full) != 1:
                raise DataError("data/README.md", "a raw source's commit is its repository's in data/raw_files.csv",
                                rows=[number], unit="line", detail=f"{repo} at {typed}; the registry pins "
                                                                    f"{sorted(pinned.get(repo, [])) or 'nothing'}")
            line = head + provenance.commit_markdown(repo, full[0]) + tail + line[len(line.rstrip("\n")):]
            found += 1
        lines.append(line)
    if not found:
        raise DataError("data/README.md", "has a table of raw sources: | repository | files | commit | licence |")
    return "".join(lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split())


def _list_table(frame: pd.DataFrame, widths: str) -> str:
    lines = [":::{list-table}", ":header-rows: 1", f":widths: {widths}", ":class: cards", ""]
    lines += [f"* - {frame.columns[0]}"] + [f"  - {column}" for column in frame.columns[1:]]
    for row in frame.itertuples(index=False):
        lines += [f"* - {_cell(row[0])}"] + [f"  - {_cell(value)}" for value in row[1:]]
    return "\n".join(lines + [":::"])


def _link(docname: str, file: str, text: str) -> str:
    """A plain link to a published file (MyST would copy a linked file that exists into _downloads)."""
    return f'<a href="{posixpath.relpath(file, posixpath.dirname(docname))}" download>{text}</a>'


def downloads(docname: str) -> str:
    """MyST: the files the build publishes that are not curated tables, with their rows."""
    from pairing.data import sources

    files = [("data/raw_files.csv", len(sources.registry()), "the raw-file registry: name, repository, commit, "
              "sha256, size, licence and URL of every raw file (below, Raw files)")]
    for name in TIDY:
        files.append((f"data/{name}", len(pd.read_csv(paths.TABLES / name, dtype=str)),
                      "built from the raw files by `python -m pairing data` (below, Built tables)"))
    items = [f"- {_link(docname, file, f'<code>{file}</code>')}: {count:,} rows; {what}" for file, count, what in files]
    items.append("- `data/curated/<name>.csv`: the curated tables, each with its own section below (Curated tables)")
    return "\n".join(items)


def section(name: str, docname: str) -> str:
    """MyST: the body of a curated table's section: what it holds, its rows, a download link, its
    columns and the rules on its rows."""
    what, grades = described()[name]
    shown = (columns(name).assign(column=lambda f: "`" + f["column"] + "`")
             .rename(columns={"description": "what it holds", "rule": "rules"}))
    return "\n\n".join([what[0].upper() + what[1:] + ".",
                         f"{rows(name):,} rows · grades: {grades} · "
                         + _link(docname, f"data/curated/{name}", "download the CSV"),
                         _list_table(shown, "20 40 40"),
                         "Rules on the rows: " + "; ".join(table_rules(name)) + "."])


def _inputs() -> list[Path]:
    """What the codebook's text is made from: a change to any of them rereads the page."""
    return [README, Path(schemas.__file__), Path(__file__), paths.RAW_REGISTRY,
            *(paths.CURATED / name for name in schemas.CURATED), *(paths.TABLES / name for name in TIDY)]


def setup(app):
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class Codebook(SphinxDirective):
        """``{codebook} downloads``: the published files that are not curated tables; ``{codebook}
        tables``: a section per curated table, under the heading the directive stands under."""

        required_arguments = 1

        def run(self):
            from pairing.report.prose import ProseError

            part = self.arguments[0]
            if part not in ("downloads", "tables"):
                raise self.error(f"codebook: the part must be downloads or tables, not {part!r}")
            for path in _inputs():
                self.env.note_dependency(str(path))
            try:
                guard_readme()
            except ProseError as error:
                raise self.error(str(error)) from None
            if part == "downloads":
                return self._parsed(downloads(self.env.docname), nodes.Element()).children
            return [self._section(name) for name in schemas.CURATED]

        def _parsed(self, text: str, node):
            self.state.nested_parse(StringList(text.splitlines(), source=str(README)), self.content_offset, node)
            return node

        def _section(self, name: str):
            """A section of the page, named ``data-<stem>`` (its link target), titled with the file's name."""
            node = nodes.section(names=[label(name)])
            self.state.document.note_explicit_target(node)
            node += nodes.title("", "", nodes.literal(text=name))
            return self._parsed(section(name, self.env.docname), node)

    def include_read(app, relative_path, parent_docname, content):
        """The README as an including page reads it: its raw sources' commits linked (:func:`linked_commits`)."""
        if (Path(app.srcdir) / relative_path).resolve() == README.resolve():
            content[0] = linked_commits(content[0])

    app.add_directive("codebook", Codebook)
    app.connect("include-read", include_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
