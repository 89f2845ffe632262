"""End-to-end fixtures: the real server over stdio, driven by pytest-lsp.

Every test runs once per client profile (VS Code and Neovim capabilities), so responses
are checked against what each editor supports.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30  # a liveness bound, not a performance assertion


class Published:
    """Every publishDiagnostics the client received, by URI, with its version."""

    def __init__(self) -> None:
        self.by_uri: dict[str, list[types.PublishDiagnosticsParams]] = {}

    def record(self, params: types.PublishDiagnosticsParams) -> None:
        self.by_uri.setdefault(params.uri, []).append(params)

    async def wait(
        self, uri: str, version: int | None = None, count: int | None = None
    ) -> list[types.Diagnostic]:
        """The diagnostics published for `version` (or the first publish after `count` earlier ones)."""

        async def poll() -> list[types.Diagnostic]:
            while True:
                for params in self.by_uri.get(uri, [])[count or 0 :]:
                    if version is None or params.version == version:
                        return list(params.diagnostics)
                await asyncio.sleep(0.005)

        return await asyncio.wait_for(poll(), WAIT_SECONDS)


@pytest_lsp.fixture(
    params=["visual-studio-code", "neovim"],
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "pep_lsp"],
        # server_env replaces the environment: keep it, and import this tree's package.
        server_env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        },
    ),
)
async def client(
    request: pytest.FixtureRequest, lsp_client: LanguageClient
) -> AsyncIterator[LanguageClient]:
    published = Published()
    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = published.record
    lsp_client.published = published  # type: ignore[attr-defined]
    # Real clients that advertise dynamic registration answer client/registerCapability; the
    # test client has no handler for it, so record what the server registers.
    registrations: list[types.Registration] = []
    lsp_client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = lambda params: (
        registrations.extend(params.registrations)
    )
    lsp_client.registrations = registrations  # type: ignore[attr-defined]
    # The VS Code profile declares workspace.codeLens.refreshSupport: answer the server's refresh.
    lsp_client.protocol.fm.features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda params: None
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param), root_uri=ROOT.as_uri()
        )
    )
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
    encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
    lsp_client.encoding = getattr(encoding, "value", encoding)  # type: ignore[attr-defined]
    yield lsp_client
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=version, text=text
            )
        )
    )


def change_document(
    client: LanguageClient,
    uri: str,
    version: int,
    start: tuple[int, int],
    end: tuple[int, int],
    text: str,
) -> None:
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(*start), end=types.Position(*end)), text=text
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[change],
        )
    )


def summary(diagnostics: list[types.Diagnostic]) -> list[tuple[int, int, int, int, str, str, int]]:
    """Diagnostics as comparable tuples: range, code, message, severity."""
    return [
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            str(d.code),
            d.message,
            int(d.severity or 0),
        )
        for d in diagnostics
    ]
