"""The reproducibility page's facts: pins read from requirements.txt, and the environment honours them."""

from __future__ import annotations

import pytest

from pairing.book import provenance


def test_pins_are_read_exactly_and_names_normalised(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# comment\n-e .\nSphinx==7.4.7\njupyter_book==1.0.4.post1  # why\nloose>=1\n")
    assert provenance.pins(requirements) == {"sphinx": "7.4.7", "jupyter-book": "1.0.4.post1"}


def test_every_key_package_is_pinned_and_installed_as_pinned():
    table = provenance.versions()
    assert list(table["package"]) == list(provenance.KEY_PACKAGES)
    assert table["as pinned"].all(), table[~table["as pinned"]].to_string()


def test_a_missing_package_is_reported_not_hidden():
    row = provenance.versions(["no-such-package-here"]).iloc[0]
    assert (row["pinned"], row["installed"], row["as pinned"]) == ("not pinned", "not installed", False)


def test_a_commit_is_written_one_way_the_footers():
    """A fresh reader's finding: the data pages wrote a commit in 40, 12 and 8 characters. One form,
    defined once: the footer's 7 characters, linked to the full commit where it is another repository's."""
    from pairing.book import identity

    full = "0dfcac4500742edb28a1da41c42bf3f2d95996a0"
    assert provenance.short_commit(full) == "0dfcac4"
    url = "https://github.com/canghailan/Wuhan-2019-nCoV/tree/" + full
    assert provenance.commit_markdown("canghailan/Wuhan-2019-nCoV", full) == f"[0dfcac4]({url})"
    assert provenance.commit_html("canghailan/Wuhan-2019-nCoV", full) == f'<a href="{url}">0dfcac4</a>'
    for bad in ["0dfcac45", full.upper(), full + "0"]:  # a prefix, capitals, too long: not a full commit
        with pytest.raises(ValueError):
            provenance.short_commit(bad)
    head = identity.commit()
    if head != "unknown":  # in a git checkout, the footer's commit has the same length
        assert len(head.split()[0]) == provenance.SHORT_COMMIT


@pytest.mark.parametrize("page", ["book/data.html", "book/reproducibility.html"])
def test_the_data_pages_write_every_commit_one_way(page):
    """On the built pages: each commit of a raw source is its 7 characters linked to the full commit, and
    no other length of hexadecimal is shown but the 64 of a file's sha256."""
    import re

    from conftest import needs
    from pairing.paths import ROOT

    path = ROOT / "_build" / "html" / page
    needs(path.exists(), "the built book (_build/html)")  # fails when make test needs the site
    if not path.exists():
        pytest.skip("the built book (_build/html) is missing")
    html = path.read_text(encoding="utf-8")
    links = re.findall(r'<a [^>]*href="https://github\.com/[\w.-]+/[\w.-]+/tree/([0-9a-f]{40})"[^>]*>([^<]*)</a>', html)
    assert len({full for full, _ in links}) == 2, links  # the two raw sources
    assert all(text == provenance.short_commit(full) for full, text in links), links
    body = re.sub(r"<(head|script|style)\b.*?</\1>", " ", html, flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", body)
    hashes = {len(word) for word in re.findall(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,}\b", visible)}
    assert hashes <= {provenance.SHORT_COMMIT, 64}, hashes
