"""Rules on pep-lsp's own suppression comments."""

from __future__ import annotations

import re

from pep_lsp.edits import delete_lines
from pep_lsp.kinds import DirectiveKind
from pep_lsp.model.directives import ALL, KINDS, UNKNOWN, closest_directive
from pep_lsp.rules.registry import REGISTRY, Edit, Fix, FixKind, RuleContext, Severity, rule
from pep_lsp.text import Span

UNUSED_CODE = "D101"
"""The code of the rule that reports a directive hiding nothing (suppression never hides it)."""

UNKNOWN_CODE = "D102"


@rule(
    UNUSED_CODE,
    "unused-suppression",
    Severity.HINT,
    "A `pep-lsp-disable` comment hides no finding.",
    after_suppression=True,
)
def unused_suppression(ctx: RuleContext) -> None:
    """What it checks: every `<!-- pep-lsp-disable... -->` comment hides at least one finding
    for each rule code it names, and every `<!-- pep-lsp-enable -->` ends an open
    `pep-lsp-disable` (a code that is no rule's is D102's). A code whose rule is turned off
    by the configuration hides nothing, so it is reported too.

    Why: a suppression outlives the problem it was written for; left behind it would hide the
    next, real finding of that kind without anyone noticing.

    Example:
        <!-- pep-lsp-disable-next-line H205 -->
        Type: Standard

    Fix: delete the comment (or the codes in it that hide nothing). The quick fix removes a
    comment that hides nothing at all.
    """
    model = ctx.model
    for directive, idle in ctx.unused_suppressions:
        if directive.kind is DirectiveKind.ENABLE:
            message = (
                "Unused suppression: no pep-lsp-disable is open here for pep-lsp-enable to end"
            )
        else:
            # A code that is no rule's is D102's to report.
            parts = [
                "it hides no finding" if code == ALL else f"no {code} finding to hide"
                for code in idle
                if code == ALL or code in REGISTRY
            ]
            if not parts:
                continue
            message = "Unused suppression: " + "; ".join(parts)
        fixes: tuple[Fix, ...] = ()
        whole = directive.kind is DirectiveKind.ENABLE or set(idle) >= set(
            directive.codes or (ALL,)
        )
        start, end = directive.span
        alone = (
            not model.lines[start.line][: start.col].strip()
            and not model.lines[end.line][end.col :].strip()
        )
        if whole and alone:
            fixes = (
                Fix(
                    "Remove the unused suppression comment",
                    (delete_lines(model.lines, start.line, end.line),),
                    kind=FixKind.REMOVE_SUPPRESSION,
                ),
            )
        ctx.report(directive.span, message, fixes=fixes)


@rule(
    UNKNOWN_CODE,
    "unknown-directive",
    Severity.WARNING,
    "A `pep-lsp-` comment is not a directive, or names something that is not a rule code.",
)
def unknown_directive(ctx: RuleContext) -> None:
    """What it checks: every HTML comment that starts with `pep-lsp` is one of the four
    suppression directives (`pep-lsp-disable`, `pep-lsp-enable`, `pep-lsp-disable-next-line`,
    `pep-lsp-disable-file`, in lower case), and every code a directive names is a rule code.
    The finding names the closest valid directive, or the code meant (a rule's name written
    for its code, or a code one character off).

    Why: a misspelt directive or code hides nothing and says nothing: the author believes a
    finding is suppressed, and the next reader does not know what was meant.

    Example:
        <!-- pep-lsp-disabel L120 -->

    Fix: correct the spelling (`<!-- pep-lsp-disable L102 -->`); the quick fix replaces a
    misspelt directive with the one it names. `pep-lsp-disable-line` does not exist: put
    `<!-- pep-lsp-disable-next-line CODE -->` on the line before.
    """
    lines = ctx.model.lines
    for directive in ctx.model.suppressions:
        start = directive.span.start
        if directive.kind == UNKNOWN:
            closest = closest_directive(directive.written)
            fixes: tuple[Fix, ...] = ()
            if closest is None:
                hint = "; the directives are " + ", ".join(f"pep-lsp-{kind}" for kind in KINDS)
            elif directive.written.lower() == "pep-lsp-disable-line":
                hint = f"; put '<!-- {closest} ... -->' on the line before"
            else:
                hint = f"; did you mean '{closest}'?"
                text = lines[start.line]
                at = text.find(directive.written, start.col)
                # Not when something is glued on (`pep-lsp-disable:L102`): the codes would go too.
                if at >= 0 and re.fullmatch(r"pep-lsp[- ][-\w]*[^\w\s]*", directive.written, re.I):
                    name = Span.on_line(start.line, at, at + len(directive.written))
                    fixes = (
                        Fix(
                            f"Change to '{closest}'",
                            (Edit(name, closest),),
                            kind=FixKind.CHANGE_DIRECTIVE,
                        ),
                    )
            ctx.report(
                directive.span,
                f"Unknown directive '{directive.written}': it hides nothing{hint}",
                fixes=fixes,
            )
        for code in directive.codes:
            if code in REGISTRY:
                continue
            guess = closest_code(code)
            hint = f"; did you mean {guess}?" if guess else ""
            ctx.report(directive.span, f"'{code}' is not a rule code: it hides nothing{hint}")


def closest_code(written: str) -> str | None:
    """The rule a wrong code most likely meant: the code of a rule written by its name
    (`placeholder`), else the code with two characters swapped (`L120` for `L102`), else
    the closest spelling."""
    import difflib

    for code, registered in REGISTRY.items():
        if registered.name.upper() == written:
            return code
    swapped = [code for code in REGISTRY if sorted(code) == sorted(written)]
    if len(swapped) == 1:
        return swapped[0]
    close = difflib.get_close_matches(written, list(REGISTRY), n=1, cutoff=0.7)
    return close[0] if close else None
