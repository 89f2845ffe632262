"""Hover, document symbols, folding ranges and the progress summary as pure functions."""

from __future__ import annotations

from pep_lsp.features.hover import hover
from pep_lsp.features.progress import Progress, progress
from pep_lsp.features.symbols import Fold, document_symbols, folding_ranges
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos, Span
from tests.conftest import fixture_text, template_text

TEXT = """# PEP 9100: Tidy logs

```
PEP: 9100
Title: Tidy logs
Status: Draft
Created: 2026-09-01
```

## Abstract

Logs get tidier with one format.

## Motivation

*[Explain why this change is needed. Address:]*

### Use Cases

1. Ship by [Date].

## Notes


"""


def model(text: str = TEXT):
    return Document(text, default_schema()).model


# --- hover ------------------------------------------------------------------------------------


def test_hover_on_a_section_heading_gives_the_templates_guidance() -> None:
    found = hover(model(), Pos(9, 5))
    assert found is not None and found.span == Span.on_line(9, 3, 11)
    assert found.markdown == (
        "**Abstract**: a top-level section of the template\n\n"
        "Priority: **Essential** · Word limit: 300 (now 6)\n\n"
        "The template asks:\n\n"
        "Write a concise summary of 200-300 words that covers:\n\n"
        "- What problem this PEP solves\n- The proposed solution at a high level\n"
        "- Key benefits or improvements\n- Who will be affected by this change\n\n"
        'Example: "This PEP proposes adding a new caching layer to improve application performance by reducing '
        "database queries. The solution introduces a Redis-based cache with automatic invalidation, resulting in 40% "
        "faster response times for read-heavy operations. This change will benefit all users through improved "
        'responsiveness while requiring minimal changes to existing code."'
    )


def test_hover_lists_subsections_and_marks_the_missing_ones() -> None:
    text = TEXT.replace("### Use Cases", "### Other")
    found = hover(model(text), Pos(13, 3))
    assert found is not None and found.markdown.endswith(
        "Subsections in the template:\n\n- Use Cases (not in the document yet)"
    )
    assert hover(model(), Pos(13, 3)).markdown.endswith(
        "Subsections in the template:\n\n- Use Cases"
    )  # type: ignore[union-attr]


def test_hover_on_an_unknown_section() -> None:
    found = hover(model(), Pos(21, 4))
    assert found is not None
    assert (
        found.markdown
        == "**Notes**\n\nNot a section the template defines at the top level; pep-lsp does not check its content."
    )


def test_hover_on_a_header_field_gives_its_format_and_values() -> None:
    status = hover(model(), Pos(5, 2))
    assert status is not None and status.span == Span.on_line(5, 0, 13)
    assert status.markdown.split("\n\n")[:2] == ["**Status**: header field 4 of 8", "One of:"]
    assert "- `Draft`: Being written; not yet ready for review." in status.markdown
    created = hover(model(), Pos(6, 12))
    assert created is not None and created.markdown == (
        "**Created**: header field 6 of 8\n\nA date written `DD-MM-YYYY`.\n\nTemplate: `[DD-MM-YYYY]`"
    )


def test_hover_on_leftovers_says_what_to_write_instead() -> None:
    instruction = hover(model(), Pos(15, 4))
    assert instruction is not None and instruction.span == Span(Pos(15, 0), Pos(15, 47))
    assert instruction.markdown == (
        "**Template instruction text**: guidance for the author, not content.\n\n"
        "Write 'Motivation' in your own words, then remove these lines."
    )
    placeholder = hover(model(), Pos(19, 12))
    assert placeholder is not None and placeholder.span == Span.on_line(19, 11, 17)
    assert placeholder.markdown == "**Placeholder**: replace it with the real value: Date."


def test_hover_on_a_header_placeholder_explains_the_field() -> None:
    found = hover(model(template_text()), Pos(7, 10))
    assert found is not None and found.markdown == (
        "**Placeholder** for `Type`: replace it with the value.\n\nOne of `Standard`, `Informational`, `Process`."
    )


def test_no_hover_on_prose_blank_lines_or_other_markdown() -> None:
    assert hover(model(), Pos(11, 3)) is None
    assert hover(model(), Pos(999, 0)) is None
    assert hover(model("# Readme\n\n## Install\n"), Pos(2, 4)) is None


# --- symbols and folding -----------------------------------------------------------------------


def test_document_symbols_are_the_title_holding_the_header_with_fields_then_the_section_tree() -> (
    None
):
    [root] = document_symbols(model())
    assert (root.name, root.detail, root.kind, root.span, root.selection) == (
        "PEP 9100: Tidy logs",
        "",
        "title",
        Span(Pos(0, 0), Pos(21, 8)),
        Span.on_line(0, 2, 21),
    )
    symbols = list(root.children)
    header = symbols[0]
    assert (header.name, header.detail, header.kind, header.span, header.selection) == (
        "Header",
        "4 fields",
        "header",
        Span(Pos(2, 0), Pos(7, 3)),
        Span(Pos(2, 0), Pos(2, 3)),
    )
    assert [(c.name, c.detail, c.span, c.selection) for c in header.children] == [
        ("PEP", "9100", Span(Pos(3, 0), Pos(3, 9)), Span.on_line(3, 0, 3)),
        ("Title", "Tidy logs", Span(Pos(4, 0), Pos(4, 16)), Span.on_line(4, 0, 5)),
        ("Status", "Draft", Span(Pos(5, 0), Pos(5, 13)), Span.on_line(5, 0, 6)),
        ("Created", "2026-09-01", Span(Pos(6, 0), Pos(6, 19)), Span.on_line(6, 0, 7)),
    ]
    assert [
        (s.name, s.detail, s.span, s.selection, [c.name for c in s.children]) for s in symbols[1:]
    ] == [
        ("Abstract", "Essential", Span(Pos(9, 0), Pos(11, 32)), Span.on_line(9, 3, 11), []),
        (
            "Motivation",
            "Essential",
            Span(Pos(13, 0), Pos(19, 18)),
            Span.on_line(13, 3, 13),
            ["Use Cases"],
        ),
        ("Notes", "", Span(Pos(21, 0), Pos(21, 8)), Span.on_line(21, 3, 8), []),
    ]
    assert symbols[2].children[0].span == Span(Pos(17, 0), Pos(19, 18))


def test_without_a_title_the_header_and_sections_are_the_top_level() -> None:
    symbols = document_symbols(model(TEXT.replace("# PEP 9100: Tidy logs\n", "")))
    assert [(s.name, s.kind) for s in symbols] == [
        ("Header", "header"),
        ("Abstract", "section"),
        ("Motivation", "section"),
        ("Notes", "section"),
    ]


def test_a_header_above_the_title_stays_beside_it() -> None:
    text = TEXT.replace("# PEP 9100: Tidy logs\n\n", "").replace(
        "```\n\n## Abstract", "```\n\n# PEP 9100: Tidy logs\n\n## Abstract"
    )
    symbols = document_symbols(model(text))
    assert [(s.name, s.kind, s.span.start.line, [c.name for c in s.children]) for s in symbols] == [
        ("Header", "header", 0, ["PEP", "Title", "Status", "Created"]),
        ("PEP 9100: Tidy logs", "title", 7, ["Abstract", "Motivation", "Notes"]),
    ]


def test_folding_ranges_cover_the_header_and_every_section_longer_than_its_heading() -> None:
    assert folding_ranges(model()) == [
        Fold(2, 7, "header"),
        Fold(9, 11, "section"),
        Fold(13, 19, "section"),
        Fold(17, 19, "section"),
    ]


def test_other_markdown_has_no_outline_from_us() -> None:
    readme = model("# Readme\n\n## Install\n\npip install\n")
    assert document_symbols(readme) == [] and folding_ranges(readme) == []


# --- progress ----------------------------------------------------------------------------------


def test_progress_counts_written_sections_leftovers_and_words() -> None:
    summary = progress(model())
    assert summary == Progress(
        sections_written=1,
        sections_total=12,
        placeholders=1,
        instructions=1,
        examples=0,
        word_counts=(("Abstract", 6, 300),),
    )
    assert (
        summary.text
        == "Sections 1/12 · 1 placeholder left · 1 instruction left · Abstract 6/300 words"
    )


def test_progress_on_the_fixtures() -> None:
    texts = {
        name: progress(model(fixture_text(name))).text
        for name in ("complete.md", "draft.md", "half-filled.md")
    }  # type: ignore[union-attr]
    assert texts == {
        "complete.md": "Sections 12/12 · no placeholders left · Abstract 221/300 words",
        "draft.md": "Sections 5/12 · 5 placeholders left · 1 instruction left · 1 example left · Abstract 190/300 words",
        "half-filled.md": "Sections 11/12 · 4 placeholders left · 1 example left · Abstract 160/300 words",
    }


def test_no_progress_for_other_markdown() -> None:
    assert progress(model("# Readme\n\n## Install\n")) is None
