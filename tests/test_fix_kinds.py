"""Code actions find fixes by `Fix.kind`, never by the rule's code or the fix's title."""

from __future__ import annotations

from pep_lsp.features.code_actions import REMOVE_ALL_INSTRUCTIONS, document_actions
from pep_lsp.findings import Edit, Finding, Fix, FixKind, Severity
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos, Span

TEXT = "# PEP 1: T\n\nOne.\n\nTwo.\n"
ONE = Edit(Span(Pos(2, 0), Pos(4, 0)), "")
TWO = Edit(Span(Pos(4, 0), Pos(5, 0)), "")


def finding(code: str, title: str, kind: FixKind, edit: Edit) -> Finding:
    return Finding(code, "m", edit.span, Severity.WARNING, (Fix(title, (edit,), kind=kind),))


def test_remove_all_instructions_gathers_fixes_by_kind_whatever_their_code_and_title() -> None:
    model = Document(TEXT, default_schema(), True).model
    renamed = finding("Z1", "Drop it", FixKind.REMOVE_INSTRUCTIONS, ONE)
    same_title = finding("L101", "Remove this instruction text", FixKind.REPLACE_WORD, TWO)
    actions = document_actions(model, [renamed, same_title])
    assert [(a.title, a.edits, a.diagnostics) for a in actions] == [
        (REMOVE_ALL_INSTRUCTIONS, (ONE,), (renamed,))
    ]
