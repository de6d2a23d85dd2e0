"""Errors that stop the build, each naming the file, the row and the rule broken."""

from __future__ import annotations


class DataError(ValueError):
    """Bad input: a raw or curated file breaks a rule.

    The message is one line a person can act on: the file, the line(s) of the file (or, with
    ``unit="row"``, the rows of a table) where the rule is broken, the column, the rule and what
    was found, e.g. ``data/curated/pairings.csv line 7, city_adcode: must be one of Hubei's 17
    divisions; found 110000 (北京市)``.
    """

    def __init__(self, file, rule: str, rows: list | None = None, detail: str = "",
                 column: str | None = None, unit: str = "line"):
        self.file, self.rule, self.rows, self.detail = str(file), rule, list(rows or []), detail
        self.column, self.unit = column, unit
        where = ""
        if self.rows:
            shown = ", ".join(map(str, self.rows[:10]))
            more = f" and {len(self.rows) - 10} more" if len(self.rows) > 10 else ""
            where = f" {unit}{'s' if len(self.rows) > 1 else ''} {shown}{more}"
        column_part = f", {column}" if column else ""
        found = f"; {detail}" if detail else ""
        super().__init__(f"{self.file}{where}{column_part}: {rule}{found}")


class DataErrors(DataError):
    """Several problems at once, one line each (``problems``)."""

    def __init__(self, problems: list[DataError]):
        self.problems = list(problems)
        first = self.problems[0]
        self.file, self.rule, self.rows, self.detail = first.file, first.rule, first.rows, first.detail
        self.column, self.unit = first.column, first.unit
        ValueError.__init__(self, "\n".join(str(p) for p in self.problems))


def raise_all(problems: list[DataError]) -> None:
    """Raise the problems found, if any: one as itself, several together."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise DataErrors(problems)


class RawFileError(DataError):
    """A raw file is missing or its sha256 differs from the registry."""
