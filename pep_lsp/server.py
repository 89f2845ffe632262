"""The language server: wiring only. Each handler fetches the document, calls a pure
function and sends the result; the logic lives in the model, the rules and `lsp.py`."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from pep_lsp import __version__
from pep_lsp.check import DEFAULT_SETTINGS, Settings, check_model
from pep_lsp.lsp import to_diagnostics
from pep_lsp.template import Schema
from pep_lsp.workspace import PepTextDocument, PepWorkspace

logger = logging.getLogger(__name__)


_ANSWERED = object()
"""What `structure_message` returns for a request it has already answered with an error."""


def _request_id(message: Any) -> int | str | None:
    """The id of a message that is a request (has a method and a usable id), else None."""
    if isinstance(message, dict):
        method, msg_id = message.get("method"), message.get("id")
    else:
        method, msg_id = getattr(message, "method", None), getattr(message, "id", None)
    if method is None or isinstance(msg_id, bool) or not isinstance(msg_id, (int, str)):
        return None
    return msg_id


class PepProtocol(LanguageServerProtocol):
    """pygls' protocol, plus an answer to every request it cannot read, and no leak.

    pygls only logs a request whose params do not fit its method's type (a position of -1,
    a missing field) or that is not JSON-RPC 2.0, and never replies: the client waits for
    ever. Here such a request gets the JSON-RPC error (Invalid Params, Invalid Request).
    """

    def _execute_handler(self, msg_id: Any, handler: Any, callback: Any, args: Any = None, kwargs: Any = None) -> None:
        """Forget a handler's future once it is done.

        pygls keeps the future of every generator, coroutine or threaded handler in
        `_request_futures` and removes it only when answering a request: each notification
        (didOpen, didChange, didClose are generator handlers) left one behind, about 4 KB a
        document, for the life of the server.
        """

        def done(future: Any) -> None:
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, done, args, kwargs)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            msg_id = _request_id(data)
            if msg_id is None:
                raise
            if isinstance(error, JsonRpcInvalidParams):
                error = JsonRpcInvalidParams(f"Invalid params for {data['method']}: {error.__cause__ or error}")
            logger.warning("pep-lsp: %s", error.message)
            self._send_response(msg_id, error=error.to_response_error())
            return _ANSWERED

    def handle_message(self, message: Any) -> None:
        if message is _ANSWERED:
            return
        if getattr(message, "jsonrpc", None) != self.VERSION:
            # Not JSON-RPC 2.0, or not even an object: pygls would drop it or fail on it.
            msg_id = _request_id(message)
            if msg_id is not None:
                error = types.ResponseError(code=-32600, message="Invalid Request: jsonrpc must be '2.0'")
                self._send_response(msg_id, error=error)
            logger.warning("pep-lsp: ignored a message that is not JSON-RPC 2.0: %.200r", message)
            return
        super().handle_message(message)


class PepLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "pep-lsp", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental, protocol_cls=PepProtocol
        )
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


def serve() -> None:
    logging.basicConfig(level=logging.WARNING, format="pep-lsp %(levelname)s %(message)s")
    server.start_io()
