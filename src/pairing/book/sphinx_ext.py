"""Sphinx hook: what the book build needs from the project besides its pages.

Before anything is read (``config-inited``):

* refuse a build not made by :mod:`pairing.book.site`, which builds aside and publishes only a build
  that succeeded;
* forget every cached execution when the pins or this hook change; otherwise forget only those of
  the chapters whose recorded inputs changed (:mod:`pairing.data.usage`), and read those chapters again;
* write the tidy tables into the build's exports folder when their inputs changed
  (:data:`pairing.paths.EXPORTS`, published at the site root by ``html_extra_path``: ``data/*.csv``
  and, written by the notebooks through :func:`pairing.figures.plots.save_figure`, ``figures/<name>.*``),
  with the curated tables as committed (``data/curated/``), the build's identity
  (``CITATION.cff``, ``build.json``: :mod:`pairing.book.identity`) and its source
  (``source.zip``: :mod:`pairing.book.source`);
* execute the notebooks that have no cached execution, one per core.

While reading: when a chapter is read again, read the pages that gather what the chapters publish
again too (they run no kernel: :mod:`pairing.book.gather`). Pages are read one at a time, in name
order, so that a page quoting a chapter's glued values (``02_personnel.md::key``) reads it after it.

While writing: fill in what only the whole book knows (numbers of figures, tables and chapters,
citations with the edition: :data:`SLOT`), link each figure to its full-size PNG and each chapter
to its downloadable notebook; after writing, stamp this build's commit and day on every page (those
Sphinx kept from the last build too), publish the notebooks and drop pages of removed chapters.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import logging
import math
import os
import posixpath
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError, ExtensionError

from sphinx.util import logging as sphinx_logging

from pairing import paths
from pairing.data import panel, sources, usage
from pairing.report import catalogue
from pairing.book import citing, codebook, gather, identity, source

logger = sphinx_logging.getLogger(__name__)


def _prepare(app, config) -> None:
    """Before anything is read: forget stale executions and write the tidy tables."""
    # Notebook kernels run in their own folder and inherit this environment: make a relative
    # mirror path absolute, as seen from where the build was started.
    mirror = sources.mirror()
    if mirror is not None:
        os.environ[sources.MIRROR_VARIABLE] = str(mirror)
    if paths.EXPORTS_VARIABLE not in os.environ:
        raise ConfigError("build the book with `make book` (python -m pairing book), which builds aside and "
                          "publishes only a build that succeeded; `jupyter-book build` would write into the site "
                          "readers open")
    paths.FIGURES.mkdir(parents=True, exist_ok=True)
    # Sphinx copies static files only when it writes a page: their digest is made part of the
    # configuration, so that a change to the style sheet rewrites every page.
    config.html_context = {**config.html_context, "pairing_static": _digest(list((paths.ROOT / "assets").iterdir()))}
    _identify(app, config)
    staging = Path(app.doctreedir).parent  # seeded from the last good build (pairing.book.site)
    # What every page depends on (the pins, this hook): when it changes, nothing cached is trusted.
    stamp, digest = staging / "inputs.sha256", _digest([paths.ROOT / "requirements.txt", Path(__file__)])
    if not (stamp.exists() and stamp.read_text() == digest):
        _forget_executions(app)
        shutil.rmtree(staging / "usage", ignore_errors=True)
    _write_tables(staging / "tables.json")
    codebook.publish(paths.TABLES)  # the curated tables and the raw-file registry, as committed
    # What each chapter used while it ran: a chapter whose inputs changed runs again, and only it.
    app.env_stale_chapters = _forget_stale_chapters(app, staging / "usage")
    stamp.write_text(digest)
    _execute_in_parallel(app)


#: The two parts of the edition that change without the pages changing, as every page marks them (the
#: footer, ``edition.html``, and the citations, :func:`_fill_places`) so that :func:`_stamp_edition`
#: can put this build's into the pages Sphinx did not write again.
EDITION_FIELDS = ("commit", "built")
#: The files :func:`_identify` writes beside the pages, each naming this build.
EDITION_FILES = ("CITATION.cff", "build.json", source.NAME)
EDITION_MARK = re.compile(r'(<span data-edition="(%s)">)[^<]*(</span>)' % "|".join(EDITION_FIELDS))


def _identify(app, config) -> None:
    """Which book this build is (:mod:`pairing.book.identity`): in every page's footer (``edition.html``),
    in the citations (:func:`_fill_places`), and at the site's root as ``CITATION.cff`` and
    ``build.json``, which ``python -m pairing archive`` reads. The header links the repository when
    ``_config.yml`` names one.

    The page context holds the edition without its commit and day (:data:`EDITION_FIELDS`): a new
    version or title rewrites every page, while a new commit or day is only stamped on the pages
    after they are written (:func:`_stamp_edition`), so that an edit rewrites only the pages it changed."""
    app.pairing_identity = edition = identity.current()
    lasting = {key: value for key, value in edition.as_dict().items() if key not in EDITION_FIELDS}
    config.html_context = {**config.html_context, "pairing_edition": lasting}
    if edition.repository:
        config.html_theme_options = {**config.html_theme_options, "repository_url": edition.repository,
                                     "use_repository_button": True}
    (paths.EXPORTS / "CITATION.cff").write_text(identity.citation_file(edition), encoding="utf-8")
    (paths.EXPORTS / "build.json").write_text(json.dumps(edition.as_dict(), indent=2) + "\n", encoding="utf-8")
    # The files the book is built from, so that a reader who has only the site can build it again.
    if not source.write_source_zip(paths.ROOT, paths.EXPORTS / source.NAME, edition.built):
        (paths.EXPORTS / source.NAME).unlink(missing_ok=True)
        logger.info(f"no {source.NAME}: the project is neither a git checkout nor an unzipped {source.NAME}")


#: Seconds each notebook's kernel took when last measured, as ``scripts/benchmark.py --write-readme``
#: records them. Only the order of execution depends on them (:func:`longest_first`).
EXECUTION_SECONDS = paths.ROOT / "notebooks" / "execution_seconds.json"


def longest_first(docnames: list[str], seconds: dict[str, float]) -> list[str]:
    """``docnames`` in the order to start them on a few cores: the longest first, so that the cores
    finish together rather than one running the longest chapter alone at the end (in book order the
    divisions chapter, among the longest, started last: 10 s of a clean build's 80 s of kernels). A
    notebook not yet measured counts as the longest: starting a short one early costs little."""
    return sorted(docnames, key=lambda docname: -seconds.get(docname, math.inf))


def _execute_in_parallel(app) -> None:
    """Execute every cached page that has no cached execution, as many at once as there are cores
    and the longest first (:func:`longest_first`), before Sphinx reads the pages one by one; myst-nb
    then takes their outputs from the cache. A page that fails here is not cached, so Sphinx runs
    it again and reports the error in place."""
    # jupyter-cache's executors take seconds to import; a build with nothing to execute does not need them.
    from jupyter_cache.executors.basic import JupyterExecutorLocalMproc

    seconds = json.loads(EXECUTION_SECONDS.read_text(encoding="utf-8")) if EXECUTION_SECONDS.exists() else {}

    class LongestFirst(JupyterExecutorLocalMproc):
        def get_records(self, *args, **kwargs):
            records = {_docname(record.uri): record for record in super().get_records(*args, **kwargs)}
            return [records[docname] for docname in longest_first(list(records), seconds)]

    cache = _cache(app)
    # A chapter renamed or removed since the last build leaves a record the cache cannot read.
    for record in cache.list_project_records():
        if not Path(record.uri).exists():
            cache.remove_nb_from_project(record.pk)
    for docname in catalogue.notebooks():
        cache.add_nb_to_project(str(paths.ROOT / f"{docname}.md"), read_data={"name": "myst_nb_md", "type": "plugin"})
    waiting = cache.list_unexecuted()
    if not waiting:
        return
    logger.info(f"executing {len(waiting)} notebooks, {os.cpu_count()} at a time")
    quiet = logging.getLogger("pairing.execute")
    quiet.setLevel(logging.WARNING)  # the executor also sets multiprocessing's log level from it
    executor = LongestFirst(cache, logger=quiet)
    executor.run_and_cache(filter_pks=[record.pk for record in waiting], timeout=app.config.nb_execution_timeout)


def _docname(uri: str) -> str:
    """The docname of the notebook a cache record names by its path."""
    return Path(uri).resolve().relative_to(paths.ROOT.resolve()).with_suffix("").as_posix()


def _digest(inputs: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(inputs):
        digest.update(path.resolve().relative_to(paths.ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _write_tables(record: Path) -> None:
    """Write the tidy tables when what they were built from changed; they come first, since the
    chapters read them. ``record`` lists their inputs with their sha256 (:func:`pairing.data.usage.digests`):
    the data layer and the base modules it imports (the layers above it cannot change them), and the
    files the last build of the tables read (curated tables, the raw-file registry, which pins each
    raw file's sha256), so that editing a curated table the panel does not read leaves them be."""
    tables = [paths.TABLES / "cases_daily.csv", paths.TABLES / "case_flags.csv"]
    inputs = json.loads(record.read_text()) if record.exists() else None
    if inputs is not None and not usage.changed(inputs) and all(table.exists() for table in tables):
        return
    with usage.reads() as read:
        panel.build_tables().write(paths.TABLES)
    data_layer = Path(panel.__file__).parent
    record.write_text(json.dumps(usage.digests([*data_layer.glob("*.py"), *data_layer.parent.glob("*.py"), *read]),
                                 indent=1))


def _cache(app):
    from jupyter_cache import get_cache

    return get_cache(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")


def _forget_executions(app) -> None:
    """When the pins or this hook change, drop the execution cache and the saved environment, so
    that every chapter runs again."""
    shutil.rmtree(app.doctreedir, ignore_errors=True)
    shutil.rmtree(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache", ignore_errors=True)


def _forget_stale_chapters(app, records: Path) -> set[str]:
    """Drop the cached execution of every chapter whose recorded inputs (:mod:`pairing.data.usage`)
    changed, or that has a cached execution but no record (it ran in a build that failed later,
    whose records went with it: what it read is unknown), say which, and return their docnames so
    that they are read again."""
    stale = usage.stale(records)
    cache = _cache(app)
    cached = {Path(record.uri).resolve(): record.pk for record in cache.list_cache_records()}
    # An execution cached for a project in another folder (moved, or its _build copied) cannot be told
    # stale, since its chapter is not found at its path; and the cache matches a notebook by its code, not
    # its path, so it would be reused silently. Drop it: its chapter runs again if its inputs changed.
    root = paths.ROOT.resolve()
    for uri in [uri for uri in cached if not uri.is_relative_to(root)]:
        cache.remove_cache(cached.pop(uri))
        logger.info(f"dropped the cached execution of {uri}: it was made in another folder")
    unrecorded = {f"{docname}.md" for docname in catalogue.notebooks()} - usage.recorded(records)
    stale.update({chapter: [] for chapter in unrecorded if (paths.ROOT / chapter).resolve() in cached})
    for chapter, inputs in stale.items():
        if (paths.ROOT / chapter).resolve() in cached:
            cache.remove_cache(cached[(paths.ROOT / chapter).resolve()])
        shown = ", ".join(inputs[:3]) + (f" and {len(inputs) - 3} more" if len(inputs) > 3 else "")
        logger.info(f"{chapter} runs again: " + (f"{shown} changed" if inputs else "no record of what it read"))
    return {str(Path(chapter).with_suffix("")) for chapter in stale}


def _outdated(app, env, added, changed, removed) -> list[str]:
    """Read again the chapters whose inputs changed; and when any chapter is read again, the pages
    that gather what the chapters publish (:mod:`pairing.book.gather`: the figures page also shows
    the chapters' captions)."""
    stale = set(getattr(app, "env_stale_chapters", set())) & set(env.found_docs)
    gatherers = {docname for docname in catalogue.pages()
                 if gather.MARK in (paths.ROOT / f"{docname}.md").read_text(encoding="utf-8")}
    chapters = set(catalogue.chapters())
    return sorted(stale | (gatherers if (added | changed | stale) & chapters else set()))


class _QuietCopies(logging.Filter):
    """Sphinx notes each copied file whose content changed ("will overwrite data"): every rebuild
    that changes a figure prints dozens; they hide the warnings that matter."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "will overwrite data" not in str(record.msg)


def _without_thebe(app) -> None:
    """The book offers no live code: a kernel would need the network. sphinx-thebe, which
    jupyter-book always loads, would still write its configuration into every page (twice: the
    browser then reports a redeclared constant); its handlers are let go."""
    for event in ("env-before-read-docs", "doctree-resolved"):
        for listener in list(app.events.listeners.get(event, [])):
            if getattr(listener.handler, "__module__", "") == "sphinx_thebe":
                app.disconnect(listener.id)


#: What the theme and its extensions write into every page that an accessibility checker (axe-core)
#: rightly refuses, and the fix: a summary named by its visible text ("Show code cell source"),
#: and bibliography entries as plain list items (the DPub role is deprecated and leaves the
#: list without items).
_ACCESSIBLE_BODY = [('<summary aria-label="Toggle hidden content">', "<summary>"),
                    ('role="doc-biblioentry"', 'role="listitem"')]


def _accessible(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        for written, fixed in _ACCESSIBLE_BODY:
            context["body"] = context["body"].replace(written, fixed)


def _exports(app) -> list[catalogue.Export]:
    """The chapters' figures and tables (:func:`pairing.report.catalogue.exports`), read once per build."""
    if not hasattr(app, "pairing_exports"):
        app.pairing_exports = catalogue.exports()
    return app.pairing_exports


#: The widest screen that gets a figure's phone rendering, where it has one (as the tables' cards,
#: ``assets/book.css``).
PHONE_SCREEN_PX = 600


def _full_size_figures(app, pagename, templatename, context, doctree) -> None:
    """A click on a published figure opens it full size: its 300 dpi PNG, ``figures/<name>.png``. A
    figure with a phone rendering (:func:`pairing.figures.plots.save_figure`) shows it on a narrow
    screen instead, ``figures/phone/<name>.png``, at the density its record gives."""
    if "body" not in context or not pagename.startswith("notebooks/"):
        return
    names = {export.label: export.name for export in _exports(app)
             if export.kind == "figure" and export.label and export.docname == pagename}
    recorded = usage.outputs(usage.published(), f"{pagename}.md") or []
    phones = {entry["name"]: entry["phone_density"] for entry in recorded if "phone_density" in entry}

    def linked(match) -> str:
        name = names.get(match.group(2))
        if name is None:
            return match.group(0)
        here = posixpath.dirname(pagename)
        image = match.group(3)
        if name in phones:
            phone = posixpath.relpath(f"figures/phone/{name}.png", here)
            # The page's image says its own density: without it, Chromium keeps the phone source's
            # density when a window widens past the phone width, and shows the figure at half size.
            image = re.sub(r'\bsrc="([^"]+)"', r'src="\1" srcset="\1 1x"', image, count=1)
            image = (f'<picture><source media="(max-width: {PHONE_SCREEN_PX}px)" srcset="{phone} {phones[name]}x">'
                     f'{image}</picture>')
        href = posixpath.relpath(f"figures/{name}.png", here)
        return f'{match.group(1)}<a class="full-size" href="{href}" title="open the figure full size">{image}</a>'

    context["body"] = re.sub(r'(<figure[^>]*\bid="([^"]+)"[^>]*>\s*)(<img [^>]*/>)', linked, context["body"])


#: What a page leaves for the build to fill in when it is written, once Sphinx has numbered the
#: chapters, sections, figures and tables and the build knows its identity: an export's number
#: (``<span data-pairing-number="letter-fig3"></span>``: "Figure 4.1"), a chapter's number
#: (``data-pairing-chapter="notebooks/04_turning_point"``: "Chapter 4") and a citation
#: (``<div data-pairing-citation="letter-fig3"></div>``, or ``"book"`` for the whole book), and an
#: export's caption in plain words, its references to figures by their numbers (``data-pairing-caption``),
#: or only its title, the caption's first sentence (``data-pairing-title``).
SLOT = re.compile(r'<(span|div) data-pairing-(number|chapter|caption|title|citation)="([^"]+)"></\1>')


def _chapter_number(env, docname: str) -> str:
    number = env.toc_secnumbers.get(docname, {}).get("")
    if not number:
        raise ExtensionError(f"{docname} has no chapter number: is it in a numbered part of _toc.yml?")
    return ".".join(map(str, number))


def _plain_title(text: str) -> str:
    return re.sub(r"[`*]", "", text).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').strip()


def _place(env, export: catalogue.Export) -> citing.Place:
    """Where Sphinx put ``export``: its own number, else (a table without one) its section's."""
    chapter = _chapter_number(env, export.docname)
    kind = "figure" if export.kind == "figure" else "table"
    number = env.toc_fignumbers.get(export.docname, {}).get(kind, {}).get(export.label or f"tbl-{export.name}")
    if number:
        return citing.Place(f"{kind.capitalize()} {'.'.join(map(str, number))}", chapter)
    if export.kind == "figure":
        raise ExtensionError(f"figure {export.name} of {export.docname} has no number: give its cell a mystnb figure name")
    sections = {_plain_title(ref.astext()): ref["anchorname"] for ref in env.tocs[export.docname].findall(nodes.reference)}
    anchor = sections.get(_plain_title(export.section))
    if anchor is None:
        raise ExtensionError(f"table {export.name}: no section titled {export.section!r} in {export.docname}")
    return citing.Place(f"Table in section {'.'.join(map(str, env.toc_secnumbers[export.docname][anchor]))}", chapter)


def _fill_places(app, pagename, templatename, context, doctree) -> None:
    """Fill the slots a page left (:data:`SLOT`); a slot that names nothing the book has stops the build."""
    if "body" not in context or "data-pairing-" not in context["body"]:
        return
    exports = {export.name: export for export in _exports(app)}
    numbers = {name: _place(app.env, export).number for name, export in exports.items() if export.kind == "figure"}

    edition = _placeholders(app.pairing_identity)  # the citations' commit and day, marked once escaped

    def citation_html(plain: str, bibtex: str) -> str:
        return (f'<p class="citation-text">{_marked(html.escape(plain), app.pairing_identity)}</p>\n'
                f'<pre class="citation-bibtex">{_marked(html.escape(bibtex), app.pairing_identity)}</pre>')

    def fill(match) -> str:
        tag, kind, key = match.groups()
        if kind == "chapter":
            text = f"Chapter {_chapter_number(app.env, key)}"
        elif kind == "citation" and key == "book":
            return f"<{tag}>{citation_html(*citing.book_citation(edition))}</{tag}>"
        elif key not in exports:
            raise ExtensionError(f"{pagename}: the page asks for the {kind} of {key!r}, which no chapter publishes")
        elif kind == "number":
            text = _place(app.env, exports[key]).number
        elif kind == "caption":
            numbered = exports[key].numbered(numbers)
            text = numbered.plain_caption or numbered.title
        elif kind == "title":
            text = exports[key].numbered(numbers).title
        else:
            plain, bibtex = citing.citation(exports[key].numbered(numbers), _place(app.env, exports[key]), edition)
            return f"<{tag}>{citation_html(plain, bibtex)}</{tag}>"
        return f"<{tag}>{html.escape(text)}</{tag}>"

    context["body"] = SLOT.sub(fill, context["body"])


def _placeholders(edition: identity.Identity) -> identity.Identity:
    """``edition`` with its commit and day (:data:`EDITION_FIELDS`) as placeholders for :func:`_marked`."""
    return dataclasses.replace(edition, **{field: f"\0{field}\0" for field in EDITION_FIELDS})


def _marked(text: str, edition: identity.Identity) -> str:
    """``text`` (HTML) with :func:`_placeholders`' placeholders replaced by ``edition``'s commit and day,
    marked as :func:`stamp_edition` finds them (:data:`EDITION_MARK`)."""
    for field in EDITION_FIELDS:
        text = text.replace(f"\0{field}\0", f'<span data-edition="{field}">{html.escape(getattr(edition, field))}</span>')
    return text


def _edition_in_page(app, pagename, templatename, context, doctree) -> None:
    """The whole edition for the page's footer (``edition.html``), marked as :func:`_stamp_edition` finds it."""
    if "pairing_edition" in context:
        context["pairing_edition"] = {**context["pairing_edition"],
                                      **{field: _marked(f"\0{field}\0", app.pairing_identity) for field in EDITION_FIELDS}}


def stamp_edition(page: str, edition: identity.Identity) -> str:
    """``page`` (HTML) naming ``edition``'s commit and day wherever it marks them (:data:`EDITION_MARK`)."""
    return EDITION_MARK.sub(lambda match: match.group(1) + html.escape(getattr(edition, match.group(2))) + match.group(3),
                            page)


def _stamp_edition(app, exception) -> None:
    """Every page of a build that succeeded names this build's commit and day, including the pages
    Sphinx kept from the last build (:func:`_identify`); and the files that name it beside the pages
    are this build's. Sphinx copies those only when it writes a page: after a commit alone, with no
    page to write, the site named the new commit in its pages and the old one in its CITATION.cff."""
    if exception is not None:
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        stamped = stamp_edition(text, app.pairing_identity)
        if stamped != text:
            page.write_text(stamped, encoding="utf-8")
    for name in EDITION_FILES:
        written, published = paths.EXPORTS / name, Path(app.outdir) / name
        if written.exists():
            shutil.copyfile(written, published)
        else:
            published.unlink(missing_ok=True)


def _download_links(app, pagename, templatename, context, doctree) -> None:
    """Under each chapter's title, the chapter as a reader can take it away (:func:`_publish_notebooks`)."""
    if "body" not in context or pagename not in catalogue.chapters():
        return
    name = posixpath.basename(pagename)
    links = (f'<p class="chapter-downloads">Run this chapter yourself: '
             f'<a href="{name}.ipynb" download>the notebook (.ipynb, with this build\'s outputs)</a> or '
             f'<a href="{name}.md" download>its MyST source (.md)</a>; '
             f'<a href="{posixpath.relpath("book/rerun.html", posixpath.dirname(pagename))}">how</a>.</p>')
    context["body"] = context["body"].replace("</h1>", "</h1>\n" + links, 1)


def _publish_notebooks(app, exception) -> None:
    """Each chapter beside its page: the notebook with the outputs this build shows (from the
    execution cache) and its MyST source, replacing what an earlier build left."""
    import jupytext
    import nbformat

    if exception is not None:
        return
    outdir, cache = Path(app.outdir), _cache(app)
    for old in [*outdir.glob("notebooks/*.ipynb"), *outdir.glob("notebooks/*.md")]:
        old.unlink()
    for docname in catalogue.chapters():
        markdown = paths.ROOT / f"{docname}.md"
        shutil.copyfile(markdown, outdir / f"{docname}.md")
        _, notebook = cache.merge_match_into_notebook(jupytext.read(markdown))
        nbformat.write(notebook, outdir / f"{docname}.ipynb")


def _drop_removed_pages(app, exception) -> None:
    """The build starts from a copy of the last good one: a page whose chapter was renamed or
    removed since would stay in the site, looking current. Only the pages of this build remain."""
    if exception is not None:
        return
    outdir = Path(app.outdir)
    keep = set(app.env.found_docs) | {"genindex", "search", "index"}
    for page in outdir.glob("**/*.html"):
        relative = page.relative_to(outdir)
        if not relative.parts[0].startswith("_") and relative.with_suffix("").as_posix() not in keep:
            page.unlink()
            logger.info(f"{relative} removed: no such page in this build")


def _status_in_words() -> None:
    """myst-nb's table of the chapters' executions (``{nb-exec-table}``, on the reproducibility page)
    marks each chapter's status with an emoji, a box on a machine without an emoji font: a word instead."""
    from myst_nb.ext import execution_tables

    execution_tables._key2transform["succeeded"] = lambda succeeded: "ran" if succeeded is True else "failed"


def _write_in_parallel(app, env) -> list:
    """Once every page is read (serially: the ledger pages read what the chapters write), the pages
    are written by as many processes as there are cores, beside the one that hands them the pages:
    writing the chapters' large pages one after another took a tenth of a clean build. Set here rather
    than as the build's ``-j``, which would first try a parallel read and warn (an error under -W)."""
    app.parallel = (os.cpu_count() or 1) + 1
    return []


def setup(app):
    _status_in_words()
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(_QuietCopies())
    app.connect("builder-inited", _without_thebe)
    app.connect("html-page-context", _accessible)
    app.connect("html-page-context", _full_size_figures)
    app.connect("html-page-context", _fill_places)
    app.connect("html-page-context", _edition_in_page)
    app.connect("build-finished", _drop_removed_pages)
    app.connect("build-finished", _stamp_edition)
    app.connect("build-finished", _publish_notebooks)
    app.connect("html-page-context", _download_links)
    # Lower priorities run first: the folder exists before Sphinx checks html_extra_path.
    app.connect("config-inited", _prepare, priority=100)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _write_in_parallel)
    # The ledger pages read what the chapters write: no parallel reading.
    return {"parallel_read_safe": False, "parallel_write_safe": True}
