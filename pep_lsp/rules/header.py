"""Rules on the header block's shape: present, complete, known fields, once each, in order."""

from __future__ import annotations

import re

from pep_lsp.edits import insert_block
from pep_lsp.kinds import LeftoverKind, Reads
from pep_lsp.model.blocks import Leftover
from pep_lsp.model.header import HeaderBlock, HeaderLine
from pep_lsp.rules.order import out_of_order
from pep_lsp.rules.registry import Edit, Fix, FixKind, RuleContext, Severity, rule
from pep_lsp.schema import header_forms
from pep_lsp.template import FieldSpec, draft_placeholder_fields
from pep_lsp.text import Pos, Span


def header_skeleton(ctx: RuleContext) -> str:
    return ctx.schema.header_skeleton()


# Without a title the finding spans line 0, which may be prose: the incremental checker
# re-runs a structural rule when one of its findings reaches a changed line.
@rule(
    "H100",
    "missing-header-block",
    Severity.ERROR,
    "The document has no header block of `Field: value` lines.",
    reads=Reads.STRUCTURE,
)
def missing_header_block(ctx: RuleContext) -> None:
    """What it checks: a PEP (its title reads `# PEP 12: ...`, its file is named
    `pep-0012.md`, or a configured `include` pattern names it) has the template's header in
    the template's form: a fenced block before its first section (the bundled template), YAML
    front matter opening the file, or a leading `- Field: value` list, as the template
    writes it. A template without a header has no such rule. YAML front matter or a ```` ```yaml ```` block of
    the template's fields in its place is named as what it is.

    Why: the header carries the number, title, authors, status and dates that reviewers
    and tools read first.

    Example:
        # PEP 9001: Faster caching
        ## Abstract
        ...

    Fix: add the template's header block (a fenced block of `Field: value` lines) right
    after the title; the quick fix inserts it. Front matter or a `yaml` block is converted
    in place instead, keeping its values.
    """
    model = ctx.model
    if model.header is not None or not model.is_pep or not ctx.schema.has_header:
        return
    lookalike = model.header_lookalike
    if lookalike is not None:
        _header_in_another_form(ctx, lookalike)
        return
    title = model.title_heading
    line = title.line if title else 0
    span = Span.on_line(line, 0, len(model.lines[line]))
    after = 0
    if title is not None:
        # A setext title ("Title" over "=====") ends on its underline.
        underline = line + 1 < len(model.lines) and re.fullmatch(
            r" {0,3}=+[ \t]*", model.lines[line + 1]
        )
        after = line + (2 if underline else 1)
    where = "after the title"
    if ctx.schema.header_form == header_forms.FRONT_MATTER:
        after, where = 0, "at the start of the file"  # front matter opens the file
    fix = Fix(
        "Insert the template's header block",
        (insert_block(model.lines, after, header_skeleton(ctx), model.eol),),
        kind=FixKind.INSERT_HEADER,
    )
    names = ", ".join(f.name for f in ctx.schema.fields[:4])
    ctx.report(
        span,
        f"Missing header block: add {ctx.schema.header_form_text} ({names}, ...) {where}",
        fixes=(fix,),
        document_level=True,
    )


def _header_in_another_form(ctx: RuleContext, found: HeaderBlock) -> None:
    """H100 for `Field: value` lines written as YAML front matter or in a fence with an info
    string: say so, and convert them in place to the template's header form."""
    model = ctx.model
    fence = found.fence
    front = model.front_matter is not None and fence.start == model.front_matter.start
    what = "YAML front matter" if front else f"'{fence.info.split()[0]}' code block"
    found_what = what if front else f"a {what}"
    body = []
    for line in found.lines:
        if line.name is None:
            body.append(line.value)
            continue
        spec = ctx.schema.field(line.name)
        body.append(f"{spec.name if spec else line.name}: {_yaml_scalar(line.value)}".rstrip())
    converted = model.eol.join([ctx.schema.header_fence, *body, ctx.schema.header_fence])
    span = Span(Pos(fence.start, 0), Pos(fence.end, len(model.lines[fence.end])))
    fix = Fix(
        f"Convert the {what} to the template's header block",
        (Edit(span, converted),),
        kind=FixKind.CONVERT_HEADER,
    )
    message = (
        f"Missing header block: found {found_what} (lines {fence.start + 1}-{fence.end + 1}) where the template's "
        f"fenced block of 'Field: value' lines belongs; write it in that form"
    )
    ctx.report(
        Span.on_line(fence.start, 0, len(model.lines[fence.start])),
        message,
        fixes=(fix,),
        document_level=True,
    )


def _yaml_scalar(value: str) -> str:
    """A YAML value as header text: outer quotes and a trailing `# comment` dropped."""
    value = re.sub(r"\s+#.*$", "", value) if not value.startswith(("'", '"')) else value
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip()


def must_be_filled(ctx: RuleContext, placeholder: Leftover) -> FieldSpec | None:
    """The field whose header value still holds this template placeholder, when H106 reports
    it: every field in every status, except, while the document is a Draft, one the template
    lets stay blank in a draft ("leave blank for draft") or one `data/vocabulary.toml` lets
    keep its placeholder (`[draft] keep-placeholder`)."""
    header = ctx.model.header
    if (
        header is None
        or placeholder.kind is not LeftoverKind.PLACEHOLDER
        # Header lines only: a fence's own lines hold none, a bullet header has no fence lines.
        or not header.fence.start <= placeholder.span.start.line <= header.fence.end
    ):
        return None
    line = next((h for h in header.lines if h.line == placeholder.span.start.line), None)
    spec = ctx.schema.field(line.name) if line is not None and line.name else None
    if spec is None or (
        ctx.stage == "draft"
        and (spec.blank_in_draft or spec.name.casefold() in draft_placeholder_fields())
    ):
        return None
    return spec


@rule(
    "H106",
    "header-placeholder",
    Severity.ERROR,
    "A header field still holds the template's `[placeholder]`.",
)
def header_placeholder(ctx: RuleContext) -> None:
    """What it checks: header values that still hold a `[placeholder]` of the template
    (`Title: [Clear, descriptive title (50 characters or less)]`). An error in every status,
    a Draft included: a header that does not give its title, authors, type or date is not a
    draft of anything. While the document is a Draft, a field whose template placeholder says
    to leave it blank for a draft (the number) may keep it, and so may the fields
    `data/vocabulary.toml` lists under `[draft] keep-placeholder` (Updated); L102 mentions
    them then.

    Why: the untouched template would otherwise pass CI as a Draft.

    Example:
        Title: [Clear, descriptive title (50 characters or less)]

    Fix: write the real value (`Title: Faster caching`).
    """
    for item in ctx.model.leftovers:
        spec = must_be_filled(ctx, item)
        if spec is not None:
            ctx.report(
                item.span,
                f"Header field '{spec.name}' still holds the template's placeholder {item.text}: write the real value",
                subject=spec.name,
            )


def misspelt_fields(ctx: RuleContext) -> set[str]:
    """Missing template fields that an unknown header line is close to (`Auther` for `Author`)."""
    header = ctx.model.header
    assert header is not None
    present = {line.name.casefold() for line in header.lines if line.name}
    missing = [f.name for f in ctx.schema.fields if f.name.casefold() not in present]
    found = set()
    for line in header.lines:
        if line.name is not None and ctx.schema.field(line.name) is None:
            import difflib  # (loaded for a near miss only)

            found.update(difflib.get_close_matches(line.name, missing, n=1, cutoff=0.6))
    return found


@rule(
    "H101",
    "missing-header-field",
    Severity.WARNING,
    "A field of the template's header is missing.",
    reads=Reads.STRUCTURE,
)
def missing_header_field(ctx: RuleContext) -> None:
    """What it checks: every field of the template's header block appears in the document's,
    except those the template marks optional or conditional (`*if applicable*` before the
    value, `# Only required for ...` after it) or the configuration's `fields` table does.

    Why: reviewers and tools rely on every field being there, even when its value is still
    a draft value.

    Example:
        ```
        PEP: 9001
        Title: Faster caching
        ```

    Fix: add the field in its template position; the quick fix inserts the template's line
    for it (for example `Version: 0.1`).
    """
    header = ctx.model.header
    if header is None:
        return
    schema = ctx.schema
    lines_by_field = {
        spec.name: line
        for line in reversed(header.lines)
        if line.name and (spec := schema.field(line.name))
    }
    misspelt = misspelt_fields(ctx)
    fence_line = header.fence.start
    first_line = fence_line if schema.header_form == header_forms.BULLETS else fence_line + 1
    for spec in schema.fields:
        if spec.name in lines_by_field or spec.name in misspelt or not spec.required:
            continue  # present, written with a typo (H102's rename is the fix), or optional
        earlier = [f for f in schema.fields[: spec.index] if f.name in lines_by_field]
        line_text = schema.header_line(spec.name, spec.template_value)
        if earlier:
            anchor = lines_by_field[earlier[-1].name].line
            where = f" (it belongs after '{earlier[-1].name}')"
            position = Pos(anchor, len(ctx.model.lines[anchor]))
            text = ctx.model.eol + line_text
        else:
            where = " (it comes first)"
            position = Pos(first_line, 0)
            text = line_text + ctx.model.eol
        fix = Fix(
            f"Add header field '{spec.name}'",
            (Edit(Span(position, position), text),),
            kind=FixKind.ADD_FIELD,
        )
        span = Span.on_line(fence_line, 0, len(ctx.model.lines[fence_line]))
        ctx.report(
            span, f"Missing header field '{spec.name}'{where}", fixes=(fix,), subject=spec.name
        )


@rule(
    "H102",
    "unknown-header-field",
    Severity.WARNING,
    "A header field the template does not define.",
    reads=Reads.STRUCTURE,
)
def unknown_header_field(ctx: RuleContext) -> None:
    """What it checks: each header field is one the template defines.

    Why: an unknown field is usually a typo (`Auther:`) and the real field then counts as
    missing.

    Example:
        Auther: Ada Lovelace <ada@example.org>

    Fix: rename it to the template's field; the quick fix renames it to the closest name
    when the header does not have that field yet.
    """
    header = ctx.model.header
    if header is None:
        return
    names = [f.name for f in ctx.schema.fields]
    present = {line.name.casefold() for line in header.lines if line.name}
    for line in header.lines:
        if line.name is None or ctx.schema.field(line.name) is not None:
            continue
        import difflib  # (loaded for a near miss only)

        close = difflib.get_close_matches(line.name, names, n=1, cutoff=0.6)
        hint = (
            f"; did you mean '{close[0]}'?"
            if close
            else f"; the template's fields are {', '.join(names)}"
        )
        # No rename to a field the header already has: that would only duplicate it.
        fixes = (
            (
                Fix(
                    f"Rename to '{close[0]}'",
                    (Edit(line.name_span, close[0]),),
                    safe=True,
                    kind=FixKind.RENAME_FIELD,
                ),
            )
            if close and close[0].casefold() not in present
            else ()
        )
        ctx.report(
            line.name_span,
            f"Unknown header field '{line.name}'{hint}",
            fixes=fixes,
            subject=line.name,
        )


@rule(
    "H103",
    "duplicate-header-field",
    Severity.ERROR,
    "A header field appears more than once.",
    reads=Reads.STRUCTURE,
)
def duplicate_header_field(ctx: RuleContext) -> None:
    """What it checks: each header field appears once.

    Why: with two values, readers and tools cannot tell which one holds.

    Example:
        Status: Draft
        Status: Discussion

    Fix: keep one line; the quick fix deletes the repeated one.
    """
    header = ctx.model.header
    if header is None:
        return
    seen: dict[str, int] = {}
    for line in header.lines:
        if line.name is None:
            continue
        key = line.name.casefold()
        if key in seen:
            fix = Fix(
                f"Delete the repeated '{line.name}' line",
                (Edit(Span(Pos(line.line, 0), Pos(line.line + 1, 0)), ""),),
                kind=FixKind.DELETE_REPEATED_FIELD,
            )
            ctx.report(
                line.name_span,
                f"Duplicate header field '{line.name}' (first given on line {seen[key] + 1})",
                fixes=(fix,),
                subject=line.name,
            )
        else:
            seen[key] = line.line


@rule(
    "H104",
    "header-field-out-of-order",
    Severity.INFORMATION,
    "Header fields are not in the template's order.",
    reads=Reads.STRUCTURE,
)
def header_field_out_of_order(ctx: RuleContext) -> None:
    """What it checks: known header fields follow the template's order.

    Why: a fixed order lets readers find a field at a glance and keeps diffs small.

    Example:
        Type: Standard
        Status: Draft

    Fix: move the field to its template position.
    """
    header = ctx.model.header
    if header is None:
        return
    known = [
        (line, spec)
        for line in header.lines
        if line.name and (spec := ctx.schema.field(line.name)) and spec.in_template
    ]
    first_seen: dict[str, tuple[HeaderLine, FieldSpec]] = {}
    for line, spec in known:
        first_seen.setdefault(spec.name, (line, spec))
    items = list(first_seen.values())
    for position in out_of_order([spec.index for _, spec in items]):
        line, spec = items[position]
        earlier = [s for _, s in items if s.index < spec.index]
        where = (
            f"it belongs after '{max(earlier, key=lambda s: s.index).name}'"
            if earlier
            else "it comes first"
        )
        ctx.report(
            line.name_span,
            f"Header field '{spec.name}' is out of order: {where}",
            subject=spec.name,
        )


@rule(
    "H105",
    "malformed-header-line",
    Severity.ERROR,
    "A header line is not `Field: value`.",
    reads=Reads.STRUCTURE,
)
def malformed_header_line(ctx: RuleContext) -> None:
    """What it checks: every non-blank line of the header block reads `Field: value`.

    Why: anything else is invisible to tools and usually a field that lost its colon.

    Example:
        Status Draft

    Fix: write it as `Field: value`, or move prose out of the header.
    """
    header = ctx.model.header
    if header is None:
        return
    for line in header.lines:
        if line.name is None:
            ctx.report(line.name_span, f"Header line '{line.value[:40]}' is not 'Field: value'")
