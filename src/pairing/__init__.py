"""Pairing assistance in Hubei: the code behind the reproducible research book.

Layers, from the bottom; a module imports only from its own layer or those below it (a test walks
the imports):

facts      the codes and dates every layer shares, defined once
errors     errors that stop the build, naming the file, the row and the rule
paths      where the project's files are
data       raw files by pinned URL and sha256, the rules of every table, the curated tables, the daily
           case panel, the checks run before a build, boundaries, and the ``load_*`` functions
analysis   pure computations (curves, the difference-in-differences and the event study with one
           standard of inference, aid, personnel, the article's network) and the one verdict rule
figures    the book's style, ``save_figure``, the pairing map, the Figure 1 diagram, the day map
report     each chapter's preamble, the book's words held to its numbers, tables, the ledger, the
           exhibits, what the gathering pages show, the divisions' sections
book       the build, the Sphinx hook, the gathering pages' directive, the codebook, identity and
           citations, the deposit
"""
