"""The real server over stdio, driven from synchronous code so hypothesis can drive it.

pytest-lsp's fixtures are async and function-scoped, which hypothesis cannot drive; this
session runs a pytest-lsp client on an event loop in a background thread and exposes plain
methods. Waits are liveness bounds (`WAIT_SECONDS`), never performance assertions.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import make_test_lsp_client

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 120  # a liveness bound for diagnostics: a 5 MB document takes seconds to analyse
REPLY_SECONDS = 30  # a liveness bound for the reply to a request
T = TypeVar("T")


class ServerSession:
    """One server process and one client; every method blocks until the server has answered."""

    def __init__(self, profile: str = "visual-studio-code") -> None:
        self.profile = profile
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="lsp-client", daemon=True)
        self.thread.start()
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.shown: list[types.ShowMessageParams] = []
        self.stderr: list[str] = []
        self._ids = itertools.count(1)
        self._published_event = threading.Condition()
        self.client: LanguageClient = self.run(self._start())

    # --- plumbing ----------------------------------------------------------------------

    def run(self, coroutine: Awaitable[T], timeout: float = WAIT_SECONDS) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)  # type: ignore[arg-type]

    def call(self, function: Callable[[], T]) -> T:
        """Run a synchronous client call on the loop's thread (the transport is not thread-safe)."""

        async def wrapped() -> T:
            return function()

        return self.run(wrapped())

    async def _start(self) -> LanguageClient:
        client = make_test_lsp_client()
        client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = self._record
        client.protocol.fm.features[types.WINDOW_SHOW_MESSAGE] = self.shown.append
        # Real clients that advertise dynamic registration answer client/registerCapability.
        client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = lambda params: None
        client.protocol.fm.features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda params: None
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        # The base start_io: pytest-lsp's would forward stderr, we keep it to assert on.
        await super(LanguageClient, client).start_io(sys.executable, "-m", "pep_lsp", env=env)
        assert client._server is not None and client._server.stderr is not None
        self._stderr_task = asyncio.create_task(self._read_stderr(client._server.stderr))
        result = await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities(self.profile), root_uri=ROOT.as_uri()
            )
        )
        self.capabilities = result.capabilities
        encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
        self.encoding = str(getattr(encoding, "value", encoding))
        return client

    async def _read_stderr(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self.stderr.append(line.decode("utf-8", "replace"))

    def _record(self, params: types.PublishDiagnosticsParams) -> None:
        with self._published_event:
            self.published.setdefault(params.uri, []).append(params)
            self._published_event.notify_all()

    @property
    def pid(self) -> int:
        assert self.client._server is not None
        return self.client._server.pid

    @property
    def returncode(self) -> int | None:
        assert self.client._server is not None
        return self.client._server.returncode

    def close(self) -> None:
        try:
            if self.returncode is None:
                self.run(self.client.shutdown_session(), timeout=30)
        finally:
            self.run(self.client.stop(), timeout=30)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=30)

    # --- documents ----------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int = 1) -> None:
        item = types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        self.call(
            lambda: self.client.text_document_did_open(
                types.DidOpenTextDocumentParams(text_document=item)
            )
        )

    def change(
        self, uri: str, version: int, changes: list[types.TextDocumentContentChangeEvent]
    ) -> None:
        params = types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes,
        )
        self.call(lambda: self.client.text_document_did_change(params))

    def close_document(self, uri: str) -> None:
        params = types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)
        )
        self.call(lambda: self.client.text_document_did_close(params))

    def diagnostics(self, uri: str, version: int | None) -> list[types.Diagnostic]:
        """The diagnostics published for `version` of `uri` (waiting for them)."""

        def found() -> types.PublishDiagnosticsParams | None:
            return next((p for p in self.published.get(uri, []) if p.version == version), None)

        with self._published_event:
            if not self._published_event.wait_for(
                lambda: found() is not None or self.returncode is not None, WAIT_SECONDS
            ):
                raise TimeoutError(
                    f"no diagnostics for {uri} version {version} within {WAIT_SECONDS}s"
                )
            params = found()
        assert params is not None, (
            f"the server exited ({self.returncode}) before publishing {uri} v{version}"
        )
        return list(params.diagnostics)

    # --- requests -----------------------------------------------------------------------

    def request(self, method: str, params: Any) -> Any:
        """A typed request; a JSON-RPC error comes back as the raised JsonRpcException."""
        return self.run(
            self.client.protocol.send_request_async(method, params), timeout=REPLY_SECONDS
        )

    def raw(
        self, body: bytes | str, expect_reply_to: int | str | None = None
    ) -> dict[str, Any] | None:
        """Write one framed message as raw bytes; return the reply to `expect_reply_to`, if any.

        The reply comes back as {"result": ...} or {"error": {"code": ..., "message": ...}}.
        """
        data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body

        async def send() -> dict[str, Any] | None:
            future: asyncio.Future[Any] | None = None
            if expect_reply_to is not None:
                future = self.loop.create_future()
                self.client.protocol._request_futures[expect_reply_to] = future  # type: ignore[assignment]
            assert self.client.protocol.writer is not None
            self.client.protocol.writer.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
            if future is None:
                return None
            try:
                return {"result": await future}
            except JsonRpcException as error:
                return {"error": {"code": error.code, "message": error.message}}

        return self.run(send(), timeout=REPLY_SECONDS)

    def raw_request(
        self, method: str, params: Any, msg_id: int | str | None = None
    ) -> dict[str, Any] | None:
        msg_id = next(self._ids) + 10_000_000 if msg_id is None else msg_id
        body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return self.raw(body, expect_reply_to=msg_id)

    def raw_notification(self, method: str, params: Any) -> None:
        self.raw(json.dumps({"jsonrpc": "2.0", "method": method, "params": params}))

    def ping(self) -> None:
        """Prove the server reads, dispatches and answers: an unknown method gets MethodNotFound."""
        reply = self.raw_request("pep-lsp/ping", None)
        assert reply == {"error": {"code": -32601, "message": "Method Not Found: pep-lsp/ping"}}, (
            reply
        )

    def assert_alive(self) -> None:
        """The process runs, answers a request and still analyses a newly opened document."""
        assert self.returncode is None, (
            f"the server exited with {self.returncode}:\n{''.join(self.stderr[-40:])}"
        )
        self.ping()
        uri = f"file:///alive/{next(self._ids)}.md"
        self.open(uri, "# PEP 1: T\n\n## Abstract\n\nText.\n\n## Motivation\n\nMore.\n")
        assert [d.code for d in self.diagnostics(uri, 1)][:1] == ["H100"]
        self.close_document(uri)

    def advertises(self, capability: str) -> bool:
        return getattr(self.capabilities, capability, None) not in (None, False)
