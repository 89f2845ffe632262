"""Rules that look across files: numbers, references and links between proposals.

They read the workspace index (`pep_lsp.workspace.index`) through `RuleContext.workspace` and report
nothing when there is none (a lone `check` of text). Only high-confidence cases: nothing inside
code, no network, only relative links, and a fragment is judged only against a Markdown file
the index has read.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from pep_lsp.findings import Related
from pep_lsp.kinds import Reads
from pep_lsp.rules.crossref import (
    link_definitions,
    local_links,
    own_proposal,
    referred_to,
    workspace_of,
)
from pep_lsp.rules.registry import RuleContext, Severity, rule
from pep_lsp.text import Span
from pep_lsp.workspace.index import CrossFile, Proposal, normal_path
from pep_lsp.workspace.paths import shown_path


@rule(
    "X101",
    "duplicate-number",
    Severity.ERROR,
    "Two proposals in the workspace have the same number.",
    reads=Reads.ENTRY,
)
def duplicate_number(ctx: RuleContext) -> None:
    """What it checks: no other proposal in the workspace (the editor's folders, or the paths
    given to `pep-lsp check`) has this document's number. Each of the two names the other.

    Why: the number is how a proposal is cited; two proposals under one number make every
    citation of it ambiguous.

    Example:
        PEP: 12        (in pep-0012-caching.md, while pep-0012-logging.md also says PEP: 12)

    Fix: give one of them the next free number.
    """
    found = workspace_of(ctx)
    if found is None:
        return
    workspace, own = found
    if own.number is None or own.number_span is None:
        return
    here = normal_path(workspace.path)
    others = [p for p in workspace.index.proposals(own.number) if normal_path(p.path) != here]
    if not others:
        return
    naming = workspace.index.naming
    names = ", ".join(
        shown_path(p.path, workspace.path) + (f" ({p.title})" if p.title else "") for p in others
    )
    related = tuple(
        Related(p.path, p.number_span, p.number_line, f"{naming.mention(own.number)} is also here")
        for p in others
        if p.number_span is not None
    )
    ctx.report(
        own.number_span,
        f"{naming.mention(own.number)} is also the number of {names}",
        subject=naming.number_field or "",
        related=related,
    )


@rule(
    "X102",
    "unknown-proposal",
    Severity.INFORMATION,
    "A mention of, or a link to, a proposal number no proposal in the workspace has.",
)
def unknown_proposal(ctx: RuleContext) -> None:
    """What it checks: every mention of a proposal in prose (`PEP 12`, `PEP-0012`: the
    template's number field name and a number) and every link to a proposal file
    (`pep-0012.md`) names a number some proposal in the workspace has. Mentions inside code
    are not read. A workspace holding no other numbered proposal is not judged.

    Why: a reference to a proposal that does not exist is a typo or a proposal that was
    renumbered; the reader cannot follow it. Information by default: a text may name a
    proposal of another repository (`rules = { X102 = "warning" }` makes it fail a build).

    Example:
        As PEP 13 describes ...        (no proposal in the workspace has PEP: 13)

    Fix: correct the number, or add the proposal it refers to.
    """
    _report_judged(ctx, "X102", _unknown_proposals)


def _report_judged(
    ctx: RuleContext,
    code: str,
    judge: Callable[[RuleContext, CrossFile, Proposal], list[tuple[Span, str]]],
) -> None:
    """Report what `judge` finds, or what it found for this entry before: a keystroke in
    prose changes neither the entry nor the file system's answers (`CrossFile.judged`)."""
    found = workspace_of(ctx)
    if found is None:
        return
    workspace, own = found
    for span, message in workspace.judged(
        code, own, ctx.schema, lambda: judge(ctx, workspace, own)
    ):
        ctx.report(span, message)


def _unknown_proposals(
    ctx: RuleContext, workspace: CrossFile, own: Proposal
) -> list[tuple[Span, str]]:
    index, naming = workspace.index, workspace.index.naming
    here = normal_path(workspace.path)
    if not any(
        normal_path(p.path) != here for numbered in index.by_number.values() for p in numbered
    ):
        return []

    def known(number: int) -> bool:
        return number == own.number or bool(index.proposals(number))

    found = [
        (mention.span, f"No proposal in the workspace is {naming.mention(mention.number)}")
        for mention in own.mentions
        if not known(mention.number)
    ]
    for link in local_links(ctx, own):
        number = naming.file_number(os.path.basename(link.path.rstrip("/")))
        if number is None or known(number) or workspace.exists(workspace.resolve(link)):
            continue
        found.append(
            (
                link.dest_span,
                f"Link to {link.path}: no proposal in the workspace is {naming.mention(number)}",
            )
        )
    return found


@rule(
    "X103",
    "missing-link-target",
    Severity.INFORMATION,
    "A relative link points to a file that does not exist.",
)
def missing_link_target(ctx: RuleContext) -> None:
    """What it checks: every relative link (`[text](other.md)`, `![figure](img/a.png)`, a
    reference definition `[label]: other.md`) points to a file or folder that exists, relative
    to the document's folder. Links with a scheme (`https:`, `mailto:`), site-absolute paths
    (`/docs`), the template's example links and links inside code are not judged; nothing
    is fetched.

    Why: the template's checklist asks to "verify all links and references work"; a moved
    or misspelt file breaks the link for every reader. Information by default: a text
    copied from elsewhere keeps links that resolved there (`rules = { X103 = "warning" }`
    makes them fail a build).

    Example:
        See [the design](design/overview.md).     (design/overview.md does not exist)

    Fix: correct the path, or add the file.
    """
    _report_judged(ctx, "X103", _missing_targets)


def _missing_targets(
    ctx: RuleContext, workspace: CrossFile, own: Proposal
) -> list[tuple[Span, str]]:
    naming = workspace.index.naming
    found = []
    for link in local_links(ctx, own):
        if not link.path:
            continue
        number = naming.file_number(os.path.basename(link.path.rstrip("/")))
        if number is not None and number != own.number and not workspace.index.proposals(number):
            continue  # X102 says it better
        if not workspace.exists(workspace.resolve(link)):
            found.append((link.dest_span, f"Link target not found: {link.path}"))
    return found


@rule(
    "X104",
    "missing-anchor",
    Severity.INFORMATION,
    "A `#fragment` link matches no heading or anchor of its target.",
    reads=Reads.ENTRY,
)
def missing_anchor(ctx: RuleContext) -> None:
    """What it checks: a link's `#fragment` (to the same document, `[see](#rationale)`, or to
    another Markdown file of the workspace, `[see](other.md#rationale)`) matches one of the
    target's anchors: GitHub's heading slugs (lower case, punctuation but `-` and `_`
    removed, spaces to `-`, repeats `-1`, `-2`) or an explicit `<a id="...">` / `{#id}`.
    Compared without case. Only targets the index has read are judged.

    Why: a heading renamed after the link was written leaves the link pointing nowhere: the
    reader lands at the top of the file. Information by default, as X103.

    Example:
        See [the rationale](#rationale-and-alternatives).   (the heading is "## Rationale")

    Fix: link to the heading's current anchor (`#rationale`), or rename the heading back.
    """
    found = workspace_of(ctx)
    if found is None:
        return
    workspace, own = found
    for link in local_links(ctx, own):
        if not link.fragment:
            continue
        if link.path:
            target = workspace.index.get(workspace.resolve(link))
            if target is None:
                continue
            shown = link.path
        else:
            target, shown = own, "this document"
        if link.fragment.lower() not in target.anchors:
            ctx.report(link.dest_span, f"No heading or anchor '#{link.fragment}' in {shown}")


@rule(
    "X105",
    "number-file-name-mismatch",
    Severity.WARNING,
    "The number differs from the one the file name carries.",
    reads=Reads.ENTRY,
)
def number_file_name_mismatch(ctx: RuleContext) -> None:
    """What it checks: when the file is named after its number the way the template's number
    field names it (`pep-0042.md`, `pep-0042-title.md` for a `PEP:` field), the header's
    number is that number. Files named otherwise are not judged.

    Why: readers and tools find a proposal by its file name; `pep-0042.md` holding PEP 43
    sends every link to the wrong proposal.

    Example:
        PEP: 43        (in pep-0042.md)

    Fix: correct the number, or rename the file.
    """
    found = workspace_of(ctx)
    if found is None:
        return
    workspace, own = found
    naming = workspace.index.naming
    named = naming.file_number(os.path.basename(workspace.path))
    if named is None or own.number is None or own.number_span is None or named == own.number:
        return
    ctx.report(
        own.number_span,
        f"{naming.mention(own.number)} is in {os.path.basename(workspace.path)}: the file name says {naming.mention(named)}",
        subject=naming.number_field or "",
    )


@rule(
    "X106",
    "final-refers-to-draft",
    Severity.INFORMATION,
    "A proposal at a final stage refers to one still at the draft stage.",
    reads=Reads.ENTRY,
)
def final_refers_to_draft(ctx: RuleContext) -> None:
    """What it checks: a proposal whose status is at the final stage (such as Accepted or
    Final) that mentions or links another proposal whose status is still at the draft stage
    (Draft). Reported once per proposal referred to, at its first mention or link.

    Why: a final proposal that depends on an unfinished one may change under its readers'
    feet; the reference may deserve a note or a later look.

    Example:
        Status: Final
        ...
        This builds on PEP 12.     (PEP 12 is a Draft)

    Fix: nothing when the reference is only background; otherwise wait for, or say why
    it does not depend on, the draft.
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
        drafts = [p for p in index.proposals(number) if p.stage == "draft"]
        if drafts:
            seen.add(number)
            ctx.report(
                span,
                f"{naming.mention(number)} is still {drafts[0].status or 'a draft'}, and this proposal is {own.status}",
            )


@rule(
    "X107",
    "duplicate-link-definition",
    Severity.WARNING,
    "A link reference label is defined twice; only the first counts.",
)
def duplicate_link_definition(ctx: RuleContext) -> None:
    """What it checks: no two link reference definitions (`[label]: destination`, outside
    code) have the same label (compared as Markdown does: without case, spaces collapsed).

    Why: Markdown uses the first definition and silently ignores the others, so a link
    written against the second goes where the first points.

    Example:
        [spec]: https://example.org/v1
        [spec]: https://example.org/v2

    Fix: remove one, or give it its own label.
    """
    if not ctx.model.references:  # no definition outside code: no scan (most documents)
        return
    first: dict[str, int] = {}
    for link, match in link_definitions(ctx, own_proposal(ctx)):
        label = " ".join(match.group(1).split()).casefold()
        if label in first:
            ctx.report(
                Span.on_line(link.span.start.line, match.start(1) - 1, match.end(1) + 1),
                f"[{match.group(1)}] is already defined on line {first[label] + 1}; this definition is ignored",
            )
        else:
            first[label] = link.span.start.line
