"""One fix policy: `pep-lsp check --fix` (`fix_text`) and the editor's "Apply all safe fixes"
(`source.fixAll.pep-lsp`) give the same text on every fixture: the bundled example documents,
the template, and every case of every rule's fixture."""

from __future__ import annotations

import pytest

from pep_lsp.edits import apply_edits
from pep_lsp.engine.check import Settings, check_model
from pep_lsp.engine.fix_all import fix_text
from pep_lsp.features.code_actions import FIX_ALL, code_actions
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Span
from tests.conftest import FIXTURES, template_text
from tests.rules.fixtures import every_case

DOCUMENTS = [
    ("template", template_text()),
    *((path.name, path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.md"))),
    *((case.id, case.text) for case in every_case() if len(case.files) == 1),
]


def editor_fix_all(text: str) -> str:
    """What a client gets from asking for source.fixAll and applying it, until nothing is left
    (a fix can make another appear, as `--fix` allows for with its passes)."""
    for _ in range(5):
        model = Document(text, default_schema(), True).model
        actions = code_actions(model, check_model(model), Span.on_line(0, 0, 0), only=[FIX_ALL])
        if not actions:
            break
        [action] = actions
        text = apply_edits(text, action.edits)
    return text


@pytest.mark.parametrize(("name", "text"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_check_fix_and_the_editors_fix_all_give_the_same_text(name: str, text: str) -> None:
    fixed, _ = fix_text(text, Settings(), claimed=True)
    assert editor_fix_all(text) == fixed


def test_the_documents_hold_safe_fixes_to_compare() -> None:
    """Not vacuous: the policy changes some of these documents."""
    changed = [
        name for name, text in DOCUMENTS if fix_text(text, Settings(), claimed=True)[0] != text
    ]
    assert len(changed) >= 5, changed
