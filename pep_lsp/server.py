"""The language server: wiring only. Each handler fetches the document, calls a pure
function and sends the result; the logic lives in the model, the rules and `lsp.py`."""

from __future__ import annotations

import asyncio
import logging

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from pep_lsp import __version__
from pep_lsp.check import DEFAULT_SETTINGS, Checker, Settings
from pep_lsp.lsp import to_diagnostics
from pep_lsp.template import Schema
from pep_lsp.workspace import PepTextDocument, PepWorkspace

logger = logging.getLogger(__name__)


class PepLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("pep-lsp", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings: Settings = DEFAULT_SETTINGS
        self._pending: set[str] = set()

    def settings_for(self, uri: str) -> Settings:
        return self.settings

    def schema_for(self, uri: str) -> Schema:
        return self.settings_for(uri).schema()

    def pep_document(self, uri: str) -> PepTextDocument | None:
        """An open document, or None for one the client never opened."""
        document = self.workspace.text_documents.get(uri)
        return document if isinstance(document, PepTextDocument) else None

    def publish(self, uri: str) -> None:
        document = self.pep_document(uri)
        if document is None:
            return
        model = document.document.model
        settings = self.settings_for(uri)
        if document.checker is None or document.checker.settings is not settings:
            document.checker = Checker(settings)
        findings = document.checker.run(model)
        diagnostics = to_diagnostics(model.lines, findings, document.encoding)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics)
        )

    def publish_soon(self, uri: str) -> None:
        """Publish once the current message is handled; edits that arrive first share one run."""
        if uri in self._pending:
            return
        self._pending.add(uri)
        asyncio.get_running_loop().call_soon(self._publish_pending, uri)

    def _publish_pending(self, uri: str) -> None:
        self._pending.discard(uri)
        try:
            self.publish(uri)
        except Exception:  # never let one document take the server down
            logger.exception("pep-lsp: could not analyse %s", uri)

    def clear(self, uri: str) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


server = PepLanguageServer()


@server.feature(types.INITIALIZE)
def initialize(ls: PepLanguageServer, params: types.InitializeParams) -> None:
    # pygls builds its workspace before this handler runs; swap in one whose documents
    # are pep-lsp models (see workspace.py for why).
    ls.protocol._workspace = PepWorkspace.replacing(ls.workspace, ls.schema_for)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PepLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PepLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.publish_soon(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PepLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PepLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.clear(params.text_document.uri)


def serve() -> None:
    logging.basicConfig(level=logging.WARNING, format="pep-lsp %(levelname)s %(message)s")
    server.start_io()
