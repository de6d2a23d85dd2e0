# The two commands of the README:
#   make book   create the environment and build the whole book, data included, into _build/html
#   make test   every test: unit, data and bad-input tests, a clean strict build, built-site tests,
#               browser tests (Debian's chromium, installed here if missing) and internal link checks
# Offline machines: export PAIRING_DATA_MIRROR=/path/to/mirror (laid out like data/raw_files.csv names).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Debian's chromium drives the browser tests; playwright uses it instead of downloading a browser.
CHROMIUM := /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: book test clean-book data check lab archive

$(VENV)/installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Builds aside and publishes _build/html only when the whole build succeeds (src/pairing/site.py).
book: $(VENV)/installed
	$(BIN)/python -m pairing book

clean-book:
	rm -rf _build

$(CHROMIUM):
	@if [ "$$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then \
	  echo "make test needs Debian's chromium for its browser tests, and installing it needs root:" >&2; \
	  echo "  as root, run: apt-get install -y chromium   (then run make test again)" >&2; exit 1; fi
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium \
	  || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium; }

# The browser first: without root or sudo it says what to install before anything else runs.
test: $(CHROMIUM) $(VENV)/installed clean-book
	$(BIN)/python -m pairing book
	PAIRING_REQUIRE_SITE=1 $(BIN)/python -m pytest -n auto
	# The pages only: the chapters' downloadable .md and .ipynb beside them are not pages.
	$(BIN)/python -m pytest -q --check-links --check-anchors --check-links-ignore "https?://.*" \
	  _build/html/index.html _build/html/book/*.html _build/html/notebooks/*.html

# Checks every raw file and curated table, writes nothing; the data and book commands run it first.
check: $(VENV)/installed
	$(BIN)/python -m pairing check

data: $(VENV)/installed
	$(BIN)/python -m pairing data --out _build/tables

# JupyterLab in the project: the chapters' .md files open as notebooks (jupytext), MyST rendered (jupyterlab-myst).
lab: $(VENV)/installed
	$(BIN)/jupyter lab --notebook-dir=.

# What an author deposits to get a DOI: the last good build, its CITATION.cff and SHA256SUMS, in
# dist/pairing-book-<version>.zip (src/pairing/archive.py). Refuses a build of uncommitted changes.
archive: book
	$(BIN)/python -m pairing archive
