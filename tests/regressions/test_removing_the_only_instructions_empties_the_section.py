"""Regression (found by tests/robustness/test_fix_properties.py): "Remove this instruction
text" on a section holding nothing else leaves the heading alone, and S104 then reports the
section as empty. That is the expected outcome, not a fix reaching outside its title: the
instructions were never content. The fix removes exactly the instruction lines."""

from __future__ import annotations

from pep_lsp.engine.check import check, check_model
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from tests.conftest import apply_edits

TEXT = (
    "# PEP 9001: Tidy logs\r\n\r\n```\r\nPEP: 9001\r\nTitle: Tidy logs\r\nStatus: Final\r\n```\r\n\r\n"
    "## Specification\r\n\r\n### Overview\r\n\r\nText.\r\n\r\n### API Changes\r\n\r\n*[Document any new or modified APIs, including:]*\r\n\r\n"
)


def test_removing_a_sections_only_instructions_leaves_its_heading_and_reports_it_empty() -> None:
    model = Document(TEXT, default_schema()).model
    [l101] = [f for f in check_model(model) if f.code == "L101"]
    [fix] = [f for f in l101.fixes if f.title == "Remove this instruction text"]
    fixed = apply_edits(TEXT, list(fix.edits))
    assert fixed == TEXT.replace("\r\n*[Document any new or modified APIs, including:]*\r\n", "")
    assert [(f.code, f.message) for f in check(fixed) if f.code in ("L101", "S104")] == [
        ("S104", "Section 'API Changes' is empty: write it or remove the heading"),
    ]
