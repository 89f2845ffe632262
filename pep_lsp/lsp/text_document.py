"""pygls glue: a workspace whose text documents are pep-lsp `Document`s.

pygls applies every change to its own `TextDocument` before a handler runs, rebuilding the
whole text each time. Our subclass applies the change to the model's line list instead, so
an edit costs what it touches, and the text is joined only when something asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from pep_lsp.lsp.convert import from_range

if TYPE_CHECKING:  # the analysis stack (markdown-it and all) loads with the first document
    from pep_lsp.engine.check import Checker
    from pep_lsp.model.model import Model
    from pep_lsp.template import Schema

SchemaFor = Callable[[str], "Schema"]


def encoding_name(encoding: types.PositionEncodingKind | str | None) -> str:
    """'utf-8', 'utf-16' or 'utf-32' (an enum member's str() is its qualified name)."""
    if encoding is None:
        return types.PositionEncodingKind.Utf16.value
    return encoding.value if isinstance(encoding, types.PositionEncodingKind) else str(encoding)


class PepTextDocument(TextDocument):
    """A pygls text document backed by a `Document` (lines plus block analysis)."""

    def __init__(
        self, uri: str, source: str | None, schema: Schema, encoding: str, **kwargs: Any
    ) -> None:
        from pep_lsp.model.document import Document

        super().__init__(uri, source=source, **kwargs)
        self.encoding = encoding
        self.checker: Checker | None = (
            None  # the server's incremental rule runner for this document
        )
        # The text held as lines with its incremental analysis; `model` is its current version.
        self.contents = Document(source if source is not None else self._read_disk(), schema)

    def _read_disk(self) -> str:
        try:
            with open(self.path, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except OSError:
            return ""

    def apply_change(self, change: types.TextDocumentContentChangeEvent) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            span = from_range(self.contents.lines, change.range, self.encoding)
            self.contents.replace(span.start, span.end, change.text)
        else:
            self.contents.replace_all(change.text)

    @property
    def model(self) -> Model:
        """The analysis of the current version (built on first use after a change)."""
        return self.contents.model

    @property
    def source(self) -> str:
        return self.contents.text

    @property
    def lines(self) -> list[str]:
        document = self.contents
        return [
            line + ending
            for line, ending in zip(document.lines, document.endings)
            if line or ending
        ]


class PepWorkspace(Workspace):
    """Creates `PepTextDocument`s, each against the schema its settings name."""

    def __init__(self, *args: Any, schema_for: SchemaFor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema_for = schema_for

    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return PepTextDocument(
            doc_uri,
            source,
            self.schema_for(doc_uri),
            encoding_name(self.position_encoding),
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self._position_codec,
        )

    @classmethod
    def replacing(cls, old: Workspace, schema_for: SchemaFor) -> PepWorkspace:
        """The same workspace (root, folders, encoding) with our documents."""
        workspace = cls(
            old.root_uri,
            old._sync_kind,
            list(old.folders.values()),
            old.position_encoding,
            schema_for=schema_for,
        )
        return workspace
