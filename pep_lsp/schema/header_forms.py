"""The header forms real proposal templates use, read from lines with exact spans.

A template's header is the form its documents must use; the same readers serve both sides:
the schema reads the template's header with them, the model a document's. Three forms:

- `fence`: a fenced block of `Field: value` lines (the bundled template);
- `front-matter`: YAML front matter between `---` lines, with `# comments` after values,
  quoted values and plain values continued on indented lines;
- `bullets`: a leading list of `- Field: value` or `* Field: value` items, after an optional
  `#` title, whose values may be links.

A template with none of them has no header (`none`): header rules then do not apply.
Pure functions on lines; no Markdown parser, no schema. Positions are (line, code point).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pep_lsp.text import Span

FENCE = "fence"
FRONT_MATTER = "front-matter"
BULLETS = "bullets"
NONE = "none"
FORMS = (FENCE, FRONT_MATTER, BULLETS, NONE)

FIELD_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _#./-]*?)\s*:(?:[ \t]+(.*?))?\s*$")
"""`Field: value` (the value may be empty)."""

_YAML_KEY = re.compile(r"^([A-Za-z_][\w .-]*?)[ \t]*:(?=[ \t]|$)")
_BULLET = re.compile(r"^([-*+])[ \t]+")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*$")
_ATX_TITLE = re.compile(r"^ {0,3}#(?:[ \t]+|$)")
_FRONT_CLOSE = ("---", "...")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")

MIN_BULLET_FIELDS = 2
"""A leading list is a header when at least this many of its items read `Field: value`."""


@dataclass(frozen=True)
class RawField:
    """One `Field: value` of a header as written, with where each part is."""

    line: int
    name: str
    value: str  # as meant: quotes and a YAML comment removed, continuation lines joined by spaces
    name_span: Span
    value_span: Span  # the value's text (inside quotes); may run over continuation lines
    comment: str = ""  # a YAML `# comment` after the value, without the `#`
    comment_span: Span | None = None
    end_line: int = -1  # last line of the field (continuations); -1: the same line

    @property
    def last_line(self) -> int:
        return self.line if self.end_line < 0 else self.end_line


@dataclass(frozen=True)
class RawHeader:
    """A header block in one of the forms: its lines [start, end] and its fields."""

    form: str
    start: int  # first line: the opening `---` or fence, or the first bullet
    end: int  # last line, inclusive: the closing `---` or fence, or the last bullet
    closed: bool
    fields: tuple[RawField, ...]
    stray: tuple[Span, ...] = ()  # lines inside that are not `Field: value`
    comments: tuple[Span, ...] = ()  # whole-line `# comments` (front matter)

    def get(self, name: str) -> RawField | None:
        folded = fold_field_name(name)
        return next((f for f in self.fields if fold_field_name(f.name) == folded), None)


def fold_field_name(name: str) -> str:
    """Field names compared loosely: case, `-`/`_`/space and a trailing `#` do not matter
    (`discussions-to`, `Discussions To`, `RFC PR #`)."""
    name = name.strip().rstrip("#").strip()
    return re.sub(r"[\s_-]+", " ", name).casefold()


def _stripped_span(line: int, raw: str, start: int, end: int) -> tuple[str, Span]:
    """The text of raw[start:end] without surrounding blanks, and its span."""
    text = raw[start:end]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return text, Span.on_line(line, start + lead, start + lead + len(text))


def split_yaml_comment(value: str) -> tuple[str, int | None]:
    """A YAML plain or quoted value and where its `# comment` starts (None: no comment).
    A `#` starts a comment only after a blank and outside quotes (`C#` is a value)."""
    quote: str | None = None
    for index, char in enumerate(value):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'" and not value[:index].strip():
            quote = char
        elif char == "#" and (index == 0 or value[index - 1] in " \t"):
            return value[:index], index
    return value, None


def _unquote(text: str, start: int) -> tuple[str, int]:
    """A YAML quoted scalar without its quotes, and the column of its first character."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        inner = text[1:-1]
        inner = inner.replace("''", "'") if text[0] == "'" else inner.replace('\\"', '"')
        return inner, start + 1
    return text, start


def read_front_matter(lines: Sequence[str]) -> RawHeader | None:
    """YAML front matter: `---` on the first line, `key: value` lines, `---` (or `...`).

    Values lose their quotes and `# comments` (kept apart, with spans); indented lines after
    a key continue its value (a plain multi-line scalar, a `|`/`>` block or a `- item` list,
    joined with spaces or, for list items, commas). None when the first line is not `---`,
    the block never closes, or it holds a line YAML would not read as a mapping."""
    if not lines or lines[0].rstrip() != "---":
        return None
    fields: list[RawField] = []
    stray: list[Span] = []
    comments: list[Span] = []
    index = 1
    while index < len(lines):
        raw = lines[index]
        if raw.rstrip() in _FRONT_CLOSE and index > 0:
            return RawHeader(
                FRONT_MATTER,
                0,
                index,
                True,
                tuple(fields),
                tuple(stray),
                tuple(comments),
            )
        stripped = raw.strip()
        if not stripped:
            index += 1
            continue
        if stripped.startswith("#"):
            col = raw.index("#")
            comments.append(Span.on_line(index, col, len(raw.rstrip())))
            index += 1
            continue
        key = _YAML_KEY.match(raw)
        if key is None:
            if raw[:1] in (" ", "\t", "-"):
                col = len(raw) - len(raw.lstrip())
                stray.append(Span.on_line(index, col, len(raw.rstrip())))
                index += 1
                continue
            return None
        field, index = _front_matter_field(lines, index, key)
        fields.append(field)
    return None


def _front_matter_field(
    lines: Sequence[str], index: int, key: re.Match[str]
) -> tuple[RawField, int]:
    raw = lines[index]
    name = key.group(1)
    name_span = Span.on_line(index, key.start(1), key.end(1))
    rest_start = key.end()
    value_part, comment_at = split_yaml_comment(raw[rest_start:])
    comment = ""
    comment_span = None
    if comment_at is not None:
        comment_col = rest_start + comment_at
        comment = raw[comment_col + 1 :].strip()
        comment_span = Span.on_line(index, comment_col, len(raw.rstrip()))
    value, value_span = _stripped_span(index, raw, rest_start, rest_start + len(value_part))
    unquoted, col = _unquote(value, value_span.start.col)
    if unquoted is not value:
        value, value_span = unquoted, Span.on_line(index, col, col + len(unquoted))
    block = value in ("|", ">", "|-", ">-", "|+", ">+")
    if block:
        value = ""
        value_span = Span(value_span.end, value_span.end)
    # Continuation: indented lines (or `- item` lines) up to the next key or the closing line.
    parts = [value] if value else []
    items: list[str] = []
    last = index
    end_col = value_span.end.col
    following = index + 1
    while following < len(lines):
        text = lines[following]
        if text.rstrip() in _FRONT_CLOSE or _YAML_KEY.match(text):
            break
        if not text.strip():
            following += 1
            continue
        if text[:1] not in (" ", "\t", "-"):
            break
        if text.strip().startswith("#") and not block:
            break
        content = text.strip()
        if content.startswith("- ") and not block:
            items.append(content[2:].strip())
        else:
            parts.append(content)
        last = following
        end_col = len(text.rstrip())
        following += 1
    if items:
        parts.append(", ".join(items))
    if last != index:
        on_key_line = value_span.end.col > value_span.start.col
        if on_key_line:
            start_pos = value_span.start
        else:
            line_no = index + 1
            while not lines[line_no].strip():
                line_no += 1
            text = lines[line_no]
            col = len(text) - len(text.lstrip())
            if text.lstrip().startswith("- ") and not block:
                col += 2
            start_pos = Span.on_line(line_no, col, col).start
        value = " ".join(parts)
        value_span = Span(start_pos, Span.on_line(last, end_col, end_col).end)
    field = RawField(
        index,
        name,
        value,
        name_span,
        value_span,
        comment,
        comment_span,
        last if last != index else -1,
    )
    return field, following


def read_bullet_header(lines: Sequence[str]) -> RawHeader | None:
    """A leading list of `- Field: value` (or `*`, `+`) items, after blank lines and at most
    one `#` title line. An item's indented continuation lines belong to its value. None when
    fewer than `MIN_BULLET_FIELDS` items read `Field: value`."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index < len(lines) and _ATX_TITLE.match(lines[index]):
        index += 1
        while index < len(lines) and not lines[index].strip():
            index += 1
    if index >= len(lines):
        return None
    first = _BULLET.match(lines[index])
    if first is None:
        return None
    marker = first.group(1)
    start = index
    fields: list[RawField] = []
    stray: list[Span] = []
    end = index
    while index < len(lines):
        raw = lines[index]
        bullet = _BULLET.match(raw)
        if bullet is None or bullet.group(1) != marker:
            if _DEFINITION.match(raw) and index + 1 < len(lines) and fields:
                # A footnote or link definition between items (`[^note]: ...`) is not prose.
                index += 1
                continue
            if raw[:1] in (" ", "\t") and raw.strip() and fields and end == index - 1:
                fields[-1] = _continued(fields[-1], index, raw)
                end = index
                index += 1
                continue
            break
        body_start = bullet.end()
        match = FIELD_LINE.match(raw[body_start:])
        if match is None or " " * 3 in match.group(1):
            text, span = _stripped_span(index, raw, body_start, len(raw))
            stray.append(span)
        else:
            name_start = body_start + match.start(1)
            name = match.group(1)
            value_text = match.group(2) or ""
            if match.group(2) is not None:
                value_start = body_start + match.start(2)
            else:
                value_start = len(raw.rstrip())
            fields.append(
                RawField(
                    index,
                    name,
                    value_text,
                    Span.on_line(index, name_start, name_start + len(name)),
                    Span.on_line(index, value_start, value_start + len(value_text)),
                )
            )
        end = index
        index += 1
    if len(fields) < MIN_BULLET_FIELDS:
        return None
    return RawHeader(BULLETS, start, end, True, tuple(fields), tuple(stray))


def _continued(field: RawField, line: int, raw: str) -> RawField:
    text = raw.strip()
    end_col = len(raw.rstrip())
    value = f"{field.value} {text}" if field.value else text
    start = field.value_span.start
    if not field.value:
        col = len(raw) - len(raw.lstrip())
        start = Span.on_line(line, col, col).start
    return RawField(
        field.line,
        field.name,
        value,
        field.name_span,
        Span(start, Span.on_line(line, end_col, end_col).end),
        field.comment,
        field.comment_span,
        line,
    )


def read_fenced_fields(
    lines: Sequence[str], first: int, end: int
) -> tuple[tuple[RawField, ...], tuple[Span, ...]]:
    """The `Field: value` lines of a fenced block's content lines [first, end), and the
    non-blank lines that are not."""
    fields: list[RawField] = []
    stray: list[Span] = []
    for index in range(first, end):
        raw = lines[index]
        if not raw.strip():
            continue
        match = FIELD_LINE.match(raw)
        if match is None:
            _, span = _stripped_span(index, raw, 0, len(raw))
            stray.append(span)
            continue
        value = match.group(2) or ""
        value_start = match.start(2) if match.group(2) is not None else len(raw.rstrip())
        fields.append(
            RawField(
                index,
                match.group(1),
                value,
                Span.on_line(index, match.start(1), match.end(1)),
                Span.on_line(index, value_start, value_start + len(value)),
            )
        )
    return tuple(fields), tuple(stray)


def read_fenced_header(lines: Sequence[str]) -> RawHeader | None:
    """The first fenced block before any `##` heading whose non-blank lines all read
    `Field: value` (at least one): the bundled template's header form."""
    index = 0
    while index < len(lines):
        raw = lines[index]
        if raw.startswith("##"):
            return None
        opened = _FENCE_LINE.match(raw)
        if opened:
            marker = opened.group(1)
            close = index + 1
            while close < len(lines):
                closing = lines[close].strip()
                if closing.startswith(marker[0] * len(marker)) and not closing.strip(marker[0]):
                    break
                close += 1
            fields, stray = read_fenced_fields(lines, index + 1, close)
            if fields and not stray:
                return RawHeader(
                    FENCE, index, min(close, len(lines) - 1), close < len(lines), fields
                )
            return None
        index += 1
    return None


def read_header(lines: Sequence[str], form: str) -> RawHeader | None:
    """The header of a text in the given form (None for `none` or when absent)."""
    if form == FRONT_MATTER:
        return read_front_matter(lines)
    if form == BULLETS:
        return read_bullet_header(lines)
    if form == FENCE:
        return read_fenced_header(lines)
    return None


def detect_form(lines: Sequence[str]) -> RawHeader | None:
    """A template's header, whichever form it takes: front matter first (it must open the
    file), then a leading bullet list, then a fenced block before the first section."""
    return read_front_matter(lines) or read_bullet_header(lines) or read_fenced_header(lines)
