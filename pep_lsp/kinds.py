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


class Reads(str, Enum):
    """What a rule reads (`Rule.reads`), which decides when the incremental checker may keep
    its findings from the previous keystroke instead of running it again."""

    TEXT = "text"  # anything: run on every keystroke
    STRUCTURE = "structure"  # the section tree, fences, block bodies, the header, its own lines
    ENTRY = "entry"  # the document's own index entry, the rest of the index and the view's path


__all__ = ["DirectiveKind", "FieldKind", "LeftoverKind", "Reads"]
