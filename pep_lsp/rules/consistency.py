"""Status consistency between proposals, and link reference definitions nothing uses.

Which statuses mean rejected, withdrawn or superseded is data: the `kind` of a status value in
`pep_lsp/data/vocabulary.toml` (or the `statuses` / `extend-statuses` options), never a status
name typed here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache

from pep_lsp.kinds import Reads
from pep_lsp.rules.crossref import link_definitions, own_proposal, referred_to, workspace_of
from pep_lsp.rules.registry import RuleContext, Severity, rule
from pep_lsp.template import PLACEHOLDER, FieldSpec, Schema
from pep_lsp.text import Span
from pep_lsp.workspace.index import Proposal, naming_of

_ENDED = ("rejected", "withdrawn")
_NUMBER = re.compile(r"\d")


def _kind(schema: Schema, status: str | None) -> str:
    known = schema.status(status) if status else None
    return known.kind if known is not None else ""


@rule(
    "X108",
    "final-refers-to-rejected",
    Severity.INFORMATION,
    "A proposal at a final stage refers to one that was rejected or withdrawn.",
    reads=Reads.ENTRY,
)
def final_refers_to_rejected(ctx: RuleContext) -> None:
    """What it checks: a proposal whose status is at the final stage (such as Accepted or
    Final) that mentions or links another proposal whose status says it was rejected or
    withdrawn (the statuses whose `kind` is `rejected` or `withdrawn` in the vocabulary:
    Rejected, Withdrawn). Reported once per proposal referred to, at its first mention or link.

    Why: a final proposal that builds on a declined one may rest on something that will
    never exist; often the reference is only history, sometimes it is a leftover.

    Example:
        Status: Final
        ...
        This extends PEP 12.     (PEP 12 is Rejected)

    Fix: nothing when the reference is history ("unlike the rejected PEP 12"); otherwise
    refer to the proposal that was accepted instead.
    """
    found = workspace_of(ctx)
    if found is None:
        return
    workspace, own = found
    if own.stage != "final":
        return
    index, naming = workspace.index, workspace.index.naming
    seen: set[int] = set()
    for span, number in referred_to(ctx, workspace, own):
        if number == own.number or number in seen:
            continue
        ended = [p for p in index.proposals(number) if _kind(ctx.schema, p.status) in _ENDED]
        if ended:
            seen.add(number)
            ctx.report(
                span,
                f"{naming.mention(number)} is {ended[0].status}, and this proposal is {own.status}",
            )


def replaced_by_field(schema: Schema) -> FieldSpec | None:
    """The template's header field naming the replacing proposal: one whose name contains the
    name of a status of kind `superseded` (`Superseded-By` for `Superseded`), if any."""
    names = [s.name.casefold() for s in schema.statuses if s.kind == "superseded"]
    status = (schema.status_field or "").casefold()
    return next(
        (
            f
            for f in schema.fields
            if f.name.casefold() != status and any(n in f.name.casefold() for n in names)
        ),
        None,
    )


def _names_another(own: Proposal, schema: Schema) -> bool:
    """Does the document mention, or link the file of, a proposal other than itself?"""
    if any(m.number != own.number for m in own.mentions):
        return True
    naming = naming_of(schema)
    for link in own.links:
        if link.is_local and link.path:
            number = naming.file_number(os.path.basename(link.path.rstrip("/")))
            if number is not None and number != own.number:
                return True
    return False


@rule(
    "X109",
    "superseded-without-replacement",
    Severity.WARNING,
    "A Superseded proposal names no proposal replacing it.",
)
def superseded_without_replacement(ctx: RuleContext) -> None:
    """What it checks: a proposal whose status says it was superseded (a status of kind
    `superseded` in the vocabulary: Superseded) names the proposal that replaces it. When the
    template has a header field for that (a field whose name contains the status's name,
    such as `Superseded-By`), that field must hold a number; otherwise the document must
    mention (`PEP 12`) or link (`pep-0012.md`) at least one other proposal. Mentions inside
    code are not read.

    Why: a reader who finds a superseded proposal needs to know where to go instead; without
    a pointer the replacement can only be found by searching.

    Example:
        Status: Superseded
        ...                      (no other proposal is named anywhere)

    Fix: say which proposal replaces it ("Superseded by PEP 12"), or fill the template's field.
    """
    header, schema = ctx.model.header, ctx.schema
    if header is None or not schema.status_field:
        return
    line = header.get(schema.status_field)
    if line is None or _kind(schema, line.value) != "superseded":
        return
    status = line.value.strip()
    field = replaced_by_field(schema)
    if field is not None:
        given = header.get(field.name)
        value = given.value if given is not None else ""
        if not _NUMBER.search(value) or PLACEHOLDER.search(value):
            ctx.report(
                line.value_span, f"{status}, but {field.name} names no proposal replacing it"
            )
        return
    if not _names_another(own_proposal(ctx), schema):
        ctx.report(line.value_span, f"{status}, but the document names no proposal replacing it")


def _label(text: str) -> str:
    """A link label as Markdown compares them: without case, runs of spaces as one."""
    return " ".join(text.split()).casefold()


_BRACKETED = re.compile(r"\[([^\[\]]*)\]")


@lru_cache(maxsize=20_000)
def _bracketed(line: str) -> frozenset[str]:
    """The labels `[...]` on one line could use (cached by the line's text)."""
    return frozenset(_label(m.group(1)) for m in _BRACKETED.finditer(line))


def _section_bookmark(own: Proposal, line: int, fragment: str | None, lines: Sequence[str]) -> bool:
    """`[summary]: #summary` right under a heading (blank lines between), pointing into the
    document: a section's own link target, kept by convention (Rust RFCs write one under every
    section, also when the heading was renamed since), not a forgotten link."""
    if fragment is None:
        return False
    above = line - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    return any(h.span.start.line == above for h in own.headings)


@rule(
    "X110",
    "unused-link-definition",
    Severity.INFORMATION,
    "A link reference definition that no link uses.",
)
def unused_link_definition(ctx: RuleContext) -> None:
    """What it checks: every link reference definition (`[label]: destination`, outside code)
    is used by some link, `[text][label]`, `[label][]` or `[label]`, anywhere in the
    document (any `[label]` text counts, even in code, so only certain cases are reported).
    Not reported: definitions whose label the template itself defines (a template that writes
    `[summary]: #summary` under each section), a definition of a `#fragment` of the document
    right under a heading (`## Summary` then `[summary]: #summary`: a section's own link
    target, by convention), and footnotes (`[^1]: ...`).

    Why: an unused definition is a link the author meant to make and did not (the reference
    was renamed or dropped), or clutter left after an edit.

    Example:
        [spec]: https://example.org/spec     (no [spec] anywhere else)

    Fix: link to it where it was meant (`[the spec][spec]`), or remove the definition.
    """
    if not ctx.model.references:  # no definition outside code: nothing to read (most documents)
        return
    own = own_proposal(ctx)
    lines = ctx.model.lines
    definitions: list[tuple[int, re.Match[str], str | None]] = []
    for link, match in link_definitions(ctx, own):
        if not match.group(1).startswith("^"):
            definitions.append(
                (link.span.start.line, match, link.fragment if not link.path else None)
            )
    if not definitions:
        return
    defining = {line for line, _, _ in definitions}
    bracketed: set[str] = set()
    for number, text in enumerate(lines):
        if number not in defining and "[" in text:
            bracketed |= _bracketed(text)
    template_labels = ctx.schema.reference_labels
    rest: str | None = None
    for line, match, fragment in definitions:
        label = _label(match.group(1))
        if (
            label in template_labels
            or label in bracketed
            or _section_bookmark(own, line, fragment, lines)
        ):
            continue
        if " " in label:  # a label written across lines: `[the long\nlabel]`
            if rest is None:
                rest = _label(
                    " ".join(text for number, text in enumerate(lines) if number not in defining)
                )
            if re.search(r"\[ ?" + re.escape(label) + r" ?\]", rest):
                continue
        ctx.report(
            Span.on_line(line, match.start(1) - 1, match.end(1) + 1),
            f"[{match.group(1)}] is defined but no link uses it",
        )
