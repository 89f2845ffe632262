"""Plain prose blocks skip markdown-it: the shortcut must give exactly what the parse gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pep_lsp.model.blocks import _PARSER, analyse_block, plain_paragraph_lines
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from tests.conftest import FIXTURES, template_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_pep  # noqa: E402

SCHEMA = default_schema()


def parsed_as_one_paragraph(lines: list[str]) -> int | None:
    """What markdown-it says: the paragraph's line count when the block is exactly one paragraph."""
    tokens = [t for t in _PARSER.parse("\n".join(lines)) if t.type != "inline"]
    if (
        [t.type for t in tokens] == ["paragraph_open", "paragraph_close"]
        and tokens[0].map
        and tokens[0].map[0] == 0
    ):
        return tokens[0].map[1]
    return None


def corpus_blocks() -> list[list[str]]:
    texts = [
        template_text(),
        *(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.md"))),
        (ROOT / "examples" / "pep-9002-draft.md").read_text(encoding="utf-8"),
        *(generate_pep(size, seed).text for size, seed in ((300, 1), (300, 2), (3000, 3))),
    ]
    blocks = []
    for text in texts:
        document = Document(text, SCHEMA)
        starts = [*document.block_starts, len(document.lines)]
        blocks += [document.lines[a:b] for a, b in zip(starts, starts[1:])]
    return blocks


def test_the_shortcut_takes_most_prose_blocks_of_real_documents_and_agrees_on_every_block() -> None:
    blocks = corpus_blocks()
    taken = 0
    for lines in blocks:
        plain = plain_paragraph_lines(lines)
        if plain is not None:
            taken += 1
            assert plain == parsed_as_one_paragraph(lines), lines
        assert analyse_block(lines, SCHEMA) == analyse_block(lines, SCHEMA, parse_prose=True), lines
    assert taken > len(blocks) / 3


# Line starts that do or do not open a Markdown construct, then text with inline syntax.
STARTS = [
    "Word",
    "word",
    "Élan",
    "ß",
    '"Quoted',
    "'single",
    "(paren",
    "1. ",
    "1) ",
    "- ",
    "* ",
    "+ ",
    "# ",
    "> ",
    "```",
    "~~~",
    "    ",
    "\t",
    " ",
    "<div>",
    "<!-- ",
    "| a | b |",
    "|---|---|",
    "---",
    "===",
    "***",
    "___",
    "[ref]: /url",
    ":--|--:",
    "a | b",
    "-- | --",
    "\\",
    "_x_",
    "`",
    "\u00a0",
    "\u2028x",
    "",
]
REST = st.text(
    alphabet=st.sampled_from(list("ab [](){}<>|*_`~#-=:!\"'\\ \t.1\u00a0😀")), max_size=12
)


@st.composite
def blocks(draw: st.DrawFn) -> list[str]:
    lines = [draw(st.sampled_from(STARTS)) + draw(REST) for _ in range(draw(st.integers(1, 6)))]
    return lines + [""] * draw(st.integers(0, 2))


@settings(max_examples=1500, deadline=None)
@given(lines=blocks())
def test_the_shortcut_agrees_with_markdown_it_on_generated_blocks(lines: list[str]) -> None:
    plain = plain_paragraph_lines(lines)
    if plain is not None:
        assert plain == parsed_as_one_paragraph(lines)
    assert analyse_block(lines, SCHEMA) == analyse_block(lines, SCHEMA, parse_prose=True)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Plain text.", "More text.", "", ""], 2),
        (["Title", "====="], None),  # a setext heading
        (["Name | Value", "--- | ---", "a | b"], None),  # a table without outer pipes
        (["Text", "1. item"], None),
        (["Text", "  indented continuation"], None),  # still a paragraph, but markdown-it decides
        (["\u00a0"], None),  # not a letter
        (["Text", "", "More"], None),  # a blank line inside
        ([""], None),
    ],
)
def test_what_counts_as_plain(lines: list[str], expected: int | None) -> None:
    assert plain_paragraph_lines(lines) == expected
