"""Property 1, in process: after any sequence of edits the incremental model, and the
diagnostics, equal those of a fresh parse of the final text.

Two levels: `Document.replace` with code-point positions (the model's own API), and
`PepTextDocument.apply_change` with LSP ranges in UTF-16 units (what the server runs),
against `apply_lsp_edit`, a reference implementation on the flat text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker, check_model
from pep_lsp.lsp.text_document import PepTextDocument
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos
from tests.conftest import model_snapshot as snapshot
from tests.robustness.report import count, scaled
from tests.robustness.strategies import (
    LspEdit,
    apply_lsp_edit,
    documents,
    fragment,
    lsp_edit,
    pep_documents,
)

SCHEMA = default_schema()


def fresh(text: str) -> tuple:
    return snapshot(Document(text, SCHEMA))


starting_text = st.one_of(documents(), pep_documents())


@settings(max_examples=scaled(150))
@given(text=starting_text, data=st.data())
def test_document_replace_sequences_equal_fresh_parse(text: str, data: st.DataObject) -> None:
    document = Document(text, SCHEMA)
    steps = data.draw(st.integers(1, 12), label="steps")
    for _ in range(steps):
        lines = document.lines
        a_line = data.draw(st.integers(0, len(lines) - 1))
        b_line = data.draw(st.integers(a_line, min(len(lines) - 1, a_line + 4)))
        a_col = data.draw(st.integers(0, len(lines[a_line])))
        b_col = data.draw(st.integers(a_col if b_line == a_line else 0, len(lines[b_line])))
        new_text = data.draw(
            st.one_of(
                fragment(), st.sampled_from(["", "\n", "\r\n", "\r", "```\n", "## Abstract\n"])
            )
        )
        expected = _replace_flat(
            document.text,
            document.lines,
            document.endings,
            Pos(a_line, a_col),
            Pos(b_line, b_col),
            new_text,
        )
        document.replace(Pos(a_line, a_col), Pos(b_line, b_col), new_text)
        assert document.text == expected
        _ = document.model  # the server analyses every version
    count("P1 in-process Document edit sequences")
    count("P1 in-process Document edits", steps)
    assert snapshot(document) == fresh(document.text)


def _replace_flat(
    text: str, lines: list[str], endings: list[str], start: Pos, end: Pos, new_text: str
) -> str:
    def offset(pos: Pos) -> int:
        return (
            sum(
                len(line) + len(ending)
                for line, ending in zip(lines[: pos.line], endings[: pos.line])
            )
            + pos.col
        )

    return text[: offset(start)] + new_text + text[offset(end) :]


def to_change(edit: LspEdit) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(*edit.start), end=types.Position(*edit.end)),
        text=edit.text,
    )


def published(findings: list) -> list[tuple]:
    """What a diagnostic carries (the server's Checker builds no fixes)."""
    return [(f.code, f.span, f.message, f.severity, f.subject) for f in findings]


@settings(max_examples=scaled(250))
@given(text=starting_text, data=st.data())
def test_lsp_change_sequences_equal_fresh_parse(text: str, data: st.DataObject) -> None:
    """As the server runs it: LSP changes, then its incremental Checker on every version."""
    document = PepTextDocument("file:///fuzz.md", text, SCHEMA, "utf-16", version=0)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    expected = text
    steps = data.draw(st.integers(1, 15), label="steps")
    for _ in range(steps):
        edit = data.draw(lsp_edit(expected))
        expected = apply_lsp_edit(expected, edit)
        document.apply_change(to_change(edit))
        assert document.source == expected
        findings = checker.run(document.model)
    count("P1 in-process LSP edit sequences")
    count("P1 in-process LSP edits", steps)
    assert snapshot(document.contents) == fresh(expected)
    assert published(findings) == published(check_model(Document(expected, SCHEMA).model))
