"""Pure computations used by the chapters: no I/O, no printing."""

from __future__ import annotations

import pandas as pd

COUNTS = ["confirmed", "cured", "deaths"]


def per_10k(counts: pd.Series, population: pd.Series) -> pd.Series:
    """Counts per 10,000 residents; missing where the population is missing."""
    return counts / population.astype("Float64") * 10_000


def reconcile(panel: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Sum of the panel's units against published totals, on each published date.

    Returns one row per date with ``<count>_published``, ``<count>_panel`` and
    ``<count>_difference`` (panel minus published; missing where nothing was published).
    """
    sums = panel.groupby("date")[COUNTS].sum().add_suffix("_panel")
    table = published.set_index("date")[COUNTS].add_suffix("_published").join(sums, how="left")
    for column in COUNTS:
        table[f"{column}_difference"] = table[f"{column}_panel"] - table[f"{column}_published"]
    ordered = [f"{c}_{part}" for c in COUNTS for part in ("published", "panel", "difference")]
    return table[ordered].reset_index()
