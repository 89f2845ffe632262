"""Hover: the template's guidance for what is under the cursor, as Markdown.

Most specific first: a leftover (instruction, placeholder, example) says what to write
instead; a header line gives its field's format and allowed values; a section heading gives
the template's instructions, priority, word limit and expected subsections.
"""

from __future__ import annotations

from dataclasses import dataclass

from pep_lsp.features.common import clamp, priority_label
from pep_lsp.model.blocks import Leftover
from pep_lsp.model.header import HeaderLine
from pep_lsp.model.model import Model, Section
from pep_lsp.template import FieldSpec, Schema, SectionSpec
from pep_lsp.text import Pos, Span


@dataclass(frozen=True)
class HoverText:
    markdown: str
    span: Span


def hover(model: Model, pos: Pos) -> HoverText | None:
    """The guidance at a position (code points, clamped), or None where there is none."""
    if not model.is_pep:
        return None
    pos = clamp(model, pos)
    for item in model.leftovers:
        if item.span.start <= pos <= item.span.end:
            return HoverText(_leftover_text(model, item), item.span)
    header = model.header
    if header is not None and header.fence.start < pos.line < header.fence.end + (
        0 if header.fence.closed else 1
    ):
        line = next((h for h in header.lines if h.line == pos.line), None)
        if (
            line is not None
            and line.name is not None
            and line.name_span.start.col
            <= pos.col
            <= max(line.value_span.end.col, line.name_span.end.col + 1)
        ):
            return HoverText(
                _field_text(model.schema, line),
                Span(line.name_span.start, max(line.value_span.end, line.name_span.end)),
            )
    section = next((s for s in model.sections if s.heading.line == pos.line), None)
    if section is not None:
        return HoverText(_section_text(model, section), section.heading.title_span)
    return None


# --- sections -------------------------------------------------------------------------------


def _section_text(model: Model, section: Section) -> str:
    spec = section.spec
    if spec is None:
        where = f"under '{section.parent.title}'" if section.parent else "at the top level"
        return f"**{section.title}**\n\nNot a section the template defines {where}; pep-lsp does not check its content."
    parts = [f"**{spec.title}**: {_kind(spec)}"]
    facts = []
    priority = priority_label(spec)
    if priority:
        facts.append(f"Priority: **{priority}**")
    if spec.word_limit:
        facts.append(f"Word limit: {spec.word_limit} (now {model.words_in(section)})")
    if facts:
        parts.append(" · ".join(facts))
    if spec.instructions:
        parts.append("The template asks:\n\n" + instructions_markdown(spec.instructions))
    if spec.children:
        present = {id(child.spec) for child in section.children if child.spec is not None}
        listed = "\n".join(
            f"- {child.title}" + ("" if id(child) in present else " (not in the document yet)")
            for child in spec.children
        )
        parts.append("Subsections in the template:\n\n" + listed)
    return "\n\n".join(parts)


def _kind(spec: SectionSpec) -> str:
    if spec.is_author_instructions:
        return "the template's checklist for authors; delete it before submitting"
    if spec.parent is None:
        return "a top-level section of the template"
    return f"a subsection of '{spec.parent.title}' in the template"


def instructions_markdown(instructions: tuple[str, ...]) -> str:
    """Instruction lines without their `[...]` brackets; bullets stay bullets, other lines
    become paragraphs."""
    blocks: list[str] = []
    for text in instructions:
        text = text.strip()
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        if text.startswith("- ") and blocks and blocks[-1].startswith("- "):
            blocks[-1] += "\n" + text
        else:
            blocks.append(text)
    return "\n\n".join(blocks)


# --- header fields -------------------------------------------------------------------------


def _field_text(schema: Schema, line: HeaderLine) -> str:
    assert line.name is not None
    spec = schema.field(line.name)
    if spec is None:
        names = ", ".join(f.name for f in schema.fields)
        return (
            f"**{line.name}**: not a field of the template.\n\nThe template's fields are {names}."
        )
    parts = [
        f"**{spec.name}**: header field {spec.index + 1} of {len(schema.fields)}",
        field_format(schema, spec),
    ]
    if spec.placeholder:
        parts.append(f"Template: `{spec.template_value}`")
    return "\n\n".join(part for part in parts if part)


def field_format(schema: Schema, spec: FieldSpec) -> str:
    """What a field holds, in one paragraph or list."""
    if spec.kind == "choice":
        if any(spec.choice_meanings):
            return "One of:\n\n" + "\n".join(
                f"- `{choice}`: {meaning}"
                for choice, meaning in zip(spec.choices, spec.choice_meanings)
            )
        return "One of " + ", ".join(f"`{choice}`" for choice in spec.choices) + "."
    if spec.kind == "date":
        earlier = [f.name for f in schema.date_fields if f.index < spec.index]
        order = f"; not earlier than {', '.join(earlier)}" if earlier else ""
        return f"A date written `{spec.date_format}`{order}."
    if spec.kind == "number":
        blank = " Leave it blank while the document is a Draft." if spec.blank_in_draft else ""
        return "Digits only." + blank
    if spec.kind == "people":
        return "A comma-separated list of `Name <email>` entries."
    if spec.kind == "version":
        return f"Dotted numbers, like `{spec.default}`."
    if spec.max_length:
        return f"Text, at most {spec.max_length} characters."
    return "Text." if not spec.default else f"Default: `{spec.default}`."


# --- leftovers ------------------------------------------------------------------------------


def _leftover_text(model: Model, item: Leftover) -> str:
    header = model.header
    in_header = (
        header is not None and header.fence.start <= item.span.start.line <= header.fence.end
    )
    section = model.section_at(item.span.start.line)
    where = f"'{section.title}'" if section else "this part"
    if item.kind == "instruction":
        return (
            "**Template instruction text**: guidance for the author, not content.\n\n"
            f"Write {where} in your own words, then remove these lines."
        )
    if item.kind == "placeholder":
        wanted = item.text[1:-1].strip()
        if in_header and header is not None:
            line = next((h for h in header.lines if h.line == item.span.start.line), None)
            spec = model.schema.field(line.name) if line is not None and line.name else None
            if spec is not None:
                return (
                    f"**Placeholder** for `{spec.name}`: replace it with the value.\n\n"
                    + field_format(model.schema, spec)
                )
        return f"**Placeholder**: replace it with the real value: {wanted}."
    if item.kind == "example-link":
        return "**Example link** from the template: link to the real document, or remove the line."
    return f"**Example content** from the template: replace it with your own for {where}."
