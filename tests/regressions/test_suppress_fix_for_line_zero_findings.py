"""Found by tests/robustness/test_fix_properties.py (long profile), not fixed here: H100 in a
document with no title is reported on line 0 whatever that line holds. "Suppress H100 on this
line" puts `<!-- pep-lsp-disable-next-line H100 -->` above line 0, the comment becomes line 0,
H100 is reported on the comment and the directive covers line 1: the fix does nothing. Fixed:
document-level findings get "Suppress CODE in this file", a `disable-file` directive."""

from __future__ import annotations

from pep_lsp.engine.check import check
from tests.conftest import apply_edits


def test_suppress_fix_for_h100_without_a_title_suppresses_it() -> None:
    text = "## Motivation\n## Rationale\n```\n"
    [h100] = [f for f in check(text, claimed=True) if f.code == "H100"]  # a pep-0012.md file
    fix = next(fix for fix in h100.fixes if fix.title == "Suppress H100 in this file")
    assert not [
        f for f in check(apply_edits(text, list(fix.edits)), claimed=True) if f.code == "H100"
    ]
