"""The language server: wiring only. Each handler fetches the document, calls a pure
function and sends the result; the logic lives in the model, the rules and `lsp.py`."""

from __future__ import annotations

import asyncio
import datetime
import logging
import os
import time
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer

from pep_lsp import __version__
from pep_lsp.features import ADVERTISED_CODE_ACTION_KINDS, TRIGGER_CHARACTERS
from pep_lsp.lsp import from_position, from_range, to_diagnostics
from pep_lsp.workspace import PepTextDocument, PepWorkspace

if TYPE_CHECKING:  # loaded with the first document, so `initialize` answers sooner
    from pep_lsp.check import Settings
    from pep_lsp.template import Schema

logger = logging.getLogger(__name__)

DEFER_AFTER_SECONDS = 0.004
"""An analysis slower than this is deferred a moment, so edits already queued behind the
current one replace it instead of each being analysed (stale versions are skipped)."""
DEFER_DELAY_SECONDS = 0.002


class PepLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("pep-lsp", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings: Settings | None = None
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._last_cost = 0.0

    def settings_for(self, uri: str) -> Settings:
        if self.settings is None:
            from pep_lsp.check import DEFAULT_SETTINGS

            self.settings = DEFAULT_SETTINGS
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
        from pep_lsp.check import Checker

        started = time.perf_counter()
        model = document.document.model
        settings = self.settings_for(uri)
        if document.checker is None or document.checker.settings is not settings:
            document.checker = Checker(settings)
        findings = document.checker.run(model)
        diagnostics = to_diagnostics(model.lines, findings, document.encoding)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics)
        )
        self._last_cost = time.perf_counter() - started

    def publish_soon(self, uri: str) -> None:
        """Publish now when analysis is cheap; otherwise a moment later, so that edits already
        waiting replace this one (each re-arms the timer) and only the newest is analysed."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if self._last_cost < DEFER_AFTER_SECONDS:
            self._publish_safely(uri)
        else:
            self._timers[uri] = asyncio.get_running_loop().call_later(DEFER_DELAY_SECONDS, self._publish_pending, uri)

    def _publish_pending(self, uri: str) -> None:
        self._timers.pop(uri, None)
        self._publish_safely(uri)

    def _publish_safely(self, uri: str) -> None:
        try:
            self.publish(uri)
        except Exception:  # never let one document take the server down
            logger.exception("pep-lsp: could not analyse %s", uri)

    def clear(self, uri: str) -> None:
        """Forget pending work for a closed document and clear its diagnostics."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
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
# The features and their LSP conversions are imported on first use, like the rules, so that
# `initialize` answers before any of them is loaded.


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=list(TRIGGER_CHARACTERS)))
def on_completion(ls: PepLanguageServer, params: types.CompletionParams) -> types.CompletionList:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return types.CompletionList(is_incomplete=False, items=[])
    from pep_lsp.features import completion
    from pep_lsp.lsp_features import to_completion_list

    model = document.document.model
    directory = os.path.dirname(document.path)
    author = (lambda: completion.git_author(directory)) if os.path.isdir(directory) else (lambda: None)
    env = completion.Environment(datetime.date.today(), author)
    items = completion.complete(model, from_position(model.lines, params.position, document.encoding), env)
    snippets = get_capability(ls.client_capabilities, "text_document.completion.completion_item.snippet_support", False)
    return to_completion_list(model.lines, items, document.encoding, bool(snippets))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=list(ADVERTISED_CODE_ACTION_KINDS)))
def on_code_action(ls: PepLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.pep_document(uri)
    if document is None:
        return []
    from pep_lsp.check import check_model
    from pep_lsp.features.code_actions import code_actions
    from pep_lsp.lsp_features import to_code_actions

    model = document.document.model
    findings = check_model(model, ls.settings_for(uri))  # fresh: the Checker may keep fixes of older versions
    only = [str(getattr(kind, "value", kind)) for kind in params.context.only] if params.context.only else None
    actions = code_actions(model, findings, from_range(model.lines, params.range, document.encoding), only)
    versioned = get_capability(ls.client_capabilities, "workspace.workspace_edit.document_changes", False)
    return to_code_actions(uri, model.lines, actions, document.encoding, document.version if versioned else None)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: PepLanguageServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return None
    from pep_lsp.features.hover import hover
    from pep_lsp.lsp_features import to_hover

    model = document.document.model
    found = hover(model, from_position(model.lines, params.position, document.encoding))
    return to_hover(model.lines, found, document.encoding) if found else None


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_document_symbol(ls: PepLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    uri = params.text_document.uri
    document = ls.pep_document(uri)
    if document is None:
        return []
    from pep_lsp.features.symbols import document_symbols
    from pep_lsp.lsp_features import to_document_symbols, to_symbol_information

    model = document.document.model
    found = document_symbols(model)
    if get_capability(ls.client_capabilities, "text_document.document_symbol.hierarchical_document_symbol_support", False):
        return to_document_symbols(model.lines, found, document.encoding)
    return to_symbol_information(uri, model.lines, found, document.encoding)


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
def on_folding_range(ls: PepLanguageServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return []
    from pep_lsp.features.symbols import folding_ranges
    from pep_lsp.lsp_features import to_folding_ranges

    return to_folding_ranges(folding_ranges(document.document.model))


@server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
def on_code_lens(ls: PepLanguageServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    document = ls.pep_document(params.text_document.uri)
    if document is None:
        return []
    from pep_lsp.features.progress import progress
    from pep_lsp.lsp_features import to_code_lenses

    model = document.document.model
    return to_code_lenses(model.lines, progress(model), document.encoding)


def serve() -> None:
    logging.basicConfig(level=logging.WARNING, format="pep-lsp %(levelname)s %(message)s")
    server.start_io()
