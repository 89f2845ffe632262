"""The template's checklist done by the server, over stdio: spelling (P101) and its quick fix."""

from __future__ import annotations

import datetime

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.conftest import fixture_text
from tests.e2e.conftest import change_document, open_document, summary
from tests.e2e.test_features import apply_text_edits, code_actions, doc_id, workspace_edits

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")


async def test_a_misspelling_after_an_emoji_is_published_and_its_fix_replaces_the_word(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/spelling.md"
    text = fixture_text("misspellings.md").replace(
        "Services will recieve each", "Services 🚀 will recieve each", 1
    )
    open_document(client, uri, text, version=1)
    diagnostics = [d for d in await client.published.wait(uri, version=1) if d.code == "P101"]  # type: ignore[attr-defined]
    emoji = 2 if client.encoding == "utf-16" else 4 if client.encoding == "utf-8" else 1  # type: ignore[attr-defined]
    first = summary(diagnostics)[0]
    assert first == (
        15,
        15 + emoji,
        15,
        22 + emoji,
        "P101",
        "'recieve' is a common misspelling of 'receive'",
        3,
    )  # information
    assert len(diagnostics) == 9
    actions = await code_actions(client, uri, diagnostics[0].range, [diagnostics[0]])
    assert [(a.title, a.kind, a.is_preferred) for a in actions][:2] == [
        ("Replace with 'receive'", "quickfix", True),
        ("Suppress P101 in this paragraph (lines 16-18)", "quickfix", None),
    ]
    fixed = apply_text_edits(
        text, workspace_edits(client, actions[0].edit, uri, 1), client.encoding
    )  # type: ignore[attr-defined]
    assert fixed == text.replace(
        "Services 🚀 will recieve each", "Services 🚀 will receive each", 1
    )
    change_document(client, uri, 2, (0, 0), (len(text.split("\n")), 0), fixed)
    after = [d for d in await client.published.wait(uri, version=2) if d.code == "P101"]  # type: ignore[attr-defined]
    assert summary(after) == summary(diagnostics[1:])


# --- the lifecycle: readiness in the lens, "Move to ...", "Set Updated to today" --------------------

TODAY = datetime.date.today().strftime("%d-%m-%Y")
HEADER_RANGE = types.Range(start=types.Position(6, 0), end=types.Position(6, 0))  # the Status line


async def lens_titles(client: LanguageClient, uri: str) -> list[str]:
    result = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=doc_id(uri))
    )
    return [lens.command.title for lens in result or [] if lens.command]


async def test_the_lens_counts_blockers_for_the_next_status_and_follows_edits(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/lens-status.md"
    text = fixture_text("complete.md")
    open_document(client, uri, text, version=1)
    assert await lens_titles(client, uri) == [
        "Sections 12/12 · no placeholders left · Abstract 221/300 words · Ready for Accepted"
    ]
    line = text.split("\n").index("Version: 1.2")
    change_document(client, uri, 2, (line, 12), (line, 12), ".x")
    assert await lens_titles(client, uri) == [
        "Sections 12/12 · no placeholders left · Abstract 221/300 words · 1 blocker for Accepted"
    ]


async def test_move_to_the_next_status_sets_status_and_today(client: LanguageClient) -> None:
    uri = "file:///tmp/move-status.md"
    text = fixture_text("complete.md")
    open_document(client, uri, text, version=1)
    await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    actions = await code_actions(client, uri, HEADER_RANGE, [])
    assert [(a.title, a.kind) for a in actions] == [("Move to Accepted", "quickfix")]
    moved = apply_text_edits(
        text, workspace_edits(client, actions[0].edit, uri, 1), client.encoding
    )  # type: ignore[attr-defined]
    assert moved == text.replace("Status: Discussion", "Status: Accepted").replace(
        "Updated: 21-09-2026", f"Updated: {TODAY}"
    )


async def test_after_a_change_and_a_save_updated_can_be_set_to_today(
    client: LanguageClient,
) -> None:
    uri = "file:///tmp/touch-updated.md"
    text = fixture_text("draft.md")
    open_document(client, uri, text, version=1)
    await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    assert (
        await code_actions(client, uri, HEADER_RANGE, []) == []
    )  # a Draft with blockers, not changed yet
    last = len(text.split("\n")) - 1
    change_document(client, uri, 2, (last, 0), (last, 0), "More words.\n")
    changed = text + "More words.\n" if text.endswith("\n") else text
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=doc_id(uri)))
    await client.published.wait(uri, version=2)  # type: ignore[attr-defined]
    actions = await code_actions(client, uri, HEADER_RANGE, [])
    assert [(a.title, a.kind) for a in actions] == [(f"Set Updated to today ({TODAY})", "quickfix")]
    updated = next(line for line in text.split("\n") if line.startswith("Updated:"))
    touched = apply_text_edits(
        changed, workspace_edits(client, actions[0].edit, uri, 2), client.encoding
    )  # type: ignore[attr-defined]
    assert touched == changed.replace(updated, f"Updated: {TODAY}", 1)


# --- next / previous leftover ------------------------------------------------------------------------


async def leftover(
    client: LanguageClient, command: str, uri: str, line: int, character: int
) -> tuple[int, int, int, int] | None:
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=command, arguments=[uri, {"line": line, "character": character}]
        )
    )
    if result is None:
        return None
    assert result["uri"] == uri
    start, end = result["range"]["start"], result["range"]["end"]
    return (start["line"], start["character"], end["line"], end["character"])


async def test_next_and_previous_leftover_walk_the_blanks_and_wrap(client: LanguageClient) -> None:
    uri = "file:///tmp/walk.md"
    text = fixture_text("draft.md").replace("- **Development Time**:", "- **Development 🚀 Time**:")
    open_document(client, uri, text)
    await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    emoji = {"utf-16": 2, "utf-8": 4, "utf-32": 1}[client.encoding]  # type: ignore[attr-defined]
    development = (99, 25 + emoji, 99, 41 + emoji)  # "[X weeks/months]" after the emoji and a space
    nxt, prev = "pep-lsp.nextLeftover", "pep-lsp.previousLeftover"
    assert await leftover(client, nxt, uri, 0, 0) == (9, 9, 9, 21)  # Updated: [DD-MM-YYYY]
    assert await leftover(client, nxt, uri, 9, 9) == (81, 0, 81, 49)  # the instruction line
    assert await leftover(client, nxt, uri, 81, 0) == development
    assert await leftover(client, prev, uri, *development[:2]) == (81, 0, 81, 49)
    assert await leftover(client, prev, uri, 0, 0) == (102, 32, 102, 59)  # wraps to the last
    assert await leftover(client, nxt, uri, 102, 40) == (9, 9, 9, 21)  # and back to the first
    # The checklist in the Author Instructions (lines 117-123) is never a stop.
    assert await leftover(client, nxt, uri, 110, 0) == (9, 9, 9, 21)


async def test_leftover_commands_are_advertised_and_answer_nothing_or_an_error_on_bad_input(
    client: LanguageClient,
) -> None:
    commands = client.server_capabilities.execute_command_provider.commands  # type: ignore[attr-defined]
    assert {"pep-lsp.nextLeftover", "pep-lsp.previousLeftover"} <= set(commands)
    assert (
        await leftover(client, "pep-lsp.nextLeftover", "file:///tmp/never-opened.md", 0, 0) is None
    )
    uri = "file:///tmp/clean-walk.md"
    open_document(client, uri, fixture_text("complete.md"))
    assert (
        await leftover(client, "pep-lsp.nextLeftover", uri, 0, 0) is None
    )  # nothing left to fill in
    with pytest.raises(Exception, match="arguments"):
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="pep-lsp.nextLeftover", arguments=[])
        )
    assert (
        await leftover(client, "pep-lsp.nextLeftover", uri, 10_000, 10_000) is None
    )  # past the end: clamped, still answered
