"""Rules on pep-lsp's own suppression comments."""

from __future__ import annotations

from collections.abc import Iterator

from pep_lsp.edits import delete_lines
from pep_lsp.rules.base import REGISTRY, Finding, Fix, RuleContext, Severity, rule
from pep_lsp.suppression import ALL, UNUSED_CODE


@rule(UNUSED_CODE, "unused-suppression", Severity.HINT, "A `pep-lsp-disable` comment hides no finding.", after_suppression=True)
def unused_suppression(ctx: RuleContext) -> Iterator[Finding]:
    """What it checks: every `<!-- pep-lsp-disable... -->` comment hides at least one finding
    for each code it names, every code it names is a rule code, and every
    `<!-- pep-lsp-enable -->` ends an open `pep-lsp-disable`. A code whose rule is turned off
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
        if directive.kind == "enable":
            message = "Unused suppression: no pep-lsp-disable is open here for pep-lsp-enable to end"
        else:
            parts = []
            for code in idle:
                if code == ALL:
                    parts.append("it hides no finding")
                elif code not in REGISTRY:
                    parts.append(f"'{code}' is not a rule code")
                else:
                    parts.append(f"no {code} finding to hide")
            message = "Unused suppression: " + "; ".join(parts)
        fixes = ()
        whole = directive.kind == "enable" or set(idle) >= set(directive.codes or (ALL,))
        start, end = directive.span
        alone = not model.lines[start.line][: start.col].strip() and not model.lines[end.line][end.col :].strip()
        if whole and alone:
            fixes = (Fix("Remove the unused suppression comment", (delete_lines(model.lines, start.line, end.line),)),)
        yield Finding(UNUSED_CODE, message, directive.span, Severity.HINT, fixes)
