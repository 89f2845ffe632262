"""Placeholders and instructions as a template writes them, and finding them in a line.

A template marks a blank to fill in its own way: `[...]`, `<...>`, `(fill me in ...)`, a
number written `NNNN` or `0000`, a value `TBD`, a body a comment calls "the current
placeholder", `<<[UNRESOLVED ...]>>`. It gives its instructions its own way too: italic
lines, HTML comments, or plain paragraphs the author is meant to replace. What the template
writes is what counts in a document; nothing else does.

The template side (`derive_*`) runs once per template; the document side (`find_*`,
`is_*`) are pure functions on one line or one text, for the model to call. No Markdown
parser here, and no word of any process: the phrases that say "optional" or "placeholder"
are data (`data/vocabulary.toml`, `[conventions]`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DELIMITERS: tuple[tuple[str, str], ...] = (
    ("<<[", "]>>"),
    ("[", "]"),
    ("<", ">"),
    ("(", ")"),
    ("{", "}"),
)
"""The brackets a whole placeholder value may be wrapped in, longest opener first."""

BLANK_NUMBER = re.compile(r"(?<![A-Za-z0-9])(?:0{3,}|N{3,}|X{3,}|#{3,})(?![A-Za-z0-9])")
"""A number left blank the way templates write one: `0000`, `NNNN`, `XXXX`, `####`."""

TOKEN_VALUE = re.compile(r"^[A-Z]{3,5}\.?$")
"""A value written as one capitalised token (`TBD`, `TODO`): a blank, not a value."""

_KEYWORD = re.compile(r"^\s*/?([A-Z][A-Z_]{2,})\b")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"

MIN_INSTRUCTION_WORDS = 4
"""A prose or comment line of the template counts as an instruction to match when it has at
least this many words: shorter ones ("For example:") are ordinary prose."""


def fold(text: str) -> str:
    """Text compared loosely: case, spacing and the ellipsis character do not matter."""
    return re.sub(r"\s+", " ", text.replace("\u2026", "...")).strip().casefold()


def strip_emphasis(text: str) -> str:
    """`**Implemented (Swift 5.9)**` -> `Implemented (Swift 5.9)`: values are compared as read."""
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text


def _balanced(inner: str, opener: str, closer: str) -> bool:
    depth = 0
    for char in inner:
        if char == opener[-1]:
            depth += 1
        elif char == closer[0]:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def whole_value_placeholder(value: str) -> tuple[str, str, str] | None:
    """(opener, inner text, closer) when a value is one bracketed blank: `<URL>`,
    `(fill me in ...)`, `[Title]`; not a link (`[text](url)`) or several brackets."""
    value = value.strip()
    for opener, closer in DELIMITERS:
        if len(value) > len(opener) + len(closer) and value.startswith(opener):
            if not value.endswith(closer):
                continue
            inner = value[len(opener) : len(value) - len(closer)]
            if opener == "[" and "](" in value:
                return None
            if len(opener) == 1 and not _balanced(inner, opener, closer):
                continue
            if inner.strip():
                return opener, inner.strip(), closer
    return None


def has_blank_number(value: str) -> bool:
    """Does a value still hold a number left blank (`#0000`, `SE-NNNN`)?"""
    return BLANK_NUMBER.search(value) is not None


def is_token_blank(value: str) -> bool:
    """`TBD`: one capitalised token where a value goes."""
    return TOKEN_VALUE.match(value.strip()) is not None


@dataclass(frozen=True)
class Placeholders:
    """The blanks a template leaves, as it writes them."""

    values: frozenset[str] = frozenset()  # folded whole bracketed blanks, brackets included
    keywords: frozenset[tuple[str, str, str]] = frozenset()  # (opener, KEYWORD, closer)
    literals: frozenset[str] = frozenset()  # folded texts that stand for a blank (`tbd`)
    delimiters: tuple[tuple[str, str], ...] = ()  # the brackets the template's blanks use

    @property
    def empty(self) -> bool:
        return not (self.values or self.keywords or self.literals)


def derive_placeholders(
    header_values: Iterable[str], body_lines: Sequence[str], literals: Iterable[str] = ()
) -> Placeholders:
    """The template's placeholders: whole bracketed header values (and the same texts in its
    body), bracketed blanks that open with a capitalised keyword (`<<[UNRESOLVED ...]>>`),
    `TBD`-like header values, and `literals` (bodies its instructions call placeholders)."""
    values: set[str] = set()
    keywords: set[tuple[str, str, str]] = set()
    found_literals = {fold(text) for text in literals if text.strip()}
    delimiters: list[tuple[str, str]] = []
    for value in header_values:
        blank = whole_value_placeholder(value)
        if blank is not None:
            opener, _, closer = blank
            values.add(fold(value))
            if (opener, closer) not in delimiters:
                delimiters.append((opener, closer))
        elif is_token_blank(value):
            found_literals.add(fold(value))
    for line in body_lines:
        for opener, closer in DELIMITERS:
            if len(opener) < 2 or opener not in line:
                continue
            for match in re.finditer(re.escape(opener) + r"(.*?)" + re.escape(closer), line):
                keyword = _KEYWORD.match(match.group(1))
                if keyword:
                    keywords.add((opener, keyword.group(1), closer))
                    if (opener, closer) not in delimiters:
                        delimiters.append((opener, closer))
    return Placeholders(
        frozenset(values), frozenset(keywords), frozenset(found_literals), tuple(delimiters)
    )


def _value_pattern(text: str) -> str:
    return r"\s+".join(re.escape(part) for part in text.split())


def placeholder_regex(placeholders: Placeholders) -> re.Pattern[str] | None:
    """One pattern for every bracketed blank of the template and its keyword blanks."""
    alternatives = [_value_pattern(value) for value in sorted(placeholders.values)]
    for opener, keyword, closer in sorted(placeholders.keywords):
        alternatives.append(
            re.escape(opener) + r"\s*/?" + re.escape(keyword) + r"\b.*?" + re.escape(closer)
        )
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)


def find_placeholders(line: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Columns [start, end) of the template's bracketed blanks on one line (mask code first)."""
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(line) if m.end() > m.start()]


def is_literal_placeholder(text: str, placeholders: Placeholders) -> bool:
    """Is a paragraph the template's literal blank (`TBD`, `Needs discussion.`), alone or
    opening the paragraph as a sentence of its own (`TBD. The value ...`)?"""
    return literal_placeholder_length(text, placeholders) > 0


def literal_placeholder_length(line: str, placeholders: Placeholders) -> int:
    """How many characters of a line (after its indentation) are the template's literal
    blank: the whole line, or its opening sentence (`TBD.`); 0 when none."""
    text = line.strip()
    folded = text.casefold()
    if not folded or not placeholders.literals:
        return 0
    if " " in folded and re.sub(r"\s+", " ", folded) != folded:
        folded = re.sub(r"\s+", " ", folded)
        text = re.sub(r"\s+", " ", text)
    for literal in sorted(placeholders.literals, key=len, reverse=True):
        bare = literal.rstrip(".:;")
        if folded.rstrip(".:;") == bare:
            return len(text)
        if folded.startswith(bare) and folded[len(bare) : len(bare) + 1] in (".", ":"):
            return len(bare) + 1
    return 0


# --- instructions ----------------------------------------------------------------------

ITALIC = "italic"
COMMENT = "comment"
PROSE = "prose"


@dataclass(frozen=True)
class Comment:
    """An HTML comment: from (line, col) to (end_line, end_col) exclusive, and its text."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str  # between `<!--` and `-->`


def find_comments(lines: Sequence[str], first: int = 0, end: int | None = None) -> list[Comment]:
    """HTML comments on lines [first, end) (the caller leaves code out); an unclosed one
    runs to the end."""
    end = len(lines) if end is None else end
    found: list[Comment] = []
    line = first
    col = 0
    while line < end:
        raw = lines[line]
        start = raw.find(_COMMENT_OPEN, col)
        if start < 0:
            line, col = line + 1, 0
            continue
        close_line, search_from = line, start + len(_COMMENT_OPEN)
        parts: list[str] = []
        while close_line < end:
            text = lines[close_line]
            stop = text.find(_COMMENT_CLOSE, search_from)
            if stop >= 0:
                parts.append(text[search_from:stop])
                found.append(
                    Comment(line, start, close_line, stop + len(_COMMENT_CLOSE), "\n".join(parts))
                )
                line, col = close_line, stop + len(_COMMENT_CLOSE)
                break
            parts.append(text[search_from:])
            close_line, search_from = close_line + 1, 0
        else:
            last = end - 1
            found.append(Comment(line, start, last, len(lines[last]), "\n".join(parts)))
            return found
    return found


def instruction_key(line: str) -> str:
    """A line of instructions compared loosely: list markers, emphasis, case and spacing do
    not matter. Empty when it has fewer than `MIN_INSTRUCTION_WORDS` words."""
    text = _LIST_MARKER.sub("", line)
    text = fold(strip_emphasis(text))
    return text if len(text.split()) >= MIN_INSTRUCTION_WORDS else ""


def comment_keys(text: str) -> set[str]:
    """The instruction keys of a comment's lines."""
    return {key for line in text.split("\n") if (key := instruction_key(line))}


def is_template_comment(comment: Comment | str, keys: frozenset[str]) -> bool:
    """Is a document's comment one of the template's (it keeps at least one of their lines)?"""
    text = comment.text if isinstance(comment, Comment) else comment
    return bool(keys) and not comment_keys(text).isdisjoint(keys)


def is_instruction_line(line: str, keys: frozenset[str]) -> bool:
    """Is a document's prose line one of the template's instruction lines?"""
    key = instruction_key(line)
    return bool(key) and key in keys


_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")


def is_answered_question(lines: Sequence[str], line: int, keys: frozenset[str]) -> bool:
    """Is the template question on `line` answered in place: followed, before the next
    heading, by text that is not itself the template's (rust-lang/rfcs 2383 keeps "Why
    should we *not* do this?" and answers it below)? An unanswered one is a leftover."""
    if not lines[line].rstrip().endswith("?"):
        return False
    for following in range(line + 1, len(lines)):
        text = lines[following]
        if not text.strip():
            continue
        if _HEADING.match(text):
            return False
        return not is_instruction_line(text, keys)
    return False


def phrase_in(text: str, phrases: Iterable[str]) -> str | None:
    """The first phrase (case-insensitive, spacing loose) found in a text."""
    folded = fold(strip_emphasis(text))
    for phrase in phrases:
        if fold(phrase) in folded:
            return phrase
    return None
