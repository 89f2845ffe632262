"""The block tokens of the commonest shapes of block, without markdown-it.

A PEP is mostly prose (taken without parsing by `blocks.plain_paragraph_lines`), headings,
fenced code, tables and lists of short items. For those shapes, written plainly, the tokens
markdown-it would give are certain from the lines alone, and reading them so is many times
faster than a parse. `block_tokens` returns them, or None for anything it is not sure of
(tabs, indented lines, nested blocks, a NUL character, ...): markdown-it then parses it.

Only the tokens and fields the model reads are produced (`blocks.analyse_block`): types,
maps, the heading's level, markup and text, the fence's info, markup and content.
`tests/test_block_shortcuts.py` compares these with markdown-it's on every block of the
fixtures, the template, the real-prose corpus and generated PEPs, and on generated blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MD_TRIM = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
"""markdown-it's `mdTrim` characters (CommonMark's whitespace)."""


class BlockToken:
    """The fields of a markdown-it `Token` that the model reads."""

    __slots__ = ("type", "map", "level", "tag", "markup", "info", "content")

    def __init__(
        self,
        type: str,
        map: list[int] | None = None,
        tag: str = "",
        markup: str = "",
        info: str = "",
        content: str = "",
    ) -> None:
        self.type = type
        self.map = map
        self.level = 0
        self.tag = tag
        self.markup = markup
        self.info = info
        self.content = content

    def __repr__(self) -> str:
        return f"BlockToken({self.type!r}, {self.map!r})"


_SAFE = re.compile(r"[^\W\d_]|[\"'(]")
"""A letter, a quote or an opening parenthesis: no block starts with one."""
_ORDERED_MARKER = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")
_RULE = re.compile(r"([-*_])(?: *\1){2,} *$")
_ITEM = re.compile(r"([-*+]|\d{1,9}[.)]) (?=\S)")
_DELIMITER_CELL = re.compile(r"^:?-+:?$")
_UNSURE = re.compile(r"[\t\x00\r]")


def _safe_text(text: str, brackets: bool) -> bool:
    """Can a paragraph start with (or be continued by) this text, whatever precedes it?
    Prose, emphasis, a code span or (when no `]:` is in the block, so no link reference
    definition can be) a link or a task box."""
    if not text:
        return False
    first = text[0]
    if _SAFE.match(first):
        return True
    if first.isdigit():  # `25 ms`, `2024 was`; not `1. item`
        return first in "0123456789" and not _ORDERED_MARKER.match(text)
    if first in "*_":
        # `**Name**`, `_word_`: not a list marker (no space follows) nor a rule (letters follow)
        return len(text) > 1 and not text[1].isspace() and bool(text.strip(first + " "))
    if first == "`":
        return not text.startswith("```")
    if first == "[":
        return brackets
    return False


def block_tokens(lines: Sequence[str], text: str | None = None) -> list[BlockToken] | None:
    """The block tokens markdown-it gives `lines` (one block of the model), when the block
    has one of the shapes read here; None otherwise. `text`, when the caller has it, is
    `"\n".join(lines)`."""
    if not lines:
        return None
    first = lines[0]
    if not first:
        return None
    if text is None:
        text = "\n".join(lines)
    start = first[0]
    if start == "#":
        return _heading(lines, text)
    if start in "`~":
        tokens = _fence(lines)
        if tokens is not None or start == "~" or first.startswith("```"):
            return tokens
    elif start == "|":
        return _table(lines, text)
    elif start in "-*_" and _RULE.match(first):
        return [BlockToken("hr", [0, 1], "hr")] if _blank_from(lines, 1) else None
    if _ITEM.match(first):
        return _list(lines, text)
    return _paragraph_block(lines, text)


def _paragraph_block(lines: Sequence[str], text: str) -> list[BlockToken] | None:
    """A paragraph of lines that start no block (prose, emphasis, code spans, numbers, and
    links when no link reference definition can be), then blank lines."""
    if _UNSURE.search(text):
        return None
    end = _paragraph_end(lines, 0, "]:" not in text)
    return _paragraph(0, end) if end else None


def _blank_from(lines: Sequence[str], index: int) -> bool:
    return all(not line.strip(" ") for line in lines[index:])


def _paragraph_end(lines: Sequence[str], index: int, brackets: bool) -> int | None:
    """The end of a paragraph of plain lines starting at `index` (blank lines only after
    it), or None."""
    end = index
    while end < len(lines) and lines[end].strip(" "):
        if not _safe_text(lines[end], brackets):
            return None
        end += 1
    return end if _blank_from(lines, end) else None


def _heading(lines: Sequence[str], text: str) -> list[BlockToken] | None:
    """An ATX heading at the margin, then a plain paragraph or nothing."""
    if _UNSURE.search(text):
        return None
    line = lines[0]
    n = len(line)
    level, pos = 1, 1
    while pos < n and line[pos] == "#" and level <= 6:
        level += 1
        pos += 1
    if level > 6 or (pos < n and line[pos] != " "):
        return None
    maximum = n
    while maximum > pos and line[maximum - 1] == " ":
        maximum -= 1
    back = maximum
    while back > pos and line[back - 1] == "#":
        back -= 1
    if back > pos and line[back - 1] == " ":
        maximum = back
    end = _paragraph_end(lines, 1, "]:" not in text)
    if end is None:
        return None
    markup = "#" * level
    tokens = [
        BlockToken("heading_open", [0, 1], f"h{level}", markup),
        BlockToken("inline", [0, 1], content=line[pos:maximum].strip(MD_TRIM)),
        BlockToken("heading_close", None, f"h{level}", markup),
    ]
    if end > 1:
        tokens += _paragraph(1, end)
    return tokens


def _paragraph(first: int, end: int) -> list[BlockToken]:
    return [
        BlockToken("paragraph_open", [first, end], "p"),
        BlockToken("inline", [first, end]),
        BlockToken("paragraph_close", None, "p"),
    ]


def _fence(lines: Sequence[str]) -> list[BlockToken] | None:
    """A closed fence at the margin, then nothing but blank lines."""
    opener = lines[0]
    marker = opener[0]
    run = len(opener) - len(opener.lstrip(marker))
    info = opener[run:]
    if run < 3 or (marker == "`" and "`" in info) or "|" in opener or "\x00" in opener:
        return None
    for index in range(1, len(lines)):
        line = lines[index]
        stripped = line.lstrip(" \t")
        if not stripped.startswith(marker):
            continue
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent:
            return None  # tab stops decide whether it is indented code: leave it to markdown-it
        if len(indent) >= 4:
            continue
        length = len(stripped) - len(stripped.lstrip(marker))
        if length < run or stripped[length:].strip(" \t"):
            continue
        if not _blank_from(lines, index + 1):
            return None
        body = lines[1:index]
        content = "\n".join(body) + "\n" if body else ""
        if "\x00" in content or "\r" in content:
            return None
        return [BlockToken("fence", [0, index + 1], "code", opener[:run], info, content)]
    return None  # unclosed: it runs to the end of the document


def _table(lines: Sequence[str], text: str) -> list[BlockToken] | None:
    """A table whose every row is written between pipes at the margin, then blank lines."""
    if len(lines) < 2 or _UNSURE.search(text):
        return None
    header, delimiter = lines[0], lines[1]
    if len(delimiter) < 2 or delimiter[0] != "|" or "\\" in header:
        return None
    if delimiter.strip("|-: "):
        return None
    cells = delimiter.split("|")
    aligns = 0
    for index, cell in enumerate(cells):
        cell = cell.strip(" ")
        if not cell:
            if index in (0, len(cells) - 1):
                continue
            return None
        if not _DELIMITER_CELL.match(cell):
            return None
        aligns += 1
    row = header.strip(MD_TRIM).split("|")
    columns = len(row) - (row[0] == "") - (len(row) > 1 and row[-1] == "")
    if columns == 0 or columns != aligns:
        return None
    end = 2
    while end < len(lines) and lines[end].strip(" "):
        if lines[end][0] != "|" or "\\" in lines[end]:
            return None
        end += 1
    if not _blank_from(lines, end) or columns * (end - 2) > 0x10000:
        return None  # (markdown-it stops filling a table's missing cells past 65,536)
    tokens = [BlockToken("table_open", [0, end], "table"), BlockToken("tr_open", [0, 1], "tr")]
    if end > 2:
        tokens.append(BlockToken("tbody_open", [2, end], "tbody"))
        tokens += [BlockToken("tr_open", [line, line + 1], "tr") for line in range(2, end)]
        tokens.append(BlockToken("tbody_close", None, "tbody"))
    tokens.append(BlockToken("table_close", None, "table"))
    return tokens


def _list(lines: Sequence[str], text: str) -> list[BlockToken] | None:
    """A tight list of items at the margin, each one paragraph of plain lines (continued
    indented or lazily), all with the same kind of marker, whose items may hold one level
    of bullet items written at their content's column; then blank lines."""
    if _UNSURE.search(text):
        return None
    brackets = "]:" not in text
    kind: str | None = None
    nested_kind: str | None = None
    offset = 0  # the content column of the last item at the margin
    starts: list[int] = []
    end = len(lines)
    for index, line in enumerate(lines):
        if not line.strip(" "):
            end = index
            break
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        item = _ITEM.match(stripped) if indent in (0, offset) else None
        if item is not None:
            marker = item.group(1)
            this = marker if marker in "-*+" else marker[-1]
            if indent == 0:
                if kind is None:
                    kind = this
                elif this != kind:
                    return None
                offset, nested_kind = item.end(), None
            elif this not in "-*+" or index == 0:
                return None  # an ordered sub-list interrupts its item's text only from 1
            elif nested_kind is None:
                nested_kind = this
            elif this != nested_kind:
                return None
            content = stripped[item.end() :]
            if not (_safe_text(content, brackets) or _task_box(content)):
                return None
            starts.append(index)
        elif index == 0 or not _safe_text(stripped, brackets):
            return None
    if not starts or not _blank_from(lines, end):
        return None
    tokens: list[BlockToken] = []
    for number, first in enumerate(starts):
        last = starts[number + 1] if number + 1 < len(starts) else end
        tokens += _paragraph(first, last)
    return tokens


def _task_box(content: str) -> bool:
    """`[ ] text` or `[x] text`: a task item's box (never a link reference definition)."""
    return content[:4] in ("[ ] ", "[x] ", "[X] ") and _safe_text(content[4:], False)
