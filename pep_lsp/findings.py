"""Findings and their fixes: what rules report, as plain data with no LSP types."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from pep_lsp.text import Span


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
    span: Span
    new_text: str


@dataclass(frozen=True)
class Fix:
    """A change that resolves a finding. `safe` fixes only correct values (no prose added or removed);
    a `last_resort` one hides the finding instead (a suppression comment) and is offered last."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = False
    preferred: bool = True
    last_resort: bool = False


@dataclass(frozen=True)
class Related:
    """A place in another file: its path, the span, and that line's text (to convert the span)."""

    path: str
    span: Span
    line_text: str
    message: str


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    span: Span
    severity: Severity
    fixes: tuple[Fix, ...] = ()
    subject: str = ""  # the section title or field name the finding is about
    document_level: bool = False  # about the whole document (reported at its top), not a line
    related: tuple[
        Related, ...
    ] = ()  # places in other files the finding names (LSP relatedInformation)

    @property
    def sort_key(self) -> tuple:
        return (self.span.start, self.code)  # stable: same place, same code keeps rule order
