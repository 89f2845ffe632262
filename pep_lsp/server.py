"""The language server: wiring only. Each handler fetches the document, calls a pure
function and sends the result; the logic lives in the model, the rules and `lsp.py`."""

from __future__ import annotations

import asyncio
import datetime
import logging
import os

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer

from pep_lsp import __version__
from pep_lsp.check import DEFAULT_SETTINGS, Settings, check_model
from pep_lsp.features import code_actions, completion, hover, progress, symbols
from pep_lsp.lsp import from_position, from_range, to_diagnostics
from pep_lsp.lsp_features import (
    to_code_actions,
    to_code_lenses,
    to_completion_list,
    to_document_symbols,
    to_folding_ranges,
    to_hover,
    to_symbol_information,
)
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
        findings = check_model(model, self.settings_for(uri))
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


# --- editing features: each handler converts at the edge and calls a pure function ----------


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=list(completion.TRIGGER_CHARACTERS)),
)
def on_completion(ls: PepLanguageServer, params: types.CompletionParams) -> types.CompletionList:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return types.CompletionList(is_incomplete=False, items=[])
    model = document.document.model
    directory = os.path.dirname(document.path)
    author = (lambda: completion.git_author(directory)) if os.path.isdir(directory) else (lambda: None)
    env = completion.Environment(datetime.date.today(), author)
    items = completion.complete(model, from_position(model.lines, params.position, document.encoding), env)
    snippets = get_capability(ls.client_capabilities, "text_document.completion.completion_item.snippet_support", False)
    return to_completion_list(model.lines, items, document.encoding, bool(snippets))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[
        types.CodeActionKind.QuickFix, types.CodeActionKind.Source, code_actions.FIX_ALL, code_actions.SOURCE_PREFIX,
    ]),
)
def on_code_action(ls: PepLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.pep_document(uri)
    if document is None:
        return []
    model = document.document.model
    findings = check_model(model, ls.settings_for(uri))
    only = [str(getattr(kind, "value", kind)) for kind in params.context.only] if params.context.only else None
    actions = code_actions.code_actions(model, findings, from_range(model.lines, params.range, document.encoding), only)
    versioned = get_capability(ls.client_capabilities, "workspace.workspace_edit.document_changes", False)
    return to_code_actions(uri, model.lines, actions, document.encoding, document.version if versioned else None)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: PepLanguageServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return None
    model = document.document.model
    found = hover.hover(model, from_position(model.lines, params.position, document.encoding))
    return to_hover(model.lines, found, document.encoding) if found else None


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_document_symbol(ls: PepLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    uri = params.text_document.uri
    document = ls.pep_document(uri)
    if document is None:
        return []
    model = document.document.model
    found = symbols.document_symbols(model)
    if get_capability(ls.client_capabilities, "text_document.document_symbol.hierarchical_document_symbol_support", False):
        return to_document_symbols(model.lines, found, document.encoding)
    return to_symbol_information(uri, model.lines, found, document.encoding)


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
def on_folding_range(ls: PepLanguageServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return []
    return to_folding_ranges(symbols.folding_ranges(document.document.model))


@server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
def on_code_lens(ls: PepLanguageServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return []
    model = document.document.model
    return to_code_lenses(model.lines, progress.progress(model), document.encoding)


def serve() -> None:
    logging.basicConfig(level=logging.WARNING, format="pep-lsp %(levelname)s %(message)s")
    server.start_io()
