"""Rules on the section tree: missing, out of order, duplicated and empty sections."""

from __future__ import annotations

import re

from pep_lsp.edits import insert_block, move_lines, with_eol
from pep_lsp.kinds import Reads
from pep_lsp.model.blocks import Fence
from pep_lsp.model.model import Model, Section
from pep_lsp.model.placement import (
    last_content_line,
    placement,
    required_sections,
    sections_by_spec,
)
from pep_lsp.rules.order import out_of_order
from pep_lsp.rules.registry import Edit, Fix, FixKind, RuleContext, Severities, Severity, rule
from pep_lsp.template import SectionSpec
from pep_lsp.text import Pos, Span

_HIDDEN_HEADING = re.compile(r"^ {0,3}(#{2,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
"""A `##`-or-deeper heading line as written inside a code fence (`# comment` lines are code)."""
_FENCE_MARKER = re.compile(r"^ *(`{3,}|~{3,})")


def unclosed_fences(model: Model) -> list[Fence]:
    """Fences never closed that run to the end of the document: all after them is code."""
    lines = model.lines
    return [
        fence
        for fence in model.fences
        if not fence.closed
        and all(not lines[line].strip() for line in range(fence.end + 1, len(lines)))
    ]


def hidden_headings(fence: Fence) -> list[tuple[int, int, str]]:
    """(line, level, title) of the heading lines an unclosed fence turned into code."""
    found = []
    for offset, text in enumerate(fence.content.split("\n")):
        match = _HIDDEN_HEADING.match(text)
        if match and match.group(2):
            found.append((fence.start + 1 + offset, len(match.group(1)), match.group(2)))
    return found


# What S101 emits with the bundled vocabulary's [priority] table (a template or vocabulary
# with other levels changes it; tests/test_severities.py checks this one).
MISSING_SECTION = Severities(
    (Severity.WARNING, Severity.INFORMATION, Severity.HINT),
    (Severity.ERROR, Severity.WARNING, Severity.INFORMATION, Severity.HINT),
    (Severity.ERROR, Severity.WARNING, Severity.INFORMATION, Severity.HINT),
    "by the section's priority in the template",
)


def missing_severity(ctx: RuleContext, spec: SectionSpec) -> Severity:
    """From the template's priority list, one level softer in a Draft."""
    table = ctx.schema.priority_severity
    if spec.priority is not None:
        name = table.get(spec.priority)
        if name is None:
            levels = list(dict.fromkeys(s.priority for s in ctx.schema.sections if s.priority))
            rank = levels.index(spec.priority)
            name = ("error", "warning")[rank] if rank < 2 else "hint"
    else:
        name = table.get("unlisted" if spec.parent is None else "subsection", "information")
    return ctx.by_stage(Severity.parse(name))


def near_miss(model: Model, spec: SectionSpec) -> Section | None:
    """A heading that matches no template section where `spec` belongs, and that the
    template's titles say most likely means it (`Guilde-level explanation`, `Detail Design`)."""
    for section in model.sections:
        if section.spec is not None or section.level != spec.level:
            continue
        parent = section.parent.spec if section.parent is not None else None
        if parent is not spec.parent:
            continue
        if model.schema.suggest_section(section.title, spec.parent) is spec:
            return section
    return None


def insert_section_fix(
    model: Model, spec: SectionSpec, present: dict[SectionSpec, list[Section]]
) -> Fix | None:
    """None when the section would land inside a fence that is never closed: there it is code,
    not a section, and the finding would stay."""
    before, _, _ = placement(model, spec, present)
    edit = insert_block(model.lines, before, spec.skeleton, model.eol)
    at = edit.span.start
    fence = model.fence_at(at.line)
    if fence is not None and not fence.closed and (at.line > fence.start or at.col > 0):
        return None
    return Fix(f"Insert missing section '{spec.title}'", (edit,), kind=FixKind.INSERT_SECTION)


# With no header and no title a finding spans line 0, which may be prose: the incremental
# checker re-runs a structural rule when one of its findings reaches a changed line.
@rule(
    "S101",
    "missing-section",
    MISSING_SECTION,
    "A section of the template is missing; severity follows its priority.",
    reads=Reads.STRUCTURE,
)
def missing_section(ctx: RuleContext) -> None:
    """What it checks: every `##` and `###` section of the template is present. The template's
    "Section Priority" list sets the severity once the document is under review: a missing
    Essential section is an error, an Important one a warning, another top-level section
    information, a subsection or an appendix a hint. In a Draft each is one level softer.
    Subsections are checked only when their parent is present; sections whose template
    title holds a placeholder (`Alternative 1: [Name]`), the Author Instructions and sections
    the template calls optional (`(Optional)` after the heading, "This section is optional"
    in its instructions) are not required. A template without a priority list makes the
    sections its instructions call essential ("must contain", "will be rejected") errors;
    the configuration's `sections` table can say so too. A heading that matches no section
    but most likely means the missing one (`Guilde-level explanation`) is named: "did you
    mean", with a fix that renames it.

    Why: reviewers expect the template's structure; a missing section is a question left
    unanswered.

    Example:
        ## Abstract
        ...
        ## Rationale

    Fix: add the section where the template puts it; the quick fix inserts the template's
    skeleton for it (heading, subsections and instruction text) after the section before it
    (none is offered when that place is inside a fence that is never closed).
    """
    model = ctx.model
    present = sections_by_spec(model)
    hidden = [
        (level, title) for fence in model.fences for _, level, title in hidden_headings(fence)
    ]
    for spec in required_sections(ctx.schema):
        if spec in present or (spec.parent is not None and spec.parent not in present):
            continue
        if any(level == spec.level and spec.matches(title) for level, title in hidden):
            continue  # written, but inside a code fence: S105 reports that fence
        severity = missing_severity(ctx, spec)
        near = near_miss(model, spec)
        if near is not None:
            # `## Guilde-level explanation`: the section is there, its heading misspelt.
            rename = Fix(
                f"Rename the heading to '{spec.title}'",
                (Edit(near.heading.title_span, spec.title),),
                kind=FixKind.RENAME_HEADING,
            )
            ctx.report(
                near.heading.title_span,
                f"Missing section '{spec.title}': did you mean '{near.title}' "
                f"(line {near.heading.line + 1})?",
                fixes=(rename,),
                severity=severity,
                subject=spec.title,
            )
            continue
        _, span, where = placement(model, spec, present)
        if spec.parent is None:
            kind = f"{spec.priority} section" if spec.priority else "section"
            subject = f"'{spec.title}'"
        else:
            kind = f"{spec.priority} subsection" if spec.priority else "subsection"
            subject = f"'{spec.title}' of '{spec.parent.title}'"
        fix = insert_section_fix(model, spec, present)
        ctx.report(
            span,
            f"Missing {kind} {subject} ({where})",
            fixes=(fix,) if fix else (),
            severity=severity,
            subject=spec.title,
        )


@rule(
    "S102",
    "section-out-of-order",
    Severities.softer_in_draft(Severity.WARNING),
    "A section is not where the template puts it.",
    reads=Reads.STRUCTURE,
)
def section_out_of_order(ctx: RuleContext) -> None:
    """What it checks: the template's sections, and the subsections within each, appear in
    the template's order. Sections the template does not know may go anywhere.

    Why: readers of many PEPs find their way by the fixed order.

    Example:
        ## Specification
        ## Motivation

    Fix: move the section (with its subsections) to its template position; the quick fix
    moves it there, leaving a `---` rule after it in place.
    """
    model = ctx.model
    groups: dict[int, list[Section]] = {}
    for section in model.sections:
        if section.spec is None or section.spec.is_author_instructions:
            continue
        groups.setdefault(id(section.parent), []).append(section)
    for members in groups.values():
        firsts: list[Section] = []
        seen: set[int] = set()
        for section in members:
            assert section.spec is not None
            if id(section.spec) not in seen:
                seen.add(id(section.spec))
                firsts.append(section)
        keys = [s.spec.order for s in firsts if s.spec]
        for index in out_of_order(keys):
            section = firsts[index]
            assert section.spec is not None
            in_order = [
                s
                for i, s in enumerate(firsts)
                if i != index and s.spec and s.spec.order < section.spec.order
            ]
            after = (
                max(in_order, key=lambda s: s.spec.order if s.spec else -1) if in_order else None
            )
            if after is not None:
                where = f"the template puts it after '{after.title}'"
                target = after.end_line
            else:
                following = min(
                    (s for i, s in enumerate(firsts) if i != index),
                    key=lambda s: s.spec.order if s.spec else 0,
                )
                where = f"the template puts it before '{following.title}'"
                target = following.heading.line
            moved = move_lines(
                model.lines,
                section.heading.line,
                last_content_line(model, section),
                target,
                model.eol,
            )
            fixes = (
                (
                    Fix(
                        f"Move section '{section.title}' {where[len('the template puts it ') :]}",
                        moved,
                        kind=FixKind.MOVE_SECTION,
                    ),
                )
                if moved
                else ()
            )
            ctx.report(
                section.heading.title_span,
                f"Section '{section.title}' is out of order: {where}",
                fixes=fixes,
                subject=section.title,
            )


@rule(
    "S103",
    "duplicate-section",
    Severities.softer_in_draft(Severity.WARNING),
    "A template section appears twice at the same level.",
    reads=Reads.STRUCTURE,
)
def duplicate_section(ctx: RuleContext) -> None:
    """What it checks: each template section appears once under its parent.

    Why: two `## Motivation` sections split one argument in two; readers and the outline
    find only the first.

    Example:
        ## Motivation
        ...
        ## Motivation

    Fix: merge the two sections into one.
    """
    seen: dict[tuple[int, int], Section] = {}
    for section in ctx.model.sections:
        if section.spec is None:
            continue
        key = (id(section.parent), id(section.spec))
        if key in seen:
            first = seen[key]
            ctx.report(
                section.heading.title_span,
                f"Duplicate section '{section.title}' (first on line {first.heading.line + 1}): merge the two",
                subject=section.title,
            )
        else:
            seen[key] = section


@rule(
    "S104",
    "empty-section",
    Severities.softer_in_draft(Severity.WARNING),
    "A section heading has nothing under it.",
    reads=Reads.STRUCTURE,
)
def empty_section(ctx: RuleContext) -> None:
    """What it checks: every section heading is followed by some content or subsections.

    Why: an empty heading promises content that is not there.

    Example:
        ## Rationale

        ## Specification

    Fix: write the section, or delete the heading if the section does not apply.
    """
    for section in ctx.model.sections:
        if not ctx.model.has_content(section):
            ctx.report(
                section.heading.title_span,
                f"Section '{section.title}' is empty: write it or remove the heading",
                subject=section.title,
            )


@rule(
    "S105",
    "unclosed-fence",
    Severities.softer_in_draft(Severity.ERROR),
    "A code fence is never closed, so the sections after it are code.",
    reads=Reads.STRUCTURE,
)
def unclosed_fence(ctx: RuleContext) -> None:
    """What it checks: a ```` ``` ```` (or `~~~`) code fence that is never closed, so the rest
    of the document is code; or a fence that runs over the heading of a template section the
    document otherwise lacks, as when one stray fence pairs with the closing fence of a later
    code block. One finding, on the line of the opening fence, saying how many section
    headings it hides. An error; a warning in a Draft. The sections it hides are not also
    reported as missing (S101).

    Why: one stray fence makes the rest of the proposal render as a code block; without
    this rule the symptom shows up as missing sections far from the cause.

    Example:
        ```
        ## Implementation

    Fix: close the code block where the code ends, or delete the stray fence. For a fence
    never closed, the quick fix closes it on the line before the first heading it hides.
    """
    model = ctx.model
    present = sections_by_spec(model)
    missing = [spec for spec in required_sections(ctx.schema) if spec not in present]
    to_the_end = {fence.start for fence in unclosed_fences(model)}
    for fence in model.fences:
        headings = hidden_headings(fence)
        if fence.start not in to_the_end and not any(
            level == spec.level and spec.matches(title)
            for _, level, title in headings
            for spec in missing
        ):
            continue
        _report_unclosed_fence(ctx, fence, headings, fence.start in to_the_end)
        return  # the fences after the first usually pair wrongly because of it: one finding


def _report_unclosed_fence(
    ctx: RuleContext, fence: Fence, headings: list[tuple[int, int, str]], to_the_end: bool
) -> None:
    """S105 at the opening fence; for a fence never closed, a fix that closes it before the
    first heading it hides."""
    model = ctx.model
    lines = model.lines
    text = lines[fence.start]
    marker = _FENCE_MARKER.match(text)
    start = marker.start(1) if marker else 0
    close = marker.group(1) if marker else "```"
    span = Span.on_line(fence.start, start, len(text.rstrip()))
    if not headings:
        ctx.report(
            span,
            f"Code fence never closed: the rest of the document is code; close it with {close}",
        )
        return
    first_line, level, title = headings[0]
    heading = f"{'#' * level} {title}"
    hides = f"{len(headings)} section heading{'s' if len(headings) != 1 else ''}, from '{heading}' on line {first_line + 1}"
    if not to_the_end:
        message = f"Code fence runs to line {fence.end + 1} and hides {hides}: close it before them, or delete it if it is stray"
        ctx.report(span, message)
        return
    last = first_line - 1
    while last > fence.start and not lines[last].strip():
        last -= 1
    at = Pos(last, len(lines[last]))
    edit = Edit(Span(at, at), with_eol("\n" + " " * start + close, model.eol))
    fix = Fix(
        f"Close the code block before '{heading}'",
        (edit,),
        preferred=False,
        kind=FixKind.CLOSE_FENCE,
    )
    ctx.report(
        span, f"Code fence never closed: it hides {hides}; close it with {close}", fixes=(fix,)
    )
