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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from pep_lsp.document import _AUTOLINK, _LINK, HEADER_LINE, _closes_fence, _code_spans, _opens_code
from pep_lsp.template import PLACEHOLDER, FieldSpec, Schema
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
        if not self.prefix:
            return None
        match = _file_pattern(self.prefix).match(name)
        return int(match.group(1)) if match else None

    def mention(self, number: int) -> str:
        return f"{self.prefix} {number}"


@lru_cache(maxsize=8)
def _mention_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/.#-]){re.escape(prefix)}[ \u00a0-](\d{{1,6}})(?![\w-])")


@lru_cache(maxsize=8)
def _file_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix.casefold())}-(\d+)(?:[-_.][^/]*)?\.(?:md|markdown)$", re.I)


def naming_of(schema: Schema) -> Naming:
    """The number field is the template's field of the number kind; its name is the mention word."""
    spec = next((f for f in schema.fields if f.kind == "number"), None)
    if spec is None:
        return Naming(None, None)
    return Naming(spec.name, spec.name)


def _title_field(schema: Schema) -> FieldSpec | None:
    return next((f for f in schema.fields if f.kind == "text" and f.max_length is not None), None)


def _type_field(schema: Schema) -> FieldSpec | None:
    status = (schema.status_field or "").casefold()
    return next((f for f in schema.fields if f.kind == "choice" and f.name.casefold() != status), None)


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


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    anchor: str
    span: Span  # the title text


@dataclass(frozen=True)
class Link:
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

    @property
    def summary(self) -> tuple[object, ...]:
        """What other files' diagnostics and hovers read from this one."""
        return (self.is_proposal, self.number, self.title, self.status, self.type, self.authors, self.anchors)

    def label(self, naming: Naming) -> str:
        if self.number is not None and naming.prefix:
            return f"{naming.mention(self.number)}: {self.title}" if self.title else naming.mention(self.number)
        return self.title or os.path.basename(self.path)


def _people(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in re.split(r",(?![^<]*>)", value) if name.strip())


def _code_lines(lines: Sequence[str]) -> tuple[set[int], list[tuple[int, int]]]:
    """Lines inside fences or raw HTML blocks; and the fences as (open line, end line)."""
    inside: set[int] = set()
    fences: list[tuple[int, int]] = []
    fence: tuple[str, int] | None = None
    html_close: str | None = None
    start = 0
    for number, text in enumerate(lines):
        if fence is not None:
            inside.add(number)
            if _closes_fence(text, fence):
                fence = None
                fences.append((start, number))
            continue
        if html_close is not None:
            inside.add(number)
            if html_close in text.lower():
                html_close = None
            continue
        opened, closer = _opens_code(text)
        if opened is not None:
            fence, start = opened, number
            inside.add(number)
        elif closer is not None:
            html_close = closer
            inside.add(number)
    if fence is not None:
        fences.append((start, len(lines) - 1))
    return inside, fences


def _masked(line: str) -> str:
    """Code spans and autolinks blanked, same length."""
    if "`" in line:
        for start, end in _code_spans(line):
            line = line[:start] + " " * (end - start) + line[end:]
    if "<" in line:
        line = _AUTOLINK.sub(lambda m: " " * len(m.group()), line)
    return line


def _link(line_no: int, start: int, end: int, dest: str, dest_start: int) -> Link:
    path, _, fragment = dest.partition("#")
    return Link(
        Span.on_line(line_no, start, end), Span.on_line(line_no, dest_start, dest_start + len(dest)), dest,
        unquote(path), unquote(fragment) if "#" in dest else None,
    )


def scan(lines: Sequence[str], schema: Schema, path: str, mtime: int = 0) -> Proposal:
    """Read one file's lines into its index entry (no Markdown parse: one pass of regexes)."""
    naming = naming_of(schema)
    code, fences = _code_lines(lines)
    headings: list[Heading] = []
    explicit: set[str] = set()
    links: list[Link] = []
    mentions: list[Mention] = []
    mention_re = naming.mention_pattern()
    header_range: tuple[int, int] | None = None
    if fences:
        start, end = fences[0]
        before = any((m := _ATX.match(lines[i])) and len(m.group(1)) >= 2 for i in range(start))
        if not before and _is_header(lines, start, end, schema):
            header_range = (start, end)
    seen: dict[str, int] = {}
    previous_text = ""
    for number, text in enumerate(lines):
        if number in code:
            previous_text = ""
            continue
        heading = _ATX.match(text)
        setext = _SETEXT.match(text) if not heading and previous_text else None
        if heading or setext:
            if heading:
                raw = heading.group(2) or ""
                level, line_no = len(heading.group(1)), number
                col = text.find(raw, heading.end(1)) if raw else len(text)
            else:
                raw, level, line_no = previous_text.strip(), 1 if setext.group(1)[0] == "=" else 2, number - 1  # type: ignore[union-attr]
                col = lines[line_no].find(raw)
            own_id = _EXPLICIT_ID.search(raw)
            title = raw[: own_id.start()].rstrip() if own_id else raw
            if own_id:
                explicit.add(own_id.group(1).lower())
            base = slug(title)
            count = seen.get(base, 0)
            seen[base] = count + 1
            anchor = base if count == 0 else f"{base}-{count}"
            if setext and headings and headings[-1].span.start.line == line_no:
                headings.pop()
            headings.append(Heading(level, title, anchor, Span.on_line(line_no, col, col + len(title))))
            previous_text = ""
            if setext:
                continue
        else:
            previous_text = text if text.strip() and not text.lstrip().startswith(("|", ">", "-", "*", "+")) else ""
        if "<a" in text or "<A" in text:
            explicit.update(m.group(1).lower() for m in _HTML_ANCHOR.finditer(text))
        if header_range and header_range[0] <= number <= header_range[1]:
            continue
        masked = _masked(text)
        destinations: list[tuple[int, int]] = []
        if "](" in masked:
            for match in _LINK.finditer(masked):
                dest = text[match.start(2) : match.end(2)]
                if dest:
                    links.append(_link(number, match.start(), match.end(), dest, match.start(2)))
                destinations.append((match.start(2), match.end(2)))
                if _SCHEME.match(dest):  # `[Python's PEP 1](https://...)` cites another process's proposal
                    destinations.append((match.start(1), match.end(1)))
        definition = _REF_DEF.match(masked)
        if definition:
            dest = text[definition.start(2) : definition.end(2)]
            links.append(_link(number, definition.start(2), definition.end(2), dest, definition.start(2)))
            destinations.append((definition.start(2), definition.end(2)))
        if mention_re is not None and naming.prefix and naming.prefix in masked:
            for match in mention_re.finditer(masked):
                if any(start <= match.start() < end for start, end in destinations):
                    continue
                mentions.append(Mention(Span.on_line(number, match.start(), match.end()), int(match.group(1))))
    anchors = frozenset(h.anchor.lower() for h in headings) | explicit
    if header_range is None:
        return Proposal(path, False, headings=tuple(headings), anchors=anchors, links=tuple(links), mentions=tuple(mentions), mtime=mtime)
    return _with_header(lines, header_range, schema, naming, Proposal(
        path, True, headings=tuple(headings), anchors=anchors, links=tuple(links), mentions=tuple(mentions), mtime=mtime,
    ))


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


def _with_header(lines: Sequence[str], header: tuple[int, int], schema: Schema, naming: Naming, entry: Proposal) -> Proposal:
    values: dict[str, tuple[int, re.Match[str]]] = {}
    for number in range(header[0] + 1, header[1]):
        match = HEADER_LINE.match(lines[number])
        if match:
            values.setdefault(match.group(1).casefold(), (number, match))

    def value(spec: FieldSpec | None) -> str | None:
        if spec is None or spec.name.casefold() not in values:
            return None
        text = values[spec.name.casefold()][1].group(2) or ""
        return None if not text or PLACEHOLDER.search(text) else text

    number = number_span = None
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
        title = value(_title_field(schema)) or (first.title if first else "")
        title_field = _title_field(schema)
        if title_field and title_field.name.casefold() in values:
            title_line = values[title_field.name.casefold()][0]
    status = value(schema.field(schema.status_field)) if schema.status_field else None
    known = schema.status(status) if status else None
    people = next((f for f in schema.fields if f.kind == "people"), None)
    authors = _people(value(people) or "")
    return Proposal(
        entry.path, True, number, number_span, number_line, title, title_line,
        known.name if known else status, known.stage if known else None, value(_type_field(schema)), authors,
        entry.headings, entry.anchors, entry.links, entry.mentions, entry.mtime,
    )


# --- the index ----------------------------------------------------------------------------


def matches(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    """fnmatch globs against the path relative to `root`, as `pep-lsp check` reads include/exclude."""
    from pep_lsp.cli import _matches

    return _matches(path, root, patterns)


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
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS) if scope.recursive else []
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
    return split_lines(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace"))[0]


def normal_path(path: str | Path) -> str:
    return os.path.normcase(os.path.abspath(path))


@dataclass
class Index:
    """Every indexed file by path, and the proposals by number."""

    naming: Naming = field(default_factory=lambda: Naming(None, None))
    files: dict[str, Proposal] = field(default_factory=dict)
    by_number: dict[int, list[Proposal]] = field(default_factory=dict)
    generation: int = 0  # bumped when what other files read (a summary) changes

    def put(self, entry: Proposal) -> bool:
        """Add or replace a file's entry; True when other files' findings may change."""
        key = normal_path(entry.path)
        old = self.files.get(key)
        self.files[key] = entry
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
        if old.number is not None:
            self._drop_number(old)
        self.generation += 1
        return True

    def _drop_number(self, old: Proposal) -> None:
        same = [p for p in self.by_number.get(old.number or 0, []) if normal_path(p.path) != normal_path(old.path)]
        if same:
            self.by_number[old.number or 0] = same
        else:
            self.by_number.pop(old.number or 0, None)

    def get(self, path: str | Path) -> Proposal | None:
        return self.files.get(normal_path(path))

    def proposals(self, number: int) -> list[Proposal]:
        return self.by_number.get(number, [])

    def all_proposals(self) -> list[Proposal]:
        return sorted((p for p in self.files.values() if p.is_proposal), key=lambda p: (p.number is None, p.number or 0, p.path))

    def next_number(self) -> int:
        return max(self.by_number, default=0) + 1

    def add_file(self, path: Path, schema: Schema) -> bool:
        """(Re)read one file from disk; a file that cannot be read is removed."""
        lines = read_lines(path)
        if lines is None:
            return self.remove(path)
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        return self.put(scan(lines, schema, str(path.absolute()), mtime))

    def build(self, scopes: Iterable[Scope], between: Callable[[int, int], None] | None = None) -> None:
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
                if link.is_local and link.path and normal_path(os.path.join(folder, link.path)) == target:
                    yield entry, link.span


@dataclass
class CrossFile:
    """What a rule needs to look across files: the index and where the checked file lives."""

    index: Index
    path: str
    _own: tuple[object, Proposal] | None = None

    def own(self, lines: Sequence[str], schema: Schema) -> Proposal:
        """The checked document's own entry, from its current lines (cached per lines object)."""
        if self._own is None or self._own[0] is not lines:
            self._own = (lines, scan(lines, schema, self.path))
        return self._own[1]

    def resolve(self, link: Link) -> str:
        return normal_path(os.path.join(os.path.dirname(self.path), link.path))


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


def scope_for_folder(folder: Path, config_file: Path | None = None, overrides: object = None) -> Scope:
    """The scope of a folder under the configuration that applies there (as `check` resolves it)."""
    from pep_lsp.config import resolve, with_usable_template

    resolved = with_usable_template(resolve((folder / "_.md").absolute(), config_file=config_file, overrides=overrides))  # type: ignore[arg-type]
    return Scope(folder.absolute(), resolved.settings.schema(), resolved.include, resolved.exclude, resolved.root)


def workspace_for_check(paths: Sequence[str], config_file: Path | None = None, overrides: object = None) -> Callable[[Path, str], CrossFile]:
    """For `pep-lsp check`: index the paths given (a file brings its folder's files), then
    give each checked file its view of that index, with the file's own text put in first."""
    scopes = scopes_for_paths([Path(p) for p in paths], lambda folder: scope_for_folder(folder, config_file, overrides))
    index = Index(naming_of(scopes[0].schema) if scopes else Naming(None, None))
    index.build(scopes)

    def view(path: Path, text: str) -> CrossFile:
        return CrossFile(index, str(path.absolute()))

    return view
