"""Regression (found by tests/robustness/test_fix_properties.py): H102's quick fix renamed an
unknown field to the closest template field even when the header already had that field,
so applying it created a duplicate (H103) and the header had two values for it."""

from __future__ import annotations

from pep_lsp.engine.check import check
from tests.conftest import apply_edits

HEADER = """# PEP 9001: Tidy logs

```
PEP: 9001
Title: Tidy logs
Author: Ada Lovelace <ada@corp.test>
Auther: Ada Lovelace <ada@corp.test>
Status: Draft
Type: Standard
Created: 01-09-2026
Updated: 02-09-2026
```

## Abstract

Logs get tidier.

## Motivation

Logs are untidy today.
"""


def test_unknown_field_is_never_renamed_to_a_field_the_header_has() -> None:
    [finding] = [f for f in check(HEADER) if f.code == "H102"]
    assert finding.message == "Unknown header field 'Auther'; did you mean 'Author'?"
    assert [fix.title for fix in finding.fixes] == [
        "Suppress H102 in the header block (lines 3-12)"
    ]  # no rename


def test_unknown_field_is_renamed_to_the_closest_missing_field() -> None:
    text = HEADER.replace("Author: Ada Lovelace <ada@corp.test>\n", "")
    [finding] = [f for f in check(text) if f.code == "H102"]
    assert finding.message == "Unknown header field 'Auther'; did you mean 'Author'?"
    [fix, _suppress] = finding.fixes
    fixed = apply_edits(text, list(fix.edits))
    assert "\nAuthor: Ada Lovelace <ada@corp.test>\nStatus: Draft\n" in fixed
    assert [f.code for f in check(fixed) if f.code in ("H101", "H102", "H103")] == [
        "H101"
    ]  # Version only
