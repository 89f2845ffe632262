"""The template is the specification: derive a schema from a template Markdown file.

Nothing in this module names a section, a field or a value. Header fields come from the
template's first fenced `Field: value` block; value sets from `[A | B | C]`; date formats from
`[DD-MM-YYYY]`; the section tree from its `##`/`###`/`####` headings; priorities from its
"Section Priority" list (any list of `**Level**: Section, Section` items naming sections);
instruction text from its italic lines; example content from its code blocks, table rows,
checklist items and links. The only vocabulary kept elsewhere is the status lifecycle, in
`data/vocabulary.toml`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (a dependency there)
    import tomli as tomllib


from pep_lsp.kinds import FieldKind
from pep_lsp.text import split_lines

PLACEHOLDER = re.compile(r"(?<![\\!\]])\[(?!\s?\]|[xX]\]|\^)([^\[\]\n]+)\](?![(\[:])")
"""`[text]` that is neither a link, a reference, a footnote nor a task-list box."""

INSTRUCTION_LINE = re.compile(r"^(\s*)(\*(?!\*)(?=\S)(.*?\S)\*)\s*$")
"""A line that is one italic span: `*...*` but not `**bold**`."""

HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]*?)\s*:[ \t]*(.*?)\s*$")
"""`Field: value` in a header block."""

_DATE_TOKENS = {"DD": r"(?P<day>\d{2})", "MM": r"(?P<month>\d{2})", "YYYY": r"(?P<year>\d{4})"}
_DATE_FORMAT = re.compile(r"^(DD|MM|YYYY)([-/.])(DD|MM|YYYY)\2(DD|MM|YYYY)$")
_MAX_LENGTH = re.compile(
    r"(\d+)\s+characters\s+or\s+(?:less|fewer)|at\s+most\s+(\d+)\s+characters", re.I
)
_WORD_LIMIT = re.compile(r"(?:\d+\s*-\s*(\d+)|under\s+(\d+)|at\s+most\s+(\d+))\s+words", re.I)
_PRIORITY_ITEM = re.compile(r"^\*\*([^*]+)\*\*\s*:\s*(.+)$")
_VERSION = re.compile(r"^\d+(?:\.\d+)+$")
_TASK_ITEM = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s+(.*\S)\s*$")
_HEADING_TAG = re.compile(r"^\s*\[[^\[\]]+\]\s*|\s*\[[^\[\]]+\]\s*$")
"""A bracketed tag at the start or end of a heading (`[COMPLETED]`, `[WIP]`)."""
THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
"""A `---` (or `***`, `___`) rule line."""


def new_markdown_parser() -> MarkdownIt:
    """CommonMark plus tables: what the model and the schema both parse with."""
    from markdown_it import MarkdownIt  # loaded when first needed (a derived schema is cached)

    return MarkdownIt("commonmark").enable("table")


def normalize_title(title: str) -> str:
    """Heading text compared loosely: case, spacing and trailing punctuation do not matter."""
    title = re.sub(r"\s+", " ", title.strip().strip("#").strip()).rstrip(":.").casefold()
    return title


def normalize_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def fold_placeholder(inner: str) -> str:
    """A placeholder's text compared loosely: case, spacing and the ellipsis character do not matter."""
    return normalize_text(inner.replace("\u2026", "...")).casefold()


def _placeholder_shapes(placeholders: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern for the template's numbered placeholders with any number in place of
    theirs, for any date format when the template has one as a placeholder, and for the
    template's quantity variables with another unit (`[X minutes]` after `[X weeks/months]`)."""
    alternatives: set[str] = set()
    for text in placeholders:
        if _DATE_FORMAT.match(text.upper()):
            alternatives.add(r"(?:dd|mm|yyyy)([-/.])(?:dd|mm|yyyy)\1(?:dd|mm|yyyy)")
        elif re.search(r"\d", text):
            alternatives.add(r"\d+".join(re.escape(part) for part in re.split(r"\d+", text)))
        variable = re.match(r"([a-z]) [a-z]", text)
        if variable:
            alternatives.add(re.escape(variable.group(1)) + r" [a-z].*")
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in sorted(alternatives)))


@dataclass(frozen=True)
class StatusValue:
    name: str
    stage: str
    meaning: str
    kind: str = ""  # "", or one of STATUS_KINDS: what the status says about the outcome


STATUS_KINDS = ("rejected", "withdrawn", "superseded")
"""The outcomes a status value may declare (`kind` in data/vocabulary.toml and `statuses`)."""


@dataclass(frozen=True)
class FieldSpec:
    """One header field as the template writes it."""

    name: str
    index: int
    template_value: str
    default: str | None
    placeholder: str | None
    choices: tuple[str, ...] = ()
    choice_meanings: tuple[str, ...] = ()
    date_format: str | None = None
    max_length: int | None = None
    kind: FieldKind = FieldKind.TEXT
    blank_in_draft: bool = False

    @property
    def date_pattern(self) -> re.Pattern[str] | None:
        return _date_regex(self.date_format) if self.date_format else None


@dataclass
class SectionSpec:
    """One heading of the template and what the template puts under it."""

    title: str
    level: int
    order: int
    line: int
    parent: SectionSpec | None = None
    children: list[SectionSpec] = field(default_factory=list)
    skeleton: str = ""
    instructions: tuple[str, ...] = ()
    priority: str | None = None
    word_limit: int | None = None
    is_author_instructions: bool = False
    title_pattern: re.Pattern[str] | None = None

    @property
    def key(self) -> str:
        return normalize_title(self.title)

    @property
    def has_placeholder_title(self) -> bool:
        return self.title_pattern is not None

    @property
    def path(self) -> str:
        return self.title if self.parent is None else f"{self.parent.path} > {self.title}"

    def matches(self, title: str) -> bool:
        if self.title_pattern is not None:
            return bool(self.title_pattern.match(title.strip()))
        return normalize_title(title) == self.key

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


@dataclass
class Schema:
    """Everything pep-lsp knows about the format, derived from one template file."""

    source_path: str
    fields: list[FieldSpec]
    sections: list[SectionSpec]  # every heading, in template order
    statuses: tuple[StatusValue, ...]
    status_field: str | None
    priority_severity: dict[str, str]
    instruction_lines: frozenset[str]
    example_code_blocks: frozenset[str]
    example_table_rows: frozenset[tuple[str, ...]]
    example_task_items: frozenset[str]
    example_hrefs: frozenset[str]
    # The labels of the link reference definitions the template writes (`[summary]: #summary`), folded.
    reference_labels: frozenset[str] = frozenset()
    header_fence: str = "```"
    placeholders: frozenset[str] = frozenset()  # the template's own `[...]` texts, folded
    placeholder_shapes: re.Pattern[str] | None = (
        None  # the same texts with other numbers, date formats
    )
    quoted_placeholders: frozenset[str] = (
        frozenset()
    )  # those the template writes inside a `>` quote
    field_by_key: dict[str, FieldSpec] = field(default_factory=dict)
    _found: dict[tuple[int, str], SectionSpec | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.field_by_key = {f.name.casefold(): f for f in self.fields}

    @property
    def top_sections(self) -> list[SectionSpec]:
        return [s for s in self.sections if s.parent is None]

    @property
    def checked_sections(self) -> list[SectionSpec]:
        """Sections a finished document should have (the author-instructions one excluded)."""
        return [s for s in self.sections if not within_author_instructions(s)]

    def is_placeholder(self, inner: str) -> bool:
        """Is `[inner]` one of the template's placeholders: its exact text (case and spacing
        aside), the same text with other numbers (`Metric 7` for `Metric 1`), or a date format
        when the template asks for one? Real prose keeps its other brackets: citations,
        indexes, tags, intervals and shortcut links are not questions the template asked."""
        folded = fold_placeholder(inner)
        if folded in self.placeholders:
            return True
        return (
            self.placeholder_shapes is not None
            and self.placeholder_shapes.fullmatch(folded) is not None
        )

    def field(self, name: str) -> FieldSpec | None:
        return self.field_by_key.get(name.strip().casefold())

    def status(self, name: str) -> StatusValue | None:
        folded = name.strip().casefold()
        return next((s for s in self.statuses if s.name.casefold() == folded), None)

    def children_of(self, parent: SectionSpec | None) -> list[SectionSpec]:
        return self.top_sections if parent is None else parent.children

    def find_section(self, title: str, parent: SectionSpec | None) -> SectionSpec | None:
        """The template section a document heading stands for, under a given parent (memoised)."""
        key = (id(parent), title)
        try:
            return self._found[key]
        except KeyError:
            found = self._find_section(title, parent)
            if len(self._found) > 50_000:
                self._found.clear()
            self._found[key] = found
            return found

    def _find_section(self, title: str, parent: SectionSpec | None) -> SectionSpec | None:
        candidates = self.children_of(parent)
        exact = next(
            (s for s in candidates if not s.has_placeholder_title and s.matches(title)), None
        )
        found = exact or next(
            (s for s in candidates if s.has_placeholder_title and s.matches(title)), None
        )
        if found is None and _HEADING_TAG.search(title):
            # `## Implementation [COMPLETED]`: a status tag the author added is not part of the title.
            untagged = _HEADING_TAG.sub("", title)
            found = next(
                (s for s in candidates if not s.has_placeholder_title and s.matches(untagged)), None
            )
        return found

    @property
    def author_instructions(self) -> SectionSpec | None:
        return next((s for s in self.sections if s.is_author_instructions), None)

    @property
    def date_fields(self) -> list[FieldSpec]:
        return [f for f in self.fields if f.kind == "date"]


def within_author_instructions(section: SectionSpec | None) -> bool:
    """Is this section the author-instructions one, or under it?"""
    node: SectionSpec | None = section
    while node is not None:
        if node.is_author_instructions:
            return True
        node = node.parent
    return False


@lru_cache(maxsize=8)
def _date_regex(date_format: str) -> re.Pattern[str]:
    match = _DATE_FORMAT.match(date_format)
    assert match, date_format
    a, sep, b, c = match.groups()
    return re.compile(
        "^"
        + _DATE_TOKENS[a]
        + re.escape(sep)
        + _DATE_TOKENS[b]
        + re.escape(sep)
        + _DATE_TOKENS[c]
        + "$"
    )


def format_date(date_format: str, year: int, month: int, day: int) -> str:
    return (
        date_format.replace("YYYY", f"{year:04d}")
        .replace("MM", f"{month:02d}")
        .replace("DD", f"{day:02d}")
    )


class TemplateError(ValueError):
    """A template that cannot serve as a specification (no header block, no sections)."""


def _load_vocabulary() -> dict:
    data = resources.files("pep_lsp").joinpath("data/vocabulary.toml").read_text(encoding="utf-8")
    return tomllib.loads(data)


@lru_cache(maxsize=1)
def draft_placeholder_fields() -> frozenset[str]:
    """Header fields (casefolded) a Draft may leave as the template's placeholder, from
    `data/vocabulary.toml` (`[draft] keep-placeholder`)."""
    return frozenset(
        name.casefold() for name in _load_vocabulary().get("draft", {}).get("keep-placeholder", [])
    )


def _field_spec(
    name: str, index: int, value: str, status_field: str | None, statuses: tuple[StatusValue, ...]
) -> FieldSpec:
    value = value.strip()
    bracketed = re.fullmatch(r"\[(.*)\]", value)
    placeholder = bracketed.group(1).strip() if bracketed else None
    default = None if bracketed else (value or None)
    if status_field and name.casefold() == status_field.casefold():
        return FieldSpec(
            name,
            index,
            value,
            default,
            placeholder,
            kind=FieldKind.CHOICE,
            choices=tuple(s.name for s in statuses),
            choice_meanings=tuple(s.meaning for s in statuses),
        )
    if placeholder is not None:
        if "|" in placeholder:
            choices = tuple(part.strip() for part in placeholder.split("|") if part.strip())
            return FieldSpec(
                name, index, value, default, placeholder, choices=choices, kind=FieldKind.CHOICE
            )
        if _DATE_FORMAT.match(placeholder):
            return FieldSpec(
                name,
                index,
                value,
                default,
                placeholder,
                date_format=placeholder,
                kind=FieldKind.DATE,
            )
        blank = bool(re.search(r"leave\s+blank", placeholder, re.I))
        if re.search(r"<[^<>@\s]+@[^<>\s]+>", placeholder):
            return FieldSpec(
                name,
                index,
                value,
                default,
                placeholder,
                kind=FieldKind.PEOPLE,
                blank_in_draft=blank,
            )
        if re.match(r"number\b", placeholder, re.I):
            return FieldSpec(
                name,
                index,
                value,
                default,
                placeholder,
                kind=FieldKind.NUMBER,
                blank_in_draft=blank,
            )
        length = _MAX_LENGTH.search(placeholder)
        max_length = int(length.group(1) or length.group(2)) if length else None
        return FieldSpec(
            name, index, value, default, placeholder, max_length=max_length, blank_in_draft=blank
        )
    if default and _VERSION.match(default):
        return FieldSpec(name, index, value, default, None, kind=FieldKind.VERSION)
    return FieldSpec(name, index, value, default, None)


def _title_pattern(title: str) -> re.Pattern[str] | None:
    if not PLACEHOLDER.search(title):
        return None
    parts = PLACEHOLDER.split(title)
    # split() alternates literal text and placeholder contents.
    regex = "".join(re.escape(part) if i % 2 == 0 else r".+" for i, part in enumerate(parts))
    return re.compile("^" + regex.strip() + "$", re.I)


def _strip_trailing(lines: list[str]) -> list[str]:
    while lines and (not lines[-1].strip() or THEMATIC_BREAK.match(lines[-1])):
        lines = lines[:-1]
    return lines


def default_statuses() -> tuple[StatusValue, ...]:
    """The bundled Status lifecycle (`data/vocabulary.toml`), which the `statuses` option replaces or extends."""
    return _default_statuses()


@lru_cache(maxsize=1)
def _default_statuses() -> tuple[StatusValue, ...]:
    table = _load_vocabulary().get("status", {})
    return tuple(
        StatusValue(v["name"], v["stage"], v.get("meaning", ""), v.get("kind", ""))
        for v in table.get("values", [])
    )


def parse_template(
    text: str, source_path: str = "<template>", statuses: tuple[StatusValue, ...] | None = None
) -> Schema:
    """Derive the schema from a template's text. Raises TemplateError when it has no usable shape.

    `statuses` is the Status vocabulary to use; None means the bundled one.
    """
    vocabulary = _load_vocabulary()
    status_table = vocabulary.get("status", {})
    if statuses is None:
        statuses = default_statuses()
    status_field = status_table.get("field")
    priority_severity = dict(vocabulary.get("priority", {}))

    lines, _ = split_lines(text)
    env: dict = {}
    tokens = new_markdown_parser().parse("\n".join(lines), env)

    fields: list[FieldSpec] = []
    header_fence = "```"
    sections: list[SectionSpec] = []
    code_blocks: set[str] = set()
    table_rows: set[tuple[str, ...]] = set()
    hrefs: set[str] = set()
    task_items: set[str] = set()
    header_found = False
    priority_items: list[tuple[str, str]] = []
    priority_item_line: int | None = None

    code_lines: set[int] = set()
    quoted_lines: set[int] = set()
    in_table_body = False
    for index, token in enumerate(tokens):
        if token.type in ("fence", "code_block") and token.map:
            code_lines.update(range(*token.map))
        if token.type == "blockquote_open" and token.map:
            quoted_lines.update(range(*token.map))
        if token.type == "fence" and token.map:
            body = [line for line in token.content.split("\n") if line.strip()]
            if not header_found and body and all(HEADER_LINE.match(line) for line in body):
                header_found = True
                header_fence = token.markup
                for line in body:
                    match = HEADER_LINE.match(line)
                    assert match
                    fields.append(
                        _field_spec(
                            match.group(1),
                            len(fields),
                            match.group(2) or "",
                            status_field,
                            statuses,
                        )
                    )
            else:
                normalized = normalize_code(token.content)
                if normalized:
                    code_blocks.add(normalized)
        elif token.type == "heading_open" and token.map and token.tag in ("h2", "h3", "h4"):
            title = tokens[index + 1].content.strip()
            sections.append(
                SectionSpec(
                    title=title, level=int(token.tag[1]), order=len(sections), line=token.map[0]
                )
            )
        elif token.type == "tbody_open":
            in_table_body = True
        elif token.type == "tbody_close":
            in_table_body = False
        elif token.type == "tr_open" and in_table_body and token.map:
            row_text = lines[token.map[0]]
            if not PLACEHOLDER.search(row_text):
                table_rows.add(table_cells(row_text))
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "link_open":
                    href = str(child.attrs.get("href", ""))
                    if href:
                        hrefs.add(href)
            match = _PRIORITY_ITEM.match(token.content.strip())
            if match and token.map:
                priority_items.append((match.group(1).strip(), match.group(2).strip()))
                priority_item_line = token.map[0]
            if token.map:
                for line_no in range(token.map[0], token.map[1]):
                    task = _TASK_ITEM.match(lines[line_no])
                    if task and not PLACEHOLDER.search(task.group(1)):
                        task_items.add(normalize_text(task.group(1)))

    if not fields:
        raise TemplateError(
            f"{source_path}: no header block (a fenced block of 'Field: value' lines) found"
        )
    if not sections:
        raise TemplateError(f"{source_path}: no '##' sections found")

    _link_tree(sections, lines)
    _fill_section_text(sections, lines)
    _apply_priorities(sections, priority_items, priority_item_line)

    instruction_lines = frozenset(
        normalize_text(line) for section in sections for line in section.instructions
    )
    placeholders = frozenset(_template_placeholders(lines, code_lines, fields))
    quoted = [line for number, line in enumerate(lines) if number in quoted_lines]
    quoted_placeholders = frozenset(_template_placeholders(quoted, set(), []))
    return Schema(
        source_path=source_path,
        fields=fields,
        sections=sections,
        statuses=statuses,
        status_field=status_field,
        priority_severity=priority_severity,
        instruction_lines=instruction_lines,
        example_code_blocks=frozenset(code_blocks),
        example_table_rows=frozenset(table_rows),
        example_task_items=frozenset(task_items),
        example_hrefs=frozenset(hrefs),
        reference_labels=frozenset(label.casefold() for label in env.get("references", {})),
        header_fence=header_fence,
        placeholders=placeholders,
        placeholder_shapes=_placeholder_shapes(placeholders),
        quoted_placeholders=quoted_placeholders,
    )


def _template_placeholders(
    lines: list[str], code_lines: set[int], fields: list[FieldSpec]
) -> set[str]:
    """Every `[...]` the template writes outside code (header values, instructions, lists,
    tables, headings), folded: what a leftover placeholder looks like."""
    found = {fold_placeholder(f.placeholder) for f in fields if f.placeholder}
    for number, line in enumerate(lines):
        if number in code_lines or "[" not in line:
            continue
        found.update(fold_placeholder(match.group(1)) for match in PLACEHOLDER.finditer(line))
    found.discard("")
    return found


def table_cells(row: str) -> tuple[str, ...]:
    """A table row's cells, stripped, so spacing differences still match."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return tuple(normalize_text(cell) for cell in row.split("|"))


def normalize_code(content: str) -> str:
    """Code-block content compared loosely: trailing spaces and outer blank lines do not matter."""
    return "\n".join(line.rstrip() for line in content.strip("\n").split("\n")).strip("\n")


def _link_tree(sections: list[SectionSpec], lines: list[str]) -> None:
    stack: list[SectionSpec] = []
    for section in sections:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        if stack:
            section.parent = stack[-1]
            stack[-1].children.append(section)
        section.title_pattern = _title_pattern(section.title)
        stack.append(section)


def _fill_section_text(sections: list[SectionSpec], lines: list[str]) -> None:
    for position, section in enumerate(sections):
        end = len(lines)
        for later in sections[position + 1 :]:
            if later.level <= section.level:
                end = later.line
                break
        section.skeleton = "\n".join(_strip_trailing(lines[section.line : end]))
        own_end = sections[position + 1].line if position + 1 < len(sections) else end
        own_lines = lines[section.line + 1 : min(own_end, end)]
        section.instructions = tuple(
            match.group(3)
            for match in (INSTRUCTION_LINE.match(line) for line in own_lines)
            if match
        )
        for instruction in section.instructions:
            limit = _WORD_LIMIT.search(instruction)
            if limit:
                section.word_limit = int(next(g for g in limit.groups() if g))
                break


def _apply_priorities(
    sections: list[SectionSpec], items: list[tuple[str, str]], item_line: int | None
) -> None:
    """Read the priority list: `**Level**: Title, Title` or `**Level**: All <section title>`."""
    by_key = {}
    for section in sections:
        by_key.setdefault(section.key, section)
    recognised = False
    for level, names in items:
        for name in names.split(","):
            name = re.sub(r"\(.*?\)", "", name).strip()
            all_of = re.match(r"all\s+(.+)$", name, re.I)
            if all_of:
                # "All appendices": the Appendices section and every subsection of it.
                parent = by_key.get(normalize_title(all_of.group(1)))
                targets = [parent, *parent.children] if parent else []
            else:
                target = by_key.get(normalize_title(name))
                targets = [target] if target else []
            for target in targets:
                target.priority = level.casefold()
                recognised = True
    if recognised and item_line is not None:
        holder = None
        for section in sections:
            if section.line <= item_line and section.level == 2:
                holder = section
        if holder is not None:
            holder.is_author_instructions = True


def load_template(
    path: str | Path | None = None, statuses: tuple[StatusValue, ...] | None = None
) -> Schema:
    """The schema of a template file, or of the bundled PEP template when `path` is None.

    Cached by path, modification time and status vocabulary: an edited template gives a new
    schema on the next call, an unchanged one the same object.
    """
    if path is None:
        return default_schema() if statuses is None else _load_default(statuses)
    path = Path(path)
    return _load_path(str(path.resolve()), path.stat().st_mtime_ns, statuses)


@lru_cache(maxsize=16)
def _load_path(path: str, _mtime: int, statuses: tuple[StatusValue, ...] | None) -> Schema:
    return _derive(Path(path).read_text(encoding="utf-8"), path, statuses)


@lru_cache(maxsize=4)
def _load_default(statuses: tuple[StatusValue, ...]) -> Schema:
    return _derive(_bundled_text(), "pep_lsp/templates/pep.md", statuses)


def _bundled_text() -> str:
    return resources.files("pep_lsp").joinpath("templates/pep.md").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def default_schema() -> Schema:
    """The bundled template's schema, built once when it is first needed."""
    return _derive(_bundled_text(), "pep_lsp/templates/pep.md", None)


def _derive(text: str, source: str, statuses: tuple[StatusValue, ...] | None) -> Schema:
    """`parse_template`, or its result kept on disk for the same text and code (schema_cache.py)."""
    from pep_lsp.schema_cache import cached

    return cached(
        "schema", (text, source, statuses), lambda: parse_template(text, source, statuses)
    )
