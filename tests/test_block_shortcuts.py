"""Headings, fences, tables and lists read without markdown-it (pep_lsp/model/blockparse.py): the
tokens must be exactly what markdown-it gives, on every block it takes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pep_lsp.model.blockparse import block_tokens
from pep_lsp.model.blocks import _PARSER, analyse_block
from pep_lsp.model.document import Document
from pep_lsp.template import default_schema
from tests.conftest import FIXTURES, template_text

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_pep  # noqa: E402

SCHEMA = default_schema()


def projected(tokens: list[Any]) -> list[tuple[object, ...]]:
    """What the model reads of block tokens (document.analyse_block)."""
    out: list[tuple[object, ...]] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            title = tokens[index + 1].content
            out.append((kind, token.map, token.tag, token.markup, token.level, title))
        elif kind in ("fence", "code_block"):
            out.append((kind, token.map, token.markup, token.info, token.content))
        elif kind in ("paragraph_open", "table_open", "tr_open", "blockquote_open", "html_block"):
            out.append((kind, token.map))
        elif kind in ("tbody_open", "tbody_close"):
            out.append((kind,))
    return out


def markdown_it(lines: list[str]) -> list[tuple[object, ...]]:
    return projected(_PARSER.parse("\n".join(lines)))


def documents() -> list[str]:
    texts = [
        template_text(),
        *(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.md"))),
        *(p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.md"))),
        (ROOT / "examples" / "pep-9002-draft.md").read_text(encoding="utf-8"),
    ]
    texts += [generate_pep(size, seed).text for size, seed in ((300, 1), (300, 2), (3000, 3))]
    return texts


def blocks_of(text: str) -> list[list[str]]:
    document = Document(text, SCHEMA)
    starts = [*document.block_starts, len(document.lines)]
    return [document.lines[a:b] for a, b in zip(starts, starts[1:])]


def test_every_block_taken_of_real_and_generated_documents_is_read_as_markdown_it_reads_it() -> (
    None
):
    taken: dict[str, int] = {}
    for text in documents():
        for lines in blocks_of(text):
            tokens = block_tokens(lines)
            if tokens is None:
                continue
            kind = tokens[0].type
            taken[kind] = taken.get(kind, 0) + 1
            assert projected(tokens) == markdown_it(lines), lines
            assert analyse_block(lines, SCHEMA) == analyse_block(lines, SCHEMA, parse_prose=True)
    # Every shape is met, many times, in these documents.
    assert {kind: count > 20 for kind, count in taken.items()} == {
        "heading_open": True,
        "fence": True,
        "table_open": True,
        "paragraph_open": True,  # a list's first item, or a paragraph that is not plain prose
        "hr": True,
    }


def test_most_blocks_that_are_not_plain_prose_skip_markdown_it_in_a_generated_pep() -> None:
    from pep_lsp.model.blocks import plain_paragraph_lines

    parsed = taken = 0
    for lines in blocks_of(generate_pep(3000, 5).text):
        if plain_paragraph_lines(lines) is None:
            parsed += 1
            taken += block_tokens(lines) is not None
    assert taken > 0.8 * parsed


# Lines built to sit on the edges of the shapes: markers, indents, tabs, closers, pipes.
STARTS = [
    "# ",
    "## ",
    "###### ",
    "####### ",
    "#",
    "#x",
    " # ",
    "```",
    "````",
    "~~~",
    "``` py",
    "```a`b",
    "   ```",
    "    ```",
    "\t```",
    "| a | b |",
    "|---|---|",
    "|:--|--:|",
    "| - | - |",
    "|---|",
    "||",
    "|",
    "| a \\| b |",
    "- ",
    "-",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "1234567890. ",
    "  ",
    "    ",
    "   - ",
    "  - ",
    "   1. ",
    "   * ",
    "     - ",
    "2. ",
    "1 ",
    "[ ] ",
    "[x] ",
    "[a]: ",
    "> ",
    "<div>",
    "---",
    "===",
    "***",
    "Word ",
    "**Bold** ",
    "*a ",
    "_a_ ",
    "`c` ",
    "(",
    "\u00a0",
    "",
]
REST = st.text(alphabet=st.sampled_from(list("ab []()|*_`~#-=:.1\\ \t\u00a0")), max_size=10)


@st.composite
def shaped_blocks(draw: st.DrawFn) -> list[str]:
    first = draw(
        st.sampled_from(
            ["# Title", "```", "~~~~", "| a | b |", "- item", "1. item", "*[x]*", "`c` d", "25 ms"]
            + ["---", "* * *", "[a](b)", "2024. x", "**B**"]
        )
    )
    lines = [first + draw(REST)]
    lines += [draw(st.sampled_from(STARTS)) + draw(REST) for _ in range(draw(st.integers(0, 5)))]
    return lines + [""] * draw(st.integers(0, 2))


CELL = st.text(alphabet=st.sampled_from(list("ab |\\`*-:")), max_size=4)


@st.composite
def fences(draw: st.DrawFn) -> list[str]:
    marker = draw(st.sampled_from(["`", "~"]))
    run = draw(st.integers(3, 5))
    lines = [marker * run + draw(st.sampled_from(["", "py", " text ", "a`b", "x|y", "~"]))]
    for _ in range(draw(st.integers(0, 4))):
        indent = draw(st.sampled_from(["", " ", "   ", "    ", "\t", " \t"]))
        closer = marker * draw(st.integers(2, 6)) + draw(st.sampled_from(["", " ", "\t", "x"]))
        lines.append(indent + draw(st.one_of(REST, st.just(closer))))
    return lines + draw(st.sampled_from([[], [""], ["", ""], ["after"], ["", "    code"]]))


@st.composite
def tables(draw: st.DrawFn) -> list[str]:
    def row(count: int) -> str:
        cells = [draw(CELL) for _ in range(count)]
        lead, tail = draw(st.sampled_from([("|", "|"), ("|", ""), ("", "|"), ("| ", " | ")]))
        return lead + "|".join(cells) + tail

    columns = draw(st.integers(1, 3))
    align = st.sampled_from(["---", ":--", "--:", ":-:", "-", " --- ", "", "-x-", "- -"])
    delimiter = "|" + "|".join(draw(align) for _ in range(draw(st.integers(1, 3)))) + "|"
    lines = [row(columns), delimiter if draw(st.booleans()) else delimiter.strip("|")]
    lines += [row(draw(st.integers(0, 4))) for _ in range(draw(st.integers(0, 3)))]
    return lines + draw(st.sampled_from([[], [""], ["", ""], ["after"], ["- item"]]))


ITEM_STARTS = ["- ", "* ", "+ ", "1. ", "2. ", "1) ", "  - ", "   - ", "  * ", "   1. "]
ITEM_STARTS += ["    - ", " - ", "  ", "   ", "    ", "", "Word ", "`c` ", "**B** ", "[ ] ", "25 "]


@st.composite
def lists(draw: st.DrawFn) -> list[str]:
    lines = [draw(st.sampled_from(["- a", "1. a", "* a", "10) a"]))]
    for _ in range(draw(st.integers(0, 6))):
        text = draw(st.sampled_from(["x", "Word", "`c`", "**b**", ""])) + draw(REST)
        lines.append(draw(st.sampled_from(ITEM_STARTS)) + text)
    return lines + [""] * draw(st.integers(0, 2))


@settings(max_examples=4000, deadline=None)
@given(lines=st.one_of(shaped_blocks(), fences(), tables(), lists()))
def test_generated_blocks_are_read_as_markdown_it_reads_them_or_left_to_it(
    lines: list[str],
) -> None:
    tokens = block_tokens(lines)
    if tokens is not None:
        assert projected(tokens) == markdown_it(lines)
    assert analyse_block(lines, SCHEMA) == analyse_block(lines, SCHEMA, parse_prose=True)


def test_shapes_taken_and_left() -> None:
    taken = [
        ["## Motivation", ""],
        ["# PEP 1: Title #", "Some text."],
        ["```python", "x = 1", "```", ""],
        ["~~~~", "```", "~~~~"],
        ["| a | b |", "|:--|--:|", "| 1 | 2 |", "| 3 |"],
        ["- **Name**: text", "- [ ] task to do", "  continued", "lazily continued", ""],
        ["1. one", "2. two"],
        ["1. **Use case**", "   - Current: `x()` takes", "   - Proposed: less", "2. Next"],
        ["*[Describe how the system behavior will change:]*", ""],
        ["Calling `f()` takes about 5 ms, against", "25 ms for the other.", ""],
        ["---", ""],
    ]
    left = [
        ["```", "unclosed"],
        ["```", "code", "```", "after"],
        ["| a | b |", "|---|", "| 1 | 2 |"],  # column counts differ: not a table
        ["- item", "    - nested too deep"],
        ["- item", "  1. ordered sub-list"],
        ["Text", "1. item"],
        ["- item", "1. other kind"],
        ["## Title", "    indented"],
        ["- a\tb"],
        ["- item", "", "  second paragraph"],
    ]
    for lines in taken:
        assert block_tokens(lines) is not None, lines
        assert projected(block_tokens(lines) or []) == markdown_it(lines)
    for lines in left:
        assert block_tokens(lines) is None, lines
