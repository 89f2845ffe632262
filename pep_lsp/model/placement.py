"""Where template sections are and go: the document's sections by template section, the ones a
PEP must have, where a missing one belongs, a section's last content line. Used by the section
rules (S101, S102) and by the "Insert all missing sections" code actions."""

from __future__ import annotations

from pep_lsp.model.model import Model, Section
from pep_lsp.template import THEMATIC_BREAK, Schema, SectionSpec
from pep_lsp.text import Span

DEEPEST_REQUIRED_LEVEL = 3
"""`####` headings in the template are examples of structure ("Phase 1: Foundation"), not
sections every PEP must have; `##` and `###` ones are."""


def last_content_line(model: Model, section: Section) -> int:
    """The section's last line that is neither blank nor a `---` rule (a rule separates parts
    of the document; it stays where it is when the section moves)."""
    last = section.end_line - 1
    while last > section.heading.line and (
        not model.lines[last].strip() or THEMATIC_BREAK.match(model.lines[last])
    ):
        last -= 1
    return last


def sections_by_spec(model: Model) -> dict[SectionSpec, list[Section]]:
    found: dict[SectionSpec, list[Section]] = {}
    for section in model.sections:
        if section.spec is not None:
            found.setdefault(section.spec, []).append(section)
    return found


def required_sections(schema: Schema) -> list[SectionSpec]:
    """The template sections every PEP must have: `##` and `###` ones, except those whose title
    holds a placeholder (`Alternative 1: [Name]`) and the Author Instructions."""
    return [
        spec
        for spec in schema.checked_sections
        if spec.level <= DEEPEST_REQUIRED_LEVEL and not spec.has_placeholder_title
    ]


def placement(
    model: Model, spec: SectionSpec, present: dict[SectionSpec, list[Section]]
) -> tuple[int, Span, str]:
    """Where a missing section goes: (line to insert before, span to report at, 'after X' text)."""
    siblings = model.schema.children_of(spec.parent)
    earlier = [s for s in siblings if s.order < spec.order and s in present]
    later = [s for s in siblings if s.order > spec.order and s in present]
    if earlier:
        anchor = present[earlier[-1]][0]
        # After its last content, so a `---` that closes it keeps separating what follows.
        return (
            last_content_line(model, anchor) + 1,
            anchor.heading.title_span,
            f"it belongs after '{anchor.title}'",
        )
    if later:
        anchor = present[later[0]][0]
        return anchor.heading.line, anchor.heading.title_span, f"it belongs before '{anchor.title}'"
    if spec.parent is not None and spec.parent in present:
        parent = present[spec.parent][0]
        return parent.end_line, parent.heading.title_span, f"it belongs under '{parent.title}'"
    line = (
        model.header.fence.start
        if model.header
        else (model.title_heading.line if model.title_heading else 0)
    )
    return len(model.lines), Span.on_line(line, 0, len(model.lines[line])), "it belongs at the end"
