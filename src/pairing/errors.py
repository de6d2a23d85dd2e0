"""Errors that stop the build, each naming the file, the row and the rule broken."""

from __future__ import annotations


class DataError(ValueError):
    """Bad input: a raw or curated file breaks a rule.

    The message always names the file; when the problem is in a row it names the
    row (1-based line number in the file where known) and the rule.
    """

    def __init__(self, file: str, rule: str, rows: list | None = None, detail: str = ""):
        self.file, self.rule, self.rows, self.detail = str(file), rule, rows or [], detail
        where = f" at row(s) {', '.join(map(str, self.rows[:10]))}" if self.rows else ""
        more = f" (and {len(self.rows) - 10} more)" if len(self.rows) > 10 else ""
        tail = f": {detail}" if detail else ""
        super().__init__(f"{self.file}{where}{more} breaks the rule '{rule}'{tail}")


class RawFileError(DataError):
    """A raw file is missing or its sha256 differs from the registry."""
