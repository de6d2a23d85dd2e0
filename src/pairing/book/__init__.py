"""The book layer: the build, checked first and published only when it succeeds
(:mod:`~pairing.book.site`), the Sphinx hook (:mod:`~pairing.book.sphinx_ext`), the pages that
gather what the chapters published, without a kernel (:mod:`~pairing.book.gather`), the codebook
(:mod:`~pairing.book.codebook`), which book this is (:mod:`~pairing.book.identity`), how figures are
cited (:mod:`~pairing.book.citing`), the bibliography style (:mod:`~pairing.book.bibstyle`), the
packages behind a build (:mod:`~pairing.book.provenance`) and the deposit (:mod:`~pairing.book.archive`)."""
