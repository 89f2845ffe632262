"""Every workaround of pygls' protocol in one place, with the private pygls names it relies on.

pygls 2.x leaves a few gaps a server has to close by reaching into its internals: requests it
cannot read get no answer, notification futures are never released, results already serialized
cannot be sent as they are, its text documents cannot be replaced but by swapping the
protocol's workspace, and it reads stdin through its thread pool (lsp/stdio.py reads a pipe
on the event loop instead). Each such reach is listed in `PYGLS_PRIVATE_NAMES`;
`tests/lsp/test_protocol.py` checks that every one still exists in the installed pygls, so a
release that removes one fails a test instead of the server.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol

from pep_lsp.lsp.convert import RawJSON
from pep_lsp.lsp.text_document import PepWorkspace, SchemaFor

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

logger = logging.getLogger(__name__)

PYGLS_PRIVATE_NAMES: dict[str, tuple[str, ...]] = {
    # on the protocol instance of a `pygls.lsp.server.LanguageServer`
    "pygls.protocol.LanguageServerProtocol": (
        "_execute_handler",  # overridden: release a handler's future once it is done
        "_send_response",  # overridden: send a RawJSON result as it is
        "_request_futures",  # read there: the futures pygls keeps per message id
        "_result_types",  # popped when a RawJSON result bypasses pygls' serializer
        "_include_headers",  # read when framing a raw message as pygls does
        "_server",  # its `_report_server_error`, when a raw write fails
        "_workspace",  # replaced with a PepWorkspace at `initialize`
        "_converter",  # asked at start-up for the converters of the first messages
    ),
    "pygls.lsp.server.LanguageServer": (
        "_report_server_error",
        "_stop_event",  # set up as pygls' start_io does, when stdio.py reads stdin itself
    ),
    # on a `pygls.workspace.Workspace` instance (lsp/text_document.py)
    "pygls.workspace.Workspace": (
        "_create_text_document",  # overridden: our documents are pep-lsp models
        "_sync_kind",  # copied into the replacing workspace and its documents
        "_position_codec",  # passed on to each document
    ),
}
"""Every private pygls name pep-lsp touches, by the class (or instance of it) it belongs to."""


def use_pep_workspace(ls: LanguageServer, schema_for: SchemaFor) -> None:
    """pygls builds its workspace before the `initialize` handler runs; swap in one whose
    documents are pep-lsp models (see lsp/text_document.py for why)."""
    ls.protocol._workspace = PepWorkspace.replacing(ls.workspace, schema_for)


_FIRST_NOTIFICATIONS: tuple[dict[str, Any], ...] = (
    {"jsonrpc": "2.0", "method": types.INITIALIZED, "params": {}},
    {
        "jsonrpc": "2.0",
        "method": types.TEXT_DOCUMENT_DID_OPEN,
        "params": {
            "textDocument": {
                "uri": "file:///a.md",
                "languageId": "markdown",
                "version": 1,
                "text": "",
            }
        },
    },
    {
        "jsonrpc": "2.0",
        "method": types.TEXT_DOCUMENT_DID_CHANGE,
        "params": {
            "textDocument": {"uri": "file:///a.md", "version": 2},
            "contentChanges": [
                {
                    "range": {
                        "start": {"line": 0, "character": 0},
                        "end": {"line": 0, "character": 0},
                    },
                    "text": "",
                },
                {"text": ""},
            ],
        },
    },
)
"""What an editor sends first, as a message of each kind (their content does not matter)."""


def prepare_first_messages(protocol: LanguageServerProtocol) -> None:
    """Have cattrs build, before `initialize` is answered, the converters of the messages an
    editor sends first (`initialized`, `didOpen`, `didChange`) and of the configuration
    request the server sends on `initialized`. cattrs builds a type's converter when its
    first message comes (0.5-1.5 ms each): the first document waited for them."""
    for message in _FIRST_NOTIFICATIONS:
        protocol.structure_message(message)
    params = types.ConfigurationParams(items=[types.ConfigurationItem(section="")])
    protocol._converter.unstructure(types.ConfigurationRequest(id="0", params=params))
    protocol._converter.structure(
        {"jsonrpc": protocol.VERSION, "id": "0", "result": [None]}, types.ConfigurationResponse
    )


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

    def _execute_handler(
        self, msg_id: Any, handler: Any, callback: Any, args: Any = None, kwargs: Any = None
    ) -> None:
        """Forget a handler's future once it is done.

        pygls keeps the future of every generator, coroutine or threaded handler in
        `_request_futures` and removes it only when answering a request: each notification
        (didOpen, didChange, didClose are generator handlers) left one behind, about 4 KB a
        document, for the life of the server.
        """

        def done(future: Any) -> None:
            # A cancelled one is left alone: `shutdown` cancels while iterating the dict,
            # and a concurrent future runs this callback inside `cancel()`.
            if not future.cancelled() and self._request_futures.get(msg_id) is future:
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
                error = JsonRpcInvalidParams(
                    f"Invalid params for {data['method']}: {error.__cause__ or error}"
                )
            logger.warning("pep-lsp: %s", error.message)
            self._send_response(msg_id, error=error.to_response_error())
            return _ANSWERED

    def _send_response(
        self, msg_id: Any, result: Any | None = None, error: Any | None = None
    ) -> None:
        """A result already serialized (`RawJSON`, as completion returns) is sent as it is."""
        if error is None and isinstance(result, RawJSON):
            self._result_types.pop(msg_id, None)
            self._write_raw(
                f'{{"jsonrpc":"{self.VERSION}","id":{json.dumps(msg_id)},"result":{result}}}'
            )
            return
        super()._send_response(msg_id, result, error)

    def notify_raw(self, method: str, params: RawJSON) -> None:
        """`notify` with params already serialized (diagnostics on every keystroke)."""
        self._write_raw(
            f'{{"jsonrpc":"{self.VERSION}","method":{json.dumps(method)},"params":{params}}}'
        )

    def _write_raw(self, body: str) -> None:
        """Frame and write a message body of ASCII JSON text, as pygls' `_send_data` frames the
        JSON it serializes itself: lsprotocol objects taken apart by cattrs and `json` cost more
        than the work behind completion and diagnostics."""
        if self.writer is None:
            logger.error("pep-lsp: no transport to send a message on")
            return
        header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        try:
            written = self.writer.write(
                (header + body if self._include_headers else body).encode(self.CHARSET)
            )
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            logger.exception("pep-lsp: the client's end of the pipe is closed")
            raise
        except Exception as error:  # as pygls' `_send_data`: reported to the client, not raised
            logger.exception("pep-lsp: could not send a message")
            self._server._report_server_error(error, JsonRpcInternalError)

    def handle_message(self, message: Any) -> None:
        if message is _ANSWERED:
            return
        if getattr(message, "jsonrpc", None) != self.VERSION:
            # Not JSON-RPC 2.0, or not even an object: pygls would drop it or fail on it.
            msg_id = _request_id(message)
            if msg_id is not None:
                error = types.ResponseError(
                    code=-32600, message="Invalid Request: jsonrpc must be '2.0'"
                )
                self._send_response(msg_id, error=error)
            logger.warning("pep-lsp: ignored a message that is not JSON-RPC 2.0: %.200r", message)
            return
        super().handle_message(message)
