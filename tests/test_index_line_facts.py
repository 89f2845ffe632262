"""The index's per-line reading takes short cuts for `check` (which reads every line of every
file): each must give what the full reading gives, on every line of the real texts the tests
hold and on lines made to sit at the edge of each short cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from pep_lsp.workspace.index import (
    _cites_nothing,
    _lines_facts,
    _read_line,
    _read_marked_line,
    _references,
)

DATA = Path(__file__).parent / "data"
FIXTURES = Path(__file__).parent / "fixtures"
PREFIXES = ("PEP", "EIP", "RFC")

EDGES = [
    "`x`[a]: PEP-url.md",  # masking the code span makes `[a]:` a reference definition
    "`x`[a]: notes.md",
    "[a]: https://example.com/pep",
    "   [a]: pep-0001.md",
    "This PEP proposes a change.",
    "This PEP 8 rule",
    "This PEP-8 rule",
    "`PEP 8` in code, PEP 9 outside",
    "<https://example.com/PEP 8> and PEP 12",
    "see[PEP 8](pep-0008.md)",
    "[Python's PEP 1](https://peps.python.org/pep-0001/) and PEP 2",
    "x/PEP 8 and #PEP 9 and PEP 10x",
    "PEP\u00a012 and PEP 1234567",
    "- PEP 8 in a list item",
    "| PEP 8 | in a table |",
    '<a id="here"></a> PEP 8',
    "## PEP 8: a heading",
    "The word PEPPER is not a mention",
    "",
    "   ",
    "\u3000full-width space first",
    "Ünïcode prose with PEP",
    "---",
    "- ",
    "-  x",
    "- -",
    "-\x0b",
    "   - indented item",
    "    - four spaces",
    "\t- tab",
    "+ plus item",
    "*bold* start",
    "* star item",
    "> a quote",
    "| t | u |",
    "1. item",
    "(parenthesis) first",
    "===",
    "= x",
    "## Abstract",
    "## Abstract {#abs}",
    "   ### Indented heading ###",
    "# PEP 8: Title",
    "#no-space",
    "####### seven",
    "~~~",
    "```python",
    "<div>",
    "<details>",
    "[link](pep-0008.md)",
    "_underscore_ first",
]


def _lines() -> list[str]:
    lines = list(EDGES)
    for folder in (DATA, FIXTURES):
        for path in sorted(folder.rglob("*.md")):
            lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
    return lines


LINES = _lines()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_line_naming_the_proposal_word_said_to_cite_nothing_has_no_reference(
    prefix: str,
) -> None:
    """Such a line used to be read in full (masked, then searched); now it is not when
    `_cites_nothing` says so: what the full reading finds there must be nothing."""
    said = 0
    for line in LINES:
        stripped = line.lstrip()
        if stripped and prefix in line and _cites_nothing(line, stripped[0], prefix):
            said += 1
            assert _references(line, prefix) == ((), False, ()), line
    assert said > 10  # (the short cut is taken)


def test_the_edge_lines_are_read_in_full_where_they_must_be() -> None:
    """Masking the code span before `[a]:` gives a definition the line itself does not
    start with (the full reading's, kept as it was); a mention in code is found not to be
    one only by masking."""
    assert _references(EDGES[0], "PEP")[1] is True
    assert not _cites_nothing(EDGES[0], "`", "PEP")
    assert not _cites_nothing("`PEP 8` in code", "`", "PEP")
    assert _references("`PEP 8` in code", "PEP") == ((), False, ())


@pytest.mark.parametrize("prefix", [*PREFIXES, None])
def test_the_lines_of_a_file_are_read_as_each_line_alone(prefix: str | None) -> None:
    assert _lines_facts(LINES, prefix) == [_read_line(line, prefix) for line in LINES]


@pytest.mark.parametrize("prefix", [*PREFIXES, None])
def test_each_short_cut_of_reading_a_line_gives_what_the_full_reading_gives(
    prefix: str | None,
) -> None:
    """Blank lines, prose, list items and table rows are told by their first character;
    heading lines are read once per text: each must be what reading the line in full gives."""
    for line in LINES:
        stripped = line.lstrip()
        if stripped:
            assert _read_line(line, prefix) == _read_marked_line(line, stripped, prefix), line
            assert _read_line(line, prefix) == _read_marked_line(line, stripped, prefix), line
