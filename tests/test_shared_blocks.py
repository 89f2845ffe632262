"""A block's facts are remembered across documents analysed against the same schema (the
same headings and boilerplate recur in every proposal of a repository), never across
schemas."""

from __future__ import annotations

from pep_lsp.model.blocks import analyse_block
from pep_lsp.model.document import Document
from pep_lsp.template import parse_template
from tests.conftest import fixture_text, template_text


def test_the_same_block_in_two_documents_is_analysed_once(schema) -> None:
    one = Document("## Motivation\n\nFirst text.\n", schema)
    two = Document("## Motivation\n\nOther text.\n", schema)
    assert one._facts[0] is two._facts[0]
    assert one._facts[0] == analyse_block(["## Motivation", ""], schema)
    assert one._facts[1] is not two._facts[1]


def test_another_schema_analyses_again(schema) -> None:
    text = fixture_text("draft.md")
    first = Document(text, schema)
    other = parse_template(template_text(), "other.md")
    second = Document(text, other)
    assert all(a is not b for a, b in zip(first._facts, second._facts))
    assert first._facts == second._facts  # (the same template: equal facts, analysed anew)
