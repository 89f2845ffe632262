"""The kinds that schema, model and rules name, typed: a misspelt kind is a type error, not a
comparison that is silently never true. Each is a `str` enum, so its values read and compare
as the strings they were (`FieldKind.DATE == "date"`)."""

from __future__ import annotations

from enum import Enum


class FieldKind(str, Enum):
    """What a header field holds, from its placeholder in the template (`template.py`)."""

    TEXT = "text"
    NUMBER = "number"
    PEOPLE = "people"
    DATE = "date"
    CHOICE = "choice"
    VERSION = "version"


class LeftoverKind(str, Enum):
    """Template text still in a document (`Leftover.kind`)."""

    INSTRUCTION = "instruction"
    PLACEHOLDER = "placeholder"
    EXAMPLE_LINK = "example-link"
    EXAMPLE_CONTENT = "example-content"


class DirectiveKind(str, Enum):
    """A `<!-- pep-lsp-... -->` comment (`Directive.kind`); UNKNOWN looks like one but is none."""

    DISABLE = "disable"
    ENABLE = "enable"
    DISABLE_NEXT_LINE = "disable-next-line"
    DISABLE_FILE = "disable-file"
    UNKNOWN = "unknown"


__all__ = ["DirectiveKind", "FieldKind", "LeftoverKind"]
