"""Outline and folding: the header block with its fields, then the section tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from pep_lsp.features.common import priority_label
from pep_lsp.model.model import Model, Section
from pep_lsp.text import Pos, Span

HEADER_NAME = "Header"


@dataclass(frozen=True)
class Symbol:
    name: str
    detail: str
    kind: str  # title | header | field | section
    span: Span  # the whole thing
    selection: Span  # its name
    children: tuple[Symbol, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Fold:
    start_line: int
    end_line: int
    kind: str  # header | section


def document_symbols(model: Model) -> list[Symbol]:
    """The `# Title` heading as the root, holding the header (children: its fields) and every
    `##` section with its subsections; without a title those are the top level. None for
    Markdown that is not a PEP (the editor's own outline serves it)."""
    if not model.is_pep:
        return []
    symbols = _body_symbols(model)
    title = model.title_heading
    if title is None:
        return symbols
    # What comes before the title (a header written above it) stays beside it, in order.
    before = [s for s in symbols if s.span.start.line < title.line]
    inside = tuple(s for s in symbols if s.span.start.line > title.line)
    last = len(model.lines) - 1
    while last > title.line and not model.lines[last].strip():
        last -= 1
    span = Span(Pos(title.line, 0), Pos(last, len(model.lines[last])))
    return [
        *before,
        Symbol(title.title or "(untitled)", "", "title", span, title.title_span, inside),
    ]


def _body_symbols(model: Model) -> list[Symbol]:
    symbols: list[Symbol] = []
    header = model.header
    if header is not None:
        fence = header.fence
        fields = tuple(
            Symbol(
                line.name,
                line.value,
                "field",
                Span(line.name_span.start, Pos(line.line, len(model.lines[line.line]))),
                line.name_span,
            )
            for line in header.lines
            if line.name is not None
        )
        whole = Span(Pos(fence.start, 0), Pos(fence.end, len(model.lines[fence.end])))
        symbols.append(
            Symbol(
                HEADER_NAME,
                f"{len(fields)} fields",
                "header",
                whole,
                Span(whole.start, Pos(fence.start, len(model.lines[fence.start]))),
                fields,
            )
        )
    symbols.extend(_section_symbol(model, section) for section in model.top_sections)
    return symbols


def _section_symbol(model: Model, section: Section) -> Symbol:
    last = _last_line(model, section)
    span = Span(Pos(section.heading.line, 0), Pos(last, len(model.lines[last])))
    detail = ""
    if section.spec is not None:
        detail = priority_label(section.spec) or ""
    children = tuple(_section_symbol(model, child) for child in section.children)
    return Symbol(
        section.title or "(untitled)", detail, "section", span, section.heading.title_span, children
    )


def _last_line(model: Model, section: Section) -> int:
    """The last non-blank line of a section (trailing blank lines belong to no one)."""
    last = section.end_line - 1
    while last > section.heading.line and not model.lines[last].strip():
        last -= 1
    return last


def folding_ranges(model: Model) -> list[Fold]:
    """The header block and each section that spans more than its heading line (PEPs only)."""
    folds: list[Fold] = []
    if not model.is_pep:
        return folds
    if model.header is not None and model.header.fence.end > model.header.fence.start:
        folds.append(Fold(model.header.fence.start, model.header.fence.end, "header"))
    for section in model.sections:
        last = _last_line(model, section)
        if last > section.heading.line:
            folds.append(Fold(section.heading.line, last, "section"))
    return folds
