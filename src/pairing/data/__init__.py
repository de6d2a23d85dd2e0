"""The data layer: raw files by pinned URL and sha256 (:mod:`~pairing.data.sources`), the rules every
table must pass (:mod:`~pairing.data.schemas`), the curated tables read and checked line by line
(:mod:`~pairing.data.curated`), the raw readers and the daily case panel (:mod:`~pairing.data.panel`),
every input checked before a build (:mod:`~pairing.data.checks`), boundaries (:mod:`~pairing.data.geo`)
and what each chapter read (:mod:`~pairing.data.usage`).

Chapters read data only through the loaders, which this package gives directly
(``from pairing import data; data.load_cities()``); they live in :mod:`~pairing.data.loaders`,
imported on first use, so that what needs only a light module (the build's check of the raw files'
hashes, :mod:`~pairing.data.sources`) does not import pandera and geopandas with them.
"""

__all__ = [
    "load_cases_daily",
    "load_case_flags",
    "load_hubei_cases",
    "load_cities",
    "load_provinces",
    "load_hubei_published_totals",
    "load_pairings",
    "load_pairings_superseded",
    "load_aid_timeline",
    "load_unpaired_senders",
    "load_sender_counts",
    "load_par_actors",
    "load_par_interactions",
    "load_par_table1",
    "load_par_us_comparison",
    "load_health_resources",
    "load_raw_registry",
    "per_head_population",
]


def __getattr__(name: str):
    if name in __all__:
        from pairing.data import loaders

        return getattr(loaders, name)
    raise AttributeError(f"module 'pairing.data' has no attribute {name!r}")
