"""What the rules reading links and other proposals share (`crossfile.py`, `consistency.py`).

The checked document as the workspace index reads it, the relative links a reader can follow,
the proposals it refers to and its link reference definitions. With no workspace (a lone
`check` of text) the cross-file rules say nothing; the rules that read only the document itself
scan it alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pep_lsp.rules.registry import RuleContext
from pep_lsp.text import Span
from pep_lsp.workspace.index import CrossFile, Link, Proposal, scan

_UNSURE_PATH = ("?", "{", "<", "\\")
DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:")
"""A link reference definition's `[label]:` at the start of its line."""


def workspace_of(ctx: RuleContext) -> tuple[CrossFile, Proposal] | None:
    """The workspace and the checked document's entry in it, or None for a lone check."""
    workspace = ctx.workspace
    if not isinstance(workspace, CrossFile):
        return None
    return workspace, workspace.own_model(ctx.model)


def own_proposal(ctx: RuleContext) -> Proposal:
    """The checked document's entry: the workspace's, or the document scanned on its own."""
    found = workspace_of(ctx)
    return found[1] if found is not None else scan(ctx.model.lines, ctx.schema, "")


def local_links(ctx: RuleContext, own: Proposal) -> Iterator[Link]:
    """Relative links a reader can follow in the repository (not the template's example links)."""
    examples = ctx.schema.example_hrefs
    for link in own.links:
        if (
            not link.is_local
            or link.dest in examples
            or link.path.startswith("/")
            or any(c in link.dest for c in _UNSURE_PATH)
        ):
            continue
        yield link


def referred_to(ctx: RuleContext, workspace: CrossFile, own: Proposal) -> list[tuple[Span, int]]:
    """Each mention of a proposal and each link to an indexed proposal's file, as (span,
    number), in document order."""
    index = workspace.index
    places = [(m.span, m.number) for m in own.mentions]
    for link in local_links(ctx, own):
        entry = index.get(workspace.resolve(link)) if link.path else None
        if entry is not None and entry.number is not None:
            places.append((link.dest_span, entry.number))
    return sorted(places, key=lambda item: item[0])


def link_definitions(ctx: RuleContext, own: Proposal) -> Iterator[tuple[Link, re.Match[str]]]:
    """Each link reference definition (`[label]: destination`, outside code) with the match of
    its `[label]:`."""
    lines = ctx.model.lines
    for link in own.links:
        if link.span != link.dest_span:  # inline links: the whole `[text](dest)`
            continue
        match = DEFINITION.match(lines[link.span.start.line])
        if match is not None:
            yield link, match
