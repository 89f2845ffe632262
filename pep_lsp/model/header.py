"""The header: the fenced block of `Field: value` lines, and whether a text is a PEP at all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pep_lsp.kinds import LeftoverKind
from pep_lsp.model.blocks import Fence, Heading, Leftover
from pep_lsp.model.template_text import header_value_blanks
from pep_lsp.schema import header_forms
from pep_lsp.template import HEADER_LINE, PLACEHOLDER, FieldSpec, Schema
from pep_lsp.text import Span

YAML_LINE = re.compile(r"^[A-Za-z_][\w .-]*:(?:[ \t]|$)")
"""A `key: value` line of YAML front matter."""

MIN_HEADER_FIELDS = 2
"""A fence is the header when it names at least this many of the template's fields (or holds
nothing but template fields, as while the first one is typed)."""


@dataclass(frozen=True)
class HeaderLine:
    """One line of the header block, read as `Field: value` where it is one."""

    line: int
    name: str | None  # None: the line is not `Field: value`
    value: str
    name_span: Span
    value_span: Span


@dataclass(frozen=True)
class HeaderBlock:
    """The header block and its lines; a field is looked up by its name, ignoring case."""

    fence: Fence
    lines: tuple[HeaderLine, ...]

    def get(self, name: str) -> HeaderLine | None:
        folded = name.casefold()
        return next((h for h in self.lines if h.name and h.name.casefold() == folded), None)


def find_header(
    lines: Sequence[str], headings: list[Heading], fences: list[Fence], schema: Schema
) -> HeaderBlock | None:
    """The first fenced block before any section, without an info string, whose lines are
    `Field: value` naming at least two of the template's fields, or only template fields.
    (A README's block of `name: demo` and `version: 2` is not a PEP header.)"""
    form = schema.header_form
    if form == header_forms.NONE:
        return None
    if form != header_forms.FENCE:
        raw = header_forms.read_header(lines, form)
        if raw is None:
            return None
        block = header_from_raw(lines, raw)
        known = sum(schema.field(h.name) is not None for h in block.lines if h.name)
        return block if known >= MIN_HEADER_FIELDS else None
    first_section = next((h.line for h in headings if h.level >= 2), len(lines))
    for fence in fences:
        if fence.start >= first_section:
            break
        if fence.info:
            return None
        return header_from_fence(lines, fence, schema)
    return None


def header_from_fence(
    lines: Sequence[str], fence: Fence, schema: Schema, yaml: bool = False
) -> HeaderBlock | None:
    """A fenced block read as `Field: value` lines, when it names enough of the template's
    fields. `yaml`: a header written another way (front matter, a `yaml` fence), which counts
    only when it names at least two fields and YAML's comments and quotes are not values."""
    header_lines: list[HeaderLine] = []
    known = 0
    for line in range(fence.start + 1, fence.end if fence.closed else fence.end + 1):
        raw = lines[line]
        if not raw.strip() or (yaml and raw.lstrip().startswith("#")):
            continue
        match = HEADER_LINE.match(raw)
        if match:
            name = match.group(1)
            value = match.group(2) or ""
            value_start = match.start(2) if match.group(2) is not None else len(raw.rstrip())
            known += schema.field(name) is not None
            header_lines.append(
                HeaderLine(
                    line,
                    name,
                    value,
                    Span.on_line(line, match.start(1), match.end(1)),
                    Span.on_line(line, value_start, value_start + len(value)),
                )
            )
        else:
            text = raw.strip()
            col = raw.index(text[0])
            header_lines.append(
                HeaderLine(
                    line,
                    None,
                    text,
                    Span.on_line(line, col, col + len(text)),
                    Span.on_line(line, col, col + len(text)),
                )
            )
    if known >= MIN_HEADER_FIELDS or (not yaml and header_lines and known == len(header_lines)):
        return HeaderBlock(fence, tuple(header_lines))
    return None


def header_from_raw(lines: Sequence[str], raw: header_forms.RawHeader) -> HeaderBlock:
    """A header in the template's own form (front matter, a bullet list) as a header block:
    its lines [start, end] stand where a fence's would, its fields and stray lines in order."""
    content = "\n".join(lines[raw.start + 1 : raw.end])
    fence = Fence(raw.start, raw.end, raw.closed, "", content + "\n" if content else "")
    items = [HeaderLine(f.line, f.name, f.value, f.name_span, f.value_span) for f in raw.fields] + [
        HeaderLine(
            span.start.line, None, lines[span.start.line][span.start.col : span.end.col], span, span
        )
        for span in raw.stray
    ]
    items.sort(key=lambda item: item.line)
    return HeaderBlock(fence, tuple(items))


def number_field(schema: Schema) -> FieldSpec | None:
    """The template's number field (`PEP: [Number ...]`): its name is how a PEP names itself."""
    return next((f for f in schema.fields if f.kind == "number"), None)


def titled_as_pep(title: str, schema: Schema) -> bool:
    """A title in the form the template's number field gives: `PEP 12: ...`, `PEP-12 - ...`,
    `PEP 12` (the field's name, then digits)."""
    number = number_field(schema)
    if number is None:
        return False
    # After the number: the end, a colon or full stop, or a dash between spaces ("PEP 8 style
    # notes" is about a PEP, not one).
    return (
        re.match(
            rf"{re.escape(number.name)}[ \t-]*\d+[ \t]*(?:$|[:.]|[-\u2013\u2014][ \t])",
            title.strip(),
            re.I,
        )
        is not None
    )


def named_as_pep(file_name: str, schema: Schema) -> bool:
    """A file named for its number as the template's number field gives it: `pep-0012.md`,
    `pep_12.md`, `PEP-0012-caching.md` (Markdown only)."""
    number = number_field(schema)
    if number is None:
        return False
    pattern = rf"{re.escape(number.name)}[-_]?\d+(?:[-_.][^/\\]*)?\.(?:md|markdown)"
    return re.fullmatch(pattern, file_name, re.I) is not None


def header_leftovers(header: HeaderBlock, schema: Schema) -> list[Leftover]:
    """Placeholders in header values: a bracketed whole value (the template's only shape of
    a header placeholder) or one of the template's placeholders; `Title: [WIP] Faster search`
    keeps its tag."""
    found = []
    brackets = schema.header_form == header_forms.FENCE or ("[", "]") in schema.blanks.delimiters
    for item in header.lines:
        if item.name is None:
            continue
        if schema.header_form != header_forms.FENCE:
            found.extend(_blanks_in_value(item, schema))
        if not brackets:
            continue
        for match in PLACEHOLDER.finditer(item.value):
            if match.group() != item.value.strip() and not schema.is_placeholder(match.group(1)):
                continue
            col = item.value_span.start.col + match.start()
            found.append(
                Leftover(
                    LeftoverKind.PLACEHOLDER,
                    Span.on_line(item.line, col, col + len(match.group())),
                    match.group(),
                )
            )
    return found


def _blanks_in_value(item: HeaderLine, schema: Schema) -> list[Leftover]:
    """The template's blanks in one value of a header in its own form (`<URL>`, `(fill me in
    ...)`, `#0000`, `TBD`); a value continued over lines is reported whole."""
    assert item.name is not None
    span = item.value_span
    one_line = span.start.line == span.end.line
    result = []
    for start, end in header_value_blanks(item.value, schema.field(item.name), schema):
        if one_line:
            where = Span.on_line(span.start.line, span.start.col + start, span.start.col + end)
            text = item.value[start:end]
        else:
            where, text = span, item.value
        result.append(Leftover(LeftoverKind.PLACEHOLDER, where, text))
    return result
