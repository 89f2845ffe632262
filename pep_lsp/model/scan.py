"""Line scanning below the parser: block starts, fences, HTML blocks, code spans, links.

The regular expressions and the small scanners the block splitter, the block analysis, the
workspace index and the URL finder share. Positions are code points on one line.
"""

from __future__ import annotations

import re

from pep_lsp.template import normalize_text

ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
HTML_OPEN = re.compile(
    r"^ {0,3}(<!--|<\?|<!\[CDATA\[|<(?:pre|script|style|textarea)(?:\s|>|$))", re.I
)
HTML_CLOSE = {"<!--": "-->", "<?": "?>", "<![CDATA[": "]]>"}
BACKTICKS = re.compile(r"`+")
AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
# The destination stops at the first parenthesis or space: every `[text](` then scans only to
# the next one, so a long line of them costs linear time, not quadratic.
LINK = re.compile(
    r"(?<!\\)\[((?:[^\[\]\\]|\\.)*)\]\([ \t]*<?([^()\s<>]*)>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?[ \t]*\)"
)
TASK_ITEM = re.compile(r"^(\s*[-*+]\s+\[[ xX]\]\s+)(.*\S)\s*$")
LINK_DESTINATION = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")  # counted as no words
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
EXAMPLE_HOST = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*:)?//(?:[^/]*\.)?example\.(?:com|org|net)(?:[:/?#]|$)", re.I
)
REF_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:")
NESTED_REF_DEFINITION = re.compile(
    r"^[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[((?:[^\[\]\\]|\\.)+)\]:"
)
"""A link reference definition, also inside a list item or a quote (CommonMark allows both)."""
INDEX_BEFORE = re.compile(r"[\w)\]`]")
"""A character after which `[` indexes or subscripts (`x[0]`, `f(a)[1]`, `m[i][j]`): not a placeholder."""


def closes_fence(text: str, fence: tuple[str, int]) -> bool:
    stripped = text.lstrip(" ")
    if len(text) - len(stripped) > 3:
        return False
    char, length = fence
    run = len(stripped) - len(stripped.lstrip(char))
    return run >= length and not stripped[run:].strip()


def opens_code(text: str) -> tuple[tuple[str, int] | None, str | None]:
    """Does this line open a fence or a raw HTML block that blank lines do not end?"""
    opened = FENCE_OPEN.match(text)
    if opened and not (opened.group(2)[0] == "`" and "`" in opened.group(3)):
        return (opened.group(2)[0], len(opened.group(2))), None
    html = HTML_OPEN.match(text)
    if html:
        opener = html.group(1).lower()
        closer = HTML_CLOSE.get(opener) or "</" + opener[1:].rstrip(" \t>") + ">"
        if closer not in text.lower()[html.end() :]:
            return None, closer
    return None, None


def reference_label(text: str) -> str:
    return normalize_text(text.strip("[]")).casefold()


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


_SINGLE_CODE_SPAN = re.compile(r"`[^`]*`")
"""Where no two backticks touch, every run is one backtick and each closes at the next."""
_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(match: re.Match[str]) -> str:
    text = match.group()
    return _NOT_NEWLINE.sub(" ", text) if "\n" in text else " " * len(text)


def mask_code(text: str) -> str:
    """The text with code spans and autolinks blanked out (same length, newlines kept, so
    columns hold). `text` is one line or a paragraph's lines joined by newlines: CommonMark
    lets a code span run across lines of a paragraph. Masking a paragraph whole gives each
    line what masking it alone gives, unless a code span crosses a line."""
    if "`" in text:
        if "``" not in text:
            text = _SINGLE_CODE_SPAN.sub(_blank, text)
        else:
            parts: list[str] = []
            last = 0
            for start, end in code_spans(text):
                span = text[start:end]
                parts += [
                    text[last:start],
                    _NOT_NEWLINE.sub(" ", span) if "\n" in span else " " * (end - start),
                ]
                last = end
            text = "".join(parts) + text[last:]
    if "<" in text:  # an autolink holds no space: it never crosses a line
        text = AUTOLINK.sub(_blank, text)
    return text


def link_text_columns(line: str) -> bytearray:
    """For each column, 1 when it is inside a link's text (`[...](` or `[...][`), brackets
    matched with a stack in one pass, so `[[Pitch] Faster search](url)` holds its inner `[Pitch]`."""
    depth = [0] * (len(line) + 1)
    stack: list[int] = []
    escaped = False
    for column, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            stack.append(column)
        elif char == "]" and stack:
            opening = stack.pop()
            if line[column + 1 : column + 2] in ("(", "["):
                depth[opening + 1] += 1
                depth[column] -= 1
    inside = bytearray(len(line))
    level = 0
    for column in range(len(line)):
        level += depth[column]
        inside[column] = level > 0
    return inside
