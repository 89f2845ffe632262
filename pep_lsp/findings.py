"""Findings and their fixes: what rules report, as plain data with no LSP types."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum

from pep_lsp.text import Pos, Span


class Severity(IntEnum):
    """Numbered as LSP numbers DiagnosticSeverity, so the edge needs no table."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    def softer(self) -> Severity:
        return Severity(min(self.value + 1, Severity.HINT))

    @classmethod
    def parse(cls, name: str) -> Severity:
        aliases = {"info": "information", "warn": "warning"}
        key = aliases.get(name.strip().lower(), name.strip().lower())
        return cls[key.upper()]


@dataclass(frozen=True)
class Edit:
    """Replace `span` with `new_text` (an empty span inserts)."""

    span: Span
    new_text: str


class FixKind(str, Enum):
    """What a fix does, stable whatever its title says: features find fixes by it (code actions
    gather every `REMOVE_INSTRUCTIONS` fix into "Remove all instruction text"), never by rule
    code or title."""

    INSERT_HEADER = "insert-header"
    CONVERT_HEADER = "convert-header"
    ADD_FIELD = "add-field"
    RENAME_FIELD = "rename-field"
    DELETE_REPEATED_FIELD = "delete-repeated-field"
    REPLACE_VALUE = "replace-value"
    CONVERT_DATE = "convert-date"
    SET_TODAY = "set-today"
    INSERT_SECTION = "insert-section"
    MOVE_SECTION = "move-section"
    RENAME_HEADING = "rename-heading"
    CLOSE_FENCE = "close-fence"
    REMOVE_INSTRUCTIONS = "remove-instructions"
    REMOVE_AUTHOR_INSTRUCTIONS = "remove-author-instructions"
    REMOVE_SUPPRESSION = "remove-suppression"
    CHANGE_DIRECTIVE = "change-directive"
    REPLACE_WORD = "replace-word"
    SUPPRESS_LINE = "suppress-line"
    SUPPRESS_FILE = "suppress-file"


@dataclass(frozen=True)
class Fix:
    """A change that resolves a finding. `safe` fixes only correct values (no prose added or removed);
    a `last_resort` one hides the finding instead (a suppression comment) and is offered last.
    `kind` says what it does (`FixKind`)."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = False
    preferred: bool = True
    last_resort: bool = False
    kind: FixKind = field(kw_only=True)


@dataclass(frozen=True)
class AppliedFix:
    """A safe fix `--fix` wrote to a file: which finding, where (before the fix), what."""

    code: str
    title: str
    start: Pos


@dataclass(frozen=True)
class Related:
    """A place in another file: its path, the span, and that line's text (to convert the span)."""

    path: str
    span: Span
    line_text: str
    message: str


@dataclass(frozen=True)
class Finding:
    """One problem a rule found: what, where, how severe, and the fixes it offers."""

    code: str
    message: str
    span: Span
    severity: Severity
    fixes: tuple[Fix, ...] = ()
    subject: str = ""  # the section title or field name the finding is about
    document_level: bool = False  # about the whole document (reported at its top), not a line
    # Places in other files the finding names (LSP relatedInformation).
    related: tuple[Related, ...] = ()

    @property
    def sort_key(self) -> tuple[Pos, str]:
        return (self.span.start, self.code)  # stable: same place, same code keeps rule order
