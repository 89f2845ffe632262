"""Rules on header values: numbers, titles, authors, vocabularies, dates, versions.

Which rule applies to which field comes from the template: a placeholder starting with
"Number" makes a number field, `<email>` in it a people list, `[A | B]` a vocabulary,
`[DD-MM-YYYY]` a date, a default like `0.1` a version, "(50 characters or less)" a length.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from pep_lsp.kinds import FieldKind, Reads
from pep_lsp.model.dates import ISO_DATE, convert_date, parse_date
from pep_lsp.model.header import HeaderLine
from pep_lsp.rules.registry import Edit, Fix, FixKind, RuleContext, Severities, Severity, rule
from pep_lsp.template import PLACEHOLDER, FieldSpec, format_date
from pep_lsp.text import Span

_PERSON = re.compile(r"^[^<>,]*\S\s*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>$")
_VERSION = re.compile(r"^\d+(?:\.\d+)+$")


def _fields(ctx: RuleContext, kind: FieldKind) -> Iterator[tuple[HeaderLine, FieldSpec]]:
    """Header lines of one field kind whose value is written (not blank, not a placeholder)."""
    header = ctx.model.header
    if header is None:
        return
    for line in header.lines:
        spec = ctx.schema.field(line.name) if line.name else None
        if spec is None or spec.kind != kind or not line.value or PLACEHOLDER.search(line.value):
            continue
        yield line, spec


@rule(
    "H201",
    "invalid-number",
    Severities(
        (Severity.ERROR,),
        (Severity.ERROR, Severity.WARNING),
        (Severity.ERROR, Severity.WARNING),
        "warning when the number is blank after Draft",
    ),
    "A number field holds something other than digits, or is blank after Draft.",
    reads=Reads.STRUCTURE,
)
def invalid_number(ctx: RuleContext) -> None:
    """What it checks: a number field (the template's `[Number ...]`, such as `PEP:`) holds
    digits only. Blank is allowed while the document is a Draft when the template says
    "leave blank for draft".

    Why: the number is how the PEP is cited; it is assigned once the proposal is reviewed.

    Example:
        PEP: 12a

    Fix: write the assigned number, digits only (`PEP: 9001`).
    """
    header = ctx.model.header
    if header is None:
        return
    for line in header.lines:
        spec = ctx.schema.field(line.name) if line.name else None
        if spec is None or spec.kind is not FieldKind.NUMBER or PLACEHOLDER.search(line.value):
            continue
        if not line.value:
            if spec.blank_in_draft and ctx.stage == "draft":
                continue
            draft = next((s.name for s in ctx.schema.statuses if s.stage == "draft"), "draft")
            ctx.report(
                line.name_span,
                f"{spec.name} number is blank: ask for a number before the document leaves {draft}",
                severity=Severity.WARNING,
                subject=spec.name,
            )
        elif not line.value.isdigit() or not line.value.isascii():
            ctx.report(
                line.value_span,
                f"{spec.name} '{line.value}' is not a number: write digits only",
                subject=spec.name,
            )


@rule(
    "H202",
    "empty-header-value",
    Severity.WARNING,
    "A header field has no value.",
    reads=Reads.STRUCTURE,
)
def empty_header_value(ctx: RuleContext) -> None:
    """What it checks: text, people, vocabulary, date and version fields have a value.
    (Number fields have their own rule, H201.)

    Why: an empty `Title:` or `Author:` tells the reader nothing.

    Example:
        Title:

    Fix: fill in the value the template asks for (its placeholder says what).
    """
    header = ctx.model.header
    if header is None:
        return
    for line in header.lines:
        spec = ctx.schema.field(line.name) if line.name else None
        if spec is None or spec.kind is FieldKind.NUMBER or line.value:
            continue
        wanted = f": {spec.placeholder}" if spec.placeholder else ""
        ctx.report(
            line.name_span, f"Header field '{spec.name}' is empty{wanted}", subject=spec.name
        )


@rule(
    "H203",
    "value-too-long",
    Severity.WARNING,
    "A header value is longer than the template allows.",
    reads=Reads.STRUCTURE,
)
def value_too_long(ctx: RuleContext) -> None:
    """What it checks: a field whose placeholder sets a length ("50 characters or less")
    stays within it. The option `title-max-length` overrides the limit.

    Why: long titles are cut off in indexes and listings.

    Example:
        Title: A very long title that goes on to explain the whole proposal in one line

    Fix: shorten it; move the detail into the Abstract.
    """
    override = ctx.options.get("title-max-length")
    for line, spec in _fields(ctx, FieldKind.TEXT):
        limit = int(override) if isinstance(override, int) and spec.max_length else spec.max_length
        if limit and len(line.value) > limit:
            ctx.report(
                line.value_span,
                f"{spec.name} is {len(line.value)} characters long; keep it to {limit} or fewer",
                subject=spec.name,
            )


@rule(
    "H204",
    "invalid-author-list",
    Severity.WARNING,
    "A people field is not a comma-separated list of `Name <email>`.",
    reads=Reads.STRUCTURE,
)
def invalid_author_list(ctx: RuleContext) -> None:
    """What it checks: fields the template fills with `Name <email@domain.com>` entries hold a
    comma-separated list of such entries.

    Why: reviewers need a way to reach every author.

    Example:
        Author: Ada Lovelace, Charles Babbage <cb@example.org>

    Fix: give each person as `Name <email>`, separated by commas.
    """
    for line, spec in _fields(ctx, FieldKind.PEOPLE):
        start = line.value_span.start
        offset = 0
        for entry in line.value.split(","):
            stripped = entry.strip()
            column = start.col + offset + (len(entry) - len(entry.lstrip()))
            offset += len(entry) + 1
            if not stripped:
                continue
            if not _PERSON.match(stripped):
                span = Span.on_line(line.line, column, column + len(stripped))
                ctx.report(
                    span, f"{spec.name} entry '{stripped}' is not 'Name <email>'", subject=spec.name
                )


@rule(
    "H205",
    "value-not-allowed",
    Severity.ERROR,
    "A header value is not in the field's vocabulary.",
    reads=Reads.STRUCTURE,
)
def value_not_allowed(ctx: RuleContext) -> None:
    """What it checks: fields with a vocabulary hold one of its values: `Type:` one of the
    template's `[Standard | Informational | Process]`, `Status:` one of the lifecycle
    (Draft, Discussion, Accepted, Rejected, Withdrawn, Deferred, Final, Superseded, Active).

    Why: tools and readers filter PEPs by these values; a misspelt one is lost.

    Example:
        Status: Drafted

    Fix: use a listed value; the quick fix replaces it with the closest one (`Draft`).
    """
    for line, spec in _fields(ctx, FieldKind.CHOICE):
        if ctx.schema.choice_of(spec, line.value) is not None:
            continue  # `**Accepted**`, `Implemented (Swift 5.9)`: the value as read
        folded = {c.casefold(): c for c in spec.choices}
        closest = folded.get(line.value.casefold())
        safe = closest is not None  # a difference of case only
        if closest is None:
            import difflib  # (loaded for a near miss only)

            matches = difflib.get_close_matches(
                line.value.casefold(), list(folded), n=1, cutoff=0.5
            )
            closest = folded[matches[0]] if matches else None
            # Only a near-certain typo is fixed without asking ("Standrad"); "Implemented" is
            # closest to "Rejected", which is a suggestion, never an automatic change.
            safe = closest is not None and is_typo(line.value.casefold(), closest.casefold())
        hint = f"; did you mean '{closest}'?" if closest else ""
        fixes = (
            (
                Fix(
                    f"Replace with '{closest}'",
                    (Edit(line.value_span, closest),),
                    safe=safe,
                    kind=FixKind.REPLACE_VALUE,
                ),
            )
            if closest
            else ()
        )
        ctx.report(
            line.value_span,
            f"{spec.name} '{line.value}' is not one of {', '.join(spec.choices)}{hint}",
            fixes=fixes,
            subject=spec.name,
        )


def is_typo(written: str, meant: str) -> bool:
    """A transposition, a dropped, doubled or wrong letter or two: similar enough to fix unasked.
    The first letter must match: "Inactive" is not a typo of "Active" but its opposite."""
    if written[:1] != meant[:1]:
        return False
    import difflib  # (loaded for a near miss only)

    return difflib.SequenceMatcher(None, written, meant).ratio() >= 0.8


@rule(
    "H206",
    "invalid-date",
    Severity.ERROR,
    "A date field is not a real date in the template's format.",
    reads=Reads.STRUCTURE,
)
def invalid_date(ctx: RuleContext) -> None:
    """What it checks: date fields (the template's `[DD-MM-YYYY]`) hold a real calendar date
    in exactly that format. `31-02-2026` is not a real date; ISO `2026-09-14` is in the
    wrong format.

    Why: dates in one format sort and compare; an impossible date is a typo.

    Example:
        Created: 2026-09-14

    Fix: write it in the template's format (`14-09-2026`); the quick fix converts it.
    """
    for line, spec in _fields(ctx, FieldKind.DATE):
        assert spec.date_format
        date, why = parse_date(line.value, spec.date_format)
        if date is not None:
            continue
        converted = convert_date(line.value, spec.date_format)
        fixes: tuple[Fix, ...] = ()
        if converted and converted != line.value:
            why = f"is not in the {spec.date_format} format: write '{converted}'"
            # ISO (year first) is unambiguous; 03/04/2026 could be either day or month first.
            fixes = (
                Fix(
                    f"Convert to '{converted}'",
                    (Edit(line.value_span, converted),),
                    safe=bool(ISO_DATE.match(line.value)),
                    kind=FixKind.CONVERT_DATE,
                ),
            )
        ctx.report(
            line.value_span, f"{spec.name} '{line.value}' {why}", fixes=fixes, subject=spec.name
        )


@rule(
    "H207",
    "date-before-earlier-field",
    Severity.WARNING,
    "A later date field (Updated) is before an earlier one (Created).",
    reads=Reads.STRUCTURE,
)
def date_before_earlier_field(ctx: RuleContext) -> None:
    """What it checks: date fields are chronological in template order: `Updated` is not
    earlier than `Created`.

    Why: a document cannot be updated before it was created; one of the two is a typo.

    Example:
        Created: 14-09-2026
        Updated: 01-09-2026

    Fix: correct the later field (the quick fix sets it to today).
    """
    dated = []
    for line, spec in _fields(ctx, FieldKind.DATE):
        assert spec.date_format
        date, _ = parse_date(line.value, spec.date_format)
        if date is not None:
            dated.append((spec, line, date))
    dated.sort(key=lambda item: item[0].index)
    for position, (spec, line, date) in enumerate(dated):
        for earlier_spec, earlier_line, earlier_date in dated[:position]:
            if date < earlier_date:
                assert spec.date_format
                today = datetime.date.today()
                fixes: tuple[Fix, ...] = ()
                if today >= earlier_date:
                    text = format_date(spec.date_format, today.year, today.month, today.day)
                    # Either date may be the typo: a suggestion, never applied unasked.
                    fixes = (
                        Fix(
                            f"Set {spec.name} to today ({text})",
                            (Edit(line.value_span, text),),
                            kind=FixKind.SET_TODAY,
                        ),
                    )
                ctx.report(
                    line.value_span,
                    f"{spec.name} ({line.value}) is earlier than {earlier_spec.name} ({earlier_line.value})",
                    fixes=fixes,
                    subject=spec.name,
                )
                break


@rule(
    "H208",
    "invalid-version",
    Severity.WARNING,
    "A version field is not dotted numbers like the template's default.",
    reads=Reads.STRUCTURE,
)
def invalid_version(ctx: RuleContext) -> None:
    """What it checks: fields whose template default is a version (`0.1`) hold dotted numbers.

    Why: versions are compared; `v1`, `1.0-beta` or `draft` do not compare.

    Example:
        Version: v1

    Fix: write numbers separated by dots (`1.0`).
    """
    for line, spec in _fields(ctx, FieldKind.VERSION):
        if not _VERSION.match(line.value):
            ctx.report(
                line.value_span,
                f"{spec.name} '{line.value}' is not a version like '{spec.default}'",
                subject=spec.name,
            )
