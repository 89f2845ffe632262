"""Regression (found by tests/robustness/test_server_properties.py, long profile): the
server's incremental Checker reuses "structure" findings while the structure is unchanged,
but H100 (and S101's fallback) span the whole of line 0, which may be prose: typing on that
line left the published range at the old line's length, unlike a fresh check."""

from __future__ import annotations

import pytest

from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker, check_model
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos

SCHEMA = default_schema()


def diagnostics(findings: list) -> list[tuple]:
    return [(f.code, f.span, f.message, f.severity) for f in findings]


@pytest.mark.parametrize(
    "text",
    [
        "# PEP 9001: Tidy logs\n\n## Abstract\n\nText.\n\n## Motivation\n\nMore.\n",
        "Intro line.\n\n## Abstract\n\nText.\n\n## Motivation\n\nMore.\n",
    ],
    ids=["title-turned-prose", "prose-on-line-zero"],
)
def test_typing_on_line_zero_moves_the_end_of_whole_line_findings(text: str) -> None:
    # Claimed as a PEP (a `pep-0012.md` file), as a title turned prose no longer says it is one.
    document = Document(text, SCHEMA, claimed=True)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    for start, end, new_text in [(Pos(0, 0), Pos(0, 1), ""), (Pos(0, 0), Pos(0, 0), "        # x")]:
        document.replace(start, end, new_text)
        assert diagnostics(checker.run(document.model)) == diagnostics(
            check_model(Document(document.text, SCHEMA, claimed=True).model)
        )
    [h100] = [f for f in checker.run(document.model) if f.code == "H100"]
    assert h100.span.end == Pos(0, len(document.lines[0]))
