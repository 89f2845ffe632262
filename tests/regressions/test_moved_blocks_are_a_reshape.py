"""Regression (found by review): an edit that keeps the line count and every block's shape
but moves where blocks start (text pulled up a line, a blank line pushed down) reused what
the previous version had placed by block. Headings, sections and tables are kept relative to
their block, so they came out a line off: S101 on the wrong line, a suppression comment
applied to the wrong finding, and a "Suppress" fix inserted inside a table."""

from __future__ import annotations

from pep_lsp.engine.check import DEFAULT_SETTINGS, Checker, check_model
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos
from tests.conftest import apply_edits

SCHEMA = default_schema()
HEAD = "# T\n\n```\nTitle: A\nStatus: Draft\n```\n\n## Abstract\n\n"


def findings(found: list) -> list[tuple]:
    return [(f.code, f.span, f.message) for f in found]


def test_a_moved_suppressed_table_keeps_its_suppression() -> None:
    text = (
        HEAD
        + "para\ntext\n\n<!-- pep-lsp-disable-next-line L102 -->\n| a | b |\n|---|---|\n| [Date] | d |\n\nend\n"
    )
    document = Document(text, SCHEMA)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    document.replace(
        Pos(10, 0),
        Pos(15, 14),
        "\n<!-- pep-lsp-disable-next-line L102 -->\n| a | b |\n|---|---|\n| [Date] | d |\n",
    )
    fresh = Document(document.text, SCHEMA).model
    assert document.model.tables == fresh.tables == [(12, 15)]
    assert findings(checker.run(document.model)) == findings(check_model(fresh))
    assert not [f for f in checker.run(document.model) if f.code in ("L102", "D101")]


def test_the_suppress_fix_for_a_moved_table_goes_above_the_table() -> None:
    text = HEAD + "para\ntext\n\n| a | b |\n|---|---|\n| [Date] | d |\n\nend\n"
    document = Document(text, SCHEMA)
    check_model(document.model)
    document.replace(Pos(10, 0), Pos(14, 14), "\n| a | b |\n|---|---|\n| [Date] | d |\n")
    [l102] = [f for f in check_model(document.model) if f.code == "L102"]
    [suppress] = [
        fix for fix in l102.fixes if fix.title == "Suppress L102 in this table (lines 12-14)"
    ]
    fixed = apply_edits(document.text, list(suppress.edits))
    assert (
        fixed
        == HEAD
        + "para\n\n<!-- pep-lsp-disable-next-line L102 -->\n| a | b |\n|---|---|\n| [Date] | d |\n\n\nend\n"
    )


def test_a_heading_pulled_up_a_line_is_found_on_its_new_line() -> None:
    document = Document("## Abstract\n\npara\ntext\n\n## Motivation\nbody\n", SCHEMA)
    checker = Checker(DEFAULT_SETTINGS)
    checker.run(document.model)
    document.replace(Pos(3, 0), Pos(6, 4), "\n## Motivation\nbody\nmore")
    assert [h.line for h in document.model.headings] == [0, 4]
    assert findings(checker.run(document.model)) == findings(
        check_model(Document(document.text, SCHEMA).model)
    )
