"""The template's checklist done by the server, over stdio: spelling (P101) and its quick fix."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.conftest import fixture_text
from tests.e2e.conftest import change_document, open_document, summary
from tests.e2e.test_features import apply_text_edits, code_actions, workspace_edits

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")


async def test_a_misspelling_after_an_emoji_is_published_and_its_fix_replaces_the_word(client: LanguageClient) -> None:
    uri = "file:///tmp/spelling.md"
    text = fixture_text("misspellings.md").replace("Services will recieve each", "Services 🚀 will recieve each", 1)
    open_document(client, uri, text, version=1)
    diagnostics = [d for d in await client.published.wait(uri, version=1) if d.code == "P101"]  # type: ignore[attr-defined]
    emoji = 2 if client.encoding == "utf-16" else 4 if client.encoding == "utf-8" else 1  # type: ignore[attr-defined]
    first = summary(diagnostics)[0]
    assert first == (15, 15 + emoji, 15, 22 + emoji, "P101", "'recieve' is a common misspelling of 'receive'", 2)
    assert len(diagnostics) == 9
    actions = await code_actions(client, uri, diagnostics[0].range, [diagnostics[0]])
    assert [(a.title, a.kind, a.is_preferred) for a in actions][:2] == [
        ("Replace with 'receive'", "quickfix", True),
        ("Suppress P101 on this line", "quickfix", None),
    ]
    fixed = apply_text_edits(text, workspace_edits(client, actions[0].edit, uri, 1), client.encoding)  # type: ignore[attr-defined]
    assert fixed == text.replace("Services 🚀 will recieve each", "Services 🚀 will receive each", 1)
    change_document(client, uri, 2, (0, 0), (len(text.split("\n")), 0), fixed)
    after = [d for d in await client.published.wait(uri, version=2) if d.code == "P101"]  # type: ignore[attr-defined]
    assert summary(after) == summary(diagnostics[1:])
