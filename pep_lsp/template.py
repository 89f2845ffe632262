"""The template is the specification: derive a schema from a template Markdown file.

Nothing in this module names a process, a section, a field or a value. The header's form and
fields come from the template's header, whichever form it takes (`schema/header_forms.py`: a
fenced `Field: value` block, YAML front matter, a leading bullet list, or none); value sets
from `[A | B | C]`, `<A, B, or C>` or `**A** or **B**`; date formats from `[DD-MM-YYYY]`,
`yyyy-mm-dd` or "ISO 8601"; the section tree from its `##`/`###`/`####` headings; priorities
from its "Section Priority" list (any list of `**Level**: Section, Section` items naming
sections), else from what its instructions say (optional, required), else from the
configuration's tables; instructions and placeholders the way the template writes them
(`schema/conventions.py`: italic lines, HTML comments or plain prose; `[...]`, `<...>`,
`(fill me in ...)`, `NNNN`, `TBD`); example content from its code blocks, table rows,
checklist items and links. The phrases that say "optional" or "placeholder" and the status
lifecycle are data, in `data/vocabulary.toml`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


from pep_lsp.kinds import FieldKind
from pep_lsp.schema import conventions, header_forms
from pep_lsp.schema.conventions import Placeholders
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
HEADER_FORM_TEXT = {
    header_forms.FENCE: "a fenced block of 'Field: value' lines",
    header_forms.FRONT_MATTER: "YAML front matter between '---' lines",
    header_forms.BULLETS: "a leading list of '- Field: value' items",
    header_forms.NONE: "no header",
}
"""Each header form as messages and `template show` name it."""
PROPOSAL_MIN_FIELDS = 2
"""A header names at least this many of the template's fields (a README's `name:` is none)."""
THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
"""A `---` (or `***`, `___`) rule line."""


def new_markdown_parser() -> MarkdownIt:
    """CommonMark plus tables: what the model and the schema both parse with."""
    from markdown_it import MarkdownIt  # loaded when first needed (a derived schema is cached)

    return MarkdownIt("commonmark").enable("table")


def normalize_title(title: str) -> str:
    """Heading text compared loosely: case, spacing, `-` or `_` between words and trailing
    punctuation do not matter (`Guide-level explanation` is `Guide Level Explanation`)."""
    title = title.strip().strip("#").strip()
    title = re.sub(r"(?<=\w)[-_](?=\w)", " ", title)
    return re.sub(r"\s+", " ", title).rstrip(":.").casefold()


def heading_key(title: str) -> str:
    """A heading compared loosely, without a trailing note the template uses to mark a
    section optional (`User Stories (Optional)` is `User Stories`). Remembered per title:
    finding a heading's section compares its key with every candidate's (and theirs are
    asked again for each heading), which made this most of a first open's section tree."""
    key = _heading_keys.get(title)
    if key is None:
        if len(_heading_keys) >= _MAX_HEADING_KEYS:
            _heading_keys.clear()
        key = _heading_keys[title] = normalize_title(_strip_optional_note(title))
    return key


_heading_keys: dict[str, str] = {}
_MAX_HEADING_KEYS = 50_000


def _strip_optional_note(title: str) -> str:
    note = _TRAILING_NOTE.search(title)
    if note and _is_optional_mark(note.group(1)):
        return title[: note.start()]
    return title


def _is_optional_mark(text: str) -> bool:
    return conventions.fold(conventions.strip_emphasis(text)) in _folded_optional_marks()


@lru_cache(maxsize=1)
def _folded_optional_marks() -> frozenset[str]:
    return frozenset(conventions.fold(mark) for mark in convention_phrases("optional-mark"))


_VALUE_MARK = re.compile(r"^(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1\s*")
"""An emphasised note opening a field's value (`*if applicable* [Name](url)`)."""


_TRAILING_NOTE = re.compile(r"\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$")


def normalize_text(text: str) -> str:
    """Runs of whitespace as one space, none at the ends (`re.sub(r"\\s+", " ", text).strip()`:
    `\\s` and `str.split` know the same whitespace)."""
    return " ".join(text.split())


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
    """A value of the status field and the lifecycle stage it belongs to."""

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
    # required | optional | conditional: as the template writes it (`# Only required for ...`,
    # `*if applicable*`) or the configuration's `fields` table says.
    presence: str = "required"
    note: str = ""  # what the template says beside the field (a YAML comment), for hover
    blank_number: bool = False  # the template's value holds a number left blank (`#0000`)
    placeholder_text: str | None = None  # the whole placeholder as written (`<URL>`, `[...]`)
    in_template: bool = True  # False: added by the configuration's `fields` table

    @property
    def required(self) -> bool:
        return self.presence == "required"

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
    # The template (or the configuration) says the section may be left out: `(Optional)`
    # after its heading, "This section is optional" in its instructions. `condition` holds
    # the words of a conditional one ("optional for non-Core EIPs"), which counts as optional.
    optional: bool = False
    condition: str = ""
    aliases: tuple[str, ...] = ()  # other titles the configuration accepts for it
    placeholder_body: str | None = None  # the text its instructions call a placeholder

    @property
    def key(self) -> str:
        return heading_key(self.title)

    @property
    def has_placeholder_title(self) -> bool:
        return self.title_pattern is not None

    @property
    def path(self) -> str:
        return self.title if self.parent is None else f"{self.parent.path} > {self.title}"

    def matches(self, title: str) -> bool:
        if self.title_pattern is not None:
            return bool(self.title_pattern.match(title.strip()))
        key = heading_key(title)
        return key == self.key or any(key == heading_key(alias) for alias in self.aliases)

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
    # How the template writes its header (header_forms: fence, front-matter, bullets, none),
    # its instructions (conventions: italic, comment, prose) and its other blanks.
    header_form: str = header_forms.FENCE
    instruction_style: str = conventions.ITALIC
    instruction_keys: frozenset[str] = frozenset()  # comment or prose lines, see conventions
    blanks: Placeholders = field(default_factory=Placeholders)
    blank_pattern: re.Pattern[str] | None = None  # conventions.placeholder_regex(blanks)
    has_priority_list: bool = False  # the template has its own "Section Priority" list
    bullet_marker: str = "-"  # a bullet header's item marker
    # The template's `#` title when it holds a number left blank (`# KEP-NNNN: Your title`):
    # a document titled so (`# KEP-1287: In-place update`) is one of its proposals.
    proposal_title: re.Pattern[str] | None = None
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
        found = self.field_by_key.get(name.strip().casefold())
        if found is None and self.header_form != header_forms.FENCE:
            folded = header_forms.fold_field_name(name)
            found = next(
                (f for f in self.fields if header_forms.fold_field_name(f.name) == folded), None
            )
        return found

    @property
    def has_header(self) -> bool:
        return self.header_form != header_forms.NONE

    def titles_a_proposal(self, title: str) -> bool:
        """Is a `#` title in the template's title form (its number filled in)?"""
        return self.proposal_title is not None and bool(self.proposal_title.match(title.strip()))

    def header_line(self, name: str, value: str) -> str:
        """One field as the template's header form writes it (`Name: value`, `- Name: value`)."""
        text = f"{name}: {value}".rstrip()
        if self.header_form == header_forms.BULLETS:
            return f"{self.bullet_marker} {text}"
        return text

    def header_skeleton(self) -> str:
        """The template's header, every field with its template value, in the template's form."""
        body = [self.header_line(f.name, f.template_value) for f in self.fields if f.in_template]
        if self.header_form == header_forms.FRONT_MATTER:
            return "\n".join(["---", *body, "---"])
        if self.header_form == header_forms.BULLETS:
            return "\n".join(body)
        return "\n".join([self.header_fence, *body, self.header_fence])

    @property
    def header_form_text(self) -> str:
        """How the template's header is written, for messages."""
        return HEADER_FORM_TEXT.get(self.header_form, self.header_form)

    def is_proposal_header(self, names: Iterable[str], template_sections: int) -> bool:
        """Does a header in the template's form make its document a proposal? It names at
        least `PROPOSAL_MIN_FIELDS` of the template's fields, and the document has one of the
        template's sections or at least half of its required fields: a stub that only
        points elsewhere (five lines of front matter, no section) is not one."""
        known = {f.name for name in names if (f := self.field(name)) is not None}
        if len(known) < PROPOSAL_MIN_FIELDS:
            return False
        if template_sections:
            return True
        required = [f for f in self.fields if f.required]
        return 2 * len(known & {f.name for f in required}) >= len(required)

    def suggest_section(self, title: str, parent: SectionSpec | None) -> SectionSpec | None:
        """The template section a heading that matches none most likely means (`Guilde-level
        explanation`, `Detail Design`): close in spelling, or the same words but one."""
        key = heading_key(title)
        candidates = [s for s in self.children_of(parent) if not s.has_placeholder_title]
        keys = {s.key: s for s in candidates}
        import difflib  # (loaded for a near miss only)

        close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.8)
        if close:
            return keys[close[0]]
        words = set(key.split())
        for spec in candidates:
            theirs = set(spec.key.split())
            if len(theirs) >= 2 and len(words ^ theirs) <= 1 and len(words & theirs) >= 1:
                return spec
        return None

    def choice_of(self, spec: FieldSpec, value: str) -> str | None:
        """The choice a field's value names as written: the same text once emphasis and a
        trailing note in parentheses are set aside (`**Implemented (Swift 5.9)**`); case
        counts (a difference of case is a value to correct)."""
        written = conventions.strip_emphasis(value).strip()
        for candidate in (written, _TRAILING_NOTE.sub("", written).strip()):
            if candidate in spec.choices:
                return candidate
        return None

    def status(self, name: str) -> StatusValue | None:
        """The status a value names, read as written: without emphasis, and without a note
        in parentheses after it (`**Implemented (Swift 5.9)**` is Implemented)."""
        value = conventions.strip_emphasis(name).strip()
        for candidate in (value, _TRAILING_NOTE.sub("", value)):
            folded = candidate.strip().casefold()
            found = next((s for s in self.statuses if s.name.casefold() == folded), None)
            if found is not None:
                return found
        return None

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
        return [f for f in self.fields if f.kind == FieldKind.DATE]


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


def _package_text(name: str) -> str:
    """A data file of the package, read from beside this module: `importlib.resources` would
    add ~10 ms of imports to every `check` for the same bytes."""
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _load_vocabulary() -> dict[str, Any]:
    """`data/vocabulary.toml`, parsed (read-only: callers copy what they change). Kept on disk
    beside the schema (schema_cache.py): importing tomllib costs more than checking a file."""
    from pep_lsp.schema_cache import cached

    text = _package_text("data/vocabulary.toml")
    return cached("vocabulary", (text,), lambda: _parse_toml(text))


def toml_parser() -> ModuleType:
    """`tomllib` (Python 3.10: `tomli`, the same parser from PyPI, a dependency there),
    imported when first needed: a folder without configuration never needs it."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    return tomllib


def _parse_toml(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = toml_parser().loads(text)
    return loaded


@lru_cache(maxsize=1)
def draft_placeholder_fields() -> frozenset[str]:
    """Header fields (casefolded) a Draft may leave as the template's placeholder, from
    `data/vocabulary.toml` (`[draft] keep-placeholder`)."""
    return frozenset(
        name.casefold() for name in _load_vocabulary().get("draft", {}).get("keep-placeholder", [])
    )


@lru_cache(maxsize=1)
def _conventions() -> dict[str, tuple[str, ...]]:
    table = _load_vocabulary().get("conventions", {})
    return {key: tuple(str(v) for v in value) for key, value in table.items()}


def convention_phrases(kind: str) -> tuple[str, ...]:
    """The phrases (`data/vocabulary.toml`, `[conventions]`) that say a section or field is
    `optional`, `conditional` or `required`, or that its text is a `placeholder`."""
    return _conventions().get(kind, ())


def presence_of(text: str) -> tuple[str, str]:
    """("conditional" | "optional" | "required" | "", the sentence that says so) from what a
    template writes beside a field or in a section's instructions."""
    for presence in ("conditional", "optional", "required"):
        phrase = conventions.phrase_in(text, convention_phrases(presence))
        if phrase is not None:
            sentence = next(
                (
                    part.strip()
                    for part in re.split(r"(?<=[.!?])\s+", conventions.strip_emphasis(text))
                    if conventions.fold(phrase) in conventions.fold(part)
                ),
                phrase,
            )
            return presence, sentence
    return "", ""


_LIST_CHOICES = re.compile(r"^([^,]+?(?:,\s*[^,]+?)*),?\s+or\s+([^,]+)$")
_BOLD_CHOICE = re.compile(r"\*\*([^*]+)\*\*")
_ANY_DATE = re.compile(r"\b(dd|mm|yyyy)([-/.])(dd|mm|yyyy)\2(dd|mm|yyyy)\b", re.I)
_ISO_DATE = re.compile(r"\biso[ -]?8601\b", re.I)
_CHOICE_WORDS = 4
_HANDLE = re.compile(r"\(@\w")
"""A `(@handle)` example: the people field also takes names without an email."""


def _choices(placeholder: str) -> tuple[str, ...]:
    """`Standard | Informational | Process`, or `Standards Track, Meta, or Informational`:
    the values a field takes (each a short capitalised name)."""
    if "|" in placeholder:
        return tuple(part.strip() for part in placeholder.split("|") if part.strip())
    listed = _LIST_CHOICES.match(placeholder.strip())
    if listed:
        items = [p.strip() for p in listed.group(1).split(",")] + [listed.group(2).strip()]
        if len(items) >= 2 and all(
            item[:1].isupper() and len(item.split()) <= _CHOICE_WORDS for item in items
        ):
            return tuple(items)
    return ()


def _bold_choices(value: str) -> tuple[str, ...]:
    """`**A** or **B**`: a value written as emphasised alternatives."""
    found = _BOLD_CHOICE.findall(value)
    rest = _BOLD_CHOICE.sub("", value)
    if len(found) >= 2 and not re.sub(r"\b(?:or|and)\b|[,()\s]", "", rest):
        return tuple(item.strip() for item in found)
    return ()


def _date_format(placeholder: str) -> str | None:
    if _DATE_FORMAT.match(placeholder):
        return placeholder
    found = _ANY_DATE.search(placeholder)
    if found:
        return found.group(0).upper()
    return "YYYY-MM-DD" if _ISO_DATE.search(placeholder) else None


def _field_spec(
    name: str,
    index: int,
    value: str,
    status_field: str | None,
    statuses: tuple[StatusValue, ...],
    note: str = "",
) -> FieldSpec:
    """One field from its template line: its kind from the value's shape, whether it is
    required from what the template writes beside it (`note`) or in it (`*if applicable*`)."""
    value = value.strip()
    presence, _ = presence_of(note) if note else ("", "")
    mark = _VALUE_MARK.match(value)
    if mark and _is_optional_mark(mark.group(2)):
        # `Bug: *if applicable* [apple/swift#NNNNN](...)`: the mark is not part of the value.
        value = value[mark.end() :].strip()
        presence = presence or "optional"
    spec = _field_kind(name, index, value, status_field, statuses)
    blank_number = conventions.has_blank_number(value)
    if blank_number and spec.default == value:
        # `[rust-lang/rfcs#0000](...)`: an example with its number left blank, no default.
        spec = replace(spec, default=None)
    return replace(
        spec,
        presence=presence or "required",
        note=note,
        blank_number=blank_number,
        placeholder_text=value if spec.placeholder is not None or blank_number else None,
    )


def _field_kind(
    name: str, index: int, value: str, status_field: str | None, statuses: tuple[StatusValue, ...]
) -> FieldSpec:
    blank = conventions.whole_value_placeholder(value)
    placeholder = blank[1] if blank else None
    if placeholder is None and conventions.is_token_blank(value):
        placeholder = value
    default = None if placeholder is not None else (value or None)
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
    bold = _bold_choices(value)
    if bold:
        return FieldSpec(name, index, value, None, None, choices=bold, kind=FieldKind.CHOICE)
    if placeholder is not None:
        choices = _choices(placeholder)
        if choices:
            return FieldSpec(
                name, index, value, default, placeholder, choices=choices, kind=FieldKind.CHOICE
            )
        date_format = _date_format(placeholder)
        if date_format:
            return FieldSpec(
                name,
                index,
                value,
                default,
                placeholder,
                date_format=date_format,
                kind=FieldKind.DATE,
            )
        blank_ok = bool(re.search(r"leave\s+blank", placeholder, re.I))
        if re.search(r"<[^<>@\s]+@[^<>\s]+>", placeholder) and not _HANDLE.search(placeholder):
            return FieldSpec(
                name,
                index,
                value,
                default,
                placeholder,
                kind=FieldKind.PEOPLE,
                blank_in_draft=blank_ok,
            )
        if re.match(r"number\b", placeholder, re.I):
            return FieldSpec(
                name,
                index,
                value,
                default,
                placeholder,
                kind=FieldKind.NUMBER,
                blank_in_draft=blank_ok,
            )
        length = _MAX_LENGTH.search(placeholder)
        max_length = int(length.group(1) or length.group(2)) if length else None
        return FieldSpec(
            name,
            index,
            value,
            default,
            placeholder,
            max_length=max_length,
            blank_in_draft=blank_ok,
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


@dataclass(frozen=True)
class TemplateTables:
    """What the configuration adds to a template that does not say it (all optional):

    - `sections`: (title, level) pairs: a priority level of the template's list or of
      `data/vocabulary.toml` `[priority]` (`essential`, `important`, `optional`), or
      `not-required`;
    - `aliases`: (written title, template title) pairs: a heading the process renamed;
    - `fields`: (name, kind, presence) triples: a field the template does not show (`eip`),
      or another kind or presence for one it does (presence `required`, `optional`,
      `conditional`; kind `text`, `number`, `date`, `people`, `version` or empty to keep).
    """

    sections: tuple[tuple[str, str], ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    fields: tuple[tuple[str, str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.sections or self.aliases or self.fields)


NOT_REQUIRED = "not-required"
FIELD_KINDS = ("text", "number", "date", "people", "version")
PRESENCES = ("required", "optional", "conditional")


def parse_template(
    text: str,
    source_path: str = "<template>",
    statuses: tuple[StatusValue, ...] | None = None,
    tables: TemplateTables | None = None,
) -> Schema:
    """Derive the schema from a template's text. Raises TemplateError when it has no usable shape.

    `statuses` is the Status vocabulary to use; None means the bundled one. `tables` is what
    the configuration adds (section priorities, aliases, fields).
    """
    vocabulary = _load_vocabulary()
    status_table = vocabulary.get("status", {})
    if statuses is None:
        statuses = default_statuses()
    status_field = status_table.get("field")
    priority_severity = dict(vocabulary.get("priority", {}))

    lines, _ = split_lines(text)
    raw_header = header_forms.read_front_matter(lines) or header_forms.read_bullet_header(lines)
    parsed_lines = list(lines)
    if raw_header is not None:
        # The header is not Markdown to read: front matter would be a rule and a heading.
        for number in range(raw_header.start, raw_header.end + 1):
            parsed_lines[number] = ""
    env: dict[str, Any] = {}
    tokens = new_markdown_parser().parse("\n".join(parsed_lines), env)

    fields: list[FieldSpec] = []
    if raw_header is not None:
        for raw_field in raw_header.fields:
            fields.append(
                _field_spec(
                    raw_field.name,
                    len(fields),
                    raw_field.value,
                    status_field,
                    statuses,
                    raw_field.comment,
                )
            )
    header_fence = "```"
    sections: list[SectionSpec] = []
    code_blocks: set[str] = set()
    table_rows: set[tuple[str, ...]] = set()
    hrefs: set[str] = set()
    task_items: set[str] = set()
    header_found = raw_header is not None
    priority_items: list[tuple[str, str]] = []
    priority_item_line: int | None = None

    proposal_title: re.Pattern[str] | None = None
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
        elif token.type == "heading_open" and token.tag == "h1" and proposal_title is None:
            proposal_title = _proposal_title(tokens[index + 1].content)
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

    if not sections:
        raise TemplateError(f"{source_path}: no '##' sections found")
    bullet_marker = "-"
    if raw_header is not None:
        header_form = raw_header.form
        if header_form == header_forms.BULLETS:
            bullet_marker = lines[raw_header.start].lstrip()[:1]
    else:
        header_form = header_forms.FENCE if fields else header_forms.NONE

    _link_tree(sections, parsed_lines)
    _fill_section_text(sections, parsed_lines)
    has_priority_list = _apply_priorities(sections, priority_items, priority_item_line)

    instruction_lines = frozenset(
        normalize_text(line) for section in sections for line in section.instructions
    )
    style, instruction_keys, literals = _derive_instructions(
        sections, parsed_lines, code_lines, instruction_lines
    )
    for section in sections:
        _derive_presence(section, priority_severity, has_priority_list)
    if style == conventions.COMMENT:
        # Outside its comments such a template writes what documents keep (a licence line, a
        # key-words paragraph, a checklist) or a placeholder it names: no example content.
        code_blocks, table_rows, task_items, hrefs = set(), set(), set(), set()
    elif style == conventions.PROSE:
        hrefs = set()  # links in prose instructions are citations a document may share
    if tables is not None and not tables.empty:
        fields = _apply_tables(sections, fields, tables, priority_severity)
    blanks = conventions.derive_placeholders(
        [f.template_value for f in fields if f.in_template],
        [line for number, line in enumerate(parsed_lines) if number not in code_lines],
        literals,
    )
    placeholders = frozenset(_template_placeholders(parsed_lines, code_lines, fields))
    quoted = [line for number, line in enumerate(parsed_lines) if number in quoted_lines]
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
        header_form=header_form,
        instruction_style=style,
        instruction_keys=instruction_keys,
        blanks=blanks,
        blank_pattern=conventions.placeholder_regex(blanks),
        has_priority_list=has_priority_list,
        bullet_marker=bullet_marker,
        proposal_title=proposal_title,
    )


def _template_placeholders(
    lines: list[str], code_lines: set[int], fields: list[FieldSpec]
) -> set[str]:
    """Every `[...]` the template writes outside code (header values, instructions, lists,
    tables, headings), folded: what a leftover placeholder looks like."""
    found = {
        fold_placeholder(f.placeholder)
        for f in fields
        if f.placeholder and (f.placeholder_text or "").startswith("[")
    }
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
) -> bool:
    """Read the priority list: `**Level**: Title, Title` or `**Level**: All <section title>`."""
    by_key: dict[str, SectionSpec] = {}
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
    return recognised


def _proposal_title(title: str) -> re.Pattern[str] | None:
    """`KEP-NNNN: Your short, descriptive title` -> `KEP-<digits>:`: the words up to a number
    left blank, the number, and the punctuation right after it."""
    blank = conventions.BLANK_NUMBER.search(title)
    if blank is None or not title[: blank.start()].strip():
        return None
    after = re.match(r"\s*[:.\-\u2013\u2014]?", title[blank.end() :])
    tail = after.group().strip() if after else ""
    return re.compile(
        re.escape(title[: blank.start()].strip()) + r"\s*\d+\s*" + re.escape(tail), re.I
    )


def _own_ranges(sections: list[SectionSpec], lines: list[str]) -> list[tuple[int, int]]:
    """Each section's own lines [heading + 1, next heading), in template order."""
    return [
        (section.line + 1, sections[i + 1].line if i + 1 < len(sections) else len(lines))
        for i, section in enumerate(sections)
    ]


_REF_LINE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")


def _derive_instructions(
    sections: list[SectionSpec],
    lines: list[str],
    code_lines: set[int],
    italic: frozenset[str],
) -> tuple[str, frozenset[str], list[str]]:
    """How the template writes its instructions, their keys, and the literal placeholders
    its instructions name: italic lines (kept as before); else HTML comments (the text
    beside them is kept boilerplate, or a placeholder when a comment calls it one); else
    plain prose (every line under a heading, and between the header and the first one)."""
    if italic:
        return conventions.ITALIC, frozenset(), []
    visible = [line if number not in code_lines else "" for number, line in enumerate(lines)]
    comments = [
        c for c in conventions.find_comments(visible) if not c.text.strip().startswith("pep-lsp")
    ]
    ranges = _own_ranges(sections, lines)
    literals: list[str] = []
    if comments:
        keys: set[str] = set()
        for comment in comments:
            keys |= conventions.comment_keys(comment.text)
        for section, (first, end) in zip(sections, ranges):
            own = [c for c in comments if first <= c.line < end]
            texts = [normalize_text(c.text) for c in own if c.text.strip()]
            section.instructions = tuple(texts)
            covered = {n for c in own for n in range(c.line, c.end_line + 1)}
            body = [
                lines[n].strip()
                for n in range(first, end)
                if n not in covered
                and n not in code_lines
                and lines[n].strip()
                and not _REF_LINE.match(lines[n])
                and not _HEADING_LINE.match(lines[n])
            ]
            said = " ".join(texts)
            if body and conventions.phrase_in(said, convention_phrases("placeholder")):
                section.placeholder_body = " ".join(body)
                literals.append(section.placeholder_body)
        return conventions.COMMENT, frozenset(keys), literals
    keys = set()
    start = min((section.line for section in sections), default=len(lines))
    header_end = next((n for n in range(start) if lines[n].strip()), start)
    spans = [(header_end, start), *ranges]
    for first, end in spans:
        for number in range(first, end):
            line = lines[number]
            if number in code_lines or _REF_LINE.match(line) or _HEADING_LINE.match(line):
                continue
            key = conventions.instruction_key(line)
            if key:
                keys.add(key)
    for section, (first, end) in zip(sections, ranges):
        paragraphs: list[str] = []
        current: list[str] = []
        for number in range(first, end):
            line = lines[number]
            skip = number in code_lines or _REF_LINE.match(line) or _HEADING_LINE.match(line)
            if skip or not line.strip():
                if current:
                    paragraphs.append(normalize_text(" ".join(current)))
                    current = []
                continue
            current.append(line.strip())
        if current:
            paragraphs.append(normalize_text(" ".join(current)))
        section.instructions = tuple(paragraphs)
    return conventions.PROSE, frozenset(keys), literals


def _derive_presence(
    section: SectionSpec, severities: dict[str, str], has_priority_list: bool
) -> None:
    """Optional or required as the template writes it: a note after the heading
    (`(Optional)`), or what its own instructions say. A template without a priority list
    gives a section it calls required the first level that is an error."""
    if heading_key(section.title) != normalize_title(section.title):
        section.optional = True
        return
    if section.is_author_instructions:
        return
    said = " ".join(section.instructions)
    presence, sentence = presence_of(said) if said else ("", "")
    if presence in ("optional", "conditional"):
        section.optional = True
        section.condition = sentence if presence == "conditional" else ""
    elif presence == "required" and not has_priority_list and section.priority is None:
        section.priority = next(
            (level for level, severity in severities.items() if severity == "error"), None
        )


def _apply_tables(
    sections: list[SectionSpec],
    fields: list[FieldSpec],
    tables: TemplateTables,
    severities: dict[str, str],
) -> list[FieldSpec]:
    """The configuration's section priorities, aliases and fields over what the template says."""
    for title, level in tables.sections:
        for section in sections:
            if section.matches(title):
                if level == NOT_REQUIRED:
                    section.optional, section.priority = True, None
                else:
                    section.optional, section.priority = False, level
    for alias, title in tables.aliases:
        for section in sections:
            if section.matches(title):
                section.aliases = (*section.aliases, alias)
    result = list(fields)
    # A date field the configuration adds is written like the template's own dates.
    date_format = next((f.date_format for f in fields if f.date_format), None) or "YYYY-MM-DD"
    for name, kind, presence in tables.fields:
        folded = header_forms.fold_field_name(name)
        index = next(
            (i for i, f in enumerate(result) if header_forms.fold_field_name(f.name) == folded),
            None,
        )
        if index is None:
            spec = FieldSpec(name, len(result), "", None, None, in_template=False)
            spec = replace(spec, kind=FieldKind(kind or "text"), presence=presence or "required")
            result.append(replace(spec, date_format=date_format) if kind == "date" else spec)
        else:
            spec = result[index]
            spec = replace(
                spec,
                kind=FieldKind(kind) if kind else spec.kind,
                presence=presence or spec.presence,
            )
            if spec.kind == "date" and spec.date_format is None:
                spec = replace(spec, date_format=date_format)
            result[index] = spec
    return result


def load_template(
    path: str | Path | None = None,
    statuses: tuple[StatusValue, ...] | None = None,
    tables: TemplateTables | None = None,
) -> Schema:
    """The schema of a template file, or of the bundled PEP template when `path` is None.

    Cached by path, modification time, status vocabulary and configuration tables: an
    edited template gives a new schema on the next call, an unchanged one the same object.
    """
    if tables is not None and tables.empty:
        tables = None
    if path is None:
        if statuses is None and tables is None:
            return default_schema()
        return _load_default(statuses or default_statuses(), tables)
    path = Path(path)
    return _load_path(str(path.resolve()), path.stat().st_mtime_ns, statuses, tables)


@lru_cache(maxsize=16)
def _load_path(
    path: str,
    _mtime: int,
    statuses: tuple[StatusValue, ...] | None,
    tables: TemplateTables | None = None,
) -> Schema:
    return _derive(Path(path).read_text(encoding="utf-8"), path, statuses, tables)


@lru_cache(maxsize=4)
def _load_default(
    statuses: tuple[StatusValue, ...], tables: TemplateTables | None = None
) -> Schema:
    return _derive(_bundled_text(), "pep_lsp/templates/pep.md", statuses, tables)


def _bundled_text() -> str:
    return _package_text("templates/pep.md")


@lru_cache(maxsize=1)
def default_schema() -> Schema:
    """The bundled template's schema, built once when it is first needed."""
    return _derive(_bundled_text(), "pep_lsp/templates/pep.md", None)


def _derive(
    text: str,
    source: str,
    statuses: tuple[StatusValue, ...] | None,
    tables: TemplateTables | None = None,
) -> Schema:
    """`parse_template`, or its result kept on disk for the same text, configuration tables and
    code (schema_cache.py)."""
    from pep_lsp.schema_cache import cached

    return cached(
        "schema",
        (text, source, statuses, tables),
        lambda: parse_template(text, source, statuses, tables),
    )
