"""`workspace/codeLens/refresh` over stdio: sent when the progress lens changed and the client
declares `workspace.codeLens.refreshSupport` (the VS Code profile does; Neovim's does not, and
pep-lsp's Neovim setup() refreshes lenses itself), never otherwise."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.e2e.conftest import change_document, open_document
from tests.e2e.test_features import DOC, doc_id

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")


def supports_refresh(client: LanguageClient) -> bool:
    workspace = client.capabilities.workspace if client.capabilities else None
    return bool(workspace and workspace.code_lens and workspace.code_lens.refresh_support)


async def settle(client: LanguageClient, uri: str, version: int) -> None:
    """Wait for the publish of `version`, then answer one request: the server writes a refresh
    right after its publish, so by this answer any refresh for the change has arrived."""
    await client.published.wait(uri, version)  # type: ignore[attr-defined]
    await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc_id(uri)))


async def test_refresh_is_requested_only_when_the_lens_changes_and_the_client_supports_it(
    client: LanguageClient,
) -> None:
    refreshes: list[object] = []
    client.protocol.fm.features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda params: (
        refreshes.append(params)
    )
    uri = "file:///tmp/lens-refresh.md"
    open_document(client, uri, DOC)
    await settle(client, uri, 1)
    assert refreshes == []  # on open the client asks for lenses itself

    change_document(
        client, uri, 2, (12, 0), (12, 16), "Logs get much tidier [Date]."
    )  # a placeholder, two words
    await settle(client, uri, 2)
    assert len(refreshes) == (1 if supports_refresh(client) else 0)

    change_document(
        client, uri, 3, (7, 9), (7, 19), "02-01-2020"
    )  # Created: the lens stays the same
    await settle(client, uri, 3)
    assert len(refreshes) == (1 if supports_refresh(client) else 0)

    change_document(
        client, uri, 4, (12, 0), (12, 28), "Logs get tidier."
    )  # back: the lens changes again
    await settle(client, uri, 4)
    assert len(refreshes) == (2 if supports_refresh(client) else 0)
