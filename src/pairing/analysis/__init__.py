"""The analysis layer: pure computations, frames in and frames out, with no input or output.

Curves and their turning (:mod:`~pairing.analysis.dynamics`), the difference-in-differences
(:mod:`~pairing.analysis.did`) and the event study (:mod:`~pairing.analysis.eventstudy`), both with
the one standard of inference (:mod:`~pairing.analysis.inference`); who helped whom
(:mod:`~pairing.analysis.aid`); personnel and the letter's correlations
(:mod:`~pairing.analysis.personnel`); the article's network (:mod:`~pairing.analysis.network`); the
case panel summarised (:mod:`~pairing.analysis.casepanel`) and the surge the article describes
(:mod:`~pairing.analysis.surge`);
small shared computations (:mod:`~pairing.analysis.stats`); and the one verdict rule, evidence in and
a verdict of the ledger's scale out (:mod:`~pairing.analysis.claims`).
"""
