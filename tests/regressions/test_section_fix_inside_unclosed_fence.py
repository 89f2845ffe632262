"""Regression (found by tests/robustness/test_fix_properties.py, long profile): when the
document ended inside a fence that is never closed (here the header's), S101's quick fix
inserted the missing section at the end, inside that fence: the "section" was code and the
finding stayed. No insertion is offered there now; elsewhere the fix is unchanged."""

from __future__ import annotations

from pep_lsp.engine.check import check
from tests.conftest import apply_edits

UNCLOSED_HEADER = "```\nTitle: A title\n"


def test_no_section_is_inserted_into_a_fence_that_is_never_closed() -> None:
    missing = [f for f in check(UNCLOSED_HEADER) if f.code == "S101"]
    assert len(missing) == 12
    assert all(
        fix.last_resort for finding in missing for fix in finding.fixes
    )  # only "Suppress S101 ..."


def test_with_the_fence_closed_the_fix_inserts_a_real_section() -> None:
    text = UNCLOSED_HEADER + "```\n"
    [abstract] = [f for f in check(text) if f.code == "S101" and f.subject == "Abstract"]
    fix = next(fix for fix in abstract.fixes if not fix.last_resort)
    assert fix.title == "Insert missing section 'Abstract'"
    fixed = apply_edits(text, list(fix.edits))
    assert fixed.startswith("```\nTitle: A title\n```\n\n## Abstract\n\n")
    assert not [f for f in check(fixed) if f.code == "S101" and f.subject == "Abstract"]
