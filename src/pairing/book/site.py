"""The book build: inputs checked first, pages built aside, the site replaced only by a build that
fully succeeded. ``python -m pairing book`` runs it; ``make book`` calls that.

1. **Before anything is written**, every input is checked (:mod:`pairing.data.checks`: raw files
   against their sha256, curated tables against their rules; when the project's files are those of
   the last good build, which passed these checks, only the raw files' hashes), a
   stray ``.ipynb`` beside a chapter's ``.md`` stops the build, and executed notebooks in the
   cache that differ from what the last good build left there, or that a failed build left, are
   dropped (:func:`preflight`, :func:`check_cache`), so a hand-edited output is never published.
2. **The build runs aside**, in ``_build/.builds/staging/``, seeded with a copy of the last good
   build (its site, Sphinx's saved environment and the figures and tables the chapters wrote), so
   that an incremental build starts from a state that was complete. ``PAIRING_EXPORTS`` tells the
   notebooks' kernels to write their figures there.
3. **Only a build that exits 0 under ``-W`` is published**: ``_build/html`` is a symbolic link to the
   last good build's site, replaced in one atomic step (:func:`publish`). A failed or interrupted
   build leaves the link, and so the site readers open, untouched, and the next build starts again
   from that good state: no ``clean`` is needed, and what it produces is what a clean build would.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pairing import paths

STAGING = "staging"
#: What the build and its kernels go without: jsonschema, which Jupyter Book imports in the build
#: and myst-nb's glue in every kernel, checks the "iri" format with rfc3987_syntax when it is installed
#: (Jupyter's servers pull it in), and importing that builds its grammar's parsers: 3 s each time. No
#: schema of the build has that format (a test checks); without the module, jsonschema skips it.
UNUSED_MODULE = "rfc3987_syntax"
#: The kernels' own profile: it quiets their warning about unencrypted local connections and sets
#: :data:`UNUSED_MODULE` aside.
KERNEL_CONFIG = ("c.IPKernelApp.log_level = 'ERROR'\n"
                 f"c.IPKernelApp.exec_lines = [\"__import__('sys').modules.setdefault('{UNUSED_MODULE}', None)\"]\n")
#: What the kernels inherit so that two builds of the same sources publish the same bytes: one
#: thread for BLAS and numba (the bootstraps' sums otherwise run in an order that varies between
#: runs, moving the ninth significant digit) and a fixed hash seed (set and dict order).
DETERMINISTIC = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                 "NUMBA_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}


class BuildFailed(RuntimeError):
    """The build did not succeed; the message says what failed."""


@dataclass(frozen=True)
class Layout:
    """Where a project's book is built (its ``_build`` folder)."""

    root: Path

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def site(self) -> Path:  # what readers open: a link to the html folder of the last good build
        return self.build / "html"

    @property
    def builds(self) -> Path:  # each good build (html, doctrees, exports) and the one being made
        return self.build / ".builds"

    @property
    def cache(self) -> Path:  # executed notebooks, keyed by their code: shared by every build
        return self.build / ".jupyter_cache"

    @property
    def cache_manifest(self) -> Path:
        return self.build / "jupyter_cache.sha256.json"

    def current(self) -> Path | None:
        """The folder of the last good build, or None if there is none."""
        return self.site.resolve().parent if self.site.is_symlink() and self.site.resolve().is_dir() else None


PROJECT = Layout(paths.ROOT)


def preflight(layout: Layout = PROJECT, inputs: bool = True, checked: bool = False) -> list[str]:
    """Everything that must hold before a build writes anything, one line per problem: no stray
    notebook, and (with ``inputs``) every raw file and curated table as :mod:`pairing.data.checks` wants.
    When the project's files are those of the last good build (``checked``), which passed these
    checks, only the raw files outside the project can have changed: their hashes are checked."""
    problems = [f"{notebook.relative_to(layout.root)}: a stray notebook beside its chapter "
                f"{notebook.with_suffix('.md').name}; the chapter is the .md: delete the .ipynb"
                for notebook in project_files(layout) if notebook.suffix == ".ipynb" and notebook.with_suffix(".md").exists()]
    if inputs and checked:
        from pairing.data import sources

        problems += [str(problem) for problem in sources.check_files()]
    elif inputs:
        from pairing.data.checks import check

        problems += [str(problem) for problem in check()]
    return problems


def _cache_files(layout: Layout) -> dict[str, str]:
    executed = layout.cache / "executed"
    return {path.relative_to(layout.cache).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(executed.rglob("*")) if path.is_file()} if executed.is_dir() else {}


def check_cache(layout: Layout = PROJECT) -> str:
    """Keep in the execution cache only what the last good build recorded: drop it all if an executed
    notebook differs from its record (a hand edit would otherwise be published), and drop each
    execution made by a build that did not succeed (its chapter's record of what it read and which
    cell wrote what went with that build; reused, it would be described by an older record). Returns
    what was done, or ""."""
    if not layout.cache.exists() or not layout.cache_manifest.exists():
        return ""
    recorded = json.loads(layout.cache_manifest.read_text())
    found = _cache_files(layout)
    altered = sorted(name for name, digest in found.items() if name in recorded and recorded[name] != digest)
    if altered:
        shutil.rmtree(layout.cache, ignore_errors=True)
        layout.cache_manifest.unlink()
        return f"the execution cache was edited outside a build ({altered[0]}): dropped, every chapter runs again"
    unrecorded = {Path(name).parts[1] for name in found if name not in recorded}  # executed/<hashkey>/...
    if not unrecorded:
        return ""
    from jupyter_cache import get_cache

    cache = get_cache(layout.cache)
    dropped = [record for record in cache.list_cache_records() if record.hashkey in unrecorded]
    for record in dropped:
        cache.remove_cache(record.pk)
    names = ", ".join(sorted(Path(record.uri).stem for record in dropped))
    return f"executions of a build that did not succeed dropped ({names}): they run again" if dropped else ""


def _stage(layout: Layout) -> Path:
    """A fresh staging folder, seeded with the last good build; what an interrupted build left goes.
    Its path is the same for every build, because Sphinx records the files each page depends on by
    path: a new path each time would make every page look changed."""
    layout.builds.mkdir(parents=True, exist_ok=True)
    staging = layout.builds / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    good = layout.current()
    if good is not None:
        shutil.copytree(good, staging, symlinks=True)  # copies keep their times: Sphinx's own checks hold
    else:
        staging.mkdir()
    (staging / "exports").mkdir(exist_ok=True)
    profile = staging / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG)
    return staging


def publish(staging: Path, layout: Layout = PROJECT) -> Path:
    """Make ``staging`` the last good build: rename it, swap the ``_build/html`` link to it in one
    step, record the execution cache it used, and remove older builds."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    final = layout.builds / (stamp if not (layout.builds / stamp).exists() else f"{stamp}-{os.getpid()}")
    staging.rename(final)
    link = layout.build / f".html-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(final.relative_to(layout.build) / "html", target_is_directory=True)
    if layout.site.exists() and not layout.site.is_symlink():  # a site from before builds were staged
        shutil.rmtree(layout.site)
    os.replace(link, layout.site)
    layout.cache_manifest.write_text(json.dumps(_cache_files(layout), indent=0))
    for old in layout.builds.iterdir():
        if old != final and old.name != STAGING:
            shutil.rmtree(old, ignore_errors=True)
    return final


#: Not part of what the book is built from (beside the build itself and version control).
NOT_SOURCES = {"_build", ".git", ".venv", "scratch", "__pycache__", ".pytest_cache", ".ipynb_checkpoints"}


def project_files(layout: Layout = PROJECT) -> list[Path]:
    """Every file of the project the book could be built from, sorted (what :data:`NOT_SOURCES` leaves)."""
    files = []
    for folder, subfolders, names in os.walk(layout.root):
        subfolders[:] = [d for d in subfolders if d not in NOT_SOURCES and not d.endswith(".egg-info")]
        files += [Path(folder) / name for name in names]
    return sorted(files)


def sources_digest(layout: Layout = PROJECT) -> str:
    """sha256 over every file of the project the book could be built from (names and contents) and
    the commit the pages name (:mod:`pairing.book.identity`), so that a build with nothing new to do can
    be told without starting Sphinx."""
    from pairing.book.identity import commit

    digest = hashlib.sha256(commit(layout.root).encode())
    for path in project_files(layout):
        digest.update(path.relative_to(layout.root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build(layout: Layout = PROJECT, inputs: bool = True) -> Path:
    """Check the inputs, build the book aside and publish it; :class:`BuildFailed` otherwise.
    When nothing the book is built from changed since the last good build, that build stands."""
    good, digest = layout.current(), sources_digest(layout)
    unchanged = good is not None and (good / "sources.sha256").exists() and (good / "sources.sha256").read_text() == digest
    problems = preflight(layout, inputs, checked=unchanged)
    if problems:
        raise BuildFailed("nothing was built, the inputs have problems:\n  " + "\n  ".join(problems))
    dropped = check_cache(layout)
    if dropped:
        print(dropped)
    if unchanged:
        print(f"nothing changed since the build of {good.name}")
        return good
    sys.modules.setdefault(UNUSED_MODULE, None)
    from jupyter_book.sphinx import build_sphinx

    staging = _stage(layout)
    (staging / "sources.sha256").unlink(missing_ok=True)
    paths.use_exports(staging / "exports")
    os.environ["IPYTHONDIR"] = str(staging / "ipython")
    os.environ.update(DETERMINISTIC)
    try:
        result = build_sphinx(
            layout.root, staging / "html", doctreedir=staging / "doctrees", noconfig=True,
            path_config=layout.root / "_config.yml",
            confoverrides={"external_toc_path": (layout.root / "_toc.yml").as_posix(), "latex_individualpages": False,
                           "html_extra_path": [str(staging / "exports")], "nb_execution_cache_path": str(layout.cache)},
            builder="html", warningiserror=True, keep_going=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if result != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(reason(result))
    (staging / "sources.sha256").write_text(digest)
    return publish(staging, layout)


def reason(result) -> str:
    """One line on why a build failed: the data or prose error at the root of an exception (file,
    row and rule, or chapter and sentence), or the warnings that -W turned into a failure."""
    if not isinstance(result, BaseException):
        return "the build had warnings or errors, listed above (the book is built with -W: none is allowed)"
    error, seen = result, []
    while error is not None and error not in seen:
        seen.append(error)
        error = getattr(error, "orig_exc", None) or error.__cause__ or error.__context__
    for candidate in reversed(seen):
        found = re.findall(r"^(\w+Error): (.+)$", str(candidate), flags=re.MULTILINE)
        if found:
            return "{}: {}".format(*found[-1])
    text = str(seen[-1]).strip()
    return f"{type(seen[-1]).__name__}: {text.splitlines()[0] if text else ''}"


def main(layout: Layout = PROJECT) -> int:
    good = layout.current()
    try:
        final = build(layout)
    except BuildFailed as failure:
        kept = f"the site in _build/html is still the good build of {good.name}" if good else "there is no site yet"
        print(f"error: {failure}\nNothing was published: {kept}.", file=sys.stderr)
        return 1
    if final != good:
        print(f"built {final.name}: open {layout.site / 'index.html'}")
    return 0
