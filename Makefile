# The two commands of the README:
#   make book   create the environment and build the whole book, data included, into _build/html
#   make test   every test: unit, data and bad-input tests, a clean strict build, built-site tests
# Offline machines: export PAIRING_DATA_MIRROR=/path/to/mirror (laid out like data/raw_files.csv names).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BOOK   := $(BIN)/jupyter-book

.PHONY: book test clean-book data

$(VENV)/installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

book: $(VENV)/installed
	$(BOOK) build . -W --keep-going

clean-book: $(VENV)/installed
	$(BOOK) clean --all .

test: $(VENV)/installed clean-book
	$(BOOK) build . -W --keep-going
	$(BIN)/python -m pytest

data: $(VENV)/installed
	$(BIN)/python -m pairing data --out _build/exports/data
