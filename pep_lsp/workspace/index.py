"""The workspace index: every proposal under some roots, keyed by its number.

A proposal's entry says what other files need to know about it (number, title, status and
stage, type, authors, heading anchors) and what it points at (links and `PEP 12` mentions),
so cross-file rules and navigation read the index instead of the files.

Template-driven: the number field is the template's field of the number kind (`[Number ...]`),
mentions are that field's name followed by a number (`PEP 12`, `PEP-0012`), and proposal file
names are the name in lower case, a dash and the number (`pep-0012.md`, `pep-0012-title.md`).
The title is the first `#` heading with the `PEP 12:` prefix removed (the `# PEP NNNN: Title`
form), else the header's length-limited text field; authors the people field; type the first
vocabulary field besides the status. Nothing here imports pygls.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from sys import intern
from typing import Any, NamedTuple
from urllib.parse import unquote

from pep_lsp.model.scan import AUTOLINK, LINK, closes_fence, code_spans, opens_code
from pep_lsp.template import HEADER_LINE, PLACEHOLDER, FieldSpec, Schema
from pep_lsp.text import Span, split_lines

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_EXPLICIT_ID = re.compile(r"\{#([^\s{}]+)\}\s*$")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*?\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.I)
_REF_DEF = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*<?([^\s<>]+)>?")
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_INLINE_LINK_TEXT = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_MARKDOWN_FILE = (".md", ".markdown")
SKIPPED_FOLDERS = frozenset({"node_modules"})
"""Folders never indexed, besides hidden ones (a name starting with a dot)."""


# --- naming: what the template says a proposal's number looks like -------------------------


@dataclass(frozen=True)
class Naming:
    """How proposals are numbered and cited, derived from the template's number field."""

    number_field: str | None  # the header field holding the number (`PEP`)
    prefix: str | None  # the word a mention starts with (`PEP`)

    @property
    def active(self) -> bool:
        return self.prefix is not None

    def mention_pattern(self) -> re.Pattern[str] | None:
        return _mention_pattern(self.prefix) if self.prefix else None

    def file_number(self, name: str) -> int | None:
        """The number a proposal file name carries (`pep-0012.md`, `pep-0012-title.md`)."""
        return _file_number(self.prefix, name) if self.prefix else None

    def mention(self, number: int) -> str:
        return f"{self.prefix} {number}"


@lru_cache(maxsize=8)
def _mention_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/.#-]){re.escape(prefix)}[ \u00a0-](\d{{1,6}})(?![\w-])")


@lru_cache(maxsize=8192)
def _file_number(prefix: str, name: str) -> int | None:
    match = _file_pattern(prefix).match(name)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=8)
def _file_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(prefix.casefold())}-(\d+)(?:[-_.][^/]*)?\.(?:md|markdown)$", re.I
    )


def naming_of(schema: Schema) -> Naming:
    """The number field is the template's field of the number kind; its name is the mention word."""
    spec = next((f for f in schema.fields if f.kind == "number"), None)
    if spec is None:
        return Naming(None, None)
    return Naming(spec.name, spec.name)


def title_field_of(schema: Schema) -> FieldSpec | None:
    return next((f for f in schema.fields if f.kind == "text" and f.max_length is not None), None)


def _type_field(schema: Schema) -> FieldSpec | None:
    status = (schema.status_field or "").casefold()
    return next(
        (f for f in schema.fields if f.kind == "choice" and f.name.casefold() != status), None
    )


# --- one file -----------------------------------------------------------------------------


def slug(text: str) -> str:
    """GitHub's heading anchor: the rendered text lower-cased, punctuation but `-` and `_`
    removed, spaces to dashes (duplicates get `-1`, `-2` from `anchors_of`)."""
    text = _INLINE_LINK_TEXT.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub("", text).strip().lower()
    kept = []
    for char in text:
        if char in "-_ " or char.isalnum() or unicodedata.category(char).startswith("M"):
            kept.append("-" if char == " " else char)
    return "".join(kept)


class Heading(NamedTuple):
    """A heading of an indexed file. A workspace holds tens of thousands of them, so the
    title's place is kept as three numbers (one object, not a Span of two Pos: about half of
    the index's memory) and made into a Span when asked."""

    level: int
    title: str
    anchor: str
    line: int
    start: int  # the title text's columns on its line
    end: int

    @property
    def span(self) -> Span:
        return Span.on_line(self.line, self.start, self.end)


@dataclass(frozen=True)
class Link:
    """A Markdown link or link definition, with its destination decoded."""

    span: Span  # the whole `[text](dest)`, or the definition's destination
    dest_span: Span  # the destination text
    dest: str
    path: str  # decoded, without the fragment; '' for `#fragment` links
    fragment: str | None  # decoded, without '#'

    @property
    def is_local(self) -> bool:
        return not _SCHEME.match(self.dest)


@dataclass(frozen=True)
class Mention:
    """Another proposal named in the text by the number field's word and a number (`PEP 12`)."""

    span: Span
    number: int


@dataclass(frozen=True)
class Proposal:
    """What the index knows about one Markdown file (a proposal when `is_proposal`)."""

    path: str  # absolute
    is_proposal: bool
    number: int | None = None
    number_span: Span | None = None
    number_line: str = ""  # the text of the number's line, for converting its span
    title: str = ""
    title_line: int = 0
    status: str | None = None
    stage: str | None = None
    type: str | None = None
    authors: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()
    anchors: frozenset[str] = frozenset()  # lower-cased: heading slugs and explicit ids
    links: tuple[Link, ...] = ()
    mentions: tuple[Mention, ...] = ()
    mtime: int = 0
    header: tuple[int, int] | None = None  # the header block's fence lines (first, last)

    @property
    def summary(self) -> tuple[object, ...]:
        """What other files' diagnostics and hovers read from this one."""
        return (
            self.is_proposal,
            self.number,
            self.title,
            self.status,
            self.type,
            self.authors,
            self.anchors,
        )

    def label(self, naming: Naming) -> str:
        if self.number is not None and naming.prefix:
            return (
                f"{naming.mention(self.number)}: {self.title}"
                if self.title
                else naming.mention(self.number)
            )
        return self.title or os.path.basename(self.path)


def _people(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in re.split(r",(?![^<]*>)", value) if name.strip())


class _LineFacts(NamedTuple):
    """What one line contributes, by its text alone (cached: a keystroke re-reads one line).
    (A named tuple: made for a hundred lines of each file `check` reads, it costs a fifth of a
    frozen dataclass; equal facts give equal links and mentions, so comparing by value is right.)"""

    opens: tuple[tuple[str, int] | None, str | None]  # a fence or raw HTML block it opens
    atx: tuple[int, str, int] | None  # level, raw title, column
    setext: str | None  # '=' or '-' when the line could underline a heading
    paragraph: bool  # could be the text line of a setext heading
    html_ids: tuple[str, ...]
    links: tuple[
        tuple[int, int, str, int, str, str | None], ...
    ]  # start, end, dest, dest start, path, fragment
    definition: bool  # the last link is a reference definition
    mentions: tuple[tuple[int, int, int], ...]  # start, end, number


_FACTS: dict[tuple[str, str | None], _LineFacts] = {}
_MAX_FACTS = 20_000  # lines of the documents being edited; cleared when full


def _line_facts(text: str, prefix: str | None) -> _LineFacts:
    key = (text, prefix)
    facts = _FACTS.get(key)
    if facts is None:
        if len(_FACTS) > _MAX_FACTS:
            _FACTS.clear()
        facts = _FACTS[key] = _read_line(text, prefix)
    return facts


_BLANK = _LineFacts((None, None), None, None, False, (), (), False, ())
_PROSE = _LineFacts((None, None), None, None, True, (), (), False, ())
"""The facts of every blank line, and of every line of plain prose (starting with a letter or
a digit, no link, anchor or mention): most lines of a proposal, shared. Any other line with
nothing to contribute but whether it could be a setext heading's text shares one of them
too (a list item, a table row, prose naming the proposal word without a number)."""


def _lines_facts(lines: Sequence[str], prefix: str | None) -> list[_LineFacts]:
    """`_read_line` of every line. Blank lines and plain prose, most of a proposal, are told
    apart here by `_read_line`'s own first two tests, without a call for each."""
    if not prefix:
        return [_read_line(text, prefix) for text in lines]
    return [
        _BLANK
        if not (stripped := text.lstrip())
        else _PROSE
        if (
            stripped[0].isalnum()
            and "](" not in text
            and "<a" not in text
            and "<A" not in text
            and prefix not in text
        )
        else _read_line(text, prefix)
        for text in lines
    ]


def _read_line(text: str, prefix: str | None) -> _LineFacts:
    stripped = text.lstrip()
    if not stripped:
        return _BLANK
    first = stripped[0]
    if (
        "](" not in text
        and "<a" not in text
        and "<A" not in text
        and not (prefix and prefix in text)
    ):
        # No link, anchor or mention: only what the first character says counts.
        if first.isalnum():
            return _PROSE
        if first not in "#=-`~<[":  # (no heading, underline, fence, HTML or definition)
            return _BLANK if first in "|>*+" else _PROSE  # (`paragraph` below)
        if first == "-" and stripped.strip(" \t-"):  # a list item, not an underline
            return _BLANK
    if first == "#":
        # Proposals share their template's headings: each is read once (what else a
        # heading line holds, a mention or an anchor, is read with it).
        key = (text, prefix)
        facts = _HEADING_LINES.get(key)
        if facts is None:
            if len(_HEADING_LINES) > _MAX_HEADING_LINES:
                _HEADING_LINES.clear()
            facts = _HEADING_LINES[key] = _read_marked_line(text, stripped, prefix)
        return facts
    return _read_marked_line(text, stripped, prefix)


_HEADING_LINES: dict[tuple[str, str | None], _LineFacts] = {}
_MAX_HEADING_LINES = 4096


def _read_marked_line(text: str, stripped: str, prefix: str | None) -> _LineFacts:
    """`_read_line` past its short cuts: a line that may open a block or hold a link, an
    anchor or a mention (`stripped`: the line without leading white space)."""
    first = stripped[0]
    atx = setext = None
    if first == "#":
        heading = _ATX.match(text)
        if heading:
            raw = heading.group(2) or ""
            atx = (len(heading.group(1)), raw, text.find(raw, heading.end(1)) if raw else len(text))
    elif first in "=-":
        match = _SETEXT.match(text)
        setext = match.group(1)[0] if match else None
    opens = opens_code(text) if first in "`~<" else (None, None)
    paragraph = not stripped.startswith(("|", ">", "-", "*", "+"))
    html_ids = (
        tuple(m.group(1).lower() for m in _HTML_ANCHOR.finditer(text))
        if ("<a" in text or "<A" in text)
        else ()
    )
    if _cites_nothing(text, first, prefix):
        if opens == (None, None) and atx is None and setext is None and not html_ids:
            return _PROSE if paragraph else _BLANK
        return _LineFacts(opens, atx, setext, paragraph, html_ids, (), False, ())
    links, definition, mentions = _references(text, prefix)
    return _LineFacts(opens, atx, setext, paragraph, html_ids, links, definition, mentions)


def _cites_nothing(text: str, first: str, prefix: str | None) -> bool:
    """Is it certain, without masking the line, that `_references` finds nothing on it?
    (`first`: its first character that is not white space.) No `](` and no leading `[`: no
    link or reference definition. The proposal word without a number after it cites
    nothing ("This PEP ..."): a mention in the masked line is one in the line itself, since
    masking only blanks code spans and autolinks, whose last character never keeps a mention
    out; with no `[` there is no link or definition to keep it out either."""
    return (
        "](" not in text
        and first != "["
        and not (
            prefix
            and prefix in text
            and ("[" in text or _mention_pattern(prefix).search(text) is not None)
        )
    )


def _references(
    text: str, prefix: str | None
) -> tuple[
    tuple[tuple[int, int, str, int, str, str | None], ...], bool, tuple[tuple[int, int, int], ...]
]:
    """A line's links, whether the last is a reference definition, and its mentions (code
    spans and autolinks masked; a mention inside a link's destination, or in the text of a
    link to another site, does not count)."""
    masked = _masked(text)
    links: list[tuple[int, int, str, int, str, str | None]] = []
    skipped: list[tuple[int, int]] = []

    def add(start: int, end: int, dest: str, dest_start: int) -> None:
        path, _, fragment = dest.partition("#")
        links.append(
            (
                start,
                end,
                dest,
                dest_start,
                unquote(path),
                unquote(fragment) if "#" in dest else None,
            )
        )

    if "](" in masked:
        for match in LINK.finditer(masked):
            dest = text[match.start(2) : match.end(2)]
            if dest:
                add(match.start(), match.end(), dest, match.start(2))
            skipped.append((match.start(2), match.end(2)))
            if _SCHEME.match(
                dest
            ):  # `[Python's PEP 1](https://...)` cites another process's proposal
                skipped.append((match.start(1), match.end(1)))
    definition = _REF_DEF.match(masked)
    if definition:
        dest = text[definition.start(2) : definition.end(2)]
        add(definition.start(2), definition.end(2), dest, definition.start(2))
        skipped.append((definition.start(2), definition.end(2)))
    mentions: list[tuple[int, int, int]] = []
    if prefix and prefix in masked:
        for match in _mention_pattern(prefix).finditer(masked):
            if not any(start <= match.start() < end for start, end in skipped):
                mentions.append((match.start(), match.end(), int(match.group(1))))
    return tuple(links), bool(definition), tuple(mentions)


def _masked(line: str) -> str:
    """Code spans and autolinks blanked, same length."""
    if "`" in line:
        for start, end in code_spans(line):
            line = line[:start] + " " * (end - start) + line[end:]
    if "<" in line:
        line = AUTOLINK.sub(lambda m: " " * len(m.group()), line)
    return line


_PLACED: dict[tuple[int, _LineFacts], tuple[tuple[Link, ...], tuple[Mention, ...]]] = {}


def _placed(number: int, fact: _LineFacts) -> tuple[tuple[Link, ...], tuple[Mention, ...]]:
    """A line's links and mentions at a line number (cached: most lines keep their number
    and text from one keystroke to the next)."""
    key = (number, fact)
    found = _PLACED.get(key)
    if found is None:
        if len(_PLACED) > _MAX_FACTS:
            _PLACED.clear()
        found = _PLACED[key] = _place(number, fact)
    return found


def _place(number: int, fact: _LineFacts) -> tuple[tuple[Link, ...], tuple[Mention, ...]]:
    return (
        tuple(
            Link(
                Span.on_line(number, start, end),
                Span.on_line(number, dest_start, dest_start + len(dest)),
                dest,
                link_path,
                fragment,
            )
            for start, end, dest, dest_start, link_path, fragment in fact.links
        ),
        tuple(
            Mention(Span.on_line(number, start, end), value) for start, end, value in fact.mentions
        ),
    )


@lru_cache(maxsize=4096)
def _heading_parts(raw: str) -> tuple[str, str | None, str]:
    """(title without a `{#id}`, the id, the title's slug)."""
    own_id = _EXPLICIT_ID.search(raw)
    title = raw[: own_id.start()].rstrip() if own_id else raw
    return title, own_id.group(1).lower() if own_id else None, slug(title)


def scan(
    lines: Sequence[str], schema: Schema, path: str, mtime: int = 0, cached: bool = True
) -> Proposal:
    """Read one file's lines into its index entry (no Markdown parse: one pass over the lines).

    `cached`: each line's facts are kept by its text, for documents being edited (a keystroke
    re-reads one line); files read from disk pass False, so a large workspace costs no cache."""
    steps = scan_in_steps(lines, schema, path, mtime, cached, 0)
    try:
        while True:
            next(steps)
    except StopIteration as done:
        entry: Proposal = done.value
        return entry


def scan_in_steps(
    lines: Sequence[str],
    schema: Schema,
    path: str,
    mtime: int = 0,
    cached: bool = True,
    step_lines: int = 0,
) -> Generator[None, None, Proposal]:
    """`scan`, pausing (yielding None) after every `step_lines` lines read (0: never); its
    return value is the entry. The server's background build resumes it between edits, so
    an edit never waits for a whole file."""
    naming = naming_of(schema)
    prefix = naming.prefix
    read = _line_facts if cached else _read_line
    if not step_lines:
        facts = [read(text, prefix) for text in lines] if cached else _lines_facts(lines, prefix)
    else:
        facts = []
        for start in range(0, len(lines), step_lines):
            facts.extend([read(text, prefix) for text in lines[start : start + step_lines]])
            yield
    headings: list[Heading] = []
    explicit: set[str] = set()
    links: list[Link] = []
    mentions: list[Mention] = []
    header_range: tuple[int, int] | None = None
    seen: dict[str, int] = {}
    previous: int | None = None  # the line a setext underline would make a heading
    fence: tuple[str, int] | None = None
    html_close: str | None = None
    fence_start = 0
    first_fence: tuple[int, int] | None = None
    level_two_before = False

    def heading_at(line_no: int, level: int, raw: str, col: int) -> None:
        title, own_id, base = _heading_parts(raw)
        if own_id:
            explicit.add(own_id)
        count = seen.get(base, 0)
        seen[base] = count + 1
        # Proposals share most of their headings (the template's sections): one string each.
        headings.append(
            Heading(
                level,
                intern(title),
                intern(base if count == 0 else f"{base}-{count}"),
                line_no,
                col,
                col + len(title),
            )
        )

    body: list[int] = []  # lines outside code, in order
    for number, (text, fact) in enumerate(zip(lines, facts)):
        if step_lines and number % (step_lines * 4) == step_lines * 4 - 1:
            yield
        if fence is not None:
            if closes_fence(text, fence):
                fence = None
                if first_fence is None:
                    first_fence = (fence_start, number)
            continue
        if html_close is not None:
            if html_close in text.lower():
                html_close = None
            continue
        if fact is _PROSE or fact is _BLANK:  # (most lines: nothing opened, no heading or id)
            previous = number if fact is _PROSE else None
            body.append(number)
            continue
        opened, closer = fact.opens
        if opened is not None:
            fence, fence_start, previous = opened, number, None
            continue
        if closer is not None:
            html_close, previous = closer, None
            continue
        if fact.atx is not None:
            level, raw, col = fact.atx
            if level >= 2 and first_fence is None:
                level_two_before = True
            heading_at(number, level, raw, col)
            previous = None
        elif fact.setext is not None and previous is not None:
            raw = lines[previous].strip()
            heading_at(previous, 1 if fact.setext == "=" else 2, raw, lines[previous].find(raw))
            body.pop()  # the heading's text line is not prose
            previous = None
            explicit.update(fact.html_ids)
            continue
        else:
            previous = number if fact.paragraph else None
        if fact.html_ids:
            explicit.update(fact.html_ids)
        body.append(number)
    if fence is not None and first_fence is None:
        first_fence = (fence_start, len(lines) - 1)
    if (
        first_fence is not None
        and not level_two_before
        and _is_header(lines, first_fence[0], first_fence[1], schema)
    ):
        header_range = first_fence
    for number in body:
        if header_range and header_range[0] <= number <= header_range[1]:
            continue
        fact = facts[number]
        if fact.links or fact.mentions:
            placed = _placed(number, fact) if cached else _place(number, fact)
            links.extend(placed[0])
            mentions.extend(placed[1])
    anchors = frozenset(intern(h.anchor.lower()) for h in headings) | explicit
    if header_range is None:
        return Proposal(
            path,
            False,
            headings=tuple(headings),
            anchors=anchors,
            links=tuple(links),
            mentions=tuple(mentions),
            mtime=mtime,
        )
    return _with_header(
        lines,
        header_range,
        schema,
        naming,
        Proposal(
            path,
            True,
            headings=tuple(headings),
            anchors=anchors,
            links=tuple(links),
            mentions=tuple(mentions),
            mtime=mtime,
        ),
    )


def _is_header(lines: Sequence[str], start: int, end: int, schema: Schema) -> bool:
    """The same test as the model's: a fence without info whose lines name template fields."""
    opened = lines[start].strip().lstrip("`~")
    if opened:
        return False
    known = total = 0
    for text in lines[start + 1 : end]:
        if not text.strip():
            continue
        total += 1
        match = HEADER_LINE.match(text)
        known += bool(match and schema.field(match.group(1)) is not None)
    return known >= 2 or (total > 0 and known == total)


MAX_HEADER_LINES = 200
"""How far `scan_header` looks for the header before reading the whole file instead."""


def scan_header(lines: Sequence[str], schema: Schema, path: str, mtime: int = 0) -> Proposal | None:
    """A proposal's entry from the lines up to the end of its header only: what other files'
    rules read of a neighbour (number, title, status, type, authors), without its headings,
    links and mentions. None when that is not certain from those lines (no header within
    MAX_HEADER_LINES, or a title that only a later heading could give): scan it all then."""
    fence: tuple[str, int] | None = None
    html_close: str | None = None
    end = None
    for number, text in enumerate(lines[:MAX_HEADER_LINES]):
        if fence is not None:
            if closes_fence(text, fence):
                end = number + 1
                break
            continue
        if html_close is not None:
            if html_close in text.lower():
                html_close = None
            continue
        stripped = text.lstrip()
        if stripped[:1] in ("`", "~", "<"):
            fence, html_close = opens_code(text)
    if end is None:
        return None
    entry = scan(lines[:end], schema, path, mtime, cached=False)
    if not entry.is_proposal or not entry.title:
        return None
    return replace(entry, headings=(), anchors=frozenset(), links=(), mentions=())


def _with_header(
    lines: Sequence[str], header: tuple[int, int], schema: Schema, naming: Naming, entry: Proposal
) -> Proposal:
    values: dict[str, tuple[int, re.Match[str]]] = {}
    for line in range(header[0] + 1, header[1]):
        match = HEADER_LINE.match(lines[line])
        if match:
            values.setdefault(match.group(1).casefold(), (line, match))

    def value(spec: FieldSpec | None) -> str | None:
        if spec is None or spec.name.casefold() not in values:
            return None
        text = values[spec.name.casefold()][1].group(2) or ""
        return None if not text or PLACEHOLDER.search(text) else text

    number: int | None = None
    number_span: Span | None = None
    number_line = ""
    if naming.number_field and naming.number_field.casefold() in values:
        line_no, match = values[naming.number_field.casefold()]
        text = match.group(2) or ""
        if text.isdigit():
            number = int(text)
            number_span = Span.on_line(line_no, match.start(2), match.end(2))
            number_line = lines[line_no]
    title, title_line = "", header[0]
    first = next((h for h in entry.headings if h.level == 1), None)
    if first is not None and first.span.start.line < header[0]:
        title, title_line = first.title, first.span.start.line
        if naming.prefix:
            title = re.sub(rf"^{re.escape(naming.prefix)}[ -]?\d*\s*[:.\-–—]\s*", "", title)
    if not title:
        title = value(title_field_of(schema)) or (first.title if first else "")
        title_field = title_field_of(schema)
        if title_field and title_field.name.casefold() in values:
            title_line = values[title_field.name.casefold()][0]
    status = value(schema.field(schema.status_field)) if schema.status_field else None
    known = schema.status(status) if status else None
    people = next((f for f in schema.fields if f.kind == "people"), None)
    authors = _people(value(people) or "")
    return Proposal(
        entry.path,
        True,
        number,
        number_span,
        number_line,
        title,
        title_line,
        known.name if known else status,
        known.stage if known else None,
        value(_type_field(schema)),
        authors,
        entry.headings,
        entry.anchors,
        entry.links,
        entry.mentions,
        entry.mtime,
        header,
    )


# --- the index ----------------------------------------------------------------------------


def matches(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    """fnmatch-style globs against the path relative to `root` (`*` also crosses folders); a
    pattern without `/` also matches the file name, one ending in `/` a folder and all below it."""
    from fnmatch import fnmatch

    # The file name first: it needs no `realpath` (a few system calls), and the default
    # patterns (`*.md`) match every Markdown file by name (`check` and the index match each).
    if any("/" not in pattern and fnmatch(path.name, pattern) for pattern in patterns):
        return True
    relative = _relative(os.path.realpath(path), _real_root(os.path.abspath(root)))
    for pattern in patterns:
        if pattern.endswith("/"):
            pattern += "*"
        if fnmatch(relative, pattern) or fnmatch(relative, pattern + "/*"):
            return True
    return False


@lru_cache(maxsize=64)
def _real_root(root: str) -> str:
    return os.path.realpath(root)


def _relative(real: str, real_root: str) -> str:
    """`real` relative to `real_root` in `/` form, or all of it when it is not below (what
    `Path.resolve().relative_to(...).as_posix()` gives, without pathlib's cost: `check` and
    the index match every file)."""
    if os.path.normcase(real) == os.path.normcase(real_root):
        return "."
    prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
    if os.path.normcase(real).startswith(os.path.normcase(prefix)):
        real = real[len(prefix) :]
    return real.replace(os.sep, "/") if os.sep != "/" else real


@dataclass
class Scope:
    """One folder to index, with the schema and include/exclude patterns in force there."""

    root: Path
    schema: Schema
    include: tuple[str, ...] = ("*.md", "*.markdown")
    exclude: tuple[str, ...] = ()
    pattern_root: Path | None = None  # the configuration file's folder
    recursive: bool = True


def walk(scope: Scope) -> Iterator[Path]:
    """Markdown files under a root: hidden folders, `node_modules` and excluded paths skipped."""
    base = scope.pattern_root or scope.root
    for folder, dirs, files in os.walk(scope.root):
        dirs[:] = (
            sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
            if scope.recursive
            else []
        )
        for name in sorted(files):
            if not name.lower().endswith(_MARKDOWN_FILE):
                continue
            path = Path(folder, name)
            if scope.include and not matches(path, base, scope.include):
                continue
            if scope.exclude and matches(path, base, scope.exclude):
                continue
            yield path


def read_lines(path: Path) -> list[str] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return split_lines(_decoded(data))[0]


def read_lines_and_mtime(path: Path) -> tuple[list[str], int] | None:
    """A file's lines and modification time (0 when the file system cannot tell), or None
    when it cannot be read."""
    lines = read_lines(path)
    if lines is None:
        return None
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return lines, mtime


def _decoded(data: bytes) -> str:
    """A file's bytes as text: UTF-8 without its byte-order mark, bad bytes replaced."""
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def normal_path(path: str | Path) -> str:
    path = os.fspath(path)
    if os.path.isabs(path):
        return _normal_absolute(path)
    return os.path.normcase(os.path.abspath(path))


@lru_cache(maxsize=8192)
def _normal_absolute(path: str) -> str:
    """(Remembered: the cross-file rules compare the same few paths on every keystroke.)"""
    return os.path.normcase(os.path.normpath(path))


@dataclass
class Index:
    """Every indexed file by path, and the proposals by number."""

    naming: Naming = field(default_factory=lambda: Naming(None, None))
    files: dict[str, Proposal] = field(default_factory=dict)
    by_number: dict[int, list[Proposal]] = field(default_factory=dict)
    generation: int = 0  # bumped when what other files read (a summary) changes
    version: int = 0  # bumped on every change of any entry (what the cross-file rules read)

    def put(self, entry: Proposal) -> bool:
        """Add or replace a file's entry; True when other files' findings may change. An
        entry equal to the one held changes nothing, not even `version` (an open document's
        entry is put again after every keystroke; most keystrokes leave it as it was)."""
        key = normal_path(entry.path)
        old = self.files.get(key)
        if old is not None and (old is entry or old == entry):
            return False
        self.files[key] = entry
        self.version += 1
        if old is not None and old.number is not None:
            self._drop_number(old)
        if entry.number is not None:
            self.by_number.setdefault(entry.number, []).append(entry)
            self.by_number[entry.number].sort(key=lambda p: p.path)
        changed = old is None or old.summary != entry.summary or old.path != entry.path
        if changed:
            self.generation += 1
        return changed

    def remove(self, path: str | Path) -> bool:
        old = self.files.pop(normal_path(path), None)
        if old is None:
            return False
        self.version += 1
        if old.number is not None:
            self._drop_number(old)
        self.generation += 1
        return True

    def _drop_number(self, old: Proposal) -> None:
        same = [
            p
            for p in self.by_number.get(old.number or 0, [])
            if normal_path(p.path) != normal_path(old.path)
        ]
        if same:
            self.by_number[old.number or 0] = same
        else:
            self.by_number.pop(old.number or 0, None)

    def get(self, path: str | Path) -> Proposal | None:
        return self.files.get(normal_path(path))

    def proposals(self, number: int) -> list[Proposal]:
        return self.by_number.get(number, [])

    def all_proposals(self) -> list[Proposal]:
        return sorted(
            (p for p in self.files.values() if p.is_proposal),
            key=lambda p: (p.number is None, p.number or 0, p.path),
        )

    def next_number(self) -> int:
        return max(self.by_number, default=0) + 1

    def add_file(self, path: Path, schema: Schema) -> bool:
        """(Re)read one file from disk; a file that cannot be read is removed."""
        read = read_lines_and_mtime(path)
        if read is None:
            return self.remove(path)
        lines, mtime = read
        return self.put(scan(lines, schema, str(path.absolute()), mtime, cached=False))

    def build(
        self, scopes: Iterable[Scope], between: Callable[[int, int], None] | None = None
    ) -> None:
        """Index every file of every scope (`between(done, total)` is called after each file)."""
        paths = [(path, scope) for scope in scopes for path in walk(scope)]
        for done, (path, scope) in enumerate(paths, 1):
            self.add_file(path, scope.schema)
            if between is not None:
                between(done, len(paths))

    def references_to(self, number: int | None, path: str) -> Iterator[tuple[Proposal, Span]]:
        """Every mention of `number` and every link to `path`, in every indexed file."""
        target = normal_path(path)
        for entry in sorted(self.files.values(), key=lambda p: p.path):
            folder = os.path.dirname(entry.path)
            for mention in entry.mentions:
                if number is not None and mention.number == number:
                    yield entry, mention.span
            for link in entry.links:
                if (
                    link.is_local
                    and link.path
                    and normal_path(os.path.join(folder, link.path)) == target
                ):
                    yield entry, link.span


class NeighbourIndex(Index):
    """An index whose neighbours (files not checked, only read for the cross-file rules) are
    entered from their headers; the first `get` of one reads it whole (a link's anchors)."""

    def __init__(self, naming: Naming) -> None:
        super().__init__(naming)
        self.partial: dict[str, Schema] = {}

    def put_neighbour(self, path: Path, schema: Schema) -> None:
        read = read_lines_and_mtime(path)
        if read is None:
            return
        lines, mtime = read
        key = str(path.absolute())
        entry = scan_header(lines, schema, key, mtime)
        if entry is None:
            self.put(scan(lines, schema, key, mtime, cached=False))
        else:
            self.put(entry)
            self.partial[normal_path(key)] = schema

    def get(self, path: str | Path) -> Proposal | None:
        schema = self.partial.pop(normal_path(path), None)
        if schema is not None:
            self.add_file(Path(path), schema)
        return super().get(path)


@dataclass(frozen=True, eq=False)
class _Places:
    """Where an entry's headings, links and mentions are, by line: what `_patched` looks up
    for each changed line of every keystroke (kept by the view for the entry's tuples)."""

    headings: dict[int, Heading]  # the first heading on each line
    referring: frozenset[int]  # the lines holding a link or a mention


def _places(entry: Proposal) -> _Places:
    headings: dict[int, Heading] = {}
    for heading in entry.headings:
        headings.setdefault(heading.line, heading)
    return _Places(
        headings,
        frozenset(link.span.start.line for link in entry.links)
        | frozenset(m.span.start.line for m in entry.mentions),
    )


def _patched(
    entry: Proposal,
    lines: Sequence[str],
    changed: tuple[tuple[int, int], ...],
    prefix: str | None,
    places: _Places | None = None,
) -> Proposal | None:
    """`entry` with the links and mentions of the changed lines read again (None: a changed
    line may open code, hold a heading or an explicit anchor: scan afresh). `places`: the
    entry's `_places`, when the caller keeps them."""
    if places is None:
        places = _places(entry)
    headings = places.headings
    changed_lines = sorted({number for start, end in changed for number in range(start, end)})
    added_links: list[Link] = []
    added_mentions: list[Mention] = []
    header = entry.header
    for number in changed_lines:
        if number >= len(lines) or (header is not None and header[0] <= number <= header[1]):
            return None
        fact = _line_facts(lines[number], prefix)
        if fact.opens != (None, None) or fact.html_ids:
            return None
        heading = headings.get(number)
        if heading is not None:
            if fact.atx is None or _heading_parts(fact.atx[1])[0] != heading.title:
                return None  # a setext heading's text, or a heading renamed: its anchor may move
        elif fact.atx is not None:
            return None
        if fact.setext is not None:
            above = headings.get(number - 1)
            if above is not None and _line_facts(lines[number - 1], prefix).atx is None:
                continue  # the underline of a setext heading: not prose
            if number > 0 and lines[number - 1].strip():
                return None  # it may underline the line above
        if fact.links or fact.mentions:
            placed = _placed(number, fact)
            added_links.extend(placed[0])
            added_mentions.extend(placed[1])
    if not added_links and not added_mentions and places.referring.isdisjoint(changed_lines):
        return entry  # (no link or mention on the changed lines, before or now: most keystrokes)
    changed_set = set(changed_lines)
    if added_links == [
        link for link in entry.links if link.span.start.line in changed_set
    ] and added_mentions == [m for m in entry.mentions if m.span.start.line in changed_set]:
        return entry  # (the changed lines' links and mentions are as they were)
    links = sorted(
        [link for link in entry.links if link.span.start.line not in changed_set] + added_links,
        key=lambda link: link.span.start,
    )
    mentions = sorted(
        [m for m in entry.mentions if m.span.start.line not in changed_set] + added_mentions,
        key=lambda m: m.span.start,
    )
    return replace(entry, links=tuple(links), mentions=tuple(mentions))


@dataclass
class CrossFile:
    """What a rule needs to look across files: the index and where the checked file lives."""

    index: Index
    path: str
    _own: tuple[object, Proposal] | None = None
    _model: Any = None  # the model `_own` was read from (pep_lsp.model.model.Model), when it was
    # The entry the index read from the very text being checked, with that text's schema
    # (`pep-lsp check`): taken as the document's own instead of reading it a second time.
    known: tuple[str, Schema, Proposal] | None = None
    _resolved: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _anchor_check: tuple[frozenset[str], tuple[Heading, ...], bool] | None = field(
        default=None, repr=False, compare=False
    )
    _places_cache: (
        tuple[tuple[Heading, ...], tuple[Link, ...], tuple[Mention, ...], _Places] | None
    ) = field(default=None, repr=False, compare=False)
    # What `judged` remembered, by rule code: (own entry, index version, schema, disk epoch)
    # and the places and messages judged from them.
    _judged: dict[str, tuple[tuple[object, int, object, int], list[tuple[Span, str]]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # The file system's answers the judgements rest on (`exists`), by normal path.
    _disk: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    _disk_basis: tuple[object, int, object, int] | None = field(
        default=None, repr=False, compare=False
    )
    disk_epoch: int = field(default=0, repr=False, compare=False)

    def own(self, lines: Sequence[str], schema: Schema) -> Proposal:
        """The checked document's own entry, from its current lines (cached per lines object)."""
        if self._own is None or self._own[0] is not lines:
            self._own, self._model = (lines, scan(lines, schema, self.path)), None
        return self._own[1]

    def own_model(self, model: Any) -> Proposal:
        """`own` for a document model. A keystroke that kept the structure and the header
        (the model says so) re-reads only the changed lines' links and mentions: headings,
        code and the header are as they were."""
        lines = model.lines
        if self._own is not None and self._own[0] is lines:
            return self._own[1]
        if self._own is None and self.known is not None:
            text, schema, known = self.known
            self.known = None
            if schema is model.schema and len(lines) == text.count("\n") + 1:
                self._own, self._model = (lines, known), model
                return known
        previous, entry = self._model, self._own[1] if self._own is not None else None
        if (
            entry is not None
            and previous is not None
            and model.based_on is previous
            and model.structure_key is previous.structure_key
            and len(lines) == len(previous.lines)
            and self._only_heading_anchors(entry)
        ):
            updated = _patched(
                entry, lines, model.changed_lines, self.index.naming.prefix, self._places_of(entry)
            )
            if updated is not None:
                self._own, self._model = (lines, updated), model
                return updated
        self._own, self._model = (lines, scan(lines, model.schema, self.path)), model
        return self._own[1]

    def _places_of(self, entry: Proposal) -> _Places:
        """`_places(entry)`, remembered for the entry's headings, links and mentions (a
        keystroke in prose keeps the entry, or gives one with the same tuples)."""
        known = self._places_cache
        if (
            known is None
            or known[0] is not entry.headings
            or known[1] is not entry.links
            or known[2] is not entry.mentions
        ):
            known = self._places_cache = (
                entry.headings,
                entry.links,
                entry.mentions,
                _places(entry),
            )
        return known[3]

    def _only_heading_anchors(self, entry: Proposal) -> bool:
        """Are all of the entry's anchors its headings' (no `<a id>` or `{#id}`)? Remembered
        for the anchors and headings it was computed from (a keystroke in prose keeps both)."""
        known = self._anchor_check
        if known is None or known[0] is not entry.anchors or known[1] is not entry.headings:
            only = not (entry.anchors - {h.anchor.lower() for h in entry.headings})
            known = self._anchor_check = (entry.anchors, entry.headings, only)
        return known[2]

    def judged(
        self,
        code: str,
        own: Proposal,
        schema: Schema,
        judge: Callable[[], list[tuple[Span, str]]],
    ) -> list[tuple[Span, str]]:
        """What `judge` gives (the places and messages a rule reports), remembered while the
        document's own entry (the same object), the index's version, the schema and the file
        system's answers are those it was judged from: the rules that ask the file system
        whether a link's target exists (X102, X103) run on every keystroke, and a keystroke
        in prose changes none of these. A keystroke that changes the entry (a link edited)
        judges again and asks the file system again; a file created or deleted on disk
        meanwhile is seen after `recheck_disk` (the server calls it on the events that keep
        the index fresh: watched-file events, a save, a cross-file request)."""
        basis = (own, self.index.version, schema, self.disk_epoch)
        found = self._judged.get(code)
        if found is not None and _same_basis(found[0], basis):
            return found[1]
        if self._disk_basis is None or not _same_basis(self._disk_basis, basis):
            self._disk, self._disk_basis = {}, basis
        result = judge()
        self._judged[code] = (basis, result)
        return result

    def exists(self, target: str) -> bool:
        """Does a normal path name an indexed file, or a file or folder on disk? The disk's
        answer is kept for the judgement being made (`judged`)."""
        if self.index.get(target) is not None:
            return True
        found = self._disk.get(target)
        if found is None:
            found = self._disk[target] = os.path.exists(target)
        return found

    def recheck_disk(self) -> bool:
        """Ask the file system again about the paths the remembered judgements rest on; True
        (and those judgements forgotten) when an answer changed: a file was created or deleted."""
        if not any(os.path.exists(path) != there for path, there in self._disk.items()):
            return False
        self.disk_epoch += 1
        self._disk = {}  # asked afresh by the next judgement
        return True

    def resolve(self, link: Link) -> str:
        """The normal path a relative link points at (remembered by the link's path: the
        cross-file rules resolve every link of the document on every keystroke)."""
        found = self._resolved.get(link.path)
        if found is None:
            if len(self._resolved) > 1024:
                self._resolved.clear()
            found = self._resolved[link.path] = normal_path(
                os.path.join(os.path.dirname(self.path), link.path)
            )
        return found


def _same_basis(a: tuple[object, int, object, int], b: tuple[object, int, object, int]) -> bool:
    """The entry and schema compared by identity (an entry compared by value costs a walk
    through its links), the index version and disk epoch by value."""
    return a[0] is b[0] and a[1] == b[1] and a[2] is b[2] and a[3] == b[3]


def scopes_for_paths(paths: Sequence[Path], resolve_scope: Callable[[Path], Scope]) -> list[Scope]:
    """Folders given are indexed recursively; a file given brings its own folder's files."""
    scopes: list[Scope] = []
    seen: set[str] = set()
    for path in paths:
        root = path if path.is_dir() else path.absolute().parent
        key = normal_path(root)
        if key in seen:
            continue
        seen.add(key)
        scope = resolve_scope(root)
        scope.recursive = path.is_dir()
        scopes.append(scope)
    return scopes


def planned_files(
    paths: Sequence[Path], resolve_scope: Callable[[Path], Scope]
) -> tuple[Naming, list[tuple[Path, Scope, bool]]]:
    """What `pep-lsp check` indexes: the naming, and every file with its scope and whether it
    is read whole (False: a neighbour of a file given, entered from its header)."""
    scopes = scopes_for_paths(paths, resolve_scope)
    naming = naming_of(scopes[0].schema) if scopes else Naming(None, None)
    named = {normal_path(path.absolute()) for path in paths if not path.is_dir()}
    return naming, [
        (path, scope, scope.recursive or normal_path(path.absolute()) in named)
        for scope in scopes
        for path in walk(scope)
    ]


def neighbour_index(naming: Naming, plan: Sequence[tuple[Path, Scope, bool]]) -> NeighbourIndex:
    """An index holding the plan's neighbours (the files of a named file's folder, not read
    whole), each entered from its header."""
    index = NeighbourIndex(naming)
    for path, scope, whole in plan:
        if not whole:
            index.put_neighbour(path, scope.schema)
    return index


def read_whole(path: Path, schema: Schema) -> tuple[str, Proposal] | None:
    """A file's text and its full index entry (None when it cannot be read)."""
    try:
        data = path.read_bytes()
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    text = _decoded(data)
    return text, scan(split_lines(text)[0], schema, str(path.absolute()), mtime, cached=False)


def as_neighbour(entry: Proposal) -> Proposal:
    """What the cross-file rules read of a file other than the checked one (its number, title,
    status, stage, type, authors, anchors and path; never its headings, links or mentions):
    small to copy between processes."""
    return replace(entry, headings=(), links=(), mentions=())


def cross_file_views(
    paths: Sequence[Path], resolve_scope: Callable[[Path], Scope]
) -> Callable[[Path, str], CrossFile]:
    """For `pep-lsp check`: index the paths given (a file brings its folder's files), each folder
    with the scope `resolve_scope` gives it, then give each checked file its view of that index.

    A file the index read with the text being checked (and the same schema) is not read a
    second time: its index entry is its own. The other files of a named file's folder are
    entered from their headers, and read whole only when a rule looks inside one (a link's
    anchors): checking one file costs a glance at each neighbour, not a read."""
    naming, plan = planned_files(paths, resolve_scope)
    index = neighbour_index(naming, plan)
    texts: dict[str, tuple[str, Schema]] = {}
    for path, scope, whole in plan:
        if not whole:
            continue
        found = read_whole(path, scope.schema)
        if found is None:
            continue
        text, entry = found
        index.put(entry)
        texts[normal_path(entry.path)] = (text, scope.schema)
    return views_of(index, texts)


def views_of(
    index: Index, texts: dict[str, tuple[str, Schema]]
) -> Callable[[Path, str], CrossFile]:
    """Each checked file's view of `index`; `texts` (by normal path) are the texts the index
    read whole: a file checked with that very text takes its entry as its own."""

    def view(path: Path, text: str) -> CrossFile:
        key = str(path.absolute())
        read = texts.pop(normal_path(key), None)
        entry = index.get(key)
        if read is not None and read[0] == text and entry is not None:
            return CrossFile(index, key, known=(text, read[1], entry))
        return CrossFile(index, key)

    return view
