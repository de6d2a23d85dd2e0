"""The pages that gather what the chapters published, written without a kernel.

Two markup elements, for the introduction's box, the findings chapter, the claims ledger and the
figures page (:mod:`pairing.report.gathered` makes what they show):

- the directive ``{gathered} <block>`` puts in a block: MyST, parsed in place (its references,
  badges and citations work as anywhere), or HTML;
- the role ``{gathered}`<value>``` puts in a value the page's sentences quote.

Both run in the build's own process, once every chapter has run (the Sphinx hook executes the
chapters before any page is read, :mod:`pairing.book.sphinx_ext`), and a page using them is read
again whenever a chapter is. A value or block that cannot be made (a chapter's table missing or
malformed, a guarded sentence no longer true) is an error at the place that asks for it, which
fails the build.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from pairing.errors import DataError
from pairing.report import gathered
from pairing.report.prose import ProseError

logger = logging.getLogger(__name__)
MARK = "{gathered}"  # how a page's source shows that it gathers
FAILURES = (DataError, ProseError, KeyError)


class Gathered(SphinxDirective):
    """``{gathered} <block>``: a block of :data:`pairing.report.gathered.BLOCKS`."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        try:
            made = gathered.block(self.arguments[0])
        except FAILURES as error:
            logger.error(f"{self.arguments[0]}: {error}", location=self.get_location())
            return []
        if made.html:
            return [nodes.raw("", made.text, format="html")]
        holder = nodes.Element()
        self.state.nested_parse(StringList(made.text.splitlines(), source=self.env.docname), self.content_offset, holder)
        return holder.children


class GatheredValue(SphinxRole):
    """``{gathered}`<value>```: a value of :func:`pairing.report.gathered.values`, made once a build."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        app = self.env.app
        try:
            if not hasattr(app, "pairing_gathered"):
                app.pairing_gathered = gathered.values()
            return [nodes.Text(app.pairing_gathered[self.text])], []
        except FAILURES as error:
            logger.error(f"{self.text}: {error}", location=self.get_location())
            return [nodes.Text(self.text)], []


def setup(app):
    app.add_directive("gathered", Gathered)
    app.add_role("gathered", GatheredValue())
    return {"parallel_read_safe": False, "parallel_write_safe": True}
