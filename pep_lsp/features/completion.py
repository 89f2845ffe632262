"""Completion: the template's fields, values, headings and skeletons where the author types.

Contexts, tried in order:
- an empty document (or one holding only a `#` title): the whole template as one snippet;
- a header line with no colon yet: the fields the header still lacks, in template order;
- a header line after `Field:`: that field's values (vocabulary, today's date, the git author,
  the template default);
- in a PEP, a line starting `##`, `###` or `####`: the template's sections for that level that are not
  in the document yet (under the enclosing section for sub-levels), each as a heading alone
  and as a heading with the template's skeleton.
Inside fenced code other than the header, nothing is offered.

Every item must leave the same line in every client, including Neovim's built-in client, which
inserts a single word (`word` of `:help complete-items`) from where the items' edits start and
applies the full edit only through `vim.lsp.completion` or pep-lsp's own plugin. So:
- all items of one answer start at the same column (Neovim replaces from there);
- an item's edit ends at the cursor, except a template placeholder, which is replaced whole;
- the items are filtered here by the text typed so far (Neovim does not filter items that carry
  an edit);
- the label is the first line of what the item inserts (Neovim inserts the label of a snippet),
  with `label_detail` saying more where two items would otherwise read alike.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pep_lsp.features.common import clamp, header_fence, inside_fence_body
from pep_lsp.findings import Edit
from pep_lsp.model.dates import parse_date
from pep_lsp.model.model import Model, Section
from pep_lsp.template import (
    HEADER_LINE,
    PLACEHOLDER,
    FieldSpec,
    Schema,
    SectionSpec,
    format_date,
    within_author_instructions,
)
from pep_lsp.text import Pos, Span

GIT_TIMEOUT_SECONDS = 2.0

_FIELD_VALUE = re.compile(r"^(\s*)([A-Za-z][A-Za-z0-9 _-]*?)\s*:(.*)$")
_WORD_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*$")
_HEADING_PREFIX = re.compile(r"^(#{2,4})(?:([ \t]+)(.*))?$")


class Completion(NamedTuple):
    """One completion item as plain data (a tuple: dozens are built on every request).

    `edit` holds the plain-text insertion; `snippet`, when set, is the same insertion in LSP
    snippet syntax (tab stops) for clients that support snippets.
    """

    label: str
    kind: str  # field | value | heading | skeleton | template
    detail: str
    edit: Edit
    sort_text: str
    filter_text: str | None = None
    documentation: str | None = None
    snippet: str | None = None
    label_detail: str | None = None


def _no_author() -> str | None:
    return None


@dataclass(frozen=True)
class Environment:
    """What completion needs from outside the document: the date and the local author.

    The author is looked up only when a people field needs it, so completion in prose or
    headings never runs git.
    """

    today: datetime.date
    author_lookup: Callable[[], str | None] = _no_author

    @property
    def author(self) -> str | None:
        return self.author_lookup()


def complete(model: Model, pos: Pos, env: Environment) -> list[Completion]:
    """The completion items at a position (code points; clamped into the document)."""
    pos = clamp(model, pos)
    line_text = model.lines[pos.line]
    before = line_text[: pos.col]
    if _is_empty_document(model, pos):
        return _whole_template(model, pos, env)
    fence = header_fence(model)
    if fence is not None and inside_fence_body(fence, pos.line):
        return _header_completions(model, pos, before, line_text, env)
    if model.fence_at(pos.line) is not None:
        return []
    heading = _HEADING_PREFIX.match(before)
    if heading and model.is_pep and line_text[pos.col :].strip() == "":
        return _heading_completions(model, pos, heading)
    return []


# --- header ---------------------------------------------------------------------------------


def _header_completions(
    model: Model, pos: Pos, before: str, line_text: str, env: Environment
) -> list[Completion]:
    if ":" not in line_text:
        typed = before.strip()
        if line_text[pos.col :].strip() or (typed and not _WORD_BEFORE.fullmatch(typed)):
            return []  # not a lone, partly typed field name
        start = pos.col - len(typed)
        return _field_names(model, pos, start, env)
    match = _FIELD_VALUE.match(before)
    if match is None:
        return []
    spec = model.schema.field(match.group(2))
    if spec is None:
        return []
    return _field_values(model, pos, spec, match, line_text, env)


def _field_names(model: Model, pos: Pos, start: int, env: Environment) -> list[Completion]:
    present = set()
    fence = header_fence(model)  # the header, or the fence a header is being typed in
    if fence is not None:
        for line in range(fence.start + 1, fence.end + 1):
            match = HEADER_LINE.match(model.lines[line]) if line != pos.line else None
            if match:
                present.add(match.group(1).casefold())
    items = []
    span = Span.on_line(pos.line, start, pos.col)
    typed = model.lines[pos.line][start : pos.col].casefold()
    for spec in model.schema.fields:
        if spec.name.casefold() in present or not spec.name.casefold().startswith(typed):
            continue
        suggested = _suggested_values(model, spec, env)
        value = suggested[0][0] if suggested else ""
        text = f"{spec.name}: {value}"
        items.append(
            Completion(
                label=text,
                kind="field",
                detail=_field_summary(spec),
                edit=Edit(span, text),
                sort_text=f"{spec.index:03d}",
            )
        )
    return items


def _field_values(
    model: Model, pos: Pos, spec: FieldSpec, match: re.Match[str], line_text: str, env: Environment
) -> list[Completion]:
    value_start = match.start(3)
    typed = line_text[value_start : pos.col]
    start = value_start + len(typed) - len(typed.lstrip())
    existing: list[str] = []
    end = pos.col
    filter_text = None
    whole_value = line_text[start:].rstrip()
    if PLACEHOLDER.fullmatch(whole_value) and pos.col <= start + len(whole_value):
        # A template placeholder is replaced as a whole, wherever in it the cursor is (commas
        # inside it are the template's, not a list); the client filters by the text before the
        # cursor, a prefix of the placeholder.
        end = start + len(whole_value)
        filter_text = whole_value
        word = ""  # the placeholder is no filter
    else:
        if spec.kind == "people":
            comma = typed.rfind(",")
            if comma >= 0:
                existing = [entry.strip() for entry in typed[:comma].split(",") if entry.strip()]
                rest = typed[comma + 1 :]
                start = value_start + comma + 1 + (len(rest) - len(rest.lstrip()))
        word = line_text[start : pos.col].casefold()
    lead = ""
    if start > 0 and line_text[start - 1] in ":,":
        # No space typed after the colon or comma: the item rewrites the line from the field
        # name, so that its text starts with what is typed (Neovim inserts up to a space).
        lead = line_text[match.start(2) : start] + " "
        start = match.start(2)
    if filter_text is not None:
        filter_text = line_text[start:end]  # what is replaced; what is typed is a prefix of it
    span = Span.on_line(pos.line, start, end)
    items = []
    for index, (value, detail) in enumerate(_suggested_values(model, spec, env, all_choices=True)):
        if value in existing or not value.casefold().startswith(word):
            continue
        items.append(
            Completion(
                label=lead + value,
                kind="value",
                detail=detail,
                edit=Edit(span, lead + value),
                sort_text=f"{index:03d}",
                filter_text=filter_text,
            )
        )
    return items


@lru_cache(maxsize=256)
def _choices(spec: FieldSpec) -> tuple[tuple[str, str], ...]:
    """A choice field's values with their meanings, the template default first."""
    meanings = dict(zip(spec.choices, spec.choice_meanings))
    ordered = sorted(spec.choices, key=lambda choice: choice != spec.default)
    return tuple((choice, meanings.get(choice) or f"{spec.name} value") for choice in ordered)


def _suggested_values(
    model: Model, spec: FieldSpec, env: Environment, all_choices: bool = False
) -> list[tuple[str, str]]:
    """(value, one-line detail) pairs for a field, the most likely first.

    For a new field only a sure value is suggested (the template default, today's date, the
    git author); `all_choices` adds the whole vocabulary for value completion.
    """
    schema = model.schema
    if spec.kind == "choice":
        choices = _choices(spec)
        return list(choices) if all_choices else [c for c in choices if c[0] == spec.default]
    if spec.kind == "date" and spec.date_format:
        day, why = _date_suggestion(model, schema, spec, env.today)
        return [(format_date(spec.date_format, day.year, day.month, day.day), why)]
    author = env.author if spec.kind == "people" else None
    if author:
        return [(author, "from git config user.name and user.email")]
    if spec.default:
        return [(spec.default, "the template's default")]
    return []


def _date_suggestion(
    model: Model, schema: Schema, spec: FieldSpec, today: datetime.date
) -> tuple[datetime.date, str]:
    """Today, unless an earlier date field (Created, for Updated) holds a later date."""
    floor: tuple[datetime.date, str] | None = None
    if model.header is not None:
        for line in model.header.lines:
            earlier = schema.field(line.name) if line.name else None
            if (
                earlier is None
                or earlier.kind != "date"
                or earlier.index >= spec.index
                or not earlier.date_format
            ):
                continue
            date, _ = parse_date(line.value, earlier.date_format)
            if date is not None and (floor is None or date > floor[0]):
                floor = (date, earlier.name)
    if floor is not None and floor[0] > today:
        return floor[0], f"same as {floor[1]} ({spec.name} is never earlier)"
    return today, "today"


def _field_summary(spec: FieldSpec) -> str:
    if spec.kind == "choice":
        return "one of " + ", ".join(spec.choices)
    if spec.kind == "date":
        return f"a date, {spec.date_format}"
    if spec.placeholder:
        return spec.placeholder
    return f"default {spec.default}" if spec.default else "header field"


# --- headings -------------------------------------------------------------------------------


def _heading_completions(model: Model, pos: Pos, heading: re.Match[str]) -> list[Completion]:
    level = len(heading.group(1))
    if heading.group(2) is None:
        start = 0  # only the hashes typed (the `#` trigger): the item writes the whole line
        prefix = heading.group(1) + " "
        typed = ""
    else:
        start = heading.start(3)
        prefix = ""
        typed = heading.group(3).casefold()
    candidates = [
        spec
        for spec in _missing_specs(model, pos.line, level)
        if spec.title.casefold().startswith(typed)
    ]
    span = Span.on_line(pos.line, start, pos.col)
    items: list[Completion] = []
    for rank, spec in enumerate(candidates):
        title_snippet = _title_snippet(spec)
        first_line = prefix + spec.title
        items.append(
            Completion(
                label=first_line,
                kind="heading",
                detail=_heading_detail(spec, "heading"),
                edit=Edit(span, first_line),
                sort_text=f"{rank:03d}a",
                snippet=prefix + title_snippet if title_snippet else None,
            )
        )
        body = spec.skeleton.split("\n", 1)
        if len(body) == 2:
            text = first_line + "\n" + body[1]
            items.append(
                Completion(
                    label=first_line,
                    kind="skeleton",
                    detail=_heading_detail(spec, "heading with the template's skeleton"),
                    edit=Edit(span, text.replace("\n", model.eol)),
                    sort_text=f"{rank:03d}b",
                    documentation="```markdown\n" + spec.skeleton + "\n```",
                    label_detail=" (with template text)",
                )
            )
    return items


def _missing_specs(model: Model, line: int, level: int) -> list[SectionSpec]:
    """Template sections of this level not yet in the document, under the enclosing section."""
    schema = model.schema
    if level == 2:
        enclosing: Section | None = None
        candidates = schema.top_sections
        siblings = model.top_sections
    else:
        enclosing = next(
            (
                s
                for s in reversed(model.sections)
                if s.heading.line < line < s.end_line and s.level < level
            ),
            None,
        )
        if enclosing is None or enclosing.level != level - 1 or enclosing.spec is None:
            return []
        candidates = enclosing.spec.children
        siblings = enclosing.children
    present = {id(s.spec) for s in siblings if s.spec is not None and s.heading.line != line}
    return [
        spec
        for spec in candidates
        if id(spec) not in present and not within_author_instructions(spec)
    ]


def _title_snippet(spec: SectionSpec) -> str | None:
    """A placeholder title (`Alternative 1: [Name]`) with its placeholders as tab stops."""
    if not spec.has_placeholder_title:
        return None
    # Each placeholder, brackets included, is a tab stop's default: the snippet reads exactly
    # as the plain title until the author types over it.
    out, last = [], 0
    for stop, found in enumerate(PLACEHOLDER.finditer(spec.title), start=1):
        out.append(escape_snippet(spec.title[last : found.start()]))
        out.append(f"${{{stop}:{escape_snippet(found.group())}}}")
        last = found.end()
    out.append(escape_snippet(spec.title[last:]))
    return "".join(out)


def _heading_detail(spec: SectionSpec, what: str) -> str:
    where = f"under {spec.parent.title}" if spec.parent else "top-level section"
    return f"{what}, {where}" + (f", {spec.priority}" if spec.priority else "")


# --- the whole template ---------------------------------------------------------------------


def _is_empty_document(model: Model, pos: Pos) -> bool:
    """Nothing but blank lines and at most a `#` title above the cursor, and a bare word at most
    on the cursor's line."""
    title = model.title_heading
    for number, text in enumerate(model.lines):
        if number == pos.line:
            if text[pos.col :].strip() or (
                text[: pos.col].strip() and not _WORD_BEFORE.fullmatch(text[: pos.col].strip())
            ):
                return False
            continue
        if not text.strip():
            continue
        if title is not None and number == title.line and number < pos.line:
            continue
        return False
    return True


def _whole_template(model: Model, pos: Pos, env: Environment) -> list[Completion]:
    before = model.lines[pos.line][: pos.col]
    word = _WORD_BEFORE.search(before)
    if word and not "template".startswith(word.group().casefold()):
        return []
    span = Span.on_line(pos.line, word.start() if word else pos.col, pos.col)
    plain, snippet = template_skeleton(model, env, with_title=model.title_heading is None)
    return [
        Completion(
            label=plain.split("\n", 1)[0],
            kind="template",
            detail="the whole template: header fields as tab stops, then every section",
            edit=Edit(span, plain.replace("\n", model.eol)),
            sort_text="000",
            filter_text="template" if word else None,
            snippet=snippet.replace("\n", model.eol),
            label_detail=" (the whole PEP template)",
        )
    ]


def template_skeleton(model: Model, env: Environment, with_title: bool) -> tuple[str, str]:
    """The template as (plain text, snippet): header block, then each top-level section's skeleton.

    Header values become tab stops: a vocabulary as its default (else the template's value),
    dates as today, people as the git author, a number to leave blank while Draft as an empty
    stop, anything else as the template's own value (its `[placeholder]` stays until replaced).
    """
    schema = model.schema
    plain_lines: list[str] = []
    snippet_lines: list[str] = []
    title_field = next((f for f in schema.fields if f.kind == "text" and f.max_length), None)
    if with_title:
        title_value = title_field.template_value if title_field else ""
        stop = title_field.index + 1 if title_field else len(schema.fields) + 1
        plain_lines += [f"# {title_value}", ""]
        snippet_lines += [f"# ${{{stop}:{escape_snippet(title_value)}}}", ""]
    plain_lines.append(schema.header_fence)
    snippet_lines.append(escape_snippet(schema.header_fence))
    for spec in schema.fields:
        stop = spec.index + 1
        plain, snippet = _field_stop(
            model, spec, env, stop, mirrored=with_title and spec is title_field
        )
        plain_lines.append(f"{spec.name}: {plain}".rstrip())
        snippet_lines.append(f"{escape_snippet(spec.name)}: {snippet}")
    plain_lines.append(schema.header_fence)
    snippet_lines.append(escape_snippet(schema.header_fence))
    body = "\n\n".join(section.skeleton for section in schema.top_sections)
    plain = "\n".join(plain_lines) + "\n\n" + body + "\n"
    snippet = "\n".join(snippet_lines) + "\n\n" + escape_snippet(body) + "\n"
    return plain, snippet


def _field_stop(
    model: Model, spec: FieldSpec, env: Environment, stop: int, mirrored: bool
) -> tuple[str, str]:
    if mirrored:
        return spec.template_value, f"${stop}"
    if spec.kind == "choice":
        # A placeholder, not a `${n|a,b|}` choice: Neovim's vim.snippet inserts no text for a
        # choice (VS Code its first value), and both must leave the same text.
        value = spec.default or spec.template_value
        return value, f"${{{stop}:{escape_snippet(value)}}}"
    if spec.kind == "number" and spec.blank_in_draft:
        return "", f"${stop}"
    suggested = _suggested_values(model, spec, env)
    value = suggested[0][0] if suggested else spec.template_value
    return value, f"${{{stop}:{escape_snippet(value)}}}"


def escape_snippet(text: str) -> str:
    """Literal text inside an LSP snippet: `\\`, `$` and `}` are escaped."""
    return re.sub(r"([\\$}])", r"\\\1", text)


# --- the environment ------------------------------------------------------------------------


@lru_cache(maxsize=32)
def git_author(directory: str) -> str | None:
    """`Name <email>` from `git config` as seen from a directory (repository config included),
    or None when git is missing, slow or has no user configured. Cached per directory."""
    values = []
    for key in ("user.name", "user.email"):
        try:
            result = subprocess.run(
                ["git", "config", "--get", key],
                cwd=directory,
                capture_output=True,
                text=True,
                timeout=GIT_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        value = result.stdout.strip()
        if result.returncode != 0 or not value:
            return None
        values.append(value)
    name, email = values
    return f"{name} <{email}>"
