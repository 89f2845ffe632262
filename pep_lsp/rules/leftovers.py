"""Rules on template text left in the document: instructions, placeholders, examples."""

from __future__ import annotations

from collections.abc import Iterator

from pep_lsp.edits import delete_lines
from pep_lsp.kinds import LeftoverKind, Reads
from pep_lsp.model.blocks import Leftover
from pep_lsp.rules.header import must_be_filled
from pep_lsp.rules.registry import (
    Fix,
    FixKind,
    RuleContext,
    Severities,
    Severity,
    rule,
)

REMOVE_INSTRUCTIONS = "Remove this instruction text"
REMOVE_SECTION = "Remove the '{}' section"

# What the rules below emit: information in a Draft, a warning under review, an error once final.
LEFTOVERS = Severities((Severity.INFORMATION,), (Severity.WARNING,), (Severity.ERROR,))


def _leftovers(ctx: RuleContext, kind: LeftoverKind) -> Iterator[tuple[Leftover, str]]:
    """Leftovers of one kind outside the Author Instructions, with where they are."""
    header = ctx.model.header
    for item in ctx.model.leftovers:
        if item.kind != kind:
            continue
        line = item.span.start.line
        if ctx.in_author_instructions(line):
            continue
        if header is not None and header.fence.start <= line <= header.fence.end:
            where = "the header"
        else:
            name = ctx.section_name(line)
            where = f"'{name}'" if name else "the preamble"
        yield item, where


@rule(
    "L101",
    "instruction-text",
    LEFTOVERS,
    "The template's instruction text is still in the document.",
)
def instruction_text(ctx: RuleContext) -> None:
    """What it checks: the template's instructions left in the document, as the template
    writes them: italic lines (`*[Explain why this change is needed...]*`, `*Example: ...*`);
    in a template that writes them as HTML comments, a comment keeping one of their lines
    (`TODO: Remove this comment before submitting`); in one that writes them as plain prose,
    its lines of four words or more (a question the document answers right below it is the
    author's). One finding covers a run of such lines. Information in a Draft, a warning
    under review, an error once Accepted or Final.

    Why: instructions are for the author; readers should see the proposal.

    Example:
        ## Motivation

        *[Explain why this change is needed. Address:]*

    Fix: write the section's content and delete the instructions; the quick fix removes
    the lines of one run (a source action removes every run in the document).
    """
    lines = ctx.model.lines
    for item, where in _leftovers(ctx, LeftoverKind.INSTRUCTION):
        removal = delete_lines(lines, item.span.start.line, item.span.end.line)
        fix = Fix(
            REMOVE_INSTRUCTIONS, (removal,), preferred=False, kind=FixKind.REMOVE_INSTRUCTIONS
        )
        ctx.report(
            item.span,
            f"Template instructions left in {where}: replace them with your own text",
            fixes=(fix,),
        )


@rule(
    "L102",
    "placeholder",
    LEFTOVERS,
    "A placeholder of the template is still in the document.",
)
def placeholder(ctx: RuleContext) -> None:
    """What it checks: the template's own placeholders left in the text, outside code, links
    and task-list boxes: `[Date]`, `[...]`, `[X weeks/months]`, `### Alternative 1: [Name]`.
    A bracket is a placeholder when its text is one the template writes (case and spacing
    aside), the same with another number (`[Metric 7]` for `[Metric 1]`), or a date format
    where the template asks for one. Real prose keeps its other brackets: citations `[1]`,
    indexes `x[0]`, options `[--fix]`, tags `[WIP]`, alerts `[!NOTE]`, intervals `[300, 600]`,
    shortcut links, and `[...]` eliding a quotation. In the header, a value that is wholly
    bracketed is a placeholder too (those that must be filled in whatever the status are
    H106 instead). A template that marks its blanks otherwise is read the same way: its
    bracketed values (`<URL>`, `(fill me in ...)`) anywhere, a number it leaves blank
    (`#0000`, `SE-NNNN`) or a `TBD` value in the header, a keyword blank
    (`<<[UNRESOLVED ...]>>`), and the text its instructions call a section's placeholder
    (`TBD`, `Needs discussion.`) opening a paragraph. Severity as for L101.

    Why: a placeholder is a question the author has not answered yet; a finding on a
    finished document's own brackets would teach readers to ignore the rule.

    Example:
        - **Development Time**: [X weeks/months]

    Fix: replace it with the real value.
    """
    for item, where in _leftovers(ctx, LeftoverKind.PLACEHOLDER):
        if must_be_filled(ctx, item):
            continue  # H106 reports it, as an error
        ctx.report(
            item.span, f"Placeholder {item.text} left in {where}: replace it with real content"
        )


@rule(
    "L103",
    "example-link",
    LEFTOVERS,
    "A link to the template's example address (example.com, internal-link).",
)
def example_link(ctx: RuleContext) -> None:
    """What it checks: links whose target is one of the template's example targets or an
    example domain (example.com, .org, .net). Severity as for L101.

    Why: readers click references; an example link leads nowhere.

    Example:
        - [Link 1: Description](https://example.com)

    Fix: link to the real document, or remove the line.
    """
    for item, where in _leftovers(ctx, LeftoverKind.EXAMPLE_LINK):
        ctx.report(item.span, f"Example link {item.text} left in {where}: link to a real document")


@rule(
    "L104",
    "example-content",
    LEFTOVERS,
    "The template's example content (code, table rows, checklist items) is left verbatim.",
)
def example_content(ctx: RuleContext) -> None:
    """What it checks: the template's example code blocks, example table rows and example
    checklist items left word for word. Whole blocks, rows and items are matched, never a
    single short cell or a two-word item. Severity as for L101.

    Why: the template's caching example is not part of your proposal.

    Example:
        | `cache.enabled` | boolean | `true` | Enable/disable caching |

    Fix: replace the example with your own content.
    """
    for item, where in _leftovers(ctx, LeftoverKind.EXAMPLE_CONTENT):
        ctx.report(
            item.span,
            f"Example content from the template left in {where}: replace it with your own",
        )


@rule(
    "L105",
    "author-instructions-left",
    LEFTOVERS,
    "The template's Author Instructions section is still in the document.",
    reads=Reads.STRUCTURE,
)
def author_instructions_left(ctx: RuleContext) -> None:
    """What it checks: the section holding the template's "Section Priority" list (Author
    Instructions) is still in the document. One finding, at its heading. Severity as for L101.

    Why: the checklist is for the author before submitting, not part of the proposal.

    Example:
        ## Author Instructions

    Fix: work through the checklist, then delete the section (the quick fix deletes it,
    subsections included).
    """
    lines = ctx.model.lines
    for section in ctx.model.sections:
        if section.spec is not None and section.spec.is_author_instructions:
            last = section.end_line - 1
            while last > section.heading.line and not lines[last].strip():
                last -= 1
            fix = Fix(
                REMOVE_SECTION.format(section.title),
                (delete_lines(lines, section.heading.line, last),),
                preferred=False,
                kind=FixKind.REMOVE_AUTHOR_INSTRUCTIONS,
            )
            ctx.report(
                section.heading.title_span,
                f"The '{section.title}' section is still in the document: work through it, then delete it",
                fixes=(fix,),
                subject=section.title,
            )
