"""Inline suppression: `<!-- pep-lsp-disable ... -->` comments and what they hide.

Four forms, each taking a list of rule codes separated by commas or spaces; with no code a
directive covers every rule:

- `<!-- pep-lsp-disable CODE, CODE -->` ... `<!-- pep-lsp-enable [CODE] -->`: the lines between
  (to the end of the file when no enable follows). `enable` without codes ends every open disable.
- `<!-- pep-lsp-disable-next-line CODE -->`: the block that starts on the next line: a paragraph,
  a list, a table or a fenced block, whole (a comment inside any of them would split it when
  rendered, so that is where the "Suppress" quick fix puts it).
- `<!-- pep-lsp-disable-file CODE -->`: the whole file, wherever the comment is.

The comments are found per block while the model is built (`scan_directives`), so a keystroke
never rescans the whole text. A directive that hides nothing is reported as D101; a comment that
looks like a directive but is not one (`pep-lsp-disabel`, `pep-lsp-disable-line`), or a code that
is not a rule's, as D102.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pep_lsp.findings import Edit, Finding, Fix, FixKind
from pep_lsp.kinds import DirectiveKind
from pep_lsp.model.directives import ALL, UNKNOWN, Directive
from pep_lsp.rules.directives import UNUSED_CODE
from pep_lsp.text import Pos, Span

if TYPE_CHECKING:
    from pep_lsp.model.model import Model


def directive_comment(code: str) -> str:
    return f"<!-- pep-lsp-disable-next-line {code} -->"


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_FENCE = re.compile(r"[ \t]*(?:```|~~~)")


def scope_title(model: Model, code: str, line: int) -> str:
    """The "Suppress" fix's title, naming exactly what its comment covers: the finding's line
    when that is all, else the block (header, code block, table, list, paragraph, HTML) and
    its 1-based lines, since every CODE finding there is hidden with it."""
    first, last = model.suppression_scope(line)
    if first == last:
        return f"Suppress {code} on this line"
    header = model.header
    text = model.lines[first]
    if header is not None and header.fence.start == first:
        what = "the header block"
    elif _FENCE.match(text):
        what = "this code block"
    elif any(start == first for start, _ in model.tables):
        what = "this table"
    elif _LIST_ITEM.match(text):
        what = "this list"
    elif text.lstrip().startswith(("<", "#")):
        what = "this block"  # HTML or a heading, and the text after it up to a blank line
    else:
        what = "this paragraph"
    return f"Suppress {code} in {what} (lines {first + 1}-{last + 1})"


def suppress_fix(model: Model, finding: Finding) -> Fix:
    """ "Suppress CODE on this line" (or "in this list (lines 4-7)"): a disable-next-line comment
    above the finding's line (or above the block, fence or table holding it), indented like
    that line; the title names every line it covers."""
    if finding.document_level:
        # Reported at the top whatever is there: a comment above it would become the top and
        # be reported on in turn. A file-wide directive is what hides it.
        at = Pos(0, 0)
        edit = Edit(Span(at, at), f"<!-- pep-lsp-disable-file {finding.code} -->{model.eol}")
        return Fix(
            f"Suppress {finding.code} in this file",
            (edit,),
            safe=False,
            preferred=False,
            last_resort=True,
            kind=FixKind.SUPPRESS_FILE,
        )
    line = model.suppression_anchor(finding.span.start.line)
    text = model.lines[line]
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    at = Pos(line, 0)
    edit = Edit(Span(at, at), f"{indent}{directive_comment(finding.code)}{model.eol}")
    title = scope_title(model, finding.code, finding.span.start.line)
    return Fix(
        title, (edit,), safe=False, preferred=False, last_resort=True, kind=FixKind.SUPPRESS_LINE
    )


@dataclass
class _Use:
    """A directive and the codes it named that hid a finding (the rest are reported unused)."""

    directive: Directive
    used: set[str] = field(default_factory=set)


@dataclass
class Outcome:
    """The findings that remain, and per directive the codes it named that hid nothing."""

    kept: list[Finding]
    unused: list[tuple[Directive, tuple[str, ...]]]


def apply_suppressions(model: Model, findings: Iterable[Finding]) -> Outcome:
    """Drop suppressed findings; note which directive codes were used."""
    findings = list(findings)
    directives = model.suppressions
    if not directives:
        return Outcome(findings, [])
    uses = [_Use(d) for d in directives]
    # Regions of disable ... enable: (use, code, first line, last line); enables that closed nothing.
    regions: list[tuple[_Use, str, int, int]] = []
    open_: dict[str, tuple[_Use, int]] = {}
    idle_enables: list[Directive] = []
    last_line = len(model.lines) - 1
    for use in uses:
        directive = use.directive
        if directive.kind is DirectiveKind.DISABLE:
            for code in directive.codes or (ALL,):
                if code in open_:
                    earlier, start = open_.pop(code)
                    regions.append((earlier, code, start, directive.span.start.line))
                open_[code] = (use, directive.span.end.line)
        elif directive.kind is DirectiveKind.ENABLE:
            closing = [c for c in open_ if not directive.codes or c in directive.codes]
            if not closing:
                idle_enables.append(directive)
            for code in closing:
                earlier, start = open_.pop(code)
                regions.append((earlier, code, start, directive.span.start.line))
    for code, (use, start) in open_.items():
        regions.append((use, code, start, last_line + 1))
    file_uses = [u for u in uses if u.directive.kind is DirectiveKind.DISABLE_FILE]
    next_line = [
        (u, model.suppression_anchor(u.directive.span.end.line + 1))
        for u in uses
        if u.directive.kind is DirectiveKind.DISABLE_NEXT_LINE
        and u.directive.span.end.line + 1 <= last_line
    ]

    def covers(use: _Use, code: str) -> str | None:
        codes = use.directive.codes
        if not codes:
            return ALL
        return code if code in codes else None

    kept = []
    for finding in findings:
        line = finding.span.start.line
        anchor = model.suppression_anchor(line)
        hidden = False
        for use in file_uses:
            if (which := covers(use, finding.code)) is not None:
                use.used.add(which)
                hidden = True
        for use, target in next_line:
            if target in (line, anchor) and (which := covers(use, finding.code)) is not None:
                use.used.add(which)
                hidden = True
        for use, code, start, end in regions:
            if code in (ALL, finding.code) and start < line < end:
                use.used.add(code)
                hidden = True
        if not hidden:
            kept.append(finding)

    unused: list[tuple[Directive, tuple[str, ...]]] = []
    for use in uses:
        directive = use.directive
        if directive.kind == UNKNOWN:
            continue  # hides nothing by design; D102 reports it
        if directive.kind is DirectiveKind.ENABLE:
            if directive in idle_enables:
                unused.append((directive, directive.codes))
            continue
        named = directive.codes or (ALL,)
        idle = tuple(code for code in named if code not in use.used and code != UNUSED_CODE)
        if idle:
            unused.append((directive, idle))
    return Outcome(kept, unused)
