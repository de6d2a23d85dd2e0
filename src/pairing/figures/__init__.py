"""The figures layer: the book's style and the one way figures are exported
(:mod:`~pairing.figures.plots`), the pairing map (:mod:`~pairing.figures.pairmap`) and the
interactive day map (:mod:`~pairing.figures.interactive`)."""
