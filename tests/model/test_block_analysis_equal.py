"""The block analysis reads a block's prose with whole-block screens (no backtick: nothing to
mask; no `*`: no instruction line; no misspelling among all its words: no line to scan; ...)
instead of every pass on every line. Its facts must be exactly those of the line-by-line
analysis it replaced (`reference_blocks.py`, a copy of it), block by block, for the bundled
template and the two process templates, on real, generated and made-up blocks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pep_lsp.config import resolve
from pep_lsp.model.blocks import (
    _ASCII_WORD,
    _plain_prose_facts,
    analyse_block,
    plain_paragraph_lines,
)
from pep_lsp.model.scan import WORD, mask_code
from pep_lsp.template import Schema, default_schema, normalize_text
from tests.model import reference_blocks
from tests.model.reference_blocks import reference_analyse_block
from tests.test_block_shortcuts import blocks_of, documents

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
PROCESSES = DATA / "processes"


def process_schema(path: Path) -> Schema:
    resolved = resolve(path)
    assert resolved.problems == ()
    return resolved.settings.schema()


SCHEMAS = {
    "pep": default_schema(),
    "eips": process_schema(PROCESSES / "eips" / "EIPS" / "eip-1046.md"),
    "rfcs": process_schema(PROCESSES / "rfcs" / "text" / "2912-rust-analyzer.md"),
}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_block_of_the_real_and_generated_documents_has_the_facts_of_the_line_by_line_analysis(
    name: str,
) -> None:
    schema = SCHEMAS[name]
    blocks = [lines for text in documents() for lines in blocks_of(text)]
    assert len(blocks) > 2000
    for lines in blocks:
        assert analyse_block(lines, schema) == reference_analyse_block(lines, schema), lines
    # Markdown-it's reading of every block, as the shortcut tests compare (only for one
    # schema: the parse is what is slow).
    if name == "pep":
        for lines in blocks[::7]:
            assert analyse_block(lines, schema, parse_prose=True) == reference_analyse_block(
                lines, schema, parse_prose=True
            ), lines


# Pieces of lines that sit on the edges of the screens: code spans (also across lines and of
# other lengths), autolinks and HTML, italic lines, brackets of every kind the analysis reads,
# headings, reference definitions, quotes, list and task items, table rows, fences, comments,
# known misspellings (lower case, capitalised at a sentence's start and inside one).
PIECES = [
    "plain words here",
    "The proposal",
    "`",
    "``",
    "```",
    "`code`",
    "``a ` b``",
    "x`y",
    "<https://example.com/a>",
    "<b>",
    "<!-- pep-lsp: disable=S101 -->",
    "<!--",
    "-->",
    "*",
    "*Describe the motivation here.*",
    "**bold**",
    "_",
    "[",
    "]",
    "[text](https://example.com)",
    '[text](url "title")',
    "](",
    "[Placeholder]",
    "[dd-mm-yyyy]",
    "[Author Name <email@domain.com>, Co-author Name <email@domain.com>]",
    "<!-- TODO -->",
    "TBD",
    "x[0]",
    "[ref]: https://example.com",
    "[^1]",
    "- [ ] Write the first draft of the documentation",
    "- [x] done",
    "#",
    "## Heading",
    "> ",
    "- ",
    "1. ",
    "| a | b |",
    "|---|---|",
    "~~~",
    "    ",
    "\t",
    "teh",
    "Recieve",
    "occured",
    "Seperate.",
    "e.g.",
    "&amp;",
    "\u2019",
    "\u2026",
    "\x00",
]

line = st.lists(st.sampled_from(PIECES), max_size=6).map(" ".join)
block = st.lists(line, min_size=1, max_size=6)


@settings(max_examples=1500, deadline=None)
@given(lines=block, name=st.sampled_from(sorted(SCHEMAS)))
def test_made_up_blocks_have_the_facts_of_the_line_by_line_analysis(
    lines: list[str], name: str
) -> None:
    schema = SCHEMAS[name]
    assert analyse_block(lines, schema) == reference_analyse_block(lines, schema)


paragraph = st.lists(
    st.lists(
        st.sampled_from(["`", "``", "```", "a", " ", "<http://a.b>", "<", "\n"]), max_size=12
    ).map("".join),
    min_size=1,
    max_size=4,
)


@settings(max_examples=1500, deadline=None)
@given(lines=paragraph)
def test_a_paragraph_masked_whole_is_its_lines_masked_as_before(lines: list[str]) -> None:
    lines = [piece for line in lines for piece in line.split("\n")]
    joined = mask_code("\n".join(lines)).split("\n")
    crossing = reference_blocks.mask_code_across_lines(lines, 0, len(lines))
    assert joined == [
        crossing.get(n, reference_blocks.mask_code(line)) for n, line in enumerate(lines)
    ]
    assert [mask_code(line) for line in lines] == [
        reference_blocks.mask_code(line) for line in lines
    ]


def test_a_table_whose_last_row_is_the_templates_example_is_masked_in_every_row() -> None:
    # The example row is read first; the rows above it still have their code spans blanked.
    lines = [
        "| Metric | Before | After | Change |",
        "|---|---|---|---|",
        "| `a b c` | x | y | z |",
        "| CPU Usage | 45% | 42% | -7% |",
    ]
    facts = analyse_block(lines, SCHEMAS["pep"])
    assert facts.words == ((0, 4), (2, 3), (3, 5))
    assert facts == reference_analyse_block(lines, SCHEMAS["pep"])


ROWS = [
    "| CPU Usage | 45% | 42% | -7% |",
    "| Memory Usage | 512MB | 600MB | +17% |",
    "| `code` | <b> | [Placeholder] | *x* |",
    "| a `b | c` d | teh | e.g. |",
    "| plain | words | here | too |",
]
table = st.lists(st.sampled_from(ROWS), max_size=5).map(
    lambda rows: ["| Metric | Before | After | Change |", "|---|---|---|---|", *rows]
)


@settings(max_examples=300, deadline=None)
@given(lines=table, name=st.sampled_from(sorted(SCHEMAS)))
def test_made_up_tables_have_the_facts_of_the_line_by_line_analysis(
    lines: list[str], name: str
) -> None:
    schema = SCHEMAS[name]
    assert analyse_block(lines, schema) == reference_analyse_block(lines, schema)


@settings(max_examples=2000, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            [
                "a",
                "B",
                " ",
                "\t",
                "\n",
                "\r",
                "\x0b",
                "\x0c",
                "\x1c",
                "\x85",
                "\xa0",
                "\u2028",
                "\u3000",
                "\u200b",
                "_",
            ]
        )
    )
)
def test_normalize_text_is_the_regular_expression_it_replaced(text: str) -> None:
    assert normalize_text(text) == re.sub(r"\s+", " ", text).strip()


@settings(max_examples=2000, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=127)))
def test_in_ascii_text_the_ascii_word_pattern_finds_the_words_the_model_counts(text: str) -> None:
    assert _ASCII_WORD.findall(text) == WORD.findall(text)


# A plain paragraph with no `*` and no `[` takes a shorter path (`_plain_prose_facts`): lines
# that start with a letter, made of the same edge pieces (code spans across lines, autolinks,
# comments, template blanks of the process templates, misspellings, non-ASCII), then blank lines.
plain_line = st.lists(st.sampled_from(PIECES), max_size=6).map(lambda p: " ".join(["Word", *p]))
plain_block = st.tuples(
    st.lists(plain_line, min_size=1, max_size=6),
    st.lists(st.sampled_from(["", "  ", " \t"]), max_size=2),
).map(lambda parts: parts[0] + parts[1])


@settings(max_examples=1500, deadline=None)
@given(lines=plain_block, name=st.sampled_from(sorted(SCHEMAS)))
def test_made_up_plain_paragraphs_have_the_facts_of_the_line_by_line_analysis(
    lines: list[str], name: str
) -> None:
    schema = SCHEMAS[name]
    assert analyse_block(lines, schema) == reference_analyse_block(lines, schema)


@pytest.mark.parametrize(
    ("lines", "taken"),
    [
        # A code span across two lines is masked whole; a misspelling outside it is found.
        (["Calling `evict(", "x)` teh cache recieves", ""], True),
        (["Send it to <https://example.com/teh> now", "  "], True),
        (["Plain words only"], True),
        (["Has a *star* in it"], False),  # may hold an instruction line
        (["Has a [bracket] in it"], False),  # may hold a placeholder or a link
        (["Has a <!-- pep-lsp: disable=S101 --> comment"], False),  # a directive
        (["Write TBD here"], True),  # TBD is a blank of the process templates, not the PEP's
    ],
)
def test_the_plain_prose_path_is_taken_only_where_it_finds_everything(
    lines: list[str], taken: bool
) -> None:
    text = "\n".join(lines)
    plain = plain_paragraph_lines(lines)
    assert plain is not None
    for name, schema in SCHEMAS.items():
        facts = (
            _plain_prose_facts(lines, text, plain, schema)
            if "*" not in text and "[" not in text
            else None
        )
        expected = reference_analyse_block(lines, schema)
        if name == "pep":  # (the process templates mark instructions otherwise: never taken)
            assert (facts is not None) == taken
            assert bool(expected.misspellings) == (" teh " in text)  # found outside code only
        assert facts is None or facts == expected, name
        assert analyse_block(lines, schema) == expected, name
