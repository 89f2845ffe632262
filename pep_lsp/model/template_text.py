"""Template text left in a document, found the way the template writes it.

The bundled template marks instructions with italics and blanks with `[...]` (read by the
model's own block analysis). Other templates mark them otherwise (see `conventions`): HTML
comments or plain prose for instructions; `<...>`, `(fill me in ...)`, `0000`, `TBD` or a
section's placeholder text for blanks. These functions find those in one block's lines or one
header value, for the model to turn into leftovers. Pure: lines and a schema in, spans out.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from pep_lsp.kinds import LeftoverKind
from pep_lsp.schema import conventions
from pep_lsp.template import FieldSpec, Schema
from pep_lsp.text import Pos, Span

INSTRUCTION = LeftoverKind.INSTRUCTION
PLACEHOLDER = LeftoverKind.PLACEHOLDER


@dataclass(frozen=True)
class Found:
    """One piece of template text: its kind (instruction or placeholder), where, and the text."""

    kind: LeftoverKind
    span: Span
    text: str


def _content_span(line: int, raw: str) -> tuple[str, Span]:
    text = raw.strip()
    col = raw.index(text[0]) if text else 0
    return text, Span.on_line(line, col, col + len(text))


def find_template_text(
    lines: Sequence[str],
    schema: Schema,
    prose_lines: Collection[int],
    code_lines: Collection[int] = (),
    quoted_lines: Collection[int] = (),
    masked: Sequence[str] | None = None,
) -> list[Found]:
    """Instructions and blanks of a template whose conventions are not the bundled ones, in
    a block's `lines` (positions relative to them). `prose_lines` are the lines of its
    paragraphs, headings and list items; `masked` the lines with code spans blanked (same
    lengths). Quoted lines are someone else's words and are left alone."""
    found: list[Found] = []
    masked = masked if masked is not None else lines
    if schema.instruction_style == conventions.COMMENT and schema.instruction_keys:
        visible = [
            "" if number in code_lines or number in quoted_lines else line
            for number, line in enumerate(lines)
        ]
        for comment in conventions.find_comments(visible):
            if conventions.is_template_comment(comment, schema.instruction_keys):
                span = Span(Pos(comment.line, comment.col), Pos(comment.end_line, comment.end_col))
                text = "\n".join(
                    lines[n][
                        (comment.col if n == comment.line else 0) : (
                            comment.end_col if n == comment.end_line else len(lines[n])
                        )
                    ]
                    for n in range(comment.line, comment.end_line + 1)
                )
                found.append(Found(INSTRUCTION, span, text))
    blanks = schema.blanks
    previous = -2
    for line in sorted(prose_lines):
        if line in quoted_lines or line in code_lines:
            previous = line
            continue
        raw = masked[line]
        if schema.instruction_style == conventions.PROSE and conventions.is_instruction_line(
            raw, schema.instruction_keys
        ):
            text, span = _content_span(line, lines[line])
            last = found[-1] if found else None
            if last is not None and last.kind == INSTRUCTION and last.span.end.line == line - 1:
                # One finding per run of instruction lines, as for italic ones.
                span = Span(last.span.start, span.end)
                found[-1] = Found(INSTRUCTION, span, f"{last.text}\n{text}")
            else:
                found.append(Found(INSTRUCTION, span, text))
            previous = line
            continue
        for start, end in conventions.find_placeholders(raw, schema.blank_pattern):
            found.append(Found(PLACEHOLDER, Span.on_line(line, start, end), lines[line][start:end]))
        opens_paragraph = line != previous + 1 or not lines[line - 1].strip()
        if opens_paragraph and blanks.literals:
            length = conventions.literal_placeholder_length(raw, blanks)
            if length:
                col = len(raw) - len(raw.lstrip())
                found.append(
                    Found(
                        PLACEHOLDER,
                        Span.on_line(line, col, col + length),
                        lines[line][col : col + length],
                    )
                )
        previous = line
    found.sort(key=lambda item: item.span)
    return found


def header_value_blanks(
    value: str, spec: FieldSpec | None, schema: Schema
) -> list[tuple[int, int]]:
    """Columns [start, end) in a header value of blanks the template left there: its whole
    placeholder (`<URL>`, `(fill me in ...)`), any of its bracketed blanks, a number still
    written `0000` or `NNNN` where the template wrote one so, or a `TBD`-like value."""
    stripped = value.strip()
    if not stripped:
        return []
    lead = len(value) - len(value.lstrip())
    whole = (lead, lead + len(stripped))
    template = spec.placeholder_text if spec is not None else None
    if template is not None and conventions.fold(stripped) == conventions.fold(template):
        return [whole]
    if (
        conventions.is_token_blank(stripped)
        and conventions.fold(stripped) in schema.blanks.literals
    ):
        return [whole]
    found = conventions.find_placeholders(value, schema.blank_pattern)
    if found:
        return found
    if spec is not None and spec.blank_number and conventions.has_blank_number(stripped):
        return [whole]
    return []
