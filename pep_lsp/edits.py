"""The edit algebra: building edits over the model's lines (insertion of blocks with one blank
line around, deletion, moves), merging many into one non-overlapping list, applying them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pep_lsp.findings import Edit
from pep_lsp.text import Pos, Span, split_lines


def with_eol(text: str, eol: str) -> str:
    """Text written with '\\n' turned into the document's own line ending."""
    return text if eol == "\n" else text.replace("\n", eol)


def insert_block(lines: Sequence[str], before: int, block: str, eol: str = "\n") -> Edit:
    """Insert `block` (no trailing newline) in the gap before line `before`, one blank line around it.

    Existing blank lines are kept, never removed; nothing outside the gap changes.
    """
    before = max(0, min(before, len(lines)))
    previous = before - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    if previous < 0:
        if len(lines) == 1 and not lines[0]:
            return Edit(Span(Pos(0, 0), Pos(0, 0)), with_eol(block, eol))
        return Edit(Span(Pos(0, 0), Pos(0, 0)), with_eol(block + "\n\n", eol))
    text = "\n\n" + block
    if previous + 1 < len(lines) and lines[previous + 1].strip():
        text += "\n"  # content follows at once: keep a blank line before it
    end = Pos(previous, len(lines[previous]))
    return Edit(Span(end, end), with_eol(text, eol))


def delete_lines(lines: Sequence[str], first: int, last: int) -> Edit:
    """Delete whole lines first..last (inclusive) and one blank line after them, if any."""
    end_line = last + 1
    if (
        end_line < len(lines)
        and not lines[end_line].strip()
        and (first == 0 or not lines[first - 1].strip())
    ):
        end_line += 1
    if end_line >= len(lines):
        # Deleting through the end: take the line break before the first line instead.
        if first == 0:
            return Edit(Span(Pos(0, 0), Pos(len(lines) - 1, len(lines[-1]))), "")
        return Edit(
            Span(Pos(first - 1, len(lines[first - 1])), Pos(len(lines) - 1, len(lines[-1]))), ""
        )
    return Edit(Span(Pos(first, 0), Pos(end_line, 0)), "")


def move_lines(
    lines: Sequence[str], first: int, last: int, before: int, eol: str = "\n"
) -> tuple[Edit, Edit] | None:
    """Move whole lines first..last (inclusive) into the gap before line `before`.

    A deletion where they are and an `insert_block` where they go, or None when the two
    would touch or overlap (the lines are already next to that gap).
    """
    removal = delete_lines(lines, first, last)
    insertion = insert_block(lines, before, "\n".join(lines[first : last + 1]), eol)
    point = insertion.span.start
    if removal.span.start <= point <= removal.span.end:
        return None
    return (removal, insertion) if removal.span.start < point else (insertion, removal)


def merge_edits(edits: Sequence[Edit]) -> list[Edit] | None:
    """Sort edits and join those that touch or whose deletions overlap; None on a real overlap.

    Replacing [a, b) with X and [b, c) with Y is the same as replacing [a, c) with X + Y, so
    touching edits become one and no client has to guess their order.
    """
    result: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if not result or edit.span.start > result[-1].span.end:
            result.append(edit)
            continue
        last = result[-1]
        if edit == last:
            continue
        if edit.span.start == last.span.end:
            result[-1] = Edit(
                Span(last.span.start, max(last.span.end, edit.span.end)),
                last.new_text + edit.new_text,
            )
        elif not last.new_text and not edit.new_text:
            result[-1] = Edit(Span(last.span.start, max(last.span.end, edit.span.end)), "")
        else:
            return None
    return result


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping code-point edits, last first so earlier positions hold. Positions
    past the end of a line or of the text are clamped to it."""
    lines, endings = split_lines(text)
    offsets = [0]
    for line, ending in zip(lines, endings):
        offsets.append(offsets[-1] + len(line) + len(ending))

    def offset(pos: Pos) -> int:
        line = min(pos.line, len(lines) - 1)
        return offsets[line] + min(pos.col, len(lines[line]))

    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: offset(edit.span.start)] + edit.new_text + text[offset(edit.span.end) :]
    return text
