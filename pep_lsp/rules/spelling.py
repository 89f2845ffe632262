"""Rules on the spelling of prose."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from pep_lsp.rules.registry import Edit, Fix, FixKind, RuleContext, Severity, rule
from pep_lsp.text import Span

REPLACE = "Replace with '{}'"


def project_words(ctx: RuleContext) -> frozenset[str]:
    """The `spelling-words` option, folded: words the project spells so on purpose."""
    words = cast("Iterable[object]", ctx.options.get("spelling-words") or ())  # a list (config.py)
    return frozenset(str(word).casefold() for word in words)


def _alternatives(words: tuple[str, ...]) -> str:
    quoted = [f"'{word}'" for word in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


@rule(
    "P101",
    "misspelled-word",
    Severity.INFORMATION,
    "A word in the prose is a known misspelling (`recieve`, `seperate`).",
)
def misspelled_word(ctx: RuleContext) -> None:
    """What it checks: words in prose that are on a list of common misspellings (the typos
    project's list, MIT): `recieve`, `seperate`, `occured`, `teh`. Never "a word not in the
    dictionary": technical words, names and jargon are not on the list. Code spans, fences, the
    header, URLs, e-mail addresses, HTML, link targets and identifiers (camelCase, snake_case,
    ALL-CAPS, words with digits) are not read; a Capitalised word only where a sentence starts.
    Words in the `spelling-words` option are never flagged. Information at every Status:
    a slip of the pen shows in the editor but does not fail a build (`--fail-on information`
    or `rules = { P101 = "warning" }` makes it do so).

    Why: "Run spell check" is on the template's checklist; a known misspelling is always a slip.

    Example:
        We will recieve the data in a seperate message.

    Fix: the quick fix replaces the word with its correction (one per correction when the
    list has several); add a word spelled so on purpose to `spelling-words`.
    """
    allowed = project_words(ctx)
    for item in ctx.model.misspellings:
        if item.word.casefold() in allowed:
            continue
        span = Span.on_line(item.line, item.start, item.end)
        single = len(item.corrections) == 1
        fixes = tuple(
            Fix(
                REPLACE.format(word),
                (Edit(span, word),),
                safe=False,
                preferred=single,
                kind=FixKind.REPLACE_WORD,
            )
            for word in item.corrections
        )
        ctx.report(
            span,
            f"'{item.word}' is a common misspelling of {_alternatives(item.corrections)}",
            fixes=fixes,
            subject=item.word,
        )
