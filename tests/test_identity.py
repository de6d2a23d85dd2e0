"""Which book this is: version, commit, date and addresses, read once and said the same everywhere."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
import subprocess

import yaml

from pairing.book import identity
from pairing.paths import ROOT


def _project(tmp_path, config: str = "title: x\n"):
    shutil.copy(ROOT / "CITATION.cff", tmp_path / "CITATION.cff")
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    return tmp_path


def test_the_commit_is_the_short_hash_and_says_when_the_files_differ(tmp_path):
    project = _project(tmp_path)
    assert identity.commit(project) == "unknown"  # not a git checkout
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "first"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    assert identity.commit(project) == head[:7]
    (project / "_config.yml").write_text("title: changed\n", encoding="utf-8")
    assert identity.commit(project) == f"{head[:7]} with uncommitted changes"


def test_addresses_are_set_once_in_the_config_and_empty_means_a_local_build(tmp_path):
    unset = identity.current(_project(tmp_path), built=datetime.date(2026, 12, 3))
    assert (unset.url, unset.repository) == ("", "")
    assert unset.address("figures/a.svg") == "local build: figures/a.svg" and unset.address() == "local build"
    assert unset.built == "2026-12-03" and unset.edition.endswith("built 2026-12-03")
    config = "html:\n  baseurl: https://example.org/book/\nrepository:\n  url: https://example.org/repo\n"
    set_ = identity.current(_project(tmp_path, config))
    assert set_.address("figures/a.svg") == "https://example.org/book/figures/a.svg"
    cff = yaml.safe_load(identity.citation_file(set_, tmp_path))
    assert cff["url"] == "https://example.org/book/" and cff["repository-code"] == "https://example.org/repo"
    assert cff["commit"] == set_.commit and cff["version"] == set_.version


def test_the_book_names_its_authors_as_the_project_names_itself_and_its_licences():
    book = identity.current()
    meta = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert book.authors == " and ".join(a["name"] for a in meta["authors"]) == "The Pairing Assistance in Hubei authors"
    assert identity.FIGURE_LICENCE in meta["license"]
    assert book.url == "" or book.url.startswith("https://")  # an address, never a placeholder


def test_the_header_links_the_repository_exactly_when_the_config_names_one(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from pairing import paths
    from pairing.book import sphinx_ext

    monkeypatch.setattr(paths, "EXPORTS", tmp_path)
    for url, button in [("", False), ("https://example.org/repo", True)]:
        edition = identity.Identity("T", "A", "1.0.0", "2026-01-01", "abc1234", "2026-12-03", "MIT", "", url)
        monkeypatch.setattr(identity, "current", lambda: edition)
        config = SimpleNamespace(html_context={}, html_theme_options={"shorten_urls": False})
        app = SimpleNamespace()
        sphinx_ext._identify(app, config)
        assert config.html_theme_options.get("use_repository_button", False) == button
        assert config.html_theme_options.get("repository_url", "") == url
        # The commit and day are not in the context Sphinx compares between builds: they are stamped.
        assert config.html_context["pairing_edition"]["version"] == "1.0.0"
        assert not {"commit", "built"} & set(config.html_context["pairing_edition"])
        assert yaml.safe_load((tmp_path / "CITATION.cff").read_text())["commit"] == "abc1234"


def test_a_page_kept_from_the_last_build_is_stamped_with_this_build_s_commit_and_day():
    """Pages Sphinx does not write again keep the last build's footer and citations: the build
    stamps the commit and day wherever a page marks them, and nowhere else."""
    from pairing.book import citing, sphinx_ext

    old = identity.Identity("T", "A", "1.0.0", "2026-01-01", "abc1234", "2026-12-03", "MIT")
    new = dataclasses.replace(old, commit="def5678 with uncommitted changes", built="2026-12-07")
    plain, bibtex = citing.book_citation(sphinx_ext._placeholders(old))
    page = (f"<p>Built from abc1234 on 2026-12-03, as the text says.</p>"
            f"<p>{sphinx_ext._marked(plain, old)}</p><pre>{sphinx_ext._marked(bibtex, old)}</pre>"
            f'<p class="pairing-edition">commit {sphinx_ext._marked(chr(0) + "commit" + chr(0), old)}</p>')
    assert page.count('data-edition="commit">abc1234<') == 3 and page.count(">2026-12-03<") == 2
    stamped = sphinx_ext.stamp_edition(page, new)
    assert stamped.startswith("<p>Built from abc1234 on 2026-12-03, as the text says.</p>")  # unmarked: kept
    assert "abc1234" not in stamped.split("</p>", 1)[1] and "2026-12-03" not in stamped.split("</p>", 1)[1]
    assert stamped.count(">def5678 with uncommitted changes<") == 3 and stamped.count(">2026-12-07<") == 2
    assert sphinx_ext.stamp_edition(stamped, new) == stamped


def test_a_build_with_no_page_to_write_still_publishes_this_build_s_citation_files(tmp_path, monkeypatch):
    """After a commit alone Sphinx writes no page and copies no extra file: the pages were stamped with
    the new commit while CITATION.cff and build.json beside them named the old one (a fresh reader's finding)."""
    from types import SimpleNamespace

    from pairing import paths
    from pairing.book import sphinx_ext

    exports, site = tmp_path / "exports", tmp_path / "html"
    exports.mkdir(), site.mkdir()
    (exports / "CITATION.cff").write_text("commit: def5678\n")
    (exports / "build.json").write_text('{"commit": "def5678"}')
    for name, old in [("CITATION.cff", "commit: abc1234\n"), ("build.json", '{"commit": "abc1234"}'), ("source.zip", "old")]:
        (site / name).write_text(old)
    (site / "page.html").write_text("<p>no edition marked</p>")
    monkeypatch.setattr(paths, "EXPORTS", exports)
    edition = identity.Identity("T", "A", "1.0.0", "2026-01-01", "def5678", "2026-12-07", "MIT")
    sphinx_ext._stamp_edition(SimpleNamespace(outdir=str(site), pairing_identity=edition), None)
    assert (site / "CITATION.cff").read_text() == "commit: def5678\n" and "def5678" in (site / "build.json").read_text()
    assert not (site / "source.zip").exists()  # this build wrote none: the last build's is not left to look current
