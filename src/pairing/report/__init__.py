"""The report layer: every chapter's preamble (:mod:`~pairing.report.chapter`), the book's words held
to its numbers (:mod:`~pairing.report.prose`), tables as
readers see them (:mod:`~pairing.report.tables`), populations in words
(:mod:`~pairing.report.populations`), what the chapters publish (:mod:`~pairing.report.catalogue`),
the claims ledger (:mod:`~pairing.report.ledger`), what the gathering pages show
(:mod:`~pairing.report.gathered`), the five exhibits beside their originals
(:mod:`~pairing.report.exhibits`) and one section per division (:mod:`~pairing.report.divisions`)."""
