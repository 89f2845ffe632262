"""Regression (found by tests/robustness/test_memory.py): pygls keeps the future of every
generator handler in `_request_futures` and drops it only when it answers a request, so each
didOpen, didChange and didClose left a future behind (about 4 KB a document, for the life of
the server). pep-lsp's protocol forgets a handler's future when the handler is done."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from pep_lsp.lsp.protocol import PepProtocol
from pep_lsp.lsp.server import server
from tests.conftest import template_text


class _Discard:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


def _send(protocol: PepProtocol, message: dict[str, Any]) -> None:
    protocol.handle_message(
        json.loads(
            json.dumps({"jsonrpc": "2.0", **message}), object_hook=protocol.structure_message
        )
    )


async def test_no_future_is_kept_after_open_change_close() -> None:
    protocol = server.protocol
    assert isinstance(protocol, PepProtocol)
    protocol.set_writer(_Discard())
    _send(
        protocol,
        {"id": 1, "method": "initialize", "params": {"capabilities": {}, "processId": None}},
    )
    for _ in range(5):
        await asyncio.sleep(0)
    before = dict(protocol._request_futures)
    for index in range(20):
        uri = f"file:///futures/{index}.md"
        item = {"uri": uri, "languageId": "markdown", "version": 1, "text": template_text()}
        _send(protocol, {"method": "textDocument/didOpen", "params": {"textDocument": item}})
        change = {
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "text": "x",
        }
        _send(
            protocol,
            {
                "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]},
            },
        )
        _send(
            protocol, {"method": "textDocument/didSave", "params": {"textDocument": {"uri": uri}}}
        )
        _send(
            protocol, {"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}}
        )
    for _ in range(5):
        await asyncio.sleep(0.01)  # let deferred publishes and done-callbacks run
    assert protocol._request_futures == before
    assert server.workspace.text_documents == {}


async def test_shutdown_cancels_pending_handlers_without_changing_the_dict_it_iterates() -> None:
    """The release must not run inside `cancel()`: pygls' shutdown cancels while iterating,
    and a generator handler's future is a concurrent one, whose callbacks `cancel()` runs."""
    protocol = server.protocol
    blocked = asyncio.Event()

    async def waits() -> None:
        await blocked.wait()

    def generator_handler() -> Any:
        return (yield (waits, (), {}))

    protocol._execute_handler("pending", generator_handler, callback=lambda future: None)
    assert (
        protocol._request_futures["pending"].running()
        or not protocol._request_futures["pending"].done()
    )
    for future in protocol._request_futures.values():  # what lsp_shutdown does
        if not future.done():
            future.cancel()
    assert protocol._request_futures["pending"].cancelled()
    blocked.set()
    await asyncio.sleep(0.01)
    protocol._request_futures.clear()
