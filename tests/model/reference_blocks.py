"""The block analysis as it was before the per-block shortcuts (a verbatim copy of
`analyse_block` and the line scanners it used, at commit 37fceb5): the oracle the faster
version is compared with, block by block (tests/model/test_block_analysis_equal.py)."""

# ruff: noqa

from __future__ import annotations

import re
from collections.abc import Sequence

from pep_lsp.kinds import LeftoverKind
from pep_lsp.model.blockparse import BlockToken, block_tokens
from pep_lsp.model.blocks import (
    MIN_EXAMPLE_TASK_WORDS,
    BlockFacts,
    Fence,
    Heading,
    Leftover,
    _other_conventions,
    _title_span,
    block_parser,
    plain_paragraph_lines,
)
from pep_lsp.model.directives import Directive, scan_directives
from pep_lsp.model.scan import (
    ATX_HEADING,
    AUTOLINK,
    BACKTICKS,
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
)
from pep_lsp.model.template_text import find_template_text
from pep_lsp.spelling import Misspelling, scan_line
from pep_lsp.template import (
    INSTRUCTION_LINE,
    PLACEHOLDER,
    Schema,
    fold_placeholder,
    normalize_code,
    normalize_text,
    table_cells,
)
from pep_lsp.text import Pos, Span


def _plain_paragraph_tokens(count: int) -> list[BlockToken]:
    """The tokens markdown-it gives a plain paragraph of `count` lines (with the inline pass off)."""
    return [
        BlockToken("paragraph_open", [0, count], "p"),
        BlockToken("inline"),
        BlockToken("paragraph_close", None, "p"),
    ]


def code_spans(line: str) -> list[tuple[int, int]]:
    """Code spans on one line: each backtick run closes at the next run of the same length.

    One pass over the runs (the run positions by length are looked up, not rescanned), so a
    200,000-character line of unmatched backticks stays linear.
    """
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    cursor: dict[int, int] = {}
    index = 0
    while index < len(runs):
        start, end = runs[index]
        length = end - start
        candidates = by_length[length]
        position = cursor.get(length, 0)
        while position < len(candidates) and candidates[position] <= index:
            position += 1
        cursor[length] = position
        if position < len(candidates):
            closing = candidates[position]
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return spans


def mask_code(line: str) -> str:
    """The line with code spans and autolinks blanked out (same length, so columns hold)."""
    if "`" in line:
        parts: list[str] = []
        last = 0
        for start, end in code_spans(line):
            parts += [line[last:start], " " * (end - start)]
            last = end
        line = "".join(parts) + line[last:]
    if "<" in line:
        line = AUTOLINK.sub(lambda m: " " * len(m.group()), line)
    return line


def mask_code_across_lines(lines: list[str], first: int, end: int) -> dict[int, str]:
    """A paragraph's lines masked as `mask_code` does, but with code spans that open on one
    line and close on a later one (CommonMark lets them run across lines of a paragraph).
    Only lines a line-by-line mask would get wrong are returned."""
    if sum(lines[line].count("`") for line in range(first, end)) < 2:
        return {}
    text = "\n".join(lines[first:end])
    parts: list[str] = []
    last = 0
    crossing = False
    for start, stop in code_spans(text):
        span = text[start:stop]
        crossing |= "\n" in span
        parts += [text[last:start], re.sub(r"[^\n]", " ", span)]
        last = stop
    if not crossing:
        return {}
    masked = ("".join(parts) + text[last:]).split("\n")
    result: dict[int, str] = {}
    for offset, line in enumerate(masked):
        if "<" in line:
            line = AUTOLINK.sub(lambda m: " " * len(m.group()), line)
        result[first + offset] = line
    return result


def reference_analyse_block(
    lines: list[str], schema: Schema, parse_prose: bool = False
) -> BlockFacts:
    """Parse one block and collect its facts, with lines relative to the block.

    A block of plain prose (`plain_paragraph_lines`) is taken as the one paragraph
    markdown-it would find, and the commonest other shapes (headings, fences, tables, lists
    of plain items) are read by `blockparse.block_tokens`, without parsing them;
    `parse_prose` parses every block (the tests compare both).
    """
    plain = None if parse_prose else plain_paragraph_lines(lines)
    tokens: Sequence[Token | BlockToken] | None = (
        _plain_paragraph_tokens(plain)
        if plain is not None
        else None
        if parse_prose
        else block_tokens(lines)
    )
    if tokens is None:
        tokens = block_parser().parse("\n".join(lines))
    headings: list[Heading] = []
    fences: list[Fence] = []
    leftovers: list[Leftover] = []
    words: list[tuple[int, int]] = []
    misspellings: list[Misspelling] = []
    prose_lines: list[int] = []
    table_rows: list[int] = []
    tables: list[tuple[int, int]] = []
    html_ranges: list[tuple[int, int, bool]] = []  # (first, end, prose: mask code spans first)
    masked_lines: dict[int, str] = {}  # paragraph lines whose code spans continue across lines
    quoted_lines: set[int] = set()  # lines inside a `>` quote: someone else's words
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
            if token.map[1] - token.map[0] > 1:
                masked_lines.update(mask_code_across_lines(lines, token.map[0], token.map[1]))
            if any("<!--" in lines[line] for line in range(token.map[0], token.map[1])):
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
    if schema.example_table_rows:
        for line in table_rows:
            if table_cells(lines[line]) in schema.example_table_rows:
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

    seen: set[int] = set()
    previous = -2
    for line in prose_lines:
        if line in seen:
            continue
        seen.add(line)
        raw = lines[line]
        if line != previous + 1:
            flush_instructions()
        previous = line
        instruction = INSTRUCTION_LINE.match(raw)
        if instruction and normalize_text(instruction.group(3)) in schema.instruction_lines:
            instruction_run.append((line, instruction.start(2), instruction.end(2)))
            continue
        flush_instructions()
        masked = masked_lines[line] if line in masked_lines else mask_code(raw)
        misspellings.extend(scan_line(line, masked))
        count = len(WORD.findall(LINK_DESTINATION.sub("]", masked) if "](" in masked else masked))
        if count and not ATX_HEADING.match(raw):
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
    template_comments: list[Span] = []
    if _other_conventions(schema):
        code_lines = {n for f in fences for n in range(f.start, f.end + 1)}
        for token in tokens:
            if token.type == "code_block" and token.map:
                code_lines.update(range(*token.map))
        masked_all = [
            masked_lines[n] if n in masked_lines else mask_code(text)
            for n, text in enumerate(lines)
        ]
        for found in find_template_text(
            lines, schema, prose_lines, code_lines, quoted_lines, masked_all
        ):
            leftovers.append(Leftover(found.kind, found.span, found.text))
            if found.kind is LeftoverKind.INSTRUCTION and found.text.startswith("<!--"):
                template_comments.append(found.span)

    references = frozenset(
        normalize_text(m.group(1)).casefold()
        for line in lines
        if "]:" in line and (m := NESTED_REF_DEFINITION.match(line))
    )
    leftovers.sort(key=lambda item: item.span)
    heading_lines = {
        line
        for token in tokens
        if token.type == "heading_open" and token.map and token.level == 0
        for line in range(*token.map)
    }
    # A template's comment is no content of its own: a section holding only that is empty.
    commented = {n for span in template_comments for n in range(span.start.line, span.end.line + 1)}
    has_body = any(
        text.strip()
        for index, text in enumerate(lines)
        if index not in heading_lines and index not in commented
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
