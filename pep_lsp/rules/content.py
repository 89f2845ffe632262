"""Rules on the content of sections."""

from __future__ import annotations

from pep_lsp.rules.registry import RuleContext, Severities, Severity, rule


def word_limit(ctx: RuleContext, limit: int | None) -> int | None:
    override = ctx.options.get("abstract-max-words")
    return int(override) if limit and isinstance(override, int) else limit


@rule(
    "C101",
    "section-too-long",
    Severities.softer_in_draft(Severity.WARNING),
    "A section is longer than the word limit its instructions give (Abstract: 300).",
)
def section_too_long(ctx: RuleContext) -> None:
    """What it checks: sections whose template instructions set a word limit ("a concise
    summary of 200-300 words") stay within it. Prose words are counted; code, headings and
    leftover instructions are not. The option `abstract-max-words` overrides the limit.

    Why: an abstract is read in seconds; past the limit it stops being one.

    Example:
        ## Abstract
        (a 450-word abstract)

    Fix: cut it down; move detail into Motivation or Specification.
    """
    for section in ctx.model.word_limited_sections:
        limit = word_limit(ctx, section.spec.word_limit if section.spec else None)
        if not limit:
            continue
        count = ctx.model.words_in(section)
        if count > limit:
            ctx.report(
                section.heading.title_span,
                f"{section.title} has {count} words; keep it to {limit} or fewer",
                subject=section.title,
            )
