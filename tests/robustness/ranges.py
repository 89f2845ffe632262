"""What a valid range is, checked against the flat text the client holds (not our model)."""

from __future__ import annotations

import re

from lsprotocol import types

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def boundaries(line: str, encoding: str) -> set[int]:
    """Every offset, in the client's units, that falls between two characters of `line`."""
    found = {0}
    units = 0
    for char in line:
        if encoding == "utf-16":
            units += 2 if ord(char) > 0xFFFF else 1
        elif encoding == "utf-8":
            units += len(char.encode("utf-8", "surrogatepass"))
        else:
            units += 1
        found.add(units)
    return found


class RangeChecker:
    """Checks positions and ranges against one version of a document's text."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.lines = _LINE_BREAK.split(text)
        self.encoding = encoding
        self._boundaries: dict[int, set[int]] = {}

    def check_position(self, position: types.Position, what: str) -> None:
        assert 0 <= position.line < len(self.lines), (
            f"{what}: line {position.line} outside 0..{len(self.lines) - 1}"
        )
        if position.line not in self._boundaries:
            self._boundaries[position.line] = boundaries(self.lines[position.line], self.encoding)
        allowed = self._boundaries[position.line]
        assert position.character in allowed, (
            f"{what}: character {position.character} on line {position.line} is past the line's end "
            f"({max(allowed)}) or inside a character in {self.encoding}"
        )

    def check_range(self, rng: types.Range, what: str) -> None:
        self.check_position(rng.start, what + " start")
        self.check_position(rng.end, what + " end")
        assert (rng.start.line, rng.start.character) <= (rng.end.line, rng.end.character), (
            f"{what}: start after end in {rng}"
        )
