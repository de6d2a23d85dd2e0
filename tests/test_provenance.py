"""The reproducibility page's facts: pins read from requirements.txt, and the environment honours them."""

from __future__ import annotations

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
