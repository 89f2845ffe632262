"""A one-line progress summary for the top of the document (shown as a code lens).

`Sections 9/12 · 4 placeholders left · 2 instructions left · Abstract 243/300 words · 3 blockers for Discussion`

What counts:
- Sections: the template's top-level sections (the Author Instructions excluded) that are
  present *and written*: at least one line of prose in the section or its subsections that
  holds no template leftover. A heading with only the template's skeleton under it does not
  count yet.
- Placeholders: `[bracketed]` placeholders left anywhere, header included, outside the
  Author Instructions. Always shown ("no placeholders left" at zero).
- Instructions and examples: runs of italic instruction text, and example links or content
  copied from the template; shown only when there are some.
- Words: each present section whose template instructions set a word limit, as
  `Title words/limit`.
- Next status: for a document on the lifecycle's main line (Draft, Discussion, Accepted; see
  `lifecycle.py`), `Ready for Discussion`, or how many errors and warnings it would get at the
  next status: `3 blockers for Discussion`. Shown only when the settings are given.
"""

from __future__ import annotations

from dataclasses import dataclass

from pep_lsp.engine.check import Settings
from pep_lsp.engine.lifecycle import Readiness, readiness
from pep_lsp.model.model import Model, Section
from pep_lsp.template import within_author_instructions


@dataclass(frozen=True)
class Progress:
    sections_written: int
    sections_total: int
    placeholders: int
    instructions: int
    examples: int
    word_counts: tuple[tuple[str, int, int], ...]  # (section title, words, limit)
    next_status: Readiness | None = None

    @property
    def text(self) -> str:
        parts = [f"Sections {self.sections_written}/{self.sections_total}"]
        parts.append(
            _count(self.placeholders, "placeholder") + " left"
            if self.placeholders
            else "no placeholders left"
        )
        if self.instructions:
            parts.append(_count(self.instructions, "instruction") + " left")
        if self.examples:
            parts.append(_count(self.examples, "example") + " left")
        parts.extend(f"{title} {words}/{limit} words" for title, words, limit in self.word_counts)
        if self.next_status is not None:
            parts.append(self.next_status.text)
        return " · ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def progress(model: Model, settings: Settings | None = None) -> Progress | None:
    """The summary for a PEP, None for other Markdown; with `settings`, readiness for the next status."""
    if not model.is_pep:
        return None
    excluded = _author_instruction_lines(model)
    leftovers = [item for item in model.leftovers if item.span.start.line not in excluded]
    leftover_lines = sorted(
        {line for item in leftovers for line in range(item.span.start.line, item.span.end.line + 1)}
    )
    expected = [spec for spec in model.schema.top_sections if not within_author_instructions(spec)]
    written = {
        id(section.spec)
        for section in model.top_sections
        if section.spec is not None and _written(model, section, leftover_lines)
    }
    word_counts = tuple(
        (section.title, model.words_in(section), section.spec.word_limit)
        for section in model.word_limited_sections
        if section.spec is not None and section.spec.word_limit
    )
    return Progress(
        sections_written=sum(1 for spec in expected if id(spec) in written),
        sections_total=len(expected),
        placeholders=sum(1 for item in leftovers if item.kind == "placeholder"),
        instructions=sum(1 for item in leftovers if item.kind == "instruction"),
        examples=sum(1 for item in leftovers if item.kind in ("example-link", "example-content")),
        word_counts=word_counts,
        next_status=readiness(model, settings) if settings is not None else None,
    )


def _written(model: Model, section: Section, leftover_lines: list[int]) -> bool:
    """Some prose words in the section on lines that hold no template leftover."""
    total = model.words_in(section)
    on_leftovers = sum(
        model.words_between(line, line + 1)
        for line in leftover_lines
        if section.heading.line < line < section.end_line
    )
    return total > on_leftovers


def _author_instruction_lines(model: Model) -> set[int]:
    lines: set[int] = set()
    for section in model.top_sections:
        if _is_author_instructions(section):
            lines.update(range(section.heading.line, section.end_line))
    return lines


def _is_author_instructions(section: Section) -> bool:
    return section.spec is not None and section.spec.is_author_instructions
