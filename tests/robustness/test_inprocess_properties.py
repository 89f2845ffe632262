"""Properties 2 and 4 in process: every range we would send lies inside the document on
character boundaries, and hostile documents neither crash the model nor make it drift."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pep_lsp.engine.check import check_model
from pep_lsp.lsp.convert import to_diagnostics, to_text_edit
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from pep_lsp.text import Pos
from tests.robustness.ranges import RangeChecker
from tests.robustness.report import count, scaled
from tests.robustness.strategies import documents, hostile_documents, pep_documents
from tests.robustness.test_incremental_properties import fresh, snapshot

SCHEMA = default_schema()
HOSTILE = hostile_documents()


def check_ranges(document: Document, encoding: str) -> int:
    """Every diagnostic and every fix's text edit, converted as the server converts them."""
    model = document.model
    checker = RangeChecker(document.text, encoding)
    findings = check_model(model)
    for diagnostic in to_diagnostics(model.lines, findings, encoding):
        checker.check_range(diagnostic.range, f"diagnostic {diagnostic.code}")
    for finding in findings:
        for fix in finding.fixes:
            for edit in fix.edits:
                checker.check_range(
                    to_text_edit(model.lines, edit, encoding).range, f"edit of {fix.title!r}"
                )
    return len(findings)


@settings(max_examples=scaled(200))
@given(
    text=st.one_of(documents(), pep_documents()),
    encoding=st.sampled_from(["utf-16", "utf-16", "utf-8", "utf-32"]),
)
def test_every_range_lies_inside_the_document_on_character_boundaries(
    text: str, encoding: str
) -> None:
    count("P2 in-process documents")
    count("P2 in-process ranges checked", check_ranges(Document(text, SCHEMA), encoding))


def hostile_edits(document: Document) -> list[tuple[Pos, Pos, str]]:
    """Open a fence mid-document, type at the end, join the first two lines, type into the middle of a long line."""
    middle = len(document.lines) // 2
    last = len(document.lines) - 1
    longest = max(range(len(document.lines)), key=lambda i: len(document.lines[i]))
    return [
        (Pos(middle, 0), Pos(middle, 0), "```\n"),
        (
            Pos(last, len(document.lines[last])),
            Pos(last, len(document.lines[last])),
            "\n## Abstract\n\ntext 😀\r\n",
        ),
        (Pos(0, len(document.lines[0])), Pos(1, 0), ""),
        (
            Pos(longest, len(document.lines[longest]) // 2),
            Pos(longest, len(document.lines[longest]) // 2 + 1),
            "\x00\ud800\n",
        ),
        (Pos(middle + 1, 0), Pos(middle + 2, 0), ""),  # close it again by deleting what follows
    ]


@pytest.mark.parametrize("name", sorted(set(HOSTILE) - {"five-mb"}))
def test_hostile_document_is_analysed_and_edited_without_drift(name: str) -> None:
    document = Document(HOSTILE[name], SCHEMA)
    check_ranges(document, "utf-16")
    for start, end, text in hostile_edits(document):
        document.replace(start, end, text)
        _ = document.model
    count("P4 in-process hostile inputs")
    assert snapshot(document) == fresh(document.text)
    check_ranges(document, "utf-16")


def test_five_megabyte_document_is_analysed_with_valid_ranges() -> None:
    text = HOSTILE["five-mb"]
    assert len(text.encode("utf-8")) >= 5_000_000
    document = Document(text, SCHEMA)
    assert check_ranges(document, "utf-16") > 0
    headings = len(document.model.headings)
    lines = text.split("\n")
    # A fence opened at line 40 runs to the next fence line (Appendix A's code block),
    # swallowing every heading of the first copy in between.
    swallowed = sum(1 for line in lines[40 : lines.index("```python")] if line.startswith("#"))
    document.replace(Pos(40, 0), Pos(40, 0), "```\n")
    assert document.text == "\n".join(lines[:40]) + "\n```\n" + "\n".join(lines[40:])
    assert len(document.model.headings) == headings - swallowed
    check_ranges(document, "utf-16")
    count("P4 in-process hostile inputs")
