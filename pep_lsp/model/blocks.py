"""One block's facts: headings, fences, leftovers, words, references, directives, misspellings.

A block is parsed on its own (or, when it is plain prose, taken as one paragraph without a
parse); its facts are relative to its first line and cached by its text (see `document.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # markdown-it is loaded when a block first needs it (blockparse.py)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from pep_lsp.kinds import LeftoverKind
from pep_lsp.model.blockparse import BlockToken, block_tokens
from pep_lsp.model.directives import Directive, scan_directives
from pep_lsp.model.scan import (
    ATX_HEADING,
    EXAMPLE_HOST,
    INDEX_BEFORE,
    LINK,
    LINK_DESTINATION,
    NESTED_REF_DEFINITION,
    REF_DEFINITION,
    TASK_ITEM,
    WORD,
    closes_fence,
    link_text_columns,
    mask_code,
)
from pep_lsp.model.template_text import find_template_text
from pep_lsp.schema import conventions
from pep_lsp.spelling import Misspelling, scan_line, words_may_have_misspelling
from pep_lsp.template import (
    INSTRUCTION_LINE,
    PLACEHOLDER,
    Schema,
    fold_placeholder,
    new_markdown_parser,
    normalize_code,
    normalize_text,
    table_cells,
)
from pep_lsp.text import Pos, Span

MIN_EXAMPLE_TASK_WORDS = 3
"""Checklist items shorter than this ("API documentation") are plausible real content."""


@dataclass(frozen=True)
class Heading:
    """A heading: its level, its title text, its line and where the title is."""

    level: int
    title: str
    line: int
    title_span: Span

    def shifted(self, lines: int) -> Heading:
        return Heading(self.level, self.title, self.line + lines, self.title_span.shifted(lines))


@dataclass(frozen=True)
class Fence:
    """A fenced code block: the lines of its fences, its info string and its content."""

    start: int  # line of the opening fence
    end: int  # line of the closing fence, or the last line when unclosed
    closed: bool
    info: str
    content: str

    def shifted(self, lines: int) -> Fence:
        return Fence(self.start + lines, self.end + lines, self.closed, self.info, self.content)


@dataclass(frozen=True)
class Leftover:
    """Template text still in the document: kind is instruction, placeholder, example-link or example-content."""

    kind: LeftoverKind
    span: Span
    text: str

    def shifted(self, lines: int) -> Leftover:
        return Leftover(self.kind, self.span.shifted(lines), self.text)


@dataclass(frozen=True)
class BlockFacts:
    """What one block contains, with lines relative to the block's first line."""

    headings: tuple[Heading, ...] = ()
    fences: tuple[Fence, ...] = ()
    leftovers: tuple[Leftover, ...] = ()
    words: tuple[tuple[int, int], ...] = ()  # (line, number of prose words)
    references: frozenset[str] = frozenset()
    has_body: bool = False  # a non-blank line that is not part of a heading
    tables: tuple[tuple[int, int], ...] = ()  # [first line, end line) of each table
    directives: tuple[Directive, ...] = ()  # pep-lsp suppression comments
    misspellings: tuple[Misspelling, ...] = ()  # known misspellings in prose lines (spelling.py)

    def same_shape(self, other: BlockFacts) -> bool:
        """Same structure: what the section tree, the header and the structural rules read."""
        return (
            self.headings == other.headings
            and self.fences == other.fences
            and self.references == other.references
            and self.has_body == other.has_body
        )

    @cached_property
    def word_total(self) -> int:
        return sum(count for _, count in self.words)


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """markdown-it for blocks, built (and imported) when a block first needs a parse.

    Blocks need only block tokens and raw inline text (leftovers are found on the raw
    lines), so the inline pass is skipped: it is three quarters of a block's parse time."""
    parser = new_markdown_parser()
    parser.disable(["inline", "text_join"], True)
    return parser


def __getattr__(name: str) -> Any:
    if name == "_PARSER":  # the tests compare the shortcuts with this parser
        return block_parser()
    raise AttributeError(name)


_PLAIN_START = re.compile(r"[^\W\d_]|[\"'(]")
"""A letter, a quote or an opening parenthesis: no CommonMark block, nor a GFM table's
delimiter row, starts with one, so lines that all start so (unindented) are one paragraph."""


def plain_paragraph_lines(lines: list[str]) -> int | None:
    """How many lines of the block form one plain paragraph (only blank lines follow them),
    or None when markdown-it must look. Most of a PEP is such prose; it needs no parse."""
    count = len(lines)
    while count and not lines[count - 1].strip(" \t"):
        count -= 1
    if not count:
        return None
    for line in lines[:count]:
        if not _PLAIN_START.match(line):
            return None
    return count


def _other_conventions(schema: Schema) -> bool:
    """Does the template mark instructions or blanks other than the bundled way (italic lines,
    `[...]`): comments, prose, `<...>`, `(fill me in ...)`, `TBD`?"""
    return (
        schema.instruction_style != conventions.ITALIC
        or schema.blank_pattern is not None
        or bool(schema.blanks.literals)
    )


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*", re.ASCII)
"""`scan.WORD` where the text is ASCII (its letters and digits are these; `’` is not ASCII):
the same words, found about a third quicker."""


def _masked_lines(
    lines: list[str], text: str, prose: list[int], paragraphs: list[tuple[int, int]]
) -> list[str]:
    """The block's lines with code spans and autolinks blanked (`scan.mask_code`) in its
    prose lines (other lines as they are); a paragraph's lines are masked together, since a
    code span may cross them. A block with no backtick nor `<` is its own lines (not a
    copy: never written to)."""
    if "`" not in text and "<" not in text:
        return lines
    masked = lines.copy()
    in_paragraph: set[int] = set()
    for first, end in paragraphs:
        in_paragraph.update(range(first, end))
        if end - first == 1:
            masked[first] = mask_code(lines[first])
        else:
            masked[first:end] = mask_code("\n".join(lines[first:end])).split("\n")
    for line in prose:
        if line not in in_paragraph:
            masked[line] = mask_code(lines[line])
    return masked


def _no_template_text(schema: Schema, prose_text: str) -> bool:
    """Can the block hold none of the template text `find_template_text` looks for? True
    when italic lines are the template's instructions (read above), it has no literal
    blanks, and its blanks' pattern matches nowhere in the prose (`prose_text`: the masked
    prose lines joined; a match on one line is a match in the lines joined)."""
    if schema.instruction_style != conventions.ITALIC or schema.blanks.literals:
        return False
    pattern = schema.blank_pattern
    return pattern is None or pattern.search(prose_text) is None


@lru_cache(maxsize=8)
def _example_row_keys(rows: frozenset[tuple[str, ...]]) -> frozenset[str]:
    """The template's example table rows as `_row_key` gives them: a row whose cells
    (`table_cells`, whitespace runs as one space) are an example's has its key, so a row
    whose key is none of these needs no cells made (most rows)."""
    return frozenset("|".join("".join(cell.split()) for cell in row) for row in rows)


def _row_key(row: str) -> str:
    """A table row without whitespace and without the pipe at either end, as
    `table_cells` strips it (`"| a b | c |"` -> `"ab|c"`)."""
    key = "".join(row.split())
    if key.startswith("|"):
        key = key[1:]
    if key.endswith("|"):
        key = key[:-1]
    return key


_NO_REFERENCES: frozenset[str] = frozenset()


def _plain_prose_facts(
    lines: list[str], text: str, plain: int, schema: Schema
) -> BlockFacts | None:
    """The facts of a plain paragraph (`plain` lines, then blank ones) with no `*` and no
    `[`, or None when it may hold template text (the general path below then reads it).

    What `analyse_block` finds in such a block, without its general machinery (most of
    a PEP's blocks are such prose): no `*`, no instruction line; no `[`, no link,
    placeholder, task box nor link reference definition; no `<!--`, no directive; a
    paragraph, no heading, fence nor table, and a body. So the facts are the lines' words
    and misspellings. `tests/model/test_block_analysis_equal.py` compares both paths."""
    if "<!--" in text:
        return None
    prose = lines[:plain]
    if "`" in text or "<" in text:
        # Masked as `_masked_lines` masks one paragraph (a code span may cross its lines).
        prose = mask_code("\n".join(prose)).split("\n")
    if _other_conventions(schema) and not _no_template_text(schema, "\n".join(prose)):
        return None
    find_words = _ASCII_WORD.findall if text.isascii() else WORD.findall
    word_lists = list(map(find_words, prose))
    words = tuple((line, count) for line, count in enumerate(map(len, word_lists)) if count)
    misspellings: list[Misspelling] = []
    if words_may_have_misspelling(list(chain.from_iterable(word_lists))):
        for line, masked in enumerate(prose):
            misspellings.extend(scan_line(line, masked))
    # Positional: a frozen dataclass's keyword defaults cost a third more per block.
    return BlockFacts((), (), (), words, _NO_REFERENCES, True, (), (), tuple(misspellings))


def analyse_block(
    lines: list[str], schema: Schema, parse_prose: bool = False, text: str | None = None
) -> BlockFacts:
    """Parse one block and collect its facts, with lines relative to the block.

    A block of plain prose (`plain_paragraph_lines`) is taken as the one paragraph
    markdown-it would find, and the commonest other shapes (headings, fences, tables, lists
    of plain items) are read by `blockparse.block_tokens`, without parsing them;
    `parse_prose` parses every block (the tests compare both); `text`, when the caller has
    it, is `"\n".join(lines)`.
    """
    block_text = "\n".join(lines) if text is None else text
    plain = None if parse_prose else plain_paragraph_lines(lines)
    if plain is not None and "*" not in block_text and "[" not in block_text:
        facts = _plain_prose_facts(lines, block_text, plain, schema)
        if facts is not None:
            return facts
    # A plain paragraph's tokens are read below without being made.
    tokens: Sequence[Token | BlockToken] | None = (
        () if plain is not None else None if parse_prose else block_tokens(lines, block_text)
    )
    if tokens is None:
        tokens = block_parser().parse(block_text)
    has_comment = "<!--" in block_text
    headings: list[Heading] = []
    fences: list[Fence] = []
    leftovers: list[Leftover] = []
    words: list[tuple[int, int]] = []
    misspellings: list[Misspelling] = []
    prose_lines: list[int] = []
    table_rows: list[int] = []
    tables: list[tuple[int, int]] = []
    html_ranges: list[tuple[int, int, bool]] = []  # (first, end, prose: mask code spans first)
    paragraphs: list[tuple[int, int]] = []  # code spans may run across a paragraph's lines
    quoted_lines: set[int] = set()  # lines inside a `>` quote: someone else's words
    heading_lines: set[int] = set()  # the lines of the block's own headings
    if plain is not None:
        prose_lines.extend(range(plain))
        paragraphs.append((0, plain))
        if has_comment and any("<!--" in lines[line] for line in range(plain)):
            html_ranges.append((0, plain, True))
    in_tbody = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open" and token.map and token.level == 0:
            # A heading quoted in a blockquote or a list item is prose, not a section.
            level = int(token.tag[1])
            line = token.map[0]
            title = tokens[index + 1].content.strip()
            headings.append(
                Heading(level, title, line, _title_span(lines[line], line, token.markup))
            )
            heading_lines.update(range(*token.map))
            prose_lines.append(line)
        elif kind in ("fence", "code_block") and token.map:
            start, end = token.map[0], token.map[1] - 1
            if kind == "fence":
                closed = end > start and closes_fence(
                    lines[end], (token.markup[0], len(token.markup))
                )
                fence = Fence(start, end, closed, token.info.strip(), token.content)
                fences.append(fence)
                if normalize_code(token.content) in schema.example_code_blocks:
                    leftovers.append(
                        Leftover(
                            LeftoverKind.EXAMPLE_CONTENT,
                            Span(Pos(start, 0), Pos(end, len(lines[end]))),
                            token.content,
                        )
                    )
        elif kind == "blockquote_open" and token.map:
            quoted_lines.update(range(*token.map))
        elif kind == "heading_open" and token.map:
            prose_lines.append(token.map[0])
        elif kind == "paragraph_open" and token.map:
            prose_lines.extend(range(token.map[0], token.map[1]))
            paragraphs.append((token.map[0], token.map[1]))
            if has_comment and any(
                "<!--" in lines[line] for line in range(token.map[0], token.map[1])
            ):
                html_ranges.append((token.map[0], token.map[1], True))
        elif kind == "html_block" and token.map:
            html_ranges.append((token.map[0], token.map[1], False))
        elif kind == "table_open" and token.map:
            tables.append((token.map[0], token.map[1]))
        elif kind == "tbody_open":
            in_tbody = True
        elif kind == "tbody_close":
            in_tbody = False
        elif kind == "tr_open" and token.map:
            prose_lines.append(token.map[0])
            if in_tbody:
                table_rows.append(token.map[0])
    if schema.example_table_rows and table_rows:
        keys = _example_row_keys(schema.example_table_rows)
        for line in table_rows:
            if (
                _row_key(lines[line]) in keys
                and table_cells(lines[line]) in schema.example_table_rows
            ):
                text = lines[line].strip()
                col = lines[line].index(text[0]) if text else 0
                leftovers.append(
                    Leftover(
                        LeftoverKind.EXAMPLE_CONTENT, Span.on_line(line, col, col + len(text)), text
                    )
                )

    instruction_run: list[tuple[int, int, int]] = []

    def flush_instructions() -> None:
        if instruction_run:
            (first, first_col, _), (last, _, last_end) = instruction_run[0], instruction_run[-1]
            text = "\n".join(lines[line][a:b] for line, a, b in instruction_run)
            leftovers.append(
                Leftover(
                    LeftoverKind.INSTRUCTION, Span(Pos(first, first_col), Pos(last, last_end)), text
                )
            )
            instruction_run.clear()

    # Each pass below runs only when the block holds what it looks for (a `*` for an
    # instruction line, a `#` for a heading's marks, a possible misspelling among all the
    # block's words); what it finds is what a pass over every line finds.
    ordered = prose_lines if plain is not None else list(dict.fromkeys(prose_lines))
    masked_lines = _masked_lines(lines, block_text, ordered, paragraphs)
    prose_text = block_text if len(ordered) == len(lines) else "\n".join(lines[n] for n in ordered)
    may_be_instruction = "*" in prose_text
    may_be_heading = "#" in prose_text
    spelled: list[int] = []  # the lines read for misspellings, and all their words
    spelled_words: list[str] = []
    find_words = _ASCII_WORD.findall if block_text.isascii() else WORD.findall
    if not may_be_instruction and "[" not in prose_text:
        # No instruction line, link, placeholder nor task box in the prose (masking only
        # blanks characters): each line is its words (but a heading's), read by C-level maps
        # instead of the loop below, which gives the same for such lines.
        spelled = ordered
        word_lists = list(
            map(
                find_words,
                masked_lines[: len(ordered)]
                if plain is not None
                else [masked_lines[n] for n in ordered],
            )
        )
        words = [
            (line, count)
            for line, count in zip(ordered, map(len, word_lists))
            if count and not (may_be_heading and ATX_HEADING.match(lines[line]))
        ]
        spelled_words = list(chain.from_iterable(word_lists))
        ordered_for_loop: list[int] = []
    else:
        ordered_for_loop = ordered
    previous = -2
    for line in ordered_for_loop:
        raw = lines[line]
        if line != previous + 1 and instruction_run:
            flush_instructions()
        previous = line
        if may_be_instruction:
            instruction = INSTRUCTION_LINE.match(raw)
            if instruction and normalize_text(instruction.group(3)) in schema.instruction_lines:
                instruction_run.append((line, instruction.start(2), instruction.end(2)))
                continue
        if instruction_run:
            flush_instructions()
        masked = masked_lines[line]
        spelled.append(line)
        line_words = find_words(masked)
        spelled_words += line_words
        count = (
            len(WORD.findall(LINK_DESTINATION.sub("]", masked)))
            if "](" in masked
            else len(line_words)
        )
        if count and not (may_be_heading and ATX_HEADING.match(raw)):
            words.append((line, count))
        if "[" not in masked:
            continue
        for link in LINK.finditer(masked):
            href = link.group(2)
            if href and (href in schema.example_hrefs or EXAMPLE_HOST.match(href)):
                leftovers.append(
                    Leftover(
                        LeftoverKind.EXAMPLE_LINK,
                        Span.on_line(line, link.start(), link.end()),
                        raw[link.start() : link.end()],
                    )
                )
        task = TASK_ITEM.match(masked)
        if (
            task
            and len(task.group(2).split()) >= MIN_EXAMPLE_TASK_WORDS
            and normalize_text(task.group(2)) in schema.example_task_items
        ):
            leftovers.append(
                Leftover(
                    LeftoverKind.EXAMPLE_CONTENT,
                    Span.on_line(line, task.start(2), task.end(2)),
                    task.group(2),
                )
            )
            continue
        if REF_DEFINITION.match(masked):
            continue
        in_link_text: bytearray | None = None
        for match in PLACEHOLDER.finditer(masked):
            start = match.start()
            if start and INDEX_BEFORE.match(masked, start - 1):
                continue
            if not schema.is_placeholder(match.group(1)):
                continue
            if (
                line in quoted_lines
                and fold_placeholder(match.group(1)) not in schema.quoted_placeholders
            ):
                # A quotation's `[...]` elides the quoted text; the template puts no such placeholder in a quote.
                continue
            if in_link_text is None:
                in_link_text = link_text_columns(masked)
            if in_link_text[start]:
                continue
            leftovers.append(
                Leftover(
                    LeftoverKind.PLACEHOLDER,
                    Span.on_line(line, start, match.end()),
                    raw[start : match.end()],
                )
            )
    flush_instructions()
    # Every letter run of a line is in one of its words: a block whose words are all known
    # good has no line to scan.
    if words_may_have_misspelling(spelled_words):
        for line in spelled:
            misspellings.extend(scan_line(line, masked_lines[line]))
    template_comments: list[Span] = []
    if _other_conventions(schema) and not _no_template_text(
        schema,
        prose_text if masked_lines is lines else "\n".join(masked_lines[n] for n in ordered),
    ):
        code_lines = {n for f in fences for n in range(f.start, f.end + 1)}
        for token in tokens:
            if token.type == "code_block" and token.map:
                code_lines.update(range(*token.map))
        # Only prose lines are read masked.
        for found in find_template_text(
            lines, schema, prose_lines, code_lines, quoted_lines, masked_lines
        ):
            leftovers.append(Leftover(found.kind, found.span, found.text))
            if found.kind is LeftoverKind.INSTRUCTION and found.text.startswith("<!--"):
                template_comments.append(found.span)

    references = (
        frozenset(
            normalize_text(m.group(1)).casefold()
            for line in lines
            if "]:" in line and (m := NESTED_REF_DEFINITION.match(line))
        )
        if "]:" in block_text
        else frozenset()
    )
    if len(leftovers) > 1:
        leftovers.sort(key=lambda item: item.span)
    # A template's comment is no content of its own: a section holding only that is empty.
    commented = {n for span in template_comments for n in range(span.start.line, span.end.line + 1)}
    has_body = (
        any(
            text.strip()
            for index, text in enumerate(lines)
            if index not in heading_lines and index not in commented
        )
        if heading_lines or commented
        else any(map(str.strip, lines))
    )
    directives: list[Directive] = []
    for first, end, in_prose in html_ranges:
        scanned = (
            [mask_code(line) if first <= index < end else line for index, line in enumerate(lines)]
            if in_prose
            else lines
        )
        directives.extend(scan_directives(scanned, first, end))
    return BlockFacts(
        tuple(headings),
        tuple(fences),
        tuple(leftovers),
        tuple(words),
        references,
        has_body,
        tuple(tables),
        tuple(directives),
        tuple(misspellings),
    )


_CLOSING_HASHES = re.compile(r"(?:^|[ \t])#+[ \t]*$")


def _title_span(raw: str, line: int, markup: str) -> Span:
    """The columns of a heading's text on its line (ATX or the first line of a setext heading)."""
    if markup.startswith("#"):
        match = ATX_HEADING.match(raw)
        start = match.end() if match else 0
        end = len(raw.rstrip())
        closing = _CLOSING_HASHES.search(raw[start:])
        if closing:
            end = start + closing.start()
        end = max(start, len(raw[:end].rstrip()))
        return Span.on_line(line, start, end)
    stripped = raw.strip()
    start = raw.index(stripped[0]) if stripped else 0
    return Span.on_line(line, start, start + len(stripped))
