"""The document model: parse once, reuse, re-analyse only the blocks an edit touches.

The text is kept as a list of lines. It is split into blocks outside fenced code: a block
starts at every heading and at every non-indented line that follows a blank line (a `##`
section is therefore always a run of whole blocks). Each block is parsed on its own with
markdown-it-py and its findings (headings, fences, leftovers, word counts) are cached by the
block's text, relative to the block's first line. An edit re-splits only from the block it
starts in until the old block boundaries line up again, so the cost of an edit follows the
edit, not the document.

Positions are (line, code-point column) throughout; see `text.py`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pep_lsp.model.blocks import BlockFacts, analyse_block
from pep_lsp.model.model import Change, Model
from pep_lsp.model.scan import ATX_HEADING, closes_fence, opens_code
from pep_lsp.template import Schema
from pep_lsp.text import Lines, Pos, clamp_to_lines, join_lines, split_lines

MAX_SNAPSHOT_CHANGES = 64
"""A version's lines are the last full copy plus the lines changed since; past this many
changed lines (or when the line count changes) the next version takes a fresh copy."""


_CODE_STARTS = ("`", "~", "<")  # what a fence or a raw HTML block starts with (after <= 3 spaces)
_CONTINUING = ("", " ", "\t")  # a line starting so after a blank line starts no block

MAX_SHARED_BLOCKS = 4096
"""Blocks whose facts are kept across documents (the same heading, the same boilerplate
paragraph in every proposal of a repository); the table is emptied when it is full."""
_SHARED: dict[str, BlockFacts] = {}
_SHARED_SCHEMA: list[Schema] = []  # the schema the table was filled against


def shared_facts(text: str, lines: list[str], schema: Schema) -> BlockFacts:
    """`analyse_block(lines, schema)`, remembered by the block's text for every document
    analysed against the same schema: a block's facts depend on nothing else."""
    if not _SHARED_SCHEMA or _SHARED_SCHEMA[0] is not schema:
        _SHARED.clear()
        _SHARED_SCHEMA[:] = [schema]
    facts = _SHARED.get(text)
    if facts is None:
        if len(_SHARED) >= MAX_SHARED_BLOCKS:
            _SHARED.clear()
        facts = _SHARED[text] = analyse_block(lines, schema, text=text)
    return facts


class Document:
    """A text held as lines, with block-level incremental analysis against one schema."""

    def __init__(self, text: str, schema: Schema, claimed: bool = False) -> None:
        self.schema = schema
        self.claimed = (
            claimed  # a PEP by its file name or the configuration, whatever the text says
        )
        self.lines, self.endings = split_lines(text)
        self._starts: list[int] = []
        self._facts: list[BlockFacts] = []
        self._texts: list[str] = []
        self._text: str | None = text
        self._model: Model | None = None
        self._previous: Model | None = None
        self._dirty: set[int] = set()
        # What the next model's lines are built from: a copy of `lines` shared by models (never
        # mutated) and the lines changed since it was taken (None: take a fresh copy).
        self._snapshot: list[str] | None = None
        self._snapshot_changes: dict[int, str] = {}
        self._starts_moved = True  # block starts changed since the last model
        self._directives_touched = False
        self._tables_touched = False
        self._reshaped = True
        self._resplit(0, 0, len(self.lines))

    # --- text -------------------------------------------------------------------------

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = join_lines(self.lines, self.endings)
        return self._text

    def clamp(self, pos: Pos) -> Pos:
        """A position inside the document: past the last line is the end, past a line's end is its end."""
        return clamp_to_lines(self.lines, pos)

    def replace(self, start: Pos, end: Pos, new_text: str) -> None:
        """Replace the text between two positions (clamped, and swapped if reversed)."""
        start, end = self.clamp(start), self.clamp(end)
        if end < start:
            start, end = end, start
        # Re-split the touched lines plus the one before, so a CR LF pair formed or broken
        # at the seam is seen exactly as a fresh split would see it.
        first = max(0, start.line - 1)
        last = end.line
        region = join_lines(self.lines[first : last + 1], self.endings[first : last + 1])
        prefix = join_lines(self.lines[first : start.line], self.endings[first : start.line])
        offset_start = len(prefix) + start.col
        offset_end = (
            len(join_lines(self.lines[first : end.line], self.endings[first : end.line])) + end.col
        )
        region = region[:offset_start] + new_text + region[offset_end:]
        new_lines, new_endings = split_lines(region)
        if self.endings[last] and new_lines[-1] == "" and new_endings[-1] == "":
            # The region ended with a line break: the empty tail is the next line's start.
            new_lines.pop()
            new_endings.pop()
            if not new_lines:
                new_lines, new_endings = [""], [""]
        self._note_snapshot_change(first, last + 1, new_lines)
        self.lines[first : last + 1] = new_lines
        self.endings[first : last + 1] = new_endings
        self._text = None
        self._model = None
        self._resplit(first, last + 1, len(new_lines))

    def _note_snapshot_change(self, first: int, end: int, new_lines: list[str]) -> None:
        changes = self._snapshot_changes
        if self._snapshot is None:
            return
        if len(new_lines) != end - first or len(changes) + len(new_lines) > MAX_SNAPSHOT_CHANGES:
            self._snapshot = None
            return
        for offset, text in enumerate(new_lines):
            changes[first + offset] = text

    def _lines_snapshot(self) -> Lines:
        if self._snapshot is None:
            self._snapshot, self._snapshot_changes = self.lines.copy(), {}
        return Lines(self._snapshot, dict(self._snapshot_changes))

    def set_schema(self, schema: Schema) -> None:
        """Re-analyse every block against another schema (the template changed)."""
        if schema is self.schema:
            return
        self.schema = schema
        self._model = None
        self._reshaped = True
        self._starts, self._facts, self._texts = [], [], []
        self._resplit(0, 0, len(self.lines))

    def set_claimed(self, claimed: bool) -> None:
        """Claim the document as a PEP from outside its text (its name, the configuration), or not."""
        if claimed != self.claimed:
            self.claimed = claimed
            self._model = None
            self._reshaped = True

    def replace_all(self, text: str) -> None:
        self.lines, self.endings = split_lines(text)
        self._snapshot = None
        self._text = text
        self._model = None
        self._reshaped = True
        self._starts, self._facts, self._texts = [], [], []
        self._resplit(0, 0, len(self.lines))

    # --- blocks -------------------------------------------------------------------------

    @property
    def block_starts(self) -> list[int]:
        return list(self._starts)

    def _resplit(self, old_first: int, old_end: int, new_line_count: int) -> None:
        """Re-split blocks after old lines [old_first, old_end) became `new_line_count` lines.

        Scanning starts at the block holding the first touched line and stops at the first
        old block boundary after the edit where the scan is outside code and would start a
        block anyway: from there on the text and the fence state are what they were. Work is
        proportional to the blocks scanned, plus a shift of later block starts when the edit
        changes the number of lines.
        """
        delta = new_line_count - (old_end - old_first)
        starts, facts, texts = self._starts, self._facts, self._texts
        index = max(0, bisect_right(starts, old_first) - 1)
        tail = bisect_left(starts, old_end, lo=index + 1) if starts else 0
        cache = dict(zip(texts[index:tail], facts[index:tail]))
        mid_starts: list[int] = []
        mid_facts: list[BlockFacts] = []
        mid_texts: list[str] = []

        lines = self.lines
        block_start = line = starts[index] if starts else 0
        fence: tuple[str, int] | None = None
        html_close: str | None = None
        previous_blank = True
        synced = len(starts)  # index of the first old block kept as it was
        count = len(lines)
        while line < count:
            text = lines[line]
            if fence is None and html_close is None:
                first = text[:1]
                if line > block_start and (
                    (previous_blank and first not in _CONTINUING)
                    or ((first == "#" or first == " ") and ATX_HEADING.match(text))  # (its start)
                ):
                    old = bisect_left(starts, line - delta, tail)
                    if old < len(starts) and starts[old] == line - delta:
                        synced = old
                        break
                    self._close_block(block_start, line, mid_starts, mid_facts, mid_texts, cache)
                    block_start = line
                if (text.lstrip(" ")[:1] if first == " " else first) in _CODE_STARTS:
                    fence, html_close = opens_code(text)
            elif fence is not None:
                if closes_fence(text, fence):
                    fence = None
            elif html_close is not None and html_close in text.lower():
                html_close = None
            previous_blank = not text or text.isspace()  # `not text.strip()`, made no string
            line += 1
        self._close_block(block_start, line, mid_starts, mid_facts, mid_texts, cache)
        self._note_change(index, facts[index:synced], mid_facts, delta)
        if delta or starts[index:synced] != mid_starts:
            # Blocks kept their shapes but not their places: what the previous version placed
            # by block (headings, sections, tables) would be off by the move.
            self._starts_moved = self._reshaped = True
        if delta:
            starts[synced:] = [start + delta for start in starts[synced:]]
        starts[index:synced] = mid_starts
        facts[index:synced] = mid_facts
        texts[index:synced] = mid_texts

    def _note_change(
        self, index: int, old: list[BlockFacts], new: list[BlockFacts], delta: int
    ) -> None:
        """Remember which blocks changed, or that the document's shape did."""
        if self._reshaped:
            return
        if delta or len(old) != len(new) or not all(a.same_shape(b) for a, b in zip(old, new)):
            self._reshaped = True
        else:
            self._dirty.update(range(index, index + len(new)))
            pairs = list(zip(old, new))
            self._directives_touched |= any(a.directives or b.directives for a, b in pairs)
            self._tables_touched |= any(a.tables != b.tables for a, b in pairs)

    def _close_block(
        self,
        start: int,
        end: int,
        starts: list[int],
        facts: list[BlockFacts],
        texts: list[str],
        cache: dict[str, BlockFacts],
    ) -> None:
        if end <= start and starts:
            return
        lines = self.lines[start:end]
        text = "\n".join(lines)
        block = cache.get(text)
        if block is None:
            block = shared_facts(text, lines, self.schema)
        starts.append(start)
        facts.append(block)
        texts.append(text)

    # --- the model -----------------------------------------------------------------------

    @property
    def model(self) -> Model:
        if self._model is None:
            self._model = self._build_model()
        return self._model

    def _build_model(self) -> Model:
        eol = self.endings[0] or "\n"
        previous = None if self._reshaped else self._previous
        change = None
        if previous is not None:
            header_touched = True
            header = previous.__dict__.get("header", False)
            if header is None:
                header_touched = False
            elif header:
                starts = self._starts
                header_touched = any(
                    starts[i] <= header.fence.end
                    and (starts[i + 1] if i + 1 < len(starts) else len(self.lines))
                    > header.fence.start
                    for i in self._dirty
                )
            change = Change(
                frozenset(self._dirty),
                header_touched,
                self._directives_touched,
                self._tables_touched,
            )
        # Block starts are shared with the last model while no edit moved them.
        last = self._previous
        starts = (
            last._starts if last is not None and not self._starts_moved else self._starts.copy()
        )
        model = Model(
            self._lines_snapshot(),
            self.schema,
            starts,
            self._facts.copy(),
            eol,
            previous,
            change,
            self.claimed,
        )
        self._previous, self._dirty, self._reshaped, self._starts_moved = model, set(), False, False
        self._directives_touched = self._tables_touched = False
        return model
