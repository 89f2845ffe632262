"""The incremental model always equals a fresh parse of the same text."""

from __future__ import annotations

import random

import pytest

from pep_lsp.check import DEFAULT_SETTINGS, Checker, check_model
from pep_lsp.document import Document
from pep_lsp.text import Pos, split_lines
from tests.conftest import template_text

SNIPPETS = ["```", "```python\n", "\n```\n", "## New Section\n", "### Overview\n", "\n\n", "\r\n", "\r", "\n",
            "*[Provide 2-3 concrete examples of how this enhancement will be used:]*", "[Date]", "x", "<!--", "-->",
            "~~~\n", "# Title\n", "    indented\n", "| a | b |\n|---|---|\n| c | d |\n", "😀", "é", ""]


def fresh_view(document: Document) -> tuple:
    fresh = Document(document.text, document.schema)
    return snapshot(fresh)


def snapshot(document: Document) -> tuple:
    model = document.model
    return (
        document.text,
        document.block_starts,
        model.headings,
        model.fences,
        model.leftovers,
        [model.words_in(section) for section in model.sections],
        model.header,
        [(f.code, f.span, f.message, f.severity) for f in check_model(model)],
    )


def random_edit(rng: random.Random, document: Document) -> tuple[Pos, Pos, str]:
    lines = document.lines
    a_line = rng.randrange(len(lines))
    a = Pos(a_line, rng.randint(0, len(lines[a_line])))
    b_line = min(len(lines) - 1, a_line + rng.choice([0, 0, 0, 1, 2, 5]))
    b = Pos(b_line, rng.randint(0, len(lines[b_line])) if b_line != a_line else rng.randint(a.col, len(lines[a_line])))
    return a, b, rng.choice(SNIPPETS)


@pytest.mark.parametrize("seed", range(30))
def test_random_edit_sequences_equal_fresh_parse(schema, seed: int) -> None:
    rng = random.Random(seed)
    document = Document(template_text().replace("\n", "\r\n") if seed % 3 == 0 else template_text(), schema)
    checker = Checker(DEFAULT_SETTINGS)
    for _ in range(60):
        start, end, text = random_edit(rng, document)
        document.replace(start, end, text)
        incremental = [(f.code, f.span, f.message, f.severity) for f in checker.run(document.model)]
        fresh = [(f.code, f.span, f.message, f.severity) for f in check_model(Document(document.text, schema).model)]
        assert incremental == fresh
    assert snapshot(document) == fresh_view(document)


@pytest.mark.parametrize("seed", range(10))
def test_keystrokes_in_prose_reuse_the_structure(schema, seed: int) -> None:
    """Typing inside a paragraph keeps the structure key; the checker's results stay exact."""
    rng = random.Random(seed)
    document = Document(template_text(), schema)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    key = document.model.structure_key
    line = next(i for i, text in enumerate(document.lines) if text.startswith("- **Development Time**"))
    for _ in range(20):
        document.replace(Pos(line, 2), Pos(line, 2), rng.choice("abc [x]"))
        assert document.model.structure_key is key
        fresh = check_model(Document(document.text, schema).model)
        assert [(f.code, f.span, f.message) for f in checker.run(document.model)] == [(f.code, f.span, f.message) for f in fresh]


def test_edit_that_opens_a_fence_moves_block_boundaries(schema) -> None:
    text = "# T\n\n## Abstract\n\nText.\n\n## Motivation\n\nMore.\n"
    document = Document(text, schema)
    assert [h.title for h in document.model.headings] == ["T", "Abstract", "Motivation"]
    document.replace(Pos(4, 0), Pos(4, 0), "```\n")
    assert [h.title for h in document.model.headings] == ["T", "Abstract"]
    document.replace(Pos(4, 0), Pos(5, 0), "")
    assert [h.title for h in document.model.headings] == ["T", "Abstract", "Motivation"]
    assert document.text == text


def test_cr_then_lf_inserted_later_forms_one_line_break(schema) -> None:
    document = Document("a\rb", schema)
    document.replace(Pos(1, 0), Pos(1, 0), "\n")
    assert document.text == "a\r\nb"
    assert document.lines == ["a", "b"]
    assert split_lines(document.text)[0] == document.lines
