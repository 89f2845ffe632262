"""The analysis of one version of a document (`Model`), and what a later version reuses.

Built from the blocks' cached facts; the document-wide lists are gathered (and shifted to
absolute lines) only when first asked for, once per version.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, TypeVar

from pep_lsp.kinds import LeftoverKind
from pep_lsp.model.blocks import BlockFacts, Fence, Heading, Leftover
from pep_lsp.model.directives import Directive
from pep_lsp.model.header import (
    YAML_LINE,
    HeaderBlock,
    find_header,
    header_from_fence,
    header_leftovers,
    number_field,
    titled_as_pep,
)
from pep_lsp.model.scan import reference_label
from pep_lsp.schema import conventions, header_forms
from pep_lsp.schema.conventions import is_answered_question
from pep_lsp.spelling import Misspelling
from pep_lsp.template import Schema, SectionSpec
from pep_lsp.text import Span

_Shifting = TypeVar("_Shifting", Leftover, Misspelling)
"""What a version takes over with its changed blocks' part replaced (`Model._patched`)."""


@dataclass
class Section:
    """A heading and what it owns up to the next heading of its level or above."""

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

    def _reuse(self, previous: Model, change: Change) -> None:
        """Take over the previous version's values as `REUSE` declares; only `change.blocks`
        changed, none in shape."""
        self.structure_key = previous.structure_key
        if not change.header_touched:
            self.header_key = previous.header_key
        self.based_on = previous
        previous.based_on = None  # one link back is all a reader needs; older versions can go
        self.changed_lines = self._block_lines(change.blocks)
        cached = previous.__dict__
        taken = list(REUSE.structure)
        if not change.header_touched:
            taken += REUSE.with_header
        if not change.directives_touched:
            taken += REUSE.with_directives
        if not change.tables_touched:
            taken += REUSE.with_tables
        for value in taken:
            name = cached_name(value)
            if name in cached:
                self.__dict__[name] = cached[name]
        misspellings = cached_name(Model.misspellings)
        if misspellings in cached:
            self.__dict__[misspellings] = self._patched(
                cached[misspellings],
                attrgetter("line"),
                attrgetter("misspellings"),
                self.changed_lines,
                change.blocks,
            )
        gathered = cached_name(Model._gathered)
        if gathered in cached:
            headings, fences, leftovers, references = cached[gathered]
            self.__dict__[gathered] = (
                headings,
                fences,
                self._patched(
                    leftovers,
                    attrgetter("span.start.line"),
                    attrgetter("leftovers"),
                    self.changed_lines,
                    change.blocks,
                ),
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

    def _patched(
        self,
        found: list[_Shifting],
        line_of: Callable[[_Shifting], int],
        of_block: Callable[[BlockFacts], Sequence[_Shifting]],
        ranges: tuple[tuple[int, int], ...],
        blocks: frozenset[int],
    ) -> list[_Shifting]:
        """The previous version's list (misspellings, leftovers) with the changed blocks' part
        replaced by their own, shifted to their lines (no block moved: the others keep theirs)."""
        facts = self._facts
        result: list[_Shifting] = []
        position = 0
        lines = [line_of(item) for item in found]
        for (start, end), index in zip(ranges, sorted(blocks)):
            first = bisect_left(lines, start, position)
            last = bisect_left(lines, end, first)
            result.extend(found[position:first])
            result.extend(item.shifted(start) for item in of_block(facts[index]))
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
            if text.strip() and not (YAML_LINE.match(text) or text[:1] in (" ", "\t", "-", "#")):
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
        return find_header(self.lines, self.headings, self.fences, self.schema)

    @cached_property
    def leftovers(self) -> list[Leftover]:
        """Leftovers in document order; placeholders that are defined link labels are not."""
        leftovers = self._gathered[2]
        references = self.references
        if references:
            leftovers = [
                item
                for item in leftovers
                if not (item.kind == "placeholder" and reference_label(item.text) in references)
            ]
        header = self.header
        if self.schema.instruction_style == conventions.PROSE:
            # A template question answered right below it is the author's, not a leftover.
            keys = self.schema.instruction_keys
            leftovers = [
                item
                for item in leftovers
                if not (
                    item.kind is LeftoverKind.INSTRUCTION
                    and is_answered_question(self.lines, item.span.end.line, keys)
                )
            ]
        if header is not None:
            inside = [
                item
                for item in leftovers
                if header.fence.start <= item.span.start.line <= header.fence.end
            ]
            if inside:
                leftovers = [item for item in leftovers if item not in inside]
            leftovers = header_leftovers(header, self.schema) + leftovers
        return leftovers

    @cached_property
    def header_lookalike(self) -> HeaderBlock | None:
        """`Field: value` lines naming the template's fields where the header belongs, but not
        in the template's form: YAML front matter, or a fenced block with an info string
        (```` ```yaml ````). None when the document has a header."""
        if self.header is not None or self.schema.header_form != header_forms.FENCE:
            return None  # a template in another form reads that form only
        candidates = [self.front_matter] if self.front_matter is not None else []
        first_section = next((h.line for h in self.headings if h.level >= 2), len(self.lines))
        candidates += [f for f in self.fences if f.start < first_section and f.info][:1]
        for fence in candidates:
            block = header_from_fence(self.lines, fence, self.schema, yaml=True)
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
        header = self.header
        if header is not None and self.schema.header_form != header_forms.FENCE:
            # The template's own header form: a proposal unless it is a stub pointing elsewhere.
            names = [line.name for line in header.lines if line.name]
            found = sum(section.spec is not None for section in self.sections)
            return self.schema.is_proposal_header(names, found)
        if self.claimed or header is not None:
            return True
        title = self.title_heading
        if title is not None and (
            titled_as_pep(title.title, self.schema) or self.schema.titles_a_proposal(title.title)
        ):
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
        index = max(0, bisect_right(self._starts, line) - 1)
        starts, facts = self._starts, self._facts
        # A block that holds only a template comment has no body (blocks.analyse_block).
        while index < len(starts) and starts[index] < section.end_line:
            if facts[index].has_body:
                return True
            index += 1
        return False

    @cached_property
    def word_limited_sections(self) -> list[Section]:
        return [s for s in self.sections if s.spec is not None and s.spec.word_limit]


Values = tuple[Any, ...]
"""Cached values of `Model` as the class holds them (`Model.sections`: a `cached_property`,
which type checkers see as the function it wraps)."""


def cached_name(value: Any) -> str:
    """The attribute a cached value is stored under in an instance's `__dict__`."""
    if not isinstance(value, cached_property) or value.attrname is None:
        raise TypeError(f"{value!r} is not a cached value of a class")
    return value.attrname


@dataclass(frozen=True)
class Reuse:
    """What a later version of a document takes over from the previous one when no block
    changed shape (`Model._reuse`), by the cached values themselves: renaming one breaks the
    import instead of silently turning its reuse off, and `check` rejects a cached value of
    `Model` that is in no group (a new one must say whether it is reused)."""

    structure: Values
    """Read only from the section tree, headings, fences and block shape: always taken over."""
    with_header: Values
    """Taken over while no changed block touched the header."""
    with_directives: Values
    """Taken over while no changed block had or has a suppression comment."""
    with_tables: Values
    """Taken over while no changed block's tables moved, appeared or went."""
    patched: Values
    """Taken over with the changed blocks' part replaced (`Model._patched`)."""
    fresh: Values
    """Computed again for every version."""

    def groups(self) -> tuple[Values, ...]:
        return (
            self.structure,
            self.with_header,
            self.with_directives,
            self.with_tables,
            self.patched,
            self.fresh,
        )

    def check(self, cls: type) -> None:
        """Every cached value of `cls` is declared in exactly one group, and every declared
        one is a cached value of `cls`."""
        declared = [value for group in self.groups() for value in group]
        cached = [value for value in vars(cls).values() if isinstance(value, cached_property)]
        names = sorted(map(cached_name, declared))
        if len(set(map(id, declared))) != len(declared):
            raise TypeError(f"a cached value is declared twice in {type(self).__name__}: {names}")
        missing = [cached_name(v) for v in cached if all(v is not d for d in declared)]
        unknown = [cached_name(v) for v in declared if all(v is not c for c in cached)]
        if missing or unknown:
            raise TypeError(
                f"{cls.__name__}'s reuse between versions is not declared for {missing}; "
                f"declared but not cached values of {cls.__name__}: {unknown}"
            )


REUSE = Reuse(
    structure=(
        Model.sections,
        Model._section_lines,
        Model.title_heading,
        Model.word_limited_sections,
        Model.front_matter,
        Model._own_headings,
    ),
    # is_pep reads the header's fields too (a stub's header is no proposal's).
    with_header=(Model.header, Model.is_pep),
    with_directives=(Model.suppressions,),
    with_tables=(Model.tables, Model._enclosures),
    patched=(Model.misspellings, Model._gathered),
    fresh=(Model.leftovers, Model.header_lookalike),
)
REUSE.check(Model)  # at import: a Model that reuses an undeclared value never runs
