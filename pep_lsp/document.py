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

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # markdown-it is loaded when a block first needs it (blockparse.py)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from pep_lsp.blockparse import BlockToken, block_tokens
from pep_lsp.spelling import Misspelling, scan_line
from pep_lsp.suppression import Directive, scan_directives
from pep_lsp.template import (
    HEADER_LINE,
    INSTRUCTION_LINE,
    PLACEHOLDER,
    FieldSpec,
    Schema,
    SectionSpec,
    fold_placeholder,
    new_markdown_parser,
    normalize_code,
    normalize_text,
    table_cells,
)
from pep_lsp.text import Lines, Pos, Span, clamp_to_lines, join_lines, split_lines

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_HTML_OPEN = re.compile(
    r"^ {0,3}(<!--|<\?|<!\[CDATA\[|<(?:pre|script|style|textarea)(?:\s|>|$))", re.I
)
_HTML_CLOSE = {"<!--": "-->", "<?": "?>", "<![CDATA[": "]]>"}
_CODE_STARTS = ("`", "~", "<")  # what a fence or a raw HTML block starts with (after <= 3 spaces)
_BACKTICKS = re.compile(r"`+")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
# The destination stops at the first parenthesis or space: every `[text](` then scans only to
# the next one, so a long line of them costs linear time, not quadratic.
_LINK = re.compile(
    r"(?<!\\)\[((?:[^\[\]\\]|\\.)*)\]\([ \t]*<?([^()\s<>]*)>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?[ \t]*\)"
)
_TASK_ITEM = re.compile(r"^(\s*[-*+]\s+\[[ xX]\]\s+)(.*\S)\s*$")
_LINK_DESTINATION = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")  # counted as no words
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_EXAMPLE_HOST = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*:)?//(?:[^/]*\.)?example\.(?:com|org|net)(?:[:/?#]|$)", re.I
)
_REF_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:")
_NESTED_REF_DEFINITION = re.compile(
    r"^[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[((?:[^\[\]\\]|\\.)+)\]:"
)
"""A link reference definition, also inside a list item or a quote (CommonMark allows both)."""
_INDEX_BEFORE = re.compile(r"[\w)\]`]")
"""A character after which `[` indexes or subscripts (`x[0]`, `f(a)[1]`, `m[i][j]`): not a placeholder."""

_YAML_LINE = re.compile(r"^[A-Za-z_][\w .-]*:(?:[ \t]|$)")
"""A `key: value` line of YAML front matter."""

MIN_HEADER_FIELDS = 2
"""A fence is the header when it names at least this many of the template's fields (or holds
nothing but template fields, as while the first one is typed)."""

MAX_SNAPSHOT_CHANGES = 64
"""A version's lines are the last full copy plus the lines changed since; past this many
changed lines (or when the line count changes) the next version takes a fresh copy."""

MIN_EXAMPLE_TASK_WORDS = 3
"""Checklist items shorter than this ("API documentation") are plausible real content."""


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int
    title_span: Span

    def shifted(self, lines: int) -> Heading:
        return Heading(self.level, self.title, self.line + lines, self.title_span.shifted(lines))


@dataclass(frozen=True)
class Fence:
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

    kind: str
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


@dataclass(frozen=True)
class HeaderLine:
    line: int
    name: str | None  # None: the line is not `Field: value`
    value: str
    name_span: Span
    value_span: Span


@dataclass(frozen=True)
class HeaderBlock:
    fence: Fence
    lines: tuple[HeaderLine, ...]

    def get(self, name: str) -> HeaderLine | None:
        folded = name.casefold()
        return next((h for h in self.lines if h.name and h.name.casefold() == folded), None)


@dataclass
class Section:
    heading: Heading
    spec: SectionSpec | None
    parent: Section | None
    end_line: int  # exclusive
    children: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.title

    @property
    def level(self) -> int:
        return self.heading.level


@dataclass(frozen=True)
class Change:
    """What changed in a document since its last model, when no block changed shape."""

    blocks: frozenset[int]  # indices of the blocks whose text changed
    header_touched: bool = True
    directives_touched: bool = True  # a changed block had or has a suppression comment
    tables_touched: bool = True  # a changed block's tables moved, appeared or went


class Model:
    """The analysis of one version of a document.

    Built from the blocks' cached facts; the document-wide lists are gathered (and shifted to
    absolute lines) only when first asked for, once per version.
    """

    def __init__(
        self,
        lines: Sequence[str],
        schema: Schema,
        starts: list[int],
        facts: list[BlockFacts],
        eol: str = "\n",
        previous: Model | None = None,
        change: Change | None = None,
        claimed: bool = False,
    ) -> None:
        self.lines = lines
        self.schema = schema
        self.eol = eol
        # Named a PEP from outside the text (a `pep-0012.md` file name, a configured include
        # pattern): see `Document.claimed`.
        self.claimed = claimed
        self._starts = starts
        self._facts = facts
        # Tokens that change whenever the structure (headings, fences, block bodies) or the
        # header may have changed; rules that read only those reuse results while they hold.
        self.structure_key: object = object()
        self.header_key: object = object()
        # The version this one was derived from (None: built afresh) and the lines that
        # changed since, as [start, end) ranges: a result computed from other lines still holds.
        self.based_on: Model | None = None
        self.changed_lines: tuple[tuple[int, int], ...] = ()
        if previous is not None and change is not None:
            self._reuse(previous, change)

    _STRUCTURE = (
        "sections",
        "_section_lines",
        "title_heading",
        "is_pep",
        "word_limited_sections",
        "front_matter",
        "_own_headings",
    )

    def _reuse(self, previous: Model, change: Change) -> None:
        """Take over the previous version's structure; only `change.blocks` changed, none in shape."""
        self.structure_key = previous.structure_key
        if not change.header_touched:
            self.header_key = previous.header_key
        self.based_on = previous
        previous.based_on = None  # one link back is all a reader needs; older versions can go
        self.changed_lines = self._block_lines(change.blocks)
        cached = previous.__dict__
        names = list(self._STRUCTURE)
        if not change.header_touched:
            names.append("header")
        if not change.directives_touched:
            names.append("suppressions")
        if not change.tables_touched:
            names += ["tables", "_enclosures"]
        for name in names:
            if name in cached:
                self.__dict__[name] = cached[name]
        if "misspellings" in cached:
            self.__dict__["misspellings"] = self._patch_misspellings(
                cached["misspellings"], self.changed_lines, change.blocks
            )
        if "_gathered" in cached:
            headings, fences, leftovers, references = cached["_gathered"]
            self.__dict__["_gathered"] = (
                headings,
                fences,
                self._patch_leftovers(leftovers, self.changed_lines, change.blocks),
                references,
            )

    def _block_lines(self, blocks: frozenset[int]) -> tuple[tuple[int, int], ...]:
        starts = self._starts
        return tuple(
            (starts[index], starts[index + 1] if index + 1 < len(starts) else len(self.lines))
            for index in sorted(blocks)
        )

    def touches_changed_lines(self, span: Span) -> bool:
        """Does a span reach into a line that changed since `based_on`?"""
        first, last = span.start.line, span.end.line
        return any(start <= last and first < end for start, end in self.changed_lines)

    def _patch_leftovers(
        self, leftovers: list[Leftover], ranges: tuple[tuple[int, int], ...], blocks: frozenset[int]
    ) -> list[Leftover]:
        facts = self._facts
        result: list[Leftover] = []
        position = 0
        lines = [item.span.start.line for item in leftovers]
        for (start, end), index in zip(ranges, sorted(blocks)):
            first = bisect_left(lines, start, position)
            last = bisect_left(lines, end, first)
            result.extend(leftovers[position:first])
            result.extend(item.shifted(start) for item in facts[index].leftovers)
            position = last
        result.extend(leftovers[position:])
        return result

    def _patch_misspellings(
        self, found: list[Misspelling], ranges: tuple[tuple[int, int], ...], blocks: frozenset[int]
    ) -> list[Misspelling]:
        """The previous version's misspellings with those of the changed blocks replaced (no
        block moved: the others keep their lines)."""
        facts = self._facts
        result: list[Misspelling] = []
        position = 0
        lines = [item.line for item in found]
        for (start, end), index in zip(ranges, sorted(blocks)):
            first = bisect_left(lines, start, position)
            last = bisect_left(lines, end, first)
            result.extend(found[position:first])
            result.extend(item.shifted(start) for item in facts[index].misspellings)
            position = last
        result.extend(found[position:])
        return result

    @cached_property
    def _gathered(self) -> tuple[list[Heading], list[Fence], list[Leftover], frozenset[str]]:
        headings: list[Heading] = []
        fences: list[Fence] = []
        leftovers: list[Leftover] = []
        references: set[str] = set()
        for start, block in zip(self._starts, self._facts):
            if block.headings:
                headings.extend(
                    [h.shifted(start) for h in block.headings] if start else block.headings
                )
            if block.fences:
                fences.extend([f.shifted(start) for f in block.fences] if start else block.fences)
            if block.leftovers:
                leftovers.extend(
                    [item.shifted(start) for item in block.leftovers] if start else block.leftovers
                )
            if block.references:
                references |= block.references
        return headings, fences, leftovers, frozenset(references)

    @property
    def headings(self) -> list[Heading]:
        return self._own_headings

    @cached_property
    def _own_headings(self) -> list[Heading]:
        """The headings, without the setext heading that YAML front matter makes of itself
        (`---` over `key: value` lines over `---` renders as a rule and a heading)."""
        headings = self._gathered[0]
        front = self.front_matter
        if front is None:
            return headings
        return [h for h in headings if not front.start <= h.line <= front.end]

    @cached_property
    def front_matter(self) -> Fence | None:
        """YAML front matter (`---` on the first line, `key: value` lines, `---`), as a fence
        whose info string is "yaml"; None when the document has none."""
        lines = self.lines
        if not lines or lines[0].rstrip() != "---":
            return None
        for index in range(1, len(lines)):
            text = lines[index]
            if text.rstrip() in ("---", "...") and index > 1:
                content = "\n".join(lines[1:index])
                return Fence(0, index, True, "yaml", content + "\n")
            if text.strip() and not (_YAML_LINE.match(text) or text[:1] in (" ", "\t", "-", "#")):
                return None
        return None

    @cached_property
    def tables(self) -> list[tuple[int, int]]:
        return [
            (first + start, end + start)
            for start, block in zip(self._starts, self._facts)
            for first, end in block.tables
        ]

    @cached_property
    def suppressions(self) -> list[Directive]:
        """The `<!-- pep-lsp-... -->` comments, in document order (see suppression.py)."""
        return [
            d.shifted(start)
            for start, block in zip(self._starts, self._facts)
            for d in block.directives
        ]

    @cached_property
    def _enclosures(self) -> tuple[list[int], list[int]]:
        """Starts and (exclusive) ends of fences and tables, sorted: they never overlap."""
        spans = sorted([(f.start, f.end + 1) for f in self.fences] + self.tables)
        return [start for start, _ in spans], [end for _, end in spans]

    def suppression_anchor(self, line: int) -> int:
        """The line a suppression comment goes above: the first line of the fence or table
        holding `line`, else of its block (paragraph, list): a comment inside any of them
        would split it when rendered."""
        starts, ends = self._enclosures
        index = bisect_right(starts, line) - 1
        if index >= 0 and line < ends[index]:
            return starts[index]
        block = bisect_right(self._starts, line) - 1
        return self._starts[block] if block >= 0 else line

    def suppression_scope(self, line: int) -> tuple[int, int]:
        """The first and last line a comment above `suppression_anchor(line)` covers: the fence
        or table that starts there, else its block up to its last non-blank line (the "Suppress"
        fix names this scope in its title)."""
        anchor = self.suppression_anchor(line)
        block = bisect_right(self._starts, anchor) - 1
        if block < 0 or self._starts[block] != anchor:
            starts, ends = self._enclosures
            index = bisect_right(starts, anchor) - 1
            return anchor, (ends[index] - 1 if index >= 0 and starts[index] == anchor else anchor)
        last = (self._starts[block + 1] if block + 1 < len(self._starts) else len(self.lines)) - 1
        while last > anchor and not self.lines[last].strip():
            last -= 1
        return anchor, last

    @property
    def fences(self) -> list[Fence]:
        return self._gathered[1]

    @property
    def references(self) -> frozenset[str]:
        return self._gathered[3]

    @cached_property
    def header(self) -> HeaderBlock | None:
        return _find_header(self.lines, self.headings, self.fences, self.schema)

    @cached_property
    def leftovers(self) -> list[Leftover]:
        """Leftovers in document order; placeholders that are defined link labels are not."""
        leftovers = self._gathered[2]
        references = self.references
        if references:
            leftovers = [
                item
                for item in leftovers
                if not (item.kind == "placeholder" and _reference_label(item.text) in references)
            ]
        header = self.header
        if header is not None:
            inside = [
                item
                for item in leftovers
                if header.fence.start <= item.span.start.line <= header.fence.end
            ]
            if inside:
                leftovers = [item for item in leftovers if item not in inside]
            leftovers = _header_leftovers(header, self.schema) + leftovers
        return leftovers

    @cached_property
    def header_lookalike(self) -> HeaderBlock | None:
        """`Field: value` lines naming the template's fields where the header belongs, but not
        in the template's form: YAML front matter, or a fenced block with an info string
        (```` ```yaml ````). None when the document has a header."""
        if self.header is not None:
            return None
        candidates = [self.front_matter] if self.front_matter is not None else []
        first_section = next((h.line for h in self.headings if h.level >= 2), len(self.lines))
        candidates += [f for f in self.fences if f.start < first_section and f.info][:1]
        for fence in candidates:
            block = _header_lines(self.lines, fence, self.schema, yaml=True)
            if block is not None:
                return block
        return None

    @cached_property
    def misspellings(self) -> list[Misspelling]:
        """Known misspellings in prose, in document order (per block, cached with its facts)."""
        return [
            m.shifted(start) if start else m
            for start, block in zip(self._starts, self._facts)
            for m in block.misspellings
        ]

    @cached_property
    def title_heading(self) -> Heading | None:
        for heading in self.headings:
            if heading.level >= 2:
                return None
            if heading.level == 1:
                return heading
        return None

    @cached_property
    def sections(self) -> list[Section]:
        """Every `##`-and-deeper heading as a tree node, in document order, matched to the template."""
        result: list[Section] = []
        stack: list[Section] = []
        find = self.schema.find_section
        for heading in self.headings:
            if heading.level < 2:
                continue
            while stack and stack[-1].level >= heading.level:
                stack.pop().end_line = heading.line
            parent = stack[-1] if stack else None
            spec: SectionSpec | None
            if parent is None:
                spec = find(heading.title, None) if heading.level == 2 else None
            else:
                spec = find(heading.title, parent.spec) if parent.spec else None
            section = Section(heading, spec, parent, len(self.lines))
            if parent is not None:
                parent.children.append(section)
            result.append(section)
            stack.append(section)
        return result

    @cached_property
    def _section_lines(self) -> list[int]:
        return [section.heading.line for section in self.sections]

    @property
    def top_sections(self) -> list[Section]:
        return [s for s in self.sections if s.parent is None]

    @cached_property
    def is_pep(self) -> bool:
        """Does the document say it is one? The template's header block, a title in the
        template's form (`# PEP 12: ...`, from its number field), the number field in a
        header written another way (YAML front matter), or a claim from outside (a
        `pep-0012.md` name, a configured include pattern). Sections alone say nothing:
        design notes and other processes' proposals have a Motivation too."""
        if self.claimed or self.header is not None:
            return True
        title = self.title_heading
        if title is not None and titled_as_pep(title.title, self.schema):
            return True
        lookalike = self.header_lookalike
        number = number_field(self.schema)
        return (
            lookalike is not None and number is not None and lookalike.get(number.name) is not None
        )

    def words_in(self, section: Section, own_only: bool = False) -> int:
        """Prose words under a heading (subsections included unless `own_only`)."""
        end = section.end_line
        if own_only and section.children:
            end = section.children[0].heading.line
        return self.words_between(section.heading.line + 1, end)

    def words_between(self, first: int, end: int) -> int:
        """Prose words on lines [first, end): whole blocks by their totals, the two edges by line."""
        starts, facts = self._starts, self._facts
        index = max(0, bisect_right(starts, first) - 1)
        total = 0
        while index < len(starts) and starts[index] < end:
            start, block = starts[index], facts[index]
            block_end = starts[index + 1] if index + 1 < len(starts) else len(self.lines)
            if first <= start and block_end <= end:
                total += block.word_total
            else:
                total += sum(count for line, count in block.words if first <= line + start < end)
            index += 1
        return total

    def section_at(self, line: int) -> Section | None:
        """The innermost section containing a line."""
        index = bisect_right(self._section_lines, line) - 1
        section = self.sections[index] if index >= 0 else None
        while section is not None and line >= section.end_line:
            section = section.parent
        return section

    def fence_at(self, line: int) -> Fence | None:
        return next((f for f in self.fences if f.start <= line <= f.end), None)

    def has_content(self, section: Section) -> bool:
        """Anything besides blank lines under the heading, subsections included.

        Read from block facts: the heading's block has a body, or another block starts inside
        the section (blocks start on non-blank lines).
        """
        if section.children:
            return True
        line = section.heading.line
        index = bisect_right(self._starts, line) - 1
        if index >= 0 and self._facts[index].has_body:
            return True
        return index + 1 < len(self._starts) and self._starts[index + 1] < section.end_line

    @cached_property
    def word_limited_sections(self) -> list[Section]:
        return [s for s in self.sections if s.spec is not None and s.spec.word_limit]


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
        while line < len(lines):
            text = lines[line]
            if (
                fence is None
                and html_close is None
                and line > block_start
                and (
                    (previous_blank and text[:1] not in ("", " ", "\t"))
                    or ("#" in text[:4] and _ATX_HEADING.match(text))
                )
            ):
                old = bisect_left(starts, line - delta, tail)
                if old < len(starts) and starts[old] == line - delta:
                    synced = old
                    break
                self._close_block(block_start, line, mid_starts, mid_facts, mid_texts, cache)
                block_start = line
            if fence is not None:
                if _closes_fence(text, fence):
                    fence = None
            elif html_close is not None:
                if html_close in text.lower():
                    html_close = None
            elif text.lstrip(" ")[:1] in _CODE_STARTS:
                fence, html_close = _opens_code(text)
            previous_blank = not text.strip()
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
        text = "\n".join(self.lines[start:end])
        block = cache.get(text)
        if block is None:
            block = shared_facts(text, self.lines[start:end], self.schema)
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
        facts = _SHARED[text] = analyse_block(lines, schema)
    return facts


def _closes_fence(text: str, fence: tuple[str, int]) -> bool:
    stripped = text.lstrip(" ")
    if len(text) - len(stripped) > 3:
        return False
    char, length = fence
    run = len(stripped) - len(stripped.lstrip(char))
    return run >= length and not stripped[run:].strip()


def _opens_code(text: str) -> tuple[tuple[str, int] | None, str | None]:
    """Does this line open a fence or a raw HTML block that blank lines do not end?"""
    opened = _FENCE_OPEN.match(text)
    if opened and not (opened.group(2)[0] == "`" and "`" in opened.group(3)):
        return (opened.group(2)[0], len(opened.group(2))), None
    html = _HTML_OPEN.match(text)
    if html:
        opener = html.group(1).lower()
        closer = _HTML_CLOSE.get(opener) or "</" + opener[1:].rstrip(" \t>") + ">"
        if closer not in text.lower()[html.end() :]:
            return None, closer
    return None, None


def _reference_label(text: str) -> str:
    return normalize_text(text.strip("[]")).casefold()


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Code spans on one line: each backtick run closes at the next run of the same length.

    One pass over the runs (the run positions by length are looked up, not rescanned), so a
    200,000-character line of unmatched backticks stays linear.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
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


def _mask_code(line: str) -> str:
    """The line with code spans and autolinks blanked out (same length, so columns hold)."""
    if "`" in line:
        parts: list[str] = []
        last = 0
        for start, end in _code_spans(line):
            parts += [line[last:start], " " * (end - start)]
            last = end
        line = "".join(parts) + line[last:]
    if "<" in line:
        line = _AUTOLINK.sub(lambda m: " " * len(m.group()), line)
    return line


def _mask_code_across_lines(lines: list[str], first: int, end: int) -> dict[int, str]:
    """A paragraph's lines masked as `_mask_code` does, but with code spans that open on one
    line and close on a later one (CommonMark lets them run across lines of a paragraph).
    Only lines a line-by-line mask would get wrong are returned."""
    if sum(lines[line].count("`") for line in range(first, end)) < 2:
        return {}
    text = "\n".join(lines[first:end])
    parts: list[str] = []
    last = 0
    crossing = False
    for start, stop in _code_spans(text):
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
            line = _AUTOLINK.sub(lambda m: " " * len(m.group()), line)
        result[first + offset] = line
    return result


def _in_link_text(line: str) -> bytearray:
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


def _plain_paragraph_tokens(count: int) -> list[BlockToken]:
    """The tokens markdown-it gives a plain paragraph of `count` lines (with the inline pass off)."""
    return [
        BlockToken("paragraph_open", [0, count], "p"),
        BlockToken("inline"),
        BlockToken("paragraph_close", None, "p"),
    ]


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


def analyse_block(lines: list[str], schema: Schema, parse_prose: bool = False) -> BlockFacts:
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
                closed = end > start and _closes_fence(
                    lines[end], (token.markup[0], len(token.markup))
                )
                fence = Fence(start, end, closed, token.info.strip(), token.content)
                fences.append(fence)
                if normalize_code(token.content) in schema.example_code_blocks:
                    leftovers.append(
                        Leftover(
                            "example-content",
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
                masked_lines.update(_mask_code_across_lines(lines, token.map[0], token.map[1]))
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
                    Leftover("example-content", Span.on_line(line, col, col + len(text)), text)
                )

    instruction_run: list[tuple[int, int, int]] = []

    def flush_instructions() -> None:
        if instruction_run:
            (first, first_col, _), (last, _, last_end) = instruction_run[0], instruction_run[-1]
            text = "\n".join(lines[line][a:b] for line, a, b in instruction_run)
            leftovers.append(
                Leftover("instruction", Span(Pos(first, first_col), Pos(last, last_end)), text)
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
        masked = masked_lines[line] if line in masked_lines else _mask_code(raw)
        misspellings.extend(scan_line(line, masked))
        count = len(_WORD.findall(_LINK_DESTINATION.sub("]", masked) if "](" in masked else masked))
        if count and not _ATX_HEADING.match(raw):
            words.append((line, count))
        if "[" not in masked:
            continue
        for link in _LINK.finditer(masked):
            href = link.group(2)
            if href and (href in schema.example_hrefs or _EXAMPLE_HOST.match(href)):
                leftovers.append(
                    Leftover(
                        "example-link",
                        Span.on_line(line, link.start(), link.end()),
                        raw[link.start() : link.end()],
                    )
                )
        task = _TASK_ITEM.match(masked)
        if (
            task
            and len(task.group(2).split()) >= MIN_EXAMPLE_TASK_WORDS
            and normalize_text(task.group(2)) in schema.example_task_items
        ):
            leftovers.append(
                Leftover(
                    "example-content", Span.on_line(line, task.start(2), task.end(2)), task.group(2)
                )
            )
            continue
        if _REF_DEFINITION.match(masked):
            continue
        in_link_text: bytearray | None = None
        for match in PLACEHOLDER.finditer(masked):
            start = match.start()
            if start and _INDEX_BEFORE.match(masked, start - 1):
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
                in_link_text = _in_link_text(masked)
            if in_link_text[start]:
                continue
            leftovers.append(
                Leftover(
                    "placeholder", Span.on_line(line, start, match.end()), raw[start : match.end()]
                )
            )
    flush_instructions()

    references = frozenset(
        normalize_text(m.group(1)).casefold()
        for line in lines
        if "]:" in line and (m := _NESTED_REF_DEFINITION.match(line))
    )
    leftovers.sort(key=lambda item: item.span)
    heading_lines = {
        line
        for token in tokens
        if token.type == "heading_open" and token.map and token.level == 0
        for line in range(*token.map)
    }
    has_body = any(text.strip() for index, text in enumerate(lines) if index not in heading_lines)
    directives: list[Directive] = []
    for first, end, in_prose in html_ranges:
        scanned = (
            [_mask_code(line) if first <= index < end else line for index, line in enumerate(lines)]
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


def _title_span(raw: str, line: int, markup: str) -> Span:
    """The columns of a heading's text on its line (ATX or the first line of a setext heading)."""
    if markup.startswith("#"):
        match = _ATX_HEADING.match(raw)
        start = match.end() if match else 0
        end = len(raw.rstrip())
        closing = re.search(r"(?:^|[ \t])#+[ \t]*$", raw[start:])
        if closing:
            end = start + closing.start()
        end = max(start, len(raw[:end].rstrip()))
        return Span.on_line(line, start, end)
    stripped = raw.strip()
    start = raw.index(stripped[0]) if stripped else 0
    return Span.on_line(line, start, start + len(stripped))


def _find_header(
    lines: Sequence[str], headings: list[Heading], fences: list[Fence], schema: Schema
) -> HeaderBlock | None:
    """The first fenced block before any section, without an info string, whose lines are
    `Field: value` naming at least two of the template's fields, or only template fields.
    (A README's block of `name: demo` and `version: 2` is not a PEP header.)"""
    first_section = next((h.line for h in headings if h.level >= 2), len(lines))
    for fence in fences:
        if fence.start >= first_section:
            break
        if fence.info:
            return None
        return _header_lines(lines, fence, schema)
    return None


def _header_lines(
    lines: Sequence[str], fence: Fence, schema: Schema, yaml: bool = False
) -> HeaderBlock | None:
    """A fenced block read as `Field: value` lines, when it names enough of the template's
    fields. `yaml`: a header written another way (front matter, a `yaml` fence), which counts
    only when it names at least two fields and YAML's comments and quotes are not values."""
    header_lines: list[HeaderLine] = []
    known = 0
    for line in range(fence.start + 1, fence.end if fence.closed else fence.end + 1):
        raw = lines[line]
        if not raw.strip() or (yaml and raw.lstrip().startswith("#")):
            continue
        match = HEADER_LINE.match(raw)
        if match:
            name = match.group(1)
            value = match.group(2) or ""
            value_start = match.start(2) if match.group(2) is not None else len(raw.rstrip())
            known += schema.field(name) is not None
            header_lines.append(
                HeaderLine(
                    line,
                    name,
                    value,
                    Span.on_line(line, match.start(1), match.end(1)),
                    Span.on_line(line, value_start, value_start + len(value)),
                )
            )
        else:
            text = raw.strip()
            col = raw.index(text[0])
            header_lines.append(
                HeaderLine(
                    line,
                    None,
                    text,
                    Span.on_line(line, col, col + len(text)),
                    Span.on_line(line, col, col + len(text)),
                )
            )
    if known >= MIN_HEADER_FIELDS or (not yaml and header_lines and known == len(header_lines)):
        return HeaderBlock(fence, tuple(header_lines))
    return None


def number_field(schema: Schema) -> FieldSpec | None:
    """The template's number field (`PEP: [Number ...]`): its name is how a PEP names itself."""
    return next((f for f in schema.fields if f.kind == "number"), None)


def titled_as_pep(title: str, schema: Schema) -> bool:
    """A title in the form the template's number field gives: `PEP 12: ...`, `PEP-12 - ...`,
    `PEP 12` (the field's name, then digits)."""
    number = number_field(schema)
    if number is None:
        return False
    # After the number: the end, a colon or full stop, or a dash between spaces ("PEP 8 style
    # notes" is about a PEP, not one).
    return (
        re.match(
            rf"{re.escape(number.name)}[ \t-]*\d+[ \t]*(?:$|[:.]|[-\u2013\u2014][ \t])",
            title.strip(),
            re.I,
        )
        is not None
    )


def named_as_pep(file_name: str, schema: Schema) -> bool:
    """A file named for its number as the template's number field gives it: `pep-0012.md`,
    `pep_12.md`, `PEP-0012-caching.md` (Markdown only)."""
    number = number_field(schema)
    if number is None:
        return False
    pattern = rf"{re.escape(number.name)}[-_]?\d+(?:[-_.][^/\\]*)?\.(?:md|markdown)"
    return re.fullmatch(pattern, file_name, re.I) is not None


def _header_leftovers(header: HeaderBlock, schema: Schema) -> list[Leftover]:
    """Placeholders in header values: a bracketed whole value (the template's only shape of
    a header placeholder) or one of the template's placeholders; `Title: [WIP] Faster search`
    keeps its tag."""
    found = []
    for item in header.lines:
        if item.name is None:
            continue
        for match in PLACEHOLDER.finditer(item.value):
            if match.group() != item.value.strip() and not schema.is_placeholder(match.group(1)):
                continue
            col = item.value_span.start.col + match.start()
            found.append(
                Leftover(
                    "placeholder",
                    Span.on_line(item.line, col, col + len(match.group())),
                    match.group(),
                )
            )
    return found
