"""Lines, code-point spans and the one place that knows about UTF-16.

Inside pep-lsp a position is a (line, column) pair where the column counts Unicode code
points. LSP clients count in UTF-16 code units (or UTF-8 bytes, or UTF-32 code points);
the conversion happens only in the functions at the bottom of this module, called at the
LSP edge. Nothing here imports pygls.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

# LSP counts only CR LF, CR and LF as line breaks (str.splitlines also breaks on \f, \v,
# \x1c-\x1e, \x85, U+2028 and U+2029, which would shift every line after them).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


_new_tuple = tuple.__new__


class Pos(NamedTuple):
    """A position: 0-based line and 0-based code-point column."""

    line: int
    col: int


class Span(NamedTuple):
    """A half-open range between two positions."""

    start: Pos
    end: Pos

    @classmethod
    def on_line(cls, line: int, start_col: int, end_col: int) -> Span:
        # What `cls(Pos(line, start_col), Pos(line, end_col))` makes, without the three calls
        # of the named tuples' `__new__` written in Python (a third of the time: spans are
        # made for every heading, link and finding of every file `check` reads).
        return _new_tuple(
            cls, (_new_tuple(Pos, (line, start_col)), _new_tuple(Pos, (line, end_col)))
        )

    def shifted(self, lines: int) -> Span:
        """The same span moved down by `lines` lines."""
        if not lines:
            return self
        return Span(
            Pos(self.start.line + lines, self.start.col), Pos(self.end.line + lines, self.end.col)
        )


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Split text into line contents and their line endings, the LSP way.

    The last line's ending is always ''. `"a\\r\\nb"` gives (["a", "b"], ["\\r\\n", ""]).
    """
    if "\r" not in text:  # the usual case: one C-level split
        lines = text.split("\n")
        return lines, ["\n"] * (len(lines) - 1) + [""]
    lines = []
    endings: list[str] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(text[start : match.start()])
        endings.append(match.group())
        start = match.end()
    lines.append(text[start:])
    endings.append("")
    return lines, endings


class Lines(Sequence[str]):
    """An immutable snapshot of a document's lines: a base list shared between versions plus
    the few lines that differ from it, so that taking a version costs the changed lines, not
    the document. Neither the base nor the changes are ever mutated once handed over."""

    __slots__ = ("_base", "_changed")

    def __init__(self, base: list[str], changed: dict[int, str] | None = None) -> None:
        self._base = base
        self._changed = changed or {}

    def __len__(self) -> int:
        return len(self._base)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        base, changed = self._base, self._changed
        if isinstance(index, slice):
            items = base[index]
            if changed and items:
                start, stop, step = index.indices(len(base))
                for line, text in changed.items():
                    if (
                        step > 0 and start <= line < stop or step < 0 and stop < line <= start
                    ) and (line - start) % step == 0:
                        items[(line - start) // step] = text
            return items
        if changed:
            if index < 0:
                index += len(base)
                if index < 0:
                    raise IndexError("Lines index out of range")
            replaced = changed.get(index)
            if replaced is not None:
                return replaced
        return base[index]

    def __iter__(self) -> Iterator[str]:
        if not self._changed:
            return iter(self._base)
        return (self[index] for index in range(len(self._base)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Lines, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lines({list(self)!r})"


def clamp_to_lines(lines: Sequence[str], pos: Pos) -> Pos:
    """A position inside the text: past the last line is the end, past a line's end is its end."""
    if pos.line < 0:
        return Pos(0, 0)
    if pos.line >= len(lines):
        return Pos(len(lines) - 1, len(lines[-1]))
    return Pos(pos.line, max(0, min(pos.col, len(lines[pos.line]))))


def join_lines(lines: Sequence[str], endings: Sequence[str]) -> str:
    """Inverse of `split_lines`."""
    return "".join(line + ending for line, ending in zip(lines, endings))


# --- the LSP edge: position encodings -------------------------------------------------

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def _unit_len(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        if code < 0x80:
            return 1
        if code < 0x800:
            return 2
        if code < 0x10000:
            return 3
        return 4
    return 1


def units_in(text: str, encoding: str = UTF16) -> int:
    """Length of `text` in the client's units."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    return sum(_unit_len(char, encoding) for char in text)


def col_to_units(line_text: str, col: int, encoding: str = UTF16) -> int:
    """Code-point column -> client units; clamped to the line."""
    col = max(0, min(col, len(line_text)))
    return units_in(line_text[:col], encoding)


def units_to_col(line_text: str, units: int, encoding: str = UTF16) -> int:
    """Client units -> code-point column.

    Clamped to the line; a position inside a character (between the two halves of a
    surrogate pair, or inside a UTF-8 sequence) snaps to the start of that character.
    """
    if units <= 0:
        return 0
    if encoding == UTF32 or line_text.isascii():
        return min(units, len(line_text))
    used = 0
    for index, char in enumerate(line_text):
        used += _unit_len(char, encoding)
        if used > units:
            return index
        if used == units:
            return index + 1
    return len(line_text)
