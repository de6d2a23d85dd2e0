"""Which book this is: its title, authors and version (``CITATION.cff``), the commit it was built
from, the day it was built, and where it is published (``_config.yml``). Every page's footer and
every citation the book prints say the same, read from here once per build."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from pairing.paths import ROOT, addresses  # addresses: read by the report's pages too

LOCAL = "local build"
#: The licence of the book's text, figures and tables (its code is MIT): one of CITATION.cff's.
FIGURE_LICENCE = "CC-BY-4.0"


@dataclass(frozen=True)
class Identity:
    title: str
    authors: str  # as the project names itself in CITATION.cff
    version: str
    released: str  # the version's release date (CITATION.cff)
    commit: str  # short hash, "… with uncommitted changes", or "unknown" outside a git checkout
    built: str  # the day the pages were written, ISO
    licence: str
    url: str = ""  # the canonical address of the published book, "" when not set
    repository: str = ""  # the address of its source repository, "" when not set

    @property
    def year(self) -> str:
        return self.released[:4]

    @property
    def edition(self) -> str:
        """"version 0.1.0, commit 42f32e3, built 2026-12-03"."""
        return f"version {self.version}, commit {self.commit}, built {self.built}"

    def address(self, path: str = "") -> str:
        """Where ``path`` (relative to the site's root) is published, or "local build: path"."""
        if self.url:
            return self.url.rstrip("/") + "/" + path
        return f"{LOCAL}: {path}" if path else LOCAL

    def as_dict(self) -> dict:
        return asdict(self)


def commit(root: Path = ROOT) -> str:
    """The checked-out commit's short hash, saying so when the files differ from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()

    try:
        head = git("rev-parse", "--short=7", "HEAD")
        changed = git("status", "--porcelain")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} with uncommitted changes" if changed else head


def current(root: Path = ROOT, built: datetime.date | None = None) -> Identity:
    """This checkout's identity, built today (UTC) unless ``built`` says otherwise."""
    meta = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    url, repository = addresses(root)
    built = built or datetime.datetime.now(datetime.timezone.utc).date()
    return Identity(
        title=meta["title"], authors=" and ".join(author["name"] for author in meta["authors"]),
        version=str(meta["version"]), released=str(meta["date-released"]), commit=commit(root),
        built=built.isoformat(), licence=" and ".join(meta["license"]), url=url, repository=repository)


def citation_file(identity: Identity, root: Path = ROOT) -> str:
    """``CITATION.cff`` for this build: the project's, with the commit and addresses filled in."""
    meta = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    meta["commit"] = identity.commit
    if identity.url:
        meta["url"] = identity.url
    if identity.repository:
        meta["repository-code"] = identity.repository
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
