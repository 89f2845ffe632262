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
from dataclasses import dataclass, field
from functools import cached_property

from pep_lsp.template import (
    HEADER_LINE,
    INSTRUCTION_LINE,
    PLACEHOLDER,
    Schema,
    SectionSpec,
    new_markdown_parser,
    normalize_code,
    normalize_text,
    table_cells,
)
from pep_lsp.suppression import Directive, scan_directives
from pep_lsp.text import Pos, Span, join_lines, split_lines

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_HTML_OPEN = re.compile(r"^ {0,3}(<!--|<\?|<!\[CDATA\[|<(?:pre|script|style|textarea)(?:\s|>|$))", re.I)
_HTML_CLOSE = {"<!--": "-->", "<?": "?>", "<![CDATA[": "]]>"}
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
_LINK = re.compile(r"(?<!\\)\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_TASK_ITEM = re.compile(r"^(\s*[-*+]\s+\[[ xX]\]\s+)(.*\S)\s*$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_EXAMPLE_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//(?:[^/]*\.)?example\.(?:com|org|net)(?:[:/?#]|$)", re.I)
_REF_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:")

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
    tables: tuple[tuple[int, int], ...] = ()  # [first line, end line) of each table
    directives: tuple[Directive, ...] = ()  # pep-lsp suppression comments


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


@dataclass
class Model:
    """The analysis of one version of a document."""

    lines: list[str]
    schema: Schema
    headings: list[Heading]
    fences: list[Fence]
    leftovers: list[Leftover]
    words: list[tuple[int, int]]
    references: frozenset[str]
    header: HeaderBlock | None
    eol: str = "\n"
    tables: list[tuple[int, int]] = field(default_factory=list)
    suppressions: list[Directive] = field(default_factory=list)

    def suppression_anchor(self, line: int) -> int:
        """The line a suppression comment goes above: the first line of the fence or table
        holding `line`, else `line` itself (a comment inside either would change it)."""
        fence = self.fence_at(line)
        if fence is not None:
            return fence.start
        return next((start for start, end in self.tables if start <= line < end), line)

    @cached_property
    def title_heading(self) -> Heading | None:
        first_section = next((h.line for h in self.headings if h.level >= 2), len(self.lines))
        return next((h for h in self.headings if h.level == 1 and h.line < first_section), None)

    @cached_property
    def sections(self) -> list[Section]:
        """Every `##`-and-deeper heading as a tree node, in document order, matched to the template."""
        result: list[Section] = []
        stack: list[Section] = []
        headings = [h for h in self.headings if h.level >= 2]
        for index, heading in enumerate(headings):
            end = len(self.lines)
            for later in headings[index + 1 :]:
                if later.level <= heading.level:
                    end = later.line
                    break
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            parent = stack[-1] if stack else None
            spec: SectionSpec | None
            if parent is None:
                spec = self.schema.find_section(heading.title, None) if heading.level == 2 else None
            else:
                spec = self.schema.find_section(heading.title, parent.spec) if parent.spec else None
            section = Section(heading, spec, parent, end)
            if parent is not None:
                parent.children.append(section)
            result.append(section)
            stack.append(section)
        return result

    @property
    def top_sections(self) -> list[Section]:
        return [s for s in self.sections if s.parent is None]

    @cached_property
    def is_pep(self) -> bool:
        """A header block near the top, or at least two of the template's top-level sections."""
        if self.header is not None:
            return True
        return len({s.spec.key for s in self.top_sections if s.spec is not None}) >= 2

    def words_in(self, section: Section, own_only: bool = False) -> int:
        end = section.end_line
        if own_only and section.children:
            end = section.children[0].heading.line
        return sum(count for line, count in self.words if section.heading.line < line < end)

    def section_at(self, line: int) -> Section | None:
        """The innermost section containing a line."""
        found = None
        for section in self.sections:
            if section.heading.line <= line < section.end_line:
                found = section
        return found

    def fence_at(self, line: int) -> Fence | None:
        return next((f for f in self.fences if f.start <= line <= f.end), None)

    def has_content(self, section: Section) -> bool:
        """Anything besides blank lines under the heading, subsections included."""
        if section.children:
            return True
        return any(self.lines[i].strip() for i in range(section.heading.line + 1, section.end_line))


class Document:
    """A text held as lines, with block-level incremental analysis against one schema."""

    def __init__(self, text: str, schema: Schema) -> None:
        self.schema = schema
        self.lines, self.endings = split_lines(text)
        self._starts: list[int] = []
        self._facts: list[BlockFacts] = []
        self._texts: list[str] = []
        self._text: str | None = text
        self._model: Model | None = None
        self._resplit(0, 0, len(self.lines))

    # --- text -------------------------------------------------------------------------

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = join_lines(self.lines, self.endings)
        return self._text

    def clamp(self, pos: Pos) -> Pos:
        """A position inside the document: past the last line is the end, past a line's end is its end."""
        if pos.line < 0:
            return Pos(0, 0)
        if pos.line >= len(self.lines):
            return Pos(len(self.lines) - 1, len(self.lines[-1]))
        return Pos(pos.line, max(0, min(pos.col, len(self.lines[pos.line]))))

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
        offset_end = len(join_lines(self.lines[first : end.line], self.endings[first : end.line])) + end.col
        region = region[:offset_start] + new_text + region[offset_end:]
        new_lines, new_endings = split_lines(region)
        if self.endings[last] and new_lines[-1] == "" and new_endings[-1] == "":
            # The region ended with a line break: the empty tail is the next line's start.
            new_lines.pop()
            new_endings.pop()
            if not new_lines:
                new_lines, new_endings = [""], [""]
        self.lines[first : last + 1] = new_lines
        self.endings[first : last + 1] = new_endings
        self._text = None
        self._model = None
        self._resplit(first, last + 1, len(new_lines))

    def set_schema(self, schema: Schema) -> None:
        """Re-analyse every block against another schema (the template changed)."""
        if schema is self.schema:
            return
        self.schema = schema
        self._model = None
        self._starts, self._facts, self._texts = [], [], []
        self._resplit(0, 0, len(self.lines))

    def replace_all(self, text: str) -> None:
        self.lines, self.endings = split_lines(text)
        self._text = text
        self._model = None
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
        block anyway: from there on the text and the fence state are what they were.
        """
        delta = new_line_count - (old_end - old_first)
        starts, facts, texts = self._starts, self._facts, self._texts
        index = max(0, bisect_right(starts, old_first) - 1)
        tail = bisect_left(starts, old_end, lo=index + 1) if starts else 0
        tail_starts = [s + delta for s in starts[tail:]]
        sync_at = {s: i for i, s in enumerate(tail_starts)}
        cache = dict(zip(texts[index:tail], facts[index:tail]))
        new_starts, new_facts, new_texts = starts[:index], facts[:index], texts[:index]

        lines = self.lines
        block_start = line = starts[index] if starts else 0
        fence: tuple[str, int] | None = None
        html_close: str | None = None
        previous_blank = True
        synced: int | None = None
        while line < len(lines):
            text = lines[line]
            if fence is None and html_close is None and line > block_start and (
                _ATX_HEADING.match(text) or (previous_blank and text[:1] not in ("", " ", "\t"))
            ):
                if line in sync_at:  # tail starts all lie after the edit
                    synced = sync_at[line]
                    break
                self._close_block(block_start, line, new_starts, new_facts, new_texts, cache)
                block_start = line
            if fence is not None:
                if _closes_fence(text, fence):
                    fence = None
            elif html_close is not None:
                if html_close in text.lower():
                    html_close = None
            else:
                fence, html_close = _opens_code(text)
            previous_blank = not text.strip()
            line += 1
        self._close_block(block_start, line, new_starts, new_facts, new_texts, cache)
        if synced is not None:
            new_starts.extend(tail_starts[synced:])
            new_facts.extend(facts[tail + synced :])
            new_texts.extend(texts[tail + synced :])
        self._starts, self._facts, self._texts = new_starts, new_facts, new_texts

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
            block = analyse_block(self.lines[start:end], self.schema)
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
        headings: list[Heading] = []
        fences: list[Fence] = []
        leftovers: list[Leftover] = []
        words: list[tuple[int, int]] = []
        references: set[str] = set()
        tables: list[tuple[int, int]] = []
        directives: list[Directive] = []
        for start, block in zip(self._starts, self._facts):
            if block.tables:
                tables.extend((first + start, end + start) for first, end in block.tables)
            if block.directives:
                directives.extend(d.shifted(start) for d in block.directives)
            if block.headings:
                headings.extend(h.shifted(start) for h in block.headings)
            if block.fences:
                fences.extend(f.shifted(start) for f in block.fences)
            if block.leftovers:
                leftovers.extend(item.shifted(start) for item in block.leftovers)
            if block.words:
                words.extend((line + start, count) for line, count in block.words)
            if block.references:
                references |= block.references
        header = _find_header(self.lines, headings, fences, self.schema)
        if references:
            leftovers = [
                item for item in leftovers
                if not (item.kind == "placeholder" and _reference_label(item.text) in references)
            ]
        if header is not None:
            leftovers = [item for item in leftovers if not header.fence.start <= item.span.start.line <= header.fence.end]
            leftovers = _header_leftovers(header) + leftovers
        eol = self.endings[0] or "\n"
        return Model(self.lines.copy(), self.schema, headings, fences, leftovers, words, frozenset(references), header, eol, tables, directives)


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


def _mask_code(line: str) -> str:
    """The line with code spans and autolinks blanked out (same length, so columns hold)."""
    if "`" in line:
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
    if "<" in line:
        line = _AUTOLINK.sub(lambda m: " " * len(m.group()), line)
    return line


_PARSER = new_markdown_parser()


def analyse_block(lines: list[str], schema: Schema) -> BlockFacts:
    """Parse one block and collect its facts, with lines relative to the block."""
    tokens = _PARSER.parse("\n".join(lines))
    headings: list[Heading] = []
    fences: list[Fence] = []
    leftovers: list[Leftover] = []
    words: list[tuple[int, int]] = []
    prose_lines: list[int] = []
    table_rows: list[int] = []
    tables: list[tuple[int, int]] = []
    html_lines: list[tuple[int, int, bool]] = []  # (first, end, in prose: mask code spans)
    in_tbody = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open" and token.map:
            level = int(token.tag[1])
            line = token.map[0]
            title = tokens[index + 1].content.strip()
            headings.append(Heading(level, title, line, _title_span(lines[line], line, token.markup)))
            prose_lines.append(line)
        elif kind in ("fence", "code_block") and token.map:
            start, end = token.map[0], token.map[1] - 1
            if kind == "fence":
                closed = end > start and _closes_fence(lines[end], (token.markup[0], len(token.markup)))
                fence = Fence(start, end, closed, token.info.strip(), token.content)
                fences.append(fence)
                if normalize_code(token.content) in schema.example_code_blocks:
                    leftovers.append(Leftover("example-content", Span(Pos(start, 0), Pos(end, len(lines[end]))), token.content))
        elif kind == "paragraph_open" and token.map:
            prose_lines.extend(range(token.map[0], token.map[1]))
        elif kind == "tbody_open":
            in_tbody = True
        elif kind == "tbody_close":
            in_tbody = False
        elif kind == "table_open" and token.map:
            tables.append((token.map[0], token.map[1]))
        elif kind == "tr_open" and token.map:
            prose_lines.append(token.map[0])
            if in_tbody:
                table_rows.append(token.map[0])
        elif kind == "html_block" and token.map:
            html_lines.append((token.map[0], token.map[1], False))
        elif kind == "inline" and token.map and any(child.type == "html_inline" for child in token.children or ()):
            html_lines.append((token.map[0], token.map[1], True))
    if schema.example_table_rows:
        for line in table_rows:
            if table_cells(lines[line]) in schema.example_table_rows:
                text = lines[line].strip()
                col = lines[line].index(text[0]) if text else 0
                leftovers.append(Leftover("example-content", Span.on_line(line, col, col + len(text)), text))

    instruction_run: list[tuple[int, int, int]] = []

    def flush_instructions() -> None:
        if instruction_run:
            (first, first_col, _), (last, _, last_end) = instruction_run[0], instruction_run[-1]
            text = "\n".join(lines[line][a:b] for line, a, b in instruction_run)
            leftovers.append(Leftover("instruction", Span(Pos(first, first_col), Pos(last, last_end)), text))
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
        masked = _mask_code(raw)
        count = len(_WORD.findall(masked))
        if count and not _ATX_HEADING.match(raw):
            words.append((line, count))
        if "[" not in masked:
            continue
        for link in _LINK.finditer(masked):
            href = link.group(2)
            if href and (href in schema.example_hrefs or _EXAMPLE_HOST.match(href)):
                leftovers.append(Leftover("example-link", Span.on_line(line, link.start(), link.end()), raw[link.start() : link.end()]))
        task = _TASK_ITEM.match(masked)
        if task and len(task.group(2).split()) >= MIN_EXAMPLE_TASK_WORDS and normalize_text(task.group(2)) in schema.example_task_items:
            leftovers.append(Leftover("example-content", Span.on_line(line, task.start(2), task.end(2)), task.group(2)))
            continue
        if _REF_DEFINITION.match(masked):
            continue
        for match in PLACEHOLDER.finditer(masked):
            leftovers.append(Leftover("placeholder", Span.on_line(line, match.start(), match.end()), raw[match.start() : match.end()]))
    flush_instructions()

    references = frozenset(
        normalize_text(m.group(1)).casefold()
        for line in lines
        if "]:" in line and (m := _REF_DEFINITION.match(line))
    )
    leftovers.sort(key=lambda item: item.span)
    directives: list[Directive] = []
    for first, end, in_prose in html_lines:
        scanned = [_mask_code(line) for line in lines] if in_prose else lines
        directives.extend(scan_directives(scanned, first, end))
    return BlockFacts(tuple(headings), tuple(fences), tuple(leftovers), tuple(words), references, tuple(tables), tuple(directives))


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


def _find_header(lines: list[str], headings: list[Heading], fences: list[Fence], schema: Schema) -> HeaderBlock | None:
    """The first fenced block before any section whose lines are `Field: value` with a known field."""
    first_section = next((h.line for h in headings if h.level >= 2), len(lines))
    for fence in fences:
        if fence.start >= first_section:
            break
        header_lines: list[HeaderLine] = []
        known = False
        for line in range(fence.start + 1, fence.end if fence.closed else fence.end + 1):
            raw = lines[line]
            if not raw.strip():
                continue
            match = HEADER_LINE.match(raw)
            if match:
                name = match.group(1)
                value = match.group(2) or ""
                value_start = match.start(2) if match.group(2) is not None else len(raw.rstrip())
                known = known or schema.field(name) is not None
                header_lines.append(
                    HeaderLine(line, name, value, Span.on_line(line, match.start(1), match.end(1)),
                               Span.on_line(line, value_start, value_start + len(value)))
                )
            else:
                text = raw.strip()
                col = raw.index(text[0])
                header_lines.append(HeaderLine(line, None, text, Span.on_line(line, col, col + len(text)), Span.on_line(line, col, col + len(text))))
        if known:
            return HeaderBlock(fence, tuple(header_lines))
        return None
    return None


def _header_leftovers(header: HeaderBlock) -> list[Leftover]:
    found = []
    for item in header.lines:
        if item.name is None:
            continue
        for match in PLACEHOLDER.finditer(item.value):
            col = item.value_span.start.col + match.start()
            found.append(Leftover("placeholder", Span.on_line(item.line, col, col + len(match.group())), match.group()))
    return found
